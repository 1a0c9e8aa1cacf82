"""What an officer types reaches the site exactly, or `oit check` stops in Thai with the fix (issue #10).

Two tables: input line → exact text on the built page; input → the Thai finding
(code, line, words of the fix). Expected texts are literals written from the
officer's side (what was typed, the Thai date a reader expects), never computed
by the code under test.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import (
    AGENCY,
    MKDOCS_YML,
    REPO,
    SCORES_2568,
    measures_2569,
    oit_2569,
    write_project,
)

from site_builder import check
from site_builder.build import build_site
from site_builder.cli import main

# --- input line → exact text on the page ---------------------------------------------

# (item code, lines under the item in oit.yml, page, text the page must show)
PAGE_CASES = [
    # YAML 1.1 would read these as numbers or booleans: the page shows what was typed.
    ("O1", ["    links:", "      - url: https://www.example.go.th/a", "        title: 1:30"], "2569/oit/o1", "1:30"),
    ("O2", ["    links:", "      - url: https://www.example.go.th/b", "        title: 1e3"], "2569/oit/o2", "1e3"),
    ("O3", ["    links:", "      - url: https://www.example.go.th/c", "        title: .5"], "2569/oit/o3", ".5"),
    ("O4", ["    links:", "      - url: https://www.example.go.th/d", "        title: yes", "    note: off"],
     "2569/oit/o4", "off"),
    ("O5", ["    links:", "      - url: https://www.example.go.th/e", "        title: 0x1F", "    note: 0012"],
     "2569/oit/o5", "0012"),
    # Dates as officers write them (Buddhist Era, day first).
    ("O7", ["    published: 5 กันยายน พ.ศ. 2568"], "2569/oit/o7", "5 กันยายน 2568"),
    ("O8", ["    published: วันที่ 20 พฤศจิกายน 2568"], "2569/oit/o8", "20 พฤศจิกายน 2568"),
    ("O9", ["    published: 05/09/2568"], "2569/oit/o9", "5 กันยายน 2568"),
    ("O10", ["    published: 5/9/2568"], "2569/oit/o10", "5 กันยายน 2568"),
    ("O11", ["    published: 20/11/68"], "2569/oit/o11", "20 พฤศจิกายน 2568"),
    ("O12", ["    published: 20-11-2568"], "2569/oit/o12", "20 พฤศจิกายน 2568"),
    ("O13", ["    published: 20 พ.ย. 68"], "2569/oit/o13", "20 พฤศจิกายน 2568"),
    ("O14", ["    published: ๒๐ พ.ย. ๖๘"], "2569/oit/o14", "20 พฤศจิกายน 2568"),
    ("O15", ["    published: ๐๕/๐๙/๒๕๖๘"], "2569/oit/o15", "5 กันยายน 2568"),
]
TITLES = {"O1": "1:30", "O2": "1e3", "O3": ".5", "O4": "yes", "O5": "0x1F"}


def _oit_with(cases: list[tuple[str, list[str], str, str]], extra: dict[str, list[str]] | None = None) -> str:
    """oit_2569() with the given items' blocks replaced by the officer's lines."""
    replaced = {code: lines for code, lines, _page, _text in cases} | (extra or {})
    out: list[str] = []
    skipping = False
    for line in oit_2569().splitlines():
        match = re.match(r"^  (O\d+):$", line)
        if match:
            skipping = match.group(1) in replaced
            if skipping:
                out += [line] + replaced[match.group(1)]
                continue
        elif skipping:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.fixture(scope="module")
def typed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    agency = AGENCY + "phone: 054001234\n"
    scores = SCORES_2568 + "rank: {position: 44, group: องค์การบริหารส่วนจังหวัด}\n"
    measures = measures_2569().replace("    period: ตลอดปีงบประมาณ พ.ศ. 2569\n", "    period: 010\n", 1)
    oit = _oit_with(PAGE_CASES, {
        "O16": ["    links: [https://www.example.go.th/f]", "    published: 2599-01-01"],  # a typo for 2569
        "O17": ["    links: [https://www.example.go.th/g]", "    published: 1 ต.ค. 2568"],
    })
    root = write_project(tmp_path_factory.mktemp("typed") / "agency", {
        "data/agency.yml": agency, "data/2568/scores.yml": scores, "data/2569/measures.yml": measures,
        "data/2569/oit.yml": oit, "mkdocs.yml": (REPO / "mkdocs.yml").read_text(encoding="utf-8")})
    result = build_site(root)
    assert result.site_dir is not None, [f for f in result.report.findings if f.severity == "error"]
    return result.site_dir


@pytest.mark.parametrize(("code", "lines", "page", "expected"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_typed_value_reaches_the_page_exactly(typed_site: Path, code: str, lines: list[str], page: str,
                                             expected: str) -> None:
    text = _text(typed_site, page)
    assert expected in text
    if code in TITLES:
        assert TITLES[code] in text


def test_phone_with_leading_zero_is_not_an_octal_number(typed_site: Path) -> None:
    text = _text(typed_site, "")
    assert "โทร 054001234" in text
    assert "11535004" not in text  # what YAML 1.1 makes of 054001234


def test_period_typed_as_digits_keeps_its_zeros(typed_site: Path) -> None:
    assert "010" in _text(typed_site, "2569/measures")


def test_rank_without_group_size_shows_what_is_known(typed_site: Path) -> None:
    text = _text(typed_site, "2568")
    assert "อันดับที่ 44 (องค์การบริหารส่วนจังหวัด)" in text
    assert "None" not in text


def test_future_published_date_never_tops_recent_changes(typed_site: Path) -> None:
    home = BeautifulSoup((typed_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    changes = [li.get_text(" ", strip=True) for li in home.select("ul.oit-changes li")]
    assert changes, "the home page lists recent changes"
    assert not any("O16" in change for change in changes)
    assert "O17" in changes[0] or "2568" in changes[0]


def test_site_name_is_the_agency_from_agency_yml(typed_site: Path) -> None:
    # The project uses the repository's mkdocs.yml: no trace of the demo agency anywhere.
    for path in typed_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".csv", ".txt"):
            assert "หนองบัวงาม" not in path.read_text(encoding="utf-8", errors="replace"), path
    title = BeautifulSoup((typed_site / "2569/oit/index.html").read_text(encoding="utf-8"), "html.parser").title
    assert title is not None and "เทศบาลตำบลทดสอบ" in title.get_text()


def test_project_without_content_folder_builds(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2569/oit.yml": None, "data/2569/measures.yml": None,
                                          "mkdocs.yml": MKDOCS_YML})
    shutil.rmtree(root / "content")  # git does not keep an empty folder
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "docs_dir" not in result.output
    assert (root / "site/index.html").is_file()
    assert not (root / "content").exists()  # the build never creates it in the project


# --- input → the Thai finding -----------------------------------------------------------


def _scores(old: str, new: str) -> str:
    assert old in SCORES_2568
    return SCORES_2568.replace(old, new)


def _oit(old: str, new: str) -> str:
    text = oit_2569()
    assert old in text
    return text.replace(old, new, 1)


def _measures(old: str, new: str) -> str:
    text = measures_2569()
    assert old in text
    return text.replace(old, new, 1)


LONG_TEXT = "ก" * 40_000
BIG_LIST = "year: 2568\nquestions: [" + ",".join(["1"] * 250_000) + "]\n"
CATALOG = "edition: 2569\nitems:\n  - {{code: {code}, key: x, title: รายการใหม่, indicator: 9}}\n"

# (id, {file: text or bytes}, code, file, needle on the reported line or None, words the message or hint must hold)
FINDING_CASES = [
    ("decimal-comma", {"data/2568/scores.yml": _scores("  7: 94.92", "  7: 94,86")},
     "decimal-comma", "data/2568/scores.yml", "  7: 94,86", ["94.86", "จุด"]),
    ("content-prefix", {"data/2569/oit.yml": _oit("file: files/2569/o1.pdf", "file: content/files/2569/o1.pdf")},
     "file-content-prefix", "data/2569/oit.yml", "content/files/2569/o1.pdf", ["file: files/2569/o1.pdf", "ลบ content/"]),
    ("scores-in-next-year-folder",
     {"data/2568/scores.yml": None,
      "data/2569/scores.yml": _scores("year: 2568", "year: 2569\nannounced: 2568-08-29")},
     "scores-folder", "data/2569/scores.yml", "announced:", ["data/2568/scores.yml", "ปีที่ประเมิน"]),
    ("tab", {"data/agency.yml": AGENCY.replace("province:", "\tprovince:")},
     "yaml-syntax", "data/agency.yml", "\tprovince", ["แท็บ", "ช่องว่าง"]),
    ("windows-path", {"data/2569/oit.yml": _oit("file: files/2569/o1.pdf", 'file: "C:\\Users\\oit\\o1.pdf"')},
     "yaml-syntax", "data/2569/oit.yml", "C:\\Users", ["\\", "/"]),
    ("colon-in-text", {"data/2569/oit.yml": _oit("title: เอกสารข้อ 1", "title: หมายเหตุ: ดูที่นี่")},
     "yaml-syntax", "data/2569/oit.yml", "หมายเหตุ: ดูที่นี่", ['"หมายเหตุ: ดูที่นี่"', "เครื่องหมายคำพูด"]),
    ("quote-left-open", {"data/2569/oit.yml": _oit("title: เอกสารข้อ 1", 'title: "เอกสารข้อ 1')},
     "yaml-syntax", "data/2569/oit.yml", '"เอกสารข้อ 1', ["เครื่องหมายคำพูด", "ไม่ได้ปิด"]),
    ("bracket-left-open", {"data/2568/scores.yml": _scores("tools: {IIT: 99.96, EIT1: 100.00, EIT2: 91.00, OIT: 97.50}",
                                                          "tools: {IIT: 99.96, EIT1: 100.00, EIT2: 91.00, OIT: 97.50")},
     "yaml-syntax", "data/2568/scores.yml", "tools: {", ["วงเล็บ", "ไม่ได้ปิด"]),
    ("empty-agency", {"data/agency.yml": ""}, "agency-empty", "data/agency.yml", None, ["name"]),
    ("url-space-text", {"data/2569/oit.yml": _oit("url: https://www.example.go.th/report",
                                                  "url: https://www.example.go.th/a b ดูที่นี่")},
     "url-space", "data/2569/oit.yml", "ดูที่นี่", ["title:"]),
    ("two-urls", {"data/2569/oit.yml": _oit("url: https://www.example.go.th/report",
                                            "url: https://www.example.go.th/a https://www.example.go.th/b")},
     "url-space", "data/2569/oit.yml", "go.th/a https", ["2 รายการ"]),
    ("two-urls-glued", {"data/2569/oit.yml": _oit("url: https://www.example.go.th/report",
                                                  "url: https://www.example.go.th/a.pdfhttps://www.example.go.th/b")},
     "url-space", "data/2569/oit.yml", "a.pdfhttps", ["2 รายการ"]),
    ("future-published", {"data/2569/oit.yml": _oit("    responsible: สำนักปลัด", "    responsible: สำนักปลัด\n"
                                                    "    published: 2599-01-10")},
     "future-date", "data/2569/oit.yml", "2599-01-10", ["ความเคลื่อนไหวล่าสุด"]),
    ("unreadable-date", {"data/2569/oit.yml": _oit("    responsible: สำนักปลัด", "    responsible: สำนักปลัด\n"
                                                   "    published: เดือนกันยา 68")},
     "date", "data/2569/oit.yml", "เดือนกันยา", ["1 ต.ค. 2568", "01/10/2568"]),
    # Issue #14 item 8: sane limits and encodings named correctly.
    ("file-too-large", {"data/2569/oit.yml": "year: 2569\n# " + "x" * 3_000_000 + "\n"},
     "file-too-large", "data/2569/oit.yml", None, ["MB"]),
    ("many-values", {"data/2568/scores.yml": BIG_LIST}, "yaml-too-large", "data/2568/scores.yml", None, ["200,000"]),
    ("long-field", {"data/2569/oit.yml": _oit("title: เอกสารข้อ 1", "title: " + LONG_TEXT)},
     "text-too-long", "data/2569/oit.yml", "title: กกก", ["30,000"]),
    ("utf-32-bom", {"data/agency.yml": codecs.BOM_UTF32_LE + AGENCY.encode("utf-32-le")},
     "encoding", "data/agency.yml", None, ["UTF-32"]),
    ("utf-16-no-bom", {"data/agency.yml": AGENCY.encode("utf-16-le")}, "encoding", "data/agency.yml", None, ["UTF-16"]),
    ("utf-32-no-bom", {"data/agency.yml": AGENCY.encode("utf-32-be")}, "encoding", "data/agency.yml", None, ["UTF-32"]),
    # Issue #14 item 9: control characters, file names, catalog codes.
    ("nul-in-title", {"data/2569/oit.yml": _oit("title: เอกสารข้อ 1", 'title: "เอกสาร\\x00ข้อ 1"')},
     "control-char", "data/2569/oit.yml", "x00", ["U+0000"]),
    ("del-in-title", {"data/2569/oit.yml": _oit("title: เอกสารข้อ 1", 'title: "เอกสารข้อ 1\\x7f"')},
     "control-char", "data/2569/oit.yml", "x7f", ["U+007F"]),
    ("esc-in-analysis", {"data/2569/measures.yml": _measures("text: วิเคราะห์ตัวชี้วัดที่ 1", 'text: "\\e[31m"')},
     "control-char", "data/2569/measures.yml", "\\e[31m", ["U+001B"]),
    ("tab-in-file-name", {"data/2569/oit.yml": _oit("file: files/2569/o1.pdf", 'file: "files/2569/o1\\t.pdf"')},
     "file-name", "data/2569/oit.yml", "o1\\t.pdf", ["แท็บ"]),
    ("newline-in-file-name", {"data/2569/oit.yml": _oit("file: files/2569/o1.pdf", 'file: "files/2569/o1\\n.pdf"')},
     "file-name", "data/2569/oit.yml", "o1\\n.pdf", ["ขึ้นบรรทัดใหม่"]),
    ("catalog-code-traversal", {"data/criteria/2569.yml": CATALOG.format(code="../../x")},
     "catalog-code", "data/criteria/2569.yml", "../../x", ["O ตามด้วยตัวเลข"]),
    ("catalog-code-markup", {"data/criteria/2569.yml": CATALOG.format(code='"O1<script>"')},
     "catalog-code", "data/criteria/2569.yml", "<script>", ["O ตามด้วยตัวเลข"]),
]


def _check(root: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(root), "--json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.output)


def _line_of(content: str | bytes | None, needle: str) -> int:
    assert isinstance(content, str)
    return next(n for n, line in enumerate(content.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(("files", "code", "file", "needle", "words"),
                         [case[1:] for case in FINDING_CASES], ids=[case[0] for case in FINDING_CASES])
def test_officer_mistake_gets_a_thai_finding(tmp_path: Path, files: dict, code: str, file: str, needle: str | None,
                                             words: list[str]) -> None:
    root = write_project(tmp_path / "a", files)
    status, report = _check(root)
    found = [f for f in report["findings"] if f["code"] == code and f["file"] == file]
    assert found, [(f["code"], f["file"], f["message"]) for f in report["findings"] if f["severity"] == "error"]
    finding = found[0]
    if needle is not None:
        assert finding["line"] == _line_of(files[file], needle)
    for word in words:
        assert word in finding["message"] + finding["hint"], (word, finding)
    # Thai, not the parser's English ("found unexpected end of stream").
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", finding["message"] + " " + finding["hint"]), finding
    assert status == (0 if finding["severity"] == "warning" else 1)


# --- a file with errors is reported once -----------------------------------------------


def test_broken_scores_file_is_not_also_called_missing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2568/scores.yml": _scores("total: 97.64", "total: เก้าสิบ")})
    _status, report = _check(root)
    codes = {f["code"] for f in report["findings"]}
    assert "score" in codes
    assert "based-on-scores" not in codes
    assert not any("ไม่พบผลคะแนน" in f["message"] for f in report["findings"])


def test_broken_measures_file_does_not_make_o25_lack_evidence(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2569/measures.yml": _measures("status: strength", "status: เก่งมาก")})
    _status, report = _check(root)
    assert any(f["file"] == "data/2569/measures.yml" and f["severity"] == "error" for f in report["findings"])
    assert not any(f["code"] == "no-evidence" and f["field"] == "items.O25" for f in report["findings"])


def test_memo_without_group_size_is_accepted(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {
        "data/2568/scores.yml": SCORES_2568 + "rank: {position: 44, group: องค์การบริหารส่วนจังหวัด}\n"})
    status, report = _check(root)
    assert status == 0, [f for f in report["findings"] if f["severity"] == "error"]


def test_memo_typed_into_the_next_year_explains_the_folder(tmp_path: Path) -> None:
    # The 2568 memo typed into data/2569 with year: 2569 (no announcement date to tell).
    root = write_project(tmp_path / "a", {"data/2568/scores.yml": None,
                                          "data/2569/scores.yml": _scores("year: 2568", "year: 2569")})
    _status, report = _check(root)
    finding = next(f for f in report["findings"] if f["code"] == "based-on-scores")
    assert "data/2568/scores.yml" in finding["hint"] and "ปีที่ประเมิน" in finding["hint"]


def test_score_year_mismatch_hint_says_where_a_memo_belongs(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2568/scores.yml": None,
                                          "data/2569/scores.yml": SCORES_2568})
    _status, report = _check(root)
    finding = next(f for f in report["findings"] if f["code"] == "year-mismatch")
    assert "ปีที่ประเมิน" in finding["hint"] and "data/2568/scores.yml" in finding["hint"]


def test_future_date_in_check_uses_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    monkeypatch.setattr(check, "today", lambda: dt.date(2025, 1, 1))
    root = write_project(tmp_path / "a", {"data/2569/oit.yml": _oit("    responsible: สำนักปลัด",
                                                                     "    responsible: สำนักปลัด\n"
                                                                     "    published: 2 ม.ค. 2568")})
    _status, report = _check(root)
    assert any(f["code"] == "future-date" for f in report["findings"])


# --- a project made of all these mistakes: Thai only, no traceback -----------------------

PYYAML_WORDS = ["found character", "cannot start any token", "mapping values", "did not find expected",
                "unexpected end of stream", "while scanning", "while parsing", "expected <block end>",
                "hexdecimal", "escape", "could not", "Input should", "Field required", "Errno"]


def test_check_of_every_mistake_prints_no_english_and_no_traceback(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {}
    for _id, case_files, *_rest in FINDING_CASES:
        for path, content in case_files.items():
            if path not in files and content is not None and not (isinstance(content, str) and len(content) > 100_000):
                files[path] = content
    files["data/2570/oit.yml"] = "year: 2570\nitems:\n  O1:\n    note: เวลา: 10 นาที\n"
    files["data/2567/measures.yml"] = 'year: 2567\nmeasures:\n  - title: "ก\\qข"\n'
    root = write_project(tmp_path / "a", files)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for words in PYYAML_WORDS:
        assert words.lower() not in result.output.lower(), words
    # No run of four English words anywhere (file names, field names and codes are single words).
    assert not re.search(r"\b[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+\b", result.output), result.output


def test_summary_does_not_call_o25_missing_when_its_measures_file_has_errors(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"data/2569/measures.yml": _measures("status: strength", "status: เก่งมาก")})
    result = CliRunner().invoke(main, ["check", str(root)])
    summary = result.output.split("สรุป:")[1]
    assert "2569: 25/26 รายการมีหลักฐาน, O25 รอแก้ข้อผิดพลาดใน measures.yml" in summary
    assert "ยังไม่มี" not in summary


# --- each common syntax mistake, as both PyYAML parsers word it ------------------------------

SYNTAX_CASES = [
    ("name: ก\n\tprovince: ข\n", 2, "แท็บ"),
    ('file: "C:\\Users\\oit\\o1.pdf"\n', 1, "\\"),
    ('file: "files\\2569\\o1.pdf"\n', 1, "\\"),
    ("title: หมายเหตุ: ดูที่นี่\n", 1, 'title: "หมายเหตุ: ดูที่นี่"'),
    ('name: "ก\nprovince: ข\n', 1, "เครื่องหมายคำพูด"),
    ("name: 'ก\nprovince: ข\n", 1, "เครื่องหมายคำพูด"),
    ("rank: {position: 44, of: 76\ntotal: 9\n", 1, "วงเล็บ { }"),
    ("steps: [ก, ข\nperiod: ค\n", 1, "วงเล็บ [ ]"),
    ("email: @abc\n", 1, "@"),
    ("note: *สำคัญ\n", 1, "*"),
    ('title: "ข่าว" ประชาสัมพันธ์\n', 1, "เครื่องหมายคำพูด"),
    ("name: ก\n  province: ข\n", 2, "ย่อหน้า"),
]
LOADERS = [loader for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if loader is not None]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(("text", "line", "words"), SYNTAX_CASES)
def test_syntax_error_is_explained_in_thai(loader: type, text: str, line: int, words: str) -> None:
    from site_builder.base.yaml_errors import explain  # here: the module is new with this test

    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=loader)  # a safe loader, passed in
    message, hint, where = explain(raised.value, text)
    assert where == line
    assert words in message + hint
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", message), message  # no parser English


def test_new_project_shows_its_agency_name_in_every_title(tmp_path: Path) -> None:
    from site_builder.scaffold import mkdocs_yaml

    NEW_PROJECT_MKDOCS_YML = mkdocs_yaml("https://www.banmai.go.th/ita/")
    agency = AGENCY.replace("name: เทศบาลตำบลทดสอบ", "name: องค์การบริหารส่วนตำบลบ้านใหม่")
    root = write_project(tmp_path / "a", {"mkdocs.yml": NEW_PROJECT_MKDOCS_YML, "data/agency.yml": agency})
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    for page in ("index.html", "2569/oit/index.html", "2569/oit/o1/index.html"):
        soup = BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.title is not None and "องค์การบริหารส่วนตำบลบ้านใหม่" in soup.title.get_text(), page
