"""``corpus diff A B``: documents added (+), removed (-) and changed (~) between two snapshots."""

from __future__ import annotations

import json
from pathlib import Path

import click

from corpus.errors import CorpusError


@click.command("diff")
@click.argument("a", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object with counts and changes.")
def command(a: Path, b: Path, as_json: bool) -> None:
    """Compare two snapshots by document id and text sha256.

    \b
    Example:
      corpus diff snapshots/3f2a9c0d1e4b5a67 snapshots/9be01f2c3d4a5b6c
    """
    from corpus.diffing import diff_snapshots

    try:
        diff = diff_snapshots(a, b)
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(diff.to_dict(), indent=2, sort_keys=True, ensure_ascii=False))
        return
    for change in diff.changes:
        click.echo(change.line())
    c = diff.counts()
    click.echo(f"{c['added']} added, {c['removed']} removed, {c['changed']} changed, "
               f"{c['unchanged']} unchanged")
