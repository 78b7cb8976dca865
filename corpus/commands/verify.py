"""``corpus verify``: check a snapshot's checksums, row counts and schema against its manifest."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("verify")
@click.argument("snapshot", type=click.Path(path_type=Path))
def command(snapshot: Path) -> None:
    """Verify a snapshot; exit status 1 and a message naming each bad file if anything is off.

    \b
    Example:
      corpus verify snapshots/3f2a9c0d1e4b5a67
    """
    from corpus.verify import verify_snapshot

    report = verify_snapshot(snapshot)
    if not report.ok:
        raise click.ClickException(f"{snapshot} FAILED verification:\n  " + "\n  ".join(report.problems))
    click.echo(f"OK {report.snapshot_id}: {report.files_checked} files verified")
