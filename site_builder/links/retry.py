"""When to try a request again, and how long to wait first (pure functions).

Retried: timeouts, connection errors (reset, refused, DNS hiccups), 408, 429 and 5xx.
Waits grow exponentially with full jitter, so that many checkers (or many links
of one host) do not come back at the same moment; a server's ``Retry-After`` is
honoured, up to a cap, because waiting longer than the server asked for is polite
and waiting shorter only earns another 429.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2                # further attempts after the first, for quick failures (429, 5xx, reset)
    # Further attempts after a timeout, in the same run. None by default: a retry costs the whole
    # timeout again, serially, and doubles the run's wall time; a timeout is a first failure that
    # the next day's run confirms or clears anyway (docs/links.md, "Speed").
    timeout_retries: int = 0
    base: float = 0.5               # seconds before the first retry (before jitter)
    factor: float = 2.0
    cap: float = 30.0               # longest wait between two attempts
    retry_after_cap: float = 60.0   # longest Retry-After honoured; a server asking for more gets a verdict

    def allows(self, reason: str, attempt: int) -> bool:
        """Whether attempt number ``attempt`` (1-based) may be followed by another, after ``reason``."""
        if reason == "timeout":
            return attempt <= self.timeout_retries
        if reason == "tls" or reason == "invalid":
            return False
        return attempt <= self.retries


def backoff(policy: RetryPolicy, attempt: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): full jitter in [d/2, d]."""
    delay = min(policy.cap, policy.base * policy.factor ** (attempt - 1))
    draw = (rng or random).random()
    return delay / 2 + delay / 2 * draw


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or an HTTP date), or None.

    Anything else (``3s``, ``soon``, a negative number) is ignored: the usual backoff applies."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def wait_before_retry(policy: RetryPolicy, attempt: int, asked: float | None,
                      rng: random.Random | None = None) -> float | None:
    """The wait before the next attempt, or None when the server asks for longer than the cap."""
    if asked is not None:
        if asked > policy.retry_after_cap:
            return None
        return max(asked, 0.0) + backoff(policy, 1, rng) * 0.1  # a little jitter after the asked time
    return backoff(policy, attempt, rng)
