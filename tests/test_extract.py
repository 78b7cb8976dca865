"""Extraction end to end: WARC -> Documents with provenance, metadata, removal log; CLI."""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import main as cli
from corpus.extract import ExtractOptions, Extractor, extract_html, extract_warc
from crawler.sources import Source

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_broken", DATA / "make_broken.py")
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)

FR_PARAS = [
    "Les ministres des Affaires étrangères de l’Alliance se sont retrouvés mardi à Bruxelles pour "
    "préparer le prochain sommet, consacré au renforcement de la posture de dissuasion sur le flanc est.",
    "Le secrétaire général a souligné que les Alliés avaient augmenté leurs dépenses de défense pour la "
    "dixième année consécutive, tout en appelant à accélérer la production de munitions en Europe.",
    "Plusieurs délégations ont plaidé pour un partage plus équitable du fardeau, rappelant que les "
    "engagements pris à Vilnius devaient désormais se traduire par des budgets votés et exécutés.",
    "La réunion s’est achevée par une déclaration commune réaffirmant le soutien à l’Ukraine et "
    "l’attachement des trente-deux Alliés à la défense collective prévue par l’article 5 du traité.",
]
LATIN_PARAS = [p.replace("’", "'") for p in FR_PARAS[:3]]  # all in ISO-8859-1
EN_PARAS = [
    "Defence ministers from across the Alliance met in Brussels on Thursday to review progress on the "
    "new regional plans and the forces needed to carry them out over the coming years.",
    "Officials said the discussions focused on air and missile defence, where several Allies have "
    "pledged additional systems, and on the stockpiles that industry is being asked to replenish.",
    "The ministers also approved a framework for closer cooperation with partners in the Indo-Pacific, "
    "a step that diplomats described as overdue given the shared challenges both regions now face.",
]
CONSENT_DIDOMI = ('<div id="didomi-host"><div class="didomi-popup-container">Nous et nos partenaires '
                  'utilisons des cookies et traceurs pour mesurer l’audience. <button>Accepter</button>'
                  '<button>Refuser</button></div></div>')
SHARE = ('<div class="share-buttons"><a href="#">Facebook</a> <a href="#">LinkedIn</a> '
         '<a href="#">E-mail</a></div>')


def article_page(title: str, paras: list[str], *, lang: str, chrome: str = "", head: str = "",
                 charset_meta: str = '<meta charset="utf-8">', extra_body: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{charset_meta}<title>{title} | Le Journal</title>'
            f'{head}</head><body><header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>'
            f'</header>'
            f'{chrome}<main><article><h1>{title}</h1>{SHARE}{ps}</article>{extra_body}</main>'
            f'<footer><p>© 2024 Le Journal - Mentions légales</p></footer></body></html>')


FR_HEAD = ('<link rel="canonical" href="https://journal.test/fr/otan-reunion">'
           '<link rel="alternate" hreflang="fr" href="/fr/otan-reunion">'
           '<link rel="alternate" hreflang="en" href="https://journal.test/en/nato-meeting">'
           '<meta property="og:site_name" content="Le Journal">'
           '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
           '{"@type": "WebSite", "name": "Le Journal"}, {"@type": "NewsArticle", '
           '"headline": "Réunion à Bruxelles", "datePublished": "2024-04-03T09:30:00+02:00", '
           '"author": [{"@type": "Person", "name": "Claire Martin"}]}'
           ']}</script>')
EN_HEAD = '<meta property="article:published_time" content="2024-02-15T10:00:00Z">'
LISTING = ('<!DOCTYPE html><html><head><title>Monde</title></head><body><ul><li><a href="/a">Un</a></li>'
           '<li><a href="/b">Deux</a></li></ul></body></html>')
HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ExtractOptions())


@pytest.fixture(scope="module")
def warc(tmp_path_factory) -> tuple[Path, list[int]]:
    fr = article_page("Réunion à Bruxelles", FR_PARAS, lang="fr", chrome=CONSENT_DIDOMI, head=FR_HEAD,
                      extra_body='<div class="promo-box">Abonnez-vous à notre offre numérique</div>')
    en = article_page("Ministers meet in Brussels", EN_PARAS, lang="en", head=EN_HEAD)
    cp = article_page("Réunion à Bruxelles (bis)", FR_PARAS[1:], lang="fr")
    latin_meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    latin = article_page("Défense européenne", LATIN_PARAS, lang="fr", charset_meta=latin_meta)
    pages = [
        ("https://journal.test/fr/otan-reunion", fr.encode("utf-8"), [("Content-Type", HTML)]),
        ("https://journal.test/en/nato-meeting", gzip.compress(en.encode("utf-8")),
         [("Content-Type", HTML), ("Content-Encoding", "gzip")]),
        ("https://journal.test/fr/monde", LISTING.encode(), [("Content-Type", HTML)]),
        ("https://other.test/cp1252", cp.encode("cp1252"), [("Content-Type", HTML)]),
        ("https://other.test/latin1", latin.encode("latin-1"), [("Content-Type", "text/html")]),
    ]
    path = tmp_path_factory.mktemp("w") / "site.warc.gz"
    return path, mb.write_warc(path, pages)


SOURCES = (Source(name="journal", allowed_domains=("journal.test",), start_urls=("https://journal.test/",),
                  drop_selectors=(".promo-box",)),)


def paragraphs(doc) -> list[str]:
    """The text's paragraphs without the title heading (kept at most once at the top, as extracted)."""
    lines = doc.text.split("\n")
    return lines[1:] if lines and lines[0] == doc.title else lines


def run(path: Path, **kw) -> tuple[list, Counter]:
    stats: Counter[str] = Counter()
    docs = list(extract_warc(path, ExtractOptions(sources=SOURCES, **kw), stats))
    return docs, stats


@pytest.fixture(scope="module")
def extracted(warc) -> tuple[list, Counter]:
    return run(warc[0])


def test_documents_in_file_order_with_provenance(warc, extracted) -> None:
    offsets = warc[1]
    docs, stats = extracted
    assert [d.url for d in docs] == ["https://journal.test/fr/otan-reunion", "https://journal.test/en/nato-meeting",
                                     "https://other.test/cp1252", "https://other.test/latin1"]
    assert [d.warc_offset for d in docs] == [offsets[0], offsets[1], offsets[3], offsets[4]]
    assert [d.warc_record_id for d in docs] == [mb.rid(0), mb.rid(1), mb.rid(3), mb.rid(4)]
    assert {d.warc_file for d in docs} == {"site.warc.gz"} and {d.fetched_at for d in docs} == {mb.DATE}
    assert [d.source for d in docs] == ["journal", "journal", "", ""]
    assert stats["extract/documents"] == 4 and stats["extract/skipped/too_short"] == 1
    assert stats["read/charset/utf8_cp1252_repair"] == 1 and stats["read/charset/meta"] == 1
    assert stats["extract/dom_chrome/consent:didomi"] == 1
    assert stats["extract/dom_chrome/source:.promo-box"] == 1


def test_text_is_the_article_one_paragraph_per_line(extracted) -> None:
    fr, en, cp, latin = extracted[0]
    assert paragraphs(fr) == FR_PARAS
    assert paragraphs(en) == EN_PARAS
    assert paragraphs(cp) == FR_PARAS[1:]  # cp1252 bytes labelled UTF-8, repaired
    assert paragraphs(latin) == LATIN_PARAS
    for doc in (fr, en):
        assert "cookies" not in doc.text and "Facebook" not in doc.text and "Mentions" not in doc.text
        assert all(p in doc.extracted_text for p in doc.text.split("\n"))


def test_metadata(extracted) -> None:
    fr, en, _, _ = extracted[0]
    assert fr.title == "Réunion à Bruxelles" and fr.date == "2024-04-03"
    assert fr.author == "Claire Martin" and fr.sitename == "Le Journal"
    assert fr.canonical_url == "https://journal.test/fr/otan-reunion"
    assert fr.alternates == {"en": "https://journal.test/en/nato-meeting",
                             "fr": "https://journal.test/fr/otan-reunion"}
    assert (fr.lang, en.lang) == ("fr", "en") and fr.lang_confidence > 0.9
    assert en.date == "2024-02-15" and en.title == "Ministers meet in Brussels"


def test_removal_log_has_dom_and_source_stages(extracted) -> None:
    fr = extracted[0][0]
    reasons = [(r["stage"], r["reason"]) for r in fr.removed]
    assert ("dom_chrome", "consent:didomi") in reasons
    assert ("dom_chrome", "widget:share") in reasons
    assert ("dom_chrome", "source:.promo-box") in reasons
    didomi = next(r for r in fr.removed if r["reason"] == "consent:didomi")
    assert didomi["text"].startswith("Nous et nos partenaires utilisons des cookies")
    assert set(fr.removed[0]) == {"stage", "reason", "text"}
    assert "Abonnez-vous" not in fr.extracted_text  # the source's selector ran before extraction


def test_source_selectors_apply_only_to_their_source() -> None:
    page = article_page("Titre", FR_PARAS, lang="fr",
                        extra_body='<div class="promo-box">Un encadré que seul journal.test retire.</div>')
    opts = ExtractOptions(sources=SOURCES, min_chars=0)
    mine = extract_html(page, "https://journal.test/x", options=opts).doc
    other = extract_html(page, "https://ailleurs.test/x", options=opts).doc
    assert any(r["reason"] == "source:.promo-box" for r in mine.removed)
    assert not any(r["reason"] == "source:.promo-box" for r in other.removed)
    assert other.source == "" and mine.source == "journal"


def test_outcome_reasons(extractor: Extractor) -> None:
    assert extractor.extract(b"", "https://x.test/").reason == "unparsable"
    assert extractor.extract(b"   \n", "https://x.test/").reason == "unparsable"
    empty = "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    assert extractor.extract(empty, "https://x.test/").reason in ("no_text", "too_short")
    assert extractor.extract(LISTING, "https://x.test/").reason in ("no_text", "too_short")
    ok = extractor.extract(article_page("T", EN_PARAS, lang="en"), "https://x.test/a")
    assert ok.reason == "ok" and ok.doc is not None


def test_results_do_not_depend_on_history(warc, extracted) -> None:
    first = extracted[0]
    again, _ = run(warc[0])
    assert [d.to_dict() for d in first] == [d.to_dict() for d in again]
    # a page alone gives the same document as in a batch after other pages
    en_page = article_page("Ministers meet in Brussels", EN_PARAS, lang="en", head=EN_HEAD)
    alone = extract_html(en_page.encode(), "https://journal.test/en/nato-meeting",
                         options=ExtractOptions(sources=SOURCES), headers={"Content-Type": HTML},
                         fetched_at=mb.DATE).doc
    batch = first[1]
    assert (alone.text, alone.title, alone.date, alone.lang, alone.removed) == \
        (batch.text, batch.title, batch.date, batch.lang, batch.removed)


def test_forced_language(warc) -> None:
    docs, _ = run(warc[0], lang="fr")
    assert docs[0].lang == "fr" and paragraphs(docs[0]) == FR_PARAS


def test_broken_warc_keeps_the_rest() -> None:
    docs, stats = run(DATA / "corrupt_middle.warc.gz", min_chars=0)
    assert [d.url for d in docs] == mb.EXPECTED["corrupt_middle.warc.gz"]["urls"]
    assert stats["read/skipped/corrupt"] == 1


def test_bad_options_are_clear_errors() -> None:
    from corpus.errors import CorpusError

    with pytest.raises(CorpusError, match="lang"):
        ExtractOptions(lang="de")
    bad = (Source(name="bad", allowed_domains=("b.test",), start_urls=("https://b.test/",),
                  drop_selectors=("div[[",)),)
    with pytest.raises(CorpusError, match="source 'bad': invalid drop_selector"):
        Extractor(ExtractOptions(sources=bad))  # at construction, whatever the pages


def test_cli_writes_jsonl_and_summary(warc, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "journal"\nstart_urls = ["https://journal.test/"]\n'
                       'drop_selectors = [".promo-box"]\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(warc[0]), "--sources", str(sources), "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["url"] for r in rows][:2] == ["https://journal.test/fr/otan-reunion",
                                            "https://journal.test/en/nato-meeting"]
    first = rows[0]
    for key in ("url", "title", "date", "lang", "text", "warc_file", "warc_offset", "warc_record_id",
                "fetched_at", "removed", "source", "id", "sha256"):
        assert key in first
    assert first["source"] == "journal" and first["text"].split("\n")[-4:] == FR_PARAS
    assert "extract/documents" in res.stderr and "read/skipped/" not in res.stdout


def test_cli_to_stdout_and_errors(warc, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", str(warc[0]), "--lang", "fr"])
    assert res.exit_code == 0
    assert len([ln for ln in res.stdout.splitlines() if ln.startswith("{")]) == 4
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nname = 3\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["extract", str(warc[0]), "--sources", str(bad)])
    assert res.exit_code == 1 and "Error" in res.output and "name" in res.output


@pytest.mark.parametrize("page", [
    bytes(range(256)) * 20,
    b"\x00" * 5000,
    "<div>" * 5000 + "deep" + "</div>" * 5000,
    '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>' + "mot " * 100 + "</p></body></html>",
    "<html><body><script>" + "var x = 1;" * 500 + "</script></body></html>",
    "<frameset><frame src='a.html'></frameset>",
    '{"json": "not html", "items": [1, 2, 3]}',
    "<html><head><meta charset='no-such-charset'></head><body>" + "<p>é</p>" * 50 + "</body></html>",
    '<html><body><div class="' + "x" * 100_000 + '"><p>' + "word " * 60 + "</p></div></body></html>",
])
def test_odd_pages_give_an_outcome_not_an_exception(extractor: Extractor, page) -> None:
    raw = page if isinstance(page, bytes) else page.encode("utf-8")
    outcome = extractor.extract(raw, "https://odd.test/page")
    known = ("ok", "no_text", "too_short", "unparsable")
    assert outcome.reason in known or outcome.reason.startswith("error/")
    assert (outcome.doc is None) == (outcome.reason != "ok")


def test_standfirst_in_article_header_is_kept(extractor: Extractor) -> None:
    lead = ("Les Alliés ont adopté jeudi un plan de renforcement de la défense aérienne du flanc est, "
            "après trois jours de négociations à huis clos.")
    page = ("<html><head><title>Plan</title></head><body><main><article><header><h1>Un plan pour le flanc est"
            f"</h1><p class='standfirst'>{lead}</p></header><div class='body'>"
            + "".join(f"<p>{p}</p>" for p in FR_PARAS) + "</div></article></main></body></html>")
    doc = extractor.extract(page, "https://x.test/plan").doc
    assert lead in doc.text.split("\n")
    assert all(p in doc.text.split("\n") for p in FR_PARAS)


def test_extractor_reused_across_files(warc, extracted, extractor: Extractor) -> None:
    opts = ExtractOptions(sources=SOURCES)
    shared = Extractor(opts)
    stats: Counter[str] = Counter()
    docs = list(extract_warc(warc[0], opts, stats, extractor=shared))
    docs += list(extract_warc(warc[0], opts, stats, extractor=shared))
    assert [d.to_dict() for d in docs] == [d.to_dict() for d in extracted[0]] * 2
    from corpus.errors import CorpusError

    with pytest.raises(CorpusError, match="other options"):
        list(extract_warc(warc[0], opts, stats, extractor=extractor))


def test_extraction_never_imports_scrapy() -> None:
    import subprocess
    import sys

    code = ("import sys, corpus.extract, corpus.commands.extract, cleaners.dom, corpus.warc_reader; "
            "sys.exit(1 if any(m == 'scrapy' or m.startswith('scrapy.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def head_meta(head: str, url: str = "https://site.test/a/b"):
    from lxml import html

    from corpus.extraction.meta import read_head_meta

    return read_head_meta(html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>"), url)


def test_head_meta_fallbacks_and_bad_json() -> None:
    m = head_meta('<script type="application/ld+json">{not json</script>'
                  '<script type="application/ld+json">[{"@type": "BreadcrumbList"}, '
                  '{"@type": ["NewsArticle"], "headline": "  Le  titre ", "datePublished": "2023-13-45", '
                  '"author": ["Ann Lee", {"name": "Bo Chan"}], "publisher": {"name": "Le Site"}}]</script>'
                  '<meta property="article:published_time" content="2023-06-01T08:00:00+02:00">'
                  '<meta property="og:url" content="/a/b?amp=0"><meta name="description" content="Résumé">'
                  '<link rel="alternate" hreflang="x-default" href="/a/b">'
                  '<link rel="alternate" hreflang="en-GB" href="https://site.test/en/b">'
                  '<link rel="alternate" hreflang="de" href="javascript:void(0)">')
    assert m.title == "Le titre" and m.author == "Ann Lee, Bo Chan" and m.sitename == "Le Site"
    assert m.date == "2023-06-01"  # invalid JSON-LD date skipped, article:published_time used
    assert m.canonical_url == "https://site.test/a/b?amp=0"  # no <link rel=canonical>: og:url, absolutised
    assert m.alternates == {"en-GB": "https://site.test/en/b", "x-default": "https://site.test/a/b"}
    assert m.description == "Résumé"


def test_head_meta_empty_page() -> None:
    m = head_meta("")
    assert (m.title, m.date, m.author, m.sitename, m.canonical_url, m.alternates) == (None,) * 5 + ({},)


def test_cli_help_has_an_example() -> None:
    res = CliRunner().invoke(cli, ["extract", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output and "corpus extract" in res.output


def test_extractor_option_ensemble_and_trafilatura() -> None:
    """Both extractors give the article; the ensemble's block decisions land in the removal log
    (stage "ensemble") and its counts in the stats; the headline it takes out of the body is the
    document's title metadata, with the source of each metadata field."""
    page = article_page("Les ministres de l'OTAN se réunissent", FR_PARAS, lang="fr", head=FR_HEAD)
    url = "https://journal.test/fr/otan-reunion"
    out = {name: extract_html(page, url, options=ExtractOptions(min_chars=0, extractor=name),
                              fetched_at=mb.DATE) for name in ("ensemble", "trafilatura")}
    ens, traf = out["ensemble"], out["trafilatura"]
    assert ens.reason == traf.reason == "ok"
    assert paragraphs(ens.doc) == FR_PARAS
    assert set(FR_PARAS) <= set(paragraphs(traf.doc))
    logged = [r for r in ens.doc.removed if r["stage"] == "ensemble"]
    assert [r["text"] for r in logged] == ["Les ministres de l'OTAN se réunissent"]
    assert "page title" in logged[0]["reason"]
    assert not any(r["stage"] == "ensemble" for r in traf.doc.removed)
    counts = {k: v for k, v in ens.stats.items() if k.startswith("ensemble/")}
    assert sum(v for k, v in counts.items() if k.startswith("ensemble/dropped/")) == len(logged)
    assert sum(v for k, v in counts.items() if k.startswith("ensemble/kept/")) == \
        len(ens.doc.extracted_text.splitlines())
    assert not any(k.startswith("ensemble/") for k in traf.stats)
    assert ens.doc.metadata["metadata_sources"]["title"] == "json-ld"
    assert ens.doc.title == traf.doc.title and ens.doc.date == traf.doc.date


def test_default_extractor_is_the_ensemble_and_bad_names_fail() -> None:
    from corpus.errors import CorpusError

    assert ExtractOptions().extractor == "ensemble"
    with pytest.raises(CorpusError, match="extractor must be one of ensemble, trafilatura"):
        ExtractOptions(extractor="readability")


def test_build_worker_reuses_one_extractor_per_options() -> None:
    from corpus.buildmap import _extractor_for

    a = _extractor_for(ExtractOptions(min_chars=0))
    assert _extractor_for(ExtractOptions(min_chars=0)) is a  # equal options: the same object
    b = _extractor_for(ExtractOptions(min_chars=0, extractor="trafilatura"))
    assert b is not a and b.options.extractor == "trafilatura"
    # reuse gives the documents a fresh Extractor gives
    page = article_page("Titre", FR_PARAS, lang="fr")
    fresh = Extractor(ExtractOptions(min_chars=0)).extract(page, "https://x.test/a").doc
    assert _extractor_for(ExtractOptions(min_chars=0)).extract(page, "https://x.test/a").doc == fresh
