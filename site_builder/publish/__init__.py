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
from typing import ClassVar

from .. import __version__
from ..base.errors import OitError
from ..sitedir import MARKER, is_marked
from .manifest import (
    MANIFEST_NAME,
    MANIFEST_NAMES,
    MANIFEST_PLAIN,
    MANIFEST_PLAIN_TEMP,
    MANIFEST_TEMP,
    MAX_MANIFEST_BYTES,
    LocalFile,
    Manifest,
    ManifestError,
    Plan,
    claim,
    dirs_to_prune,
    dump_manifest,
    parents,
    parse_manifest,
    paths_to_probe,
    plan_publish,
    record_dirs,
    record_removed,
    record_uploaded,
)
from .targets import (
    Kind,
    ListingRefused,
    Target,
    TargetError,
    TargetSpec,
    TooLarge,
    open_target,
    parse_target,
)

__all__ = ["Publication", "PublishError", "PublishResult", "parse_target", "publish", "scan_site"]

# The manifest is rewritten after this many uploads or seconds, whichever comes first: a
# resumed publish repeats at most one batch, and a large site does not pay a manifest per file.
BATCH_FILES = 40
BATCH_SECONDS = 5.0
_SKIP = {MARKER, *MANIFEST_NAMES}
# What the web server must be able to read: files rw-r--r--, folders rwxr-xr-x. Some hosts
# (vsftpd's default umask 077) would otherwise leave every file readable by the owner only.
FILE_MODE = 0o644
DIR_MODE = 0o755
_RERUN = "ไฟล์ที่ส่งแล้วถูกบันทึกไว้ รันคำสั่งเดิมอีกครั้งเพื่อทำต่อให้เสร็จ"
_FIX_FIRST = ("ไฟล์ที่ส่งแล้วถูกบันทึกไว้ การรันซ้ำจะไม่ช่วยจนกว่าจะแก้สาเหตุนี้ (เช่น สิทธิ์เขียนของบัญชีบนปลายทาง "
              "พื้นที่เต็ม หรือชื่อไฟล์ที่เครื่องปลายทางไม่รับ) แล้วจึงรันคำสั่งเดิมอีกครั้ง")


class PublishError(OitError):
    """The publish cannot run; the message is Thai and says what to do."""


@dataclass(frozen=True)
class PublishResult:
    plan: Plan
    uploaded: int
    removed: int
    bytes_sent: int
    seconds: float
    modes_not_set: tuple[str, ...] = ()  # uploaded paths whose permissions the host would not set
    skipped_entries: tuple[str, ...] = ()  # corrupt manifest entries left out

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
    if not force and not is_marked(site_dir):
        raise PublishError(f"โฟลเดอร์ {site_dir} ไม่ใช่เว็บไซต์ที่ oit build สร้าง (ไม่มีไฟล์ {MARKER}) จึงไม่เผยแพร่ "
                           "— รัน oit build ก่อน หรือใช้ --force ถ้าแน่ใจว่าต้องการเผยแพร่โฟลเดอร์นี้")


def _read_one(target: Target, name: str, where: str) -> bytes | None:
    try:
        return target.read(name, MAX_MANIFEST_BYTES)
    except TooLarge:
        raise PublishError(f"ไฟล์ {name} บน {where} ใหญ่ผิดปกติ (เกิน {MAX_MANIFEST_BYTES // (1024 * 1024)} MB) "
                           "จึงไม่อ่าน ไม่รู้ว่าไฟล์ใดเป็นของ oit และจะไม่แตะต้องสิ่งใด — ไฟล์นี้อาจถูกปลอมหรือเสีย: "
                           "ให้ผู้ดูแลเครื่องตรวจสอบ ลบออก แล้วเผยแพร่ใหม่ด้วย --adopt") from None


def _read_manifest(target: Target, where: str) -> tuple[Manifest, str]:
    """The manifest and the name it was found under (dotted, or plain on hosts that forbid dot-files)."""
    for name, temp in ((MANIFEST_NAME, MANIFEST_TEMP), (MANIFEST_PLAIN, MANIFEST_PLAIN_TEMP)):
        data = _read_one(target, name, where)
        if data is None:
            # A host that cannot rename onto a file had the old manifest deleted and the new one
            # not yet renamed when the publish was stopped: the temporary one is the whole truth.
            data = _read_one(target, temp, where)
            if data is None:
                continue
            try:
                return parse_manifest(data), name
            except ManifestError:
                return Manifest(), name  # a temporary file cut off mid-write: there was no manifest
        try:
            return parse_manifest(data), name
        except ManifestError as error:
            raise PublishError(f"ไฟล์ {name} บน {where} {error} จึงไม่รู้ว่าไฟล์ใดเป็นของ oit และจะไม่แตะต้องสิ่งใด "
                               f"— ถ้าไฟล์นี้เสีย ให้ลบออก แล้วเผยแพร่ใหม่ด้วย --adopt") from None
    return Manifest(), MANIFEST_NAME


class _Survey:
    """What sits on the target, asked once per folder (a listing) or, where listings are refused, per path."""

    _REFUSED: ClassVar[dict[str, Kind]] = {}  # a marker (by identity): the folder exists but will not be listed

    def __init__(self, target: Target) -> None:
        self.target = target
        self.listings: dict[str, dict[str, Kind] | None] = {}
        self.kinds: dict[str, Kind | None] = {}

    def listing(self, folder: str) -> dict[str, Kind] | None:
        if folder not in self.listings:
            found: dict[str, Kind] | None = None
            if not folder or self.kind(folder) in ("dir", "unknown"):
                try:
                    found = self.target.entries(folder)
                except ListingRefused:
                    found = self._REFUSED
            self.listings[folder] = found
        return self.listings[folder]

    def kind(self, path: str) -> Kind | None:
        if path not in self.kinds:
            folder, _, name = path.rpartition("/")
            above = self.listing(folder)
            if above is None:
                found: Kind | None = None
            elif above is self._REFUSED or above.get(name) == "unknown" or (name.startswith(".") and name not in above):
                found = self.target.kind(path)  # no listing, names only (NLST), or a name LIST may hide
            else:
                found = above.get(name)
            self.kinds[path] = found
        return self.kinds[path]

    def present(self, path: str) -> bool:
        return self.kind(path) is not None

    def obstacle(self, path: str) -> bool:
        """A link at ``path`` or on the way to it, or something there that is not a file oit can replace."""
        for folder in parents(path):
            found = self.kind(folder)
            if found is None:
                return False  # nothing further down exists yet
            if found not in ("dir", "unknown"):
                return True
        return self.kind(path) not in (None, "file", "unknown")


class Publication:
    """An open connection to the target with the plan computed; ``execute`` carries it out.

    ``file_mode``/``dir_mode``: the permissions set on every file and folder oit uploads or
    creates (None: leave them as the host makes them).
    """

    def __init__(self, site_dir: Path, target_url: str, *, adopt: bool = False, force: bool = False,
                 known_hosts: Path | None = None, ask_password: Callable[[], str] | None = None,
                 ca_file: Path | None = None, trust_host_key: str | None = None,
                 file_mode: int | None = FILE_MODE, dir_mode: int | None = DIR_MODE) -> None:
        self.site_dir = Path(site_dir)
        self.file_mode, self.dir_mode = file_mode, dir_mode
        check_site_dir(self.site_dir, force)
        try:
            self.spec: TargetSpec = parse_target(target_url)
        except TargetError as error:
            raise PublishError(str(error)) from None
        if self.spec.scheme == "folder":
            _refuse_folder_inside_site(Path(self.spec.path).expanduser(), self.site_dir)
        self.local = scan_site(self.site_dir)
        try:
            self.target: Target = open_target(self.spec, known_hosts=known_hosts, ask_password=ask_password,
                                              ca_file=ca_file, trust_host_key=trust_host_key)
        except TargetError as error:
            raise PublishError(str(error)) from None
        where = self.spec.display()
        try:
            self.manifest, self.manifest_name = _read_manifest(self.target, where)
            survey = _Survey(self.target)
            present = {p for p in paths_to_probe(self.local, self.manifest) if survey.present(p)}
            plan = plan_publish(self.local, self.manifest, present, adopt=adopt)
            # Everything about to be written or removed: a link there, or on the way, is never followed.
            touched = [f.path for f in plan.uploads] + list(plan.removals)
            blocked = {path for path in touched if survey.obstacle(path)}
            if blocked:
                plan = plan_publish(self.local, self.manifest, present, adopt=adopt, blocked=blocked)
            if not plan.is_empty:
                for name in (self.manifest_name, _temp_of(self.manifest_name)):
                    if survey.obstacle(name):
                        raise PublishError(f"{name} บน {where} เป็นลิงก์หรือโฟลเดอร์ ไม่ใช่ไฟล์บันทึกของ oit "
                                           "จึงไม่เขียนผ่านและจะไม่แตะต้องสิ่งใด — ตรวจสอบกับผู้ดูแลเครื่อง แล้วลบสิ่งนั้นออก")
        except TargetError as error:
            self.close()
            raise PublishError(str(error)) from None
        except PublishError:
            self.close()
            raise
        self.plan = plan

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.target.close()

    def _write_manifest(self) -> None:
        data = dump_manifest(self.manifest, f"oit {__version__}", dt.datetime.now(dt.UTC))
        try:
            self.target.put_bytes(data, _temp_of(self.manifest_name))
        except TargetError as error:
            if error.rerun or self.manifest_name != MANIFEST_NAME:
                raise
            # Pure-FTPd with dot-files forbidden (-x) answers 553: the plain name is read as well.
            self.manifest_name = MANIFEST_PLAIN
            self.target.put_bytes(data, MANIFEST_PLAIN_TEMP)
        self.target.replace(_temp_of(self.manifest_name), self.manifest_name)

    def _set_mode(self, path: str, mode: int | None, failed: list[str]) -> None:
        if mode is not None and not self.target.set_mode(path, mode):
            failed.append(path)

    def _ensure_parents(self, path: str, known: set[str], failed: list[str]) -> None:
        for folder in parents(path):
            if folder not in known:
                if self.target.make_dir(folder):
                    self.manifest = record_dirs(self.manifest, created=[folder])
                    self._set_mode(folder, self.dir_mode, failed)
                known.add(folder)

    def execute(self, on_file: Callable[[LocalFile], None] | None = None) -> PublishResult:
        """Carry out the plan. Raises :class:`PublishError` when the host fails midway."""
        started = time.monotonic()
        plan = self.plan
        skipped = self.manifest.skipped
        if plan.is_empty:
            return PublishResult(plan, 0, 0, 0, time.monotonic() - started, skipped_entries=skipped)
        uploaded: list[LocalFile] = []
        failed_modes: list[str] = []
        removed = 0
        try:
            if self.target.prepare_root():
                self._set_mode("", self.dir_mode, failed_modes)
            self.manifest = claim(self.manifest, [f.path for f in plan.uploads] + list(plan.removals))
            self._write_manifest()
            known_dirs: set[str] = set()
            batch: list[LocalFile] = []
            last_write = time.monotonic()
            for file in plan.uploads:
                self._ensure_parents(file.path, known_dirs, failed_modes)
                self.target.put_file(self.site_dir / file.path, file.path)
                self._set_mode(file.path, self.file_mode, failed_modes)
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
            raise PublishError(f"{error} — {_RERUN if error.rerun else _FIX_FIRST}") from None
        return PublishResult(plan, len(uploaded), removed, sum(f.size for f in uploaded), time.monotonic() - started,
                             tuple(failed_modes), skipped)


def _temp_of(name: str) -> str:
    return MANIFEST_TEMP if name == MANIFEST_NAME else MANIFEST_PLAIN_TEMP


def _refuse_folder_inside_site(target: Path, site_dir: Path) -> None:
    resolved, site = target.resolve(), site_dir.resolve()
    if resolved == site or resolved.is_relative_to(site):
        raise PublishError(f"ปลายทาง {target} อยู่ในโฟลเดอร์เว็บไซต์ {site_dir} เอง — เลือกโฟลเดอร์อื่น")


def publish(site_dir: Path, target_url: str, *, dry_run: bool = False, adopt: bool = False, force: bool = False,
            known_hosts: Path | None = None, on_file: Callable[[LocalFile], None] | None = None,
            **options: object) -> PublishResult:
    """Plan and (unless ``dry_run``) carry out one publish; never prompts. ``options``: see :class:`Publication`."""
    with Publication(site_dir, target_url, adopt=adopt, force=force, known_hosts=known_hosts,
                     **options) as publication:  # type: ignore[arg-type]
        if dry_run:
            return PublishResult(publication.plan, 0, 0, 0, 0.0, skipped_entries=publication.manifest.skipped)
        return publication.execute(on_file)
