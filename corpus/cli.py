"""The ``corpus`` command. Each sub-command lives in ``corpus/commands/<name>.py`` and is imported
only when it runs, so ``corpus --help`` and ``corpus clean-text`` never import Scrapy."""

from __future__ import annotations

import importlib
import importlib.util

import click

# command name -> module under corpus.commands defining a click command of the same attribute name
COMMANDS: dict[str, str] = {
    "crawl": "crawl",
    "clean-text": "clean_text",
    "extract": "extract",
    "build": "build",
    "verify": "verify",
    "diff": "diff",
    "export": "export",
    "run": "run",
    "demo": "demo",
    "schedule": "schedule",
    "report": "report",
    "inspect": "inspect",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n in COMMANDS if self._module(n) is not None)

    @staticmethod
    def _module(name: str):
        mod = COMMANDS.get(name)
        if mod is None:
            return None
        spec = importlib.util.find_spec(f"corpus.commands.{mod}")
        return None if spec is None else mod

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        mod = self._module(name)
        if mod is None:
            return None
        module = importlib.import_module(f"corpus.commands.{mod}")
        return module.command


@click.group(cls=LazyGroup)
@click.version_option(package_name="newscorpus")
def main() -> None:
    """Crawl news sites to WARC, clean and deduplicate their articles, publish reproducible snapshots.

    \b
    Example:
      corpus crawl --sources sources.toml --warc-dir warcs/
      corpus build warcs/ --out snapshots/
    """
