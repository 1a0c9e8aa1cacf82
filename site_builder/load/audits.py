"""Read the newest link audit (``audits/<YYYY-MM-DD>.json``, written by ``oit links``) for the site.

The file's format is documented in docs/links.md; this reader is tolerant: a file it
cannot read is skipped for the one before it, an entry it does not understand is left
out, and no audit at all is fine (the site then says none was made yet).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from ..model import LINK_VERDICT_LABELS, LinkAudit, LinkCheck

AUDIT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")  # audits/<YYYY-MM-DD>.json


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO time from an audit file (UTC when it names no zone), or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def _place(source: dict[str, Any]) -> str:
    where = str(source.get("file") or source.get("page") or "")
    line = source.get("line")
    return f"{where}:{line}" if where and isinstance(line, int) else where


def _check(entry: dict[str, Any]) -> LinkCheck | None:
    url, verdict = entry.get("url"), entry.get("verdict")
    if not isinstance(url, str) or verdict not in LINK_VERDICT_LABELS:
        return None
    sources = [s for s in entry.get("sources") or () if isinstance(s, dict)]
    items: list[tuple[int, str]] = []
    for source in sources:
        year, code = source.get("year"), source.get("item")
        if isinstance(year, int) and isinstance(code, str) and (year, code) not in items:
            items.append((year, code))
    status = entry.get("http_status")
    final = entry.get("final_url")
    return LinkCheck(url=url, verdict=verdict, confirmed=bool(entry.get("confirmed")),
                     reason=str(entry.get("reason") or ""), http_status=status if isinstance(status, int) else None,
                     final_url=final if isinstance(final, str) else None, checked=parse_time(entry.get("checked")),
                     items=tuple(items), places=tuple(p for p in map(_place, sources) if p))


def read_audit(path: Path, root: Path) -> LinkAudit | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    started = parse_time(data.get("started")) if isinstance(data, dict) else None
    if started is None or not isinstance(data.get("results"), list):
        return None
    checks: dict[str, LinkCheck] = {}
    for entry in data["results"]:
        check = _check(entry) if isinstance(entry, dict) else None
        if check is not None:
            checks[check.url] = check
    totals = {verdict: 0 for verdict in LINK_VERDICT_LABELS}
    for check in checks.values():
        totals[check.verdict] += 1
    return LinkAudit(started, path.relative_to(root).as_posix(), checks, totals)


def latest_audit(root: Path) -> LinkAudit | None:
    """The newest readable ``audits/<date>.json`` of the project, or None."""
    folder = root / "audits"
    if not folder.is_dir():
        return None
    for path in sorted((p for p in folder.iterdir() if AUDIT_NAME.match(p.name) and p.is_file()), reverse=True):
        audit = read_audit(path, root)
        if audit is not None:
            return audit
    return None
