"""``surt``'s one-regex split of common URLs gives exactly what the ``urlsplit`` form gives."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.warc.cdxj import _split_plain, surt


def surt_urlsplit(url: str) -> str:
    """The ``urlsplit`` form of ``surt`` (what it was before the fast split), the oracle."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    key = ",".join(reversed(host.split(".")))
    port = parts.port
    if port and port not in (80, 443):
        key += f":{port}"
    path = parts.path or "/"
    return key + ")" + path.lower() + (("?" + parts.query) if parts.query else "")


def outcome(f, url: str) -> tuple[str, str]:
    try:
        return "ok", f(url)
    except ValueError as e:  # bad ports, bad IPv6 literals: both must refuse the URL
        return "error", type(e).__name__


PIECES = (
    "http https HTTP ftp : // / ? # @ [ ] ::1 www. WWW. Example.ORG 127.0.0.1 :80 :443 :8080 :99999 :0 :x "
    "%25eth0 a Z . .. - _ ~ = & + é \u00b2 \u0663"
).split() + [" ", "\t", "\n", "\r", "\x00", "\x7f"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_surt_same_as_urlsplit_form_on_url_like_strings(pieces: list[str]) -> None:
    url = "".join(pieces)
    assert outcome(surt, url) == outcome(surt_urlsplit, url)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://", "https://"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
)
def test_surt_same_as_urlsplit_form_on_http_urls(scheme: str, netloc: str, rest: str) -> None:
    url = scheme + netloc + rest
    assert outcome(surt, url) == outcome(surt_urlsplit, url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:38341/a/1.html",
        "https://www.nato.int/cps/en/natohq/news_1.htm?selectedLocale=en",
        "http://Example.ORG:8080/A/B?Q=1#frag",
        "http://example.org",
        "http://example.org?x#y",
        "http://example.org:/p",
    ],
)
def test_common_urls_take_the_fast_split(url: str) -> None:
    assert _split_plain(url) is not None
    assert surt(url) == surt_urlsplit(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://user@example.org/",
        "http://[::1]:80/",
        "HTTP://example.org/",
        "http://exa mple.org/",
        "http://example.org:99999/",
        "http://bücher.de/",
    ],
)
def test_unusual_urls_fall_back_to_urlsplit(url: str) -> None:
    assert _split_plain(url) is None
    assert outcome(surt, url) == outcome(surt_urlsplit, url)
