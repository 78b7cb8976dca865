"""trafilatura's recall and precision runs on one page, with the steps they share done once.

``trafilatura.extract(tree, fast=True, include_comments=False, favor_recall=True)`` and the same call
with ``favor_precision=True`` both start by copying the page, looking for a forum thread, and pruning
the same raw-tree XPaths (on a page that is not a forum thread); only then do their options differ.
:class:`TrafilaturaRuns` does that prefix once and runs the rest of ``trafilatura.core``'s sequence
for each mode on the shared pruned tree (which no later step modifies: tree cleaning works on a copy,
the baseline rescue copies its input). It also skips the backup copy of the cleaned tree that only
the non-fast comparison and comment capture read, prunes with :mod:`corpus.ensemble.prune`
(same elements removed, pre-screened in C) and extracts the content with
:func:`corpus.ensemble.sections.extract_content_lazily` (trafilatura's, ``OVERALL_DISCARD_XPATH``
pre-screened, its backup copy of the cleaned tree rebuilt from the shared tree only when read) and turns
it into text with :data:`corpus.ensemble.text_output.determine_returnstring` (trafilatura's, its line
cleaning short-cut for printable lines). The
text is the one ``trafilatura.extract`` returns, step for step (``bench/extract_parity.py``);
forum-thread pages, and any trafilatura version other than the one this mirrors, go through
``trafilatura.extract`` itself.
"""

from __future__ import annotations

from copy import copy

import trafilatura
from lxml import etree
from trafilatura import core
from trafilatura.htmlprocessing import convert_tags
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.ensemble.prune import Pruner
from corpus.ensemble.sections import extract_content_lazily
from corpus.ensemble.text_output import determine_returnstring
from corpus.ensemble.tree_cleaning import tree_cleaning

MIRRORED_VERSION = "2.3.1"  # the trafilatura.core sequence below is this version's
MODES = ("recall", "precision")
# prune_unwanted_nodes with each list trafilatura_sequence prunes with (see corpus.ensemble.prune)
_PRUNE_RAW = Pruner(core.RAW_TREE_PRUNE_XPATH)
_PRUNE_COMMENTS_AND_LISTS = Pruner(core.REMOVE_COMMENTS_AND_LISTS_XPATH)
_PRUNE_COMMENTS = Pruner(core.REMOVE_COMMENTS_XPATH)


def options_for(mode: str, url: str | None) -> TrafilaturaOptions:
    """The options ``trafilatura.extract`` builds for our call (see :func:`extract_text`): a copy of
    the mode's template with the page's own URL (see :class:`_Templates`)."""
    template = _TEMPLATES.get(mode)
    options = _shallow_copy(template)
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as the constructor sets it
    options.author_blacklist, options.url_blacklist = set(), set()  # the constructor's fresh containers
    # the constructor's date parameters hold today's date (a clock and time zone read); only the metadata
    # step reads them, which these runs do not take (with_metadata=False): the template's, in a fresh dict
    options.date_params = dict(template.date_params)
    return options


# the slots of trafilatura's options class (it has no __dict__), base classes included
_SLOTS = tuple(dict.fromkeys(
    name for cls in TrafilaturaOptions.__mro__ for name in getattr(cls, "__slots__", ())
    if name not in ("__dict__", "__weakref__")))


def _shallow_copy(options: TrafilaturaOptions) -> TrafilaturaOptions:
    """``copy.copy(options)``: a new instance holding the same slot values (unset slots stay unset),
    which is what the copy protocol's ``__reduce_ex__`` state does, without its generic machinery."""
    if hasattr(options, "__dict__"):  # another version with instance dictionaries: the generic copy
        return copy(options)
    out = TrafilaturaOptions.__new__(TrafilaturaOptions)
    for name in _SLOTS:
        try:
            value = getattr(options, name)
        except AttributeError:
            continue
        setattr(out, name, value)
    return out


def _build_options(mode: str) -> TrafilaturaOptions:
    return TrafilaturaOptions(
        config=DEFAULT_CONFIG, output_format="txt", fast=True, precision=mode == "precision",
        recall=mode == "recall", comments=False, formatting=None, links=False, images=False, tables=True,
        dedup=False, lang=None, url=None, with_metadata=False, only_with_metadata=False,
        tei_validation=False, author_blacklist=None, url_blacklist=None, date_params=None,
    )


class _Templates:
    """The constructor's options for each mode without a URL. Building them reads trafilatura's
    ``DEFAULT_CONFIG`` nine times through ``ConfigParser`` (~80 us a page, a third of a small page's
    trafilatura run); a template is reused while the config's values are those it was built from
    (the URL-dependent and mutable fields are set afresh per page by :func:`options_for`)."""

    def __init__(self) -> None:
        self._built: dict[str, tuple[dict[str, str], TrafilaturaOptions]] = {}

    def get(self, mode: str) -> TrafilaturaOptions:
        values = DEFAULT_CONFIG.defaults()  # the config's own mapping: compared with a copy, not copied
        got = self._built.get(mode)
        if got is None or got[0] != values:
            got = self._built[mode] = (dict(values), _build_options(mode))
        return got[1]


_TEMPLATES = _Templates()


def extract_text(tree: etree._Element, url: str | None, mode: str) -> str | None:
    """``trafilatura.extract`` as the ensemble calls it. deduplicate=False: trafilatura's dedup cache
    is process-global (output would depend on history). fast=True: no readability/jusText fallback
    inside trafilatura, the ensemble votes with readability-lxml itself. Comments are not article text."""
    return trafilatura.extract(tree, url=url, fast=True, deduplicate=False, include_comments=False,
                               include_tables=True, favor_recall=mode == "recall",
                               favor_precision=mode == "precision")


def _cleaned(tree: etree._Element, options: TrafilaturaOptions) -> etree._Element:
    """trafilatura_sequence's cleaning of its (copied) tree for one mode: deterministic, so run again on
    another copy of the same tree it builds the same elements in the same order."""
    cleaned = convert_tags(tree_cleaning(tree, options), options, options.url)
    if options.focus == "precision":
        cleaned = _PRUNE_COMMENTS(cleaned)
    return cleaned


class TrafilaturaRuns:
    """Both modes of :func:`extract_text` on one page; the shared prefix runs on first use.
    ``consume=True``: nothing reads ``tree`` after the first run, so the prefix prunes it in place
    instead of a copy (taken up only for the root of a document without top-level siblings, which is
    what the copy would be); then ``text("precision", last=True)`` also cleans the shared pruned tree
    itself instead of a copy, and no run may follow it."""

    def __init__(self, tree: etree._Element, url: str | None, *, consume: bool = False) -> None:
        self.tree, self.url = tree, url
        self._consume = (consume and tree.getparent() is None and tree.getprevious() is None
                         and tree.getnext() is None)
        self._shared: etree._Element | None = None
        self._failed: Exception | None = None  # what the shared prefix raised, raised again per run
        self._direct = trafilatura.__version__ != MIRRORED_VERSION
        self._spent = False  # the shared tree was consumed by a last run

    def text(self, mode: str, *, last: bool = False) -> str | None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if self._spent:
            raise RuntimeError("a run marked last already consumed the page")
        if not self._direct and self._shared is None and self._failed is None:
            self._prepare()
        if self._direct:
            return extract_text(self.tree, self.url, mode)
        if self._failed is not None:
            if isinstance(self._failed, (TypeError, ValueError)):
                return None  # trafilatura's bare_extraction turns these into "no result"
            raise self._failed
        return self._run(mode, last and self._consume and mode == "precision")

    def _prepare(self) -> None:
        """bare_extraction's copy, then trafilatura_sequence up to where the modes differ."""
        try:
            tree = self.tree if self._consume else copy(self.tree)
            # comments are content there: modes prune differently (a read: extract_text gets the page)
            if core._forum_thread_page(tree):
                self._direct = True
                return
            tree = _PRUNE_RAW(tree)
            self._shared = _PRUNE_COMMENTS_AND_LISTS(tree)
        except Exception as exc:  # re-raised (or turned into None) per run, as each run would
            self._failed = exc

    def _run(self, mode: str, consume: bool = False) -> str | None:
        options = options_for(mode, self.url)
        try:
            postbody, temp_text = self._sequence(options, consume)
            if options.max_tree_size:  # bare_extraction's tree size check
                if len(postbody) > options.max_tree_size:
                    etree.strip_tags(postbody, "hi")
                if len(postbody) > options.max_tree_size:
                    raise ValueError
            if len(temp_text) < options.min_output_size and 0 < options.min_output_comm_size:
                raise ValueError
        except (TypeError, ValueError):
            return None
        document = TrafilaturaDocument()
        document.raw_text, document.commentsbody, document.body = temp_text, etree.Element("body"), postbody
        return determine_returnstring(document, options)  # trafilatura's (corpus.ensemble.text_output)

    def _sequence(self, options: TrafilaturaOptions, consume: bool = False) -> tuple[etree._Element, str]:
        """trafilatura_sequence after the shared prefix, for fast mode without comments, not a forum.
        ``consume``: clean the shared tree itself (precision mode only: its sequence reads the shared
        tree nowhere else)."""
        tree = self._shared
        self._spent = consume
        cleaned = _cleaned(tree if consume else copy(tree), options)
        # the backup copy of ``cleaned`` that the content extraction's recovery pass reads (rarely): the
        # same steps again on a new copy of the shared tree, which nothing modifies in between
        backup = None if consume else (lambda: _cleaned(copy(tree), options))
        postbody, temp_text = extract_content_lazily(cleaned, options, backup)
        if len(temp_text) < options.min_extracted_size and options.focus != "precision":
            b_body, b_text, b_len = core.baseline(tree)  # baseline copies its input
            if b_len > len(temp_text):
                postbody, temp_text = b_body, b_text
        return postbody, temp_text
