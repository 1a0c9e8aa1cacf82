"""oit links reads every link a browser follows (issue #11, items 1–7 and 9).

Each case is a small site folder (``oit links --site``) or a loopback site (``--url``);
expectations are literals: what a browser would request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page

from site_builder.cli import main
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit

HOST = "127.0.0.14"
FAST = AuditOptions(check=CheckOptions(timeout=1, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False))
MALFORMED = "ที่อยู่ลิงก์ผิดรูปแบบ"
LOCAL_FILE = "ลิงก์ชี้ไปที่ไฟล์ในเครื่องของผู้จัดทำ"


@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


def _site(tmp_path: Path, html: str, files: dict[str, str] | None = None) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<!doctype html><html><head><title>t</title></head><body>\n{html}\n"
                                     "</body></html>", encoding="utf-8")
    for name, text in (files or {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def _results(site: Path) -> dict[str, tuple[str, str]]:
    return {r.url: (r.verdict, r.outcome.reason) for r in audit(site_dir=site, options=FAST).results}


# --- 1 and 9: a malformed address is a broken result, never an abort -------------------------


def test_one_malformed_host_does_not_abort_the_site_audit(tmp_path: Path) -> None:
    site = _site(tmp_path, '<a href="https://example]org/">x</a><a href="missing.html">y</a>')
    outcome = CliRunner().invoke(main, ["links", "--site", str(site), "--no-history", "--timeout", "1"])
    assert outcome.exit_code == 1, outcome.output  # problems found, not "cannot run"
    assert "Traceback" not in outcome.output and "Invalid IPv6" not in outcome.output
    assert "https://example]org/" in outcome.output and MALFORMED in outcome.output
    assert "/missing.html" in outcome.output  # the rest was checked


@pytest.mark.parametrize("href", ["http:", "http:/x", "http:x", "https://", "http://exa mple.org/"])
def test_scheme_without_a_host_is_malformed_in_a_site(tmp_path: Path, href: str) -> None:
    results = _results(_site(tmp_path, f'<a href="{href}">x</a><a href="#">top</a>'))
    assert results[href][0] == "broken" and MALFORMED in results[href][1], results


def test_malformed_links_of_a_crawled_page_are_reported_not_taken_for_the_page(tmp_path: Path) -> None:
    links = '<a href="http://">a</a> <a href="http:/x">b</a> <a href="https://example]org/">c</a> <a href="ok">d</a>'

    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/":
            return Reply(200, page("หน้าแรก", links))
        if path == "/ok":
            return Reply(200, page("หน้า ok", "ข้อมูล"))
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        results = {r.url: r for r in audit(start_url=server.url("/"), options=FAST).results}
    for href in ("http://", "http:/x", "https://example]org/"):
        assert results[href].verdict == "broken" and MALFORMED in results[href].outcome.reason, href
        assert results[href].confirmed  # certain at once, like a missing local file
    assert results[server.url("/ok")].verdict == "ok"


def test_a_relative_link_with_a_double_slash_is_requested_as_written(tmp_path: Path) -> None:
    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/dir/":
            return Reply(200, page("หน้า", '<a href="files//report.pdf">pdf</a>'))
        if path == "/dir/files//report.pdf":
            return Reply(200, b"%PDF-1.4 report", content_type="application/pdf")
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        results = {r.url: r.verdict for r in audit(start_url=server.url("/dir/"), options=FAST).results}
        assert server.count("/dir/files//report.pdf") >= 1 and server.count("/dir/files/report.pdf") == 0
    assert results[server.url("/dir/files//report.pdf")] == "ok"


# --- 2: an absolute <base href> ---------------------------------------------------------------


def test_an_absolute_base_sends_relative_links_to_its_host(tmp_path: Path) -> None:
    site = _site(tmp_path, '<base href="http://docs.invalid/"><a href="doc.pdf">doc</a>', {"doc.pdf": "%PDF"})
    results = _results(site)
    assert "/doc.pdf" not in results
    assert results["http://docs.invalid/doc.pdf"][0] == "broken"


def test_a_line_break_inside_an_address_is_dropped_as_browsers_do(tmp_path: Path) -> None:
    site = _site(tmp_path, '<a href="files/re\nport.pdf">doc</a>', {"files/report.pdf": "%PDF"})
    assert _results(site) == {"/files/report.pdf": ("ok", "มีอยู่ในเว็บไซต์")}


def test_a_relative_base_still_resolves_on_disk(tmp_path: Path) -> None:
    site = _site(tmp_path, '<base href="/files/"><a href="doc.pdf">doc</a>', {"files/doc.pdf": "%PDF"})
    assert _results(site)["/files/doc.pdf"][0] == "ok"


# --- 3: file: links ---------------------------------------------------------------------------


def test_a_link_to_the_officers_own_disk_is_broken_with_a_thai_reason(tmp_path: Path) -> None:
    href = "file:///C:/Users/admin/Desktop/report.pdf"
    site = _site(tmp_path, f'<a href="{href}">รายงาน</a><a href="C:\\Users\\admin\\b.pdf">b</a>')
    outcome = CliRunner().invoke(main, ["links", "--site", str(site), "--no-history"])
    assert outcome.exit_code == 1, outcome.output
    results = _results(site)
    assert results[href][0] == "broken" and LOCAL_FILE in results[href][1]
    assert results["C:\\Users\\admin\\b.pdf"][0] == "broken" and LOCAL_FILE in results["C:\\Users\\admin\\b.pdf"][1]


# --- 4: srcset ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "urls"), [
    ("/img/a,b.png 1x", ["/img/a,b.png"]),
    ("/x.png\t2x", ["/x.png"]),
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("a.png,b.png", ["a.png,b.png"]),               # a URL runs to whitespace, commas included
    ("a.png, b.png", ["a.png", "b.png"]),           # a URL ending with a comma ends its candidate
    ("a.png 100w,b.png 200w", ["a.png", "b.png"]),  # a comma after a descriptor separates
    ("  ,, a.png  ,  ", ["a.png"]),
    ("a.png (x, y) 2x, c.png", ["a.png", "c.png"]),  # a comma inside parentheses is a descriptor's
    ("data:image/png;base64,AAAA 1x", ["data:image/png;base64,AAAA"]),
])
def test_srcset_is_read_as_the_html_standard_says(value: str, urls: list[str]) -> None:
    from site_builder.links.extract import srcset_urls

    assert srcset_urls(value) == urls


def test_srcset_urls_with_commas_and_tabs_are_found_on_disk(tmp_path: Path) -> None:
    site = _site(tmp_path, '<img srcset="/img/a,b.png 1x" alt=""><img srcset="/x.png\t2x" alt="">',
                 {"img/a,b.png": "png", "x.png": "png"})
    assert _results(site) == {"/img/a,b.png": ("ok", "มีอยู่ในเว็บไซต์"), "/x.png": ("ok", "มีอยู่ในเว็บไซต์")}


# --- 5 and 7: CSS, and the elements browsers load --------------------------------------------------


def test_css_comments_are_skipped_and_imports_and_absolute_urls_read(tmp_path: Path) -> None:
    css = ('/* .old { background: url(gone.png) } */\n@import "missing-import.css";\n'
           '.a { background: url("ok.png") }\n.b { background: url(http://cdn.invalid/bg.png) }\n')
    site = _site(tmp_path, '<link rel="stylesheet" href="/css/site.css">', {"css/site.css": css, "css/ok.png": "png"})
    results = _results(site)
    assert "/css/gone.png" not in results
    assert results["/css/missing-import.css"][0] == "broken"
    assert results["/css/ok.png"][0] == "ok"
    assert results["http://cdn.invalid/bg.png"][0] == "broken"


def test_every_element_a_browser_loads_is_read(tmp_path: Path) -> None:
    html = "\n".join([
        '<meta http-equiv="refresh" content="0; url=gone-refresh.html">',
        '<p><a href="frames.html">frames</a></p>',  # <frame> loads only in a frameset document
        '<iframe src="gone-iframe.html"></iframe>',
        '<div style="background-image: url(\'gone-style-attr.png\')">x</div>',
        '<style>\n/* url(commented.png) */\n.x { background: url(gone-style-block.png) }\n</style>',
        '<input type="image" src="gone-input.png" alt="ส่ง">',
        '<input type="text" src="not-loaded.png">',
        '<table background="gone-table-bg.gif"><tr><td background="gone-cell-bg.gif">x</td></tr></table>',
        '<link rel="preload" as="image" imagesrcset="gone-preload.png 1x, gone-preload2.png 2x">',
    ])
    frames = ('<!doctype html><html><head><title>f</title></head>\n'
              '<frameset><frame src="gone-frame.html"></frameset></html>')
    site = _site(tmp_path, html, {"frames.html": frames})
    outcome = audit(site_dir=site, options=FAST)
    found = {r.url: (r.verdict, r.sources[0].line) for r in outcome.results}
    assert found == {
        "/gone-refresh.html": ("broken", 2),
        "/frames.html": ("ok", 3),
        "/gone-frame.html": ("broken", 2),
        "/gone-iframe.html": ("broken", 4),
        "/gone-style-attr.png": ("broken", 5),
        "/gone-style-block.png": ("broken", 8),
        "/gone-input.png": ("broken", 10),
        "/gone-table-bg.gif": ("broken", 12),
        "/gone-cell-bg.gif": ("broken", 12),
        "/gone-preload.png": ("broken", 13),
        "/gone-preload2.png": ("broken", 13),
    }


def test_meta_refresh_and_css_readers() -> None:
    from site_builder.links.extract import css_urls, refresh_url

    assert refresh_url("0; url=gone.html") == "gone.html"
    assert refresh_url("5;URL='next page.html'") == "next page.html"
    assert refresh_url("3") is None
    assert css_urls("a{b:url(x.png)}/* url(y.png) */\n@import url(z.css);") == [("x.png", 1), ("z.css", 2)]


# --- 6: an id that contains a percent escape --------------------------------------------------------


def test_a_fragment_is_tried_as_written_then_decoded(tmp_path: Path) -> None:
    html = ('<p id="a%3Ab">literal</p><p id="c:d">decoded</p>'
            '<a href="#a%3Ab">1</a><a href="#c%3Ad">2</a><a href="#nowhere">3</a>')
    results = _results(_site(tmp_path, html))
    assert results["/#a%3Ab"][0] == "ok"
    assert results["/#c%3Ad"][0] == "ok"
    assert results["/#nowhere"][0] == "broken"
