"""Copies of evidence, kept by the audit's own requests (the audit side of ``archive.py``).

Only the ``url:`` evidence links of ``data/<year>/oit.yml`` items are kept, and only when
``oit links`` audits a project with archiving on. A link to keep is asked with GET (never
HEAD first), conditionally when its newest copy has an ETag or Last-Modified (a 304 is
"unchanged", no download); its body streams to ``archive/files/.partial`` while it is
hashed, never held whole in memory, capped per file. Once the verdict is known
(:meth:`Archiver.settle`) the file is flushed, renamed into place, and only then named by
the URL's index: a kill at any moment leaves no index naming a partial file.

What is kept: documents (by Content-Type, or by the file name's suffix when the type says
nothing); an HTML page only when asked (``archive: true`` on the link, ``pages: true`` for
the project), as one file without scripts. Google Drive "view" links are fetched through
their download address; hosts behind a login are refused with the reason (``quirks.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import hashlib
import os
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import Message
from email.utils import collapse_rfc2231_value
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal
from urllib.parse import unquote, urljoin, urlsplit

import nh3

from .. import archive
from ..audit import WORKING, without_credentials
from ..formatting import thai_time
from . import quirks
from .checker import Answer, Headers, Keeping, charset_of, now, split_fragment
from .extract import decode_html, parse_html
from .verdicts import Outcome

MB = 1024 * 1024
_SETTINGS_HINT = "archive: ใน data/agency.yml"


@dataclass(frozen=True)
class Settings:
    """The project's ``archive:`` block (``model.ArchiveSettings``), in bytes."""

    pages: bool = False
    skip_hosts: tuple[str, ...] = ()
    max_file: int = archive.MAX_FILE
    budget: int | None = None

    @classmethod
    def of(cls, agency: Any) -> Settings:
        """The settings of a loaded agency (defaults when there is none)."""
        block = getattr(agency, "archive", None)
        if block is None:
            return cls()
        return cls(bool(block.pages), tuple(block.skip_hosts), int(block.max_file_mb) * MB,
                   int(block.budget_mb) * MB if block.budget_mb is not None else None)


@dataclass
class Wanted:
    """One resource (a URL without its fragment) whose copy is kept, and the evidence links naming it."""

    url: str                              # as requested (as written, password and all)
    keys: list[str] = field(default_factory=list)   # the links' audit keys: their index entries
    targets: set[str] = field(default_factory=set)  # the audit's target URLs (the cache's keys)
    page: bool = False                    # an HTML answer is kept too
    expected: bool = False                # a copy is expected from the address alone (archive.expected)


def plan(project: Any, settings: Settings) -> dict[str, Wanted]:
    """The evidence links of ``project`` (a ``model.Project``) to keep, by resource URL.

    A link opts out with ``archive: false``, a host through ``skip_hosts``; the same URL
    opted out by one link is opted out for all (a document with personal data stays out)."""
    wanted: dict[str, Wanted] = {}
    refused: set[str] = set()
    for _year, data in sorted(project.years.items()):
        if data.oit is None:
            continue
        for evidence in data.oit.items.values():
            for link in evidence.links:
                if link.url is None or not link.url.strip().lower().startswith(("http://", "https://")):
                    continue
                target = link.url.strip()
                resource, _ = split_fragment(target)
                if link.archive is False or archive.host_skipped(target, settings.skip_hosts):
                    refused.add(resource)
                    continue
                entry = wanted.setdefault(resource, Wanted(resource))
                if link.audit_key not in entry.keys:
                    entry.keys.append(link.audit_key)
                entry.targets.add(target)
                entry.page = entry.page or link.archive is True or settings.pages
                entry.expected = entry.expected or archive.expected(target, link.archive, settings.skip_hosts) or (
                    settings.pages)
    return {url: entry for url, entry in wanted.items() if url not in refused}


# --- one download --------------------------------------------------------------------


def _media_type(headers: Headers) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def disposition_name(value: str) -> str | None:
    """The file name of a ``Content-Disposition`` (RFC 6266: ``filename*`` first), or None."""
    if not value:
        return None
    message = Message()
    message["content-disposition"] = value
    plain: str | None = None
    for name, param in message.get_params(header="content-disposition") or []:
        if name.lower() != "filename":
            continue
        if isinstance(param, tuple):  # filename*=UTF-8''… (RFC 2231/5987)
            try:
                return collapse_rfc2231_value(param).strip() or None
            except LookupError:   # an unknown charset: the plain name, if any
                continue
        plain = plain or (str(param).strip() or None)
    return plain


def _last_segment(url: str) -> str:
    try:
        return unquote(PurePosixPath(urlsplit(url).path).name)
    except ValueError:
        return ""


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


Kind = Literal["document", "page"]


class Download:
    """The body of one resource's answer on its way to the archive (a :class:`checker.Sink`)."""

    def __init__(self, folder: Path, wanted: Wanted, max_file: int, drive: bool) -> None:
        self.folder, self.wanted, self.max_file, self.drive = folder, wanted, max_file, drive
        self.file: BinaryIO | None = None
        self.path: Path | None = None
        self.hash = hashlib.sha256()
        self.size = 0
        self.kind: Kind | None = None
        self.media_type = ""
        self.name = ""
        self.started: dt.datetime | None = None
        self.done = False
        self.refused: str | None = None   # why the answer's body is not kept

    # --- the checker's side (Sink) ---------------------------------------------------

    def accepts(self, status: int, url: str, headers: Headers) -> bool:
        self.discard()
        self.refused, self.kind, self.done, self.size = None, None, False, 0
        self.hash = hashlib.sha256()
        self.started = now()
        if not 200 <= status < 300:
            return False
        self.media_type = _media_type(headers)
        named = disposition_name(headers.get("content-disposition", ""))
        candidates = [n for n in (named, _last_segment(url), _last_segment(self.wanted.url)) if n]
        self.name = candidates[0] if candidates else ""
        if archive.is_document_type(self.media_type):
            self.kind = "document"
        elif self.media_type in ("", "application/octet-stream") and any(
                _suffix(n) in archive.DOCUMENT_SUFFIXES for n in candidates):
            self.kind = "document"
            self.name = next(n for n in candidates if _suffix(n) in archive.DOCUMENT_SUFFIXES)
        elif "html" in self.media_type and self.wanted.page and not self.drive:
            self.kind = "page"
        if self.kind is None or quirks.login_needed(self.wanted.url, url, status, ()) is not None:
            return False
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_file:
            self.refused = _too_large(int(length), self.max_file)
            return False
        # Our disk's errors stay ours: an OSError reaching the checker would read as the host's fault.
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.path = self.folder / f"{secrets.token_hex(12)}.part"
            self.file = self.path.open("wb")
        except OSError as error:
            self.abandon(_disk_error(error))
            return False
        return True

    def room(self) -> int:
        return self.max_file - self.size + 1

    def write(self, data: bytes) -> bool:
        if self.file is None:
            return False
        if data:
            self.size += len(data)
            if self.size > self.max_file:
                self.abandon(_too_large(None, self.max_file))
                return False
            try:
                self.file.write(data)
            except OSError as error:
                self.abandon(_disk_error(error))
                return False
            self.hash.update(data)
        return True

    def complete(self) -> None:
        if self.file is None:
            return
        try:
            self.file.close()   # flushed to disk (fsync) only when kept: an unchanged copy costs no sync
        except OSError as error:
            self.abandon(_disk_error(error))
            return
        self.file = None
        self.done = True

    def abandon(self, reason: str) -> None:
        self.refused = self.refused or reason
        self.discard()

    # --- the archive's side ----------------------------------------------------------

    def discard(self) -> None:
        """Close and remove the temporary file, if any (what cannot be removed now, the next run removes)."""
        with contextlib.suppress(OSError):
            if self.file is not None:
                self.file.close()
        self.file = None
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
            self.path = None
        self.done = False


def _disk_error(error: OSError) -> str:
    return f"ไม่ได้เก็บสำเนา: เขียนไฟล์ลงดิสก์ไม่ได้ ({error.strerror or error}) — ตรวจพื้นที่ว่างของดิสก์"


def _too_large(size: int | None, cap: int) -> str:
    what = f"ไฟล์ขนาด {size / MB:.1f} MB" if size is not None else "ไฟล์"
    return (f"ไม่ได้เก็บสำเนา: {what} ใหญ่เกินขนาดสูงสุดต่อไฟล์ {cap / MB:g} MB — "
            f"ถ้าต้องการเก็บ เพิ่ม max_file_mb ใน {_SETTINGS_HINT}")


def _over_budget(budget: int) -> str:
    return (f"ไม่ได้เก็บสำเนา: สำเนาทั้งหมดจะเกินงบพื้นที่ {budget / MB:g} MB — "
            f"ถ้าต้องการเก็บ เพิ่ม budget_mb ใน {_SETTINGS_HINT}")


# --- an HTML page, made safe --------------------------------------------------------

_CONTENT_GONE = {"script", "style", "title", "noscript", "template", "textarea", "select"}
_BANNER_STYLE = ("font:14px/1.5 sans-serif;background:#fff8e1;color:#222;border:1px solid #c9a227;"
                 "padding:8px 12px;margin:0 0 16px")


def page_copy(raw: bytes, charset: str | None, final_url: str, fetched: dt.datetime) -> bytes:
    """One self-contained HTML file of a page: no scripts, event handlers, frames or objects;
    addresses made absolute (its links still work); a banner saying what it is and when it was kept.

    Images and stylesheets are not fetched (that would add requests): an image keeps its
    absolute address, the page's own styles are dropped."""
    text = decode_html(raw, charset)
    parsed = parse_html(text, lines=False)
    base = final_url
    if parsed.base:
        try:
            base = urljoin(final_url, parsed.base.strip())
        except ValueError:
            base = final_url

    def absolute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src", "cite", "longdesc"):
            try:
                return urljoin(base, value.strip())
            except ValueError:
                return None
        return value

    body = nh3.clean(text, clean_content_tags=_CONTENT_GONE, attribute_filter=absolute,
                     link_rel="noopener noreferrer nofollow")
    source = escape(without_credentials(final_url))
    title = escape(parsed.title.strip()[:200]) if parsed.title.strip() else source
    banner = (f'<div role="note" style="{_BANNER_STYLE}">สำเนาหน้าเว็บ (ไม่มีสคริปต์ ไม่มีรูปแบบและรูปภาพของหน้าเดิม) '
              f'เก็บเมื่อ {escape(thai_time(fetched))} จาก <a href="{source}" rel="noopener noreferrer nofollow">'
              f"{source}</a></div>")
    document = (f'<!doctype html>\n<html lang="th"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<meta name="robots" content="noindex"><title>สำเนา: {title}</title></head>'
                f"<body>{banner}\n{body}\n</body></html>\n")
    return document.encode("utf-8")


# --- the run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Copy:
    """What became of one evidence URL's copy in this run."""

    url: str                    # the audit key (no password)
    state: Literal["new", "unchanged", "refused"]
    reason: str | None = None   # Thai, when refused


@dataclass(frozen=True)
class ArchiveReport:
    """The archive's part of an audit (the text report lists it; notes count it)."""

    copies: tuple[Copy, ...] = ()

    def count(self, state: str) -> int:
        return sum(1 for c in self.copies if c.state == state)

    @property
    def refused(self) -> list[Copy]:
        return [c for c in self.copies if c.state == "refused"]

    def note(self) -> str:
        return (f"สำเนาหลักฐาน (archive/): เก็บใหม่ {self.count('new')} · ไม่เปลี่ยนแปลง {self.count('unchanged')} · "
                f"เก็บไม่ได้ {self.count('refused')}")


class Archiver:
    """The archive of one run (a :class:`checker.Archive`): what to keep, and keeping it."""

    def __init__(self, root: Path, wanted: dict[str, Wanted], settings: Settings) -> None:
        self.root, self.wanted, self.settings = root, wanted, settings
        self.partial: Path | None = None
        if wanted or (root / archive.FOLDER).is_dir():
            # Made by the first download (Download.accepts): a run that keeps nothing (no network) makes no folder.
            self.partial = archive.partial_folder(root)
            # Leftovers of a run that was killed mid-download: never indexed, removed now.
            for leftover in (self.partial.iterdir() if self.partial.is_dir() else ()):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
        self.total = archive.total_size(root)
        self.copies: dict[str, Copy] = {}
        self._lock = threading.Lock()

    def report(self) -> ArchiveReport:
        return ArchiveReport(tuple(self.copies.values()))

    def uncached(self) -> set[str]:
        """Target URLs to check afresh whatever the cache says: never tried, yet a copy is expected."""
        fresh: set[str] = set()
        for entry in self.wanted.values():
            if entry.expected and all(archive.read_entry(self.root, key) is None for key in entry.keys):
                fresh |= entry.targets
        return fresh

    # --- the checker's side (Archive) -------------------------------------------------

    def wants(self, url: str) -> Keeping | None:
        wanted = self.wanted.get(url)
        if wanted is None or self.partial is None:
            return None
        drive = quirks.download_address(url)
        validators = None
        newest = self._newest(wanted)
        if newest is not None and archive.is_document_type(newest.content_type) and archive.kept(self.root, newest):
            conditional = tuple((name, value) for name, value in (("If-None-Match", newest.etag),
                                                                 ("If-Modified-Since", newest.last_modified)) if value)
            if conditional:
                validators = (newest.final_url, conditional)
        return Keeping(Download(self.partial, wanted, self.settings.max_file, drive is not None), drive or url,
                       validators)

    async def settle(self, url: str, keeping: Keeping, answer: Answer | None, chain: tuple[str, ...],
                     outcome: Outcome) -> None:
        wanted = self.wanted[url]
        download = keeping.sink
        assert isinstance(download, Download)
        action = self._action(wanted, keeping, download, answer, chain, outcome)
        if action is None:   # most evidence pages: nothing to keep or record, no thread, no disk
            download.discard()
            return
        # The disk's work (sync, rename, index) in a worker thread: the other checks go on meanwhile.
        await asyncio.to_thread(self._carry_out, wanted, download, action)

    def _carry_out(self, wanted: Wanted, download: Download, action: Callable[[], None]) -> None:
        try:
            action()
        except Damaged as damaged:
            self._refuse(wanted, f"ไม่ได้เก็บสำเนา: ไฟล์ดัชนี archive/index/{damaged} อ่านไม่ได้ (ถูกแก้ไขหรือเสียหาย) "
                                 "จึงไม่เขียนทับ — กู้ไฟล์จากสำเนาสำรอง หรือลบไฟล์นั้นเพื่อเริ่มประวัติใหม่", now(),
                         write=False)
        except OSError as error:   # a full disk, a locked file: the copy fails, the audit stands
            self._refuse(wanted, _disk_error(error), now(), write=False)
        finally:
            download.discard()

    # --- deciding -----------------------------------------------------------------------

    def _action(self, wanted: Wanted, keeping: Keeping, download: Download, answer: Answer | None,
                chain: tuple[str, ...], outcome: Outcome) -> Callable[[], None] | None:
        """What the archive does with this answer (run later, off the event loop), or None: nothing."""
        if answer is None:
            return None   # no answer (network error, bad address): the audit reports it, the archive is untouched
        fetched = download.started or now()
        login = quirks.login_needed(wanted.url, answer.url, answer.status, chain)
        if outcome.verdict not in WORKING:
            if login is not None:
                return functools.partial(self._refuse, wanted, login, fetched)
            return None   # the original did not open: its failure is the audit's to report
        if login is not None:
            return functools.partial(self._refuse, wanted, login, fetched)
        if answer.status == 304 and answer.conditional:
            return functools.partial(self._unchanged, wanted, fetched)
        if download.refused is not None:
            return functools.partial(self._refuse, wanted, download.refused, fetched)
        if download.done and download.path is not None:
            return functools.partial(self._keep, wanted, download, answer, fetched)
        if keeping.address != wanted.url and "html" in _media_type(answer.headers):
            reason = quirks.not_a_file(wanted.url, answer.body) or "เก็บสำเนาไม่ได้"
            return functools.partial(self._refuse, wanted, reason, fetched)
        if wanted.expected and answer.method == "GET" and 200 <= answer.status < 300:
            kind = _media_type(answer.headers) or "ไม่ระบุชนิด"
            hint = (" — ถ้าต้องการเก็บหน้าเว็บนี้ ใส่ archive: true ที่ลิงก์" if "html" in kind else "")
            return functools.partial(self._refuse, wanted, f"ไม่ได้เก็บสำเนา: ที่อยู่นี้ตอบเป็น {kind} ไม่ใช่ไฟล์เอกสาร{hint}",
                                     fetched)
        return None

    def _keep(self, wanted: Wanted, download: Download, answer: Answer, fetched: dt.datetime) -> None:
        assert download.path is not None
        entries = self._entries(wanted)     # read first: a damaged index stops here, nothing kept unnamed
        newest = entries[0].newest if entries else None
        path, sha, size, source_sha = download.path, download.hash.hexdigest(), download.size, None
        media_type = download.media_type
        if download.kind == "page":
            if newest is not None and newest.source_sha256 == sha:
                self._unchanged(wanted, fetched)
                return
            made = page_copy(path.read_bytes(), charset_of(answer.headers), answer.url, fetched)
            source_sha, sha, size, media_type = sha, hashlib.sha256(made).hexdigest(), len(made), "text/html"
            path = _write_whole(path.parent, made)
            download.discard()
        elif newest is not None and newest.sha256 == sha:
            self._unchanged(wanted, fetched)
            return
        with self._lock:   # settled in worker threads: one at a time decides on the budget
            stored = archive.file_path(self.root, sha).is_file()
            over = not stored and self.settings.budget is not None and self.total + size > self.settings.budget
            if not stored and not over:
                self.total += size
        if over and self.settings.budget is not None:
            path.unlink(missing_ok=True)
            self._refuse(wanted, _over_budget(self.settings.budget), fetched)
            return
        if not stored:
            _sync(path)   # whole on disk before its name is: a crash never leaves a short kept file
        archive.keep(self.root, path, sha)
        version = archive.Version(fetched, sha, size, media_type, without_credentials(answer.url), answer.status,
                                  archive.published_name(download.name, media_type), answer.headers.get("etag"),
                                  answer.headers.get("last-modified"), source_sha)
        changed = any(entry.newest is None or entry.newest.sha256 != sha for entry in entries)
        for entry in entries:
            archive.write_entry(self.root, archive.add_version(entry, version))
        self._record(wanted, "new" if changed else "unchanged")

    def _unchanged(self, wanted: Wanted, fetched: dt.datetime) -> None:
        for entry in self._entries(wanted):
            if entry.newest is not None:
                archive.write_entry(self.root, archive.add_version(entry, replace(entry.newest, fetched=fetched)))
        self._record(wanted, "unchanged")

    def _refuse(self, wanted: Wanted, reason: str, fetched: dt.datetime, write: bool = True) -> None:
        if write:
            for entry in self._entries(wanted):
                archive.write_entry(self.root, replace(entry, checked=fetched, refused=reason))
        self._record(wanted, "refused", reason)

    def _record(self, wanted: Wanted, state: Literal["new", "unchanged", "refused"], reason: str | None = None) -> None:
        for key in wanted.keys:
            self.copies[key] = Copy(key, state, reason)

    # --- reading ------------------------------------------------------------------------

    def _entry(self, key: str) -> archive.Entry:
        """The index of ``key`` as kept, without versions whose file is gone (an index names kept files only).

        An index file that cannot be read is never overwritten (its history would be lost): :class:`Damaged`."""
        found = archive.read_entry(self.root, key)
        if found is None and (self.root / archive.FOLDER / archive.INDEX / archive.index_name(key)).exists():
            raise Damaged(archive.index_name(key))
        return archive.kept_only(self.root, found or archive.Entry(key))

    def _entries(self, wanted: Wanted) -> list[archive.Entry]:
        return [self._entry(key) for key in wanted.keys]

    def _newest(self, wanted: Wanted) -> archive.Version | None:
        entry = archive.read_entry(self.root, wanted.keys[0]) if wanted.keys else None
        return entry.newest if entry is not None else None


def _sync(path: Path) -> None:
    """Flush a written file's bytes to the disk (fsync)."""
    with path.open("rb+") as file:
        os.fsync(file.fileno())


class Damaged(Exception):
    """An index file exists but is not a readable index (the name of that file)."""


def _write_whole(folder: Path, data: bytes) -> Path:
    """``data`` in a new temporary file of ``folder``, flushed to disk (then :func:`archive.keep` it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(12)}.part"
    with path.open("wb") as file:
        file.write(data)
    return path
