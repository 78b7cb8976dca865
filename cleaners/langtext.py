"""langdetect's text preparation (``Detector.append`` and ``cleaning_text``), same text out, fewer scans.

``append`` removes URLs and e-mail addresses, normalizes Vietnamese combining marks, cuts the text and
drops a space that follows a space; each substitution is skipped when the text lacks a character every
match holds ("http", "@", a mark, two spaces). The e-mail regex (``[-_.0-9A-Za-z]{1,64}@...``, ~30 us
a kilobyte: it tries every position of every word) is run only on the runs of its own characters that
hold an "@": every match is made of these characters (so it lies inside one run) and an attempt inside
a run fails at the run's end as it fails at the end of the text, so ``sub`` gives the same text.

``cleaning_text`` removes the Latin letters ('A' to 'z') when the non-Latin characters (from U+0300
up) are more than twice as many; counted without a loop with a Unicode block lookup per character:
the Latin ones by deleting them from the text's Latin-1 bytes, the others (by a regex) only when the
characters above U+00FF, which bound them from above, are more than twice the Latin ones.
"""

from __future__ import annotations

import re

from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

_SPACE_RUN_RE = re.compile(" {2,}")
_LATIN_RE = re.compile("[A-z]")  # langdetect's test: 'A' <= ch <= 'z'
_LATIN_BYTES = bytes(range(ord("A"), ord("z") + 1))
# ch >= '\u0300': langdetect's non-Latin characters (its exception for Latin Extended Additional
# compares unicode_block's number with a name, so it never applies)
_HIGH_RE = re.compile("[^\x00-\u02ff]")
# the characters of Detector.MAIL_RE's matches: its three classes and the "@"
_MAIL_CHARS = frozenset("-_.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@")
_MAIL_RUN_RE = re.compile("[-_.0-9A-Za-z@]*")


def appended(text: str, max_length: int) -> str:
    """What ``Detector.append(text)`` adds to an empty detector's text."""
    if "http" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = without_mail(text)
    if any(mark in text for mark in NGram.DMARK_CLASS):
        text = NGram.normalize_vi(text)
    text = text[:max_length]
    if "  " in text:  # every match holds two spaces (the regex alone scans ~10 ns a character)
        text = _SPACE_RUN_RE.sub(" ", text)
    return text


def without_mail(text: str) -> str:
    """``Detector.MAIL_RE.sub(" ", text)``, the regex run on the runs of its characters holding an "@"."""
    out: list[str] = []
    done, at = 0, text.find("@")
    while at >= 0:
        begin = at
        while begin > done and text[begin - 1] in _MAIL_CHARS:
            begin -= 1
        end = _MAIL_RUN_RE.match(text, at).end()  # type: ignore[union-attr]  (matches the empty string)
        out += (text[done:begin], Detector.MAIL_RE.sub(" ", text[begin:end]))
        done, at = end, text.find("@", end)
    out.append(text[done:])
    return "".join(out)


def cleaned(text: str) -> str:
    """``Detector.cleaning_text`` on ``text``."""
    if text.isascii():
        return text  # no character from U+0300 up
    kept = text.encode("latin-1", "ignore")  # the characters up to U+00FF: 'A' to 'z' among them
    latin = len(kept) - len(kept.translate(None, _LATIN_BYTES))
    # the characters above U+00FF (dropped by the encoding) bound the non-Latin count from above
    if 2 * latin >= len(text) - len(kept) or 2 * latin >= len(_HIGH_RE.findall(text)):
        return text  # langdetect keeps the text
    return _LATIN_RE.sub("", text)
