"""`oit new-year 2570` with a 2570 edition that renumbers the items: evidence follows the keys."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import MKDOCS_YML, write_project
from site_builder.cli import main
from site_builder.load import load_project

def edition_2570() -> dict:
    """A whole new edition: indicator 9's items in reverse order, `executives` dropped, `open-data` new.

    2569 → 2570: structure O1 → O18, contact O3 → O17, staff manual O8 → O12, news O4 → O16;
    open-data is O19; indicator 10 keeps O20–O26.
    """
    shipped = yaml.safe_load(resources.files("site_builder.catalogs").joinpath("2569.yml").read_text("utf-8"))
    disclosure = [item for item in shipped["items"] if item["indicator"] == 9 and item["key"] != "executives"]
    prevention = [item for item in shipped["items"] if item["indicator"] == 10]
    new = {"key": "open-data", "title": "ชุดข้อมูลเปิดของหน่วยงาน", "indicator": 9, "time": "current_fy"}
    items = disclosure[::-1] + [new] + prevention
    for number, item in enumerate(items, 1):
        item["code"] = f"O{number}"
    return {"edition": 2570, "indicators": shipped["indicators"], "levels": shipped["levels"], "items": items}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def rolled(tmp_path: Path) -> tuple[Path, str]:
    root = write_project(tmp_path / "agency", {
        "mkdocs.yml": MKDOCS_YML,
        "data/criteria/2570.yml": yaml.safe_dump(edition_2570(), allow_unicode=True, sort_keys=False),
    })
    status, output = run("new-year", "2570", str(root))
    assert status == 0, output
    return root, output


def test_evidence_valid_over_time_lands_on_the_new_codes(rolled: tuple[Path, str]) -> None:
    root, _ = rolled
    project = load_project(root).project
    old, new = project.catalogs[2569], project.catalogs[2570]
    before, after = project.years[2569].oit, project.years[2570].oit
    assert after is not None and after.edition == 2570
    moved = 0
    for item in new.items:
        previous = old.by_key(item.key)
        evidence = after.items.get(item.code)
        if item.time in ("current", "in_force") and previous is not None:
            assert evidence is not None and evidence.links == before.items[previous.code].links, item.key
            assert evidence.responsible == before.items[previous.code].responsible
            moved += item.code != previous.code
        elif not item.generated:
            assert evidence is None or not evidence.links, f"{item.code} needs this year's documents"
    assert moved >= 5  # the codes really changed under the evidence
    assert [link.file for link in after.items["O18"].links] == ["files/2569/o1.pdf"]  # structure (current)
    assert [link.file for link in after.items["O17"].links] == ["files/2569/o3.pdf"]  # contact (current)
    assert [link.file for link in after.items["O12"].links] == ["files/2569/o8.pdf"]  # staff manual (in_force)
    # News (current_fy) needs this year's; 2569's O16 (a guideline) must not land on 2570's O16 by code.
    assert "O16" not in after.items or after.items["O16"].links == []
    assert "O19" not in after.items or after.items["O19"].links == []  # new in 2570
    assert after.items["O25"].generated == "measures"


def test_measures_are_ready_for_the_analysis_and_check_passes(rolled: tuple[Path, str]) -> None:
    root, output = rolled
    measures = load_project(root).project.years[2570].measures
    assert measures is not None
    assert (measures.year, measures.based_on) == (2570, 2569)
    assert sorted(measures.analysis) == list(range(1, 11)) and measures.measures == []
    status, text = run("check", str(root), "--json")
    assert status == 0, text
    report = json.loads(text)
    codes = {f["code"] for f in report["findings"] if f["year"] == 2570}
    # based-on-scores: this project has no data/2569/scores.yml to analyse yet.
    assert codes <= {"no-evidence", "analysis-incomplete", "unverified-title", "based-on-scores"}
    coverage = next(c for c in report["coverage"] if c["year"] == 2570)
    # Structure, contact, staff and service manuals, e-service, complaint guideline and channel are there
    # already; everything else waits for this year's documents (O26 for progress in data/2569/measures.yml).
    assert coverage["with_evidence"] == 7 and "O16" in coverage["missing"] and "O19" in coverage["missing"]
    status, built = run("build", str(root))
    assert status == 0, built
    assert "files/2569/o1.pdf" in (root / "site/2570/oit/o18/index.html").read_text(encoding="utf-8")


def test_checklist_names_what_to_do(rolled: tuple[Path, str]) -> None:
    _, output = rolled
    assert "ยกหลักฐานที่ยังใช้ได้มาจากปี 2569 (7 ข้อ)" in output
    assert "O18 โครงสร้าง หน้าที่และอำนาจ (ปี 2569: O1)" in output
    assert "ต้องใช้เอกสารของปีนี้" in output and "O16 ข่าวประชาสัมพันธ์" in output
    assert "ข้อใหม่ในเกณฑ์ปีนี้ (1 ข้อ)" in output and "O19 ชุดข้อมูลเปิดของหน่วยงาน" in output
    assert "ไม่มีในเกณฑ์ปีนี้" in output and "O2" in output.split("ไม่มีในเกณฑ์ปีนี้")[1]
    assert "data/2569/scores.yml" in output  # the analysis needs the announced results


def test_an_existing_year_is_never_overwritten(rolled: tuple[Path, str]) -> None:
    root, _ = rolled
    files = {p: p.read_bytes() for p in (root / "data/2570").iterdir()}
    status, output = run("new-year", "2570", str(root))
    assert status == 2 and "มีปี 2570 อยู่แล้ว" in output
    assert {p: p.read_bytes() for p in (root / "data/2570").iterdir()} == files
    status, output = run("new-year", "2569", str(root))
    assert status == 2


def test_a_broken_new_edition_stops_before_writing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"data/criteria/2570.yml": "edition: 2570\nitems:\n  - {code: O1}\n"})
    status, output = run("new-year", "2570", str(root))
    assert status == 2 and "data/criteria/2570.yml" in output
    assert not (root / "data/2570").exists()
