"""The publish manifest and the plan: pure functions, no I/O.

The manifest (``.oit-publish.json`` at the target's root) is the target's memory of
what ``oit publish`` put there. It is the only proof of ownership: a path it does
not name belongs to someone else (the rest of the municipality's website) and is
never overwritten or deleted.

Its invariant, kept at every write so that an interrupted publish can be run again:

- ``files[path]`` — oit uploaded this path and it holds exactly this content;
- ``pending`` — oit owns these paths but their content is unknown (an upload or a
  removal was under way when the manifest was last written);
- ``dirs`` — folders oit created (removed again once empty of oit's files).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Literal

MANIFEST_NAME = ".oit-publish.json"
MANIFEST_TEMP = ".oit-publish.json.tmp"
# Hosts that forbid names starting with a dot (Pure-FTPd -x) get the manifest under this name;
# a publish looks for both.
MANIFEST_PLAIN = "oit-publish.json"
MANIFEST_PLAIN_TEMP = "oit-publish.json.tmp"
MANIFEST_NAMES = frozenset({MANIFEST_NAME, MANIFEST_TEMP, MANIFEST_PLAIN, MANIFEST_PLAIN_TEMP})
# The manifest comes from the host and is not trusted: a forged one must not take minutes and
# gigabytes to read. A municipality's site has hundreds to a few thousand files.
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
MAX_MANIFEST_ENTRIES = 100_000
FORMAT = "oit-publish"
VERSION = 1

Reason = Literal["new", "changed", "resume", "adopt"]


class ManifestError(ValueError):
    """The manifest on the target cannot be read: ownership is unknown, so nothing may be done."""


@dataclass(frozen=True)
class LocalFile:
    """One file of the built site: its path under the site folder (POSIX), hash and size."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    files: Mapping[str, FileEntry] = field(default_factory=dict)
    pending: frozenset[str] = frozenset()
    dirs: frozenset[str] = frozenset()
    skipped: tuple[str, ...] = ()  # corrupt entries read from the host, left out (and reported)

    @property
    def owned(self) -> frozenset[str]:
        return frozenset(self.files) | self.pending


@dataclass(frozen=True)
class Plan:
    """What a publish does, in order: ``uploads`` (assets, then pages), then ``removals``."""

    uploads: tuple[LocalFile, ...]
    reasons: Mapping[str, Reason]
    unchanged: tuple[LocalFile, ...]
    removals: tuple[str, ...]
    conflicts: tuple[LocalFile, ...]  # on the target, not oit's: skipped unless adopted
    blocked: tuple[str, ...] = ()  # a link (or a folder) sits there or on the way: never touched

    @property
    def upload_bytes(self) -> int:
        return sum(f.size for f in self.uploads)

    @property
    def is_empty(self) -> bool:
        return not self.uploads and not self.removals


# --- paths ------------------------------------------------------------------


def is_safe_path(path: str) -> bool:
    """A plain relative POSIX path: the manifest comes from the host, so it is not trusted."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def has_control_character(path: str) -> bool:
    """CR, LF, tab…: no site file is named so, and FTP cannot even send such a name."""
    return any(ord(char) < 32 or ord(char) == 127 for char in path)


def parents(path: str) -> list[str]:
    """``"a/b/c.html"`` → ``["a", "a/b"]`` (outermost first)."""
    parts = PurePosixPath(path).parts[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def upload_order(path: str) -> tuple[int, int, str]:
    """Assets before pages, so a page never goes up before what it links to; the home page last."""
    name = PurePosixPath(path).name
    is_page = name.endswith(".html") or name.startswith("sitemap.xml")
    return (1 if is_page else 0, 1 if path == "index.html" else 0, path)


# --- the manifest file ------------------------------------------------------


def parse_manifest(data: bytes) -> Manifest:
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"ใหญ่ผิดปกติ ({len(data)} ไบต์ เกินขีดจำกัด {MAX_MANIFEST_BYTES} ไบต์)")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"อ่านไฟล์ไม่ได้ ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ManifestError("ไม่ใช่ไฟล์บันทึกการเผยแพร่ของ oit")
    if document.get("version") != VERSION:
        raise ManifestError(f"เป็นรุ่น {document.get('version')!r} ซึ่งโปรแกรมรุ่นนี้ไม่รู้จัก (ให้ปรับรุ่นโปรแกรม)")
    try:
        sizes = [len(document.get(key) or ()) for key in ("files", "pending", "dirs")]
        if sum(sizes) > MAX_MANIFEST_ENTRIES:
            raise ManifestError(f"มีรายการมากผิดปกติ ({sum(sizes)} รายการ เกินขีดจำกัด {MAX_MANIFEST_ENTRIES})")
        files = {str(p): FileEntry(str(e["sha256"]), int(e["size"])) for p, e in document.get("files", {}).items()}
        pending = frozenset(str(p) for p in document.get("pending", []))
        dirs = frozenset(str(p) for p in document.get("dirs", []))
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        if isinstance(error, ManifestError):
            raise
        raise ManifestError("รูปแบบข้อมูลในไฟล์ไม่ถูกต้อง") from None
    # A name with a control character is a corrupt entry, not a reason to stop every publish
    # from now on: it is left out (and reported); the file it names, if any, stays untouched.
    skipped = tuple(sorted({p for p in (*files, *pending, *dirs) if has_control_character(p)}))
    if skipped:
        files = {p: e for p, e in files.items() if p not in skipped}
        pending, dirs = pending - set(skipped), dirs - set(skipped)
    unsafe = sorted(p for p in (*files, *pending, *dirs) if not is_safe_path(p))
    if unsafe:
        raise ManifestError(f"มีที่อยู่ไฟล์ที่ไม่ปลอดภัย เช่น {unsafe[0]!r}")
    return Manifest(files, pending, dirs, skipped)


def dump_manifest(manifest: Manifest, generator: str, now: dt.datetime) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "generator": generator,
        "updated": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {p: {"sha256": e.sha256, "size": e.size} for p, e in sorted(manifest.files.items())},
        "pending": sorted(manifest.pending),
        "dirs": sorted(manifest.dirs),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the plan ---------------------------------------------------------------


def paths_to_probe(local: Mapping[str, LocalFile], manifest: Manifest) -> list[str]:
    """Local paths oit does not own: the target must say whether something is already there."""
    return sorted(p for p in local if p not in manifest.owned)


def plan_publish(local: Mapping[str, LocalFile], manifest: Manifest, present: Set[str],
                 adopt: bool = False, blocked: Set[str] = frozenset()) -> Plan:
    """Compare the built site with the manifest.

    ``present``: probed paths that exist on the target; ``blocked``: paths where (or on the way
    to which) the target has a link or something oit cannot replace: never written, never removed,
    even with ``adopt``.
    """
    uploads: list[LocalFile] = []
    reasons: dict[str, Reason] = {}
    unchanged: list[LocalFile] = []
    conflicts: list[LocalFile] = []
    for path in sorted(local):
        file = local[path]
        entry = manifest.files.get(path)
        if path in blocked:
            if entry is not None and entry == FileEntry(file.sha256, file.size):
                unchanged.append(file)  # nothing to do there anyway
            continue
        if path in manifest.pending:
            reasons[path] = "resume"
        elif entry is not None:
            if entry == FileEntry(file.sha256, file.size):
                unchanged.append(file)
                continue
            reasons[path] = "changed"
        elif path in present:
            if not adopt:
                conflicts.append(file)
                continue
            reasons[path] = "adopt"
        else:
            reasons[path] = "new"
        uploads.append(file)
    uploads.sort(key=lambda f: upload_order(f.path))
    removals = tuple(sorted(manifest.owned - set(local) - set(blocked)))
    touched = (set(local) - {f.path for f in unchanged}) | (manifest.owned - set(local))
    return Plan(tuple(uploads), reasons, tuple(unchanged), removals, tuple(conflicts),
                tuple(sorted(set(blocked) & touched)))


# --- manifest updates as the publish goes -----------------------------------


def claim(manifest: Manifest, paths: Iterable[str]) -> Manifest:
    """Before touching ``paths``: they become oit's, with unknown content."""
    paths = frozenset(paths)
    files = {p: e for p, e in manifest.files.items() if p not in paths}
    return replace(manifest, files=files, pending=manifest.pending | paths)


def record_uploaded(manifest: Manifest, uploaded: Iterable[LocalFile]) -> Manifest:
    uploaded = list(uploaded)
    files = dict(manifest.files)
    files.update({f.path: FileEntry(f.sha256, f.size) for f in uploaded})
    return replace(manifest, files=files, pending=manifest.pending - {f.path for f in uploaded})


def record_removed(manifest: Manifest, removed: Iterable[str]) -> Manifest:
    removed = frozenset(removed)
    files = {p: e for p, e in manifest.files.items() if p not in removed}
    return replace(manifest, files=files, pending=manifest.pending - removed)


def record_dirs(manifest: Manifest, created: Iterable[str] = (), removed: Iterable[str] = ()) -> Manifest:
    return replace(manifest, dirs=(manifest.dirs | frozenset(created)) - frozenset(removed))


def dirs_to_prune(manifest: Manifest) -> list[str]:
    """Folders oit created that hold none of oit's files any more, deepest first."""
    used = {parent for path in manifest.owned for parent in parents(path)}
    return sorted((d for d in manifest.dirs if d not in used), key=lambda d: (-d.count("/"), d))
