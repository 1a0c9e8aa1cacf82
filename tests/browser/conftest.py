"""Browser tests: the demo site built once, served on loopback, driven by Debian's Chromium.

One ``oit build`` of the demo agency and one Chromium for the whole of tests/browser/
(the suite must stay well under a minute). Chromium is ``/usr/bin/chromium`` (Debian's package; ``.ci/run``
installs it) or ``$OIT_CHROMIUM``; Playwright's own browser downloads are never used.
A missing browser fails the tests with a message saying how to install it: never a
skip. axe-core comes from npm: ``$OIT_AXE_JS`` (a path to ``axe.min.js``), or
``tests/browser/node_modules`` (git-ignored), installed with ``npm ci`` from
``package-lock.json`` the first time it is needed.

Figures worth reading (first-view KiB, requests, axe results, 390 px checks) are
collected with the ``figures`` fixture and printed at the end of the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from .harness import Unavailable, Visit, find_axe, launch_chromium, run_axe, serve, sync_playwright

REPO = Path(__file__).resolve().parent.parent.parent

# The pages every check visits (addresses of the demo agency, docs/site.md).
HOME = ""
OIT_INDEX = "2569/oit/"
ITEM = "2569/oit/o1/"
INDICATOR = "2569/indicators/9/"
ANALYSIS = "2569/analysis/"
MEASURES = "2569/measures/"
PAGES = {"home": HOME, "OIT index": OIT_INDEX, "item O1": ITEM, "indicator 9": INDICATOR,
         "analysis": ANALYSIS, "measures": MEASURES}

_FIGURES: list[str] = []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The demo agency built with `oit build` (once per session)."""
    from site_builder.cli import main

    site = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(main, ["build", str(REPO), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    server, url = serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


# Package scope, not session: Playwright's sync API keeps an asyncio loop marked as running
# in this thread while it is open, which breaks asyncio.run() in the other tests (oit links).
# The browser closes when the last test of tests/browser/ is done.
@pytest.fixture(scope="package")
def browser():
    playwright = None
    try:
        playwright = sync_playwright().start()
        chromium = launch_chromium(playwright)
    except Unavailable as missing:
        problem = str(missing)
    else:
        problem = None
    if problem is not None:
        if playwright is not None:
            playwright.stop()
        pytest.fail(problem, pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def visit(browser, base_url):
    """Opens fresh desktop contexts (1280×800) that record every request; closed after the test."""
    opened: list[Visit] = []

    def open_(**options) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        opened.append(Visit(browser, base_url, **options))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    try:
        return find_axe()
    except Unavailable as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="package")
def desktop_view(browser, base_url, axe_js):
    """Each of PAGES loaded once in a fresh 1280×800 context: its requests, its lang, axe-core's violations.

    Shared by the request and the axe tests so that each page is loaded only once.
    """
    views: dict[str, dict] = {}

    def view(name: str) -> dict:
        if name not in views:
            v = Visit(browser, base_url, viewport={"width": 1280, "height": 800})
            try:
                v.goto(PAGES[name])
                v.page.mouse.wheel(0, 2000)  # content below the fold (lazy images) loads too
                v.page.wait_for_timeout(100)
                v.page.wait_for_load_state("networkidle")
                views[name] = {"requests": list(v.requests), "offsite": v.offsite_requests(),
                               "lang": v.page.evaluate("document.documentElement.lang"),
                               "axe": run_axe(v.page, axe_js)}
            finally:
                v.close()
        return views[name]

    return view


@pytest.fixture(scope="session")
def figures() -> list[str]:
    """Lines printed under "browser figures" at the end of the run."""
    return _FIGURES


def pytest_terminal_summary(terminalreporter):
    if _FIGURES:
        terminalreporter.section("browser figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)
