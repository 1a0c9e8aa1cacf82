"""Politeness: at most N requests in flight per host, M in all, and host-wide pauses.

A slot is held for one request (one hop of a redirect chain), never while waiting
to retry, so a slow host does not hold up the others. A host that answers 429 with
``Retry-After`` is paused as a whole: its other links wait too, instead of earning
more 429s.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

MAX_PER_HOST = 4  # the hard ceiling: no option can make the checker ruder than this


class _Gate:
    """A semaphore whose urgent waiters (retries, the soft-404 probe) go before the others.

    A retry after a timeout has already waited its turn once; the probe holds up every
    page of its host. Sending them to the back of a long queue would only make the run
    longer, not politer: the number in flight stays the same.
    """

    def __init__(self, size: int) -> None:
        self.free = size
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool = False) -> None:
        if self.free > 0 and not self._urgent and not self._normal:
            self.free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        try:
            await waiter  # release() hands its slot over: `free` is not incremented for us
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed to us as we were cancelled: pass it on
            else:
                queue = self._urgent if urgent else self._normal
                if waiter in queue:
                    queue.remove(waiter)
            raise

    def release(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self.free += 1


class HostLimits:
    def __init__(self, per_host: int = 2, total: int = 32) -> None:
        if not 1 <= per_host <= MAX_PER_HOST:
            raise ValueError(f"per_host must be 1..{MAX_PER_HOST}")
        self.per_host = per_host
        self.total = max(total, 1)
        self._hosts: dict[str, _Gate] = {}
        self._all: asyncio.Semaphore | None = None
        self._paused_until: dict[str, float] = {}
        self.in_flight: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self.requests: dict[str, int] = defaultdict(int)

    def pause(self, host: str, seconds: float) -> None:
        """No new request to ``host`` for ``seconds`` (the longest pause asked wins)."""
        until = time.monotonic() + seconds
        self._paused_until[host] = max(self._paused_until.get(host, 0.0), until)

    async def _wait_pause(self, host: str) -> None:
        while True:
            delay = self._paused_until.get(host, 0.0) - time.monotonic()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    @asynccontextmanager
    async def slot(self, host: str, urgent: bool = False) -> AsyncIterator[None]:
        """Hold one of ``host``'s slots (and one of all) for one request; ``urgent`` waits first in line."""
        if self._all is None:
            self._all = asyncio.Semaphore(self.total)
        gate = self._hosts.setdefault(host, _Gate(self.per_host))
        # The host first: a request waiting for a busy host must not hold a global slot.
        await gate.acquire(urgent)
        try:
            await self._wait_pause(host)
            async with self._all:
                self.in_flight[host] += 1
                self.requests[host] += 1
                self.peak[host] = max(self.peak[host], self.in_flight[host])
                try:
                    yield
                finally:
                    self.in_flight[host] -= 1
        finally:
            gate.release()
