"""Shared helpers: a small valid agency project written into a temporary folder."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The smallest site configuration of a test project: material in Thai, no web fonts, the plugin.
MKDOCS_YML = """\
site_name: ทดสอบ
docs_dir: content
theme: {name: material, language: th, font: false}
plugins: [oit]
"""

AGENCY = """\
name: เทศบาลตำบลทดสอบ
type: เทศบาลตำบล
province: ขอนแก่น
website: https://www.example.go.th/
units:
  - สำนักปลัด
  - กองคลัง
  - กองช่าง
"""

SCORES_2568 = """\
year: 2568
total: 97.64
level: ผ่านดี
tools: {IIT: 99.96, EIT1: 100.00, EIT2: 91.00, OIT: 97.50}
indicators:
  1: 100.00
  2: 100.00
  3: 100.00
  4: 99.80
  5: 100.00
  6: 97.30
  7: 94.92
  8: 94.29
  9: 95.00
  10: 100.00
"""


def measures_2569() -> str:
    analysis = "".join(
        f"  {n}:\n    status: strength\n    text: วิเคราะห์ตัวชี้วัดที่ {n}\n" for n in range(1, 11)
    )
    measures = "".join(
        f"  - title: มาตรการที่ {n}\n"
        f"    indicators: [{n}]\n"
        f"    steps: [ขั้นตอนที่หนึ่ง, ขั้นตอนที่สอง]\n"
        f"    period: ตลอดปีงบประมาณ พ.ศ. 2569\n"
        f"    start: 2568-10-01\n"
        f"    end: 2569-09-30\n"
        f"    responsible: [สำนักปลัด]\n"
        for n in range(1, 11)
    )
    return f"year: 2569\nbased_on: 2568\nanalysis:\n{analysis}measures:\n{measures}"


def oit_2569() -> str:
    lines = ["year: 2569", "items:"]
    for n in range(1, 27):
        if n == 25:
            lines += ["  O25:", "    generated: measures"]
        elif n == 26:
            lines += ["  O26:", "    links:", "      - url: https://www.example.go.th/report", "        title: รายงาน"]
        else:
            lines += [f"  O{n}:", "    links:", f"      - file: files/2569/o{n}.pdf", f"        title: เอกสารข้อ {n}",
                      "    responsible: สำนักปลัด"]
    return "\n".join(lines) + "\n"


def write_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A complete, valid 2569 project; ``files`` replaces (or with None removes) files by path."""
    contents: dict[str, str | bytes | None] = {
        "data/agency.yml": AGENCY,
        "data/2568/scores.yml": SCORES_2568,
        "data/2569/measures.yml": measures_2569(),
        "data/2569/oit.yml": oit_2569(),
    }
    for n in range(1, 27):
        contents[f"content/files/2569/o{n}.pdf"] = b"%PDF-1.4\n% test evidence\n%%EOF\n"
    contents.update(files or {})
    for relative, content in contents.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def write_built_site(folder: Path, files: dict[str, str]) -> Path:
    """A site folder as ``oit build`` leaves it (its marker included) with these pages."""
    from site_builder.sitedir import MARKER

    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / MARKER).write_text("built by oit build\n", encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "agency")
