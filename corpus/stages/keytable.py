"""The reduce keys of a whole corpus in columns: no Python object per document.

A list of :class:`corpus.stages.keys.DocKey` costs about 570 bytes per document (a dataclass, six strings, a
tuple) in small objects that stay alive for the whole reduce, interleaved in memory with the map phase's
short-lived objects (so they also pin allocator arenas). A :class:`KeyTable` holds the same values in a few
buffers: strings as one UTF-8 buffer plus offsets, languages and dates (few distinct values) as integer
codes into a list of values, about 140 bytes per document. ``table[i]`` rebuilds the ``DocKey`` of row
``i``; the reduce reads single columns where it loops over every document.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corpus.stages.keys import DocKey, keep_order

_ENC = "surrogatepass"  # any Python str round-trips, lone surrogates included


@dataclass
class Strings:
    """Strings in one UTF-8 buffer: string ``i`` is ``data[offsets[i]:offsets[i + 1]]``."""

    data: bytes
    offsets: array  # array("q"), len(self) + 1 entries

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:
        return self.data[self.offsets[i]:self.offsets[i + 1]].decode("utf-8", _ENC)

    @classmethod
    def of(cls, values: Iterable[str]) -> Strings:
        b = StringsBuilder()
        for v in values:
            b.add(v)
        return b.build()

    @classmethod
    def concat(cls, parts: list[Strings]) -> Strings:
        return cls(b"".join(p.data for p in parts), join_offsets([p.offsets for p in parts]))


def join_offsets(parts: list[array]) -> array:
    """Offset arrays (each starting at 0, ``n + 1`` entries) of consecutive parts as one: each part's
    offsets shifted by where the previous parts end."""
    offsets = array("q", [0])
    for part in parts:
        base = offsets[-1]
        offsets.extend(o + base for o in part[1:])
    return offsets


class StringsBuilder:
    def __init__(self) -> None:
        self._data = bytearray()
        self._offsets = array("q", [0])

    def add(self, value: str) -> None:
        self._data += value.encode("utf-8", _ENC)
        self._offsets.append(len(self._data))

    def build(self) -> Strings:
        return Strings(bytes(self._data), self._offsets)


@dataclass
class Interned:
    """A column of few distinct values (``str`` or None): row ``i`` is ``values[codes[i]]``; equal values
    have equal codes."""

    values: list[str | None]
    codes: array  # array("i")

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> str | None:
        return self.values[self.codes[i]]

    def code_array(self) -> np.ndarray:
        return np.frombuffer(self.codes, dtype=np.int32) if len(self.codes) else np.zeros(0, np.int32)

    @classmethod
    def concat(cls, parts: list[Interned]) -> Interned:
        b = InternedBuilder()
        for p in parts:
            remap = [b.code(v) for v in p.values]
            b.codes.extend(remap[c] for c in p.codes)
        return b.build()


class InternedBuilder:
    def __init__(self) -> None:
        self._index: dict[str | None, int] = {}
        self.values: list[str | None] = []
        self.codes = array("i")

    def code(self, value: str | None) -> int:
        c = self._index.get(value)
        if c is None:
            c = self._index[value] = len(self.values)
            self.values.append(value)
        return c

    def add(self, value: str | None) -> None:
        self.codes.append(self.code(value))

    def build(self) -> Interned:
        return Interned(self.values, self.codes)


@dataclass
class KeyTable:
    """The columns of :class:`DocKey` (``alternates``: row ``i``'s URLs are ``alt_urls[alt_start[i]:
    alt_start[i + 1]]``)."""

    uid: array  # array("q")
    id: Strings
    url: Strings
    lang: Interned  # "" when unknown, as in DocKey
    date: Interned
    fetched_at: Strings
    alt_start: array  # array("q"), len + 1 entries
    alt_urls: Strings

    def __len__(self) -> int:
        return len(self.uid)

    def __getitem__(self, i: int) -> DocKey:
        return DocKey(self.uid[i], self.id[i], self.url[i], self.lang[i] or "", self.date[i],
                      self.fetched_at[i], self.alternates(i))

    def alternates(self, i: int) -> tuple[str, ...]:
        return tuple(self.alt_urls[j] for j in range(self.alt_start[i], self.alt_start[i + 1]))

    def order(self, i: int) -> tuple[bool, str, str, int]:
        """``self[i].order()``, reading only the columns it needs."""
        return keep_order(self.date[i], self.url[i], self.uid[i])

    @classmethod
    def of(cls, keys: Iterable[DocKey]) -> KeyTable:
        b = KeyTableBuilder()
        for k in keys:
            b.add(k)
        return b.build()

    @classmethod
    def concat(cls, parts: list[KeyTable]) -> KeyTable:
        uid = array("q")
        for p in parts:
            uid.extend(p.uid)
        alt_start = join_offsets([p.alt_start for p in parts])
        return cls(uid, Strings.concat([p.id for p in parts]), Strings.concat([p.url for p in parts]),
                   Interned.concat([p.lang for p in parts]), Interned.concat([p.date for p in parts]),
                   Strings.concat([p.fetched_at for p in parts]), alt_start,
                   Strings.concat([p.alt_urls for p in parts]))


class KeyTableBuilder:
    """Rows appended one at a time (the map side), straight into the compact columns."""

    def __init__(self) -> None:
        self._uid = array("q")
        self._id, self._url, self._fetched, self._alts = (StringsBuilder() for _ in range(4))
        self._lang, self._date = InternedBuilder(), InternedBuilder()
        self._alt_start = array("q", [0])

    def add(self, key: DocKey) -> None:
        self._uid.append(key.uid)
        self._id.add(key.id)
        self._url.add(key.url)
        self._lang.add(key.lang)
        self._date.add(key.date)
        self._fetched.add(key.fetched_at)
        for url in key.alternates:
            self._alts.add(url)
        self._alt_start.append(self._alt_start[-1] + len(key.alternates))

    def build(self) -> KeyTable:
        return KeyTable(self._uid, self._id.build(), self._url.build(), self._lang.build(),
                        self._date.build(), self._fetched.build(), self._alt_start, self._alts.build())
