"""One URL → one verdict with its evidence.

Each resource (a URL without its ``#fragment``) is fetched once, however many pages
link to it and with whatever fragments:

- documents (``.pdf``, ``.docx`` … by their path) are asked with HEAD first; HEAD is
  believed only when it says 2xx, not HTML, with a length above zero. Anything else
  (405, 403, 404, 501, a missing length, HTML) is asked again with GET, because many
  servers refuse or lie to HEAD;
- pages are asked with GET directly: the body is needed anyway, for soft-404s and
  ``#fragments`` (HEAD first would cost every page two requests);
- redirects are followed one hop at a time (each hop waits for its own host's slot),
  the chain is kept, a loop or more than ``max_redirects`` hops is broken;
- each request is retried on timeouts, connection errors, 429 and 5xx (see
  ``retry.py``), under the per-host limits of ``ratelimit.py``;
- a 200 HTML page is compared with the host's answer to a random path (one probe per
  host) and read for not-found phrases (``verdicts.soft_404``);
- an evidence link whose copy is kept (``links/copies.py``, through :class:`Archive`) is
  asked with GET only, conditionally when its copy has validators (a 304 then counts as
  a 200), and its body streams to the archive from the same request; the verdict is
  reached exactly as without the archive.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import random
import re
import secrets
import ssl
import urllib.request
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ..audit import WORKING, without_credentials
from . import quirks
from .collect import LocalIds, local_file, scheme_of
from .extract import Page, decode_html, parse_html
from .ratelimit import HostLimits
from .retry import RETRY_STATUSES, RetryPolicy, retry_after, wait_before_retry
from .verdicts import ErrorKind, Outcome, Probe, error_kind, error_outcome, soft_404, status_outcome, success_outcome

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
              "oit-links/0.1 (link audit of an ITA/OIT site)")
DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
                               ".csv", ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4",
                               ".mp3", ".txt", ".rtf"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ERROR_BODY_LIMIT = 65536  # bytes of an error page read to recognise a WAF
# Content codings decoded (incrementally, under the body limit). Others are not asked for;
# a body in any other coding, or in several stacked codings, is not read (see _Decoder).
ACCEPT_ENCODING = "gzip, deflate"
LOCAL_FILE_REASON = ("ลิงก์ชี้ไปที่ไฟล์ในเครื่องของผู้จัดทำ ผู้อื่นเปิดไม่ได้ — "
                     "อัปโหลดไฟล์ขึ้นเว็บไซต์แล้วลิงก์ไปที่ไฟล์นั้นแทน")
MALFORMED_REASON = "ที่อยู่ลิงก์ผิดรูปแบบ จึงเปิดไม่ได้"
# Characters a host name cannot hold (WHATWG URL "forbidden host code points"), and controls.
_BAD_HOST = re.compile(r"[\x00-\x20\x7f#/:<>?@\[\\\]^|%]")

# What a request may meet on the wire, and so what becomes a verdict. Anything else is a
# bug of ours: it ends the run (exit 2), it is never recorded as a link's fault.
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientError, asyncio.TimeoutError,
                                                     OSError)  # ssl.SSLError is an OSError
Headers = CIMultiDictProxy[str]   # case-insensitive; a header sent on several lines: its values joined by ", "


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 10.0                 # seconds for one request (connect + headers + body read)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_redirects: int = 10
    page_limit: int = 2_000_000           # bytes of an HTML page read (ids, soft-404)
    user_agent: str = USER_AGENT
    verify_tls: bool = True
    trust_env: bool = True                # proxies from the environment (HTTPS_PROXY …)
    # Seconds a kept copy's download may take once the check itself has what it needs (its
    # verdict is settled by then: a slow download is not kept, the link's verdict stays).
    download_timeout: float = 300.0


@dataclass(frozen=True)
class Answer:
    status: int
    url: str
    headers: Headers
    body: bytes
    complete: bool        # the whole body was read
    empty: bool           # the body had no byte at all
    method: str
    attempts: int = 1               # requests made for this answer (retries included)
    wait_refused: float | None = None   # a Retry-After longer than the cap: not waited, not retried
    conditional: bool = False       # asked with If-None-Match / If-Modified-Since (a 304 then means unchanged)


class Sink(Protocol):
    """Where the body of an answer the archive keeps goes, decoded, a chunk at a time (links/copies.py)."""

    def accepts(self, status: int, url: str, headers: Headers) -> bool:
        """Whether this final answer's body is wanted; starts (or starts again) a download."""

    def room(self) -> int:
        """Bytes the sink still takes (one more than its cap allows: a body that passes it is known)."""

    def write(self, data: bytes) -> bool:
        """Take ``data``; False when no more is wanted (past the cap)."""

    def complete(self) -> None:
        """The body was read to its end."""

    def abandon(self, reason: str) -> None:
        """The body could not be read to its end (Thai reason); nothing of it is kept."""


@dataclass(frozen=True)
class Keeping:
    """What the archive asks of one resource's fetch: one GET serves the check and the copy."""

    sink: Sink
    address: str                          # what is requested: the URL, or a host's download address (Drive)
    validators: tuple[str, tuple[tuple[str, str], ...]] | None = None  # (final URL, conditional headers)


class Archive(Protocol):
    """The archive as the checker sees it (implemented by links/copies.py)."""

    def wants(self, url: str) -> Keeping | None:
        """How to fetch ``url`` (a resource, without fragment) when a copy of it is kept, else None."""

    async def settle(self, url: str, keeping: Keeping, answer: Answer | None, chain: tuple[str, ...],
                     outcome: Outcome) -> None:
        """Keep (or refuse) what the fetch of ``url`` brought, once its verdict is known; it owns the
        sink from then on (its temporary file is its to keep or remove)."""


@functools.lru_cache(maxsize=65536)
def unusable(url: str) -> str | None:
    """Why a link can never be opened by anyone, decided without the network; None when it may.

    Cached: asked several times per URL in a run, and parsing a URL twice is most of its cost."""
    scheme = scheme_of(url)
    if scheme == "file" or len(scheme) == 1:   # file:///C:/… or C:\… : a file on the author's own disk
        return LOCAL_FILE_REASON
    if scheme not in ("http", "https"):
        return f"ไม่ใช่ลิงก์เว็บ (http/https): {scheme or 'ไม่มี'}"
    rest = url.strip()[len(scheme) + 1:]
    if not rest.startswith("//"):
        return f"{MALFORMED_REASON}: หลัง {scheme}: ต้องมี // ตามด้วยชื่อเว็บไซต์"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 — raises ValueError on a port that is not a number
        _wire_url(url.strip())
    except ValueError:
        return MALFORMED_REASON
    host = parts.hostname or ""
    if not host:
        return f"{MALFORMED_REASON}: ไม่มีชื่อเว็บไซต์"
    if not parts.netloc.rsplit("@", 1)[-1].startswith("[") and _BAD_HOST.search(host):
        return f"{MALFORMED_REASON}: ชื่อเว็บไซต์มีอักขระที่ใช้ไม่ได้"
    return None


class _Decoder:
    """A body's content coding undone a chunk at a time, never beyond ``limit`` bytes.

    Memory stays bounded whatever the host sends (a 10 KB answer may decode to gigabytes):
    ``zlib`` is asked for at most the bytes still wanted. Stacked codings (``gzip, gzip``)
    and codings not asked for are refused: the body is then not read (``usable`` is False).
    """

    def __init__(self, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
        self.usable = len(codings) <= 1 and all(c in ("gzip", "x-gzip", "deflate") for c in codings)
        self.coding = codings[0] if codings and self.usable else None
        self._raw_deflate = False
        self._zlib = self._new()
        self.finished = False
        self.corrupt = False

    def _new(self) -> zlib._Decompress | None:
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        if self.coding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        return None

    def decode(self, data: bytes, wanted: int) -> bytes:
        """At most ``wanted`` decoded bytes of ``data`` (the rest of ``data`` is dropped)."""
        out = bytearray()
        while data and len(out) < wanted and not self.finished:
            if self._zlib is None:
                return data[:wanted]
            try:
                out += self._zlib.decompress(data, wanted - len(out))
            except zlib.error:
                if self.coding == "deflate" and not self._raw_deflate and not out:
                    self._raw_deflate = True  # servers that send raw deflate without the zlib header
                    self._zlib = self._new()
                    continue
                self.corrupt = self.finished = True  # what was decoded stands; the body counts as unread
                break
            if self._zlib.eof:
                data = self._zlib.unused_data  # a further gzip member, or trailing bytes
                if not data or self.coding != "gzip" and self.coding != "x-gzip":
                    self.finished = True
                    break
                self._zlib = self._new()
            else:
                data = self._zlib.unconsumed_tail
        return bytes(out)


class Failed(Exception):
    def __init__(self, kind: ErrorKind, error: BaseException, attempts: int) -> None:
        super().__init__(str(error))
        self.kind, self.error, self.attempts = kind, error, attempts


class RedirectProblem(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


@dataclass(frozen=True)
class Resource:
    """What one URL (without fragment) answered."""

    outcome: Outcome
    page: Page | None = None       # when an HTML page was read
    complete: bool = True          # the page was read to its end (a missing id is then certain)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _is_document(url: str) -> bool:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower() in DOCUMENT_SUFFIXES


def _is_html(headers: Headers) -> bool:
    kind = headers.get("content-type", "").lower()
    return "html" in kind or kind == ""


def split_fragment(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment="")), parts.fragment


def fragment_ignored(fragment: str) -> bool:
    """Fragments that are not element ids: empty, ``top``, hash-bangs, text and PDF parameters."""
    return fragment in ("", "top") or fragment.startswith(("!", ":~:", "/")) or "=" in fragment


_CONTROLS = re.compile(r"[\x00-\x20\x7f]")


def _wire_url(url: str) -> URL:
    """The URL as sent: as written (``//`` and ``..`` kept), what may not travel percent-encoded.

    As a browser does: tabs and newlines dropped, other controls and spaces percent-encoded,
    non-ASCII characters as UTF-8 escapes and the host in IDNA (existing ``%XX`` kept).
    ``ValueError`` when it cannot be a request's target (no host, a bad port, a bad IDN name)."""
    text = _CONTROLS.sub(lambda m: "" if m.group() in "\t\n\r" else f"%{ord(m.group()):02X}",
                         url.split("#", 1)[0])
    if not text.isascii():
        text = str(URL(text))  # yarl quotes the rest and encodes the host
    parsed = URL(text, encoded=True)
    if not parsed.host:
        raise ValueError(f"no host: {url}")
    parsed.port  # noqa: B018 — raises ValueError on a bad port
    return parsed


def _joined(headers: CIMultiDictProxy[str]) -> Headers:
    """Headers with each name once: a header sent on several lines has its values joined (``gzip, gzip``)."""
    merged: CIMultiDict[str] = CIMultiDict()
    for name, value in headers.items():
        if name in merged:
            merged[name] = f"{merged[name]}, {value}"
        else:
            merged[name] = value
    return CIMultiDictProxy(merged)


def make_session(options: CheckOptions, connections: int, tls: ssl.SSLContext | bool) -> aiohttp.ClientSession:
    """A session for one host; ``tls`` shared between sessions (loading the CA store costs 30 ms each).

    aiohttp rather than httpx: its C parser costs a fifth of the CPU per request, and a run of
    thousands of links is CPU-bound long before it is network-bound (bench/links.py)."""
    connector = aiohttp.TCPConnector(limit=connections, limit_per_host=connections, ssl=tls, ttl_dns_cache=300)
    session = aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=options.timeout, sock_read=options.timeout),
        trust_env=False,   # proxies are looked up once per host (Checker._proxy), not per request
        auto_decompress=False,   # raw bytes, decoded here under the limit (see _Decoder)
        skip_auto_headers=("User-Agent", "Accept-Encoding"),
        headers={"User-Agent": options.user_agent, "Accept-Encoding": ACCEPT_ENCODING,
                 "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
                 "Accept-Language": "th,en;q=0.8"},
    )
    # aiohttp quietly asks again when a kept-alive connection drops; the retry policy (retry.py)
    # decides retries here, and the request counts in tests and the bench must be the real ones.
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False
    return session


class Checker:
    """Checks URLs within the host limits, each resource once. Use as ``async with Checker(...)``.

    One HTTP session per host, its pool as large as the host's limit, so that a host's
    connections are kept for it and closing one host's pool never touches another's.
    """

    def __init__(self, limits: HostLimits, options: CheckOptions, rng: random.Random | None = None,
                 archive: Archive | None = None) -> None:
        self.limits, self.options = limits, options
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._parser = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="oit-links-parse")
        self._tls: ssl.SSLContext | bool | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}
        self.archive = archive   # keeps copies of evidence from the same requests (links/copies.py)
        self.rng = rng or random.Random()
        self._resources: dict[str, asyncio.Task[Resource]] = {}
        self._probes: dict[str, asyncio.Task[Probe]] = {}
        self.local_ids = LocalIds()
        # Whether the network works at all (see network_up): hosts asked, hosts reached.
        self.asked: set[str] = set()
        self.reached: set[str] = set()
        self.addresses: set[tuple[str, int]] = set()   # (host, port) asked: for network_up's TCP check

    async def __aenter__(self) -> Checker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for session in self._sessions.values():
            await session.close()
        self._sessions.clear()
        self._parser.shutdown(wait=False, cancel_futures=True)

    def _session(self, host: str) -> aiohttp.ClientSession:
        if host not in self._sessions:
            if self._tls is None:
                self._tls = ssl.create_default_context() if self.options.verify_tls else False
            self._sessions[host] = make_session(self.options, self.limits.per_host + 1, self._tls)
        return self._sessions[host]

    # --- one request, with retries -----------------------------------------------

    def _proxy(self, scheme: str, host: str) -> str | None:
        """The proxy for ``scheme://host`` from the environment (``HTTPS_PROXY``, ``NO_PROXY`` …), or None.

        Looked up once per host: aiohttp's own ``trust_env`` reads the environment and ``~/.netrc``
        for every request, a third of the event loop's time on a run of thousands of links."""
        if not self.options.trust_env:
            return None
        key = (scheme, host)
        if key not in self._proxies:
            proxies = urllib.request.getproxies()
            wanted = proxies.get(scheme)
            self._proxies[key] = None if wanted is None or urllib.request.proxy_bypass(host) else wanted
        return self._proxies[key]

    async def _once(self, method: str, url: str, headers: tuple[tuple[str, str], ...] = (),
                    sink: Sink | None = None, budget: asyncio.Timeout | None = None) -> Answer:
        """One request; with a ``sink``, a final answer's body is also streamed into it (see _read)."""
        host = _host(url)
        self.asked.add(host)
        try:
            target = _wire_url(url)
        except ValueError as error:
            raise aiohttp.InvalidURL(url, str(error)) from None
        if target.host is not None and target.port is not None:
            self.addresses.add((target.host, target.port))
        async with self._session(host).request(method, target, headers=dict(headers) or None, allow_redirects=False,
                                               proxy=self._proxy(target.scheme, host)) as response:
            self.reached.add(host)
            answer_headers = _joined(response.headers)
            body, complete, empty = b"", True, True
            decoder = _Decoder(answer_headers.get("content-encoding", ""))
            taking = (sink is not None and method == "GET" and response.status not in REDIRECTS
                      and sink.accepts(response.status, str(response.url), answer_headers))
            if taking and sink is not None and not decoder.usable:
                sink.abandon("เว็บไซต์ส่งไฟล์มาในรูปแบบการบีบอัดที่โปรแกรมไม่รองรับ จึงเก็บสำเนาไม่ได้")
                taking = False
            if not decoder.usable:
                complete = empty = False  # not read: judged by its status alone, never called empty
            elif method == "GET" and response.status not in REDIRECTS:
                ok = 200 <= response.status < 300
                limit = self.options.page_limit if (not ok or _is_html(answer_headers)) else 1
                if not ok:
                    limit = min(limit, ERROR_BODY_LIMIT)
                body, complete, empty = await self._read(response, answer_headers, decoder, limit,
                                                         sink if taking else None, budget)
            if not complete:
                response.close()  # the rest is not read: the connection is not reused
            return Answer(response.status, str(response.url), answer_headers, body, complete,
                          empty if method == "GET" else False, method, conditional=bool(headers))

    async def _read(self, response: aiohttp.ClientResponse, headers: Headers, decoder: _Decoder, limit: int,
                    sink: Sink | None, budget: asyncio.Timeout | None) -> tuple[bytes, bool, bool]:
        """(body, complete, empty) of a GET answer, the check reading at most ``limit`` decoded bytes.

        With a ``sink`` the whole body also goes to it: the check reads what it reads within
        ``budget`` (the request's timeout), exactly as without a sink; once it has it, the rest
        goes to the sink alone under its own download timeout, and nothing the sink meets
        (a cap, a slow or broken stream) changes what the check sees."""
        body = bytearray()
        empty, checking, taking = True, True, sink is not None
        keeper = _Decoder(headers.get("content-encoding", ""))
        deadline: float | None = None   # of the download, once the check has what it needs
        try:
            # Raw bytes, decoded here under the limit (a library would decode a whole chunk at once).
            async for chunk in response.content.iter_any():
                if checking:
                    if chunk:
                        empty = False
                        body += decoder.decode(chunk, limit - len(body))
                    checking = len(body) < limit and not decoder.corrupt
                if taking and sink is not None:
                    taking = sink.write(keeper.decode(chunk, sink.room()))
                    if taking and keeper.corrupt:
                        sink.abandon("ข้อมูลที่บีบอัดมาเสียหาย จึงเก็บสำเนาไม่ได้")
                        taking = False
                if checking:
                    continue
                if not taking or sink is None:
                    break
                clock = asyncio.get_running_loop().time()
                if deadline is None:   # the check is done: the download has its own time
                    deadline = clock + self.options.download_timeout
                    if budget is not None:
                        budget.reschedule(None)
                elif clock > deadline:
                    sink.abandon(f"ดาวน์โหลดไม่เสร็จภายใน {self.options.download_timeout:g} วินาที จึงไม่ได้เก็บสำเนา")
                    break
            else:
                if taking and sink is not None:
                    sink.complete()
                complete = checking
                if complete and not body and decoder.coding is not None:
                    empty = True  # a compressed body that decodes to nothing
                return bytes(body), complete, empty
        except TRANSPORT_ERRORS as error:
            if checking or sink is None:
                raise   # the check's own failure: as without an archive
            sink.abandon(f"การดาวน์โหลดขาดกลางคัน ({type(error).__name__}) จึงไม่ได้เก็บสำเนา")
        return bytes(body), False, empty

    async def request(self, method: str, url: str, retry_statuses: frozenset[int] = RETRY_STATUSES,
                      urgent: bool = False, headers: tuple[tuple[str, str], ...] = (),
                      sink: Sink | None = None) -> Answer:
        """One request, retried on network errors and on ``retry_statuses``; retries wait first in line."""
        policy = self.options.retry
        host = _host(url)
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.limits.slot(host, urgent or attempt > 1):
                    async with asyncio.timeout(self.options.timeout) as budget:
                        answer = await self._once(method, url, headers, sink, budget)
            except TRANSPORT_ERRORS as error:  # network and protocol errors: classified, never raised further
                kind = error_kind(error)
                if kind in ("refused", "tls", "reset"):
                    self.reached.add(host)  # the host's machine answered (said no): the network got there
                if policy.allows(kind, attempt):
                    await asyncio.sleep(wait_before_retry(policy, attempt, None, self.rng) or 0)
                    continue
                raise Failed(kind, error, attempt) from error
            if answer.status != 429:
                self.limits.answered(host)  # a host that answers again gets its requests back
            if answer.status in retry_statuses and policy.allows("status", attempt):
                asked = retry_after(answer.headers.get("retry-after"))
                wait = wait_before_retry(policy, attempt, asked, self.rng)
                if wait is None:  # the host asked for longer than we wait: say so, never claim a wait
                    return replace(answer, attempts=attempt, wait_refused=asked)
                if answer.status == 429:
                    self.limits.slow_down(host, wait)  # fewer in flight until the wait asked for is over
                elif asked is not None:
                    self.limits.pause(host, wait)  # unavailable for that long (503): the whole host waits
                await asyncio.sleep(wait)
                continue
            return replace(answer, attempts=attempt)

    async def follow(self, method: str, url: str, urgent: bool = False,
                     keeping: Keeping | None = None) -> tuple[Answer, tuple[str, ...]]:
        """Follow redirects by hand: the chain is kept and loops are caught.

        With ``keeping``, the final answer's body also goes to the archive, and the hop at the
        address of the kept copy is asked conditionally (its ETag / Last-Modified)."""
        chain: list[str] = []
        seen = {url}
        current = url
        for _ in range(self.options.max_redirects + 1):
            headers: tuple[tuple[str, str], ...] = ()
            if keeping is not None and keeping.validators is not None and method == "GET":
                at, conditional = keeping.validators
                headers = conditional if without_credentials(current) == at else ()
            answer = await self.request(method, current,
                                        RETRY_STATUSES if method == "GET" else frozenset({429}), urgent or bool(chain),
                                        headers, keeping.sink if keeping is not None and method == "GET" else None)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or not location:
                return answer, tuple(chain)
            following = urljoin(current, location.strip())
            chain.append(following)
            if following in seen:
                raise RedirectProblem(Outcome("broken", f"เปลี่ยนเส้นทางวนซ้ำ ({len(chain)} ครั้ง)", answer.status,
                                              following, tuple(chain)))
            seen.add(following)
            current = following
            if answer.status == 303:
                method = "GET"
        raise RedirectProblem(Outcome("broken", f"เปลี่ยนเส้นทางเกิน {self.options.max_redirects} ครั้ง", None,
                                      current, tuple(chain)))

    # --- is there a network at all? ---------------------------------------------------

    @property
    def nothing_reached(self) -> bool:
        """External hosts were asked and not one was reached (DNS failed, no route, no connection)."""
        return bool(self.asked) and not self.reached

    async def network_up(self, urls: tuple[str, ...]) -> bool:
        """Whether any of ``urls`` (well-known sites) can be reached: one request each, no retry."""

        async def connect(host: str, port: int) -> None:
            # A TCP connection, no request: a host that accepts and then never answers (or never
            # completes TLS) proves the network works as well as one that answers.
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), min(self.options.timeout, 5))
            except (OSError, TimeoutError):
                return
            self.reached.add(host)
            writer.close()

        await asyncio.gather(*(connect(host, port) for host, port in sorted(self.addresses)[:8]))
        if self.reached:
            return True

        async def reach(url: str) -> None:
            try:
                await asyncio.wait_for(self._once("HEAD", url), self.options.timeout)
            except TRANSPORT_ERRORS as error:
                if error_kind(error) == "refused":
                    self.reached.add(_host(url))

        await asyncio.gather(*(reach(url) for url in urls))
        return bool(self.reached)

    # --- the host's not-found page --------------------------------------------------

    async def probe(self, url: str) -> Probe:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._probes:
            self._probes[origin] = asyncio.ensure_future(self._probe(origin))
        return await self._probes[origin]

    async def _probe(self, origin: str) -> Probe:
        path = f"/oit-links-probe-{secrets.token_hex(8)}"
        try:
            answer, _ = await self.follow("GET", origin + path, urgent=True)  # every page of the host waits for it
        except (Failed, RedirectProblem):
            return Probe(None)
        page = await self._read_page(answer) if answer.body else Page()
        # Hosts echo the requested path on their not-found page: take it out before comparing.
        return Probe(answer.status, page.title.replace(path, " "), page.text.replace(path, " "))

    async def _read_page(self, answer: Answer) -> Page:
        """Another host's page, parsed in the one parsing thread.

        A hostile 2 MB page can cost a tree parser seconds: in a thread, the event loop keeps
        serving the requests in flight (which would otherwise time out, falsely); one thread,
        so that only one such page is in memory at a time."""
        text = decode_html(answer.body, charset_of(answer.headers))
        return await asyncio.get_running_loop().run_in_executor(self._parser, functools.partial(parse_html, text,
                                                                                                lines=False))

    # --- one resource ---------------------------------------------------------------

    async def resource(self, url: str) -> Resource:
        if url not in self._resources:
            self._resources[url] = asyncio.ensure_future(self._resource(url))
        return await self._resources[url]

    async def _resource(self, url: str) -> Resource:
        keeping = self.archive.wants(url) if self.archive is not None else None
        if keeping is None:
            resource, _, _ = await self._fetch(url, None)
            return resource
        try:
            resource, answer, chain = await self._fetch(url, keeping)
        except BaseException:   # cancelled (the run's deadline) or a bug: nothing half-written stays
            keeping.sink.abandon("การตรวจหยุดก่อนดาวน์โหลดเสร็จ")
            raise
        assert self.archive is not None
        await self.archive.settle(url, keeping, answer, chain, resource.outcome)
        return resource

    async def _fetch(self, url: str, keeping: Keeping | None) -> tuple[Resource, Answer | None, tuple[str, ...]]:
        """The resource's verdict, with the final answer (None when there was none) and its redirects."""
        unusable_reason = unusable(url)
        if unusable_reason is not None:
            return Resource(Outcome("broken", unusable_reason, None, url)), None, ()
        if quirks.reserved_name(url):
            return Resource(Outcome("broken", "ไม่พบชื่อโดเมน (DNS): ชื่อนี้ไม่มีอยู่จริง", None, url)), None, ()
        address = keeping.address if keeping is not None else url
        try:
            # A kept copy needs the body: one GET does for both (never HEAD, then GET).
            if keeping is None and _is_document(url) and quirks.head_useful(url):
                answer, chain = await self.follow("HEAD", url)
                length = answer.headers.get("content-length", "")
                if (200 <= answer.status < 300 and not _is_html(answer.headers) and length.isdigit()
                        and int(length) > 0):
                    return Resource(self._judge(url, answer, chain)), answer, chain
            answer, chain = await self.follow("GET", address, keeping=keeping)
            if keeping is not None and address != url and quirks.download_refused(answer.status):
                # The host would not give the file (Drive's quota, a file it does not export): the
                # link's verdict is its own page's, as without an archive; no copy this time.
                keeping.sink.abandon(quirks.download_refused(answer.status) or "")
                address = url
                answer, chain = await self.follow("GET", url)
        except Failed as failure:
            return Resource(error_outcome(failure.kind, failure.error, url, failure.attempts)), None, ()
        except RedirectProblem as problem:
            return Resource(problem.outcome), None, ()
        outcome = self._judge(url, answer, chain)
        if address != url:
            outcome = quirks.through_download(outcome)
        if (outcome.verdict not in WORKING or answer.method != "GET" or not _is_html(answer.headers)
                or answer.status == 304):
            return Resource(outcome), answer, chain
        page = await self._read_page(answer)
        final = chain[-1] if chain else url
        reason = soft_404(page, None)
        if reason is None:
            probe = await self.probe(final)
            reason = soft_404(page, probe, _url_bits(final), urlsplit(final).path in ("", "/", "/index.php",
                                                                                     "/index.html", "/index.htm"))
        if reason is not None:
            broken = Outcome("broken", reason, answer.status, final, chain)
            return Resource(broken, page, answer.complete), answer, chain
        return Resource(outcome, page, answer.complete), answer, chain

    def _judge(self, url: str, answer: Answer, chain: tuple[str, ...]) -> Outcome:
        """The verdict of a final answer, before soft-404 and fragments."""
        final = chain[-1] if chain else url
        status = answer.status
        wall = quirks.login_wall(url, final, status, chain)
        if wall is not None:
            return wall
        body = decode_html(answer.body, charset_of(answer.headers)) if answer.body else ""
        if status == 304 and answer.conditional:
            return success_outcome(status, url, final, chain)  # unchanged since the copy kept: as a 200
        if 200 <= status < 300:
            waf = quirks.waf_marker(status, answer.headers, body) if _is_html(answer.headers) else None
            if waf:
                return quirks.blocked_outcome(waf, status, final, chain)
            if answer.empty and answer.complete:
                return Outcome("broken", "ไฟล์ว่าง (0 ไบต์) — ไม่มีเนื้อหาให้เปิด", status, final, chain)
            return success_outcome(status, url, final, chain)
        facebook = quirks.facebook_status(url, status, final, chain)
        if facebook is not None:
            return facebook
        waf = quirks.waf_marker(status, answer.headers, body)
        if waf:
            return quirks.blocked_outcome(waf, status, final, chain)
        return status_outcome(status, final, chain, answer.attempts, answer.wait_refused)

    # --- one target: resource + fragment ---------------------------------------------------

    async def check(self, url: str) -> Outcome:
        problem = unusable(url)  # a malformed address (``https://example]org/``) is the link's fault, not ours
        if problem is not None:
            return Outcome("broken", problem, None, url)
        base, fragment = split_fragment(url)
        resource = await self.resource(base)
        return with_fragment(resource, fragment)

    def check_local(self, address: str, root: Path) -> Outcome:
        """A site address resolved on disk: the file exists, is not empty, has the fragment's id."""
        path = local_file(root, address)
        if path is None:
            return Outcome("broken", "ไม่พบไฟล์หรือหน้านี้ในเว็บไซต์", None, address)
        if path.stat().st_size == 0:
            return Outcome("broken", "ไฟล์ว่าง (0 ไบต์)", None, address)
        written = urlsplit(address).fragment
        fragment = unquote(written)
        if fragment and not fragment_ignored(fragment) and path.suffix in (".html", ".htm"):
            ids = self.local_ids.of(path)
            if written not in ids and fragment not in ids:  # as written (id="a%3Ab"), then decoded
                return Outcome("broken", f"ไม่พบตำแหน่ง #{fragment} ในหน้านี้", None, address)
        return Outcome("ok", "มีอยู่ในเว็บไซต์", None, address)


def with_fragment(resource: Resource, fragment: str) -> Outcome:
    """The resource's verdict, made broken when its page lacks the fragment's id."""
    outcome = resource.outcome
    wanted = unquote(fragment)
    if (not fragment or fragment_ignored(wanted) or resource.page is None
            or outcome.verdict not in WORKING):
        return outcome
    if wanted in resource.page.ids or fragment in resource.page.ids:
        return outcome
    if not resource.complete:
        return outcome  # the page was too long to read whole: no claim
    return Outcome("broken", f"ไม่พบตำแหน่ง #{wanted} ในหน้า (หน้าเปิดได้)", outcome.http_status,
                   outcome.final_url, outcome.redirects)


def charset_of(headers: Headers) -> str | None:
    """The ``charset`` of a ``Content-Type`` header, or None."""
    kind = headers.get("content-type", "")
    for part in kind.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return None


def _url_bits(url: str) -> tuple[str, ...]:
    path = urlsplit(url).path
    return tuple(bit for bit in (path, unquote(path), PurePosixPath(unquote(path)).name) if len(bit) > 1)


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()
