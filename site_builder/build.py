"""``oit build``: check, build into a temporary folder, swap it in only on success.

A failed or interrupted build leaves the previously built site exactly as it was;
a folder that is neither empty nor a previous build is never touched. The work
folders of builds that were killed (``.site.building-<pid>``, ``.site.previous-<pid>``)
are removed by the next build; a full disk is reported in Thai, not as an internal error.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import disk_full_message, is_disk_full
from .base.errors import OitError
from .check import Report, run_check
from .findings import Finding, errors
from .model import Project
from .sitedir import MARKER, is_ours, mark, remove_abandoned_work, restore_interrupted_swap, swap, work_folder

__all__ = ["MARKER", "BuildRefused", "BuildResult", "build_site"]


class BuildRefused(OitError):
    """The build cannot run: no mkdocs.yml, a foreign site folder, an engine failure."""


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site_dir: Path | None  # None when the check found errors and nothing was built
    notes: tuple[Finding, ...] = ()  # what the build itself found (a damaged archive copy not published)


def _ensure_replaceable(site_dir: Path) -> None:
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise BuildRefused(f"{site_dir} เป็นไฟล์ ไม่ใช่โฟลเดอร์ จึงสร้างเว็บไซต์ลงไปไม่ได้")
    if not is_ours(site_dir):
        raise BuildRefused(f"โฟลเดอร์ {site_dir} มีไฟล์อื่นอยู่และไม่ใช่เว็บไซต์ที่ oit build สร้างไว้ "
                           "จึงไม่เขียนทับ — เลือกโฟลเดอร์ว่างด้วย --site-dir")


def _docs_dir_missing(config_file: Path) -> bool:
    """mkdocs.yml names a docs_dir (content/) that is not there: git drops an empty folder."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open("rb") as stream:
            raw = yaml_load(stream) or {}
    except Exception:  # noqa: BLE001 - MkDocs' own loading reports a broken mkdocs.yml
        return False
    docs_dir = raw.get("docs_dir", "docs") if isinstance(raw, dict) else "docs"
    return isinstance(docs_dir, str) and not (config_file.parent / docs_dir).is_dir()


def _run_engine(config_file: Path, output: Path, epoch: str, project: Project) -> list[Finding]:
    """MkDocs builds ``config_file`` into ``output`` from ``project`` (loaded and checked).

    Returns the warnings of the build itself (see ``plugin.build_notes``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .plugin import build_notes, hand_over

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        with tempfile.TemporaryDirectory(prefix="oit-empty-content-") as empty:
            # No content/ folder: every page comes from data/, so build from an empty one
            # rather than stop on MkDocs' "docs_dir does not exist" (and never create it in the project).
            options = {"docs_dir": empty} if _docs_dir_missing(config_file) else {}
            config = load_config(config_file=str(config_file), site_dir=str(output), **options)
            hand_over(config, project)  # the plugin need not read and check the data again
            build(config)
            return build_notes(config)
    except MkDocsException as error:
        raise BuildRefused(f"สร้างเว็บไซต์ไม่สำเร็จ: {error}") from None
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def build_site(root: Path, site_dir: Path | None = None) -> BuildResult:
    root = Path(root)
    site_dir = (Path(site_dir) if site_dir is not None else root / "site").resolve()
    restore_interrupted_swap(site_dir)
    remove_abandoned_work(site_dir)
    report = run_check(root)
    if errors(report.findings):
        return BuildResult(report, None)
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildRefused(f"ไม่พบไฟล์ {config_file} (ตั้งค่าเว็บไซต์)")
    _ensure_replaceable(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = work_folder(site_dir, "building")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        # The build date MkDocs writes (sitemap lastmod, gzip header) comes from the data,
        # not the clock, so the same input gives the same bytes on any day.
        epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(_data_epoch(report.project))
        notes = _run_engine(config_file, staging, epoch, report.project)
        mark(staging, "oit build")
        swap(staging, site_dir)
    except OSError as error:
        if is_disk_full(error):  # the previous site is untouched: say what to do, not "internal error"
            raise BuildRefused(disk_full_message(site_dir)) from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(report, site_dir, tuple(notes))


def _data_epoch(project: Project) -> int:
    """The newest date the data mentions (announcements, evidence, progress), as a Unix time."""
    dates = [dt.date(2000, 1, 1)]
    for data in project.years.values():
        if data.scores is not None and data.scores.announced is not None:
            dates.append(data.scores.announced)
        if data.oit is not None:
            dates += [e.published for e in data.oit.items.values() if e.published is not None]
        if data.measures is not None:
            dates += [p.date for m in data.measures.measures for p in m.progress if p.date is not None]
    newest = max(day for day in dates if day <= dt.date.today())  # a typo in the future is no build date
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())
