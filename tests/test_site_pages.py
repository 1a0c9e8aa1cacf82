"""The built site, read back from its HTML: every address, every score, analysis and measure row.

The demo agency and the three seed fixtures are built with the real ``oit build``;
expected values come from the model (what the loader read), so each assertion
fails if a page drops, misplaces or misprints a value.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import FIXTURES, REPO
from site_builder.cli import main
from site_builder.load import load_project
from site_builder.model import STATUS_LABELS
from site_builder.render import format
from site_builder.render.views import measure_views

SEED_MKDOCS = """\
site_name: ทดสอบ
docs_dir: content
theme:
  name: material
  language: th
  font: false
plugins:
  - oit:
      digits: {digits}
"""


def _build(root: Path, site: Path) -> Path:
    result = CliRunner().invoke(main, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    site = _build(REPO, tmp_path_factory.mktemp("demo") / "site")
    return load_project(REPO).project, site, "arabic"


def _seed(tmp_path_factory, name: str, digits: str):
    root = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(FIXTURES / name, root)
    (root / "mkdocs.yml").write_text(SEED_MKDOCS.format(digits=digits), encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    site = _build(root, root / "site")
    return load_project(root).project, site, digits


@pytest.fixture(scope="module", params=[("seed000", "thai"), ("seed001", "arabic"), ("seed002", "arabic")],
                ids=lambda p: p[0])
def seed(request, tmp_path_factory):
    return _seed(tmp_path_factory, *request.param)


def page(site: Path, address: str) -> BeautifulSoup:
    path = site / address / "index.html"
    assert path.is_file(), f"missing page /{address}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, address: str) -> BeautifulSoup:
    return page(site, address).select_one("article")


def flat(text: str) -> str:
    """Whitespace-normalised text, Markdown emphasis removed (as a reader sees it)."""
    return " ".join(re.sub(r"\*\*|__", "", text).split())


def shown(value: str, digits: str) -> str:
    return format.localize_text(flat(value), digits)


# --- addresses ----------------------------------------------------------------


def _expected_addresses(project) -> list[str]:
    addresses = [""]
    for year, data in project.years.items():
        if not (data.scores or data.measures or data.oit):
            continue
        addresses += [f"{year}/", f"{year}/data/"] + [f"{year}/indicators/{n}/" for n in range(1, 11)]
        if data.measures is not None:
            addresses += [f"{year}/analysis/", f"{year}/measures/"]
        if data.oit is not None:
            addresses.append(f"{year}/oit/")
            addresses += [f"{year}/oit/{item.code.lower()}/" for item in project.catalogs[data.oit.edition].items]
    return addresses


def test_demo_has_every_address_of_the_contract(demo):
    project, site, _ = demo
    addresses = _expected_addresses(project)
    assert len(addresses) == 1 + 4 * 12 + 3 * 2 + 3 + 35 + 26 + 26  # 2566 scores only; 2567-2569 everything
    for address in addresses:
        assert (site / address / "index.html").is_file(), address
        assert address == address.lower() and address.isascii()
    offered = {2566: ("scores",), 2567: ("scores", "measures", "oit"), 2568: ("scores", "measures", "oit"),
               2569: ("scores", "measures", "oit")}
    for year, names in offered.items():
        for name in ("scores", "measures", "oit"):
            # A year offers the files it has data for, never a CSV of headers only (issue 12).
            assert (site / f"{year}/data/{name}.json").is_file() == (name in names), (year, name)
            if name in names:
                assert (site / f"{year}/data/{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
            else:
                assert not (site / f"{year}/data/{name}.csv").exists()


def test_seed_has_every_address(seed):
    project, site, _ = seed
    for address in _expected_addresses(project):
        assert (site / address / "index.html").is_file(), address


# --- scores -----------------------------------------------------------------------


def _check_scores(project, site, digits):
    for year, data in project.years.items():
        if data.scores is None:
            continue
        scores = data.scores
        year_page = article(site, f"{year}/")
        rows = {flat(tr.td.get_text()): [flat(td.get_text()) for td in tr.find_all("td")]
                for tr in year_page.select("table.oit-table tbody tr")}
        assert len(rows) == 10
        for n, value in scores.indicators.items():
            row = next(cells for label, cells in rows.items() if label.startswith(shown(f"{n}.", digits)))
            assert row[2] == shown(format.score(value), digits), (year, n)
            indicator = flat(article(site, f"{year}/indicators/{n}/").get_text(" "))
            assert shown(format.score(value), digits) in indicator
        cards = flat(year_page.select_one(".oit-cards").get_text(" "))
        assert shown(format.score(scores.total), digits) in cards
        for tool, value in scores.tools.items():
            assert shown(format.score(value), digits) in cards, tool
        if scores.level:
            badge = year_page.select_one(".oit-cards .oit-badge")
            assert flat(badge.get_text()) == scores.level and "oit-badge--" in " ".join(badge["class"])


def test_demo_scores_where_they_belong(demo):
    _check_scores(*demo)
    project, site, _ = demo
    home = flat(article(site, "").get_text(" "))
    latest = project.years[2569].scores
    assert format.score(latest.total) in home
    trend = article(site, "").select_one("table.oit-trend")
    for year in (2566, 2567, 2568, 2569):
        assert format.score(project.years[year].scores.total) in flat(trend.get_text(" "))
    assert article(site, "").select_one("figure.oit-chart svg title") is not None


def test_seed_scores_where_they_belong(seed):
    _check_scores(*seed)


# --- analysis and measures -----------------------------------------------------


def _check_measures(project, site, digits):
    checked = 0
    for year, data in project.years.items():
        measures = data.measures
        if measures is None:
            continue
        analysis_page = article(site, f"{year}/analysis/")
        for n in range(1, 11):
            row = analysis_page.select_one(f"#analysis-{n}")
            entry = measures.analysis.get(n)
            if entry is None:
                themes = [i for i, t in enumerate(measures.themes, start=1) if n in t.indicators]
                if themes:  # analysed by theme (seed 002): the row points at each theme
                    assert [a["href"] for a in row.select("a")] == [f"#theme-{i}" for i in themes]
                    for i in themes:
                        assert analysis_page.select_one(f"#theme-{i}") is not None
                else:
                    assert "ยังไม่ได้วิเคราะห์" in row.get_text()
                continue
            cell = flat(row.get_text(" "))
            assert shown(entry.text, digits)[:60] in cell, (year, n)
            if entry.status:
                assert STATUS_LABELS[entry.status] in cell
            indicator_page = flat(article(site, f"{year}/indicators/{n}/").get_text(" "))
            assert shown(entry.text, digits)[:60] in indicator_page
        for theme in measures.themes:
            assert shown(theme.title, digits) in flat(analysis_page.get_text(" "))
        measures_page = article(site, f"{year}/measures/")
        for view in measure_views(measures):
            for where in (analysis_page, measures_page):
                row = where.select_one(f"#{view.anchor}")
                assert row is not None, (year, view.number)
                cells = [flat(td.get_text(" ")) for td in row.find_all("td", recursive=False)]
                assert len(cells) == 5
                title, analysis, steps, period, responsible = cells
                assert shown(view.measure.title, digits) in title
                assert shown(view.analysis, digits)[:60] in analysis
                for step in view.measure.steps:
                    assert shown(step, digits) in steps
                assert shown(view.measure.period, digits) in period
                for unit in view.measure.responsible:
                    assert shown(unit, digits) in responsible
                checked += 1
            for n in view.measure.indicators:
                assert article(site, f"{year}/indicators/{n}/").select_one(f"#{view.anchor}") is not None
    return checked


def test_demo_analysis_and_every_measure_row(demo):
    assert _check_measures(*demo) > 0


def test_seed_analysis_and_every_measure_row(seed):
    assert _check_measures(*seed) >= 20  # 10, 10 and 17 measures, each on two pages


def test_measure_progress_is_reported(demo):
    project, site, _ = demo
    measures = project.years[2568].measures
    reported = [v for v in measure_views(measures) if v.measure.progress]
    assert reported
    progress = article(site, "2568/measures/").select_one("#progress").find_parent().get_text(" ")
    for view in reported:
        for entry in view.measure.progress:
            assert format.thai_date(entry.date) in flat(progress)
    # O26 of 2569 is the follow-up of 2568's measures: its page links to that report.
    o26 = article(site, "2569/oit/o26/")
    assert o26.select_one('a[href="../../../2568/measures/#progress"]') is not None


# --- OIT ------------------------------------------------------------------------


def test_oit_index_lists_every_item_with_its_evidence(demo):
    project, site, _ = demo
    oit = project.years[2569].oit
    index = article(site, "2569/oit/")
    for item in project.catalogs[2569].items:
        row = index.select_one(f"tr#{item.code.lower()}")
        assert row is not None, item.code
        evidence = oit.items.get(item.code)
        for link in evidence.links if evidence else []:
            anchors = [a for a in row.select(".oit-evidence a") if flat(a.get_text()) == flat(link.title or link.target)]
            assert anchors, (item.code, link.title)
            if link.file:
                size = (REPO / "content" / link.file).stat().st_size
                assert format.file_size(size) in row.get_text()
        if evidence and evidence.published:
            assert format.thai_date(evidence.published) in row.get_text()
    o25 = article(site, "2569/oit/o25/")
    assert o25.select_one('a[href="../../analysis/"]') is not None
    assert "26/26 รายการมีหลักฐาน" in flat(article(site, "").select_one(".oit-completeness").get_text())


def test_item_page_shows_requirements_responsible_and_note(demo):
    project, site, _ = demo
    catalog = project.catalogs[2569]
    for code in ("O1", "O16", "O18"):
        item = catalog.item(code)
        text = flat(article(site, f"2569/oit/{code.lower()}/").get_text(" "))
        for requirement in item.requires:
            assert flat(requirement) in text
        evidence = project.years[2569].oit.items[code]
        for unit in evidence.responsible:
            assert unit in text


# --- Thai digits ------------------------------------------------------------------


@pytest.fixture(scope="module")
def thai_seed(tmp_path_factory):
    return _seed(tmp_path_factory, "seed000", "thai")


def test_thai_digits_reach_every_number(thai_seed):
    project, site, digits = thai_seed
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style", "code", "pre"]):
            tag.decompose()
        words = soup.get_text(" ")
        # Identifiers keep their digits: item and question codes, tool parts (EIT2), URLs.
        words = re.sub(r"https?://\S+|[A-Za-z][A-Za-z0-9]*", " ", words)
        assert not re.search(r"[0-9]", words), (path, re.findall(r".{20}[0-9].{20}", words)[:3])
    # ... and the addresses stay ASCII.
    assert (site / "2569" / "indicators" / "7" / "index.html").is_file()
    analysis = page(site, "2569/analysis/")
    assert "๙๗.๖๔" in analysis.get_text()  # the 2568 total of seed 000
    assert analysis.title.get_text().isascii() is False and not re.search(r"[0-9]", analysis.title.get_text())


def test_localize_digits_keeps_identifiers():
    html = ('<p title="2569">ปี 2569 ข้อ O19 EIT2 &#39; https://x.go.th/2569/a 10.5</p>'
            '<script>var a = 2569;</script><code>O 12</code>')
    out = format.localize_digits(html, "thai")
    assert out == ('<p title="2569">ปี ๒๕๖๙ ข้อ O19 EIT2 &#39; https://x.go.th/2569/a ๑๐.๕</p>'
                   '<script>var a = 2569;</script><code>O 12</code>')
    assert format.localize_digits(html, "arabic") == html


# --- downloadable data -------------------------------------------------------------


def test_data_files_hold_the_year(demo):
    import csv
    import io
    import json

    project, site, _ = demo
    data = project.years[2569]
    scores = list(csv.reader(io.StringIO((site / "2568/data/scores.csv").read_bytes().decode("utf-8-sig"))))
    assert scores[0] == ["หมวด", "รหัส", "รายการ", "คะแนน", "ระดับ"]
    by_code = {row[1]: row[3] for row in scores[1:]}
    for n, value in project.years[2568].scores.indicators.items():
        assert by_code[str(n)] == str(value)
    measures_rows = list(csv.DictReader(io.StringIO((site / "2569/data/measures.csv").read_text("utf-8-sig"))))
    assert [row["มาตรการ"] for row in measures_rows] == [m.title for m in data.measures.measures]
    assert all(row["ผู้รับผิดชอบ"] and row["ขั้นตอน"] and row["ระยะเวลา"] for row in measures_rows)
    oit_rows = list(csv.DictReader(io.StringIO((site / "2569/data/oit.csv").read_text("utf-8-sig"))))
    links = sum(max(1, len(e.links)) for e in data.oit.items.values())
    assert len(oit_rows) == links
    assert {row["ข้อ"] for row in oit_rows} == set(project.catalogs[2569].codes)
    payload = json.loads((site / "2569/data/oit.json").read_text("utf-8"))
    assert [item["code"] for item in payload["items"]] == project.catalogs[2569].codes
    measures_json = json.loads((site / "2569/data/measures.json").read_text("utf-8"))
    assert sorted(measures_json["analysis"]) == sorted(str(n) for n in range(1, 11))
    # Linked from the pages they belong to.
    assert article(site, "2569/oit/").select_one('a[href="../data/oit.csv"]') is not None
    assert article(site, "2569/analysis/").select_one('a[href="../data/measures.csv"]') is not None
    assert article(site, "2568/").select_one('a[href="data/scores.csv"]') is not None


# --- the printed O25 document ---------------------------------------------------------


def _signature_lines(site: Path) -> list[str]:
    return [flat(block.get_text(" ")) for block in article(site, "2569/analysis/").select(".oit-signature")]


def test_o25_signatures_default_then_agency_then_year(tmp_path):
    from conftest import AGENCY, measures_2569, write_project

    # No `signatures` anywhere: the three default roles, names and positions left as dotted lines.
    root = write_project(tmp_path / "plain", {"mkdocs.yml": SEED_MKDOCS.format(digits="arabic")})
    lines = _signature_lines(_build(root, root / "site"))
    assert [line.split("ลงชื่อ")[1].split()[1] for line in lines] == ["ผู้จัดทำ", "ผู้ตรวจสอบ", "ผู้อนุมัติ"]
    assert all("ตำแหน่ง ......" in line for line in lines)

    # agency.yml names them for every year; a year's measures.yml overrides (a role alone is a string).
    agency = AGENCY + "signatures:\n  - role: ผู้รายงาน\n    name: นางสาวตัวอย่าง ทดสอบ\n    position: นักวิเคราะห์นโยบายและแผน\n"
    root = write_project(tmp_path / "agency", {"mkdocs.yml": SEED_MKDOCS.format(digits="arabic"),
                                               "data/agency.yml": agency})
    lines = _signature_lines(_build(root, root / "site"))
    assert len(lines) == 1
    assert "ผู้รายงาน" in lines[0] and "(นางสาวตัวอย่าง ทดสอบ)" in lines[0]
    assert "ตำแหน่ง นักวิเคราะห์นโยบายและแผน" in lines[0]

    measures = measures_2569() + "signatures: [ผู้จัดทำ, {role: ผู้ตรวจสอบ, position: ปลัดเทศบาล}]\n"
    root = write_project(tmp_path / "year", {"mkdocs.yml": SEED_MKDOCS.format(digits="arabic"),
                                             "data/agency.yml": agency, "data/2569/measures.yml": measures})
    lines = _signature_lines(_build(root, root / "site"))
    assert len(lines) == 2 and "ผู้จัดทำ" in lines[0] and "ผู้รายงาน" not in " ".join(lines)
    assert "ตำแหน่ง ปลัดเทศบาล" in lines[1]


def test_o25_responsible_units_are_whole_and_downloads_are_web_only(demo):
    _, site, _ = demo
    analysis = article(site, "2569/analysis/")
    units = analysis.select("table.oit-measures td[data-label=ผู้รับผิดชอบ] .oit-unit")
    assert units and all(unit.get_text() in ("สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองการศึกษา",
                                             "กองสาธารณสุขและสิ่งแวดล้อม", "กองสวัสดิการสังคม",
                                             "หน่วยตรวจสอบภายใน") for unit in units)
    download = analysis.select_one('a[href="../data/measures.csv"]')
    assert download.find_parent(class_="oit-web-only") is not None


# --- what a reader finds where ------------------------------------------------------


def test_menu_has_this_years_oit_index_and_o25_document(demo):
    _, site, _ = demo
    menu = page(site, "2568/").select_one("nav.md-nav--primary")
    entries = {flat(a.get_text(" ")): a["href"] for a in menu.select("a[href]")}
    assert entries.get("รายการ OIT ปี 2569") == "../2569/oit/"
    assert entries.get("การนำผล ITA ไปพัฒนาองค์กร (O25) ปี 2569") == "../2569/analysis/"


def test_every_item_is_one_click_from_home_and_jumps_from_the_oit_index(demo):
    project, site, _ = demo
    codes = [item.code for item in project.catalogs[2569].items]
    assert len(codes) == 26
    home = {a["href"] for a in article(site, "").select("a[href]")}
    assert {f"2569/oit/{code.lower()}/" for code in codes} <= home
    index = article(site, "2569/oit/")
    jump = [a["href"] for a in index.select("nav.oit-jump a")]
    assert jump == [f"#{code.lower()}" for code in codes]
    assert all(index.select_one(f"tr#{code.lower()}") is not None for code in codes)


def test_item_page_shows_the_evidence_before_its_facts(demo):
    _, site, _ = demo
    body = article(site, "2569/oit/o1/")
    order = [tag.get("id") or tag.name for tag in body.find_all(["h2", "dl"])]
    assert order.index("evidence") < order.index("dl") and order.index("evidence") < order.index("requires")


def test_one_year_of_scores_shows_the_score_without_a_chart(tmp_path, demo):
    from conftest import write_project

    root = write_project(tmp_path / "agency", {"mkdocs.yml": SEED_MKDOCS.format(digits="arabic")})
    home = article(_build(root, root / "site"), "")
    trend = flat(home.select_one("#trend").find_next("p").get_text(" "))
    assert home.select_one(".oit-chart svg") is None
    assert "2568–2568" not in flat(home.get_text(" "))
    assert "คะแนนรวมปี 2568: 97.64" in trend
    # Two years or more: the chart, captioned with the span.
    _, site, _ = demo
    demo_home = article(site, "")
    assert demo_home.select_one(".oit-chart svg") is not None
    assert "ปี 2566–2569" in flat(demo_home.select_one(".oit-chart figcaption").get_text())


def test_every_score_card_is_named_in_thai_and_the_footer_too(demo):
    _, site, _ = demo
    home = page(site, "")
    labels = [flat(label.get_text()) for label in home.select(".oit-card__label")]
    assert "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก ส่วนที่ 1 (EIT)" in labels
    assert "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก ส่วนที่ 2 (EIT)" in labels
    assert all(re.search(r"[\u0E01-\u0E4F]", label) for label in labels), labels
    credit = flat(home.select_one(".md-copyright").get_text())
    assert "oit-site-builder" not in credit and credit.startswith("จัดทำด้วยโปรแกรม")


def test_data_page_explains_the_files_in_plain_thai(demo):
    _, site, _ = demo
    text = flat(article(site, "2569/data/").get_text(" "))
    for jargon in ("BOM", "ISO 8601", "UTF-8"):
        assert jargon not in text
    assert "Excel" in text and "2025-10-01" in text
