"""Tests of the ensemble extraction stage (corpus/ensemble). Pages here are written for the tests."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ensemble import EnsembleOptions, extract
from corpus.ensemble.dom_blocks import DomBlock, dom_blocks
from corpus.ensemble.text_index import TextIndex
from corpus.ensemble.views import Views
from corpus.ensemble.vote import decide, needs_precision
from corpus.errors import CorpusError

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

PARAGRAPHS = [
    "Defence ministers of the Alliance met in Brussels on Thursday to review progress on the "
    "new force model, which aims to keep three hundred thousand troops at high readiness across "
    "the eastern flank by the end of the coming year.",
    "The ministers discussed how national plans for air and missile defence fit together, and "
    "agreed that the shortfalls identified in the spring review would be closed through joint "
    "procurement of interceptors and shared maintenance depots.",
    "Officials said the meeting also covered support for partners, including training missions "
    "and the delivery of fuel, medical supplies and winter equipment ahead of the cold season, "
    "with a first convoy expected to leave before the end of the month.",
    "A joint statement issued after the talks stressed that deterrence depends on exercises "
    "that are large enough to be credible, and announced a series of drills in the Baltic Sea "
    "region planned for the autumn with ships from nine navies.",
    "The next meeting of ministers is scheduled for February, when the results of the current "
    "capability targets will be presented and national contributions for the following cycle "
    "are expected to be confirmed by each delegation.",
]
NAV = ["Home", "News", "Topics", "Events", "Multimedia", "About us", "Contact"]
RELATED = [
    "Ministers agree new plan for logistics hubs in the north",
    "Exercise season opens with the largest drill in a decade",
    "Secretary General visits training centre in the south",
]


def article_page(head: str = "", extra_body: str = "") -> str:
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    related = "".join(f'<li><a href="/r{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ministers review force model</title>{head}"
        f"</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>Ministers review force model</h1>{body}{extra_body}</article>"
        f"<aside class='related'><h2>Related stories</h2><ul>{related}</ul></aside></main>"
        "<footer><p>Subscribe to our newsletter</p><p>&copy; 2024 Example News. All rights reserved.</p>"
        "</footer></body></html>"
    )


# ---------------------------------------------------------------- whole stage on a written page


def test_article_text_kept_and_boilerplate_left_out() -> None:
    result = extract(article_page(), url="https://news.example.org/2024/ministers")
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text.split("\n")
    for boilerplate in NAV + RELATED + ["Subscribe to our newsletter"]:
        assert boilerplate not in result.text
    assert result.failures == {}


FRENCH = [
    "Les ministres de la Défense des pays de l’Alliance se sont réunis jeudi à Bruxelles pour faire le "
    "point sur le nouveau modèle de forces, qui doit maintenir trois cent mille militaires en état de "
    "haute disponibilité sur le flanc est d’ici la fin de l’année prochaine.",
    "Ils ont examiné la manière dont les plans nationaux de défense aérienne et antimissile s’articulent, "
    "et sont convenus de combler les lacunes relevées au printemps grâce à des achats groupés "
    "d’intercepteurs et à des dépôts de maintenance partagés.",
    "Selon des responsables, la réunion a également porté sur le soutien aux partenaires, notamment les "
    "missions de formation et la livraison de carburant, de fournitures médicales et d’équipements "
    "d’hiver avant la saison froide.",
]


def test_french_article_is_extracted_like_an_english_one() -> None:
    html = article_page().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS),
                                  "".join(f"<p>{p}</p>" for p in FRENCH))
    result = extract(html)
    assert result.text.split("\n") == FRENCH


def test_repeated_calls_give_identical_results() -> None:
    html = article_page(extra_body="<p>Short line.</p><ul><li>A list item with a few words in it</li></ul>")
    first = extract(html, url="https://news.example.org/a")
    for _ in range(3):
        extract(article_page(), url="https://news.example.org/other")  # history must not matter
        assert extract(html, url="https://news.example.org/a") == first


def test_every_candidate_block_has_a_decision_and_text_is_the_kept_ones() -> None:
    html = article_page(extra_body="<p>Ok.</p>")
    result = extract(html)
    assert result.decisions, "no candidate blocks"
    assert result.text == "\n".join(d.text for d in result.decisions if d.kept)
    for decision in result.decisions:
        assert decision.text.strip()
        assert decision.reason.strip()
    kept = [d for d in result.decisions if d.kept]
    assert all("votes" in d.reason for d in kept)
    assert [d.text for d in kept if d.text in PARAGRAPHS] == PARAGRAPHS  # page order


def test_stats_and_removal_log_follow_the_decisions() -> None:
    result = extract(article_page())
    stats = result.stats()
    kept = sum(n for key, n in stats.items() if key.startswith("ensemble/kept/"))
    dropped = sum(n for key, n in stats.items() if key.startswith("ensemble/dropped/"))
    assert kept == sum(d.kept for d in result.decisions) and kept >= len(PARAGRAPHS)
    assert dropped == len(result.removed()) and stats.get("ensemble/dropped/title") == 1
    assert all(d.code for d in result.decisions)
    assert result.removed("extract")[0] == {"stage": "extract", "reason": result.decisions[0].reason,
                                           "text": "Ministers review force model"}
    assert extract("").stats() == {"ensemble/failed/parse": 1}


@pytest.mark.parametrize(
    "html",
    [
        "", "   ", "\x00\x01\x02 garbage", "<html>", "<<<>>>", "<p>" * 3000,
        "<div>" * 5000 + "deep" + "</div>" * 10,
        "<html><body><script>var x = '<p>not text</p>';</script></body></html>",
        "plain text, no markup at all",
    ],
)
def test_garbage_html_gives_a_result_not_an_exception(html: str) -> None:
    result = extract(html)
    assert isinstance(result.text, str)
    assert "not text" not in result.text
    assert result.text == "\n".join(d.text for d in result.decisions if d.kept)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdpiv&;#\n\x00é")), max_size=300))
def test_random_markup_never_raises(html: str) -> None:
    extract(html)


def test_failing_metadata_source_is_recorded_not_raised() -> None:
    result = extract("<svg><text><html>")  # htmldate 1.x raises AssertionError on this tree
    assert set(result.failures) <= {"htmldate"}
    assert result.stats().get("ensemble/failed/htmldate", 0) == len(result.failures)
    assert result.date is None


def test_options_are_validated() -> None:
    with pytest.raises(CorpusError, match="support"):
        EnsembleOptions(support=1.5)
    with pytest.raises(CorpusError, match="single_vote_min_words"):
        EnsembleOptions(single_vote_min_words=-1)


# ---------------------------------------------------------------- metadata and its sources

JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite", "name": "Example News"},'
    '{"@type": "NewsArticle", "headline": "Ministers review the force model", '
    '"datePublished": "2024-03-07T10:15:00+01:00", "author": [{"@type": "Person", "name": "Ana Lima"},'
    '{"@type": "Person", "name": "Tom Berg"}]}]}</script>'
)
OPEN_GRAPH = (
    '<meta property="og:title" content="OG title of the story">'
    '<meta property="article:published_time" content="2023-12-01T08:00:00Z">'
    '<meta name="author" content="Meta Author">'
)


def test_metadata_from_json_ld_wins_over_open_graph() -> None:
    result = extract(article_page(head=JSON_LD + OPEN_GRAPH))
    assert (result.title, result.date, result.author) == (
        "Ministers review the force model", "2024-03-07", "Ana Lima, Tom Berg")
    assert result.metadata_sources == {"title": "json-ld", "date": "json-ld", "author": "json-ld"}


def test_metadata_from_open_graph_when_json_ld_is_broken() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    result = extract(article_page(head=broken + OPEN_GRAPH))
    assert (result.title, result.date, result.author) == (
        "OG title of the story", "2023-12-01", "Meta Author")
    assert result.metadata_sources == {"title": "open-graph", "date": "open-graph", "author": "meta"}


def test_date_from_time_element_and_title_from_h1() -> None:
    time_el = '<p>Published <time datetime="2022-06-30T12:00">30 June</time></p>'
    result = extract(article_page(extra_body=time_el))
    assert result.date == "2022-06-30"
    assert result.title == "Ministers review force model"
    assert result.metadata_sources["date"] == "time-element"
    assert result.metadata_sources["title"] == "h1"
    assert "author" not in result.metadata_sources and result.author is None


def test_htmldate_is_the_last_resort_and_max_date_bounds_it() -> None:
    url = "https://news.example.org/2024/03/07/ministers-review"
    result = extract(article_page(), url=url)
    assert (result.date, result.metadata_sources.get("date")) == ("2024-03-07", "htmldate")
    assert extract(article_page(), url=url, max_date="2024-01-01").date != "2024-03-07"
    assert extract(article_page(), url=url, options=EnsembleOptions(use_htmldate=False)).date is None
    with pytest.raises(CorpusError, match="max_date"):
        extract(article_page(), url=url, max_date="7 March 2024")


def test_extract_tree_matches_extract_and_leaves_the_tree_alone() -> None:
    from lxml import etree

    from corpus.ensemble import extract_tree
    from corpus.ensemble.views import parse_html

    html = article_page(head=JSON_LD)
    tree = parse_html(html)
    before = etree.tostring(tree)
    assert extract_tree(tree, "https://news.example.org/a") == extract(html, "https://news.example.org/a")
    assert etree.tostring(tree) == before


def test_invalid_dates_are_not_reported() -> None:
    head = '<meta property="article:published_time" content="2024-13-45">'
    result = extract(article_page(head=head), options=EnsembleOptions(use_htmldate=False))
    assert result.date is None and "date" not in result.metadata_sources


# ---------------------------------------------------------------- voting rules on hand-made views

LONG = PARAGRAPHS  # five paragraphs that share no word 3-gram


def readable(*texts: str, link_density: float = 0.0) -> list[DomBlock]:
    return [DomBlock(t, link_density) for t in texts]


def test_fallback_to_readability_when_trafilatura_returns_almost_nothing() -> None:
    views = Views(recall=LONG[:1], precision=LONG[:1], readability=readable(*LONG))
    decisions = decide(views, EnsembleOptions())
    assert [d.text for d in decisions if d.kept] == LONG
    assert all(d.reason.startswith("fallback") for d in decisions)
    assert not needs_precision(views, EnsembleOptions())


def test_fallback_when_trafilatura_returns_nothing() -> None:
    decisions = decide(Views(recall=[], precision=[], readability=readable(*LONG)), EnsembleOptions())
    assert [d.text for d in decisions if d.kept] == LONG


def test_no_fallback_when_the_short_text_is_not_part_of_readabilitys() -> None:
    other = "A completely different text about football results and the weather this weekend."
    views = Views(recall=[other], precision=[other], readability=readable(*LONG))
    decisions = decide(views, EnsembleOptions())
    assert [d.text for d in decisions] == [other]
    assert decisions[0].kept and "precision" in decisions[0].reason


def test_no_fallback_when_ratio_is_above_threshold() -> None:
    views = Views(recall=LONG[:4], precision=LONG[:4], readability=readable(*LONG))
    decisions = decide(views, EnsembleOptions())
    assert [d.text for d in decisions] == LONG[:4]
    views_low = Views(recall=LONG[:4], precision=LONG[:4], readability=readable(*LONG))
    assert decide(views_low, EnsembleOptions(fallback_ratio=0.9))[0].reason.startswith("fallback")


def test_two_votes_needed_and_link_heavy_readability_blocks_do_not_vote() -> None:
    promo = "Read more stories like this one on our website every day"
    views = Views(recall=[LONG[0], LONG[1], promo, "Share"], precision=[LONG[0]],
                  readability=readable(LONG[0], LONG[1]) + readable(promo, link_density=0.9))
    by_text = {d.text: d for d in decide(views, EnsembleOptions())}
    assert by_text[LONG[0]].kept and by_text[LONG[1]].kept
    assert "readability" in by_text[LONG[1]].reason
    assert not by_text[promo].kept and "1 vote" in by_text[promo].reason
    assert not by_text["Share"].kept
    assert by_text[promo].kept is False
    assert decide(views, EnsembleOptions(max_link_density=1.0))[2].kept  # with links allowed it votes


def test_short_block_seconded_only_by_precision_mode_is_dropped() -> None:
    views = Views(recall=LONG[:3] + ["Updated"], precision=LONG[:3] + ["Updated"],
                  readability=readable(*LONG[:3]))
    last = decide(views, EnsembleOptions())[-1]
    assert last.text == "Updated" and not last.kept and "short" in last.reason
    assert decide(views, EnsembleOptions(single_vote_min_words=1))[-1].kept


def test_precision_mode_only_needed_when_readability_does_not_back_a_block() -> None:
    assert not needs_precision(Views(recall=LONG[:3], readability=readable(*LONG[:3])), EnsembleOptions())
    assert needs_precision(Views(recall=LONG[:3] + ["Extra words here"], readability=readable(*LONG[:3])),
                           EnsembleOptions())
    assert needs_precision(Views(recall=LONG[:3], readability=[]), EnsembleOptions())
    # a block dropped whatever precision mode says (too short) does not make it run
    assert not needs_precision(Views(recall=LONG[:3] + ["Share"], readability=readable(*LONG[:3])),
                               EnsembleOptions())


def test_only_one_extractor_with_output_keeps_its_blocks() -> None:
    decisions = decide(Views(recall=LONG[:2], precision=[], readability=[]), EnsembleOptions())
    assert all(d.kept and "no other extractor" in d.reason for d in decisions)


# ---------------------------------------------------------------- helpers


def test_dom_blocks_split_blocks_and_measure_link_density() -> None:
    import lxml.html

    root = lxml.html.fromstring(
        "<div><p>Some words <a href='x'>link</a> more</p><script>hidden()</script>"
        "<ul><li><a href='y'>all link</a></li></ul>tail text</div>"
    )
    blocks = dom_blocks(root)
    assert [b.text for b in blocks] == ["Some words link more", "all link", "tail text"]
    assert blocks[0].link_density == pytest.approx(4 / 17)
    assert blocks[1].link_density == 1.0 and blocks[2].link_density == 0.0


def test_text_index_support_is_a_share_of_word_trigrams() -> None:
    index = TextIndex(["one two three four five", "six seven"])
    assert index.support("one two three four five") == 1.0
    assert index.support("three four five nine") == pytest.approx(1 / 2)
    assert index.support("six seven") == 1.0 and index.support("seven six") == 0.0
    assert index.support("...") == 1.0  # no words: nothing to contradict


# ---------------------------------------------------------------- benchmark subset (real pages)


@pytest.mark.slow
def test_ensemble_beats_trafilatura_default_on_benchmark_subset() -> None:
    bench = SHARED / "benchmarks" / "article-extraction"
    scorer_path = SHARED / "tools" / "score_extraction.py"
    if not (bench / "ground-truth.json").exists() or not scorer_path.exists():
        pytest.skip(f"shared benchmark not found under {SHARED}")
    import trafilatura
    from trafilatura.utils import decode_file

    spec = importlib.util.spec_from_file_location("score_extraction", scorer_path)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[::6][:30]  # every 6th page: 30 pages spread over the sorted ids
    ours, base = [], []
    for key in keys:
        html = decode_file(gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()))
        url, truth = gold[key]["url"], gold[key]["articleBody"]
        ours.append(scorer.tp_fp_fn(truth, extract(html, url=url).text))
        base.append(scorer.tp_fp_fn(truth, trafilatura.extract(html, url=url, deduplicate=False) or ""))
    f1_ours, f1_base = scorer.prf(ours)[0], scorer.prf(base)[0]
    print(f"30-page subset: ensemble F1 {f1_ours:.3f}, trafilatura default F1 {f1_base:.3f}")
    assert f1_ours >= f1_base, (f1_ours, f1_base)
    assert f1_ours > 0.9


# ---------------------------------------------------------------- page signals: links and titles


def test_block_seconded_by_precision_mode_is_dropped_when_mostly_link_text() -> None:
    from corpus.ensemble.page_signals import PageSignals

    teaser = "Read more: Ministers agree new plan for logistics hubs in the north"
    page = PageSignals.from_page(lxml_page(f"<p><a href='/x'>{RELATED[0]}</a></p>"), [])
    assert page.link_density(teaser) == pytest.approx(10 / 12)
    views = Views(recall=LONG[:3] + [teaser], precision=LONG[:3] + [teaser], readability=readable(*LONG[:3]))
    last = decide(views, EnsembleOptions(), page)[-1]
    assert not last.kept and "link text" in last.reason
    assert decide(views, EnsembleOptions())[-1].kept  # without the page's anchors it stays
    assert decide(views, EnsembleOptions(precision_max_link_density=0.9), page)[-1].kept


def test_block_repeating_the_title_is_dropped_and_title_kept_as_metadata() -> None:
    head = '<meta property="og:title" content="Ministers review force model | Example News">'
    result = extract(article_page(head=head, extra_body=""))
    assert result.title == "Ministers review force model | Example News"
    assert "Ministers review force model" not in result.text.split("\n")
    titled = [d for d in result.decisions if d.text == "Ministers review force model"]
    assert titled, "the <h1> should be a candidate block"
    assert all(not d.kept and "title" in d.reason for d in titled)


def test_title_check_needs_a_contiguous_run_covering_most_of_a_title() -> None:
    from corpus.ensemble.page_signals import PageSignals

    page = PageSignals(titles=[("ministers", "review", "force", "model", "example", "news")])
    assert page.repeats_title("Ministers review force model, Example News", 0.8)
    assert page.repeats_title("Ministers review force model", 0.6)
    assert not page.repeats_title("Ministers review force model", 0.8)  # 4 of 6 words
    assert not page.repeats_title("Force ministers review model example news", 0.5)  # not contiguous


def test_extractors_leave_the_shared_page_tree_unchanged() -> None:
    from lxml import etree

    from corpus.ensemble.views import add_precision, collect_views, parse_html

    short = "<html><body><div style='display:none'>x</div><p>Too short.</p></body></html>"  # retried
    for html in (article_page(), short):
        tree = parse_html(html)
        before = etree.tostring(tree)
        views = collect_views(tree, None)
        add_precision(views, tree, None)
        assert etree.tostring(tree) == before
        assert views.failures == {}


def lxml_page(body: str):
    import lxml.html

    return lxml.html.fromstring(f"<html><body>{body}</body></html>")
