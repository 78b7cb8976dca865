"""Safety middleware at request time: private/loopback/link-local addresses refused unless the source
opts in, and requests (e.g. redirects, which keep ``meta["source"]``) may not leave the source's
allowed_domains."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy import Request

from crawler.errors import RefusedRequest
from crawler.middlewares.safety import SafetyMiddleware, is_public, literal_ip
from crawler.sources import parse_sources


class Stats:
    def inc_value(self, *a: object) -> None:
        pass


def middleware(allow_private: bool) -> SafetyMiddleware:
    sources = parse_sources(
        {
            "source": [
                {
                    "name": "pub",
                    "start_urls": ["http://93.184.216.34/"],
                    "article_pattern": "/a/",
                    "allowed_domains": ["93.184.216.34", "10.1.2.3", "169.254.169.254", "127.0.0.1"],
                    "allow_private": allow_private,
                }
            ]
        }
    )
    return SafetyMiddleware(sources, Stats())


def run(mw: SafetyMiddleware, url: str, source: str | None = "pub") -> None:
    meta = {"source": source} if source else {}
    asyncio.run(mw.process_request(Request(url, meta=meta)))


@pytest.mark.parametrize(
    "url", ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:8080/"]
)
def test_private_addresses_refused_unless_opted_in(url: str) -> None:
    with pytest.raises(RefusedRequest) as e:
        run(middleware(False), url)
    assert e.value.kind == "private_address"
    run(middleware(True), url)  # allow_private = true: let through


def test_public_address_passes_and_offsite_is_refused() -> None:
    mw = middleware(False)
    run(mw, "http://93.184.216.34/a/1")
    with pytest.raises(RefusedRequest) as e:
        run(mw, "http://198.51.100.7/elsewhere")  # e.g. a redirect that leaves allowed_domains
    assert e.value.kind == "offsite"
    with pytest.raises(RefusedRequest) as e:
        run(mw, "http://198.51.100.7/", source=None)  # no source owns it
    assert e.value.kind == "offsite"


def test_is_public() -> None:
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1:248:1893:25c8:1946")
    for ip in (
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
    ):
        assert not is_public(ip), ip


def ip_address_or_none(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("0123456789.:abcdefABCDEF%xz-_\u0663\u00b2 "), max_size=24))
def test_literal_ip_same_as_ip_address(host: str) -> None:
    assert literal_ip(host) == ip_address_or_none(host)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "::1", "fe80::1%eth0", "::ffff:10.0.0.1", "1.2.3", "", "nato.int", "999.1.1.1"]
)
def test_literal_ip_examples(host: str) -> None:
    assert literal_ip(host) == ip_address_or_none(host)
