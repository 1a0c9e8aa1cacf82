"""The O25 document (/2569/analysis/) prints on A4: no site chrome, every column of every table on the page,
page numbers on every page, the agency's signature lines kept with the end of the content, no web-only lines."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from .conftest import ANALYSIS

# A4 (210 mm) less the 12 mm side margins of oit.css's @page, in CSS px (96 per inch).
PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


@pytest.fixture(scope="module")
def print_page(browser, base_url):
    context = browser.new_context(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
    page = context.new_page()
    response = page.goto(base_url + ANALYSIS, wait_until="load")
    assert response.status == 200
    page.evaluate("document.fonts.ready.then(() => true)")
    yield page
    context.close()


def test_print_media_hides_the_site_chrome_and_keeps_every_measures_cell(print_page):
    page = print_page
    page.emulate_media(media="print")
    try:
        hidden = page.evaluate("""() => [".md-header", ".md-footer", ".md-sidebar--primary"].map(s => {
            const el = document.querySelector(s);
            return [s, !el || !el.checkVisibility()];
        })""")
        assert all(gone for _, gone in hidden), f"visible in print: {[s for s, gone in hidden if not gone]}"
        cells = page.evaluate("""() => [...document.querySelectorAll("table.oit-measures td")].map(td => {
            const r = td.getBoundingClientRect();
            return [td.closest("tr").id || "", r.width, r.left, r.right];
        })""")
        assert cells, "no table.oit-measures on the analysis page"
        assert all(width > 0 for _, width, _, _ in cells), [c for c in cells if c[1] <= 0][:5]
        width = page.evaluate("document.documentElement.clientWidth")
        outside = [c for c in cells if c[2] < -0.5 or c[3] > width + 0.5]
        assert not outside, f"cells outside the printable width {width}px: {outside[:5]}"
        # nothing is cut off by a scroll box: each table fits in its wrapper
        clipped = page.evaluate("""() => [...document.querySelectorAll("article table")]
            .filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.className)""")
        assert not clipped, f"tables wider than their box in print: {clipped}"
    finally:
        page.emulate_media(media="null")  # back to no emulation: page.pdf() uses print media


def test_pdf_is_a_multi_page_a4_document_with_every_measure(print_page, built_site, figures):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(print_page.pdf(format="A4", prefer_css_page_size=True)))
    pages = len(pdf.pages)
    box = pdf.pages[0].mediabox
    figures.append(f"print: /{ANALYSIS} → {pages} A4 page(s) ({float(box.width):.0f}×{float(box.height):.0f} pt)")
    assert pages > 1
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2, box  # A4 in points
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)
    # Thai text extraction drops some marks, so check what survives it: the scores and
    # the measures' numbers as the page shows them, and the signature block.
    numbers = print_page.eval_on_selector_all(
        "table.oit-measures tbody tr td:first-child strong, table.oit-measures tbody tr td:first-child",
        "cells => cells.map(c => (c.textContent.match(/^\\s*(\\d+)\\./) || [])[1]).filter(Boolean)")
    assert numbers, "no numbered measure in the analysis table"
    for number in dict.fromkeys(numbers):
        assert f"{number}." in flat, f"measure {number} is not in the PDF"
    assert "96.91" in flat  # the analysed year's total (2568)
    assert "md-header" not in text


def _thai(text: str) -> str:
    """PDF text as comparable Thai: no spaces, SARA AM as its two parts (PDF extraction splits it)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def printed(print_page):
    """The O25 document as Chromium prints it on A4: the text of each page."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(print_page.pdf(format="A4", prefer_css_page_size=True)))
    return [page.extract_text() for page in pdf.pages]


def test_every_printed_page_is_numbered(printed, figures):
    total = len(printed)
    assert total > 1
    for number, text in enumerate(printed, start=1):
        assert f"หน้า{number}/{total}" in _thai(text), (number, text[:200])
    figures.append(f"print: every one of the {total} pages says หน้า n / {total}")


def test_print_has_no_web_only_lines(printed):
    text = _thai(" ".join(printed))
    # download links and hints, the search dialog, the breadcrumb, the menu, the footer
    for web_only in ("measures.csv", "measures.json", "ดาวน์โหลด", "สั่งพิมพ์", "ค้นหาในเว็บไซต์", "ปิดการค้นหา",
                     "หน้าแรก", "ผลการตรวจลิงก์", "จัดทำด้วย"):
        assert _thai(web_only) not in text, web_only


def test_signatures_are_the_agencys_and_never_alone_on_the_last_page(printed):
    # data/agency.yml of the demo names three roles and their positions.
    roles = [("ผู้จัดทำ", "นักวิเคราะห์นโยบายและแผน"), ("ผู้ตรวจสอบ", "ปลัดเทศบาล"),
             ("ผู้อนุมัติ", "นายกเทศมนตรีตำบลหนองบัวงาม")]
    last = printed[-1]
    for role, position in roles:
        assert _thai(role) in _thai(last), role
        assert _thai(position) in _thai(last), position
    # Something of the document itself (not only the page number) precedes the first signature line.
    before = re.sub(r"หน้า\s*\d+\s*/\s*\d+", "", last.split("ลงช")[0])
    assert len(re.sub(r"\s+", "", before)) >= 20, last[:300]
    assert len(re.findall(r"\.{8,}", last)) >= 3 * 3  # each signature: line, date (name given as dots here)


def _pdf_pages(browser, url: str) -> list[str]:
    from pypdf import PdfReader

    context = browser.new_context()
    try:
        page = context.new_page()
        assert page.goto(url, wait_until="networkidle").status == 200
        page.evaluate("document.fonts.ready.then(() => true)")
        return [p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True))).pages]
    finally:
        context.close()


# seed000 and seed001 end with the measures table (no ข้อจำกัด / ข้อเสนอแนะ), seed001's rows are
# long; seed002 ends with a list.
@pytest.mark.parametrize("name, year", [("seed000", 2569), ("seed001", 2569), ("seed002", 2568)])
def test_signatures_stay_whole_with_the_end_of_any_document(browser, tmp_path_factory, name, year):
    import shutil

    from conftest import FIXTURES
    from site_builder.build import build_site

    from .harness import serve

    root = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(FIXTURES / name, root)
    (root / "mkdocs.yml").write_text("site_name: ทดสอบ\ndocs_dir: content\ntheme: {name: material, language: th, "
                                     "font: false}\nplugins: [oit]\n", encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    build_site(root)
    server, url = serve(root / "site")
    try:
        printed = _pdf_pages(browser, f"{url}{year}/analysis/")
    finally:
        server.shutdown()
        server.server_close()
    signed = [number for number, text in enumerate(printed, start=1) if re.search(r"ลงช\S*\s*\.{8}", text)]
    assert signed == [len(printed)], (signed, len(printed))  # all on the last page, none split off
    last = _thai(printed[-1])
    for role in ("ผู้จัดทำ", "ผู้ตรวจสอบ", "ผู้อนุมัติ"):  # the defaults: the seeds name no signatures
        assert _thai(role) in last, role
    before = re.sub(r"หน้า\d+/\d+", "", last.split("ลงช")[0])
    assert len(before) >= 20, printed[-1][:300]
    for number, text in enumerate(printed, start=1):
        assert f"หน้า{number}/{len(printed)}" in _thai(text)
