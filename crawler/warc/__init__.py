"""WARC/1.1 writing: record serialisation (``records``), files with rotation and crash recovery
(``writer``, ``recovery``) and the CDXJ index (``cdxj``). Pure Python: no Scrapy import."""
