"""The built site folder: whose it is, and how a new build replaces it whole.

Both ``oit build`` and ``mkdocs build`` (through the plugin) build into a staging folder
next to the site and swap it in with two renames, so a failed build leaves the previous
site as it was, and both write :data:`MARKER`, so either command may replace what the
other built (and ``oit publish`` accepts either).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import stat
from pathlib import Path

from .atomic import write_text

MARKER = ".oit-build"  # written into every built site: proof the folder is ours to replace
# A site made by the oit plugin before sites were marked carries the plugin's stylesheet.
_FINGERPRINT = Path("assets/stylesheets/oit.css")


def is_marked(site_dir: Path) -> bool:
    """``site_dir`` carries :data:`MARKER`: a build of ours made it (what ``oit publish`` asks)."""
    return (site_dir / MARKER).is_file()


def is_ours(site_dir: Path) -> bool:
    """``site_dir`` holds nothing, or a site that ``oit build`` or ``mkdocs build`` with the plugin made."""
    if not site_dir.is_dir():
        return False
    if not any(site_dir.iterdir()) or is_marked(site_dir):
        return True
    return (site_dir / _FINGERPRINT).is_file() and (site_dir / "sitemap.xml").is_file()


def mark(site_dir: Path, by: str) -> None:
    write_text(site_dir / MARKER, f"built by {by}\n")


def work_folder(site_dir: Path, kind: str) -> Path:
    """This process's ``.site.building-<pid>`` or ``.site.previous-<pid>`` beside ``site_dir``."""
    return site_dir.parent / f"{_work_prefix(site_dir)}{kind}-{os.getpid()}"


def restore_interrupted_swap(site_dir: Path) -> None:
    """A build killed between the two renames of :func:`swap` left the old site aside: put it back."""
    if site_dir.exists():
        return
    retired = sorted(site_dir.parent.glob(glob.escape(_work_prefix(site_dir)) + "previous-*"),
                     key=lambda p: p.stat().st_mtime)
    if retired and is_marked(retired[-1]):
        retired[-1].rename(site_dir)


def swap(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames on one file system."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    retired = work_folder(site_dir, "previous")
    shutil.rmtree(retired, ignore_errors=True)
    site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)


class Staging:
    """A build of ``site_dir`` made aside: :meth:`finish` swaps it in, :meth:`discard` drops it."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        restore_interrupted_swap(self.site_dir)
        remove_abandoned_work(self.site_dir)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = work_folder(self.site_dir, "building")
        shutil.rmtree(self.folder, ignore_errors=True)

    def finish(self, by: str = "mkdocs build") -> None:
        try:
            mark(self.folder, by)
            swap(self.folder, self.site_dir)
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _work_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}."


_WORK = re.compile(r"(building|previous)-([0-9]+)")


def remove_abandoned_work(site_dir: Path) -> None:
    """Remove work folders of builds of ``site_dir`` that were killed (``.site.building-<pid>``…).

    Only folders named for this site by a build whose process is gone; never a link,
    a file, another site's folders, or those of a build still running.
    """
    prefix = _work_prefix(site_dir)
    for entry in site_dir.parent.glob(glob.escape(prefix) + "*-*"):
        match = _WORK.fullmatch(entry.name[len(prefix):])
        if match is None or int(match.group(2)) == os.getpid() or _running(int(match.group(2))):
            continue
        if stat.S_ISDIR(entry.lstat().st_mode):  # lstat: a link to elsewhere is not ours to empty
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (when unsure: yes, so its folder is kept)."""
    if os.name == "nt":  # os.kill would terminate it on Windows: ask the kernel instead
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000 | 0x00100000, False, pid)  # QUERY_LIMITED_INFORMATION | SYNCHRONIZE
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            return kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's live process
        return True
    return True
