"""Corpus stages on constructed documents and keys: boilerplate learning, quality, dedup, translations."""

from __future__ import annotations

from collections import Counter

import numpy as np

from corpus.buildmap import exact_digest
from corpus.buildreduce import reduce_keys
from corpus.config import BuildConfig, config_from_dict
from corpus.document import Document
from corpus.stages.boilerplate import (
    BoilerplateLearner,
    BoilerplateOptions,
    SiteBoilerplate,
    doc_pairs,
    latest_captures,
)
from corpus.stages.keys import DocKey
from corpus.stages.minhash import MinHasher
from corpus.stages.quality import QualityFilter, QualityOptions
from crawler.sources import Source
from tests.warcgen import edit_words, words

CHROME = "Follow us on every network for more news from the newsroom."


def _learn(texts: list[str], **opts) -> np.ndarray:
    learner = BoilerplateLearner(BoilerplateOptions(**opts))
    for i, t in enumerate(texts):
        learner.add("site", doc_pairs(t, f"https://s/{i}", "2024-05-03T10:00:00Z"))
    return learner.learn()["site"]


def test_boilerplate_needs_the_floor_and_counts_copies_once():
    quote = "A quote that two articles share, word for word."
    texts = [f"{words(i, 30)}\n{CHROME}" for i in range(3)]
    texts[0] += f"\n{quote}"
    texts[1] += f"\n{quote}"
    learned = _learn(texts)
    doc = Document(url="https://s/x", text=texts[0], source="site")
    stats: Counter[str] = Counter()
    SiteBoilerplate({"site": learned}, stats).apply(doc)
    assert CHROME not in doc.text and quote in doc.text and words(0, 30) in doc.text
    assert doc.removed == [{"stage": "site_boilerplate", "reason": "recurring_paragraph", "text": CHROME}]
    assert stats["build/removed/site_boilerplate/recurring_paragraph"] == 1
    # three identical copies of one article are one distinct document: nothing is learned from them
    assert len(_learn([texts[0]] * 3)) == 0


def test_boilerplate_counts_only_the_latest_capture_of_each_url():
    """An article archived twice (edited between two crawls) plus one wire copy of it: three distinct texts,
    but only two pages. Its paragraphs are not site chrome."""
    body = "\n".join(words(100 + i, 25) for i in range(4))
    edited = body + "\n" + words(200, 25)
    learner = BoilerplateLearner(BoilerplateOptions())
    learner.add("site", doc_pairs(body, "https://s/a", "2024-05-03T10:00:00Z"))
    wire = body + "\n" + words(300, 20)
    learner.add("site", doc_pairs(wire, "https://s/wire-copy", "2024-05-04T10:00:00Z"))
    learner.add("site", doc_pairs(edited, "https://s/a", "2024-06-01T10:00:00Z"))
    assert len(learner.learn()["site"]) == 0
    # the same three texts at three URLs are three pages: their shared paragraphs recur (floor = 3)
    learner = BoilerplateLearner(BoilerplateOptions())
    for i, t in enumerate([body, body + "\n" + words(300, 20), edited]):
        learner.add("site", doc_pairs(t, f"https://s/{i}", "2024-05-03T10:00:00Z"))
    assert len(learner.learn()["site"]) == 4
    # whichever order the captures arrive in, the latest one is kept
    rows = [doc_pairs(edited, "https://s/a", "2024-06-01T10:00:00Z"),
            doc_pairs(body, "https://s/a", "2024-05-03T10:00:00Z")]
    assert np.array_equal(latest_captures(np.concatenate(rows)), rows[0])


def test_boilerplate_normalization_and_fraction():
    texts = [f"{words(i, 30)}\nUpdated on {i + 1} March 2024, {i + 10}:00" for i in range(10)]
    assert len(_learn(texts)) == 1  # digits normalized: one recurring widget line
    assert len(_learn(texts[:4] + [words(50 + i, 30) for i in range(40)], min_fraction=0.5)) == 0


def test_quality_reasons():
    src = Source(name="s", allowed_domains=("s.example",), start_urls=("https://s.example/",),
                 article_pattern=r"/news/", languages=("fr",))
    q = QualityFilter(QualityOptions(), {"s": src})
    ok = Document(url="https://s.example/news/1", text=words(1, 80, "fr"), source="s", lang="fr")
    assert q.reason(ok) is None
    tag_page = Document(url="https://s.example/tag/x", text=ok.text, source="s", lang="fr")
    assert q.reason(tag_page) == "not_article"
    assert q.reason(Document(url=ok.url, text=words(1, 20, "fr"), source="s", lang="fr")) == "too_short"
    digits = " ".join(["12 345 678 9.5 %"] * 30) + " " + words(1, 20)
    assert q.reason(Document(url=ok.url, text=digits, source="s", lang="fr")) == "non_letters"
    assert q.reason(Document(url=ok.url, text=words(1, 80), source="s", lang="en")) == "wrong_language"
    assert q.reason(Document(url="https://other/x", text=words(1, 80), source="other", lang="en")) is None
    assert q.stats["build/dropped/wrong_language"] == 1 and q.stats["build/kept/quality"] == 2


class Corpus:
    """Builds the reduce inputs from (url, lang, date, text, alternates) rows."""

    def __init__(self) -> None:
        self.keys: list[DocKey] = []
        self.texts: list[str] = []
        self.hasher = MinHasher()

    def add(self, url: str, text: str, lang: str = "en", date: str | None = "2024-03-01",
            fetched: str = "2024-03-10T00:00:00Z", alternates: tuple[str, ...] = ()) -> int:
        uid = len(self.keys)
        self.keys.append(DocKey(uid, Document(url=url, text="").id, url, lang, date, fetched, alternates))
        self.texts.append(text)
        return uid

    def reduce(self, config: BuildConfig | None = None):
        sigs = np.vstack([self.hasher.signature(t) for t in self.texts])
        return reduce_keys(self.keys, [exact_digest(t) for t in self.texts], sigs, config or BuildConfig())


def test_duplicates_keep_the_earliest_then_url_and_chain_to_the_final_keeper():
    c = Corpus()
    text = "\n".join(words(10 + i, 60) for i in range(4))
    late = c.add("https://a/late", text, date="2024-03-05")
    undated = c.add("https://a/undated", text, date=None)
    near = c.add("https://b/near", edit_words(text, 80), date="2024-03-02")  # 3 words of 240 changed
    first = c.add("https://c/first", edit_words(text, 110, "changed"), date="2024-03-01")
    other = c.add("https://d/other", "\n".join(words(90 + i, 60) for i in range(4)))
    d = c.reduce()
    assert set(d.drops) == {late, undated, near}
    assert {d.drops[i].duplicate_of for i in d.drops} == {c.keys[first].id}
    # undated lost the exact cluster to late (dated first); late then lost the near cluster to first
    assert d.drops[undated].reason == "exact_duplicate" and d.drops[late].reason == "near_duplicate"
    assert d.drops[near].reason == "near_duplicate"
    assert d.links[first].duplicates == sorted(c.keys[i].id for i in (late, undated, near))
    assert other not in d.drops and other not in d.links


def test_same_url_keeps_latest_fetch():
    c = Corpus()
    old = c.add("https://a/x", words(1, 80), fetched="2024-03-01T00:00:00Z")
    new = c.add("https://a/x", words(2, 80), fetched="2024-03-09T00:00:00Z")
    d = c.reduce()
    assert d.drops[old].stage == "url_dedup" and d.drops[old].reason == "older_fetch"
    assert new not in d.drops


def test_dedup_is_language_aware_and_never_merges_locale_siblings():
    c = Corpus()
    text = words(5, 120)
    en = c.add("https://n/en/item/1", text, lang="en")
    fr_same_text = c.add("https://n/fr/item/1", text, lang="en")  # untranslated FR page: same English text
    other_lang = c.add("https://m/page", text, lang="de")
    copy = c.add("https://z/copy", text, lang="en", date="2024-04-01")
    d = c.reduce()
    assert en not in d.drops and fr_same_text not in d.drops and other_lang not in d.drops
    assert d.drops[copy].duplicate_of == c.keys[en].id


def test_translations_linked_by_locale_prefix_or_hreflang():
    c = Corpus()
    en = c.add("https://n/en/news/1", words(1, 80), "en", "2024-03-02")
    fr = c.add("https://n/fr/news/1", words(2, 80, "fr"), "fr", "2024-03-01")
    en2 = c.add("https://n/news-en/2", words(3, 80), "en", alternates=("https://n/actus/2",))
    fr2 = c.add("https://n/actus/2", words(4, 80, "fr"), "fr")
    lone = c.add("https://n/en/news/3", words(5, 80), "en")
    d = c.reduce()
    assert d.links[en].translation_of == c.keys[fr].id and d.links[fr].translation_of is None
    assert d.links[en].alternates == {"fr": "https://n/fr/news/1"}
    assert d.links[fr].alternates == {"en": "https://n/en/news/1"}
    assert d.links[fr2].translation_of == c.keys[en2].id or d.links[en2].translation_of == c.keys[fr2].id
    assert lone not in d.links and d.clusters["translation_groups"] == 2
    off = c.reduce(config_from_dict({"translations": {"enabled": False}}))
    assert not off.links


def test_near_dedup_threshold_and_disable():
    c = Corpus()
    text = " ".join(words(7, 300).split())
    a = c.add("https://a/1", text)
    b = c.add("https://b/1", edit_words(text, 30), date="2024-03-09")  # 5-gram Jaccard ~0.71
    many_bands = {"bands": 28, "rows": 4}  # makes a J=0.71 pair a candidate almost surely (1 - 0.75**28)
    c.hasher = MinHasher(config_from_dict({"near_dedup": many_bands}).near_dedup)
    d = c.reduce(config_from_dict({"near_dedup": many_bands}))
    assert a not in d.drops and b not in d.drops and d.stats["build/near_dedup/candidate_pairs"] >= 1
    loose = c.reduce(config_from_dict({"near_dedup": {**many_bands, "threshold": 0.6}}))
    assert loose.drops.get(b) is not None and loose.drops[b].reason == "near_duplicate"
    assert not c.reduce(config_from_dict({"near_dedup": {"enabled": False}, "exact_dedup": {"enabled": False}}
                                         )).drops
