"""The link audit as a reader sees it: /links/ and an item's link status, in Chromium.

A project is audited for real (``oit links`` against a loopback server: one working
link, one dead) and built; the pages are then read, measured at 390 px and checked
with axe-core in the browser.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import AGENCY, MKDOCS_YML, oit_2569, write_project
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page
from site_builder.build import build_site
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit

from .harness import describe_violations, run_axe, serve

HOST = "127.0.0.11"


def _route(method: str, path: str, nth: int):
    if path.startswith("/ok"):
        return Reply(200, page(f"หน้า {path}", f"ข้อมูลของ {path}"))
    return Reply(404, page("Not Found"))


@pytest.fixture(scope="module")
def audited_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("audited-browser") / "agency"
    with loopback_only_dns(), LoopbackServer(_route, hosts=(HOST,)) as server:
        oit = oit_2569().replace("      - file: files/2569/o2.pdf", f"      - url: {server.url('/gone/o2')}")
        oit = oit.replace("      - file: files/2569/o1.pdf", f"      - url: {server.url('/ok/o1')}")
        # O7 has nothing yet: the pages show "ยังไม่เผยแพร่" for it.
        oit = oit.replace("  O7:\n    links:\n      - file: files/2569/o7.pdf\n        title: เอกสารข้อ 7\n", "  O7:\n")
        write_project(root, {"data/2569/oit.yml": oit,
                             "data/agency.yml": AGENCY.replace("https://www.example.go.th/", server.url("/ok/")),
                             "mkdocs.yml": MKDOCS_YML})
        # O2 failed the day before too: this run confirms it (a first failure is only "รอตรวจซ้ำ").
        started = (dt.datetime.now().astimezone() - dt.timedelta(days=1.5)).isoformat(timespec="seconds")
        (root / "audits").mkdir()
        (root / "audits" / f"{started[:10]}.json").write_text(json.dumps({
            "started": started, "finished": started, "totals": {}, "results": [
                {"url": server.url("/gone/o2"), "verdict": "broken", "confirmed": False, "reason": "404",
                 "sources": [], "checked": started, "since": started}]}), encoding="utf-8")
        options = AuditOptions(check=CheckOptions(timeout=0.5, retry=RetryPolicy(retries=0, timeout_retries=0),
                                                  trust_env=False))
        # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(audit, root, audits_dir=root / "audits", options=options).result()
    build_site(root)
    http, url = serve(root / "site")
    yield url
    http.shutdown()
    http.server_close()


def test_links_page_and_item_status_in_the_browser(browser, audited_url, axe_js) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900}, is_mobile=True, has_touch=True)
    try:
        view = context.new_page()
        view.goto(audited_url + "links/", wait_until="networkidle")
        text = view.inner_text("article")
        assert "O2" in text and "O1" in text
        assert view.evaluate("document.documentElement.scrollWidth") <= 390
        violations = run_axe(view, axe_js)
        assert not violations, describe_violations(violations)

        view.goto(audited_url + "2569/oit/o2/", wait_until="networkidle")
        status = view.locator("#link-status ~ ul.oit-link-status li").first
        assert status.is_visible()
        assert "ตรวจเมื่อ" in status.inner_text()
        assert view.locator("#link-status ~ ul.oit-link-status .oit-link--broken").count() >= 1
        violations = run_axe(view, axe_js)
        assert not violations, describe_violations(violations)
        # From the item page, the reader reaches the whole audit.
        view.locator("a", has_text="ผลการตรวจลิงก์ทั้งหมด").first.click()
        view.wait_for_load_state()
        assert view.url.split("#")[0].endswith("/links/")
    finally:
        context.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_links_page_is_cards_on_a_phone(browser, audited_url, axe_js) -> None:
    """At 390 px each evidence link is a short card: nothing cut at the right, no empty label."""
    context = browser.new_context(**PHONE)
    try:
        view = context.new_page()
        view.goto(audited_url + "links/", wait_until="networkidle")
        cards = view.evaluate("""() => [...document.querySelectorAll("table.oit-links tbody tr")].map(tr => {
            const r = tr.getBoundingClientRect();
            const cells = [...tr.children].filter(c => c.checkVisibility()).map(c => c.getBoundingClientRect());
            return {display: getComputedStyle(tr).display, height: r.height, left: Math.min(...cells.map(c => c.left)),
                    right: Math.max(...cells.map(c => c.right)), ok: !!tr.querySelector(".oit-link--ok")};
        })""")
        assert len(cards) >= 20
        assert {card["display"] for card in cards} == {"block"}
        assert all(card["left"] >= -0.5 and card["right"] <= 390.5 for card in cards), cards[:3]
        # a working link's card: code, evidence, status, date (about four short lines)
        assert max(card["height"] for card in cards if card["ok"]) <= 200, cards[:3]
        empty = view.evaluate("""() => [...document.querySelectorAll("table.oit-stack td[data-label]")]
            .filter(td => td.checkVisibility() && !td.textContent.trim()).map(td => td.dataset.label)""")
        assert not empty, empty
        assert not run_axe(view, axe_js)
    finally:
        context.close()


def test_oit_index_on_a_phone_has_no_empty_date_label_and_whole_badges(browser, audited_url) -> None:
    context = browser.new_context(**PHONE)
    try:
        view = context.new_page()
        for address in ("2569/oit/", ""):
            view.goto(audited_url + address, wait_until="networkidle")
            # No date was given for any item: no "วันที่เผยแพร่" label stands alone.
            empty = view.evaluate("""() => [...document.querySelectorAll("table.oit-stack td[data-label]")]
                .filter(td => td.checkVisibility() && !td.textContent.trim()).map(td => td.dataset.label)""")
            assert not empty, (address, empty)
            badges = view.evaluate("""() => [...document.querySelectorAll("article .oit-missing")].map(b =>
                [b.textContent.trim(), b.getClientRects().length, getComputedStyle(b).whiteSpace])""")
            assert badges and all(text == "ยังไม่เผยแพร่" for text, _, _ in badges), (address, badges)
            assert all(lines == 1 and space == "nowrap" for _, lines, space in badges), (address, badges)
    finally:
        context.close()
