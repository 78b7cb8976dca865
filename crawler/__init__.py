"""The Scrapy project: discovers article URLs from sources and archives every HTTP exchange to WARC.

It archives bytes and never judges text. Importing this package must not import Scrapy
(``crawler.sources`` is used by the corpus build too).
"""
