"""An agency corrects or adds a catalog in data/criteria/<edition>.yml without touching code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import write_project
from site_builder.cli import main


def run_json(root: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(root), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.output)


def test_confirmed_title_overrides_the_shipped_one(tmp_path: Path) -> None:
    override = """\
    edition: 2569
    items:
      - {code: O6, key: annual-plan, title: แผนดำเนินงานและการใช้งบประมาณประจำปี, indicator: 9, time: current_fy}
    """
    root = write_project(tmp_path / "a", {"data/criteria/2569.yml": override})
    status, report = run_json(root)
    assert status == 0
    unverified = sorted(f["field"] for f in report["findings"] if f["code"] == "unverified-title")
    assert unverified == ["items.O2", "items.O7"]  # O6 is now confirmed; the rest is inherited
    assert report["coverage"][0]["items"] == 26


def test_new_edition_is_used_for_its_year(tmp_path: Path) -> None:
    edition = """\
    edition: 2570
    indicators:
      9: {name: การเปิดเผยข้อมูล, tool: OIT}
    items:
      - {code: O1, key: structure, title: โครงสร้าง, indicator: 9, time: current}
      - {code: O2, key: contact, title: ข้อมูลการติดต่อ, indicator: 9, time: current}
    """
    oit = "year: 2570\nitems:\n  O1:\n    links: [https://www.example.go.th/structure]\n  O3: {}\n"
    root = write_project(tmp_path / "a", {"data/criteria/2570.yml": edition, "data/2570/oit.yml": oit})
    status, report = run_json(root)
    assert status == 1
    assert {"year": 2570, "items": 2, "with_evidence": 1, "missing": ["O2"]} in report["coverage"]
    assert any(f["code"] == "unknown-code" and f["field"] == "items.O3" and f["line"] == 5
               for f in report["findings"])


def test_oit_year_without_catalog_is_an_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2571/oit.yml": "year: 2571\nitems: {}\n"})
    status, report = run_json(root)
    assert status == 1
    assert any(f["code"] == "no-catalog" and f["file"] == "data/2571/oit.yml" for f in report["findings"])


def test_broken_catalog_file_names_file_and_line(tmp_path: Path) -> None:
    broken = "edition: 2570\nindicators: {}\nitems:\n  - {code: O1, title: ไม่มีคีย์}\n"
    root = write_project(tmp_path / "a", {"data/criteria/2570.yml": broken})
    status, report = run_json(root)
    assert status == 1
    assert any(f["file"] == "data/criteria/2570.yml" and f["line"] == 4 for f in report["findings"])


def test_catalog_edition_must_match_file_name(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/criteria/2570.yml": "edition: 2571\nindicators: {}\nitems: []\n"})
    status, report = run_json(root)
    assert status == 1
    assert any(f["code"] == "year-mismatch" and f["file"] == "data/criteria/2570.yml" for f in report["findings"])
