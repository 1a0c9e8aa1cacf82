"""The built site folder: whose it is, and how a new build replaces it whole.

Both ``oit build`` and ``mkdocs build`` (through the plugin) build into a staging folder
next to the site and swap it in with two renames, so a failed build leaves the previous
site as it was, and both write :data:`MARKER`, so either command may replace what the
other built (and ``oit publish`` accepts either).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".oit-build"  # written into every built site: proof the folder is ours to replace
# A site made by the oit plugin before sites were marked carries the plugin's stylesheet.
_FINGERPRINT = Path("assets/stylesheets/oit.css")


def is_ours(site_dir: Path) -> bool:
    """``site_dir`` holds nothing, or a site that ``oit build`` or ``mkdocs build`` with the plugin made."""
    if not site_dir.is_dir():
        return False
    if not any(site_dir.iterdir()) or (site_dir / MARKER).is_file():
        return True
    return (site_dir / _FINGERPRINT).is_file() and (site_dir / "sitemap.xml").is_file()


def mark(site_dir: Path, by: str) -> None:
    (site_dir / MARKER).write_text(f"built by {by}\n", encoding="utf-8")


def restore_interrupted_swap(site_dir: Path) -> None:
    """A build killed between the two renames of :func:`swap` left the old site aside: put it back."""
    if site_dir.exists():
        return
    retired = sorted(site_dir.parent.glob(f".{site_dir.name}.previous-*"), key=lambda p: p.stat().st_mtime)
    if retired and (retired[-1] / MARKER).is_file():
        retired[-1].rename(site_dir)


def swap(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames on one file system."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    retired = site_dir.parent / f".{site_dir.name}.previous-{os.getpid()}"
    shutil.rmtree(retired, ignore_errors=True)
    site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)


class Staging:
    """A build of ``site_dir`` made aside: :meth:`finish` swaps it in, :meth:`discard` drops it."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        restore_interrupted_swap(self.site_dir)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = self.site_dir.parent / f".{self.site_dir.name}.building-{os.getpid()}"
        shutil.rmtree(self.folder, ignore_errors=True)

    def finish(self, by: str = "mkdocs build") -> None:
        try:
            mark(self.folder, by)
            swap(self.folder, self.site_dir)
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
