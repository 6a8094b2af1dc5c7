"""The article reader's figures: recall and precision on the development articles in tests/articles/
(read as their test reads them), and seconds per article of 1,000 words."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from geo.extract.claims import read_article
from tests.test_extract_articles import ARTICLES, DECIDING, VOCABULARY, read

#: Words in the article the timing reads.
TIMED_WORDS = 1000


def extract_figures() -> dict[str, Any]:
    expected_total = found_total = matched = 0
    texts = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text, published, outlet = read(path)
        texts.append(text)
        expected = [tuple(c.get(f, "") for f in DECIDING) for c in json.loads(path.with_suffix(".json").read_text())]
        drafts = read_article(text, published, VOCABULARY, outlet=outlet)
        found = [tuple(str(d.fields()[f]) for f in DECIDING) for d in drafts]
        expected_total, found_total = expected_total + len(expected), found_total + len(found)
        matched += sum(min(expected.count(claim), found.count(claim)) for claim in set(expected))
    # An article of 1,000 words: the development articles one after another, as often as it takes.
    long_article = "\n\n".join(texts)
    while len(long_article.split()) < TIMED_WORDS:
        long_article += "\n\n" + "\n\n".join(texts)
    start = time.perf_counter()
    read_article(long_article, date(2021, 7, 14), VOCABULARY)
    seconds = time.perf_counter() - start
    return {
        "extract_dev_articles": len(texts),
        "extract_dev_recall": round(matched / expected_total, 3),
        "extract_dev_precision": round(matched / found_total, 3),
        "extract_seconds_per_1000_words": round(seconds * TIMED_WORDS / len(long_article.split()), 3),
    }
