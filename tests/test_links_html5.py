"""oit links reads a page as a browser does: the WHATWG HTML parsing algorithm.

Each case is markup that the standard library's ``html.parser`` (the reader before) got
wrong; the expected links are what the HTML standard's tokenizer and tree construction
give (what Chromium and Firefox build), written out as literals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit
from site_builder.links.extract import parse_html

ROOT = Path(__file__).resolve().parent.parent
FAST = AuditOptions(check=CheckOptions(timeout=1, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False))


def _links(html: str) -> list[tuple[str, int, str]]:
    return [(link.url, link.line, link.tag) for link in parse_html(html).links]


def test_markup_inside_textarea_title_and_plaintext_is_text_not_a_link() -> None:
    html = ('<!doctype html><title>ข่าว <a href="in-title.html"></title>\n'
            '<textarea name="t"><a href="in-textarea.html">x</a></textarea>\n'
            '<a href="real.html">ลิงก์จริง</a>\n'
            '<plaintext><a href="in-plaintext.html">y</a>')
    assert _links(html) == [("real.html", 3, "a")]
    assert parse_html(html).title == 'ข่าว <a href="in-title.html">'


def test_of_duplicate_attributes_the_first_counts() -> None:
    page = parse_html('<a href="first.html" href="second.html" id="one" id="two">x</a>')
    assert [link.url for link in page.links] == ["first.html"]
    assert page.ids == {"one"}


def test_a_slash_before_the_end_of_a_tag_neither_ends_a_value_nor_closes_the_element() -> None:
    # unquoted, the slash is part of the value; `/>` does not close a non-void element, so
    # `<textarea/>` still holds everything up to `</textarea>` as text
    html = ('<p><a href=docs/>เอกสาร</a>\n<a\n  href=report.pdf/>รายงาน</a></p>\n'
            '<textarea/><a href="in-textarea.html">x</a></textarea>')
    assert _links(html) == [("docs/", 1, "a"), ("report.pdf/", 2, "a")]


def test_legacy_character_references_in_an_attribute() -> None:
    # In an attribute, `&copy=` and `&ampx` are left as written (the next character is `=` or
    # alphanumeric); `&amp;` and a final `&amp` are decoded; `&notit;` is not `¬it;`.
    html = '<a href="report.php?id=1&copy=2&ampx=3&amp;y=4&notit;&lang=th&amp">x</a>'
    assert _links(html) == [("report.php?id=1&copy=2&ampx=3&y=4&notit;&lang=th&", 1, "a")]


def test_a_nul_in_an_attribute_becomes_the_replacement_character() -> None:
    assert _links('<a href="file\x00name.pdf">x</a>') == [("file\ufffdname.pdf", 1, "a")]


def test_comments_end_where_html5_ends_them() -> None:
    html = ('<!-- <a href="commented.html"> -->\n'
            '<!--> <a href="after-empty-comment.html">x</a>\n'
            '<!---> <a href="after-dash-comment.html">y</a>\n'
            '<p>ต่อ --></p>')
    assert _links(html) == [("after-empty-comment.html", 2, "a"), ("after-dash-comment.html", 3, "a")]


def test_tags_inside_a_script_are_script_text() -> None:
    # the escaped "<!--<script>" state: the first </script> does not end the outer script
    html = ('<script><!--<script>var s = "</script>";\n<a href="in-script.html">\n--></script>\n'
            '<a href="real.html">x</a>')
    assert _links(html) == [("real.html", 4, "a")]


def test_links_inside_svg_are_read_with_xlink_href() -> None:
    html = ('<p>แผนผัง</p><svg viewBox="0 0 10 10">\n'
            '<a href="svg-link.html"><text>ไป</text></a>\n'
            '<a xlink:href="old-svg-link.html"><text>ไป</text></a>\n'
            '<image href="plan.png" width="10" height="10"/><image xlink:href="old-plan.png"/>\n'
            '<title>ไอคอน</title></svg>')
    assert _links(html) == [("svg-link.html", 2, "a"), ("old-svg-link.html", 3, "a"),
                            ("plan.png", 4, "image"), ("old-plan.png", 4, "image")]


def test_an_svg_title_is_not_the_page_title() -> None:
    page = parse_html('<html><head><title>รายงาน ITA</title></head><body>'
                      '<svg><title>ไอคอนดาวน์โหลด</title></svg><h1>หัวข้อ</h1></body></html>')
    assert page.title == "รายงาน ITA"
    assert page.headings == ["หัวข้อ"]


def test_noscript_is_read_as_a_browser_with_scripting_reads_it() -> None:
    # Browsers (scripting on) keep <noscript> as text; lychee and htmltest skip it too.
    html = ('<noscript><a href="no-js.html">x</a><img src="pixel.gif"></noscript>\n'
            '<a href="real.html">y</a>')
    assert _links(html) == [("real.html", 2, "a")]


def test_a_frame_outside_a_frameset_document_is_not_loaded() -> None:
    body_first = '<p>เนื้อหา</p><frameset><frame src="ignored.html"></frameset>'
    frameset = '<html><head><title>f</title></head>\n<frameset><frame src="menu.html"></frameset></html>'
    assert _links(body_first) == []
    assert _links(frameset) == [("menu.html", 2, "frame")]


def test_a_reopened_formatting_element_is_one_link() -> None:
    # <a> is re-created in the second paragraph (the adoption agency): one tag, one link
    assert _links('<p><a href="x.html">one</p>\n<p>two</a></p>') == [("x.html", 1, "a")]


def test_template_contents_are_read_but_not_the_page_text() -> None:
    page = parse_html('<template><a href="row.html" id="row">แถว</a></template><p>ข้อความ</p>')
    assert [link.url for link in page.links] == ["row.html"]
    assert page.text == "ข้อความ"


def test_lines_survive_raw_text_and_multi_line_tags(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html><head><title>t</title>\n'
        '<style>\n.a { color: red }\n.b { background: url(gone-bg.png) }\n</style></head><body>\n'
        '<textarea>\n<a href="not-a-link.html">\n</textarea>\n'
        '<a\n  class="x"\n  href="gone.html">x</a>\n'
        '</body></html>', encoding="utf-8")
    found = {r.url: (r.verdict, r.sources[0].line) for r in audit(site_dir=site, options=FAST).results}
    assert found == {"/gone-bg.png": ("broken", 4), "/gone.html": ("broken", 9)}


PATHOLOGICAL = textwrap.dedent("""
    import json, sys
    from site_builder.links.extract import parse_html
    size = 2_000_000  # the most of a page the checker reads
    links = len(parse_html("<a" * (size // 2)).links)  # a site page: with lines
    for unit in ("<a", "<div>", "<font><p>", '<a href="x.html">'):  # another host's page
        links += len(parse_html((unit * (size // len(unit) + 1))[:size], lines=False).links)
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"peak_kib": int(peak.split()[1]), "links": links}))
""")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")
def test_a_pathological_page_parses_in_bounded_memory() -> None:
    """2 MB of an unclosed ``<a`` (``html.parser`` never finished it), of nested ``<div>``, of
    ``<font><p>`` (the adoption agency's worst: every paragraph re-opens the fonts) and of
    ``<a href>``, as a hostile host would send them: the tree is linear in the page, so the
    peak stays under a fixed bound."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PATHOLOGICAL], capture_output=True, text=True, env=env,
                          check=False, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["links"] == 117_647, report  # every whole <a href="x.html"> of the 2,000,000 characters
    assert report["peak_kib"] < 400 * 1024, report
