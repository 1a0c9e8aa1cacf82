"""The evidence archive's seam: what ``oit links`` keeps and the site offers, in one place.

A base-layer module (it imports nothing of the pipeline), like ``audit.py``: ``links/``
writes the archive, ``load/`` reads it into the model, ``build`` copies its files into the
site, ``check`` warns about it. One definition of:

- the folder: ``archive/`` in the project, with
  - ``archive/files/<ab>/<sha256>``: each document's bytes, stored once by their sha256
    (the same bytes from two URLs or two months are one file);
  - ``archive/index/<hash of the URL>.json``: one small index per evidence URL
    (:class:`Entry`): every version kept (:class:`Version`), oldest first, and the last
    reason a copy could not be made;
- the site address of a kept copy: ``/archive/<sha256>/<file name>`` (:func:`site_path`);
- whole writes: a file's bytes are renamed into place before an index names them, so a
  kill at any moment leaves no index entry pointing at a partial or missing file.

docs/links.md (Thai) describes the folder for the officer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

# The JSON files and times of archive/ are read and written as audits/ are: one way for both.
from .audit import format_time, parse_time, read_json, write_json

FOLDER = "archive"              # in the project, beside data/ and content/
FILES = "files"                 # archive/files/<ab>/<sha256>
INDEX = "index"                 # archive/index/<key hash>.json
SITE_FOLDER = "archive"         # site/archive/<sha256>/<name>
FORMAT_VERSION = 1
MAX_FILE = 50 * 1024 * 1024     # default cap of one kept file (bytes)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Characters never put in a published file name: path separators, controls, what shells
# and FTP servers mangle. Thai letters and digits stay (the officer recognises the name).
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|#%&{}$!'`=+@;\[\]^~]")
_NAME_LIMIT = 120               # characters kept of a file name (before its extension)
_SUFFIX_BY_TYPE = {
    "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
    "image/webp": ".webp", "text/plain": ".txt", "text/csv": ".csv", "text/html": ".html",
    "application/msword": ".doc", "application/vnd.ms-excel": ".xls", "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt", "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}


@dataclass(frozen=True)
class Version:
    """One kept copy of an evidence URL: what was fetched, when, and where its bytes are."""

    fetched: dt.datetime          # when the audit fetched it (local time with its zone)
    sha256: str                   # the bytes' sha256, lowercase hex: their file under archive/files/
    size: int                     # bytes
    content_type: str             # as the host said it, without parameters ("application/pdf")
    final_url: str                # after redirects, without credentials
    status: int                   # the HTTP status of the final answer (200)
    name: str                     # the file name the site publishes it under (see safe_name)
    etag: str | None = None       # validators, for a conditional request next time
    last_modified: str | None = None
    # The sha256 of the bytes as the host sent them, when the kept file is not those bytes
    # (an HTML page made safe): an unchanged page is recognised by it.
    source_sha256: str | None = None

    @property
    def site_path(self) -> str:
        return site_path(self.sha256, self.name)


@dataclass(frozen=True)
class Entry:
    """The index of one evidence URL: its versions (oldest first) and the last word on it."""

    url: str                                  # the audit key (audit.audit_key): as written, no password
    versions: tuple[Version, ...] = ()
    checked: dt.datetime | None = None        # the last time the audit fetched (or tried to fetch) it
    seen: dt.datetime | None = None           # the last time the newest version was fetched unchanged
    refused: str | None = None                # Thai reason the last attempt kept nothing new, or None
    extra: dict[str, Any] = field(default_factory=dict)  # fields of a newer format, kept as read

    @property
    def newest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


# --- what is kept ------------------------------------------------------------------

# Kept by default: documents (PDF, images, Word/Excel/PowerPoint, OpenDocument, text/CSV).
# An HTML page only when asked (``archive: true`` on the link, or ``pages: true`` for the project).
DOCUMENT_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".doc", ".docx", ".xls", ".xlsx",
                               ".ppt", ".pptx", ".odt", ".ods", ".odp", ".txt", ".csv", ".rtf"})
_DOCUMENT_TYPES = ("application/pdf", "image/", "application/msword", "application/vnd.ms-excel",
                   "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.",
                   "application/vnd.oasis.opendocument.", "text/plain", "text/csv", "application/rtf", "text/rtf")


def is_document_type(content_type: str) -> bool:
    """Whether a ``Content-Type`` names a kept kind of document (not HTML, not an archive or a video)."""
    kind = content_type.split(";")[0].strip().lower()
    return any(kind == known or known.endswith(("/", ".")) and kind.startswith(known) for known in _DOCUMENT_TYPES)


def host_skipped(url: str, skip_hosts: Iterable[str]) -> bool:
    """Whether the project opted ``url``'s host out (``facebook.com`` also covers ``www.facebook.com``)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    for name in skip_hosts:
        wanted = name.strip().lower().rstrip(".")
        if wanted and (host == wanted or host.endswith("." + wanted)):
            return True
    return False


def opted_out(url: str, flag: bool | None, skip_hosts: Iterable[str] = ()) -> bool:
    """Whether the agency said no copy of this link: ``archive: false`` on it, or its host skipped.

    A copy kept before the agency said so is not offered or published either (``render/copies.py``)."""
    return flag is False or host_skipped(url, skip_hosts)


def expected(url: str, flag: bool | None, skip_hosts: Iterable[str] = ()) -> bool:
    """Whether an evidence ``url:`` should have a copy, judged from its address alone (for ``oit check``).

    ``flag`` is the link's ``archive:``. A link whose address names no document (``download.php?id=3``)
    may still be kept when the host answers with one; it is just not expected before that.
    """
    if opted_out(url, flag, skip_hosts):
        return False
    if flag is True:
        return True
    try:
        path = unquote(urlsplit(url.strip()).path)
    except ValueError:
        return False
    return PurePosixPath(path).suffix.lower() in DOCUMENT_SUFFIXES


# --- names and addresses -------------------------------------------------------------


def index_name(key: str) -> str:
    """The index file of an evidence URL: a hash of its audit key (any URL gives a safe name)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40] + ".json"


def file_path(root: Path, sha256: str) -> Path:
    """Where the bytes of ``sha256`` are kept under the project ``root``."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return root / FOLDER / FILES / sha256[:2] / sha256


def site_path(sha256: str, name: str) -> str:
    """The address of a kept copy on the site: ``/archive/<sha256>/<name>``."""
    return f"/{SITE_FOLDER}/{sha256}/{name}"


def safe_name(name: str, content_type: str = "") -> str:
    """A file name fit to publish: the last path part, NFC, no unsafe characters, a known extension.

    ``"../../รายงาน 2569.pdf"`` → ``"รายงาน-2569.pdf"``; ``""`` with ``application/pdf`` → ``"document.pdf"``.
    """
    text = unicodedata.normalize("NFC", name.replace("\\", "/")).rsplit("/", 1)[-1]
    text = _UNSAFE_NAME.sub("-", text)
    text = re.sub(r"\s+", "-", text).strip(".-")
    stem, suffix = os.path.splitext(text)
    if not re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix):
        stem, suffix = text, ""
    stem = stem[:_NAME_LIMIT].strip(".-") or "document"
    if not suffix:
        suffix = _SUFFIX_BY_TYPE.get(content_type.split(";")[0].strip().lower(), "")
    return stem + suffix.lower()


# Suffixes a published copy may end with: what web servers serve as files, never run
# (a host's ``download.php`` answering a PDF must not become ``.php`` on a PHP host).
PUBLISHED_SUFFIXES = DOCUMENT_SUFFIXES | {".html"}


def published_name(name: str, content_type: str = "") -> str:
    """A kept copy's file name (:func:`safe_name`) that no web server runs: dots inside the
    name become ``-`` and the extension is a document's (or ``.html`` for a page), from the
    name when it is one, else from the type (``.bin`` when neither says).

    ``"download.php"`` with ``application/pdf`` → ``"download.pdf"``; ``"a.php.pdf"`` → ``"a-php.pdf"``.
    """
    text = safe_name(name, content_type)
    stem, suffix = os.path.splitext(text)
    kind = content_type.split(";")[0].strip().lower()
    if kind == "text/html":
        suffix = ".html"
    elif suffix.lower() not in PUBLISHED_SUFFIXES or suffix.lower() == ".html":
        suffix = _SUFFIX_BY_TYPE.get(kind, "") if _SUFFIX_BY_TYPE.get(kind, "") != ".html" else ""
        suffix = suffix or ".bin"
    stem = stem.replace(".", "-").strip(".-") or "document"
    return safe_name(stem + suffix.lower(), content_type)


# --- reading --------------------------------------------------------------------------


def _version(data: Any) -> Version | None:
    """A version as read, or None when it is not one (a damaged index never names a wrong file)."""
    if not isinstance(data, dict):
        return None
    fetched, sha, size = parse_time(data.get("fetched")), data.get("sha256"), data.get("size")
    name = data.get("name")
    if (fetched is None or not isinstance(sha, str) or not _SHA256.match(sha) or not isinstance(size, int)
            or size < 0 or not isinstance(name, str) or safe_name(name) != name):
        return None

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    status = data.get("status")
    source = text("source_sha256")
    return Version(fetched, sha, size, text("content_type") or "", text("final_url") or "",
                   status if isinstance(status, int) else 0, name, text("etag"), text("last_modified"),
                   source if source is not None and _SHA256.match(source) else None)


def parse_entry(data: Any) -> Entry | None:
    """An index document as an :class:`Entry`, or None when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    versions = tuple(v for v in (_version(item) for item in data.get("versions") or []) if v is not None)
    refused = data.get("refused")
    known = {"format", "url", "versions", "checked", "seen", "refused"}
    return Entry(data["url"], versions, parse_time(data.get("checked")), parse_time(data.get("seen")),
                 refused if isinstance(refused, str) else None,
                 {key: value for key, value in data.items() if key not in known})


def read_entry(root: Path, key: str) -> Entry | None:
    """The index of the evidence URL ``key`` in the project ``root``, or None."""
    entry = parse_entry(read_json(root / FOLDER / INDEX / index_name(key)))
    return entry if entry is not None and entry.url == key else None


def entries(root: Path) -> Iterator[Entry]:
    """Every readable index of the project, in file-name order."""
    folder = root / FOLDER / INDEX
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        entry = parse_entry(read_json(path))
        if entry is not None and path.name == index_name(entry.url):
            yield entry


def kept_only(root: Path, entry: Entry) -> Entry:
    """``entry`` without the versions whose bytes are gone or short (an index names kept files only)."""
    versions = tuple(version for version in entry.versions if kept(root, version))
    return replace(entry, versions=versions) if versions != entry.versions else entry


def kept(root: Path, version: Version) -> bool:
    """Whether the bytes a version names are in the archive, whole (their size matches)."""
    try:
        return file_path(root, version.sha256).stat().st_size == version.size
    except (OSError, ValueError):
        return False


def total_size(root: Path) -> int:
    """Bytes of all files kept in the project's archive (each stored once)."""
    folder = root / FOLDER / FILES
    if not folder.is_dir():
        return 0
    return sum(path.stat().st_size for path in folder.glob("*/*") if path.parent.name != ".partial" and path.is_file())


def copy_verified(root: Path, version: Version, target: Path) -> bool:
    """Copy a kept version's bytes to ``target`` (the built site), whole and only if they are still its bytes.

    The bytes are hashed as they are copied, to a temporary name beside ``target``; the copy is
    renamed into place only when their sha256 is the one the file is named by. False (and nothing
    at ``target``) when the kept file is missing, damaged or was edited.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with file_path(root, version.sha256).open("rb") as source, temporary.open("wb") as copy:
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                copy.write(chunk)
    except (OSError, ValueError):
        temporary.unlink(missing_ok=True)
        _remove_if_empty(target.parent)
        return False
    if digest.hexdigest() != version.sha256:
        temporary.unlink()
        _remove_if_empty(target.parent)
        return False
    os.replace(temporary, target)
    return True


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (another name of the same bytes), or gone


# --- writing --------------------------------------------------------------------------


def entry_document(entry: Entry) -> dict[str, Any]:
    versions = []
    for version in entry.versions:
        item = asdict(version)
        item["fetched"] = format_time(version.fetched)
        versions.append(item)
    document: dict[str, Any] = dict(entry.extra)
    document.update({"format": FORMAT_VERSION, "url": entry.url, "checked": format_time(entry.checked),
                     "seen": format_time(entry.seen), "refused": entry.refused,
                     "versions": versions})
    return document


def write_entry(root: Path, entry: Entry) -> Path:
    """Save a URL's index whole. Every version it names must already be kept (see :func:`keep`)."""
    missing = [v.sha256 for v in entry.versions if not kept(root, v)]
    if missing:
        raise ValueError(f"an index may only name kept files; missing: {missing}")
    path = root / FOLDER / INDEX / index_name(entry.url)
    write_json(path, entry_document(entry))
    return path


def keep(root: Path, temporary: Path, sha256: str) -> Path:
    """Move a fully written and flushed ``temporary`` file to its place for ``sha256``.

    ``temporary`` must be on the same disk (under ``archive/``, see :func:`temporary_folder`).
    When those bytes are kept already, the temporary file is removed and the kept one stays.
    """
    target = file_path(root, sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.stat().st_size == temporary.stat().st_size:
        temporary.unlink()
        return target
    os.replace(temporary, target)
    return target


def partial_folder(root: Path) -> Path:
    """Where downloads are written before :func:`keep`: ``archive/files/.partial`` (never indexed)."""
    return root / FOLDER / FILES / ".partial"


def temporary_folder(root: Path) -> Path:
    """:func:`partial_folder`, made if missing."""
    folder = partial_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_version(entry: Entry, version: Version) -> Entry:
    """The entry with ``version`` as its newest (the same bytes as the newest: only the check time moves)."""
    newest = entry.newest
    if newest is not None and newest.sha256 == version.sha256:
        return replace(entry, checked=version.fetched, seen=version.fetched, refused=None)
    return replace(entry, versions=entry.versions + (version,), checked=version.fetched, seen=version.fetched,
                   refused=None)
