"""Fixture-web fixtures for the crawl tests (the server lives in tests/fixtureweb)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtureweb import FixtureWeb


@pytest.fixture
def fixture_web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as web:
        yield web


@pytest.fixture(scope="module")
def module_web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as web:
        yield web
