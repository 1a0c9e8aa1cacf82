"""oit links against a real HTTP server on loopback: each case a link checker meets, and its verdict."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from loopback_http import loopback_only_dns, Hang, LoopbackServer, Reply, Reset, page, self_signed_context
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"
THAI_PDF = "/เอกสาร/แผนปฏิบัติการ 2569.pdf"
THAI_PAGE = "/ข่าว/ประกาศ"
SOFT_HOST = "127.0.0.3"   # answers 200 with its home page for any unknown path
CHECK_HOST = "127.0.0.2"
HOME_OF_SOFT_HOST = page("เทศบาลตำบลตัวอย่าง", "ยินดีต้อนรับสู่เว็บไซต์ ข่าวประชาสัมพันธ์ ติดต่อเรา " * 5)


def route(method: str, path: str, nth: int, host: str = CHECK_HOST):
    html = "text/html; charset=utf-8"
    pdf = "application/pdf"
    cases = {
        "/ok": Reply(200, page("หน้าข้อมูล", "ข้อมูลที่เปิดเผย")),
        "/gone404": Reply(404, page("Not Found")),
        "/gone410": Reply(410, page("Gone")),
        "/error500": Reply(500, page("Internal Server Error")),
        "/flaky503": Reply(503, page("Busy")) if nth == 1 else Reply(200, page("กลับมาแล้ว", "ข้อมูล")),
        "/limited429": (Reply(429, b"", (("Retry-After", "1"),)) if nth == 1
                        else Reply(200, page("หน้าที่ถูกจำกัด", "ข้อมูล"))),
        "/moved": Reply(301, b"", (("Location", "/ok"),)),
        "/chain1": Reply(302, b"", (("Location", "/chain2"),)),
        "/chain2": Reply(301, b"", (("Location", "/chain3"),)),
        "/chain3": Reply(307, b"", (("Location", "/ok"),)),
        "/loop-a": Reply(302, b"", (("Location", "/loop-b"),)),
        "/loop-b": Reply(302, b"", (("Location", "/loop-a"),)),
        "/head405.pdf": Reply(405, b"") if method == "HEAD" else Reply(200, PDF, content_type=pdf),
        "/head404.pdf": Reply(404, b"") if method == "HEAD" else Reply(200, PDF, content_type=pdf),
        "/doc.pdf": Reply(200, PDF, content_type=pdf),
        "/empty.pdf": Reply(200, b"", content_type=pdf),
        "/slow": Reply(200, page("ช้าแต่มา", "ข้อมูล"), delay=0.3),
        "/hang": Hang(),
        "/reset": Reset(),
        "/soft-th": Reply(200, ("<!doctype html><html><head><meta charset='utf-8'><title>เทศบาลตำบลตัวอย่าง"
                                "</title></head><body><h1>ขออภัย ไม่พบหน้าที่คุณต้องการ</h1>"
                                "<p>กรุณาตรวจสอบที่อยู่อีกครั้ง</p></body></html>").encode()),
        "/soft-en": Reply(200, page("Page not found", "Sorry, the page you requested does not exist.")),
        "/waf": Reply(403, b"<html><title>Request Rejected</title><body>The requested URL was rejected. "
                           b"Please consult with your administrator.<br>Your support ID is: 1234</body></html>"),
        "/anchors": Reply(200, page("หน้าที่มีหัวข้อ", "ข้อมูล", ("evidence", "ข้อมูลปี-2569"))),
        THAI_PDF: Reply(200, PDF, content_type=pdf),
        THAI_PAGE: Reply(200, page("ประกาศ", "ประกาศของเทศบาล")),
    }
    if host == SOFT_HOST:
        if path == "/real-page":
            return Reply(200, page("รายงานผลการดำเนินงาน ปี 2569", "ผลการดำเนินงานตามแผน ไตรมาส 1 ถึง 4 " * 10))
        return Reply(200, HOME_OF_SOFT_HOST, content_type=html)
    return cases.get(path, Reply(404, page("404 Not Found")))



@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


@pytest.fixture(scope="module")
def server():
    with LoopbackServer(lambda m, p, n: route(m, p, n, CHECK_HOST), hosts=(CHECK_HOST,)) as main, \
            LoopbackServer(lambda m, p, n: route(m, p, n, SOFT_HOST), hosts=(SOFT_HOST,)) as soft:
        yield main, soft


FAST = AuditOptions(
    per_host=2,
    check=CheckOptions(timeout=0.6, retry=RetryPolicy(retries=2, timeout_retries=1, base=0.05, retry_after_cap=3),
                       trust_env=False),
    deadline=60,
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.2", 0))
        return sock.getsockname()[1]


def _site(tmp_path: Path, links: list[str], extra: dict[str, str] | None = None) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    body = "\n".join(f'<p><a href="{link}">link {i}</a></p>' for i, link in enumerate(links))
    (site / "index.html").write_text(f"<!doctype html><html><head><title>t</title></head><body>\n{body}\n"
                                     f'<h2 id="here">here</h2></body></html>', encoding="utf-8")
    for name, text in (extra or {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def verdicts(server, tmp_path_factory):
    """One audit of every case (one run: the cases share the host limits, as in real use)."""
    main, soft = server
    refused = f"http://127.0.0.2:{_free_port()}/anything"
    urls = {
        "ok": main.url("/ok"),
        "404": main.url("/gone404"),
        "410": main.url("/gone410"),
        "500": main.url("/error500"),
        "503 then 200": main.url("/flaky503"),
        "429 then 200": main.url("/limited429"),
        "301": main.url("/moved"),
        "3-hop chain": main.url("/chain1"),
        "redirect loop": main.url("/loop-a"),
        "HEAD 405, GET 200": main.url("/head405.pdf"),
        "HEAD 404, GET 200": main.url("/head404.pdf"),
        "document": main.url("/doc.pdf"),
        "zero-byte PDF": main.url("/empty.pdf"),
        "slow": main.url("/slow"),
        "hanging": main.url("/hang"),
        "connection reset": main.url("/reset"),
        "connection refused": refused,
        "DNS failure": "http://no-such-agency.invalid/o1",
        "soft-404 Thai": main.url("/soft-th"),
        "soft-404 English": main.url("/soft-en"),
        "soft-404 like the host's probe": soft.url("/news/2560/999"),
        "real page on a host that answers 200 to anything": soft.url("/real-page"),
        "home page of that host": soft.url("/"),
        "WAF 403": main.url("/waf"),
        "Thai path, percent-encoded": main.url(quote(THAI_PDF)),
        "Thai path, as typed": main.url(THAI_PAGE),
        "fragment present": main.url("/anchors#evidence"),
        "Thai fragment present": main.url("/anchors#" + quote("ข้อมูลปี-2569")),
        "fragment missing": main.url("/anchors#no-such-part"),
        "local fragment present": "#here",
        "local fragment missing": "#nowhere",
        "local file": "files/o1.pdf",
        "local file missing": "files/missing.pdf",
        "local empty file": "files/empty.pdf",
        "local Thai file, percent-encoded": quote("files/แผน 2569.pdf"),
    }
    site = _site(tmp_path_factory.mktemp("cases"), list(urls.values()),
                 {"files/o1.pdf": "%PDF-1.4", "files/empty.pdf": "", "files/แผน 2569.pdf": "%PDF-1.4"})
    started = time.monotonic()
    result = audit(site_dir=site, options=FAST)
    elapsed = time.monotonic() - started
    by_url = {r.url: r for r in result.results}
    local = {"#here": "/#here", "#nowhere": "/#nowhere"}
    found = {}
    for case, url in urls.items():
        key = local.get(url) or (url if "://" in url else "/" + url)
        found[case] = by_url[key]
    return found, result, elapsed, main


EXPECTED = {
    "ok": ("ok", 200),
    "404": ("broken", 404),
    "410": ("broken", 410),
    "500": ("unreachable", 500),
    "503 then 200": ("ok", 200),
    "429 then 200": ("ok", 200),
    "301": ("redirected", 200),
    "3-hop chain": ("redirected", 200),
    "redirect loop": ("broken", 302),
    "HEAD 405, GET 200": ("ok", 200),
    "HEAD 404, GET 200": ("ok", 200),
    "document": ("ok", 200),
    "zero-byte PDF": ("broken", 200),
    "slow": ("ok", 200),
    "hanging": ("timeout", None),
    "connection reset": ("unreachable", None),
    "connection refused": ("broken", None),
    "DNS failure": ("broken", None),
    "soft-404 Thai": ("broken", 200),
    "soft-404 English": ("broken", 200),
    "soft-404 like the host's probe": ("broken", 200),
    "real page on a host that answers 200 to anything": ("ok", 200),
    "home page of that host": ("ok", 200),
    "WAF 403": ("blocked", 403),
    "Thai path, percent-encoded": ("ok", 200),
    "Thai path, as typed": ("ok", 200),
    "fragment present": ("ok", 200),
    "Thai fragment present": ("ok", 200),
    "fragment missing": ("broken", 200),
    "local fragment present": ("ok", None),
    "local fragment missing": ("broken", None),
    "local file": ("ok", None),
    "local file missing": ("broken", None),
    "local empty file": ("broken", None),
    "local Thai file, percent-encoded": ("ok", None),
}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_each_case_gets_its_verdict(verdicts, case: str) -> None:
    found, _, _, _ = verdicts
    result = found[case]
    verdict, status = EXPECTED[case]
    assert (result.verdict, result.outcome.http_status) == (verdict, status), result.outcome.reason
    assert result.outcome.reason  # every verdict carries its evidence


def test_evidence_of_redirects_soft_404s_and_retries(verdicts) -> None:
    found, _, _, main = verdicts
    chain = found["3-hop chain"].outcome
    assert [u.rsplit("/", 1)[1] for u in chain.redirects] == ["chain2", "chain3", "ok"]
    assert chain.final_url == main.url("/ok")
    assert "วนซ้ำ" in found["redirect loop"].outcome.reason
    assert "ไม่พบ" in found["soft-404 Thai"].outcome.reason
    assert "ไฟล์ว่าง" in found["zero-byte PDF"].outcome.reason
    assert "#no-such-part" in found["fragment missing"].outcome.reason
    assert "F5" in found["WAF 403"].outcome.reason
    assert "DNS" in found["DNS failure"].outcome.reason
    # HEAD was refused, then GET asked; 503 and 429 were asked again, once.
    assert main.count("/head405.pdf", "HEAD") == 1 and main.count("/head405.pdf", "GET") == 1
    assert main.count("/flaky503") == 2 and main.count("/limited429") == 2
    # A hanging URL is tried twice (one retry after a timeout); a reset three times.
    assert main.count("/hang") == 2
    assert main.count("/reset") == 3
    # The page with two fragments was fetched once.
    assert main.count("/anchors") == 1


def test_totals_add_up_and_the_run_is_quick(verdicts) -> None:
    _, result, elapsed, _ = verdicts
    assert sum(result.totals.values()) == len(result.results)
    assert set(result.totals) == {"ok", "redirected", "broken", "blocked", "tls", "timeout", "unreachable"}
    assert elapsed < 15


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    def limited_route(method: str, path: str, nth: int):
        if path != "/a":
            return Reply(404, page("Not Found"))
        return Reply(429, b"", (("Retry-After", "1"),)) if nth == 1 else Reply(200, page("ok", "ข้อมูล"))

    with LoopbackServer(limited_route, hosts=("127.0.0.4",)) as limited:
        started = time.monotonic()
        result = audit(site_dir=_site(tmp_path, [limited.url("/a")]), options=FAST)
        elapsed = time.monotonic() - started
        assert limited.count("/a") == 2
    assert result.results[0].verdict == "ok"
    assert elapsed >= 1.0  # waited as the server asked


def test_tls_problem_is_a_warning(tmp_path: Path) -> None:
    context = self_signed_context(str(tmp_path))
    if context is None:
        pytest.skip("openssl is not installed")
    with LoopbackServer(lambda m, p, n: Reply(200, page("ok")), hosts=("127.0.0.2",), tls=context) as secure:
        result = audit(site_dir=_site(tmp_path, [secure.url("/o1")]), options=FAST)
    (found,) = result.results
    assert found.verdict == "tls"
    assert "ใบรับรอง" in found.outcome.reason


def test_per_host_limit_is_never_exceeded(tmp_path: Path) -> None:
    hosts = ("127.0.0.5", "127.0.0.6", "127.0.0.7")

    def slow_pages(method: str, path: str, nth: int):
        if path.startswith("/gone"):
            return Reply(404, page("Not Found"))
        return Reply(200, page(f"หน้า {path}", f"เนื้อหาของ {path} " * 3))

    for per_host in (2, 4):
        with LoopbackServer(slow_pages, hosts=hosts, latency=0.03) as busy:
            links = [busy.url(f"/{kind}{i}", host) for host in hosts for i in range(30) for kind in ("p", "gone")]
            folder = tmp_path / f"limit{per_host}"
            folder.mkdir()
            options = AuditOptions(per_host=per_host, concurrency=64, check=FAST.check, deadline=60)
            result = audit(site_dir=_site(folder, links), options=options)
            peaks = dict(busy.stats.peak)
        assert len(result.results) == len(links)
        assert {r.verdict for r in result.results} == {"ok", "broken"}
        assert all(peaks[host] <= per_host for host in hosts), peaks
        assert max(peaks.values()) == per_host, peaks  # the limit is used, not just respected


def test_more_than_four_per_host_is_refused() -> None:
    from site_builder.links import LinksError

    with pytest.raises(LinksError):
        audit(site_dir=Path("."), options=AuditOptions(per_host=5))


def test_deadline_leaves_unchecked_links_marked(tmp_path: Path) -> None:
    with LoopbackServer(lambda m, p, n: Hang(), hosts=("127.0.0.8",)) as stuck:
        options = AuditOptions(check=CheckOptions(timeout=5, trust_env=False), deadline=0.3)
        result = audit(site_dir=_site(tmp_path, [stuck.url("/a"), stuck.url("/b")]), options=options)
    assert [r.verdict for r in result.results] == ["timeout", "timeout"]
    assert all(r.checked is None and not r.confirmed for r in result.results)
    assert any("ครบเวลา" in note for note in result.notes)


def test_checked_time_is_recorded(verdicts) -> None:
    found, result, _, _ = verdicts
    assert found["ok"].checked is not None
    assert result.started <= found["ok"].checked <= result.finished + dt.timedelta(seconds=1)
