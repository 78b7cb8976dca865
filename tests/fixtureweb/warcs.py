"""WARC reading helpers for the crawl tests: warcio (an independent reader) and its CLI."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator


@dataclass
class Rec:
    file: str
    type: str
    url: str
    headers: dict[str, str]
    block: bytes  # the whole record block, unparsed

    @property
    def head(self) -> bytes:
        return self.block.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"

    @property
    def payload(self) -> bytes:
        return self.block.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in self.block else b""

    @property
    def status(self) -> int:
        return int(self.block.split(b" ", 2)[1]) if self.type in ("response", "revisit") else 0

    @property
    def path(self) -> str:
        p = urlsplit(self.url)
        return p.path + ("?" + p.query if p.query else "")


def read_warcs(files: list[Path]) -> list[Rec]:
    out = []
    for f in files:
        with open(f, "rb") as fh:
            for r in ArchiveIterator(fh, no_record_parse=True):
                h = dict(r.rec_headers.headers)
                out.append(Rec(f.name, r.rec_type, h.get("WARC-Target-URI", ""), h, r.raw_stream.read()))
    return out


def warcio_ok(path: Path) -> None:
    for cmd in (["check", "-v", str(path)], ["index", str(path)]):
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", *cmd], capture_output=True, text=True)
        assert proc.returncode == 0, f"warcio {cmd[0]} {path}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
        if cmd[0] == "check":
            assert "digest pass" in proc.stdout and "fail" not in proc.stdout
