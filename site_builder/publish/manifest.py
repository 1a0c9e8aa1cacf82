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
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"อ่านไฟล์ไม่ได้ ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ManifestError("ไม่ใช่ไฟล์บันทึกการเผยแพร่ของ oit")
    if document.get("version") != VERSION:
        raise ManifestError(f"เป็นรุ่น {document.get('version')!r} ซึ่งโปรแกรมรุ่นนี้ไม่รู้จัก (ให้ปรับรุ่นโปรแกรม)")
    try:
        files = {str(p): FileEntry(str(e["sha256"]), int(e["size"])) for p, e in document.get("files", {}).items()}
        pending = frozenset(str(p) for p in document.get("pending", []))
        dirs = frozenset(str(p) for p in document.get("dirs", []))
    except (AttributeError, KeyError, TypeError, ValueError):
        raise ManifestError("รูปแบบข้อมูลในไฟล์ไม่ถูกต้อง") from None
    unsafe = sorted(p for p in (*files, *pending, *dirs) if not is_safe_path(p))
    if unsafe:
        raise ManifestError(f"มีที่อยู่ไฟล์ที่ไม่ปลอดภัย เช่น {unsafe[0]!r}")
    return Manifest(files, pending, dirs)


def dump_manifest(manifest: Manifest, generator: str, now: dt.datetime) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "generator": generator,
        "updated": now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
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
                 adopt: bool = False) -> Plan:
    """Compare the built site with the manifest; ``present`` = probed paths that exist on the target."""
    uploads: list[LocalFile] = []
    reasons: dict[str, Reason] = {}
    unchanged: list[LocalFile] = []
    conflicts: list[LocalFile] = []
    for path in sorted(local):
        file = local[path]
        entry = manifest.files.get(path)
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
    removals = tuple(sorted(manifest.owned - set(local)))
    return Plan(tuple(uploads), reasons, tuple(unchanged), removals, tuple(conflicts))


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
