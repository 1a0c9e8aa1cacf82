"""Audits over time: ``audits/<date>.json``, the cache, confirmation, what changed.

- Each run is kept as ``audits/<YYYY-MM-DD>.json`` (the local date it started; a
  second run on the same day replaces that day's file). The agency commits them.
- A result is ``confirmed`` once its class (failing / warning / working) has held on
  runs at least ``confirm_after`` apart (default a day, less a small ``tolerance`` so
  that a daily run confirms yesterday's failure): a link is reported as dead only after
  failing twice, a day apart. The first failure is a warning. A local file of the site
  (missing, empty, missing ``#id``) is certain at once.
- ``audits/.cache/links.json`` keeps working results (``ok``/``redirected``) with the
  time they were checked; a run within ``cache_for`` (default 30 days) reuses them
  instead of asking again. Failures and warnings are never cached: they are always
  checked afresh. So a daily run asks only for failing, unconfirmed and new links, and
  each host sees one full sweep a month.
- The report compares with the newest audit of an earlier day: what broke, what got
  fixed, what is still broken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..audit import (
    FAILING,
    FORMAT_VERSION,
    VERDICTS,
    WORKING,
    format_time,
    is_failing,
    newest,
    parse_time,
    read,
    read_json,
    state,
    write,
    write_json,
)
from .collect import Source
from .copies import ArchiveReport
from .verdicts import Outcome, Result

CACHE_PATH = Path(".cache") / "links.json"
CACHED_VERDICTS = WORKING  # working results are cached; failures and warnings are always checked afresh


@dataclass(frozen=True)
class Changes:
    """Since the previous audit (by URL)."""

    broke: list[Result] = field(default_factory=list)      # failing now, not before
    fixed: list[Result] = field(default_factory=list)      # failing before, working or warning now
    still: list[Result] = field(default_factory=list)      # failing before and now
    removed: list[str] = field(default_factory=list)      # failing before, no longer linked


@dataclass(frozen=True)
class Audit:
    started: dt.datetime
    finished: dt.datetime
    results: list[Result]
    previous: str | None = None          # the date of the audit compared with
    changes: Changes = field(default_factory=Changes)
    notes: tuple[str, ...] = ()          # what the officer should know about this run (Thai)
    scope: dict[str, Any] = field(default_factory=dict)
    saved: Path | None = None            # the audits/<date>.json written, if any
    archive: ArchiveReport | None = None  # the copies of evidence kept by this run (None: not archiving)

    @property
    def totals(self) -> dict[str, int]:
        totals = {verdict: 0 for verdict in VERDICTS}
        for result in self.results:
            totals[result.verdict] += 1
        return totals

    @property
    def dead(self) -> list[Result]:
        """Failures that are confirmed: what makes ``oit links`` exit with 1."""
        return [r for r in self.results if is_failing(r.verdict) and r.confirmed]


# --- the JSON document -------------------------------------------------------------


def result_json(result: Result) -> dict[str, Any]:
    outcome = result.outcome
    return {
        "url": result.url,
        "verdict": outcome.verdict,
        "confirmed": result.confirmed,
        "http_status": outcome.http_status,
        "final_url": outcome.final_url,
        "reason": outcome.reason,
        "sources": [source.to_json() for source in result.sources],
        "redirects": list(outcome.redirects),
        "checked": format_time(result.checked),
        "since": format_time(result.since),
        "local": result.local,
    }


def result_from_json(data: dict[str, Any]) -> Result | None:
    verdict = data.get("verdict")
    if not isinstance(data.get("url"), str) or verdict not in VERDICTS:
        return None
    status = data.get("http_status")
    outcome = Outcome(verdict, str(data.get("reason") or ""), status if isinstance(status, int) else None,
                      data.get("final_url") if isinstance(data.get("final_url"), str) else None,
                      tuple(str(u) for u in data.get("redirects") or ()))
    sources = tuple(Source.from_json(s) for s in data.get("sources") or () if isinstance(s, dict))
    return Result(data["url"], outcome, sources, parse_time(data.get("checked")), bool(data.get("local")),
                  bool(data.get("confirmed")), parse_time(data.get("since")))


def to_document(audit: Audit) -> dict[str, Any]:
    """The audit as the stable JSON of docs/links.md."""
    return {
        "started": format_time(audit.started),
        "finished": format_time(audit.finished),
        "totals": audit.totals,
        "results": [result_json(result) for result in audit.results],
        "version": FORMAT_VERSION,
        "previous": audit.previous,
        "scope": audit.scope,
        "notes": list(audit.notes),
    }


def from_document(data: dict[str, Any]) -> Audit | None:
    started, finished = parse_time(data.get("started")), parse_time(data.get("finished"))
    if started is None or not isinstance(data.get("results"), list):
        return None
    results = [r for r in (result_from_json(d) for d in data["results"] if isinstance(d, dict)) if r is not None]
    return Audit(started, finished or started, results, data.get("previous"),
                 notes=tuple(str(n) for n in data.get("notes") or ()), scope=dict(data.get("scope") or {}))


# --- files ---------------------------------------------------------------------------


def read_audit(path: Path) -> Audit | None:
    data = read(path)
    return from_document(data) if data is not None else None


def previous_audit(audits_dir: Path, day: dt.date) -> tuple[dt.date, Audit] | None:
    """The newest readable audit of a day before ``day``."""
    for date, _, data in newest(audits_dir, before=day):
        audit = from_document(data)
        if audit is not None:
            return date, audit
    return None


def save_audit(audits_dir: Path, audit: Audit) -> Path:
    return write(audits_dir, audit.started, to_document(audit))


# --- confirmation and changes ---------------------------------------------------------------


def tolerance(confirm_after: dt.timedelta) -> dt.timedelta:
    """How much earlier than ``confirm_after`` a run may come and still confirm.

    A daily run at a fixed time starts a few seconds (or, with a timer's random delay,
    minutes) before or after the day is full: it must still confirm yesterday's failure,
    not wait a second day. An eighth of the delay, at most 3 hours."""
    return min(confirm_after / 8, dt.timedelta(hours=3))


def confirmable_at(since: dt.datetime, confirm_after: dt.timedelta) -> dt.datetime:
    """The first moment a run can confirm a streak that began at ``since``."""
    return since + confirm_after - tolerance(confirm_after)


def confirm(results: list[Result], previous: Audit | None, started: dt.datetime,
            confirm_after: dt.timedelta) -> list[Result]:
    """Each result with ``since`` (start of its streak) and ``confirmed``."""
    before = {r.url: r for r in previous.results} if previous is not None else {}
    confirmed = []
    for result in results:
        if result.checked is None:  # not checked this run (deadline): nothing is claimed
            confirmed.append(replace(result, confirmed=False, since=None))
            continue
        earlier = before.get(result.url)
        since = started
        if (earlier is not None and earlier.checked is not None and state(earlier.verdict) == state(result.verdict)):
            since = earlier.since or earlier.checked
        held = started >= confirmable_at(since, confirm_after)
        sure = result.local and is_failing(result.verdict)
        confirmed.append(replace(result, since=since, confirmed=held or sure or confirm_after <= dt.timedelta(0)))
    return confirmed


def changes(results: list[Result], previous: Audit | None) -> Changes:
    if previous is None:
        return Changes()
    before = {r.url: r for r in previous.results if r.checked is not None}
    now = {r.url: r for r in results}
    found = Changes()
    for result in results:
        if result.checked is None:
            continue
        earlier = before.get(result.url)
        was = earlier is not None and earlier.verdict in FAILING
        if result.verdict in FAILING:
            (found.still if was else found.broke).append(result)
        elif was:
            found.fixed.append(result)
    found.removed.extend(url for url, r in before.items() if r.verdict in FAILING and url not in now)
    return found


# --- the cache ---------------------------------------------------------------------------


def read_cache(audits_dir: Path, moment: dt.datetime, max_age: dt.timedelta) -> dict[str, Result]:
    """Working results checked less than ``max_age`` ago, by URL."""
    data = read_json(audits_dir / CACHE_PATH)
    fresh: dict[str, Result] = {}
    for entry in data.get("results", []) if isinstance(data, dict) else []:
        result = result_from_json(entry) if isinstance(entry, dict) else None
        if (result is not None and result.verdict in CACHED_VERDICTS and result.checked is not None
                and dt.timedelta(0) <= moment - result.checked < max_age):
            fresh[result.url] = result
    return fresh


def write_cache(audits_dir: Path, results: list[Result], moment: dt.datetime, max_age: dt.timedelta) -> None:
    kept = [result_json(replace(r, sources=()))
            for r in results
            if not r.local and r.verdict in CACHED_VERDICTS and r.checked is not None and moment - r.checked < max_age]
    path = audits_dir / CACHE_PATH
    write_json(path, {"version": FORMAT_VERSION, "results": kept})
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# oit links: a short-lived cache, not part of the audit history\n*\n", encoding="utf-8")
