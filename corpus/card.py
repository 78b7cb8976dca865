"""The snapshot's ``README.md`` dataset card, rendered from its manifest (deterministic, no clock)."""

from __future__ import annotations

from typing import Any

from corpus.snapshot import DATA_FIELDS, DROPPED_FIELDS

LOAD_EXAMPLE = """```python
from corpus import load
snap = load("path/to/this/directory")          # verifies checksums
for doc in snap.filter(lang="fr", date_from="2024-01-01"):
    print(doc["date"], doc["title"], doc["url"])
```"""


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return out


def render_card(manifest: dict[str, Any]) -> str:
    counts = manifest["counts"]
    lines = [
        "# News corpus snapshot",
        "",
        "Built by `corpus build` (newscorpus "
        f"{manifest['versions'].get('newscorpus', '?')}). The snapshot id is the directory name; it is",
        "derived from `manifest.json` (inputs, configuration, library versions, per-shard sha256), so the",
        "same inputs and configuration always give the same id and the same bytes.",
        "`corpus verify` checks it.",
        "",
        "## Loading",
        "",
        LOAD_EXAMPLE,
        "",
        "## Statistics",
        "",
        f"- input WARC files: {counts['input_files']}",
        f"- documents extracted: {counts['documents_in']}",
        f"- documents kept: {counts['documents_out']}",
    ]
    for reason, n in counts["dropped"].items():
        lines.append(f"- dropped ({reason}): {n}")
    labels = {"exact_duplicate": "exact-duplicate clusters", "near_duplicate": "near-duplicate clusters",
              "translation_groups": "translation groups (FR/EN versions linked)"}
    for name, n in counts["clusters"].items():
        lines.append(f"- {labels.get(name, name)}: {n}")
    lines += ["", "## Files", ""]
    shard_rows = [(s["path"], str(s["rows"]), s["sha256"]) for k in ("data", "dropped")
                  for s in manifest["shards"][k]]
    lines += _table(shard_rows, ("file", "rows", "sha256"))
    lines += ["", "## Schema: `data/` (kept documents, sorted by `id`)", ""]
    lines += _table([(n, str(t), d) for n, t, d in DATA_FIELDS], ("column", "type", "meaning"))
    lines += ["", "## Schema: `dropped/` (documents removed by corpus-level stages)", ""]
    lines += _table([(n, str(t), d) for n, t, d in DROPPED_FIELDS], ("column", "type", "meaning"))
    lines += ["", "## Inputs", ""]
    lines += _table([(i["name"], str(i["bytes"]), i["sha256"]) for i in manifest["inputs"]],
                    ("WARC file", "bytes", "sha256"))
    lines += ["", "## Library versions", ""]
    lines += _table(sorted(manifest["versions"].items()), ("package", "version"))
    return "\n".join(lines) + "\n"
