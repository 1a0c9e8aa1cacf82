"""`oit build`: generated pages at the contract's addresses, atomic swap, reproducible output.

First slice of the site issue: home, OIT index and one page per catalog item.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from conftest import MKDOCS_YML, REPO, oit_2569, write_project
from site_builder.build import MARKER
from site_builder.catalogs import load_catalogs
from site_builder.cli import main

def build(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(root), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_demo_builds_every_catalog_item_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    status, output = build(REPO, "--site-dir", str(site))
    assert status == 0, output
    catalogs, _ = load_catalogs(Path("/nonexistent"))
    for year in (2567, 2568, 2569):
        index = (site / str(year) / "oit" / "index.html").read_text(encoding="utf-8")
        for item in catalogs[year].items:
            page = site / str(year) / "oit" / item.code.lower() / "index.html"
            assert page.is_file(), page
            assert f'href="{item.code.lower()}/"' in index
    page = (site / "2569" / "oit" / "o1" / "index.html").read_text(encoding="utf-8")
    assert 'lang="th"' in page
    assert '<h2 id="evidence">' in page and "{ #" not in page  # explicit ASCII heading ids
    assert "../../../files/2569/o01-structure-authority.pdf" in page
    assert (site / "files" / "2569" / "o01-structure-authority.pdf").is_file()
    assert (site / MARKER).is_file()


def test_item_without_evidence_says_so(tmp_path: Path) -> None:
    oit = oit_2569().replace("  O7:\n    links:\n      - file: files/2569/o7.pdf\n        title: เอกสารข้อ 7\n"
                             "    responsible: สำนักปลัด\n", "")
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "data/2569/oit.yml": oit})
    status, _ = build(root)
    assert status == 0
    assert "ยังไม่เผยแพร่" in (root / "site/2569/oit/o7/index.html").read_text(encoding="utf-8")
    index = (root / "site/2569/oit/index.html").read_text(encoding="utf-8")
    assert index.count("<span class=\"oit-missing\">ยังไม่เผยแพร่</span>") == 1  # only O7, in its row
    assert "ยังไม่เผยแพร่ 1 รายการ" in index


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert build(root)[0] == 0
    before = tree(root / "site")
    (root / "data/2568/scores.yml").write_text("year: 2568\ntotal: 197\n", encoding="utf-8")
    status, output = build(root)
    assert status == 1
    assert "data/2568/scores.yml" in output
    assert tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert build(root, "--site-dir", str(tmp_path / "one"))[0] == 0
    assert build(root, "--site-dir", str(tmp_path / "two"))[0] == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.php").write_text("<?php // the municipality's own site", encoding="utf-8")
    status, output = build(root, "--site-dir", str(foreign))
    assert status == 2
    assert (foreign / "index.php").read_text(encoding="utf-8").startswith("<?php")
    assert sorted(p.name for p in foreign.iterdir()) == ["index.php"]


def test_build_writes_nothing_into_data_or_content(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    before = tree(root / "data"), tree(root / "content")
    assert build(root)[0] == 0
    assert (tree(root / "data"), tree(root / "content")) == before


def test_hand_written_page_replaces_the_generated_one(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {
        "mkdocs.yml": MKDOCS_YML,
        "content/2569/oit/o4/index.md": "# O4 ข่าวประชาสัมพันธ์\n\nหน้าที่หน่วยงานเขียนเอง\n",
        "content/about.md": "# เกี่ยวกับเว็บไซต์\n\nข้อความ\n",
    })
    assert build(root)[0] == 0
    assert "หน้าที่หน่วยงานเขียนเอง" in (root / "site/2569/oit/o4/index.html").read_text(encoding="utf-8")
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert 'href="about/"' in home  # the agency's own page is in the menu


def test_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert build(root)[0] == 0
    before = tree(root / "site")
    (root / "site").rename(root / ".site.previous-4242")  # where _swap had put it when killed
    (root / "data/2568/scores.yml").write_text("year: 2568\ntotal: 197\n", encoding="utf-8")
    assert build(root)[0] == 1
    assert tree(root / "site") == before


def test_build_date_comes_from_the_data(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML.replace("site_name", "site_url: https://x.go.th/\nsite_name")})
    assert build(root)[0] == 0
    # No dates in this data: 2000-01-01, whatever the day of the build.
    assert "<lastmod>2000-01-01</lastmod>" in (root / "site/sitemap.xml").read_text(encoding="utf-8")
