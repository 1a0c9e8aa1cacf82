"""Unit tests of the decisions render/views.py makes for the templates, and of what the
loader reads from content/ for them (so rendering reads no disk)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from site_builder.catalogs import CatalogItem
from site_builder.load import load_project
from site_builder.model import Link, Measures
from site_builder.render import render_site, site_nav
from site_builder.render.views import (
    History,
    ItemView,
    indicator_rows,
    link_view,
    themes_covering,
)


def test_indicator_rows_newest_first_with_the_change_since_the_last_scored_year() -> None:
    hist = History(years=[2566, 2567, 2568, 2569], totals=[None] * 4, levels=[None] * 4,
                   indicators={3: [Decimal(80), None, Decimal("81.25"), Decimal("79.5")]})
    assert indicator_rows(hist, 3) == [(2569, Decimal("79.5"), "-1.75"), (2568, Decimal("81.25"), "+1.25"),
                                       (2566, Decimal(80), "")]
    assert indicator_rows(History([2569], [None], {3: [None]}, [None]), 3) == []


def test_themes_covering_an_indicator_keep_their_place_on_the_page() -> None:
    measures = Measures.model_validate({"year": 2569, "themes": [
        {"title": "ก", "indicators": [1, 2]}, {"title": "ข", "indicators": [3]}, {"title": "ค", "indicators": [2]}]})
    assert [(i, t.title) for i, t in themes_covering(measures, 2)] == [(1, "ก"), (3, "ค")]
    assert [(i, t.title) for i, t in themes_covering(measures, 3)] == [(2, "ข")]
    assert themes_covering(measures, 9) == []


def _item(generated: str) -> CatalogItem:
    return CatalogItem(code="O25", key="k", title="t", generated=generated)


def test_a_generated_items_link_text_names_the_year_of_its_measures() -> None:
    analysis = ItemView(_item("measures"), None, 2569, (), "measures", "2569/analysis/", True, 2569)
    report = ItemView(_item("measures-report"), None, 2569, (), "measures-report", "2568/measures/#progress", True,
                      2568)
    assert analysis.generated_title == "การวิเคราะห์ผลการประเมินและมาตรการ ปี 2569"
    assert report.generated_title == "รายงานผลการดำเนินการตามมาตรการ ปี 2568"


def test_link_view_of_a_file_and_of_a_url() -> None:
    local = link_view(Link(file="\\files\\2569\\o1 a.pdf"), {"files/2569/o1 a.pdf": 2048})
    assert (local.href_from_root, local.href, local.kind, local.size, local.local) == \
        ("files/2569/o1 a.pdf", "files/2569/o1%20a.pdf", "PDF", 2048, True)
    remote = link_view(Link(url="https://u:p@example.go.th/a.docx"), {})
    assert (remote.href, remote.kind, remote.size, remote.local) == ("https://example.go.th/a.docx", "Word", None, False)


AGENCY = "name: เทศบาลทดสอบ\ntype: เทศบาลตำบล\nprovince: ทดสอบ\nwebsite: https://example.go.th/\n"
OIT = "year: 2569\nitems:\n  O1:\n    links:\n      - file: files/2569/o1.pdf\n      - file: files/missing.pdf\n"


def test_the_loader_reads_content_and_rendering_reads_no_disk(tmp_path: Path) -> None:
    (tmp_path / "data" / "2569").mkdir(parents=True)
    (tmp_path / "data" / "agency.yml").write_text(AGENCY, encoding="utf-8")
    (tmp_path / "data" / "2569" / "oit.yml").write_text(OIT, encoding="utf-8")
    (tmp_path / "content" / "files" / "2569").mkdir(parents=True)
    (tmp_path / "content" / "files" / "2569" / "o1.pdf").write_bytes(b"x" * 3000)
    for name in ("index.md", "about.md", "contact.md"):
        (tmp_path / "content" / name).write_text("# หน้า\n", encoding="utf-8")
    project = load_project(tmp_path).project
    assert project.file_sizes == {"files/2569/o1.pdf": 3000}
    assert project.content_pages == ("about.md", "contact.md")

    # Once loaded, the disk no longer matters: sizes and pages come from the model.
    for path in sorted((tmp_path / "content").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    page = render_site(project).pages["2569/oit/o1/index.md"]
    assert "3 KB" in page
    assert site_nav(project)[-2:] == ["about.md", "contact.md"]
