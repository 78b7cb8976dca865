"""langdetect's language profiles as arrays, loaded in ~40% of the CPU time of its own factory.

``DetectorFactory.load_profile`` reads the 55 JSON profiles and builds, in a Python loop, a dict holding
for each of the 87,598 n-grams a list of 55 floats (``1.0 * count / n_words[len(gram) - 1]`` in the
column of each profile holding the n-gram, 0.0 elsewhere): ~0.3 s of CPU and ~50 MB per process.
:class:`LangModel` reads the same files, in the same (directory) order, and keeps only the nonzero
probabilities, one sparse row per n-gram (CSR arrays, ~2 MB), computed by numpy's float64 division of
the same two numbers (the count and the n-gram total, both exact as doubles): the same IEEE quotient.
:meth:`LangModel.dense` makes the full rows of the n-grams a detector meets (:mod:`cleaners.lang` keeps
them); :class:`ProbabilityMap` shows the model as langdetect's ``word_lang_prob_map`` (n-gram -> list of
floats) and :class:`ModelFactory` as its factory, for langdetect's own ``Detector``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from itertools import chain

import numpy as np
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from cleaners.langgrams import normalization_table

_SPACE = " "  # langdetect never reads the lone space as an n-gram (``w != ' '``)


class LangModel:
    """The profiles of ``directory`` (langdetect's ``load_profile``: files in ``os.listdir`` order, names
    starting with a dot and non-files skipped, rows as wide as the directory has entries).

    ``codes``: n-gram -> its code, negative (``-k`` for the model's n-gram ``k``, from 1), the lone
    space left out; ``indptr``/``langs``/``probs``: the nonzero probabilities of n-gram ``k`` are
    ``probs[indptr[k]:indptr[k + 1]]`` in the columns ``langs[...]``; ``chars``: langdetect's character
    normalization as a ``str.translate`` table."""

    def __init__(self, directory: str) -> None:
        names = os.listdir(directory)
        if not names:
            raise LangDetectException(ErrorCode.NeedLoadProfileError, "Not found profile: " + directory)
        self.width = len(names)
        profiles = [_read(os.path.join(directory, n)) for n in names if _is_profile(directory, n)]
        self.langlist: list[str] = []
        for profile in profiles:
            if profile["name"] in self.langlist:
                raise LangDetectException(ErrorCode.DuplicateLangError,
                                          "Duplicate the same language profile.")
            self.langlist.append(profile["name"])
        grams = dict.fromkeys(chain.from_iterable(p["freq"] for p in profiles))
        self.size = len(grams)  # n-grams 1..size
        self.codes: dict[str, int] = dict(zip(grams, range(-1, -self.size - 1, -1), strict=True))
        self._sparse(profiles)
        self.codes.pop(_SPACE, None)
        self.chars = normalization_table()

    def _sparse(self, profiles: list[dict]) -> None:
        grams, langs, probs = [], [], []
        for column, profile in enumerate(profiles):
            freq = profile["freq"]
            k, p = _probabilities(profile)
            codes = np.fromiter(map(self.codes.__getitem__, freq), dtype=np.int64, count=len(freq))
            grams.append(-codes[k])
            langs.append(np.full(len(p), column, dtype=np.int16))
            probs.append(p)
        gram = np.concatenate(grams)
        order = np.argsort(gram, kind="stable")
        self.langs = np.concatenate(langs)[order]
        self.probs = np.concatenate(probs)[order]
        self.indptr = np.zeros(self.size + 2, dtype=np.int64)
        np.cumsum(np.bincount(gram, minlength=self.size + 1), out=self.indptr[1:])

    def dense(self, grams: np.ndarray) -> np.ndarray:
        """The full rows (``width`` floats, langdetect's list) of the n-grams numbered ``grams``."""
        starts, ends = self.indptr[grams], self.indptr[grams + 1]
        counts = ends - starts
        rows = np.repeat(np.arange(len(grams)), counts)
        at = np.arange(counts.sum()) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
        out = np.zeros((len(grams), self.width))
        out[rows, self.langs[at]] = self.probs[at]
        return out

    def row(self, gram: str) -> list[float]:
        """langdetect's ``word_lang_prob_map[gram]`` (KeyError when the profiles lack it)."""
        if gram == _SPACE:
            raise KeyError(gram)  # (never read: langdetect tests ``w != ' '`` first)
        return self.dense(np.array([-self.codes[gram]]))[0].tolist()


def _is_profile(directory: str, name: str) -> bool:
    return not name.startswith(".") and os.path.isfile(os.path.join(directory, name))


def _read(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not (isinstance(data.get("name"), str) and isinstance(data.get("freq"), dict)
                and len(data.get("n_words", ())) >= 3):
            raise ValueError("name, freq and n_words expected")
    except OSError as exc:
        raise LangDetectException(ErrorCode.FileLoadError, f'Cannot open "{path}"') from exc
    except ValueError as exc:
        raise LangDetectException(ErrorCode.FormatError, f'Profile format error in "{path}"') from exc
    return data


def _probabilities(profile: dict) -> tuple[np.ndarray, np.ndarray]:
    """The positions (in ``freq``'s order) of the n-grams of 1 to 3 characters and their probabilities,
    ``1.0 * count / n_words[len - 1]`` as langdetect computes them (float64 quotient of two exact
    doubles); longer or empty n-grams keep langdetect's 0.0."""
    freq = profile["freq"]
    lengths = np.fromiter(map(len, freq), dtype=np.int64, count=len(freq))
    counts = np.array(list(freq.values()), dtype=np.float64)
    keep = ((lengths >= 1) & (lengths <= 3)).nonzero()[0]
    totals = np.array(profile["n_words"][:3], dtype=np.float64)[lengths[keep] - 1]
    if not totals.all():
        raise LangDetectException(ErrorCode.FormatError, f"Profile format error: {profile['name']}")
    return keep, counts[keep] / totals


class ProbabilityMap(Mapping[str, list]):
    """The model as langdetect's ``word_lang_prob_map`` (rows made when asked for)."""

    def __init__(self, model: LangModel) -> None:
        self.model = model

    def __getitem__(self, gram: str) -> list[float]:
        return self.model.row(gram)

    def __contains__(self, gram: object) -> bool:
        return gram in self.model.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.model.codes)

    def __len__(self) -> int:
        return len(self.model.codes)


class ModelFactory:
    """What langdetect's ``Detector`` reads from its ``DetectorFactory``: ``word_lang_prob_map``,
    ``langlist`` and ``seed``."""

    def __init__(self, model: LangModel, seed: int) -> None:
        self.model, self.seed = model, seed
        self.langlist = model.langlist
        self.word_lang_prob_map = ProbabilityMap(model)
