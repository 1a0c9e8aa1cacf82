"""Each defect `oit check` must catch: a broken file in, exit status, file, line and field out.

Every case starts from a valid project (conftest.write_project), breaks one thing,
and runs the real command. The expected line is found by searching the broken
text, so the tests say which line an officer would be sent to.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AGENCY, SCORES_2568, measures_2569, oit_2569, write_project
from site_builder.cli import main


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), *args])
    assert "Traceback" not in result.output
    # Only SystemExit may end the command: anything else is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def line_of(text: str, needle: str, nth: int = 1) -> int:
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def test_valid_project_has_no_error_and_only_unverified_title_warnings(project: Path) -> None:
    status, output = run(project, "--json")
    assert status == 0
    report = json.loads(output)
    assert report["counts"]["error"] == 0
    assert {f["code"] for f in report["findings"]} == {"unverified-title"}
    # The three 2569 titles the catalog could not confirm (O2, O6, O7).
    assert sorted(f["field"] for f in report["findings"]) == ["items.O2", "items.O6", "items.O7"]
    assert report["coverage"] == [{"year": 2569, "items": 26, "with_evidence": 26, "missing": []}]


def _scores(old: str, new: str) -> str:
    assert old in SCORES_2568
    return SCORES_2568.replace(old, new)


def _measures(old: str, new: str, count: int = 1) -> str:
    text = measures_2569()
    assert old in text
    return text.replace(old, new, count)


def _oit(old: str, new: str) -> str:
    text = oit_2569()
    assert old in text
    return text.replace(old, new, 1)


# (id, file, broken text, needle on the reported line, code, field substring)
ERROR_CASES = [
    ("wrong-type-total", "data/2568/scores.yml", _scores("total: 97.64", "total: เก้าสิบ"), "total:", "score", "total"),
    ("wrong-type-tools", "data/2568/scores.yml", _scores("tools: {IIT: 99.96, EIT1: 100.00, EIT2: 91.00, OIT: 97.50}", "tools: 99.96"), "tools:", "score",
     "tools"),
    ("score-above-100", "data/2568/scores.yml", _scores("  7: 94.92", "  7: 194.92"), "  7: 194.92", "score",
     "indicators[7]"),
    ("score-negative-thai-digits", "data/2568/scores.yml", _scores("  8: 94.29", '  8: "-๙๔.๒๙"'), "  8: ", "score",
     "indicators[8]"),
    ("score-three-decimals", "data/2568/scores.yml", _scores("  9: 95.00", "  9: 95.001"), "  9: 95.001", "score",
     "indicators[9]"),
    ("unknown-indicator-in-scores", "data/2568/scores.yml", _scores("  10: 100.00", "  10: 100.00\n  11: 90"),
     "  11: 90", "indicator", "indicators[11]"),
    ("missing-indicator", "data/2568/scores.yml", _scores("  10: 100.00\n", ""), "indicators:", "indicators-missing",
     "indicators"),
    ("unknown-indicator-in-measure", "data/2569/measures.yml", _measures("indicators: [3]", "indicators: [3, 12]"),
     "indicators: [3, 12]", "indicator", "measures[2].indicators[1]"),  # the 12
    ("unknown-o-code", "data/2569/oit.yml", _oit("  O26:", "  O27:\n    links: [https://www.example.go.th/x]\n  O26:"),
     "  O27:", "unknown-code", "items.O27"),
    ("year-not-folder-scores", "data/2568/scores.yml", _scores("year: 2568", "year: 2567"), "year: 2567",
     "year-mismatch", "year"),
    ("year-not-folder-oit", "data/2569/oit.yml", _oit("year: 2569", "year: 2570"), "year: 2570", "year-mismatch",
     "year"),
    ("javascript-url", "data/2569/oit.yml", _oit("      - url: https://www.example.go.th/report",
                                                 "      - url: javascript:alert(1)"),
     "javascript:alert", "url-scheme", "items.O26.links[0].url"),
    ("ftp-url", "data/2569/oit.yml", _oit("      - url: https://www.example.go.th/report",
                                          "      - url: ftp://www.example.go.th/report.pdf"),
     "ftp://", "url-scheme", "items.O26.links[0].url"),
    ("missing-local-file", "data/2569/oit.yml", _oit("files/2569/o3.pdf", "files/2569/o3-missing.pdf"),
     "o3-missing.pdf", "file-missing", "items.O3.links[0].file"),
    ("file-escapes-content", "data/2569/oit.yml", _oit("files/2569/o4.pdf", "../data/agency.yml"),
     "../data/agency.yml", "file-path", "items.O4.links[0].file"),
    ("file-absolute", "data/2569/oit.yml", _oit("files/2569/o5.pdf", "/etc/passwd"), "/etc/passwd", "file-path",
     "items.O5.links[0].file"),
    ("measure-without-title", "data/2569/measures.yml", _measures("  - title: มาตรการที่ 4\n", "  - title: ''\n"),
     "title: ''", "empty", "measures[3].title"),
    ("measure-without-steps", "data/2569/measures.yml",
     _measures("    indicators: [5]\n    steps: [ขั้นตอนที่หนึ่ง, ขั้นตอนที่สอง]\n", "    indicators: [5]\n"),
     "title: มาตรการที่ 5", "missing-field", "measures[4].steps"),
    ("measure-without-period", "data/2569/measures.yml",
     _measures("    period: ตลอดปีงบประมาณ พ.ศ. 2569\n", "", 1), "title: มาตรการที่ 1", "missing-field",
     "measures[0].period"),
    ("measure-without-responsible", "data/2569/measures.yml",
     _measures("    responsible: [สำนักปลัด]\n", "    responsible: []\n", 2), "responsible: []", "empty",
     "measures[0].responsible"),
    ("unknown-analysis-status", "data/2569/measures.yml", _measures("status: strength", "status: excellent"),
     "status: excellent", "analysis-status", "analysis[1].status"),
    ("end-before-start", "data/2569/measures.yml", _measures("    end: 2569-09-30", "    end: 2568-09-30"),
     "end: 2568-09-30", "date-order", "measures[0].end"),
    ("impossible-date", "data/2569/measures.yml", _measures("    start: 2568-10-01", "    start: 2568-02-30"),
     "start: 2568-02-30", "date", "measures[0].start"),
    ("level-impossible", "data/2568/scores.yml", _scores("level: ผ่านดี", "level: ผ่านดีเยี่ยม"), "level:", "level",
     "level"),
    ("level-unknown-word", "data/2568/scores.yml", _scores("level: ผ่านดี", "level: ดีมาก"), "level:", "level",
     "level"),
    ("unit-not-in-agency", "data/2569/measures.yml",
     _measures("    responsible: [สำนักปลัด]\n", "    responsible: [สำนักปลัด, กองสวัสดิการ]\n"),
     "กองสวัสดิการ", "unit", "measures[0].responsible"),
    ("unit-not-in-agency-oit", "data/2569/oit.yml", _oit("    responsible: สำนักปลัด", "    responsible: กองไม่มีจริง"),
     "กองไม่มีจริง", "unit", "items.O1.responsible"),
    ("duplicate-key", "data/2568/scores.yml", _scores("  10: 100.00", "  10: 100.00\n  7: 90.00"), "  7: 90.00",
     "duplicate-key", "indicators[7]"),
    ("yaml-syntax", "data/2569/oit.yml", _oit("        title: เอกสารข้อ 2", "        title: [เอกสารข้อ 2"),
     "title: [เอกสารข้อ 2", "yaml-syntax", ""),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case[0] for case in ERROR_CASES])
def test_defect_is_an_error_with_file_line_and_field(tmp_path: Path, case: tuple) -> None:
    _id, file, text, needle, code, field = case
    root = write_project(tmp_path / "agency", {file: text})
    expected_line = line_of(text, needle)

    status, output = run(root)
    assert status == 1
    assert file in output
    assert f"บรรทัด {expected_line}" in output

    status, output = run(root, "--json")
    assert status == 1
    findings = [f for f in json.loads(output)["findings"] if f["severity"] == "error"]
    matching = [f for f in findings if f["file"] == file and f["code"] == code and f["line"] == expected_line]
    assert matching, findings
    # The exact field (None: the problem has no field, e.g. YAML syntax): never a substring, which "" always is.
    assert [f["field"] for f in matching] == [field or None], matching
    assert all(f["message"] and f["hint"] for f in matching)


def test_windows_874_file_is_named(tmp_path: Path) -> None:
    text = AGENCY.replace("ขอนแก่น", "ขอนแก่น")
    root = write_project(tmp_path / "agency", {"data/agency.yml": text.encode("cp874")})
    status, output = run(root)
    assert status == 1
    assert "data/agency.yml" in output
    assert "TIS-620/Windows-874" in output
    assert "บรรทัด 1" in output


def test_utf16_file_is_named(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"data/agency.yml": AGENCY.encode("utf-16")})
    status, output = run(root)
    assert status == 1 and "UTF-16" in output and "data/agency.yml" in output


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + SCORES_2568.replace("\n", "\r\n").encode("utf-8")
    root = write_project(tmp_path / "agency", {"data/2568/scores.yml": raw})
    status, output = run(root, "--json")
    assert status == 0, output


def test_all_problems_of_a_run_are_reported_together(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {
        "data/2568/scores.yml": _scores("  7: 94.92", "  7: 194.92"),
        "data/2569/oit.yml": _oit("files/2569/o3.pdf", "files/2569/nope.pdf"),
        "data/2569/measures.yml": _measures("status: strength", "status: excellent"),
    })
    status, output = run(root, "--json")
    codes = {(f["file"], f["code"]) for f in json.loads(output)["findings"] if f["severity"] == "error"}
    assert status == 1
    assert codes >= {("data/2568/scores.yml", "score"), ("data/2569/oit.yml", "file-missing"),
                     ("data/2569/measures.yml", "analysis-status")}


# --- warnings: exit 0 -------------------------------------------------------

WARNING_CASES = [
    ("item-without-evidence", "data/2569/oit.yml",
     _oit("  O7:\n    links:\n      - file: files/2569/o7.pdf\n        title: เอกสารข้อ 7\n    responsible: สำนักปลัด\n",
          "  O7:\n"),
     "  O7:", "no-evidence", "items.O7"),
    ("analysis-not-all-ten", "data/2569/measures.yml",
     _measures("  3:\n    status: strength\n    text: วิเคราะห์ตัวชี้วัดที่ 3\n", ""), "analysis:",
     "analysis-incomplete", "analysis"),
    ("indicator-without-measure", "data/2569/measures.yml", _measures("indicators: [6]", "indicators: [5]"),
     "measures:", "indicator-without-measure", "measures"),
    ("period-outside-fiscal-year", "data/2569/measures.yml", _measures("    end: 2569-09-30", "    end: 2569-12-31"),
     "end: 2569-12-31", "period-outside", "measures[0].end"),
    ("unknown-field-typo", "data/2569/measures.yml", _measures("    period: ตลอด", "    priod: x\n    period: ตลอด"),
     "priod: x", "unknown-field", "measures[0].priod"),
]


@pytest.mark.parametrize("case", WARNING_CASES, ids=[case[0] for case in WARNING_CASES])
def test_assessor_concern_is_a_warning(tmp_path: Path, case: tuple) -> None:
    _id, file, text, needle, code, field = case
    root = write_project(tmp_path / "agency", {file: text})
    status, output = run(root, "--json")
    assert status == 0
    warnings = [f for f in json.loads(output)["findings"] if f["severity"] == "warning" and f["code"] == code]
    assert warnings, output
    assert any(w["file"] == file and w["line"] == line_of(text, needle) and w["field"] == (field or None)
               for w in warnings), warnings
    status, text_output = run(root)
    assert "คำเตือน" in text_output and file in text_output


def test_item_missing_from_oit_file_is_counted_in_summary(tmp_path: Path) -> None:
    text = _oit("  O7:\n    links:\n      - file: files/2569/o7.pdf\n        title: เอกสารข้อ 7\n    responsible: สำนักปลัด\n",
                "")
    root = write_project(tmp_path / "agency", {"data/2569/oit.yml": text})
    status, output = run(root)
    assert status == 0
    assert "2569: 25/26 รายการมีหลักฐาน, 1 รายการยังไม่มี (O7)" in output


def test_generated_item_without_measures_is_missing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"data/2569/measures.yml": None})
    status, output = run(root, "--json")
    report = json.loads(output)
    assert status == 0
    assert report["coverage"][0]["missing"] == ["O25"]


# --- the command itself -----------------------------------------------------


def test_no_project_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_folder_without_data_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "data/" in result.output


def test_missing_agency_file_is_an_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"data/agency.yml": None})
    status, output = run(root)
    assert status == 1 and "data/agency.yml" in output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_unknown_site_address_is_a_warning(project: Path) -> None:
    """Without site_url the 404 page cannot load its styles from a subfolder: `oit check` says so."""
    (project / "mkdocs.yml").write_text("site_name: ทดสอบ\nplugins: [oit]\nmarkdown_extensions:\n"
                                        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                                        encoding="utf-8")
    status, output = run(project, "--json")
    assert status == 0
    found = [f for f in json.loads(output)["findings"] if f["code"] == "site-url"]
    assert [(f["severity"], f["file"]) for f in found] == [("warning", "mkdocs.yml")]
    assert "site_url" in found[0]["message"] and "https://" in found[0]["hint"]
    (project / "mkdocs.yml").write_text("site_name: ทดสอบ\nsite_url: https://www.example.go.th/ita/\nplugins: [oit]\n",
                                        encoding="utf-8")
    status, output = run(project, "--json")
    assert "site-url" not in {f["code"] for f in json.loads(output)["findings"]}
