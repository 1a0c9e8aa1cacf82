"""The "page not found" page as a reader meets it on a host that publishes the site in a subfolder.

A project with ``site_url: https://www.example.go.th/ita/`` is built into ``<host root>/ita/``;
the loopback server answers every missing address under ``/ita/`` with the site's 404.html
(as Apache's ``ErrorDocument`` does on shared hosting). Chromium then checks that the page
is Thai, styled (its CSS came from /ita/assets/, nothing from the domain's root) and links
home and to this year's OIT index.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import write_project
from site_builder.build import build_site

from .harness import describe_violations, run_axe

MKDOCS_YML = """\
site_name: เทศบาลตำบลทดสอบ
site_url: https://www.example.go.th/ita/
docs_dir: content
theme: {name: material, language: th, font: false}
plugins: [oit]
"""


class _Host(http.server.SimpleHTTPRequestHandler):
    """A web host: files as they are, and /ita/404.html (status 404) for anything missing under /ita/."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "ita" / "404.html"
        if code != 404 or not self.path.startswith("/ita/"):
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("subfolder") / "agency", {"mkdocs.yml": MKDOCS_YML})
    public_html = tmp_path_factory.mktemp("public_html")
    build_site(root, site_dir=public_html / "ita")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(public_html)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("width", [390, 1280])
def test_not_found_page_in_a_subfolder_is_thai_styled_and_links_home(browser, host, axe_js, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 500,
                                  has_touch=width < 500)
    requests: list[tuple[str, int]] = []
    context.on("response", lambda response: requests.append((urlsplit(response.url).path, response.status)))
    try:
        page = context.new_page()
        response = page.goto(host + "ita/2569/oit/o99/", wait_until="networkidle")
        assert response.status == 404
        page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("document.documentElement.lang") == "th"
        assert page.locator("article h1").inner_text().strip() == "ไม่พบหน้านี้"
        # Styled: material's and oit's stylesheets came from the subfolder.
        assets = [(path, status) for path, status in requests if "/assets/" in path]
        assert any(path.endswith("/oit.css") for path, _ in assets), requests
        assert all(path.startswith("/ita/assets/") and status == 200 for path, status in assets), assets
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Links: home and this year's OIT index, inside the subfolder, each answering 200.
        links = page.eval_on_selector_all("article a[href]", "as => as.map(a => [a.textContent.trim(), a.href])")
        paths = {urlsplit(href).path.rstrip("."): text for text, href in links}
        assert paths.get("/ita/") == "หน้าแรก", links
        assert paths.get("/ita/2569/oit/") == "รายการ OIT ปี 2569", links
        for _, href in links:
            assert page.request.get(href).status == 200, href
        violations = run_axe(page, axe_js)
        assert not violations, describe_violations(violations)
    finally:
        context.close()
