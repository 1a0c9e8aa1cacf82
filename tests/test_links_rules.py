"""The link audit's pure rules: host quirks, WAF markers, soft-404s, retry waits, extraction."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import socket

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from site_builder.links import quirks
from site_builder.links.extract import markdown_urls, parse_html
from site_builder.links.ratelimit import HostLimits
from site_builder.links.retry import RetryPolicy, backoff, retry_after, wait_before_retry
from site_builder.links.verdicts import Probe, error_kind, error_outcome, soft_404, status_outcome

# --- quirks: each with the case that motivated it --------------------------------------


def test_private_google_drive_file_is_broken_not_ok() -> None:
    url = "https://drive.google.com/file/d/abc/view"
    chain = ("https://accounts.google.com/v3/signin/identifier?continue=https://drive.google.com/file/d/abc/view",)
    outcome = quirks.login_wall(url, chain[-1], 200, chain)
    assert outcome is not None and outcome.verdict == "broken" and "สาธารณะ" in outcome.reason
    assert not quirks.head_useful(url)  # Drive answers HEAD with 405: always GET


def test_facebook_refusals_are_blocked_but_its_404_is_trusted() -> None:
    url = "https://www.facebook.com/nongbuangam/posts/1"
    assert quirks.facebook_status(url, 400, url, ()).verdict == "blocked"
    assert quirks.facebook_status(url, 404, url, ()) is None
    login = "https://www.facebook.com/login/?next=x"
    assert quirks.login_wall(url, login, 200, (login,)).verdict == "blocked"
    assert quirks.facebook_status("https://www.example.go.th/", 400, "", ()) is None


@pytest.mark.parametrize("status, headers, body, name", [
    (403, {"cf-mitigated": "challenge", "server": "cloudflare"}, "<title>Just a moment...</title>", "Cloudflare"),
    (503, {}, "<title>Just a moment...</title><script src='/cdn-cgi/challenge-platform/x'>", "Cloudflare"),
    (200, {}, "<title>Just a moment...</title> challenge-platform", "Cloudflare"),
    (403, {"server": "AkamaiGHost"}, "<h1>Access Denied</h1> Reference #18.abc", "Akamai"),
    (403, {"x-iinfo": "1-2-3"}, "Incapsula incident ID: 42", "Imperva"),
    (403, {"x-sucuri-id": "1"}, "Sucuri WebSite Firewall - Access Denied", "Sucuri"),
    (200, {}, "The requested URL was rejected. Please consult with your administrator.", "F5 BIG-IP ASM"),
    (403, {"x-amzn-waf-action": "block"}, "", "AWS WAF"),
    (403, {}, "Please verify you are human: captcha", "challenge"),
])
def test_waf_markers(status: int, headers: dict[str, str], body: str, name: str) -> None:
    assert quirks.waf_marker(status, CIMultiDictProxy(CIMultiDict(headers)), body) == name


def test_a_real_page_or_a_plain_refusal_is_not_a_waf() -> None:
    assert quirks.waf_marker(200, CIMultiDictProxy(CIMultiDict()), "<h1>Access denied to records older than 1990</h1>") is None
    assert quirks.waf_marker(403, CIMultiDictProxy(CIMultiDict()), "<h1>Forbidden</h1>") is None
    assert status_outcome(403, "https://x.go.th/", ()).verdict == "broken"
    assert status_outcome(999, "https://x.go.th/", ()).verdict == "blocked"


def test_reserved_names_fail_without_asking_dns() -> None:
    assert quirks.reserved_name("http://agency.invalid/x")
    assert quirks.reserved_name("https://x.test/") and not quirks.reserved_name("https://www.example.go.th/")


# --- soft-404 ---------------------------------------------------------------------------


def _page(title: str, text: str = "", heading: str = ""):  # type: ignore[no-untyped-def]
    return parse_html(f"<title>{title}</title><h1>{heading}</h1><p>{text}</p>")


def test_soft_404_phrases_in_thai_and_english() -> None:
    assert soft_404(_page("เทศบาล", heading="ขออภัย ไม่พบหน้าที่คุณต้องการ"), None)
    assert soft_404(_page("ไม่พบเพจ | เทศบาล"), None)
    assert soft_404(_page("Page Not Found – Agency"), None)
    assert soft_404(_page("ข่าวประชาสัมพันธ์", "ประกาศผลการจัดซื้อจัดจ้าง"), None) is None


def test_soft_404_by_comparison_with_the_probe() -> None:
    home = "ยินดีต้อนรับ ข่าวประชาสัมพันธ์ ติดต่อเรา " * 10
    probe = Probe(200, "เทศบาลตัวอย่าง", home)
    assert soft_404(_page("เทศบาลตัวอย่าง", home), probe, ("/news/999",))
    assert soft_404(_page("เทศบาลตัวอย่าง", home), probe, ("/",), is_root=True) is None  # the home page itself
    assert soft_404(_page("รายงานประจำปี", "ผลการดำเนินงาน " * 30), probe) is None
    # A long real page that mentions "not found" in its text is not a soft-404.
    long_text = "รายการเอกสาร " * 200 + " file not found in archive 2550"
    assert soft_404(_page("คลังเอกสาร", long_text), Probe(404)) is None


# --- errors -------------------------------------------------------------------------------


def test_network_errors_are_classified() -> None:
    def wrapped(inner: BaseException) -> aiohttp.ClientOSError:
        try:
            try:
                raise inner
            except BaseException as error:
                raise aiohttp.ClientOSError(str(error)) from error
        except aiohttp.ClientOSError as outer:
            return outer

    assert error_kind(wrapped(socket.gaierror(-2, "Name or service not known"))) == "dns"
    assert error_kind(wrapped(ConnectionRefusedError(111, "Connection refused"))) == "refused"
    assert error_kind(wrapped(ConnectionResetError(104, "Connection reset by peer"))) == "reset"
    assert error_kind(aiohttp.SocketTimeoutError("timed out")) == "timeout"
    assert error_kind(TimeoutError()) == "timeout"
    import ssl

    tls = wrapped(ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                                  "unable to get local issuer certificate (_ssl.c:1006)"))
    assert error_kind(tls) == "tls"
    outcome = error_outcome("tls", tls, "https://x.go.th/", 1)
    assert outcome.verdict == "tls" and "local issuer" in outcome.reason


# --- retry waits -------------------------------------------------------------------------


def test_retry_after_seconds_and_dates() -> None:
    now = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
    assert retry_after("3") == 3.0
    assert retry_after("Sun, 22 Nov 2026 09:00:30 GMT", now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_backoff_grows_with_jitter_and_caps() -> None:
    policy = RetryPolicy(base=0.5, factor=2, cap=4)
    rng = random.Random(1)
    for attempt, full in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 4.0)):
        waits = [backoff(policy, attempt, rng) for _ in range(50)]
        assert all(full / 2 <= w <= full for w in waits) and len(set(waits)) > 1
    assert wait_before_retry(policy, 1, 2.0, rng) >= 2.0      # the server's wish, honoured
    assert wait_before_retry(RetryPolicy(retry_after_cap=60), 1, 3600.0) is None  # too long: give a verdict
    assert RetryPolicy(retries=2, timeout_retries=1).allows("timeout", 1)
    assert not RetryPolicy(retries=2, timeout_retries=1).allows("timeout", 2)
    assert not RetryPolicy().allows("tls", 1)


# --- extraction ---------------------------------------------------------------------------


def test_html_links_ids_and_lines() -> None:
    page = parse_html('<html><head><link rel="preconnect" href="https://fonts.example">\n'
                      '<link rel="stylesheet" href="a.css"></head><body>\n'
                      '<a href="x.html#top" id="here">x</a>\n<img src="i.png" srcset="i2.png 2x, i3.png 3x">\n'
                      '<a name="old">o</a><script>var a = "<a href=no>";</script></body></html>')
    assert [(l.url, l.line) for l in page.links] == [("a.css", 2), ("x.html#top", 3), ("i.png", 4),
                                                     ("i2.png", 4), ("i3.png", 4)]
    assert page.ids == {"here", "old"}


def test_markdown_urls_with_lines() -> None:
    text = "# หน้า\n\nดู [แผน](https://a.go.th/plan.pdf) และ <https://b.go.th/x>\nhttps://c.go.th/y.\n"
    assert markdown_urls(text) == [("https://a.go.th/plan.pdf", 3), ("https://b.go.th/x", 3), ("https://c.go.th/y", 4)]


# --- politeness: a 429 slows its host down -------------------------------------------


def test_a_429_takes_one_request_off_its_host_and_gives_it_back_after_the_wait() -> None:
    async def run() -> tuple[int, int, int, int]:
        limits = HostLimits(per_host=4, total=64)
        limits.slow_down("a.example", 0.3)
        limits.slow_down("a.example", 0.3)
        gate, other = limits._gate("a.example"), limits._gate("b.example")
        during = (gate.size, other.size)
        await asyncio.sleep(0.5)
        return during + (gate.size, other.size)

    assert asyncio.run(run()) == (2, 4, 4, 4)  # two 429s: two fewer in flight; the other host untouched


def test_a_host_already_at_one_request_that_answers_429_is_paused() -> None:
    async def run() -> tuple[int, bool]:
        limits = HostLimits(per_host=1, total=64)
        limits.slow_down("a.example", 30)
        return limits._gate("a.example").size, limits._paused_until.get("a.example", 0) > 0

    assert asyncio.run(run()) == (1, True)


def test_a_slowed_host_starts_nothing_new_until_below_its_new_size() -> None:
    async def run() -> list[int]:
        limits = HostLimits(per_host=4, total=64)
        held: list[int] = []
        release = asyncio.Event()

        async def one() -> None:
            async with limits.slot("a.example"):
                held.append(limits.in_flight["a.example"])
                await release.wait()

        tasks = [asyncio.ensure_future(one()) for _ in range(4)]
        await asyncio.sleep(0.02)
        limits.slow_down("a.example", 30)          # 4 in flight, the host now allows 3
        late = [asyncio.ensure_future(one()) for _ in range(2)]
        await asyncio.sleep(0.02)
        started_late = len(held) - 4
        release.set()
        await asyncio.gather(*tasks, *late)
        return [started_late, max(held)]

    assert asyncio.run(run()) == [0, 4]


def test_yesterdays_timeouts_are_checked_first() -> None:
    from site_builder.links import slowest_first
    from site_builder.links.collect import Target
    from site_builder.links.history import Audit
    from site_builder.links.verdicts import Outcome, Result

    when = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    urls = ["https://a.example/1", "https://b.example/hangs", "https://a.example/2", "https://c.example/broken"]
    earlier = Audit(when, when, [Result("https://b.example/hangs", Outcome("timeout", "หมดเวลา", None, None)),
                                 Result("https://c.example/broken", Outcome("broken", "ไม่พบ", 404, None)),
                                 Result("https://a.example/1", Outcome("ok", "ใช้ได้", 200, None))])
    ordered = slowest_first([Target(url) for url in urls], earlier)
    assert [t.url for t in ordered] == ["https://b.example/hangs", "https://a.example/1", "https://a.example/2",
                                        "https://c.example/broken"]
    assert [t.url for t in slowest_first([Target(url) for url in urls], None)] == urls


def test_a_host_that_answers_again_gets_its_request_back_before_the_wait_is_over() -> None:
    async def run() -> list[int]:
        limits = HostLimits(per_host=4, total=64)
        limits.slow_down("a.example", 30)          # a download counter said 429 for one URL
        sizes = [limits._gate("a.example").size]
        for _ in range(2):
            limits.answered("a.example")
        sizes.append(limits._gate("a.example").size)   # 2 answers of 3 slots: still slowed
        limits.answered("a.example")
        sizes.append(limits._gate("a.example").size)   # the third: back to 4, long before 30 s
        return sizes

    assert asyncio.run(run()) == [3, 3, 4]


def test_a_host_that_keeps_answering_429_stays_slow_then_pauses() -> None:
    async def run() -> tuple[int, int, bool]:
        limits = HostLimits(per_host=4, total=64)
        for _ in range(2):
            limits.slow_down("a.example", 30)
            limits.answered("a.example")           # one answer between 429s does not give a slot back
        after_two = limits._gate("a.example").size
        limits.slow_down("a.example", 30)
        limits.slow_down("a.example", 30)          # at one request already: the whole host waits
        return after_two, limits._gate("a.example").size, limits._paused_until.get("a.example", 0) > 0

    assert asyncio.run(run()) == (2, 1, True)
