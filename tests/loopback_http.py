"""A small HTTP/1.1 server on several loopback addresses that reproduces what link checkers meet.

Each address (127.0.0.2, 127.0.0.3 …) is a distinct host to the client; all listen on
one port. The server runs its own event loop in a thread, so the code under test may
use ``asyncio.run``. It counts requests per path and method, and records the peak
number of requests in flight per host (from the request's headers to the end of the
answer, or until the client gives up on a hanging one). Used by the tests and by
``bench/links.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

HOLD_LIMIT = 120.0  # a hanging request is released after this long, whatever happens


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0          # extra seconds before answering ("slow")
    length: bool = True         # False: no Content-Length, the body ends when the connection closes
    pace: float = 0.0           # seconds between pieces of 64 KB of the body (a slow download)


@dataclass(frozen=True)
class Hang:
    """Accept the request and never answer (until the client closes, or HOLD_LIMIT)."""


@dataclass(frozen=True)
class Reset:
    """Close the connection with a TCP reset instead of answering."""


Behaviour = Reply | Hang | Reset
Route = Callable[[str, str, int], Behaviour]  # (method, path, nth request to this path, 1-based) → what to do


def page(title: str, body: str = "", ids: tuple[str, ...] = ()) -> bytes:
    anchors = "".join(f'<h2 id="{i}">{i}</h2>' for i in ids)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{body}</p>{anchors}</body></html>").encode()


@dataclass
class Stats:
    in_flight: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    peak: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))
    total: int = 0
    limited: int = 0   # requests answered 429 by max_in_flight
    not_modified: int = 0   # conditional requests answered 304 (the reply's ETag / Last-Modified matched)
    requests: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)  # (host, method, path, headers)


class LoopbackServer:
    def __init__(self, route: Route, hosts: tuple[str, ...] = ("127.0.0.2",), latency: float = 0.0,
                 tls: ssl.SSLContext | None = None, max_in_flight: int | None = None, port: int = 0,
                 host_route: Callable[[str, str, str, int], Behaviour] | None = None) -> None:
        self.route, self.hosts, self.latency, self.tls = route, hosts, latency, tls
        self.fixed_port = port          # 0: any free port (the same on every address)
        self.host_route = host_route    # (host, method, path, nth) → what to do; overrides route
        # Like a host's rate limiter: beyond this many requests at once it answers 429 (Retry-After: 1).
        self.max_in_flight = max_in_flight
        self.port = 0
        self.stats = Stats()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stopping: asyncio.Event | None = None

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> "LoopbackServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="loopback-http", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as error:  # reported to start()
            self._error = error
            self._ready.set()
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        for attempt in range(20):
            try:
                self._servers = []
                port = self.fixed_port
                for host in self.hosts:
                    server = await asyncio.start_server(self._connection, host, port, ssl=self.tls,
                                                        reuse_address=True)
                    port = server.sockets[0].getsockname()[1]
                    self._servers.append(server)
                self.port = port
                break
            except OSError:  # the port of the first address is taken on another one: try again
                for server in self._servers:
                    server.close()
                if attempt == 19 or self.fixed_port:
                    raise
        self._ready.set()
        await self._stopping.wait()
        for server in self._servers:
            server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def url(self, path: str, host: str | None = None) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.hosts[0]}:{self.port}{path}"

    def count(self, path: str, method: str | None = None, host: str | None = None) -> int:
        with self._lock:
            return sum(n for (h, m, p), n in self.stats.counts.items()
                       if p == path and (method is None or m == method) and (host is None or h == host))

    # --- one connection ------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                path = unquote(urlsplit(target).path)
                with self._lock:
                    crowded = self.max_in_flight is not None and self.stats.in_flight[host] >= self.max_in_flight
                    key = (host, method, path)
                    self.stats.counts[key] += 1
                    nth = sum(n for (h, m, p), n in self.stats.counts.items() if h == host and p == path)
                    self.stats.total += 1
                    self.stats.requests.append((host, method, path, headers))
                    self.stats.in_flight[host] += 1
                    self.stats.peak[host] = max(self.stats.peak[host], self.stats.in_flight[host])
                try:
                    if crowded:
                        self.stats.limited += 1
                        await asyncio.sleep(self.latency)
                        keep = await self._send(writer, method, Reply(429, b"", (("Retry-After", "1"),)), headers)
                    else:
                        keep = await self._answer(reader, writer, method, path, nth, headers, host)
                finally:
                    with self._lock:
                        self.stats.in_flight[host] -= 1
                if not keep:
                    return
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            if not writer.is_closing():
                writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str,
                      nth: int, headers: dict[str, str], host: str) -> bool:
        if self.host_route is not None:
            behaviour = self.host_route(host, method, path, nth)
        else:
            behaviour = self.route(method, path, nth)
        if self.latency:
            await asyncio.sleep(self.latency)
        if isinstance(behaviour, Hang):
            try:
                await asyncio.wait_for(reader.read(1), HOLD_LIMIT)  # b"" when the client closes
            except (asyncio.TimeoutError, ConnectionError):
                pass
            writer.transport.abort()
            return False
        if isinstance(behaviour, Reset):
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay)
        if 200 <= behaviour.status < 300 and _not_modified(behaviour, headers):
            with self._lock:
                self.stats.not_modified += 1
            validators = tuple((k, v) for k, v in behaviour.headers if k.lower() in ("etag", "last-modified"))
            behaviour = Reply(304, b"", validators, "")
        return await self._send(writer, method, behaviour, headers)

    async def _send(self, writer: asyncio.StreamWriter, method: str, behaviour: Reply,
                    headers: dict[str, str]) -> bool:
        head = [f"HTTP/1.1 {behaviour.status} X"]
        if behaviour.length:
            head += [f"Content-Length: {len(behaviour.body)}", "Connection: keep-alive"]
        else:
            head += ["Connection: close"]
        if behaviour.content_type:
            head.append(f"Content-Type: {behaviour.content_type}")
        head += [f"{k}: {v}" for k, v in behaviour.headers]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if method != "HEAD" and behaviour.status != 304:
            if behaviour.pace:
                for start in range(0, len(behaviour.body), 65536):
                    writer.write(behaviour.body[start:start + 65536])
                    await writer.drain()
                    await asyncio.sleep(behaviour.pace)
            else:
                writer.write(behaviour.body)
        await writer.drain()
        if not behaviour.length:
            writer.close()
            return False
        return headers.get("connection", "").lower() != "close"


def _not_modified(reply: Reply, headers: dict[str, str]) -> bool:
    """Whether a conditional request matches the reply's validators (as a real server answers 304)."""
    mine = {k.lower(): v for k, v in reply.headers}
    if "if-none-match" in headers:
        return "etag" in mine and mine["etag"] in [tag.strip() for tag in headers["if-none-match"].split(",")]
    return "if-modified-since" in headers and headers["if-modified-since"] == mine.get("last-modified")


def self_signed_context(directory: str) -> ssl.SSLContext | None:
    """A TLS context with a fresh self-signed certificate (None when openssl is missing)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        return None
    cert, key = f"{directory}/cert.pem", f"{directory}/key.pem"
    done = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "2", "-subj", "/CN=127.0.0.2", "-addext", "subjectAltName=IP:127.0.0.2"],
                          capture_output=True, timeout=60)
    if done.returncode != 0:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@contextlib.contextmanager
def loopback_only_dns() -> Iterator[None]:
    """Within this block, name resolution fails for anything but loopback: tests never reach real DNS."""
    import ipaddress

    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            allowed = ipaddress.ip_address(name).is_loopback
        except ValueError:
            allowed = name == "localhost"
        if not allowed:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (tests resolve loopback only)")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real  # type: ignore[assignment]
