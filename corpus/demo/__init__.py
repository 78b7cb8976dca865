"""``corpus demo``: a small bundled news web served on 127.0.0.1, crawled and built end to end.

Two fictional sites (``atlantic-daily.test``: English + French; ``north-herald.test``: English) live in
``site/<name>/``. One server on an ephemeral port serves both, choosing the site by the Host header; the
crawler resolves the ``.test`` names to 127.0.0.1 through its ``CORPUS_HOSTS`` map, and the generated sources
file opts in with ``allow_private = true``. ``{{BASE}}`` in the files becomes ``http://<host>:<port>``.

What the pages exercise: a consent banner, share bar, "read also" teaser and a site tagline on every
article; an exact duplicate (the summit article republished), a near duplicate (a wire copy with small
edits on the other site), a different article about the same event, and an EN/FR translation pair
(``/en/...`` and ``/fr/...`` of one item, with hreflang links).
"""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from corpus.config import BuildConfig
from corpus.job import JobConfig, JobResult, run_job
from corpus.progress import Progress

SITE_DIR = Path(__file__).resolve().parent / "site"
SITES: dict[str, dict[str, Any]] = {
    "atlantic-daily": {"languages": ["en", "fr"], "start": ["/en/index.html", "/fr/index.html"],
                       "pattern": r"/(en|fr)/news/\d{4}/\d{2}/\d{2}/"},
    "north-herald": {"languages": ["en"], "start": ["/articles/index.html"],
                     "pattern": r"/articles/\d{4}/\d{2}/\d{2}/"},
}
TEXT_TYPES = (".html", ".xml", ".txt")


def host_of(site: str) -> str:
    return f"{site}.test"


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoWeb/1"

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        site = (self.headers.get("Host") or "").split(":")[0].removesuffix(".test")
        root = SITE_DIR / site
        rel = self.path.split("?", 1)[0].lstrip("/")
        target = (root / rel).resolve()
        if target.is_dir():
            target = target / "index.html"
        if site not in SITES or root.resolve() not in target.parents or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        if target.suffix in TEXT_TYPES:
            base = f"http://{host_of(site)}:{self.server.server_address[1]}"
            body = body.replace(b"{{BASE}}", base.encode("ascii"))
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8" if target.suffix in TEXT_TYPES else ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


class DemoWeb:
    """``with DemoWeb() as web: web.base("north-herald")`` -> ``http://north-herald.test:PORT``."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def base(self, site: str) -> str:
        return f"http://{host_of(site)}:{self.port}"

    def __enter__(self) -> DemoWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def sources_toml(self) -> str:
        out = []
        for name, s in SITES.items():
            base = self.base(name)
            starts = ", ".join(f'"{base}{p}"' for p in s["start"])
            langs = ", ".join(f'"{lang}"' for lang in s["languages"])
            out.append(
                f'[[source]]\nname = "{name}"\nstart_urls = [{starts}]\n'
                f'sitemap_urls = ["{base}/sitemap.xml"]\nallowed_domains = ["{host_of(name)}"]\n'
                f"article_pattern = '{s['pattern']}'\nlanguages = [{langs}]\nallow_private = true\n"
            )
        return "\n".join(out)

    def crawl_settings(self) -> dict[str, Any]:
        return {"CORPUS_HOSTS": {host_of(name): "127.0.0.1" for name in SITES},
                "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CORPUS_PROGRESS_INTERVAL": 0}


@dataclass(frozen=True)
class DemoOptions:
    workdir: Path
    workers: int = 1


def run_demo(options: DemoOptions, progress: Progress | None = None) -> JobResult:
    """Serve the demo web, write ``workdir/sources.toml`` for it and run the main job."""
    workdir = Path(options.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    with DemoWeb() as web:
        sources = workdir / "sources.toml"
        sources.write_text(web.sources_toml(), encoding="utf-8")
        from crawler.sources import load_sources

        build = BuildConfig(sources=tuple(load_sources(sources)))
        build = replace(build, runtime=replace(build.runtime, workers=options.workers))
        return run_job(JobConfig(sources, workdir, build, crawl_settings=web.crawl_settings()), progress)
