"""``corpus inspect``: what cleaning removed from one document, in the terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from corpus.errors import CorpusError


def use_color(choice: str) -> bool:
    """``auto``: colour only on a terminal and when ``NO_COLOR`` is unset (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command("inspect")
@click.argument("snapshot", type=click.Path(file_okay=False, path_type=Path))
@click.argument("key", metavar="DOC_ID|URL")
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour removed spans (auto: only on a terminal without NO_COLOR).",
)
def command(snapshot: Path, key: str, color: str) -> None:
    """Print the extracted text of one document with every span the cleaning removed struck through
    and labelled with its stage (plain: [-removed text-][stage]). DOC_ID may be a unique prefix.

    \b
    Example:
      corpus inspect snapshots/1a2b3c4d5e6f7a8b https://www.nato.int/cps/en/natohq/news_1.htm
    """
    from corpus.report import inspect_document

    colored = use_color(color)
    try:
        text = inspect_document(snapshot, key, color=colored)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(text, color=colored)
