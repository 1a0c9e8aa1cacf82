"""`oit new DIR`: a new agency project that `oit check` explains and `oit build` builds once filled in."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.catalogs import load_catalogs
from site_builder.cli import main
from site_builder.scaffold import current_fiscal_year


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("today", "year"), [
    (dt.date(2026, 9, 30), 2569), (dt.date(2026, 10, 1), 2570), (dt.date(2027, 1, 15), 2570),
    (dt.date(2025, 12, 31), 2569)])
def test_fiscal_year_starts_on_1_october(today: dt.date, year: int) -> None:
    assert current_fiscal_year(today) == year


def test_new_project_lists_every_item_and_check_explains_what_is_missing(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    status, output = run("new", str(root), "--year", "2569")
    assert status == 0, output
    assert {"mkdocs.yml", "data/agency.yml", "data/2569/oit.yml"} <= set(snapshot(root))
    assert (root / "content" / "files" / "2569").is_dir()

    # Every catalog item is there, with what the assessor checks written above it.
    oit = (root / "data/2569/oit.yml").read_text(encoding="utf-8")
    catalog = load_catalogs(root / "data")[0][2569]
    codes = re.findall(r"^  (O\d+):$", oit, re.MULTILINE)
    assert codes == catalog.codes
    for item in catalog.items:
        block = oit[:oit.index(f"\n  {item.code}:\n")]
        block = block[block.rindex(f"# {item.code} "):]
        assert item.title in block
        for requirement in item.requires:
            assert requirement in block

    status, output = run("check", str(root), "--json")
    assert status == 1
    report = json.loads(output)
    missing = {(f["field"], f["code"]) for f in report["findings"] if f["severity"] == "error"}
    assert missing == {(name, "missing-value") for name in ("name", "type", "province", "website")}
    assert all("ยังไม่ได้กรอก" in f["message"] for f in report["findings"] if f["severity"] == "error")
    no_evidence = {f["field"] for f in report["findings"] if f["code"] == "no-evidence"}
    assert no_evidence == {f"items.{code}" for code in catalog.codes}
    assert report["coverage"] == [{"year": 2569, "items": 26, "with_evidence": 0, "missing": catalog.codes}]
    status, text = run("check", str(root))
    assert "data/agency.yml" in text and "ยังไม่ได้กรอก name" in text and "ยังไม่มีหลักฐาน" in text

    # The officer fills in agency.yml and O1's link (uncommenting the lines ready for it).
    agency = (root / "data/agency.yml").read_text(encoding="utf-8")
    for field, value in (("name", "เทศบาลตำบลทดสอบ"), ("type", "เทศบาลตำบล"), ("province", "ขอนแก่น"),
                         ("website", "https://www.example.go.th/")):
        agency = re.sub(rf"^{field}:\s+#", f"{field}: {value}  #", agency, count=1, flags=re.MULTILINE)
    (root / "data/agency.yml").write_text(agency, encoding="utf-8")
    oit = oit.replace("  O1:\n    # links:\n    #   - url: https://\n    #     title: ",
                      "  O1:\n    links:\n      - url: https://www.example.go.th/structure\n        title: โครงสร้าง", 1)
    (root / "data/2569/oit.yml").write_text(oit, encoding="utf-8")
    status, output = run("check", str(root), "--json")
    assert status == 0, output
    assert json.loads(output)["coverage"][0]["with_evidence"] == 1

    status, output = run("build", str(root))
    assert status == 0, output
    page = (root / "site/2569/oit/o1/index.html").read_text(encoding="utf-8")
    assert "https://www.example.go.th/structure" in page


def test_new_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    assert run("new", str(root), "--year", "2569")[0] == 0
    (root / "data/agency.yml").write_text("name: แก้แล้ว\n", encoding="utf-8")
    before = snapshot(root)
    status, output = run("new", str(root), "--year", "2569")
    assert status == 2 and "ไม่สร้างทับ" in output
    assert snapshot(root) == before
    other = tmp_path / "other"
    (other / "mkdocs.yml").parent.mkdir()
    (other / "mkdocs.yml").write_text("site_name: ของเดิม\n", encoding="utf-8")
    assert run("new", str(other))[0] == 2
    assert snapshot(other) == {"mkdocs.yml": "site_name: ของเดิม\n".encode()}


def test_new_for_a_year_without_criteria_uses_the_newest_edition(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    status, output = run("new", str(root), "--year", "2575")
    assert status == 0 and "2569" in output
    oit = (root / "data/2575/oit.yml").read_text(encoding="utf-8")
    assert "\nyear: 2575\ncriteria: 2569\n" in oit
    report = json.loads(run("check", str(root), "--json")[1])
    assert "no-catalog" not in {f["code"] for f in report["findings"]}
    assert report["coverage"][0]["items"] == 26


def _uncomment_example(text: str, start: str) -> str:
    """The officer's edit: remove ``# `` before every line from ``start`` on."""
    head, tail = text.split(start, 1)
    lines = (start + tail).splitlines()
    return head + "\n".join(line[2:] if line.startswith("# ") else line for line in lines) + "\n"


def test_new_writes_score_and_measure_templates_in_the_right_year_folders(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    status, output = run("new", str(root), "--year", "2569", "--site-url", "https://www.example.go.th/ita")
    assert status == 0, output
    files = set(snapshot(root))
    # The memo of ITA 2568 goes in 2568; the measures that analyse it run in 2569.
    assert {"data/2568/scores.yml", "data/2569/measures.yml", "docs/data.md"} <= files
    scores = (root / "data/2568/scores.yml").read_text(encoding="utf-8")
    measures = (root / "data/2569/measures.yml").read_text(encoding="utf-8")
    assert "ปีที่ประเมิน" in scores and "data/2569/measures.yml" in scores
    assert "ปีที่ทำมาตรการ" in measures and "data/2568/scores.yml" in measures
    assert "\nyear: 2569\nbased_on: 2568\n" in measures
    assert "\nsite_url: https://www.example.go.th/ita/\n" in (root / "mkdocs.yml").read_text(encoding="utf-8")

    # The templates alone add no error to the agency's four blanks.
    report = json.loads(run("check", str(root), "--json")[1])
    assert {f["field"] for f in report["findings"] if f["severity"] == "error"} == {
        "name", "type", "province", "website"}

    # The officer fills everything in, as the comments say, and the project passes and builds.
    agency = (root / "data/agency.yml").read_text(encoding="utf-8")
    for field, value in (("name", "องค์การบริหารส่วนตำบลทดสอบ"), ("type", "องค์การบริหารส่วนตำบล"),
                         ("province", "น่าน"), ("website", "https://www.example.go.th/")):
        agency = re.sub(rf"^{field}:\s+#", f"{field}: {value}  #", agency, count=1, flags=re.MULTILINE)
    (root / "data/agency.yml").write_text(agency, encoding="utf-8")
    (root / "data/2568/scores.yml").write_text(_uncomment_example(scores, "# year: 2568"), encoding="utf-8")
    for number in range(1, 11):
        measures = measures.replace(f"  {number}:\n    status:\n    text: \"\"\n",
                                    f"  {number}:\n    status: maintain\n    text: วิเคราะห์ตัวชี้วัดที่ {number}\n", 1)
    example = measures[measures.index("#   - title:"):measures.index("measures: []")]
    filled = "\n".join(line.split("  #")[0].rstrip()[2:] for line in example.splitlines()) + "\n"
    measures = measures.replace("measures: []\n", "measures:\n" + filled.replace("#", ""))
    (root / "data/2569/measures.yml").write_text(measures, encoding="utf-8")
    status, output = run("check", str(root), "--json")
    report = json.loads(output)
    assert status == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert not {f["code"] for f in report["findings"]} & {"empty-file", "analysis-incomplete", "based-on-scores"}
    assert "O25" not in report["coverage"][0]["missing"]
    status, output = run("build", str(root))
    assert status == 0, output
    analysis = (root / "site/2569/analysis/index.html").read_text(encoding="utf-8")
    assert "มาตรการการสื่อสารเชิงรุกผ่านช่องทางต่าง ๆ" in analysis and "96.91" in analysis


def test_new_refuses_a_site_url_that_is_not_an_address(tmp_path: Path) -> None:
    status, output = run("new", str(tmp_path / "agency"), "--site-url", "www.example.go.th ita")
    assert status == 2 and "https://" in output
    assert not (tmp_path / "agency").exists()


def test_new_asks_for_the_site_address_when_someone_is_at_the_keyboard(tmp_path: Path, monkeypatch) -> None:
    import site_builder.cli as cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = CliRunner().invoke(main, ["new", str(tmp_path / "a"), "--year", "2569"],
                                input="www.example.go.th\nhttps://www.example.go.th/ita\n")
    assert result.exit_code == 0, result.output
    assert "ที่อยู่เว็บไซต์ 'www.example.go.th' ใช้ไม่ได้" in result.output  # asked again
    assert "\nsite_url: https://www.example.go.th/ita/\n" in (tmp_path / "a/mkdocs.yml").read_text(encoding="utf-8")
    # Enter skips it: the file keeps a line ready to fill in.
    result = CliRunner().invoke(main, ["new", str(tmp_path / "b"), "--year", "2569"], input="\n")
    assert result.exit_code == 0, result.output
    mkdocs = (tmp_path / "b/mkdocs.yml").read_text(encoding="utf-8")
    assert "\nsite_url:" not in mkdocs and "# site_url: https://" in mkdocs
    assert "ใส่ที่อยู่เว็บไซต์ (site_url) ใน mkdocs.yml" in result.output
