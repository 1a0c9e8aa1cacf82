"""The rules that reach a link's verdict (pure functions).

The verdicts themselves (label, failing / warning / working, rank) are ``audit.Verdict``;
failures are reported as dead only once confirmed (see ``history.py``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import ssl
from dataclasses import dataclass, field, replace
from typing import Literal

from ..audit import (
    FAILING,
    LABELS,
    VERDICTS,
    WARNING,
    is_failing,
    state,
    without_credentials,
)
from .collect import Source
from .extract import Page

__all__ = ["FAILING", "LABELS", "VERDICTS", "WARNING", "Outcome", "Result", "is_failing", "public", "state"]

# The verdicts as the rules below spell them (the values of ``audit.Verdict``).
Verdict = Literal["ok", "redirected", "broken", "blocked", "tls", "timeout", "unreachable"]


@dataclass(frozen=True)
class Outcome:
    """The verdict on one URL and its evidence."""

    verdict: Verdict
    reason: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = field(default=())  # every URL after the first, in order


# --- status codes ---------------------------------------------------------------

GONE = {404: "ไม่พบหน้า (404)", 410: "หน้าถูกลบแล้ว (410)"}


def status_outcome(status: int, final_url: str, redirects: tuple[str, ...], attempts: int = 1,
                   wait_refused: float | None = None) -> Outcome:
    """The verdict of a final status that is not a success (after retries and fallbacks).

    The reason says what was done, no more: how many times it was asked, and when the
    host asked for a longer wait than oit waits (``wait_refused`` seconds, not waited)."""
    if wait_refused is not None:
        tries = f" และขอให้รอ {wait_refused:g} วินาทีก่อนลองใหม่ ซึ่งนานเกินกว่าที่โปรแกรมรอ จึงไม่ได้ลองอีก"
    else:
        tries = f" ทุกครั้งที่ลอง ({attempts} ครั้ง)" if attempts > 1 else ""
    if status in GONE:
        return Outcome("broken", GONE[status], status, final_url, redirects)
    if status == 401:
        return Outcome("broken", "ต้องเข้าสู่ระบบก่อน จึงไม่เปิดให้ผู้ประเมินดู (401)", status, final_url, redirects)
    if status == 999:
        return Outcome("blocked", "เว็บไซต์ปฏิเสธโปรแกรมตรวจ (999) ผู้ใช้เบราว์เซอร์อาจเปิดได้", status, final_url, redirects)
    if status == 429:
        return Outcome("blocked", f"เว็บไซต์จำกัดจำนวนครั้งที่เข้าถึง (429){tries}", status, final_url, redirects)
    if status == 408:
        return Outcome("timeout", f"เซิร์ฟเวอร์หมดเวลารอคำขอ (408){tries}", status, final_url, redirects)
    if status >= 500:
        return Outcome("unreachable", f"เซิร์ฟเวอร์ขัดข้อง ({status}){tries}", status, final_url, redirects)
    if status == 403:
        return Outcome("broken", "ถูกปฏิเสธการเข้าถึง (403)", status, final_url, redirects)
    if 400 <= status < 500:
        return Outcome("broken", f"เปิดไม่ได้ ({status})", status, final_url, redirects)
    return Outcome("unreachable", f"คำตอบที่ไม่คาดคิด ({status})", status, final_url, redirects)


def success_outcome(status: int, url: str, final_url: str, redirects: tuple[str, ...]) -> Outcome:
    if redirects and final_url != url:
        return Outcome("redirected", f"ย้ายไปที่ {final_url} (ควรแก้ลิงก์เป็นที่อยู่ใหม่)", status, final_url, redirects)
    return Outcome("ok", "เปิดได้", status, final_url, redirects)


# --- network errors -------------------------------------------------------------

ErrorKind = Literal["timeout", "dns", "refused", "reset", "tls", "network", "invalid"]

_DNS = re.compile(r"name or service not known|nodename nor servname|getaddrinfo|no address associated|"
                  r"name resolution|errno -[235]\b|errno 1100[14]", re.I)
_REFUSED = re.compile(r"connection refused|errno 111\b|errno 10061", re.I)
_TLS = re.compile(r"certificate verify failed|\[SSL[:\]]|SSLError|wrong version number|tlsv1 alert", re.I)


def error_kind(error: BaseException) -> ErrorKind:
    """What went wrong below HTTP, from the exception (and the ones it wraps)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain)
    # A handshake that never completes is a timeout (retried), not a certificate problem.
    if "Timeout" in names or any(isinstance(e, TimeoutError) for e in chain) or "timed out" in text.lower():
        return "timeout"
    if any(isinstance(e, (ssl.SSLError, ssl.CertificateError)) for e in chain) or _TLS.search(text):
        return "tls"
    if _DNS.search(text) or any(isinstance(e, OSError) and getattr(e, "errno", None) in (-2, -3, -5) for e in chain):
        return "dns"
    if _REFUSED.search(text) or any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "refused"
    if "InvalidURL" in names or "UnsupportedProtocol" in names or "LocalProtocolError" in names:
        return "invalid"
    if "reset" in text.lower() or any(isinstance(e, ConnectionResetError) for e in chain):
        return "reset"
    return "network"


def tls_detail(error: BaseException) -> str:
    """The certificate problem in a few words (expired, self-signed, missing intermediate …)."""
    current: BaseException | None = error
    while current is not None:
        reason = getattr(current, "verify_message", None) or getattr(current, "reason", None)
        if isinstance(current, ssl.SSLError) and reason:
            return str(reason)
        current = current.__cause__ or current.__context__
    text = str(error)
    match = re.search(r"certificate verify failed: ([^(\]]+)", text)
    return match.group(1).strip() if match else (text[:160] or "การเชื่อมต่อแบบเข้ารหัสล้มเหลว")


def error_outcome(kind: ErrorKind, error: BaseException, url: str, attempts: int) -> Outcome:
    tries = f" (ลอง {attempts} ครั้ง)" if attempts > 1 else ""
    if kind == "timeout":
        return Outcome("timeout", f"ไม่ตอบภายในเวลาที่กำหนด{tries}", None, url)
    if kind == "dns":
        return Outcome("broken", "ไม่พบชื่อโดเมน (DNS)", None, url)
    if kind == "refused":
        return Outcome("broken", f"เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ{tries}", None, url)
    if kind == "tls":
        # The label (LABELS["tls"]) already says "certificate problem": the reason gives the detail.
        return Outcome("tls", f"ตรวจสอบใบรับรองไม่ผ่าน: {tls_detail(error)}", None, url)
    if kind == "invalid":
        return Outcome("broken", f"ที่อยู่ลิงก์ไม่ถูกต้อง: {str(error)[:120]}", None, url)
    if kind == "reset":
        return Outcome("unreachable", f"การเชื่อมต่อถูกตัด{tries}", None, url)
    return Outcome("unreachable", f"เชื่อมต่อไม่ได้: {type(error).__name__}{tries}", None, url)


# --- soft-404 -------------------------------------------------------------------

# Words of not-found pages, as Thai and English CMSs and hosts write them.
NOT_FOUND_PHRASES: tuple[str, ...] = (
    # Thai
    "ไม่พบหน้า", "ไม่พบเพจ", "ไม่พบหน้าเว็บ", "ไม่พบหน้าที่", "ไม่พบข้อมูลที่คุณ", "ไม่พบไฟล์",
    "ไม่พบเนื้อหา", "ไม่พบบทความ", "ไม่พบเอกสาร", "ไม่มีหน้านี้", "หน้านี้ไม่มีอยู่", "ขออภัย ไม่พบ",
    "ขออภัยไม่พบ", "หน้าที่คุณต้องการไม่มี", "หน้าที่คุณค้นหาไม่มี", "ไม่สามารถค้นหาหน้า", "ไม่มีข้อมูลหน้านี้",
    "ลิงก์นี้ใช้ไม่ได้", "ลิงก์เสีย",
    # English
    "page not found", "404 not found", "error 404", "404 error", "not found", "page does not exist",
    "page doesn't exist", "page cannot be found", "page could not be found", "can't find the page",
    "couldn't find the page", "could not find the page", "no longer available", "this page isn't available",
    "the page you requested", "the requested url was not found", "file not found", "document not found",
    "nothing was found", "oops! that page",
)
_STRONG_IN_BODY = ("404", "not found", "ไม่พบ")


def not_found_phrase(text: str) -> str | None:
    lowered = text.lower()
    return next((phrase for phrase in NOT_FOUND_PHRASES if phrase in lowered), None)


@dataclass(frozen=True)
class Probe:
    """A host's answer to a path that cannot exist: what its not-found page looks like."""

    status: int | None
    title: str = ""
    text: str = ""


def _fingerprint(text: str, url_bits: tuple[str, ...]) -> str:
    for bit in url_bits:
        if bit:
            text = text.replace(bit, " ")
    return re.sub(r"[\d\s]+", " ", text).strip().lower()[:2000]


def soft_404(page: Page, probe: Probe | None, url_bits: tuple[str, ...] = (), is_root: bool = False) -> str | None:
    """Why a 200 page is really a not-found page, or None.

    - its title or a top heading says not found (in Thai or English); or
    - the host answers 200 to a random path (``probe``) and this page looks the same
      (same title and nearly the same text, once the requested path is taken out) —
      except for the host's home page itself (``is_root``), which is what many hosts show; or
    - the host answers 200 to a random path, and this short page says not found in its text.
    """
    for place in [page.title, *page.headings[:3]]:
        phrase = not_found_phrase(place)
        if phrase:
            return f"หน้าเปิดได้ (200) แต่บอกว่าไม่พบ: “{place[:80]}”"
    if probe is None or probe.status is None or not 200 <= probe.status < 300 or is_root:
        return None
    mine = _fingerprint(page.title + " " + page.text, url_bits)
    theirs = _fingerprint(probe.title + " " + probe.text, url_bits)
    if mine and theirs and page.title.strip().lower() == probe.title.strip().lower():
        ratio = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).quick_ratio()
        if ratio >= 0.9:
            return "หน้าเปิดได้ (200) แต่เหมือนหน้าที่เว็บไซต์ตอบเมื่อขอที่อยู่ที่ไม่มีอยู่จริง"
    phrase = not_found_phrase(page.text)
    if phrase and len(page.text) < 1500 and any(word in phrase for word in _STRONG_IN_BODY):
        return f"หน้าเปิดได้ (200) แต่บอกว่าไม่พบ: “{phrase}”"
    return None


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One URL of an audit: this run's verdict, where the URL was written, and its history."""

    url: str
    outcome: Outcome
    sources: tuple[Source, ...] = ()
    checked: dt.datetime | None = None   # when it was checked (a cached result: when it was cached)
    local: bool = False                  # a file of the site or content/: the verdict is certain at once
    confirmed: bool = False              # the verdict's class has held on runs `confirm_after` apart
    since: dt.datetime | None = None     # the first run of the current streak (working / warning / failing)

    @property
    def verdict(self) -> Verdict:
        return self.outcome.verdict

    @property
    def items(self) -> list[tuple[int, str]]:
        """The OIT items (year, code) whose evidence this URL is."""
        found: list[tuple[int, str]] = []
        for source in self.sources:
            if source.item and source.year is not None and (source.year, source.item) not in found:
                found.append((source.year, source.item))
        return found


def public(result: Result) -> Result:
    """The result as it may be stored and shown: no ``user:password@`` in any URL or reason.

    The request itself used the URL as written; only what is kept is cleaned."""
    outcome = result.outcome
    final = without_credentials(outcome.final_url) if outcome.final_url is not None else None
    return replace(
        result, url=without_credentials(result.url),
        outcome=replace(outcome, reason=without_credentials(outcome.reason), final_url=final,
                        redirects=tuple(without_credentials(u) for u in outcome.redirects)),
        sources=tuple(replace(s, page=without_credentials(s.page)) if s.page else s for s in result.sources))
