"""Thai search: the index is segmented at build time, queries in the browser.

The browser segments a typed query with ``Intl.Segmenter`` (ICU, no download) and
then matches each piece against the index's own words by substring, so a word
inside a compound (ป้องกัน in มาตรการป้องกัน) and a different cut of the same
phrase by ICU and by PyThaiNLP still meet. Thai and Arabic digits are the same
(๒๕๖๘ = 2568). The index is one small JSON file of words → pages, fetched only
when a reader opens the search (see ``themes/assets/javascripts/oit-search.js``).
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass

from ..base.values import to_arabic_digits

# Terms of the ITA world that must never be cut (PyThaiNLP's dictionary lacks some).
ITA_TERMS = frozenset({
    "จัดซื้อจัดจ้าง", "งบประมาณ", "ความโปร่งใส", "คุณธรรม", "ผลประโยชน์ทับซ้อน", "เรื่องร้องเรียน",
    "ร้องเรียน", "ประพฤติมิชอบ", "สินบน", "ทุจริต", "ป้องกันการทุจริต", "เปิดเผยข้อมูล", "ข้อมูลสาธารณะ",
    "การมีส่วนร่วม", "ส่วนได้ส่วนเสีย", "จริยธรรม", "ประมวลจริยธรรม", "ทรัพยากรบุคคล", "บริการออนไลน์",
    "แผนปฏิบัติการ", "แผนพัฒนาท้องถิ่น", "ความเสี่ยง", "ผู้บริหาร", "พัสดุ", "ราคากลาง", "สารบรรณ",
    "ประสิทธิภาพ", "ประชาสัมพันธ์", "ข้อบัญญัติ", "เทศบัญญัติ", "งบแสดงฐานะการเงิน",
})

# Work from the data is bounded: PyThaiNLP's segmenter grows faster than the length of
# an unspaced run (a 1 MB field took a minute), so it is given at most MAX_RUN characters
# of one run and MAX_PAGE Thai characters of one page. Real text is far below both
# (the demo's longest run is 126 characters, its largest page 13,000): the text past
# them is still on the page, only not searchable.
MAX_RUN = 1_000
MAX_PAGE = 100_000

_RUN = re.compile(r"[\u0E01-\u0E4F]+|[A-Za-z0-9]+(?:\.[0-9]+)*")
_TAG = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)
_THAI_MARKS = re.compile(r"^[\u0E30-\u0E3A\u0E47-\u0E4E]+$")


class _Dictionary:
    """The word list newmm needs (``prefixes``, ``in``), built from two sets.

    PyThaiNLP's own Trie takes ~0.8 s to build from its 62,000 words, a large part of a
    build; these sets take a tenth of that and answer the same questions.
    """

    def __init__(self, words: set[str]) -> None:
        self.words = words
        self.stems = {word[:k] for word in words for k in range(1, len(word))}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in self.words:
                found.append(piece)
            if piece not in self.stems:
                break
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


@functools.lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from pythainlp.corpus import thai_words

    return _Dictionary(set(thai_words()) | ITA_TERMS)


@functools.lru_cache(maxsize=65536)  # pages repeat their phrases: segment each run once
def _thai_words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    # _Dictionary stands in for PyThaiNLP's Trie: newmm asks it only for prefixes() and `in`.
    words = word_tokenize(run, custom_dict=_dictionary(), engine="newmm", keep_whitespace=False)  # type: ignore[arg-type]
    return tuple(w for w in words if len(w) > 1 and not _THAI_MARKS.match(w))


def words(text: str) -> list[str]:
    """Index words of a text: Thai segmented with PyThaiNLP, Latin lowercased, digits Arabic.

    At most ``MAX_PAGE`` Thai characters of the text are segmented, ``MAX_RUN`` of each run.
    """
    out: list[str] = []
    budget = MAX_PAGE
    for line in text.splitlines():
        if budget <= 0:
            break
        found, segmented = _line_words(line[:budget])  # a line never holds more Thai than it has characters
        out += found
        budget -= segmented
    return out


@functools.lru_cache(maxsize=131072)  # the same lines recur on many pages (titles, analyses)
def _line_words(line: str) -> tuple[tuple[str, ...], int]:
    """The words of one line, and how many Thai characters the segmenter was given."""
    out: list[str] = []
    segmented = 0
    for match in _RUN.finditer(to_arabic_digits(line)):
        run = match.group()
        if "\u0E01" <= run[0] <= "\u0E4F":
            run = run[:MAX_RUN]
            out += _thai_words(run)
            segmented += len(run)
        else:
            out.append(run.lower())
    return tuple(out), segmented


def page_text(page_html: str) -> str:
    """The readable text of a page's content HTML."""
    return html.unescape(_TAG.sub(" ", page_html))


@dataclass(frozen=True)
class Entry:
    url: str      # site-relative, e.g. "2569/oit/o19/"
    title: str
    text: str


def build_index(entries: list[Entry]) -> bytes:
    """``{"pages": [[url, title], …], "words": {word: [page, weight, page, weight, …]}}``.

    Weight: how often the word occurs (log-scaled), plus a bonus when it is in the
    title; the browser adds rarity (idf). Sorted, so two builds give the same bytes.
    """
    pages = sorted(entries, key=lambda e: e.url)
    postings: dict[str, list[int]] = {}
    for number, entry in enumerate(pages):
        counts = Counter(words(entry.text))
        title = set(words(entry.title))
        for word in set(counts) | title:
            weight = 1 + int(2 * math.log2(1 + counts.get(word, 0))) + (8 if word in title else 0)
            postings.setdefault(word, []).extend((number, weight))
    payload = {"pages": [[e.url, e.title] for e in pages], "words": dict(sorted(postings.items()))}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
