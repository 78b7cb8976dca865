"""Building blocks of ``corpus schedule`` (see :mod:`corpus.schedule`): timing, lock, one cycle, units."""
