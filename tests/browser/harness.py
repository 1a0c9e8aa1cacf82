"""What the browser tests and bench/search.py share: the browser, the server, axe-core, first-view bytes.

Importable without pytest (bench/search.py uses it): errors are raised as ``Unavailable``
with a message saying what to install; the tests turn them into failures.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("OIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Unavailable(Exception):
    """Chromium, Playwright, npm or axe-core is missing; the message says how to get it."""


# --- the server ---------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve(directory: Path):
    """A threaded HTTP server on 127.0.0.1 (random port) for ``directory``; returns (server, base URL).

    Stop it with ``server.shutdown(); server.server_close()``.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"serve {directory.name}", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- the browser ----------------------------------------------------------------------


def launch_chromium(playwright):
    """Debian's Chromium (``$OIT_CHROMIUM`` or /usr/bin/chromium); never a browser Playwright downloads."""
    if not Path(CHROMIUM).is_file():
        raise Unavailable(
            f"Chromium not found at {CHROMIUM}. The browser tests drive Debian's Chromium: install it with "
            "`apt-get update && apt-get install -y chromium` (.ci/run does), or set OIT_CHROMIUM to a "
            "Chromium binary. Never `playwright install`.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError as error:  # the test extra installs it
        raise Unavailable("playwright (PyPI) is missing: pip install '.[test]'") from error
    return start()


class Visit:
    """A browser context whose every request is recorded; requests off the site are aborted.

    Aborting keeps the run offline and fast (no DNS wait); the request is still recorded,
    so a test can fail on it.
    """

    def __init__(self, browser, base_url: str, **context_options):
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.requests: list[str] = []
        self.context = browser.new_context(**context_options)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route(lambda url: self.offsite(url), lambda route: route.abort())
        self.page = self.context.new_page()

    def offsite(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host

    def offsite_requests(self) -> list[str]:
        local_schemes = ("http", "https", "ws", "wss", "data", "blob", "about")
        return [url for url in self.requests if self.offsite(url) or urlsplit(url).scheme not in local_schemes]

    def goto(self, address: str, wait_until: str = "networkidle"):
        response = self.page.goto(self.base_url + address, wait_until=wait_until)
        assert response is not None and response.status == 200, (address, response and response.status)
        return response

    def close(self):
        self.context.close()


# --- first view -----------------------------------------------------------------------


def is_search_index(url: str) -> bool:
    """The search index or a chunk of it: search/index.json, any search/….json, material's search_index.json."""
    path = urlsplit(url).path
    return ("/search/" in path and path.endswith(".json")) or path.endswith("search_index.json")


def first_view(v: Visit, address: str) -> tuple[int, list[tuple[str, int]]]:
    """Loads ``address`` in ``v``'s (fresh) context; waits until fonts are ready and the network is idle.

    Returns the bytes of every response body (as served: the loopback server does not
    compress, so this is also what travels) and each response's path and size.
    """
    responses = []
    v.page.on("response", lambda response: responses.append(response))
    v.goto(address)
    v.page.evaluate("document.fonts.ready.then(() => true)")
    v.page.wait_for_load_state("networkidle")
    sizes = []
    for response in responses:
        try:
            size = len(response.body())
        except Exception:  # an aborted (off-site) request or a redirect has no body
            size = 0
        sizes.append((urlsplit(response.url).path, size))
    return sum(size for _, size in sizes), sizes


# --- axe-core -------------------------------------------------------------------------


def find_axe() -> Path:
    """axe.min.js: ``$OIT_AXE_JS``, else tests/browser/node_modules, installed with npm (from package-lock.json) if missing."""
    configured = os.environ.get("OIT_AXE_JS")
    if configured:
        if not Path(configured).is_file():
            raise Unavailable(f"OIT_AXE_JS={configured} is not a file")
        return Path(configured)
    target = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise Unavailable("axe-core is missing and npm is not installed: install npm (`apt-get install -y npm`; "
                          ".ci/run does) or set OIT_AXE_JS to a copy of axe-core's axe.min.js")
    with open(HERE / ".npm-install.lock", "w") as lock:  # one install at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_file():
            command = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
            done = subprocess.run(command, cwd=HERE, capture_output=True, text=True)
            if done.returncode != 0 or not target.is_file():
                raise Unavailable(f"`{' '.join(command)}` in {HERE} failed (axe-core for the accessibility "
                                  f"checks):\n{done.stdout}\n{done.stderr}")
    return target


def run_axe(page, axe_js: Path) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the whole document; returns the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
                summaries: v.nodes.map(n => n.failureSummary || "")})))""",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict], limit: int = 8) -> str:
    """Each violation: id, impact, what it means, and the selectors of (up to ``limit``) failing nodes."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} — {len(v['targets'])} node(s)")
        for target, summary in list(zip(v["targets"], v["summaries"]))[:limit]:
            detail = " ".join(line.strip() for line in summary.splitlines()[1:2])
            lines.append(f"      {target}" + (f"    [{detail}]" if detail else ""))
    return "\n".join(lines)
