"""Regenerate the fixture pages and their gold files: ``python tests/fixtureweb/pages/_source/build.py``.

Each site module writes its pages through :mod:`kit`, which records every article paragraph in
``keep`` and every boilerplate string in ``drop``. The pages were written the way real news sites
word and lay out their chrome, before the cleaners were tuned on them."""

from __future__ import annotations

import alliancewatch
import balticinfo
import courrier
import defense
import heldout
import heldout2
import ledger

if __name__ == "__main__":
    for site in (courrier, defense, ledger, alliancewatch, balticinfo, heldout, heldout2):
        site.build()
