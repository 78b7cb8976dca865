"""The one error type the library raises for bad input; the CLI turns it into a ClickException."""


class CorpusError(Exception):
    """A problem with the user's input or data (bad sources file, unreadable snapshot, ...)."""
