"""What the officer reads in a terminal: Thai help without English framing, Thai never cut inside a word,
columns aligned by display width, and a check report that puts errors first and says each hint once."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MKDOCS_YML, write_project
from site_builder.cli import main

COMMANDS = ["", "check", "build", "links", "publish", "serve", "new", "new-year", "help"]
ENGLISH_FRAMING = ["Usage:", "Options:", "Commands:", "Show this message", "Show the version", "Error:",
                   "Try '", "No such", "Missing argument", "Invalid value", "is not", "[OPTIONS]", "COMMAND",
                   "PROJECT_DIR", "TARGET", "INTEGER", "FLOAT", "PATH", "FILE", "DIRECTORY", "TEXT", "default:",
                   "does not", "Aborted"]


def invoke(*args: str, width: int = 60) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), terminal_width=width)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def cells(text: str) -> int:
    """Display cells, counted independently of the code under test: Thai marks (Mn) take none."""
    return sum(0 if unicodedata.category(ch) == "Mn" else 1 for ch in text)


# Every Thai word the help texts contain, as PyThaiNLP's dictionary segments it; a line may only end
# where one of them ends (checked below by joining each wrapped line with the next).
def thai_words_cut(lines: list[str]) -> list[str]:
    cut = []
    for first, second in zip(lines, lines[1:]):
        a, b = first.rstrip(), second.lstrip()
        if not a or not b:
            continue
        left, right = a[-1], b[0]
        # A line that ends in a Thai letter and a next line that starts with a Thai mark or a
        # following vowel glued to it: a syllable was cut ("ไม่ไ/ด้", "ซ้/ำ").
        if unicodedata.category(right) == "Mn" or right in "ะาำๅๆ":
            cut.append(f"{a[-6:]}/{b[:6]}")
        elif "\u0e00" <= left <= "\u0e7f" and "\u0e00" <= right <= "\u0e7f" and left in "เแโใไ":
            cut.append(f"{a[-6:]}/{b[:6]}")  # a leading vowel left alone at the end of a line
    return cut


def breaks_inside_words(lines: list[str]) -> list[str]:
    """Line breaks between two Thai letters that PyThaiNLP does not see as a word boundary."""
    from pythainlp.tokenize import word_tokenize

    bad = []
    for first, second in zip(lines, lines[1:]):
        a, b = first.rstrip().split(" ")[-1], second.lstrip().split(" ")[0]
        if not (a and b and "\u0e00" <= a[-1] <= "\u0e7f" and "\u0e00" <= b[0] <= "\u0e7f"):
            continue
        ends, at = set(), 0
        for token in word_tokenize(a + b, engine="newmm"):
            at += len(token)
            ends.add(at)
        if len(a) not in ends:
            bad.append(f"{a}/{b}")
    return bad


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_thai_without_english_framing(command: str) -> None:
    status, output = invoke(*([command] if command else []), "--help")
    assert status == 0
    assert "วิธีใช้:" in output and "ตัวเลือก:" in output
    for english in ENGLISH_FRAMING:
        assert english not in output, (command, english)


@pytest.mark.parametrize("args", [["check", "--nope"], ["publish"], ["links", "--per-host", "9"], ["nocmd"],
                                  ["new-year", "abc"], ["links", "--format", "xml"], ["build", "--site-dir"],
                                  ["chek"], ["new"]])
def test_usage_errors_are_thai(args: list[str]) -> None:
    status, output = invoke(*args)
    assert status == 2
    assert "ข้อผิดพลาด:" in output
    for english in ENGLISH_FRAMING:
        assert english not in output, (args, english)


@pytest.mark.parametrize("width", [40, 50, 60, 72, 80])
@pytest.mark.parametrize("command", ["publish", "links", "new", "new-year", "build"])
def test_thai_help_is_never_wrapped_inside_a_syllable(command: str, width: int) -> None:
    output = invoke(command, "--help", width=width)[1]
    lines = output.splitlines()
    assert thai_words_cut(lines) == []
    assert breaks_inside_words(lines) == []


def test_option_descriptions_start_in_one_column() -> None:
    output = invoke("new", "--help", width=100)[1]
    rows = [line for line in output.splitlines() if line.startswith("  -")]
    starts = set()
    for row in rows:
        first, _, rest = row.strip().partition("  ")
        if rest.strip():
            starts.add(cells(row[: row.index(rest.strip())]))
    assert len(starts) == 1, rows


def test_help_data_and_version_are_thai() -> None:
    assert invoke("--version")[1].startswith("oit รุ่น ")
    status, output = invoke("help", "nothing")
    assert status == 2 and "ไม่มีหัวข้อ" in output


# --- the check report --------------------------------------------------------


@pytest.fixture()
def noisy(tmp_path: Path) -> Path:
    # One error (a score over 100), one unknown unit, several items without evidence.
    oit = "\n".join(["year: 2569", "items:", "  O1:", "    links:", "      - url: https://www.example.go.th/a",
                     "    responsible: กองไม่มี", "  O2:", "  O3:", "  O4:"]) + "\n"
    return write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "data/2569/oit.yml": oit,
                                          "data/2568/scores.yml": "year: 2568\ntotal: 197\nindicators: {1: 1}\n"})


def test_errors_come_before_warnings(noisy: Path) -> None:
    status, output = invoke("check", str(noisy), width=200)
    assert status == 1
    labels = [line.split(":")[0].strip() for line in output.splitlines()
              if line.strip().startswith(("ข้อผิดพลาด:", "คำเตือน:"))]
    assert "ข้อผิดพลาด" in labels and "คำเตือน" in labels
    first_warning = labels.index("คำเตือน")
    assert "ข้อผิดพลาด" not in labels[first_warning:]


def test_errors_option_shows_errors_only(noisy: Path) -> None:
    status, output = invoke("check", str(noisy), "--errors", width=200)
    assert status == 1
    assert "ข้อผิดพลาด:" in output and "คำเตือน:" not in output
    assert "ยังไม่มีหลักฐาน" not in output
    report = json.loads(invoke("check", str(noisy), "--errors", "--json")[1])
    assert report["findings"] and {f["severity"] for f in report["findings"]} == {"error"}


def test_a_hint_is_given_once_per_kind(noisy: Path) -> None:
    output = invoke("check", str(noisy), width=200)[1]
    generic = [line for line in output.splitlines() if "วิธีแก้: ใส่ links: ใต้" in line]
    assert len(generic) == 1
    missing = [line for line in output.splitlines() if "ยังไม่มีหลักฐาน" in line]
    assert len(missing) > 10  # each item is still listed


def test_unconfirmed_catalog_titles_are_said_once_by_oit_new_not_by_every_check(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML + "site_url: https://www.example.go.th/ita/\n"})
    status, output = invoke("check", str(root), width=200)
    assert status == 0
    assert "ยังไม่ได้ยืนยัน" not in output
    assert "ไม่พบข้อผิดพลาดและคำเตือน" in output
    # Tools still get them in JSON.
    report = json.loads(invoke("check", str(root), "--json")[1])
    assert {f["field"] for f in report["findings"] if f["code"] == "unverified-title"} == {
        "items.O2", "items.O6", "items.O7"}
    output = invoke("new", str(tmp_path / "b"), "--year", "2569")[1]
    assert len(re.findall("ยังไม่ได้ยืนยัน", output)) == 1 and "O2, O6, O7" in output


# --- oit links summary table -------------------------------------------------


def test_links_summary_table_columns_line_up_in_display_cells() -> None:
    from site_builder.links.report import summary_table

    lines = summary_table({"ok": 3, "broken": 12, "blocked": 1, "tls": 0, "unreachable": 2})
    assert len(lines) == 9  # header, seven verdicts, total
    ends = {cells(line.rstrip()) for line in lines}
    assert len(ends) == 1, lines  # every count ends in the same column
    # The count column starts after the widest label: "ใบรับรอง HTTPS มีปัญหา" is 19 cells (len 22).
    label_ends = {cells(re.split(r"\s{2,}", line.strip())[0]) for line in lines}
    assert max(label_ends) == 19


@pytest.mark.parametrize("width", [40, 80])
def test_the_command_list_names_every_command_in_thai_without_cutting_it(width: int) -> None:
    output = invoke("--help", width=width)[1]
    listing = output[output.index("คำสั่ง:"):]
    assert "..." not in listing
    for command, words in (("build", "สร้างเว็บไซต์"), ("check", "ตรวจข้อมูล"), ("links", "ตรวจลิงก์"),
                           ("publish", "ส่งเว็บไซต์"), ("new", "โครงการ"), ("new-year", "ปีงบประมาณใหม่"),
                           ("serve", "ตัวอย่างเว็บไซต์"), ("help", "oit help data")):
        row = next(line for line in listing.splitlines() if line.strip().startswith(command + " "))
        assert words in row, row
