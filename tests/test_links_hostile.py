"""No host on the internet can break oit links (issue #11, items 8 and 10–13).

Each hostile host is a loopback server started here; the decompression bomb is audited
by a child process whose peak memory (VmHWM) is read back.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import zlib
from pathlib import Path
from xml.etree import ElementTree

import markdown
import pytest
from bs4 import BeautifulSoup
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page

from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit
from site_builder.links.report import FORMATS, render

HOST = "127.0.0.15"
FAST = AuditOptions(check=CheckOptions(timeout=1, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False))
QUICK_RETRIES = AuditOptions(check=CheckOptions(
    timeout=0.5, retry=RetryPolicy(retries=2, timeout_retries=1, base=0.05, retry_after_cap=3), trust_env=False))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


def _site(tmp_path: Path, hrefs: list[str]) -> Path:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    links = "\n".join(f'<a href="{href}">{i}</a>' for i, href in enumerate(hrefs))
    (site / "index.html").write_text(f"<!doctype html><title>t</title><body>{links}</body>", encoding="utf-8")
    return site


# --- 8: retries ------------------------------------------------------------------------------


def test_408_is_retried_and_an_odd_retry_after_is_ignored(tmp_path: Path) -> None:
    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/slow-client":
            return Reply(408, page("Request Timeout")) if nth == 1 else Reply(200, page("หน้า", "ข้อมูล"))
        if path == "/odd-retry-after":  # "3s" is no Retry-After value: the usual backoff applies
            return (Reply(503, page("busy"), (("Retry-After", "3s"),)) if nth == 1
                    else Reply(200, page("หน้า 2", "ข้อมูล")))
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        hrefs = [server.url("/slow-client"), server.url("/odd-retry-after")]
        results = {r.url: r.verdict for r in audit(site_dir=_site(tmp_path, hrefs), options=QUICK_RETRIES).results}
        assert server.count("/slow-client") == 2 and server.count("/odd-retry-after") == 2
    assert results == {hrefs[0]: "ok", hrefs[1]: "ok"}


def test_the_reason_never_claims_a_wait_that_did_not_happen(tmp_path: Path) -> None:
    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/come-back-in-an-hour":
            return Reply(429, b"", (("Retry-After", "3600"),))
        if path == "/limited":
            return Reply(429, b"")
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        hour, limited = server.url("/come-back-in-an-hour"), server.url("/limited")
        results = {r.url: r for r in audit(site_dir=_site(tmp_path, [hour]), options=QUICK_RETRIES).results}
        assert server.count("/come-back-in-an-hour") == 1  # longer than the cap: not waited, not retried
        no_retry = {r.url: r for r in audit(site_dir=_site(tmp_path, [limited]), options=FAST).results}
    reason = results[hour].outcome.reason
    assert results[hour].verdict == "blocked" and "3600" in reason and "ไม่ได้ลองอีก" in reason
    assert "แม้รอ" not in reason and "แม้รอ" not in no_retry[limited].outcome.reason
    assert "ทุกครั้งที่ลอง" not in no_retry[limited].outcome.reason  # asked once


# --- 10: decompression bombs -----------------------------------------------------------------------

GIB = 1 << 30


def _gzip_of_zeros(size: int) -> bytes:
    """A gzip stream that decodes to ``size`` zero bytes, built without compressing them all:
    one fully flushed deflate block of 1 MiB of zeros, repeated (each block stands alone)."""
    mib = 1 << 20
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = squeeze.compress(b"\0" * mib) + squeeze.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)  # an empty last block
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = (0).to_bytes(4, "little") + (size % (1 << 32)).to_bytes(4, "little")  # crc never reached
    return header + block * (size // mib) + final + trailer


CHILD = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # the old code fails here, not the machine
    from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit
    options = AuditOptions(check=CheckOptions(timeout=20, retry=RetryPolicy(retries=0, timeout_retries=0),
                                              trust_env=False))
    result = audit(site_dir=Path(sys.argv[1]), options=options)
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"peak_kib": int(peak.split()[1]),
                      "verdicts": {r.url: r.verdict for r in result.results}}))
""")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")
def test_a_decompression_bomb_cannot_exhaust_memory(tmp_path: Path) -> None:
    one_layer = _gzip_of_zeros(4 * GIB)          # ~4 MB on the wire, 4 GiB decoded
    squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    two_layers = squeeze.compress(one_layer) + squeeze.flush()  # "gzip, gzip": a few KB on the wire
    assert len(two_layers) < 64_000

    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/bomb.html":
            return Reply(200, one_layer, (("Content-Encoding", "gzip"),))
        if path == "/stacked.html":
            return Reply(200, two_layers, (("Content-Encoding", "gzip, gzip"),))
        if path == "/bomb-error":
            return Reply(404, one_layer, (("Content-Encoding", "gzip"),))
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        hrefs = [server.url("/bomb.html"), server.url("/stacked.html"), server.url("/bomb-error")]
        site = _site(tmp_path, hrefs)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-c", CHILD, str(site)], capture_output=True, text=True, env=env, check=False,
                              timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["peak_kib"] < 300 * 1024, report
    assert report["verdicts"] == {hrefs[0]: "ok", hrefs[1]: "ok", hrefs[2]: "broken"}


# --- 11: a TLS handshake that never completes ----------------------------------------------------------


def _has_data(connection: socket.socket) -> bool:
    connection.setblocking(False)
    try:
        return bool(connection.recv(1, socket.MSG_PEEK))
    except BlockingIOError:
        return False


def test_a_tls_handshake_that_never_completes_is_a_timeout_retried(tmp_path: Path) -> None:
    accepted: list[socket.socket] = []
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen()
    port = listener.getsockname()[1]

    def accept() -> None:  # take the TCP connection, never say a word of TLS
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"https://{HOST}:{port}/evidence.pdf"
    try:
        result = audit(site_dir=_site(tmp_path, [url]), options=QUICK_RETRIES).results[0]
        # Tries are the connections that began TLS (a ClientHello waits unread); the offline check
        # may also open a bare TCP connection, which sends nothing.
        tries = sum(1 for connection in accepted if _has_data(connection))
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
    assert result.verdict == "timeout", result.outcome
    assert tries == 2  # the first try and one retry, as documented for timeouts
    assert "ใบรับรอง" not in result.outcome.reason and "ลอง 2 ครั้ง" in result.outcome.reason


def test_a_certificate_problem_does_not_repeat_its_label() -> None:
    import ssl

    from site_builder.links.verdicts import LABELS, error_outcome

    error = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                            "self-signed certificate (_ssl.c:1000)")
    outcome = error_outcome("tls", error, "https://x.example/", 1)
    assert LABELS["tls"] not in outcome.reason and "self-signed certificate" in outcome.reason


# --- 12 and 13: what a host writes reaches no report raw; no password reaches any ------------------------

HOSTILE_TITLE = "Not found\u202e\x1b]0;pwned\x07\x1b[2J\x9b31m<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_every_report_format_escapes_what_a_host_wrote(tmp_path: Path) -> None:
    def route(method: str, path: str, nth: int) -> Reply:
        if path == "/soft404":
            title = HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;")
            return Reply(200, f"<!doctype html><title>{title}</title><body>x</body>".encode())
        if path == "/moved":
            return Reply(302, b"", (("Location", f"http://bob:s3cret-b@{HOST}:{server.port}/final"),))
        return Reply(404, page("Not Found"))

    with LoopbackServer(route, hosts=(HOST,)) as server:
        hrefs = [server.url("/soft404"), server.url("/moved"), f"http://alice:hunter2-a@{HOST}:{server.port}/x",
                 server.url("/[click](http://evil.invalid/)"), server.url("/esc\x1b]0;pwned\x07")]
        result = audit(site_dir=_site(tmp_path, hrefs), options=FAST)
    soft = next(r for r in result.results if r.url == hrefs[0])
    assert soft.verdict == "broken" and "<img" in soft.outcome.reason  # the evidence kept as the host wrote it
    for fmt in FORMATS:
        text = render(result, fmt)
        assert "hunter2" not in text and "s3cret" not in text and "alice" not in text and "bob:" not in text, fmt
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), fmt  # JSON has them as \\u escapes
    document = json.loads(render(result, "json"))
    assert any("\x1b" in r["url"] for r in document["results"])  # the value itself stays exact
    html = markdown.markdown(render(result, "markdown"), extensions=["tables"])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(["img", "script"]) is None
    assert not [a for a in soup.find_all("a") if "evil" in (a.get("href") or "")]
    assert "<img src=x onerror=alert(1)>" in soup.get_text()  # shown as text, not dropped
    junit = ElementTree.fromstring(render(result, "junit").encode())  # well-formed XML 1.0: no controls
    assert not [e for e in junit.iter() if e.tag in ("img", "script")]


# --- proxies from the environment --------------------------------------------------------------


def test_a_proxy_from_the_environment_carries_the_requests_and_no_proxy_bypasses_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The proxy answers 200 for any absolute-form request; the names themselves resolve nowhere.
    def through(method: str, path: str, nth: int) -> Reply:
        if "oit-links-probe" in path:
            return Reply(404, page("Not Found"))
        return Reply(200, page("ผ่านพร็อกซี", "ข้อมูล " * 50))

    with LoopbackServer(through, hosts=("127.0.0.16",)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url("/").rstrip("/"))
        monkeypatch.setenv("NO_PROXY", "direct.agency.go.th")
        options = AuditOptions(check=CheckOptions(timeout=3, retry=RetryPolicy(retries=0, timeout_retries=0),
                                                  trust_env=True), network_check=())
        urls = ["http://intranet.agency.go.th/evidence/o1", "http://direct.agency.go.th/o2"]
        verdicts = {r.url: r.verdict for r in audit(site_dir=_site(tmp_path, urls), options=options).results}
        asked = [(headers.get("host"), path) for _, _, path, headers in proxy.stats.requests]
    assert verdicts == {"http://intranet.agency.go.th/evidence/o1": "ok", "http://direct.agency.go.th/o2": "broken"}
    assert ("intranet.agency.go.th", "/evidence/o1") in asked          # the request went through the proxy
    assert not any(host == "direct.agency.go.th" for host, _ in asked)  # NO_PROXY: asked directly (and not found)
