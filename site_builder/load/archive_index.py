"""Read the evidence archive (``archive/``, kept by ``oit links``) into the model.

The folder, its index files and their reader are ``archive.py``'s; this keeps, of each
evidence URL's index, only the versions whose bytes are there whole (``archive.kept``),
so the site never offers a copy it cannot publish. A damaged index is skipped by the
reader; no ``archive/`` at all is fine (the site then offers no copies).
"""

from __future__ import annotations

from pathlib import Path

from .. import archive


def archive_entries(root: Path) -> dict[str, archive.Entry]:
    """Each readable index of the project's archive by its URL (the link's audit key), kept versions only."""
    found: dict[str, archive.Entry] = {}
    for entry in archive.entries(root):
        found[entry.url] = archive.kept_only(root, entry)
    return found
