"""Build options: one dataclass per stage, grouped in :class:`BuildConfig`, loadable from TOML.

Everything that can change the snapshot's bytes is in the config and serialized into its manifest;
``runtime`` (workers, temp dir) never changes the output and is left out, so a build with 1 or 8 workers
gives the same snapshot id.

Example ``build.toml`` (every key optional; unknown keys are an error naming the key)::

    [extract]            # keyword arguments of corpus.extract.ExtractOptions
    lang = "auto"
    [boilerplate]
    min_docs = 3
    min_fraction = 0.1
    [quality]
    min_words = 50
    [near_dedup]
    bands = 14
    rows = 8
    threshold = 0.8
    [snapshot]
    rows_per_shard = 100000
    [runtime]
    workers = 2
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import CorpusError
from corpus.stages.boilerplate import BoilerplateOptions
from corpus.stages.dedup import ExactDedupOptions
from corpus.stages.minhash import MinHashOptions
from corpus.stages.quality import QualityOptions
from corpus.stages.translations import TranslationOptions
from crawler.sources import Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class SnapshotOptions:
    """Parquet layout. Shards of at most ``rows_per_shard`` rows, row groups of exactly ``row_group_size``
    rows (the last one shorter), zstd level 3 (zstd's own default: a good speed/size point). 1,000 rows
    of news text (~15 KB per row with extracted_text and the removal log) make ~15 MB row groups: big
    enough for fast scans, small enough that writer and reader buffers stay bounded."""

    rows_per_shard: int = 100_000
    row_group_size: int = 1_000
    compression: str = "zstd"
    compression_level: int = 3


@dataclass(frozen=True)
class RuntimeOptions:
    """How the build runs; never changes the output, so not written to the manifest."""

    workers: int = 1
    tmp_dir: str | None = None  # default: a ``.tmp-*`` directory inside the output root


@dataclass(frozen=True)
class BuildConfig:
    extract: dict[str, Any] = field(default_factory=dict)  # ExtractOptions keyword arguments
    boilerplate: BoilerplateOptions = BoilerplateOptions()
    quality: QualityOptions = QualityOptions()
    exact_dedup: ExactDedupOptions = ExactDedupOptions()
    near_dedup: MinHashOptions = MinHashOptions()
    translations: TranslationOptions = TranslationOptions()
    snapshot: SnapshotOptions = SnapshotOptions()
    sources: tuple[Source, ...] = ()
    runtime: RuntimeOptions = RuntimeOptions()

    def __post_init__(self) -> None:
        validate(self)

    def extract_options(self):
        """The :class:`corpus.extract.ExtractOptions` of this build (sources included)."""
        from corpus.extract import ExtractOptions

        known = {f.name for f in dataclasses.fields(ExtractOptions)} - {"sources"}
        for key in self.extract:
            if key not in known:
                raise CorpusError(f"config: unknown key 'extract.{key}' (known: {', '.join(sorted(known))})")
        try:
            return ExtractOptions(**self.extract, sources=self.sources)
        except TypeError as e:
            raise CorpusError(f"config: bad [extract] value: {e}") from None

    def to_manifest(self) -> dict[str, Any]:
        """Everything that shapes the output, JSON-ready (sorted by the canonical JSON writer)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name in ("runtime", "sources", "extract"):
                continue
            out[f.name] = dataclasses.asdict(getattr(self, f.name))
        ext = dataclasses.asdict(self.extract_options())
        ext.pop("sources", None)
        out["extract"] = ext
        out["sources"] = [_source_dict(s) for s in sorted(self.sources, key=lambda s: s.name)]
        return out

    def with_runtime(self, **kwargs: Any) -> BuildConfig:
        return dataclasses.replace(self, runtime=dataclasses.replace(self.runtime, **kwargs))


def _source_dict(s: Source) -> dict[str, Any]:
    d = dataclasses.asdict(s)
    d.pop("extra", None)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def validate(cfg: BuildConfig) -> None:
    checks = [
        (cfg.boilerplate.min_docs >= 2, "boilerplate.min_docs must be >= 2"),
        (0 <= cfg.boilerplate.min_fraction <= 1, "boilerplate.min_fraction must be in [0, 1]"),
        (cfg.quality.min_words >= 0, "quality.min_words must be >= 0"),
        (0 <= cfg.quality.min_alpha_word_ratio <= 1, "quality.min_alpha_word_ratio must be in [0, 1]"),
        (cfg.near_dedup.bands >= 1 and cfg.near_dedup.rows >= 1, "near_dedup.bands and rows must be >= 1"),
        (cfg.near_dedup.ngram >= 1, "near_dedup.ngram must be >= 1"),
        (0 < cfg.near_dedup.threshold <= 1, "near_dedup.threshold must be in (0, 1]"),
        (cfg.snapshot.rows_per_shard >= 1, "snapshot.rows_per_shard must be >= 1"),
        (cfg.snapshot.row_group_size >= 1, "snapshot.row_group_size must be >= 1"),
        (cfg.runtime.workers >= 1, "runtime.workers must be >= 1"),
    ]
    for ok, msg in checks:
        if not ok:
            raise CorpusError(f"config: {msg}")


def _build_section(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise CorpusError(f"config: [{where}] must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in data.items():
        if key not in fields:
            raise CorpusError(f"config: unknown key '{where}.{key}' (known: {', '.join(sorted(fields))})")
        default = getattr(cls(), key)
        kwargs[key] = _check_type(value, default, f"{where}.{key}")
    return cls(**kwargs)


def _check_type(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool) or default is None and isinstance(value, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, str) or default is None:
        ok = isinstance(value, str)
    else:
        ok = True
    if not ok:
        raise CorpusError(f"config: key '{where}' must be of type {type(default).__name__}, got {value!r}")
    return value


_SECTIONS: dict[str, type] = {
    "boilerplate": BoilerplateOptions,
    "quality": QualityOptions,
    "exact_dedup": ExactDedupOptions,
    "near_dedup": MinHashOptions,
    "translations": TranslationOptions,
    "snapshot": SnapshotOptions,
    "runtime": RuntimeOptions,
}


def config_from_dict(data: dict[str, Any], sources: tuple[Source, ...] = ()) -> BuildConfig:
    kwargs: dict[str, Any] = {"sources": sources}
    for key, value in data.items():
        if key == "extract":
            if not isinstance(value, dict):
                raise CorpusError("config: [extract] must be a table")
            kwargs["extract"] = dict(value)
        elif key in _SECTIONS:
            kwargs[key] = _build_section(_SECTIONS[key], value, key)
        else:
            known = ", ".join(sorted([*_SECTIONS, "extract"]))
            raise CorpusError(f"config: unknown key '{key}' (known sections: {known})")
    cfg = BuildConfig(**kwargs)
    cfg.extract_options()  # validates [extract] keys now, not in a worker
    return cfg


def load_config(path: str | Path | None, sources: tuple[Source, ...] = ()) -> BuildConfig:
    """Read a TOML build config (None: all defaults)."""
    if path is None:
        return config_from_dict({}, sources)
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise CorpusError(f"cannot read config file {p}: {e.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CorpusError(f"{p}: not a valid UTF-8 TOML file: {e}") from None
    try:
        return config_from_dict(data, sources)
    except CorpusError as e:
        raise CorpusError(f"{p}: {e}") from None
