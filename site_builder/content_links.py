"""Symbolic links in ``content/`` that must not reach the site.

``content/`` is copied into the public site, so a link in it would publish whatever it
points to (``/etc/passwd``, a whole private folder). The rule is that of a data
``file:``: what the site takes from ``content/`` must really be inside ``content/``.
A link to a file or folder inside it is fine; a link pointing outside it, to nothing,
or to a folder that holds the link itself (an endless loop) is not. ``oit check``
reports these (``check.check_content_links``) and the plugin leaves them out of the
build even when the check was bypassed (plain ``mkdocs build``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Why a link is refused; check.py turns these into Thai messages.
OUTSIDE, DANGLING, LOOP = "outside", "dangling", "loop"


@dataclass(frozen=True)
class BadLink:
    path: str    # relative to content/, with forward slashes
    target: str  # what the link says (os.readlink)
    reason: str  # OUTSIDE | DANGLING | LOOP


def bad_links(content_dir: Path) -> list[BadLink]:
    """The refused links under ``content_dir``, sorted; [] when there is no such folder."""
    if not content_dir.is_dir():
        return []
    root = os.path.realpath(content_dir)
    found: list[BadLink] = []
    for folder, dirnames, filenames in os.walk(content_dir):  # never follows a link
        for name in sorted(dirnames + filenames):
            path = os.path.join(folder, name)
            if not (os.path.islink(path) or _is_junction(path)):
                continue
            reason = _refused(path, root)
            if reason is not None:
                relative = Path(path).relative_to(content_dir).as_posix()
                found.append(BadLink(relative, _readlink(path), reason))
    return sorted(found, key=lambda link: link.path)


def _is_junction(path: str) -> bool:
    """A Windows junction: a folder link ``os.path.islink`` does not see (Python 3.12+ can tell)."""
    test = getattr(os.path, "isjunction", None)
    return bool(test(path)) if test is not None else False


def _refused(path: str, root: str) -> str | None:
    real = os.path.realpath(path)
    if not os.path.exists(path):
        return DANGLING
    if os.path.commonpath([root, real]) != root:
        return OUTSIDE
    if os.path.isdir(real):
        here = os.path.realpath(os.path.dirname(path))
        if os.path.commonpath([real, here]) == real:  # the link is inside what it points to
            return LOOP
    return None


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def is_under(relative: str, links: list[BadLink]) -> bool:
    """Whether a path of ``content/`` is one of ``links`` or inside one of them."""
    return any(relative == link.path or relative.startswith(link.path + "/") for link in links)
