"""``corpus clean-text``: clean one plain-text document (no Scrapy import, fast start)."""

from __future__ import annotations

import click

from corpus.errors import CorpusError


def _read(source: str) -> str:
    """The text of FILE, or stdin for "-"; bad encodings are a CorpusError, not a traceback."""
    try:
        stream = click.open_file(source, "r", encoding="utf-8", errors="strict")
        with stream:
            return stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read {source}: {exc}") from exc


@click.command(name="clean-text")
@click.argument("source", metavar="FILE|-", default="-")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Language of the text; auto detects it with langdetect.")
@click.option("--title", default=None, help="The article title (never dropped by the context stage).")
@click.option("-v", "--explain", is_flag=True, help="Print every removal (stage, reason, text) to stderr.")
def command(source: str, lang: str, title: str | None, explain: bool) -> None:
    """Print the cleaned text of a plain-text article (paragraphs one per line).

    \b
    Example:
      corpus clean-text --lang fr article.txt
      trafilatura -u URL | corpus clean-text -v -
    """
    from cleaners import clean

    try:
        result = clean(_read(source), lang=lang, title=title)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    if explain:
        for removal in result.removed:
            click.echo(f"[{removal.stage}/{removal.reason}] {removal.text}", err=True)
        for key, value in result.metadata.items():
            click.echo(f"metadata {key}={value}", err=True)
        click.echo(f"lang {result.lang} ({result.lang_confidence})", err=True)
    if result.text:
        click.echo(result.text)
