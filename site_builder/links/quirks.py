"""Host-specific workarounds, each with the case that motivated it. Nothing else knows hosts.

Agencies keep much of their evidence on Google Drive and Facebook, and many Thai
government hosts sit behind a web application firewall. Plain HTTP rules get these
wrong in both directions: a WAF's 403 is not a dead page, and a private Drive file
that redirects to a login page with 200 is not a working one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

from .verdicts import Outcome

# --- Google Drive / Docs ---------------------------------------------------------
# Case: `https://drive.google.com/file/d/<id>/view` answers HEAD with 405 or a bare
# redirect, so HEAD says nothing: always GET. A file that is not shared publicly
# redirects to `accounts.google.com/…signin…` and ends in a 200 login page: the
# assessor cannot open it, so it is broken (the fix is "share: anyone with the link").
_GOOGLE = re.compile(r"(^|\.)(drive|docs|sites)\.google\.com$")
_GOOGLE_LOGIN = re.compile(r"^accounts\.google\.com$")

# --- Facebook ----------------------------------------------------------------------
# Case: pages and posts answer programs with 400, 403 or a redirect to
# `facebook.com/login` while a person in a browser sees them. Only a 404 is trusted;
# anything else short of success is "blocked" (a warning), never "broken".
_FACEBOOK = re.compile(r"(^|\.)(facebook\.com|fb\.com|fb\.watch)$")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def head_useful(url: str) -> bool:
    """False for hosts whose answer to HEAD means nothing (Google Drive/Docs, Facebook)."""
    host = _host(url)
    return not (_GOOGLE.search(host) or _FACEBOOK.search(host))


def login_wall(url: str, final_url: str, status: int, redirects: tuple[str, ...]) -> Outcome | None:
    """A redirect to a login page: the evidence is not public (Google) or not checkable (Facebook)."""
    host, final_host = _host(url), _host(final_url)
    if _GOOGLE.search(host) and any(_GOOGLE_LOGIN.search(_host(hop)) for hop in redirects):
        return Outcome("broken", "ไฟล์ Google ไม่ได้แชร์แบบสาธารณะ (ต้องเข้าสู่ระบบ) — ตั้งค่าแชร์เป็น "
                       "“ทุกคนที่มีลิงก์”", status, final_url, redirects)
    if _FACEBOOK.search(host) and _FACEBOOK.search(final_host) and "/login" in urlsplit(final_url).path:
        return Outcome("blocked", "Facebook ให้เข้าสู่ระบบก่อน โปรแกรมจึงตรวจไม่ได้ (ผู้ใช้เบราว์เซอร์อาจเปิดได้)",
                       status, final_url, redirects)
    return None


def facebook_status(url: str, status: int, final_url: str, redirects: tuple[str, ...]) -> Outcome | None:
    """Facebook's refusals of programs (400, 403, 429, 5xx …) are a warning; its 404 is trusted."""
    if _FACEBOOK.search(_host(url)) and status not in (404, 410) and not 200 <= status < 300:
        return Outcome("blocked", f"Facebook ไม่ตอบโปรแกรมตรวจ ({status}) ผู้ใช้เบราว์เซอร์อาจเปิดได้",
                       status, final_url, redirects)
    return None


# --- copies of evidence (oit links keeps them: links/copies.py) ------------------------
# Case: a Drive "view" link answers with Drive's HTML viewer, not the file. Its download
# address gives the file itself, so one request checks the link and brings the copy. A file
# too large for Drive's virus scan answers that address with an HTML "confirm download" page
# instead: that is not the document, and no copy is made of it.
# The download address, by file id (a test maps it to a loopback host).
DRIVE_DOWNLOAD = "https://drive.google.com/uc?export=download&id={id}"
_DRIVE_HOST = re.compile(r"^drive\.google\.com$")
_DRIVE_FILE = re.compile(r"^/file/d/([A-Za-z0-9_-]{10,})(?:/|$)")
_DRIVE_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")
_DRIVE_INTERSTITIAL = ("virus scan", "can't scan this file for viruses", "cannot scan this file for viruses",
                       "download anyway", "uc-download-link", "ไม่สามารถสแกนไวรัส")


def download_address(url: str) -> str | None:
    """Drive's download address of a "view" link (``/file/d/<id>/view``, ``/open?id=<id>``), or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not _DRIVE_HOST.search((parts.hostname or "").lower()):
        return None
    match = _DRIVE_FILE.match(parts.path)
    if match:
        return DRIVE_DOWNLOAD.format(id=match.group(1))
    if parts.path.rstrip("/") == "/open":
        ids = parse_qs(parts.query).get("id", [])
        if len(ids) == 1 and _DRIVE_ID.match(ids[0]):
            return DRIVE_DOWNLOAD.format(id=ids[0])
    return None


def through_download(outcome: Outcome) -> Outcome:
    """The verdict of a link asked through its download address: the host's own redirects from
    that address are not the link's (a working answer is "ok", never "move the link")."""
    if outcome.verdict == "redirected":
        return replace(outcome, verdict="ok", reason="เปิดได้")
    return outcome


def download_refused(status: int) -> str | None:
    """Why a download address's refusal is no verdict on the link (it is asked again as written), or None.

    A 404/410 means the file is gone either way; a 2xx/304 is the file; anything else (403 when
    too many people downloaded it today, 5xx) says nothing of the "view" page the link opens."""
    if 200 <= status < 300 or status in (304, 404, 410):
        return None
    return (f"เก็บสำเนาไม่ได้: Google Drive ไม่ให้ดาวน์โหลดไฟล์ในครั้งนี้ ({status}) — เช่น มีผู้ดาวน์โหลดมากเกินไป "
            "จะลองใหม่ในการตรวจครั้งถัดไป")


def not_a_file(url: str, body: bytes) -> str | None:
    """Why a download address's HTML answer is not the document (Drive's pages), or None."""
    if not _GOOGLE.search(_host(url)) and download_address(url) is None:
        return None
    text = body[:200000].decode("utf-8", "replace").lower()
    if any(phrase in text for phrase in _DRIVE_INTERSTITIAL):
        return ("เก็บสำเนาไม่ได้: Google Drive ตอบเป็นหน้า “สแกนไวรัสไม่ได้ — ยืนยันการดาวน์โหลด” (ไฟล์ใหญ่) "
                "แทนตัวไฟล์ — ดาวน์โหลดไฟล์มาใส่ใน content/ ของเว็บไซต์แล้วลิงก์ด้วย file: แทน")
    return ("เก็บสำเนาไม่ได้: Google Drive ตอบเป็นหน้าเว็บแทนตัวไฟล์ — ตรวจว่าลิงก์ชี้ไปที่ไฟล์ "
            "(ไม่ใช่โฟลเดอร์) และแชร์เป็น “ทุกคนที่มีลิงก์”")


def login_needed(url: str, final_url: str, status: int, redirects: tuple[str, ...]) -> str | None:
    """Why no copy can be made of an answer behind a login (Thai), or None.

    Facebook shows a program a login prompt, never the post: it is never copied."""
    if _FACEBOOK.search(_host(url)) or _FACEBOOK.search(_host(final_url)):
        return "เก็บสำเนาไม่ได้: ต้องเข้าสู่ระบบ Facebook ก่อน โปรแกรมจึงเห็นแต่หน้าเข้าสู่ระบบ"
    if login_wall(url, final_url, status, redirects) is not None:
        return "เก็บสำเนาไม่ได้: ต้องเข้าสู่ระบบ Google ก่อน (ไฟล์ไม่ได้แชร์แบบสาธารณะ) — ตั้งค่าแชร์เป็น “ทุกคนที่มีลิงก์”"
    if status == 401:
        return "เก็บสำเนาไม่ได้: ต้องเข้าสู่ระบบก่อน (401)"
    return None


# --- web application firewalls and bot challenges ------------------------------------
# Case: Thai government hosts behind F5 BIG-IP ASM answer a program with 200 or 403
# and "The requested URL was rejected"; Cloudflare answers 403/503 "Just a moment…"
# with a JavaScript challenge; Akamai, Imperva, Sucuri and AWS WAF have their own
# pages. A person in a browser gets through: "blocked", a warning.


@dataclass(frozen=True)
class Waf:
    name: str
    headers: tuple[tuple[str, str], ...]   # (header, substring of its value); "" = present
    body: tuple[str, ...]                  # substrings of the page (lowercase)


WAFS: tuple[Waf, ...] = (
    Waf("Cloudflare", (("cf-mitigated", "challenge"),),
        ("just a moment...", "attention required! | cloudflare", "cf-chl-", "challenge-platform",
         "cf-browser-verification", "checking your browser before accessing")),
    Waf("Akamai", (("server", "akamaighost"),), ("access denied", "reference #")),
    Waf("Imperva", (("x-iinfo", ""), ("x-cdn", "incapsula")), ("incapsula incident id", "_incapsula_resource")),
    Waf("Sucuri", (("x-sucuri-id", ""), ("server", "sucuri")), ("sucuri website firewall",)),
    Waf("F5 BIG-IP ASM", (), ("the requested url was rejected. please consult with your administrator",)),
    Waf("AWS WAF", (("x-amzn-waf-action", ""),), ("request blocked", "generated by cloudfront")),
    Waf("DDoS-Guard", (("server", "ddos-guard"),), ("ddos-guard",)),
)
# Generic challenge pages (any vendor, or home-made): a captcha before the content.
CHALLENGE_PHRASES: tuple[str, ...] = (
    "verify you are human", "are you a robot", "i'm not a robot", "please enable javascript and cookies",
    "please complete the security check", "bot verification", "ยืนยันว่าคุณไม่ใช่โปรแกรมอัตโนมัติ",
    "ยืนยันตัวตนว่าไม่ใช่บอท",
)


def waf_marker(status: int, headers: Mapping[str, str], body: str) -> str | None:
    """The name of the bot protection that answered, or None.

    Header markers count for any refusal (403, 429, 503) and for a 200 challenge;
    body markers of a vendor need all its phrases for a success status (a real page
    may mention "access denied"), any one of them for a refusal.
    """
    lowered = body[:20000].lower()
    refusal = status in (401, 403, 405, 406, 429, 503) or status >= 500
    for waf in WAFS:
        header_hit = any(name in headers and value in headers[name].lower() for name, value in waf.headers)
        body_hits = [phrase for phrase in waf.body if phrase in lowered]
        specific = len(waf.body) == 1 or waf.name != "Akamai"  # "access denied" alone is too common
        if refusal and (header_hit or (body_hits and (specific or len(body_hits) == len(waf.body)))):
            return waf.name
        if not refusal and ("challenge" in headers.get("cf-mitigated", "").lower() or len(body_hits) >= 2
                            or (len(waf.body) == 1 and body_hits)):
            return waf.name
    if any(phrase in lowered for phrase in CHALLENGE_PHRASES) and ("captcha" in lowered or refusal):
        return "challenge"
    return None


def blocked_outcome(name: str, status: int, final_url: str, redirects: tuple[str, ...]) -> Outcome:
    what = "หน้าทดสอบว่าเป็นคนหรือโปรแกรม" if name == "challenge" else f"ระบบป้องกันเว็บไซต์ ({name})"
    return Outcome("blocked", f"{what} ไม่ให้โปรแกรมตรวจเข้า ({status}) ผู้ใช้เบราว์เซอร์อาจเปิดได้",
                   status, final_url, redirects)


# --- names that never resolve ---------------------------------------------------------
# Case: RFC 6761 reserves `.invalid` (and `.test`, `.example`) — resolvers must fail
# them, but an offline machine may wait for its DNS server to time out first.
RESERVED_SUFFIXES = (".invalid", ".test", ".example")


def reserved_name(url: str) -> bool:
    host = _host(url).rstrip(".")
    return any(host.endswith(suffix) or host == suffix[1:] for suffix in RESERVED_SUFFIXES)
