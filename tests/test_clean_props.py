"""Property tests: any Unicode in, no exception; the output is made of input paragraphs (or spans of
them, when a stage trims a credit); every dropped paragraph is accounted for; runs are repeatable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import clean, default_stages

STAGES = default_stages()  # langdetect profiles loaded once for the module

# Realistic lines mixed with arbitrary text, so the stages have something to fire on.
LINES = [
    "Tout accepter", "Continuer sans accepter", "Nous utilisons des cookies pour améliorer votre expérience.",
    "Créer un compte", "Mot de passe oublié ?", "Sign in", "Subscribe to our newsletter",
    "Share on Facebook", "Suivez-nous sur Instagram", "5 min read", "Lecture : 3 min",
    "Photo : AFP", "© Reuters", "Publié le 3 mars 2024 à 10h15", "Updated March 4, 2024",
    "Lire aussi : Le sommet de l'OTAN", "Related: Baltic air policing", "• |", "OK",
    "Les ministres se sont réunis mardi à Bruxelles pour discuter du soutien à l'Ukraine et des budgets.",
    "The ministers met in Brussels on Tuesday to discuss support for Ukraine and defence budgets.",
    "AccueilMondeEurope", "Home › World › Europe",
]
line = st.one_of(st.sampled_from(LINES), st.text(max_size=80))
documents = st.lists(line, max_size=25).map("\n".join)
settings_ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _input_paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@settings_
@given(st.text())
def test_any_unicode_never_raises(text: str) -> None:
    result = clean(text, lang="auto", stages=STAGES)
    assert result.text == "\n".join(result.paragraphs)


@settings_
@given(documents, st.sampled_from(["fr", "en", "auto"]))
def test_output_is_made_of_input_paragraphs(text: str, lang: str) -> None:
    inputs = _input_paragraphs(text)
    result = clean(text, lang=lang, stages=STAGES)
    trimmed = {r.text for r in result.removed}
    for para in result.paragraphs:
        assert para in inputs or any(para in p for p in inputs), para
    # every input paragraph is either kept whole, dropped (recorded), or trimmed (span recorded)
    kept_whole = sum(1 for p in result.paragraphs if p in inputs)
    dropped = result.stats["clean/paragraphs"] - result.stats["clean/kept"]
    assert result.stats["clean/paragraphs"] == len(inputs)
    assert result.stats["clean/kept"] == len(result.paragraphs)
    assert len(result.removed) >= dropped and (kept_whole == len(result.paragraphs) or trimmed)
    assert sum(v for k, v in result.stats.items() if k.startswith("clean/dropped/")) == dropped


@settings(max_examples=40, deadline=None)
@given(documents)
def test_repeatable_and_order_independent_of_history(text: str) -> None:
    first = clean(text, lang="auto", stages=STAGES)
    clean("Un tout autre texte, en français, pour changer l'historique du détecteur.", stages=STAGES)
    second = clean(text, lang="auto", stages=STAGES)
    assert (first.paragraphs, first.removed, first.lang, first.lang_confidence, first.metadata) == (
        second.paragraphs, second.removed, second.lang, second.lang_confidence, second.metadata)


def _article_paragraphs(lang: str) -> list[str]:
    from tests.scoring import load_pages

    paras = {p for page in load_pages() if page.gold["lang"] == lang for p in page.gold["keep"]}
    return sorted(p for p in paras if len(p.split()) >= 20)


PROSE = {lang: _article_paragraphs(lang) for lang in ("fr", "en")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["fr", "en"]).flatmap(
    lambda lang: st.tuples(
        st.just(lang),
        st.lists(st.sampled_from(PROSE[lang]), min_size=1, max_size=6, unique=True),
        st.lists(st.sampled_from(LINES), max_size=12),
        st.randoms(use_true_random=False),
    )))
def test_article_prose_survives_any_mix_of_boilerplate(case) -> None:
    """Fixture article paragraphs (20+ words) shuffled among boilerplate lines are all kept."""
    lang, prose, chrome, rnd = case
    lines = prose + chrome
    rnd.shuffle(lines)
    result = clean("\n".join(lines), lang=lang, stages=STAGES)
    assert [p for p in result.paragraphs if p in prose] == [p for p in lines if p in prose]
