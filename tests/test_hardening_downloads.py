"""Downloads and local links are safe to open (issue 14 items 5 and 9; issue 12's data page slips).

- A CSV cell that Excel would run as a formula is written with a leading ``'``; the JSON keeps the text.
- A local file named with ``#``, ``?``, ``%`` or spaces is linked percent-encoded, Thai left readable.
- ``oit.csv`` gives local files as full addresses; a year offers no CSV of headers only.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import MKDOCS_YML, SCORES_2568, measures_2569, oit_2569, write_project
from site_builder.cli import main

data_files_module = importlib.import_module("site_builder.render.data_files")  # the package re-exports a function so named

FORMULAS = ['=HYPERLINK("https://evil.example/x","คลิก")', "+1+1", "-2+3", "@SUM(A1:A2)"]
ODD_NAME = "files/2569/ประกาศ ฉบับที่ 1#2?ร่าง 100%.pdf"
ODD_HREF_FROM_ROOT = "files/2569/ประกาศ%20ฉบับที่%201%232%3Fร่าง%20100%25.pdf"


def build(root: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def formula_project(root: Path, mkdocs: str = MKDOCS_YML) -> Path:
    oit = oit_2569()
    for n, formula in enumerate(FORMULAS, start=1):
        oit = oit.replace(f"        title: เอกสารข้อ {n}\n", f"        title: {q(formula)}\n")
    oit = oit.replace("      - file: files/2569/o5.pdf", f"      - file: {q(ODD_NAME)}")
    measures = measures_2569()
    for n, formula in enumerate(FORMULAS, start=1):
        measures = measures.replace(f"  - title: มาตรการที่ {n}\n", f"  - title: {q(formula)}\n")
    scores = SCORES_2568 + "questions:\n  O1: 100\n  \"@SUM(1+1)\": 90\n"
    return write_project(root, {"mkdocs.yml": mkdocs, "data/2569/oit.yml": oit, "data/2569/measures.yml": measures,
                                "data/2568/scores.yml": scores, ODD_NAME.join(("content/", "")): b"%PDF-1.4\n%%EOF\n"})


def test_csv_cells_that_would_run_as_formulas_are_neutralised_json_unchanged(tmp_path: Path) -> None:
    root = formula_project(tmp_path / "a")
    build(root)
    data = root / "site/2569/data"
    titles = [row["ชื่อหลักฐาน"] for row in rows(data / "oit.csv")]
    assert titles[:4] == ["'" + f for f in FORMULAS]
    assert [row["มาตรการ"] for row in rows(data / "measures.csv")][:4] == ["'" + f for f in FORMULAS]
    assert "'@SUM(1+1)" in [row["รหัส"] for row in rows(root / "site/2568/data/scores.csv")]
    oit = json.loads((data / "oit.json").read_text(encoding="utf-8"))
    assert [item["links"][0]["title"] for item in oit["items"][:4]] == FORMULAS
    measures = json.loads((data / "measures.json").read_text(encoding="utf-8"))
    assert [m["title"] for m in measures["measures"][:4]] == FORMULAS
    assert "@SUM(1+1)" in json.loads((root / "site/2568/data/scores.json").read_text(encoding="utf-8"))["questions"]


def test_tab_and_carriage_return_at_the_start_of_a_cell_are_neutralised_too() -> None:
    raw = data_files_module._csv(["a", "b", "c"], [["\tcmd", "\r=1", "ok -1"], [-1, None, "a=b"]])
    got = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert got[1] == ["'\tcmd", "'\r=1", "ok -1"]
    assert got[2] == ["-1", "", "a=b"]  # numbers and text not starting with a formula sign stay as they are


def test_odd_file_names_are_linked_percent_encoded_with_thai_readable(tmp_path: Path) -> None:
    root = formula_project(tmp_path / "a")
    build(root)
    site = root / "site"
    page = BeautifulSoup((site / "2569/oit/o5/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("article a[href]") if "ประกาศ" in a["href"]]
    assert hrefs == ["../../../" + ODD_HREF_FROM_ROOT]
    # Followed as a browser does, the link reaches the file.
    target = unquote(urlsplit(urljoin("https://x.example/2569/oit/o5/", hrefs[0])).path).lstrip("/")
    assert target == ODD_NAME and (site / target).is_file()
    index = BeautifulSoup((site / "2569/oit/index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one(f'a[href="../../{ODD_HREF_FROM_ROOT}"]') is not None
    links = [row["ลิงก์"] for row in rows(site / "2569/data/oit.csv") if row["ข้อ"] == "O5"]
    assert links == ["/" + ODD_HREF_FROM_ROOT]


def test_oit_csv_gives_full_addresses_when_the_site_address_is_known(tmp_path: Path) -> None:
    mkdocs = MKDOCS_YML.replace("site_name", "site_url: https://www.example.go.th/ita/\nsite_name")
    root = formula_project(tmp_path / "a", mkdocs)
    build(root)
    by_code = {row["ข้อ"]: row["ลิงก์"] for row in rows(root / "site/2569/data/oit.csv")}
    assert by_code["O6"] == "https://www.example.go.th/ita/files/2569/o6.pdf"
    assert by_code["O5"] == "https://www.example.go.th/ita/" + ODD_HREF_FROM_ROOT
    assert by_code["O25"] == "https://www.example.go.th/ita/2569/analysis/"
    assert by_code["O26"] == "https://www.example.go.th/report"
    items = json.loads((root / "site/2569/data/oit.json").read_text(encoding="utf-8"))["items"]
    assert items[0]["page"] == "https://www.example.go.th/ita/2569/oit/o1/"
    assert items[5]["links"][0]["url"] == "https://www.example.go.th/ita/files/2569/o6.pdf"


def test_without_a_site_address_local_files_are_given_from_the_site_root(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    build(root)
    by_code = {row["ข้อ"]: row["ลิงก์"] for row in rows(root / "site/2569/data/oit.csv")}
    assert by_code["O1"] == "/files/2569/o1.pdf"
    assert by_code["O25"] == "/2569/analysis/"


def test_a_year_offers_no_csv_of_headers_only(tmp_path: Path) -> None:
    measures = "year: 2569\nbased_on: 2568\nanalysis:\n" + "".join(
        f"  {n}:\n    status: strength\n    text: วิเคราะห์ {n}\n" for n in range(1, 11)) + "measures: []\n"
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "data/2569/measures.yml": measures})
    build(root)
    site = root / "site"
    assert sorted(p.name for p in (site / "2568/data").iterdir() if p.suffix in (".csv", ".json")) == \
        ["scores.csv", "scores.json"]
    assert not (site / "2569/data/measures.csv").exists()
    assert (site / "2569/data/measures.json").is_file()  # the analysis is there, only the table of measures is empty
    data_page = BeautifulSoup((site / "2568/data/index.html").read_text(encoding="utf-8"), "html.parser")
    linked = sorted(a["href"] for a in data_page.select("article table a[href]"))
    assert linked == ["scores.csv", "scores.json"]
    analysis = BeautifulSoup((site / "2569/analysis/index.html").read_text(encoding="utf-8"), "html.parser")
    assert analysis.select_one('a[href="../data/measures.csv"]') is None
    assert analysis.select_one('a[href="../data/measures.json"]') is not None
