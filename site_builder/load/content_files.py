"""What the site needs to know of ``content/`` besides the data: the evidence files' sizes
and the agency's own top-level pages. Read here, with the data, so rendering reads no disk."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..audit import file_path
from ..model import Link, YearData


def _links(data: YearData) -> list[Link]:
    links = [link for evidence in (data.oit.items.values() if data.oit else []) for link in evidence.links]
    links += [link for measure in (data.measures.measures if data.measures else [])
              for progress in measure.progress for link in progress.links]
    return links


def file_sizes(content_dir: Path, years: Iterable[YearData]) -> dict[str, int]:
    """Byte sizes of the evidence files under content/ (shown beside each link), by path."""
    sizes: dict[str, int] = {}
    for data in years:
        for link in _links(data):
            if link.file is not None:
                name = file_path(str(link.file))
                path = content_dir / name
                if name not in sizes and path.is_file():
                    sizes[name] = path.stat().st_size
    return sizes


def top_pages(content_dir: Path) -> tuple[str, ...]:
    """The agency's own top-level pages (``content/*.md`` but the home page), sorted by name."""
    if not content_dir.is_dir():
        return ()
    return tuple(sorted(p.name for p in content_dir.glob("*.md") if p.name != "index.md"))
