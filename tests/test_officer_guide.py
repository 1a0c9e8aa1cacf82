"""The officer's Thai data guide: shipped, reachable from any project, complete, and its examples load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO
from site_builder.cli import main
from site_builder.guide import data_guide

CATALOG_DIR = REPO / "site_builder" / "catalogs"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def yaml_examples(text: str) -> dict[str, str]:
    """The guide's full examples: ```yaml blocks whose first line names their file (``# data/...``)."""
    found: dict[str, str] = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL):
        first = block.splitlines()[0]
        match = re.match(r"# (data/\S+\.yml)", first)
        if match:
            found[match.group(1)] = block
    return found


def test_the_repository_guide_is_the_shipped_guide() -> None:
    # docs/data.md is what `oit help data` prints; regenerate with `oit help data > docs/data.md`.
    assert (REPO / "docs/data.md").read_text(encoding="utf-8") == data_guide()


def test_the_guide_is_thai_and_points_nowhere_outside_the_project() -> None:
    guide = data_guide()
    assert guide.startswith("# คู่มือกรอกข้อมูล")
    assert "../shared" not in guide and "design/" not in guide and "shared/" not in guide


def test_the_guide_lists_every_o_code_of_every_shipped_catalog() -> None:
    guide = data_guide()
    paths = sorted(CATALOG_DIR.glob("*.yml"))
    assert [p.stem for p in paths] == ["2567", "2568", "2569"]
    for path in paths:
        catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
        section = guide[guide.index(f"### เกณฑ์ปี {path.stem} ({len(catalog['items'])} ข้อ)"):]
        section = section.split("\n### ", 1)[0]
        for item in catalog["items"]:
            title = " ".join(str(item["title"]).split())
            assert f"| {item['code']} | {title} | {item['indicator']} |" in section, (path.stem, item["code"])


@pytest.mark.parametrize(("file", "fields"), [
    ("agency.yml", ["name", "type", "province", "district", "website", "address", "phone", "email", "logo", "units"]),
    ("scores.yml", ["year", "announced", "total", "level", "rank", "position", "of", "group", "tools", "IIT",
                    "EIT1", "EIT2", "OIT", "indicators", "questions"]),
    ("measures.yml", ["year", "based_on", "title", "introduction", "summary", "analysis", "status", "text", "themes",
                      "measures", "indicators", "steps", "period", "start", "end", "responsible", "group",
                      "followup", "progress", "date", "note", "links", "limitations", "recommendations",
                      "strength", "maintain", "improve", "urgent", "not-started", "in-progress", "done", "cancelled"]),
    ("oit.yml", ["year", "criteria", "items", "links", "url", "file", "title", "published", "responsible", "note",
                 "generated", "measures-report"]),
])
def test_every_field_is_explained_with_a_full_example(file: str, fields: list[str]) -> None:
    guide = data_guide()
    section = guide[guide.index(f"## data/{'ปี/' if file != 'agency.yml' else ''}{file}"):]
    section = section.split("\n## ", 1)[0]
    for field in fields:
        assert f"`{field}`" in section or f"\n{field}:" in section or f" {field}:" in section, (file, field)
    assert any(path.endswith(file) for path in yaml_examples(section))


def test_the_accepted_date_and_number_forms_are_written_down() -> None:
    guide = data_guide()
    for form in ("`2568-09-05`", "`5 กันยายน พ.ศ. 2568`", "`วันที่ 20 พฤศจิกายน 2568`", "`05/09/2568`", "`5/9/2568`",
                 "`20/11/68`", "`20-11-2568`", "`20 พ.ย. 68`", '`"๕ ก.ย. ๒๕๖๘"`', "`94.86`", "`94,86`",
                 "`phone: 054001234`", "`file: files/2569/o1.pdf`"):
        assert form in guide, form


def test_the_full_examples_pass_oit_check(tmp_path: Path) -> None:
    examples = yaml_examples(data_guide())
    assert {"data/agency.yml", "data/2568/scores.yml", "data/2569/measures.yml", "data/2569/oit.yml",
            "data/criteria/2569.yml"} <= set(examples)
    root = tmp_path / "agency"
    for path, text in examples.items():
        if path == "data/criteria/2570.yml":
            continue  # a shortened sketch of a new edition, said so in the guide
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    for name in ("files/logo.png", "files/2569/o1-structure.pdf"):
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_bytes(b"x")
    status, output = run("check", str(root), "--json")
    report = json.loads(output)
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    assert status == 0
    # Nothing in the examples is silently ignored.
    assert [f for f in report["findings"] if f["code"] == "unknown-field"] == []


def test_oit_help_data_prints_the_guide() -> None:
    status, output = run("help", "data")
    assert status == 0
    assert output == data_guide()


def test_every_hint_naming_the_guide_names_a_file_a_new_project_has(tmp_path: Path) -> None:
    root = tmp_path / "agency"
    assert run("new", str(root), "--year", "2569")[0] == 0
    assert (root / "docs/data.md").read_text(encoding="utf-8") == data_guide()
    # Hints that point to the guide, in the shipped code, all use the path the new project has.
    thai_lines = [line for p in (REPO / "site_builder").rglob("*.py")
                  for line in p.read_text(encoding="utf-8").splitlines() if re.search("[\u0e00-\u0e7f]", line)]
    named = set(re.findall(r"docs/[\w.-]+\.md", "\n".join(thai_lines)))
    assert named == {"docs/data.md"}
    status, output = run("check", str(root))
    assert "docs/data.md" in output
    for path in named:
        assert (root / path).is_file()


def test_new_year_adds_the_guide_to_a_project_that_lacks_it(tmp_path: Path) -> None:
    from conftest import MKDOCS_YML, write_project

    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert not (root / "docs").exists()
    status, output = run("new-year", "2570", str(root))
    assert status == 0, output
    assert (root / "docs/data.md").read_text(encoding="utf-8") == data_guide()
    assert "docs/data.md" in (root / "data/2570/measures.yml").read_text(encoding="utf-8")
    # A guide the agency already has (perhaps edited) is left alone.
    (root / "docs/data.md").write_text("ของหน่วยงาน\n", encoding="utf-8")
    assert run("new-year", "2571", str(root))[0] == 0
    assert (root / "docs/data.md").read_text(encoding="utf-8") == "ของหน่วยงาน\n"


def test_the_guide_ships_in_the_wheel() -> None:
    import fnmatch
    import tomllib

    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "site_builder.guide" in setuptools["packages"]
    patterns = setuptools["package-data"]["site_builder.guide"]
    assert any(fnmatch.fnmatch("data.md", pattern) for pattern in patterns)
