"""Helpers of :mod:`corpus.extract` (page metadata read from the HTML head)."""
