"""Sources file: the shipped sources.toml, and clear errors naming the table and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import CorpusError
from crawler.sources import load_sources, parse_sources, source_for_url

REPO = Path(__file__).resolve().parent.parent


def test_shipped_sources_cover_nato_en_fr_and_three_outlets() -> None:
    sources = {s.name: s for s in load_sources(REPO / "sources.toml")}
    nato = sources["nato"]
    assert set(nato.languages) == {"en", "fr"} and nato.allowed_domains == ("nato.int",)
    for lang in ("en", "fr"):
        assert nato.is_article(
            f"https://www.nato.int/{lang}/news-and-events/articles/news/2024/07/10/summit-opens"
        )
        assert not nato.is_article(f"https://www.nato.int/{lang}/news-and-events/articles/")
    assert nato.sitemap_urls == ("https://www.nato.int/robots.txt",)
    outlets = [s for s in sources.values() if s.name != "nato"]
    assert len(outlets) >= 3
    assert {lang for s in outlets for lang in s.languages} == {"en", "fr"}
    assert not any(s.allow_private for s in sources.values())
    assert sources["lemonde"].is_article(
        "https://www.lemonde.fr/international/article/2024/07/10/l-otan-a-75-ans_6248567_3210.html"
    )
    assert sources["guardian"].is_article("https://www.theguardian.com/world/2024/jul/10/nato-summit-ukraine")
    assert source_for_url(list(sources.values()), "https://www.nato.int/fr/x").name == "nato"


BASE = {"name": "s", "start_urls": ["https://example.org/news/"], "article_pattern": "/a/"}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"start_urls": "https://example.org/"},
            "[[source]] 's': key 'start_urls' must be a list of strings",
        ),
        ({"start_urls": ["ftp://example.org/"]}, "[[source]] 's': key 'start_urls': not an http(s) URL"),
        ({"article_pattern": "(unclosed"}, "[[source]] 's': key 'article_pattern' is not a valid regex"),
        ({"follow_pattern": "[z-a]"}, "[[source]] 's': key 'follow_pattern' is not a valid regex"),
        ({"allow_private": "yes"}, "[[source]] 's': key 'allow_private' must be true or false"),
        ({"max_depth": -1}, "[[source]] 's': key 'max_depth' must be a non-negative integer"),
        ({"name": "bad name!"}, "[[source]] #1: key 'name'"),
        ({"start_urls": [], "allowed_domains": ["example.org"]}, "needs at least one of 'start_urls'"),
        ({"start_urls": []}, "key 'allowed_domains' is empty and no URL gives a host"),
    ],
)
def test_bad_values_name_table_and_key(patch: dict, message: str) -> None:
    with pytest.raises(CorpusError) as e:
        parse_sources({"source": [{**BASE, **patch}]}, "f.toml")
    assert message in str(e.value) and str(e.value).startswith("f.toml: ")


def test_duplicate_names_and_empty_file_are_errors() -> None:
    with pytest.raises(CorpusError, match="'s': duplicate source name"):
        parse_sources({"source": [BASE, BASE]})
    with pytest.raises(CorpusError, match=r"expected one or more \[\[source\]\] tables"):
        parse_sources({})


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read sources file"):
        load_sources(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nname = \n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a valid UTF-8 TOML file"):
        load_sources(bad)


def test_follow_pattern_and_defaults() -> None:
    [s] = parse_sources({"source": [{**BASE, "follow_pattern": "/news/page/"}]})
    assert s.follow_pattern == "/news/page/" and s.allowed_domains == ("example.org",)
    assert s.owns("https://sub.example.org/x") and not s.owns("https://example.org.evil.com/")
    assert s.max_depth == 5 and not s.allow_private
