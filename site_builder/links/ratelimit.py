"""Politeness: at most N requests in flight per host, M in all, slowing down when a host asks.

A slot is held for one request (one hop of a redirect chain), never while waiting
to retry, so a slow host does not hold up the others. A host that answers 429 gets
one request fewer in flight (each 429 one fewer, as TCP backs off), given back when
the wait it asked for has passed or when it has answered as many requests in a row
without one; a host already down to one request that answers 429 again, or one that
answers 503 with ``Retry-After``, is paused as a whole.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

MAX_PER_HOST = 4  # the hard ceiling: no option can make the checker ruder than this


class _Gate:
    """A host's slots: a semaphore of adjustable size whose urgent waiters go first.

    Urgent waiters (retries, the soft-404 probe) go before the others: a retry after a
    timeout has already waited its turn once; the probe holds up every page of its host.
    Sending them to the back of a long queue would only make the run longer, not politer:
    the number in flight stays the same. ``size`` may shrink while slots are held (a 429):
    nothing new starts until the requests in flight fall below it.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.held = 0
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool = False) -> None:
        if self.held < self.size and not self._urgent and not self._normal:
            self.held += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        try:
            await waiter  # _wake() counted the slot as ours before waking us
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed to us as we were cancelled: pass it on
            else:
                queue = self._urgent if urgent else self._normal
                if waiter in queue:
                    queue.remove(waiter)
            raise

    def release(self) -> None:
        self.held -= 1
        self._wake()

    def resize(self, size: int) -> None:
        self.size = size
        self._wake()

    def _wake(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue and self.held < self.size:
                waiter = queue.popleft()
                if not waiter.done():
                    self.held += 1
                    waiter.set_result(None)


class HostLimits:
    def __init__(self, per_host: int = 4, total: int = 64) -> None:
        if not 1 <= per_host <= MAX_PER_HOST:
            raise ValueError(f"per_host must be 1..{MAX_PER_HOST}")
        self.per_host = per_host
        self.total = max(total, 1)
        self._hosts: dict[str, _Gate] = {}
        self._all: asyncio.Semaphore | None = None
        self._paused_until: dict[str, float] = {}
        self._answered: dict[str, int] = {}                          # answers without a 429 since the last change
        self._returns: dict[str, list[asyncio.TimerHandle]] = {}     # a slot given back when its wait is over
        self.in_flight: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self.requests: dict[str, int] = defaultdict(int)

    def _gate(self, host: str) -> _Gate:
        return self._hosts.setdefault(host, _Gate(self.per_host))

    def slow_down(self, host: str, seconds: float) -> None:
        """A 429 from ``host``: one request fewer in flight; at one already, a pause of ``seconds``.

        The request comes back after ``seconds`` at the latest, or sooner when the host has
        answered as many requests without a 429 as it now has slots (see :meth:`answered`): a
        host that limits one URL (a download counter) is not slowed for its other pages, a
        host that limits everything keeps answering 429 and stays slow, as TCP backs off."""
        gate = self._gate(host)
        if gate.size <= 1:
            self.pause(host, seconds)
            return
        gate.resize(gate.size - 1)
        self._answered[host] = 0
        handle = asyncio.get_running_loop().call_later(seconds, self._give_back, host)
        self._returns.setdefault(host, []).append(handle)

    def answered(self, host: str) -> None:
        """``host`` answered a request without a 429."""
        gate = self._hosts.get(host)
        if gate is None or gate.size >= self.per_host:
            return
        self._answered[host] = self._answered.get(host, 0) + 1
        if self._answered[host] >= gate.size:
            returns = self._returns.get(host)
            if returns:   # the slot that would have come back soonest comes back now
                soonest = min(returns, key=lambda handle: handle.when())
                returns.remove(soonest)
                soonest.cancel()
            self._give_back(host, timer=False)

    def _give_back(self, host: str, timer: bool = True) -> None:
        gate = self._gate(host)
        returns = self._returns.get(host)
        if timer and returns:   # timers fire soonest first: the one firing is the soonest left
            returns.remove(min(returns, key=lambda handle: handle.when()))
        self._answered[host] = 0
        gate.resize(min(self.per_host, gate.size + 1))

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
        gate = self._gate(host)
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
