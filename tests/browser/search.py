"""Driving the site's search (the contract of issue #4) from Playwright; shared by the tests and bench/search.py.

The contract: a header button ``button.oit-search-open`` (accessible name "ค้นหา") opens
``dialog#oit-search``; typing into ``input#oit-search-input`` fills
``ol#oit-search-results`` with ``li > a`` (href = the page, text = item code and title);
``#oit-search-status`` (aria-live) says how many results; ``search/index.json`` is
fetched only when the dialog opens or the reader types.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

OPEN = "button.oit-search-open"
DIALOG = "dialog#oit-search"
INPUT = "input#oit-search-input"
RESULTS = "ol#oit-search-results > li > a"
STATUS = "#oit-search-status"
SETTLE_MS = 250  # results are final once the list and status have not changed for this long

_WATCH = """() => {
  const w = window.__oitWatch || (window.__oitWatch = {count: 0, last: 0});
  if (!w.observer) {
    w.observer = new MutationObserver(() => { w.count++; w.last = performance.now(); });
    for (const sel of ["#oit-search-results", "#oit-search-status"]) {
      const el = document.querySelector(sel);
      if (el) w.observer.observe(el, {childList: true, subtree: true, characterData: true});
    }
  }
  w.count = 0; w.start = performance.now();
}"""

_SETTLED = """settle => {
  const w = window.__oitWatch, now = performance.now();
  const status = (document.querySelector("#oit-search-status") || {}).textContent || "";
  if (w.count === 0) return now - w.start > 3000;       // nothing changed: the same results again
  return now - w.last > settle && status.trim() !== "";
}"""


def open_search(page) -> None:
    page.locator(OPEN).click()
    page.wait_for_selector(f"{DIALOG}[open]")


def search(page, query: str, timeout: float = 10_000) -> list[tuple[str, str]]:
    """Types ``query`` into the open dialog; returns the results as (address, link text), addresses relative to the site root."""
    page.evaluate(_WATCH)
    page.locator(INPUT).fill(query)
    page.wait_for_function(_SETTLED, arg=SETTLE_MS, timeout=timeout, polling=50)
    found = page.eval_on_selector_all(RESULTS, "as => as.map(a => [a.href, a.textContent])")
    return [(address(href, page.url), " ".join(text.split())) for href, text in found]


def status_text(page) -> str:
    return " ".join(page.locator(STATUS).inner_text().split())


def address(href: str, page_url: str) -> str:
    """``http://127.0.0.1:1234/2569/oit/o19/#evidence`` → ``2569/oit/o19/`` (no fragment)."""
    path = urlsplit(href).path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def pages(results: list[tuple[str, str]]) -> list[str]:
    """Distinct pages in the order of the results (several results may point into one page)."""
    seen: list[str] = []
    for path, _ in results:
        if path not in seen:
            seen.append(path)
    return seen


# --- ground truth from the built site ---------------------------------------------------

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalise(text: str) -> str:
    """What a phrase is matched on: Arabic digits, lower case, no whitespace at all."""
    return re.sub(r"\s+", "", text.translate(THAI_DIGITS)).lower()


def page_texts(site: Path) -> dict[str, str]:
    """Every page's main text (its ``<article>``), normalised, by address (``2569/oit/o19/``)."""
    texts = {}
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is not None:
            texts["" if relative == "." else relative + "/"] = normalise(article.get_text(""))
    return texts


def containing(texts: dict[str, str], phrase: str) -> list[str]:
    """The pages whose text contains ``phrase`` (whitespace and digit forms ignored)."""
    needle = normalise(phrase)
    return [page for page, text in texts.items() if needle in text]
