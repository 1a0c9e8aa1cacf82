"""``oit publish``: send the built site to the host, incrementally and safely.

Order of work: read the manifest on the target → hash the built site → ask the target
which new paths are already taken → plan (``manifest.plan_publish``) → claim every path
about to change in the manifest → uploads (assets, then pages) with the manifest written
every batch → removals → folders oit created and emptied → the final manifest.

Every manifest write goes to a temporary name first and is then renamed over the old
one, so the target always holds a whole manifest. Because paths are claimed before they
are touched, a publish killed at any point leaves a manifest that still names every
file it may have written: running the command again finishes the job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..build import MARKER
from .manifest import (MANIFEST_NAME, MANIFEST_TEMP, LocalFile, Manifest, ManifestError, Plan, claim,
                       dirs_to_prune, dump_manifest, parents, parse_manifest, paths_to_probe, plan_publish,
                       record_dirs, record_removed, record_uploaded)
from .targets import Target, TargetError, TargetSpec, open_target, parse_target

__all__ = ["PublishError", "Publication", "PublishResult", "publish", "scan_site", "parse_target"]

# The manifest is rewritten after this many uploads or seconds, whichever comes first: a
# resumed publish repeats at most one batch, and a large site does not pay a manifest per file.
BATCH_FILES = 40
BATCH_SECONDS = 5.0
_SKIP = {MARKER, MANIFEST_NAME, MANIFEST_TEMP}


class PublishError(Exception):
    """The publish cannot run (exit status 2); the message is Thai and says what to do."""


@dataclass(frozen=True)
class PublishResult:
    plan: Plan
    uploaded: int
    removed: int
    bytes_sent: int
    seconds: float

    @property
    def unchanged(self) -> int:
        return len(self.plan.unchanged)

    @property
    def conflicts(self) -> int:
        return len(self.plan.conflicts)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_site(site_dir: Path) -> dict[str, LocalFile]:
    """Every file of the built site by POSIX path, except the build marker."""
    files: dict[str, LocalFile] = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            if relative not in _SKIP:
                files[relative] = LocalFile(relative, _sha256(path), path.stat().st_size)
    return files


def check_site_dir(site_dir: Path, force: bool) -> None:
    if not site_dir.is_dir():
        raise PublishError(f"ไม่พบโฟลเดอร์เว็บไซต์ {site_dir} — รัน oit build ก่อน หรือระบุโฟลเดอร์ด้วย --site-dir")
    if not force and not (site_dir / MARKER).is_file():
        raise PublishError(f"โฟลเดอร์ {site_dir} ไม่ใช่เว็บไซต์ที่ oit build สร้าง (ไม่มีไฟล์ {MARKER}) จึงไม่เผยแพร่ "
                           "— รัน oit build ก่อน หรือใช้ --force ถ้าแน่ใจว่าต้องการเผยแพร่โฟลเดอร์นี้")


def _read_manifest(target: Target, where: str) -> Manifest:
    data = target.read(MANIFEST_NAME)
    if data is None:
        # A host that cannot rename onto a file had the old manifest deleted and the new one
        # not yet renamed when the publish was stopped: the temporary one is the whole truth.
        data = target.read(MANIFEST_TEMP)
        if data is None:
            return Manifest()
        try:
            return parse_manifest(data)
        except ManifestError:
            return Manifest()  # a temporary file cut off mid-write: there was no manifest
    try:
        return parse_manifest(data)
    except ManifestError as error:
        raise PublishError(f"ไฟล์ {MANIFEST_NAME} บน {where} {error} จึงไม่รู้ว่าไฟล์ใดเป็นของ oit และจะไม่แตะต้องสิ่งใด "
                           f"— ถ้าไฟล์นี้เสีย ให้ลบออก แล้วเผยแพร่ใหม่ด้วย --adopt") from None


def _present(target: Target, paths: list[str]) -> set[str]:
    """Which of ``paths`` already exist on the target: one listing per existing folder, not a request per file."""
    names: dict[str, set[str] | None] = {}  # None: no such folder on the target

    def listing(folder: str) -> set[str] | None:
        if folder not in names:
            if not folder:
                names[folder] = target.list_names("")
            else:
                parent, _, base = folder.rpartition("/")
                above = listing(parent)
                names[folder] = target.list_names(folder) if above and base in above else None
        return names[folder]

    present = set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        found = listing(folder)
        if found and name in found:
            present.add(path)
    return present


class Publication:
    """An open connection to the target with the plan computed; ``execute`` carries it out."""

    def __init__(self, site_dir: Path, target_url: str, *, adopt: bool = False, force: bool = False,
                 known_hosts: Path | None = None, ask_password: Callable[[], str] | None = None) -> None:
        self.site_dir = Path(site_dir)
        check_site_dir(self.site_dir, force)
        try:
            self.spec: TargetSpec = parse_target(target_url)
        except TargetError as error:
            raise PublishError(str(error)) from None
        if self.spec.scheme == "folder":
            _refuse_folder_inside_site(Path(self.spec.path).expanduser(), self.site_dir)
        self.local = scan_site(self.site_dir)
        try:
            self.target: Target = open_target(self.spec, known_hosts=known_hosts, ask_password=ask_password)
        except TargetError as error:
            raise PublishError(str(error)) from None
        try:
            self.manifest = _read_manifest(self.target, self.spec.display())
            present = _present(self.target, paths_to_probe(self.local, self.manifest))
        except TargetError as error:
            self.close()
            raise PublishError(str(error)) from None
        except PublishError:
            self.close()
            raise
        self.plan = plan_publish(self.local, self.manifest, present, adopt=adopt)

    def __enter__(self) -> "Publication":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.target.close()

    def _write_manifest(self) -> None:
        data = dump_manifest(self.manifest, f"oit {__version__}", dt.datetime.now(dt.timezone.utc))
        self.target.put_bytes(data, MANIFEST_TEMP)
        self.target.replace(MANIFEST_TEMP, MANIFEST_NAME)

    def _ensure_parents(self, path: str, known: set[str]) -> None:
        for folder in parents(path):
            if folder not in known:
                if self.target.make_dir(folder):
                    self.manifest = record_dirs(self.manifest, created=[folder])
                known.add(folder)

    def execute(self, on_file: Callable[[LocalFile], None] | None = None) -> PublishResult:
        """Carry out the plan. Raises :class:`PublishError` when the host fails midway (run again to finish)."""
        started = time.monotonic()
        plan = self.plan
        if plan.is_empty:
            return PublishResult(plan, 0, 0, 0, time.monotonic() - started)
        uploaded: list[LocalFile] = []
        removed = 0
        try:
            self.target.prepare_root()
            self.manifest = claim(self.manifest, [f.path for f in plan.uploads] + list(plan.removals))
            self._write_manifest()
            known_dirs: set[str] = set()
            batch: list[LocalFile] = []
            last_write = time.monotonic()
            for file in plan.uploads:
                self._ensure_parents(file.path, known_dirs)
                self.target.put_file(self.site_dir / file.path, file.path)
                batch.append(file)
                uploaded.append(file)
                if on_file is not None:
                    on_file(file)
                if len(batch) >= BATCH_FILES or time.monotonic() - last_write >= BATCH_SECONDS:
                    self.manifest = record_uploaded(self.manifest, batch)
                    self._write_manifest()
                    batch, last_write = [], time.monotonic()
            self.manifest = record_uploaded(self.manifest, batch)
            if plan.removals:
                self._write_manifest()  # the uploads are recorded before anything is deleted
            for path in plan.removals:
                self.target.remove(path)
                removed += 1
            self.manifest = record_removed(self.manifest, plan.removals)
            pruned = [d for d in dirs_to_prune(self.manifest) if self.target.remove_dir(d)]
            self.manifest = record_dirs(self.manifest, removed=pruned)
            self._write_manifest()
        except TargetError as error:
            raise PublishError(f"{error} — ไฟล์ที่ส่งแล้วถูกบันทึกไว้ รันคำสั่งเดิมอีกครั้งเพื่อทำต่อให้เสร็จ") from None
        return PublishResult(plan, len(uploaded), removed, sum(f.size for f in uploaded), time.monotonic() - started)


def _refuse_folder_inside_site(target: Path, site_dir: Path) -> None:
    resolved, site = target.resolve(), site_dir.resolve()
    if resolved == site or resolved.is_relative_to(site):
        raise PublishError(f"ปลายทาง {target} อยู่ในโฟลเดอร์เว็บไซต์ {site_dir} เอง — เลือกโฟลเดอร์อื่น")


def publish(site_dir: Path, target_url: str, *, dry_run: bool = False, adopt: bool = False, force: bool = False,
            known_hosts: Path | None = None, on_file: Callable[[LocalFile], None] | None = None) -> PublishResult:
    """Plan and (unless ``dry_run``) carry out one publish; never prompts."""
    with Publication(site_dir, target_url, adopt=adopt, force=force, known_hosts=known_hosts) as publication:
        if dry_run:
            return PublishResult(publication.plan, 0, 0, 0, 0.0)
        return publication.execute(on_file)
