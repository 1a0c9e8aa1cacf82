"""The link audit's seam: what ``oit links`` writes and the site shows, in one place.

A base-layer module (it imports nothing of the pipeline), so the loader and model
(the site shows the latest audit) and ``links/`` (which writes it) share one
definition of:

- the verdicts (:class:`Verdict`: Thai label, failing / warning / working class,
  worst-first rank) and the ``pending`` status the site shows for a failure seen once;
- the file: ``audits/<YYYY-MM-DD>.json``, its time format, one reader, one writer;
- a data link's key in the audit (:func:`audit_key`): what item pages look it up by.

Adding a verdict touches this module, the templates and the CSS (``oit-link--<verdict>``).
The file's format is documented in docs/links.md.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from .atomic import write_text

FORMAT_VERSION = 1


class Verdict(enum.StrEnum):
    """A link's verdict, like lychee's ``Status``. A ``str``: ``Verdict.OK == "ok"``.

    ``ok`` and ``redirected`` work; ``blocked`` (bot protection) and ``tls`` (certificate
    problems) are warnings: a person with a browser may well see the page; ``broken``,
    ``timeout`` and ``unreachable`` are failures, reported as dead only once confirmed.
    """

    # value, Thai label, class, rank (0 = worst, as an item's status is that of its worst link)
    OK = "ok", "ใช้ได้", "working", 7
    REDIRECTED = "redirected", "ย้ายที่อยู่", "working", 6
    BROKEN = "broken", "ลิงก์เสีย", "failing", 0
    BLOCKED = "blocked", "ถูกระบบป้องกันบล็อก", "warning", 4
    TLS = "tls", "ใบรับรอง HTTPS มีปัญหา", "warning", 3
    TIMEOUT = "timeout", "หมดเวลา", "failing", 2
    UNREACHABLE = "unreachable", "เข้าถึงไม่ได้", "failing", 1

    label: str
    kind: str
    rank: int

    def __new__(cls, value: str, label: str, kind: str, rank: int) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.kind = kind
        member.rank = rank
        return member

    @property
    def failing(self) -> bool:
        return self.kind == "failing"

    @property
    def working(self) -> bool:
        return self.kind == "working"

    @property
    def warning(self) -> bool:
        return self.kind == "warning"


VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)                # the order of totals in reports and files
LABELS: dict[str, str] = {v.value: v.label for v in Verdict}
FAILING: frozenset[str] = frozenset(v.value for v in Verdict if v.failing)
WARNING: frozenset[str] = frozenset(v.value for v in Verdict if v.warning)
WORKING: frozenset[str] = frozenset(v.value for v in Verdict if v.working)

# A failure seen once, not yet confirmed by a run a day later: never shown as broken.
PENDING = "pending"
PENDING_LABEL = "รอตรวจซ้ำ"
PENDING_RANK = 5  # after the warnings, before the working verdicts


_BY_VALUE: dict[str, Verdict] = {v.value: v for v in Verdict}


def verdict(value: object) -> Verdict | None:
    """The verdict named ``value`` (as an audit file writes it), or None."""
    return _BY_VALUE.get(value) if isinstance(value, str) else None


def is_failing(value: str) -> bool:
    return value in FAILING


def state(value: str) -> str:
    """The class a confirmation streak follows: failing, warning or working."""
    found = verdict(value)
    return found.kind if found is not None else "working"


def rank(shown: str) -> int:
    """Worst first: a verdict's rank, ``pending`` between the warnings and the working ones."""
    if shown == PENDING:
        return PENDING_RANK
    found = verdict(shown)
    return found.rank if found is not None else 0


# --- the key of a data link -------------------------------------------------------

# The ``user:password@`` of a URL, wherever it sits in a text (a URL, a reason, a redirect).
# Only at the start of a URL (the text's start, or after a space or an opening bracket or quote):
# a "//x@y" inside a query is not a URL's authority.
_USERINFO = re.compile(r"(?<![^\s(<\"'“])((?:[A-Za-z][A-Za-z0-9+.\-]*:)?//)[^/?#\s]*@")


def without_credentials(text: str) -> str:
    """``https://user:pass@host/a`` → ``https://host/a``: a link's password is never shown or stored.

    The one rule for the audit (what ``audits/`` and reports keep) and the site (what
    pages show, and the key an item page looks its links up by)."""
    return _USERINFO.sub(r"\1", text)


def file_path(file: str) -> str:
    """A data ``file:`` as a path under content/ and the site: ``\\files\\a.pdf`` → ``files/a.pdf``."""
    return str(file).strip().replace("\\", "/").lstrip("/")


def file_address(file: str) -> str:
    """A data ``file:`` as the site serves it: ``files/2569/a.pdf`` → ``/files/2569/a.pdf``."""
    return "/" + file_path(file)


def audit_key(url: str | None, file: str | None) -> str:
    """The URL under which the audit keeps a data link's result (what item pages look up).

    A ``url:`` as written, without a password; a ``file:`` as the site serves it. (``oit
    links`` requests the URL as written and stores it through :func:`without_credentials`,
    so both sides meet on this key.)"""
    return without_credentials(url.strip()) if url is not None else file_address(str(file))


# --- the files --------------------------------------------------------------------

NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")  # audits/<YYYY-MM-DD>.json


def file_name(started: dt.datetime) -> str:
    """The audit of a run is named after the local date it started (a second run that day replaces it)."""
    return f"{started.date().isoformat()}.json"


def format_time(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO time from an audit file (UTC when it names no zone), or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def audit_files(audits_dir: Path) -> list[tuple[dt.date, Path]]:
    """The audits kept, oldest first."""
    found = []
    if audits_dir.is_dir():
        for path in audits_dir.iterdir():
            match = NAME.match(path.name)
            if match and path.is_file():
                try:
                    found.append((dt.date.fromisoformat(match.group(1)), path))
                except ValueError:
                    continue
    return sorted(found)


def read_json(path: Path) -> Any:
    """A JSON file of ``audits/`` (an audit or the cache), or None when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read(path: Path) -> dict[str, Any] | None:
    """An audit document, or None when it is not one (unreadable, no ``started`` time, no ``results``)."""
    data = read_json(path)
    if not isinstance(data, dict) or parse_time(data.get("started")) is None:
        return None
    return data if isinstance(data.get("results"), list) else None


def newest(audits_dir: Path, before: dt.date | None = None) -> Iterator[tuple[dt.date, Path, dict[str, Any]]]:
    """The readable audits (of days before ``before``, if given), newest first."""
    for date, path in reversed(audit_files(audits_dir)):
        if before is not None and date >= before:
            continue
        document = read(path)
        if document is not None:
            yield date, path, document


def write_json(path: Path, data: Any) -> None:
    """Written whole (a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write(audits_dir: Path, started: dt.datetime, document: dict[str, Any]) -> Path:
    """Save an audit as ``audits/<date>.json``; the path written."""
    path = audits_dir / file_name(started)
    write_json(path, document)
    return path
