#!/usr/bin/env python3
"""Search benchmark: this site's Thai search against stock mkdocs-material search, in Chromium.

    python bench/search.py [--keep DIR] [--verbose]

1. Builds the demo agency twice (a third time for the second stock variant):
   - "oit":   `oit build` (the site as shipped: its theme and its search, issue #4);
   - "stock": the same pages built by plain `mkdocs build` with stock mkdocs-material:
     the pages the `oit` plugin generates (bench/build.py's `prepare_baseline`: its
     `render_site` pages and data files, `content/`, the plugin's Markdown extensions,
     the same `nav:`), `theme: material, language: th` with material's defaults (so its
     Google Fonts too: the demo's `font: false` is dropped) and material's search
     plugin with `lang: th` (lunr with its Thai segmenter);
   - "stock, lang en": the same with a plain `- search` (recall only).
2. Serves each on 127.0.0.1 and drives it in Debian's Chromium (Playwright), typing
   each query into the site's own search box: ours (the #4 contract:
   `button.oit-search-open`, `input#oit-search-input`, `ol#oit-search-results`) and
   material's (`.md-search__input`, `.md-search-result__item`).
3. Prints recall for each query and overall, the first view of an item page
   (/2569/oit/o1/) in KiB, the off-site requests and axe-core's WCAG 2.1 A/AA
   violations on six pages and with the search open, for every build.

Ground truth (see bench/README.md): the expected pages of each query are derived from
the text of the oit build's pages (their <article>), never from either search engine.
Recall of a query = |expected ∩ top 10| / min(|expected|, 10), over distinct pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "tests"))

from browser.harness import (  # noqa: E402
    Unavailable, Visit, find_axe, first_view, is_search_index, launch_chromium, run_axe, serve, sync_playwright)
from browser.search import address, containing, normalise, open_search, page_texts, pages, search  # noqa: E402

TOP = 10
GOAL = 0.95
ITEM = "2569/oit/o1/"
PAGES = {"home": "", "OIT index": "2569/oit/", "item O1": ITEM, "indicator 9": "2569/indicators/9/",
         "analysis": "2569/analysis/", "measures": "2569/measures/"}


# --- the queries ------------------------------------------------------------------------
#
# kind "phrase": expected = every page whose text contains the query (spaces and digit
#                forms ignored: "๒๕๖๘" = "2568");
# kind "words":  the query has several words; expected = every page containing each of them;
# kind "items":  expected = the OIT item pages (<year>/oit/o<n>/) whose title contains the query;
# kind "pages":  expected = the pages listed (hand-picked).

@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    note: str
    pages: tuple[str, ...] = ()


QUERIES = [
    # words a citizen types, many of them inside compounds on the pages
    Query("สินบน", "phrase", "inside ความเสี่ยงเรื่องสินบน, การรับสินบน"),
    Query("ป้องกัน", "phrase", "inside มาตรการป้องกัน, ป้องกันการทุจริต"),
    Query("จัดซื้อจัดจ้าง", "phrase", "ITA term, inside การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"),
    Query("ความโปร่งใส", "phrase", "ITA term"),
    Query("ร้องเรียน", "phrase", "inside เรื่องร้องเรียนการทุจริต"),
    Query("งบประมาณ", "phrase", "inside ปีงบประมาณ, การใช้งบประมาณ"),
    Query("ทุจริต", "phrase", "inside การทุจริตและประพฤติมิชอบ"),
    Query("จริยธรรม", "phrase", "inside ประมวลจริยธรรม"),
    Query("ผลประโยชน์ทับซ้อน", "phrase", "conflict of interest"),
    Query("พัสดุ", "phrase", "inside การจัดหาพัสดุ"),
    Query("ประชาสัมพันธ์", "phrase", "inside ข่าวประชาสัมพันธ์"),
    Query("ทรัพยากรบุคคล", "phrase", "inside การบริหารและพัฒนาทรัพยากรบุคคล"),
    Query("มีส่วนร่วม", "phrase", "inside การเปิดโอกาสให้เกิดการมีส่วนร่วม"),
    Query("คู่มือ", "phrase", "manuals"),
    Query("ความเสี่ยง", "phrase", "inside การประเมินความเสี่ยง"),
    Query("คุณธรรม", "phrase", "inside ส่งเสริมคุณธรรม"),
    Query("ภาษี", "phrase", "inside งานจัดเก็บภาษี, รับชำระภาษี"),
    Query("ขยะ", "phrase", "a citizen's topic"),
    Query("รับสินบน", "phrase", "inside การให้หรือรับสินบน"),
    # phrases typed without spaces
    Query("มาตรการป้องกัน", "phrase", "phrase without spaces"),
    Query("ป้องกันการทุจริต", "phrase", "phrase without spaces"),
    Query("เรื่องร้องเรียนการทุจริต", "phrase", "phrase without spaces"),
    Query("การประเมินความเสี่ยงการทุจริต", "phrase", "phrase without spaces"),
    Query("ข้อมูลสถิติการให้บริการ", "phrase", "item title, without spaces"),
    Query("ช่องทางแจ้งเรื่องร้องเรียน", "phrase", "item title fragment"),
    Query("รายงานผลการดำเนินงานประจำปี", "phrase", "item title"),
    Query("การเปิดโอกาสให้เกิดการมีส่วนร่วม", "phrase", "item title"),
    Query("ลดขั้นตอน", "phrase", "a measure's words"),
    Query("ขออนุญาตก่อสร้าง", "phrase", "a service a citizen looks for"),
    Query("การใช้รถส่วนกลาง", "phrase", "a measure's words"),
    Query("ศูนย์บริการร่วม", "phrase", "a place a citizen looks for"),
    Query("ผ่านดีเยี่ยม", "phrase", "the top ITA level"),
    # item title fragments an assessor types (the item pages must come up)
    Query("แผนปฏิบัติการป้องกันการทุจริต", "items", "item title (O32 2567, O25 2568, O23 2569)"),
    Query("ข่าวประชาสัมพันธ์", "items", "item title"),
    Query("ข้อมูลผู้บริหาร", "items", "item title"),
    Query("ประมวลจริยธรรม", "items", "item title fragment"),
    Query("แผนการบริหารและพัฒนาทรัพยากรบุคคล", "items", "item title"),
    Query("E-Service", "items", "Latin item title (E–Service with an en dash in 2568 is not expected)"),
    # two-word queries
    Query("มาตรการ ป้องกัน", "words", "two words"),
    Query("รายงาน ทุจริต", "words", "two words"),
    Query("สถิติ ร้องเรียน", "words", "two words, the other order"),
    Query("คู่มือ บริการ", "words", "two words"),
    Query("ความเสี่ยง สินบน", "words", "two words"),
    Query("No Gift Policy", "words", "Latin words"),
    # years, in Thai and Arabic digits
    Query("ผลการประเมิน ๒๕๖๘", "words", "Thai-digit year"),
    Query("ปีงบประมาณ ๒๕๖๙", "words", "Thai-digit year"),
    Query("ITA ๒๕๖๗", "words", "Thai-digit year"),
    Query("๒๕๖๘", "phrase", "a Thai-digit year alone"),
    Query("มาตรการ 2569", "words", "Arabic-digit year"),
    # item codes
    Query("O19", "pages", "item code: the O19 page of each year",
          ("2567/oit/o19/", "2568/oit/o19/", "2569/oit/o19/")),
    Query("o11", "pages", "item code in lower case", ("2567/oit/o11/", "2568/oit/o11/", "2569/oit/o11/")),
    Query("O25", "pages", "item code", ("2567/oit/o25/", "2568/oit/o25/", "2569/oit/o25/")),
    Query("O23 ๒๕๖๘", "pages", "item code and a Thai-digit year", ("2568/oit/o23/",)),
]


def expected_pages(query: Query, texts: dict[str, str], titles: dict[str, str]) -> list[str]:
    if query.kind == "phrase":
        return containing(texts, query.text)
    if query.kind == "words":
        words = [normalise(w) for w in query.text.split()]
        return [page for page, text in texts.items() if all(w in text for w in words)]
    if query.kind == "items":
        needle = normalise(query.text)
        return [page for page, title in titles.items() if needle in title]
    if query.kind == "pages":
        return list(query.pages)
    raise ValueError(query.kind)


def item_titles(site: Path) -> dict[str, str]:
    """Each OIT item page's <h1>, normalised, by address."""
    from bs4 import BeautifulSoup

    titles = {}
    for html in sorted(site.glob("*/oit/o*/index.html")):
        h1 = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        titles[html.parent.relative_to(site).as_posix() + "/"] = normalise(h1.get_text(" ") if h1 else "")
    return titles


def recall(expected: list[str], found: list[str]) -> float:
    if not expected:
        return 1.0
    top = set(found[:TOP])
    return len(top & set(expected)) / min(len(expected), TOP)


# --- the builds -------------------------------------------------------------------------


def _load_build_bench():
    spec = importlib.util.spec_from_file_location("oit_bench_build", BENCH / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(BENCH))
    spec.loader.exec_module(module)
    return module


def _run(command: list[str], cwd: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def build_oit(work: Path) -> Path:
    site = work / "oit-site"
    _run([sys.executable, "-m", "site_builder.cli", "build", str(REPO), "--site-dir", str(site)])
    return site


def build_stock(work: Path, name: str, search_plugin) -> Path:
    """The demo's pages in a plain mkdocs-material project with material's search plugin."""
    project = work / f"{name}-project"
    baseline = _load_build_bench().prepare_baseline(REPO, project)
    config = yaml.safe_load(baseline.config.read_text(encoding="utf-8"))
    theme = dict(config.get("theme") or {})
    theme.pop("font", None)  # material's default: Google Fonts
    theme.pop("custom_dir", None)
    config["theme"] = theme
    config["plugins"] = [search_plugin]
    baseline.config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = work / f"{name}-site"
    _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(baseline.config), "-d", str(site)])
    return site


# --- driving each site's search ------------------------------------------------------------

_MATERIAL_WATCH = """() => {
  const w = window.__benchWatch || (window.__benchWatch = {count: 0, last: 0});
  if (!w.observer) {
    w.observer = new MutationObserver(() => { w.count++; w.last = performance.now(); });
    w.observer.observe(document.querySelector(".md-search-result"),
                       {childList: true, subtree: true, characterData: true});
  }
  w.count = 0; w.start = performance.now();
}"""

_MATERIAL_SETTLED = """() => {
  const w = window.__benchWatch, now = performance.now();
  if (w.count === 0) return now - w.start > 3000;  // nothing changed: the same results again
  return now - w.last > 300;
}"""


class OurSearch:
    name = "oit"

    def __init__(self, page):
        self.page = page
        open_search(page)

    def query(self, text: str) -> list[str]:
        return pages(search(self.page, text))

    def open_for_axe(self) -> None:
        search(self.page, "มาตรการ")


class MaterialSearch:
    name = "material"

    def __init__(self, page):
        self.page = page
        toggle = page.locator("label.md-header__button[for='__search']").first
        if toggle.is_visible():  # a narrow window: the magnifier opens the search
            toggle.click()
        page.locator(".md-search__input").click()  # wide: the box is in the header
        # material's worker loads its index (and lunr's languages) first
        page.wait_for_function("""() => {
            const meta = document.querySelector(".md-search-result__meta");
            return meta && meta.textContent.trim() !== "" && !/…|\\.\\.\\.$/.test(meta.textContent.trim());
        }""", timeout=30_000)

    def query(self, text: str) -> list[str]:
        box = self.page.locator(".md-search__input")
        self.page.evaluate(_MATERIAL_WATCH)
        box.fill(text)
        box.dispatch_event("keyup")
        self.page.wait_for_function(_MATERIAL_SETTLED, timeout=15_000, polling=50)
        hrefs = self.page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item",
            "items => items.map(li => (li.querySelector('a') || {}).href).filter(Boolean)")
        return pages([(address(href, self.page.url), "") for href in hrefs])

    def open_for_axe(self) -> None:
        self.query("มาตรการ")


# --- measuring one build ------------------------------------------------------------------


@dataclass
class Figures:
    label: str
    recalls: dict[str, float] = field(default_factory=dict)
    found: dict[str, list[str]] = field(default_factory=dict)
    first_view_kib: float = 0.0
    first_view_responses: int = 0
    first_view_largest: list[tuple[str, int]] = field(default_factory=list)
    index_before_interaction: list[str] = field(default_factory=list)
    offsite: dict[str, list[str]] = field(default_factory=dict)
    axe: dict[str, list[dict]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def mean_recall(self) -> float:
        return sum(self.recalls.values()) / len(self.recalls)

    @property
    def complete(self) -> int:
        return sum(1 for r in self.recalls.values() if r >= 1.0)


def measure(browser, site: Path, label: str, engine, queries: list[tuple[Query, list[str]]],
            axe_js: Path | None, full: bool) -> Figures:
    figures = Figures(label)
    server, base = serve(site)
    started = time.perf_counter()
    try:
        desktop = {"viewport": {"width": 1280, "height": 800}}
        if full:
            v = Visit(browser, base, **desktop)
            total, sizes = first_view(v, ITEM)
            figures.first_view_kib = total / 1024
            figures.first_view_responses = len(sizes)
            figures.first_view_largest = sorted(sizes, key=lambda s: -s[1])[:4]
            figures.index_before_interaction = [u for u in v.requests if is_search_index(u)]
            v.close()
            for name, path in PAGES.items():
                v = Visit(browser, base, **desktop)
                v.goto(path)
                figures.offsite[name] = v.offsite_requests()
                if axe_js is not None:
                    figures.axe[name] = run_axe(v.page, axe_js)
                v.close()
        v = Visit(browser, base, **desktop)
        v.goto("")
        driver = engine(v.page)
        for query, _ in queries:
            figures.found[query.text] = driver.query(query.text)
        if full:
            driver.open_for_axe()
            figures.offsite["search open"] = v.offsite_requests()
            if axe_js is not None:
                figures.axe["search open"] = run_axe(v.page, axe_js)
        v.close()
    finally:
        server.shutdown()
        server.server_close()
    for query, expected in queries:
        figures.recalls[query.text] = recall(expected, figures.found[query.text])
    figures.seconds = time.perf_counter() - started
    return figures


# --- report -----------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def report(queries: list[tuple[Query, list[str]]], runs: list[Figures], verbose: bool) -> None:
    print(f"\nRecall per query (top {TOP}; expected pages in brackets):")
    header = f"  {'query':<34} {'kind':<6} {'exp':>4}  " + "  ".join(f"{r.label:>14}" for r in runs)
    print(header)
    for query, expected in queries:
        cells = "  ".join(f"{_pct(r.recalls[query.text]):>14}" for r in runs)
        print(f"  {query.text:<34} {query.kind:<6} {len(expected):>4}  {cells}")
        if verbose:
            for r in runs:
                missing = [p for p in expected if p not in r.found[query.text][:TOP]]
                if r.recalls[query.text] < 1.0:
                    print(f"      {r.label}: top {TOP} {r.found[query.text][:TOP]}; missing {missing[:6]}")
    print("\nSummary")
    width = max(len(r.label) for r in runs) + 2
    for r in runs:
        verdict = "PASS" if r.mean_recall >= GOAL else "FAIL"
        line = (f"  {r.label:<{width}} recall {_pct(r.mean_recall):>6} (mean of {len(r.recalls)} queries; "
                f"{r.complete}/{len(r.recalls)} queries with every expected page in the top {TOP})")
        print(line + (f"  goal ≥ {_pct(GOAL)}: {verdict}" if r.label == "oit" else ""))
    for r in runs:
        if not r.offsite:
            continue
        offsite = sum(len(v) for v in r.offsite.values())
        hosts = sorted({u.split("/")[2] for v in r.offsite.values() for u in v if "//" in u})
        print(f"  {r.label:<{width}} first view of /{ITEM}: {r.first_view_kib:.1f} KiB in "
              f"{r.first_view_responses} responses (budget 400 KiB); search index before interaction: "
              f"{'yes' if r.index_before_interaction else 'no'}")
        print(" " * (width + 4) + "largest: " + ", ".join(f"{path.rsplit('/', 1)[-1] or path} {size / 1024:.0f} KiB"
                                                        for path, size in r.first_view_largest))
        print(f"  {r.label:<{width}} off-site requests: {offsite} on {len(r.offsite)} views "
              f"({', '.join(f'{k} {len(v)}' for k, v in r.offsite.items())})" + (f"; hosts: {', '.join(hosts)}" if hosts else ""))
        if r.axe:
            total = sum(len(v) for v in r.axe.values())
            per_page = "; ".join(f"{name} {len(v)}" + (f" [{', '.join(x['id'] for x in v)}]" if v else "")
                                 for name, v in r.axe.items())
            print(f"  {r.label:<{width}} axe-core WCAG 2.1 A/AA violations: {total} on {len(r.axe)} views ({per_page})")
    print()
    for r in runs:
        print(f"  {r.label:<{width}} measured in {r.seconds:.1f} s")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the sites into DIR and keep them")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the missing pages of each query")
    parser.add_argument("--no-axe", action="store_true", help="skip axe-core")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_args(argv)
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="oit-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        oit_site = build_oit(work)
        stock_site = build_stock(work, "stock", {"search": {"lang": "th"}})
        stock_en_site = build_stock(work, "stock-en", "search")
        print(f"Built the demo three ways in {time.perf_counter() - started:.1f} s under {work}")
        texts, titles = page_texts(oit_site), item_titles(oit_site)
        queries = [(q, expected_pages(q, texts, titles)) for q in QUERIES]
        empty = [q.text for q, expected in queries if not expected]
        if empty:
            print(f"queries with no expected page in the demo: {empty}", file=sys.stderr)
            return 1
        kinds = {}
        for q, _ in queries:
            kinds[q.kind] = kinds.get(q.kind, 0) + 1
        print(f"{len(queries)} queries ({', '.join(f'{n} {k}' for k, n in kinds.items())}); "
              f"{len(texts)} pages in the oit build")
        try:
            axe_js = None if arguments.no_axe else find_axe()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                print(f"Chromium {browser.version}")
                runs = [
                    measure(browser, oit_site, "oit", OurSearch, queries, axe_js, full=True),
                    measure(browser, stock_site, "stock (th)", MaterialSearch, queries, axe_js, full=True),
                    measure(browser, stock_en_site, "stock (en)", MaterialSearch, queries, None, full=False),
                ]
                browser.close()
        except Unavailable as missing:
            print(missing, file=sys.stderr)
            return 1
        report(queries, runs, arguments.verbose)
        return 0
    finally:
        if arguments.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
