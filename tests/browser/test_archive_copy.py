"""The kept copy of a dead evidence document, on a phone: one tap from the item page, axe at 0.

A project whose O2 evidence (a PDF on another host) is confirmed broken by the latest audit
and whose copy ``oit links`` kept in ``archive/`` (made here with the seam's own writers) is
built with ``oit build`` and opened in Chromium at 390 px.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from conftest import MKDOCS_YML, oit_2569, write_project
from site_builder import archive
from site_builder.build import build_site

from .harness import describe_violations, run_axe, serve

URL = "https://docs.example.go.th/ita/2569/รายงานประจำปี-o2.pdf"
ORIGINAL = b"%PDF-1.4\n% O2 annual report\n" + bytes(range(256)) * 16 + b"\n%%EOF\n"
SHA = hashlib.sha256(ORIGINAL).hexdigest()   # computed here: the address the copy must be published at
FETCHED = dt.datetime(2026, 11, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
# The copy's address as the browser requests it (the Thai name percent-encoded as UTF-8), written out by hand.
ADDRESS = (f"/archive/{SHA}/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9B%E0%B8%A3%E0%B8%B0"
           "%E0%B8%88%E0%B8%B3%E0%B8%9B%E0%B8%B5-o2.pdf")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive-copy") / "agency"
    oit = oit_2569().replace("      - file: files/2569/o2.pdf\n        title: เอกสารข้อ 2\n",
                             f"      - url: {URL}\n        title: รายงานผลการดำเนินงานประจำปี 2569\n", 1)
    write_project(root, {"data/2569/oit.yml": oit, "mkdocs.yml": MKDOCS_YML})
    started = "2026-11-22T09:00:03+07:00"
    (root / "audits").mkdir()
    (root / "audits" / "2026-11-22.json").write_text(json.dumps({
        "started": started, "finished": started, "totals": {}, "results": [
            {"url": URL, "verdict": "broken", "confirmed": True, "http_status": 404, "final_url": URL,
             "reason": "ไม่พบหน้า (404)", "sources": [], "checked": started, "since": "2026-10-21T09:00:02+07:00"}]}),
        encoding="utf-8")
    temporary = archive.temporary_folder(root) / "download.part"
    temporary.write_bytes(ORIGINAL)
    archive.keep(root, temporary, SHA)
    version = archive.Version(FETCHED, SHA, len(ORIGINAL), "application/pdf", URL, 200, "รายงานประจำปี-o2.pdf")
    archive.write_entry(root, archive.Entry(URL, (version,), FETCHED, FETCHED))
    build_site(root)
    http, url = serve(root / "site")
    yield url
    http.shutdown()
    http.server_close()


def test_the_copy_is_one_tap_from_the_item_page_on_a_phone(browser, site_url, axe_js) -> None:
    context = browser.new_context(**PHONE)
    try:
        view = context.new_page()
        view.goto(site_url + "2569/oit/o2/", wait_until="networkidle")
        # The first link after the "หลักฐาน" heading is the copy, with its date.
        first = view.locator("h2#evidence ~ * a").first
        assert " ".join(first.inner_text().split()) == "เปิดสำเนาที่เก็บไว้เมื่อ 12 พ.ย. 2569"
        lead = " ".join(view.locator(".oit-copy-lead").inner_text().split())
        assert "ต้นฉบับเปิดไม่ได้ตั้งแต่ 21 ต.ค. 2569 — เปิดสำเนาที่เก็บไว้เมื่อ 12 พ.ย. 2569" in lead
        # Visible, whole on the screen, a tap target of at least 44 px, and no sideways scrolling.
        assert first.is_visible()
        box = first.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44, box
        assert view.evaluate("document.documentElement.scrollWidth") <= 390
        violations = run_axe(view, axe_js)
        assert not violations, describe_violations(violations)

        # One tap: the copy opens, and its bytes are the original's.
        assert view.evaluate("(a) => a.href", first.element_handle()).endswith(ADDRESS)
        with view.expect_response(lambda response: f"/archive/{SHA}/" in response.url) as answer:
            first.tap()
        view.wait_for_url(lambda address: address.endswith(ADDRESS))
        assert answer.value.status == 200
        # Chromium shows the PDF in its viewer (an HTML wrapper): the bytes are read from the address the tap opened.
        loaded = context.request.get(view.url)
        assert loaded.status == 200 and loaded.headers["content-type"] == "application/pdf"
        assert loaded.body() == ORIGINAL
        assert hashlib.sha256(loaded.body()).hexdigest() == SHA
    finally:
        context.close()


def test_the_built_copy_is_the_original(site_url) -> None:
    """The same bytes, read back from the published address (not through the browser)."""
    import urllib.request
    from urllib.parse import quote

    with urllib.request.urlopen(site_url + f"archive/{SHA}/" + quote("รายงานประจำปี-o2.pdf")) as answer:  # noqa: S310
        assert answer.read() == ORIGINAL
