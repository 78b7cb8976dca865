"""Fault suite, security: the crawler cannot be turned against its own network or file system.

One crawl where several sources point at private addresses (IP literals and names that resolve to them)
without opting in, and an opted-in site whose pages link and redirect to private addresses, other hosts
and ``file://``. Then: file names (WARC, snapshot) built only from safe characters, and hostile sources
files rejected with a clear error.

Also covered elsewhere: the fixture web's intranet source refused as ``private_address`` and an offsite
redirect (tests/test_crawl.py::test_politeness_and_traps), the opt-in (tests/test_crawl_cli.py::
test_private_opt_in_summary_and_progress), bad source values (tests/test_sources.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.build import build_snapshot
from corpus.config import BuildConfig
from corpus.errors import CorpusError
from crawler.middlewares.safety import is_public
from crawler.runner import CrawlConfig, run_crawl_subprocess
from crawler.sources import MAX_SOURCES_BYTES, load_sources, parse_sources
from crawler.warc.records import RecordFactory
from crawler.warc.writer import WarcWriter, WriterOptions
from tests import faultserver as F
from tests.fixtureweb.warcs import read_warcs
from tests.warcgen import Page, words, write_warc

SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.0.0.5", "10.255.255.254", "169.254.169.254", "::1",
                                "192.168.1.1", "172.16.0.1", "0.0.0.0", "fe80::1", "fd00::1",
                                "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1"])
def test_non_public_addresses(ip: str) -> None:
    assert not is_public(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "2606:4700::1111", "193.0.14.129"])
def test_public_addresses(ip: str) -> None:
    assert is_public(ip)


PRIVATE_SOURCES = {  # name -> (start URL template, CORPUS_HOSTS entry or None)
    "loopback-ip": ("http://127.0.0.1:{port}/secret", None),
    "loopback-v6": ("http://[::1]:{port}/secret", None),
    "ten-ip": ("http://10.0.0.5:{port}/secret", None),
    "metadata-ip": ("http://169.254.169.254/latest/meta-data/", None),
    "intranet-name": ("http://intranet.test:{port}/secret", ("intranet.test", "127.0.0.1")),
    "ten-name": ("http://ten.test:{port}/secret", ("ten.test", "10.1.2.3")),
    "metadata-name": ("http://metadata.test/latest/meta-data/", ("metadata.test", "169.254.169.254")),
    "v6-name": ("http://v6.test:{port}/secret", ("v6.test", "::1")),
    "localhost": ("http://localhost:{port}/secret", None),  # the system resolver says 127.0.0.1
}
REDIRECTS = {  # path on the opted-in gate site -> where it redirects
    "/r/intranet": "http://intranet.test:{port}/secret",
    "/r/loopback": "http://127.0.0.1:{port}/secret",
    "/r/metadata": "http://169.254.169.254/latest/meta-data/",
    "/r/v6": "http://[::1]:{port}/secret",
    "/r/elsewhere": "http://elsewhere.test:{port}/secret",
}


def _sources(port: int, gate: str) -> str:
    out = [f'[[source]]\nname = "gate"\nstart_urls = ["{gate}"]\nallowed_domains = ["gate.test"]\n'
           "article_pattern = '/r/|/a/'\nallow_private = true\n"]
    for name, (url, _) in PRIVATE_SOURCES.items():
        out.append(f'[[source]]\nname = "{name}"\nstart_urls = ["{url.format(port=port)}"]\n'
                   "article_pattern = '/secret'\n")
    return "\n".join(out)


@pytest.mark.slow
def test_private_addresses_and_escaping_redirects_are_refused(tmp_path: Path) -> None:
    with F.FaultServer() as srv:
        port = srv.port
        srv.route("/robots.txt", F.ok(b"User-agent: *\nDisallow:\n", b"text/plain"))
        srv.route("/secret", F.ok(b"<html><body>secret</body></html>"))
        for path, target in REDIRECTS.items():
            srv.route(path, F.redirect(target.format(port=port).encode()))
        srv.route("/r/traversal", F.redirect(b"/a/../../../../etc/passwd"))
        links = [*REDIRECTS, "/r/traversal", f"http://127.0.0.1:{port}/secret", "file:///etc/passwd",
                 f"http://intranet.test:{port}/secret", "data:text/html,<p>x</p>"]
        srv.route("/", F.ok(("<html><body>" + "".join(f'<a href="{u}">x</a>' for u in links)
                             + "</body></html>").encode()))
        hosts = {"gate.test": "127.0.0.1", "elsewhere.test": "127.0.0.1"}
        hosts.update(dict(h for _, h in PRIVATE_SOURCES.values() if h))
        sources = tmp_path / "s.toml"
        sources.write_text(_sources(port, srv.url("gate.test", "/")), encoding="utf-8")
        settings = {"CORPUS_HOSTS": hosts, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
                    "DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 0, "CORPUS_PROGRESS_INTERVAL": 0,
                    "LOG_LEVEL": "ERROR"}
        summary = run_crawl_subprocess(CrawlConfig(sources, tmp_path / "w", settings=settings), timeout=90)
        counts = srv.counts()
    # nothing private was ever contacted, not even for robots.txt
    assert counts.get("/secret", 0) == 0, counts
    assert counts["/robots.txt"] == 1  # the gate site's only
    assert summary.errors["private_address"] == len(PRIVATE_SOURCES)
    # redirects out of the gate source's allowed_domains are refused, private or not
    assert {p: counts[p] for p in REDIRECTS} == {p: 1 for p in REDIRECTS}
    assert summary.errors["offsite"] == len(REDIRECTS)
    # links to other hosts, file: and data: URLs are never requested
    assert summary.skipped["offsite_link"] == 2  # 127.0.0.1 and intranet.test (file:, data: are no links)
    recs = read_warcs(summary.warc_files)
    assert all(r.url.startswith(f"http://gate.test:{port}/") for r in recs if r.url)
    assert not any(b"root:x:0:0" in r.block for r in recs)
    # the ../ redirect stays on the site (URL normalised, answered 404) and places no file
    assert counts.get("/etc/passwd", 0) <= 1 and not (tmp_path / "etc").exists()
    names = [p.name for p in (tmp_path / "w").iterdir()]
    assert all(SAFE_NAME.fullmatch(n) for n in names), names


@pytest.mark.parametrize("hostname,prefix", [
    ("../../etc/evil", "corpus"), ("a/b\\c d\n", "../../x"), ("..", ".."), ("", "wa rc/\x00"),
    ("h\u00f4te", "pr\u00e9fixe"),
])
def test_warc_file_names_stay_in_their_directory(tmp_path: Path, hostname: str, prefix: str) -> None:
    d = tmp_path / "warcs"
    w = WarcWriter(WriterOptions(d, prefix, hostname=hostname, factory=RecordFactory()))
    w.write_group(lambda wid: [])
    final = w.close()
    assert final is not None and final.parent == d
    made = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert made and all(p.parent == d and SAFE_NAME.fullmatch(p.name) and ".." not in p.name for p in made)


def test_snapshot_file_names_do_not_come_from_urls(tmp_path: Path) -> None:
    hostile = ["http://x.test/../../etc/passwd", "http://x.test/%2e%2e/%2e%2e/etc/shadow",
               "http://../../../tmp/evil", "http://x.test/a\\..\\..\\b", "http://x.test/\u202etxt.exe"]
    pages = [Page(u, f"Title {i}", [words(i, 90)], "2024-01-02") for i, u in enumerate(hostile)]
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "h.warc.gz", pages)
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    made = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*"))
    assert made and all(all(SAFE_NAME.fullmatch(part) for part in p.parts) for p in made), made
    assert not (tmp_path / "etc").exists() and not (tmp_path / "tmp").exists()
    assert result.counts["documents_out"] >= 1  # the hostile URLs are data, not paths


# -- hostile sources files -----------------------------------------------------------------------
def test_huge_sources_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "huge.toml"
    p.write_bytes(b"# padding\n" * (MAX_SOURCES_BYTES // 10 + 1))
    with pytest.raises(CorpusError, match="larger than"):
        load_sources(p)


@pytest.mark.parametrize("text", [
    "a = " + "[" * 50_000 + "]" * 50_000,  # deeply nested arrays
    "a = " + "{ b = " * 5_000 + "1" + " }" * 5_000,  # deeply nested inline tables
    "[[source]]\nname = \"s\"\x00\n",  # NUL byte
])
def test_deeply_nested_or_binary_sources_are_clear_errors(tmp_path: Path, text: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match="not a valid UTF-8 TOML file|expected one or more"):
        load_sources(p)


def test_non_utf8_sources_file(tmp_path: Path) -> None:
    p = tmp_path / "latin1.toml"
    p.write_bytes("[[source]]\nname = \"caf\u00e9\"\n".encode("latin-1"))
    with pytest.raises(CorpusError, match="not a valid UTF-8 TOML file"):
        load_sources(p)


URL = "https://example.org/"


@pytest.mark.parametrize("data,message", [
    ({"source": 5}, "expected one or more"),
    ({"source": {"name": "s"}}, "expected one or more"),
    ({"source": ["s"]}, "must be a table"),
    ({"source": [{"start_urls": [URL]}]}, "key 'name'"),
    ({"source": [{"name": ["s"], "start_urls": [URL]}]}, "key 'name'"),
    ({"source": [{"name": "s", "start_urls": [1, 2]}]}, "key 'start_urls' must be a list of strings"),
    ({"source": [{"name": "s", "start_urls": [URL], "max_pages": 1.5}]}, "key 'max_pages'"),
    ({"source": [{"name": "s", "start_urls": [URL], "max_pages": True}]}, "key 'max_pages'"),
    ({"source": [{"name": "s", "start_urls": [URL], "allow_private": 1}]}, "key 'allow_private'"),
    ({"source": [{"name": "s", "start_urls": [URL], "article_pattern": ["a"]}]}, "key 'article_pattern'"),
    ({"source": [{"name": "s", "start_urls": ["file:///etc/passwd"]}]}, "not an http(s) URL"),
    ({"source": [{"name": "s", "start_urls": ["javascript:alert(1)"]}]}, "not an http(s) URL"),
    ({"source": [{"name": "s", "start_urls": [URL], "allowed_domains": [""]}]}, "not a host name"),
    ({"source": [{"name": "s", "start_urls": [URL], "allowed_domains": ["."]}]}, "not a host name"),
    ({"source": [{"name": "s", "start_urls": [URL], "allowed_domains": ["a/../b"]}]}, "not a host name"),
    ({"source": [{"name": "../../etc", "start_urls": [URL]}]}, "key 'name'"),
    ({"source": [{"name": "s" * 65, "start_urls": [URL]}]}, "key 'name'"),
])
def test_wrong_types_and_values_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(CorpusError) as e:
        parse_sources(data, "hostile.toml")
    assert message in str(e.value) and str(e.value).startswith("hostile.toml")


def test_hostless_and_non_http_urls_are_never_owned() -> None:
    [s] = parse_sources({"source": [{"name": "s", "start_urls": [URL], "allow_private": True}]})
    for url in ("file:///etc/passwd", "data:text/html,x", "ftp://example.org/x", "http:///etc/passwd",
                "https://example.org.evil.test/", "https://evil.test/?https://example.org/"):
        assert not s.owns(url), url
    assert s.owns("https://example.org/news") and s.owns("http://www.example.org/")
