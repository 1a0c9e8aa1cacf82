"""Phones: at 390 px nothing scrolls sideways but wide tables in their own scroll box; taps of 44 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ANALYSIS, HOME, ITEM, MEASURES, OIT_INDEX

WIDTH = 390
MIN_TARGET = 44
PHONE = {"viewport": {"width": WIDTH, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
MOBILE_PAGES = {"home": HOME, "OIT index": OIT_INDEX, "item O1": ITEM, "analysis": ANALYSIS,
                "measures": MEASURES}
LAYOUT_JS = (Path(__file__).parent / "layout.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """One phone-sized context for the module; each page's layout checked once."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    results = {}

    def layout(address: str) -> dict:
        if address not in results:
            response = page.goto(base_url + address, wait_until="load")
            assert response.status == 200
            page.evaluate("document.fonts.ready.then(() => true)")
            results[address] = page.evaluate(LAYOUT_JS)
        return results[address]

    yield layout
    context.close()


@pytest.mark.parametrize("name", list(MOBILE_PAGES))
def test_nothing_scrolls_sideways_at_390_px(phone, name, figures):
    result = phone(MOBILE_PAGES[name])
    figures.append(f"390 px {name:<10} scrollWidth {result['scrollWidth']}, outside the viewport and "
                   f"no scroll box: {len(result['overflowing'])}, touch targets < {MIN_TARGET} px: "
                   f"{len(result['smallTargets'])}/{result['targets']}")
    assert result["scrollWidth"] <= WIDTH, f"{name}: the page is {result['scrollWidth']} px wide"
    assert not result["overflowing"], (
        f"{name}: elements wider than the {WIDTH} px viewport outside a scroll container "
        "(.oit-table-wrap / .md-typeset__scrollwrap):\n"
        + "\n".join(f"  {o['selector']}  [{o['left']}, {o['right']}]" for o in result["overflowing"][:20]))


@pytest.mark.parametrize("name", list(MOBILE_PAGES))
def test_touch_targets_are_44_px(phone, name):
    result = phone(MOBILE_PAGES[name])
    small = result["smallTargets"]
    assert not small, (
        f"{name}: {len(small)} of {result['targets']} links/buttons in <main> have a tap area under "
        f"{MIN_TARGET} px tall:\n"
        + "\n".join(f"  {s['selector']}  {s['width']}×{s['height']}  “{s['text']}”" for s in small))


def test_search_dialog_fits_a_phone(browser, base_url):
    """Every control of the open search dialog lies inside the dialog at 390 px."""
    from .search import open_search, search

    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(base_url + ITEM, wait_until="load")
        open_search(page)
        search(page, "O19")
        dialog = page.locator("#oit-search").bounding_box()
        assert dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= 390
        for selector in ("#oit-search-input", ".oit-search-close", "#oit-search-results a"):
            box = page.locator(selector).first.bounding_box()
            assert box["x"] >= dialog["x"] and box["x"] + box["width"] <= dialog["x"] + dialog["width"] + 0.5, selector
    finally:
        context.close()
