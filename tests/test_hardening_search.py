"""Work from the data is bounded: the search segmenter gets a capped share of a huge field (issue 14 item 8).

No timing here (bench/long_field.py measures it): the tests show that text past the caps
is not given to the segmenter, so a build with a huge unspaced field stays small.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import MKDOCS_YML, oit_2569, write_project
from site_builder import search
from site_builder.cli import main

FILLER = "มาตรการ"  # one dictionary word, repeated without spaces
TAIL = "ความโปร่งใส"


def index(text: str) -> dict:
    return json.loads(search.build_index([search.Entry("2569/oit/o1/", "หน้า", text)]))


def test_an_unspaced_run_past_the_cap_is_not_segmented() -> None:
    huge = FILLER * (300_000 // len(FILLER)) + TAIL  # 300,000 characters with no space
    words = index(huge)["words"]
    assert FILLER in words
    assert TAIL not in words  # past the first 1,000 characters of the run


def test_a_page_past_its_budget_is_not_segmented() -> None:
    lines = [" ".join([FILLER] * 50)] * 400  # 400 lines of 399 characters: about 160,000 Thai characters
    words = index("\n".join(lines) + "\n" + TAIL)["words"]
    assert FILLER in words
    assert TAIL not in words  # after the page's 100,000 characters
    assert TAIL in index("\n".join(lines[:10]) + "\n" + TAIL)["words"]  # within the budget it is found


def test_real_text_is_indexed_whole() -> None:
    text = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ " * 20 + "สินบน"
    assert "สินบน" in index(text)["words"]


def test_a_site_with_a_field_at_the_checks_size_limit_has_a_small_index(tmp_path: Path) -> None:
    # oit check refuses a text field over 30,000 characters; one just under it still gives
    # the segmenter no more than the first 1,000 characters of its unspaced run.
    assert "ตะเกียบ" in index(FILLER + "ตะเกียบ")["words"]  # a Thai word found nowhere else on the site
    huge = FILLER * (29_000 // len(FILLER)) + "ตะเกียบ"
    oit = oit_2569().replace("    responsible: สำนักปลัด\n", f"    note: {huge}\n    responsible: สำนักปลัด\n", 1)
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "data/2569/oit.yml": oit})
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert huge in (root / "site/2569/oit/o1/index.html").read_text(encoding="utf-8")  # shown whole on the page
    built = json.loads((root / "site/search/index.json").read_text(encoding="utf-8"))
    assert "ตะเกียบ" not in built["words"]
    assert (root / "site/search/index.json").stat().st_size < 1_000_000
