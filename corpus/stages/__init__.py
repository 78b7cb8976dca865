"""Corpus-level stages: each is a small class with a ``name``, cited defaults and one method.

Per-document stages run in the per-file map phase (:mod:`corpus.stages.boilerplate` applies learned site
chrome,
:mod:`corpus.stages.quality` filters); corpus-wide stages run in the reduce phase over small per-document
keys sorted deterministically (:mod:`corpus.stages.dedup`, :mod:`corpus.stages.translations`).
"""
