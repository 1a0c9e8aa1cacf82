"""Thai search (issue #4's contract): found words inside compounds, phrases without spaces, digits, codes."""

from __future__ import annotations

import re

import pytest

from .conftest import HOME
from .harness import Visit, is_search_index
from .search import DIALOG, INPUT, OPEN, containing, open_search, page_texts, pages, search, status_text


@pytest.fixture(scope="module")
def texts(built_site):
    return page_texts(built_site)


@pytest.fixture(scope="module")
def session(browser, base_url):
    """One page with the dialog open for the module's queries; its requests are recorded."""
    v = Visit(browser, base_url, viewport={"width": 1280, "height": 800})
    v.goto(HOME, wait_until="load")
    before = list(v.requests)
    open_search(v.page)
    v.before_open = before
    yield v
    v.close()


def test_the_dialog_opens_from_a_named_header_button_and_loads_the_index_only_then(visit):
    from playwright.sync_api import expect

    v = visit()
    v.goto(HOME, wait_until="load")
    button = v.page.locator(OPEN)
    expect(button).to_have_count(1)
    expect(button).to_have_accessible_name("ค้นหา")
    assert v.page.locator(f"{OPEN}").evaluate("b => !!b.closest('header')"), "the search button is not in the header"
    expect(v.page.locator(DIALOG)).not_to_have_attribute("open", re.compile(".*"))
    v.page.wait_for_timeout(300)
    assert not [u for u in v.requests if is_search_index(u)], "search/index.json loaded before the search opened"
    button.click()
    expect(v.page.locator(DIALOG)).to_have_attribute("open", "")
    expect(v.page.locator(INPUT)).to_be_visible()
    assert search(v.page, "ITA")
    assert [u for u in v.requests if is_search_index(u)], "the search index was never fetched"
    assert not v.offsite_requests(), v.offsite_requests()
    # Escape closes it (the first press may only clear the search field, as Chromium does
    # for type=search), and the focus goes back to the button
    for _ in range(2):
        if v.page.locator(DIALOG).get_attribute("open") is None:
            break
        v.page.keyboard.press("Escape")
    expect(v.page.locator(DIALOG)).not_to_have_attribute("open", re.compile(".*"))
    assert v.page.evaluate("document.activeElement && document.activeElement.matches('.oit-search-open')")


def test_code_o19_gives_the_2569_item_first(session):
    results = search(session.page, "O19")
    assert results, "no result for O19"
    first_page, first_text = results[0]
    assert first_page == "2569/oit/o19/", results[:5]
    assert "O19" in first_text, first_text
    # every result link names its page: item results carry the code and the title
    for path, text in results:
        if re.fullmatch(r"\d{4}/oit/o\d+/", path):
            code = path.split("/")[2].upper()
            assert text.startswith(code + " ") and len(text) > len(code) + 3, (path, text)


def test_status_says_how_many_results(session):
    results = search(session.page, "งบประมาณ")
    assert results
    status = status_text(session.page)
    digits = status.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    assert str(len(results)) in re.findall(r"\d+", digits), status
    assert session.page.locator("#oit-search-status").get_attribute("aria-live") in ("polite", "assertive") \
        or session.page.locator("#oit-search-status").get_attribute("role") == "status"


def test_thai_and_arabic_digits_are_the_same(session):
    arabic = pages(search(session.page, "2568"))
    thai = pages(search(session.page, "๒๕๖๘"))
    assert arabic, "no result for 2568"
    assert thai == arabic


def test_word_inside_compounds(session, texts):
    """สินบน is inside ความเสี่ยงเรื่องสินบน, การรับสินบน, …: every page with it is found."""
    expected = containing(texts, "สินบน")
    found = pages(search(session.page, "สินบน"))
    assert expected, "the demo has no page with สินบน"
    assert found and found[0] in expected, found[:3]
    assert set(expected) <= set(found), f"missing: {sorted(set(expected) - set(found))}"


def test_phrase_typed_without_spaces(session, texts):
    expected = containing(texts, "มาตรการป้องกัน")
    found = pages(search(session.page, "มาตรการป้องกัน"))
    assert expected
    assert set(expected) <= set(found[:10]), f"missing from the top 10: {sorted(set(expected) - set(found[:10]))}"


def test_procurement_finds_the_procurement_items(session):
    found = pages(search(session.page, "จัดซื้อจัดจ้าง"))
    top = found[:10]
    assert "2569/oit/o11/" in top and "2569/oit/o12/" in top, top


def test_searching_requests_nothing_off_the_site(session):
    search(session.page, "ร้องเรียน")
    assert not session.offsite_requests(), session.offsite_requests()
    assert not [u for u in session.before_open if is_search_index(u)]


def test_this_years_pages_come_before_older_years(session):
    """The same item in 2569, 2568 and 2567: the current year first, then back in time."""
    found = pages(search(session.page, "ข้อมูลผู้บริหาร"))
    order = [found.index(address) for address in ("2569/oit/o2/", "2568/oit/o2/", "2567/oit/o2/")]
    assert order == sorted(order), found[:8]
    assert pages(search(session.page, "จัดซื้อจัดจ้าง"))[0].startswith("2569/")
    # A query naming a year means that year.
    assert pages(search(session.page, "2568"))[0].startswith("2568/")


def test_more_than_twenty_results_says_how_many_and_shows_the_rest(session):
    page = session.page
    shown = search(page, "รายงาน")
    status = status_text(page)
    total = int(re.search(r"พบ (\d+) หน้า", status).group(1))
    assert len(shown) == 20 and total > 40, status
    assert "แสดง 20 หน้าแรก" in status
    more = page.locator("button.oit-search-more")
    assert more.is_visible() and f"ยังมีอีก {total - 20} หน้า" in more.inner_text()
    more.click()
    assert page.locator("#oit-search-results > li").count() == 40
    # the focus moves to the first new result, so a keyboard reader goes on from there
    assert page.evaluate("document.activeElement === document.querySelectorAll('#oit-search-results a')[20]")
    while more.is_visible():
        more.click()
    assert page.locator("#oit-search-results > li").count() == total
    assert status_text(page) == f"พบ {total} หน้า"
    listed = page.eval_on_selector_all("#oit-search-results a", "as => as.map(a => a.href)")
    assert len(set(listed)) == total  # each page once
