"""What a reader sees on a 390 px phone and on a desktop: the evidence first, scores readable,
no heading said twice, the O1–On jump list reaching every row."""

from __future__ import annotations

import pytest

from .conftest import HOME, INDICATOR, ITEM, MEASURES, OIT_INDEX, PAGES

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def phone(browser, base_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()

    def open_(address: str):
        response = page.goto(base_url + address, wait_until="load")
        assert response.status == 200
        page.evaluate("document.fonts.ready.then(() => true)")
        return page

    yield open_
    context.close()


def test_item_page_shows_its_evidence_on_the_first_screen(phone):
    page = phone(ITEM)
    evidence = page.locator("h2#evidence").bounding_box()
    facts = page.locator("dl.oit-facts").bounding_box()
    first_link = page.locator("ul.oit-evidence a").first.bounding_box()
    assert evidence["y"] < facts["y"]
    assert first_link["y"] + first_link["height"] <= 844, first_link  # no scrolling to reach it


def test_indicator_scores_are_not_cramped_on_a_phone(phone):
    page = phone("2569/")
    rows = page.evaluate("""() => [...document.querySelectorAll("table.oit-scores tbody tr")].map(tr => {
        const cells = [...tr.children].filter(c => c.checkVisibility());
        const table = tr.closest("table").getBoundingClientRect();
        return {name: cells[0].getBoundingClientRect().width / table.width,
                numbers: cells.slice(1).map(c => c.getBoundingClientRect().height),
                lineHeight: parseFloat(getComputedStyle(cells[1]).lineHeight)};
    })""")
    assert len(rows) == 10
    for row in rows:
        assert row["name"] > 0.9, row  # the indicator's name has the row's whole width
        assert len(row["numbers"]) == 3 and all(h < 2 * row["lineHeight"] + 12 for h in row["numbers"]), row
    headers = page.evaluate("""() => [...document.querySelectorAll("table.oit-scores thead th")]
        .filter(th => th.checkVisibility()).map(th => th.getClientRects().length && th.getBoundingClientRect().height)""")
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.oit-scores thead th:last-child')).lineHeight)")
    assert all(height < 2 * line + 16 for height in headers[-2:]), headers  # "ปี 2568", "เปลี่ยนแปลง" on one line


_CAPTIONS = """() => [...document.querySelectorAll("article table caption")].filter(c => {
    const r = c.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && c.checkVisibility();
}).map(c => {
    const wrap = c.closest(".oit-table-wrap") || c.closest("table");
    const before = wrap.previousElementSibling;
    return [c.textContent.trim(), before ? before.tagName : ""];
})"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_heading_is_repeated_as_a_table_caption(browser, base_url, size):
    context = browser.new_context(**(PHONE if size == "phone" else DESKTOP))
    try:
        page = context.new_page()
        seen = 0
        for address in [*PAGES.values(), "2569/", "links/"]:
            page.goto(base_url + address, wait_until="load")
            for caption, before in page.evaluate(_CAPTIONS):
                seen += 1
                assert before not in ("H1", "H2", "H3", "H4"), (address, caption, before)
        assert seen >= 3  # tables without a heading of their own keep a visible caption
    finally:
        context.close()


def test_oit_index_jump_list_reaches_every_row_on_a_phone(phone):
    page = phone(OIT_INDEX)
    links = page.locator("nav.oit-jump a")
    count = links.count()
    assert count == 26
    first_row = page.locator("article table tbody tr").first.bounding_box()
    jump = page.locator("nav.oit-jump").bounding_box()
    assert jump["y"] + jump["height"] < first_row["y"]  # above the list, on the first screens
    assert jump["y"] + jump["height"] <= 2 * 844
    links.nth(18).click()  # O19
    page.wait_for_function("location.hash === '#o19'")
    row = page.locator("tr#o19").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= row["y"] < 844, row  # in view, below the sticky header


def test_one_click_from_home_to_any_item(phone):
    page = phone(HOME)
    page.locator("nav.oit-jump a", has_text="O19").first.click()
    page.wait_for_url("**/2569/oit/o19/")
    assert page.locator("h1").inner_text().startswith("O19")


@pytest.mark.parametrize("address", [MEASURES, INDICATOR])
def test_measures_tables_are_cards_on_a_phone(phone, address):
    page = phone(address)
    displays = page.eval_on_selector_all("table.oit-measures tbody tr", "rs => rs.map(r => getComputedStyle(r).display)")
    assert displays and set(displays) == {"block"}
