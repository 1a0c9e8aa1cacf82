"""Read the newest link audit (``audits/<YYYY-MM-DD>.json``, written by ``oit links``) for the site.

The file, its verdicts and its reader are ``audit.py``'s; this turns the newest readable
document into the model's :class:`LinkAudit`. Tolerant: a file that cannot be read is
skipped for the one before it, an entry it does not understand is left out, and no
audit at all is fine (the site then says none was made yet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import audit
from ..model import LinkAudit, LinkCheck


def _place(source: dict[str, Any]) -> str:
    where = str(source.get("file") or source.get("page") or "")
    line = source.get("line")
    return f"{where}:{line}" if where and isinstance(line, int) else where


def _check(entry: dict[str, Any]) -> LinkCheck | None:
    url, verdict = entry.get("url"), audit.verdict(entry.get("verdict"))
    if not isinstance(url, str) or verdict is None:
        return None
    sources = [s for s in entry.get("sources") or () if isinstance(s, dict)]
    items: list[tuple[int, str]] = []
    for source in sources:
        year, code = source.get("year"), source.get("item")
        if isinstance(year, int) and isinstance(code, str) and (year, code) not in items:
            items.append((year, code))
    status = entry.get("http_status")
    final = entry.get("final_url")
    return LinkCheck(url=url, verdict=verdict.value, confirmed=bool(entry.get("confirmed")),
                     reason=str(entry.get("reason") or ""), http_status=status if isinstance(status, int) else None,
                     final_url=final if isinstance(final, str) else None,
                     checked=audit.parse_time(entry.get("checked")),
                     items=tuple(items), places=tuple(p for p in map(_place, sources) if p),
                     since=audit.parse_time(entry.get("since")))


def link_audit(path: Path, root: Path, document: dict[str, Any]) -> LinkAudit:
    """The model's view of an audit document read by ``audit.read``."""
    checks: dict[str, LinkCheck] = {}
    for entry in document["results"]:
        check = _check(entry) if isinstance(entry, dict) else None
        if check is not None:
            checks[check.url] = check
    totals = {verdict: 0 for verdict in audit.VERDICTS}
    for check in checks.values():
        totals[check.verdict] += 1
    started = audit.parse_time(document.get("started"))
    assert started is not None  # audit.read returns documents with a start time only
    return LinkAudit(started, path.relative_to(root).as_posix(), checks, totals)


def latest_audit(root: Path) -> LinkAudit | None:
    """The newest readable ``audits/<date>.json`` of the project, or None."""
    for _, path, document in audit.newest(root / "audits"):
        return link_audit(path, root, document)
    return None
