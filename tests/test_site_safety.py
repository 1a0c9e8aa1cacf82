"""Text from the data never executes: a payload in every text field stays inert text."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import MKDOCS_YML, SCORES_2568, write_project
from site_builder.cli import main

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
MARKDOWN_PAYLOAD = "[ลิงก์](javascript:alert(4)) ![รูป](x onerror=alert(5)) <svg onload=alert(6)>"


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


P = q(PAYLOAD)
M = q(PAYLOAD + " " + MARKDOWN_PAYLOAD)

AGENCY = f"""\
name: {P}
type: {P}
province: {P}
district: {P}
website: https://www.example.go.th/
address: {P}
phone: {P}
email: {P}
units: [{P}, กองคลัง]
"""

SCORES = SCORES_2568.replace("level: ผ่านดี", f"level: ผ่านดี\nrank: {{position: 1, of: 2, group: {P}}}")


def measures() -> str:
    analysis = "".join(f"  {n}:\n    status: strength\n    text: {M}\n" for n in range(1, 11))
    return f"""\
year: 2569
title: {P}
introduction: {M}
summary: {M}
analysis:
{analysis}themes:
  - title: {P}
    indicators: [1]
    text: {M}
measures:
  - title: {P}
    indicators: [1, 7]
    analysis: {M}
    steps: [{P}, {P}]
    period: {P}
    responsible: [{P}]
    group: {P}
    followup: {P}
    progress:
      - date: 2569-03-31
        status: done
        note: {M}
        links: [{{url: "https://www.example.go.th/a", title: {P}}}]
limitations: [{P}]
recommendations: [{P}]
"""


def oit() -> str:
    lines = ["year: 2569", "items:"]
    for n in range(1, 27):
        if n == 25:
            lines += ["  O25:", "    generated: measures"]
        else:
            lines += [f"  O{n}:", "    links:", f"      - file: files/2569/o{n}.pdf", f"        title: {P}",
                      "      - url: https://www.example.go.th/x", f"        title: {P}",
                      f"    responsible: [{P}]", f"    note: {M}"]
    return "\n".join(lines) + "\n"


def test_payloads_in_every_text_field_stay_inert(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {
        "mkdocs.yml": MKDOCS_YML, "data/agency.yml": AGENCY, "data/2568/scores.yml": SCORES,
        "data/2569/measures.yml": measures(), "data/2569/oit.yml": oit(),
    })
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 40
    seen_as_text = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path, tag.name, name)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    assert not str(v).strip().lower().startswith("javascript:"), (path, tag.name, name, v)
            assert tag.name not in ("svg",) or "alert" not in str(tag), path
            if tag.name == "img":
                assert tag.get("src") != "x", path
        text = soup.get_text()
        seen_as_text += text.count("<script>alert(1)</script>")
    # The payload is still there for the reader to see, as text.
    assert seen_as_text > 100
    for address in ("2569/analysis/", "2569/measures/", "2569/oit/o1/", "", "2569/indicators/1/"):
        text = BeautifulSoup((root / "site" / address / "index.html").read_text(encoding="utf-8"),
                             "html.parser").get_text()
        assert "<script>alert(1)</script>" in text, address
