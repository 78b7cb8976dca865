"""Downloader middlewares: ``safety`` (domains, private addresses) and ``archive`` (WARC + state)."""
