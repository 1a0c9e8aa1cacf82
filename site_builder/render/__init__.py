"""Pages from the model: pure functions, model in, ``{address: Markdown}`` out.

Independent of MkDocs: the plugin (``plugin.py``) only hands these pages to the
engine, so the engine can be swapped. Addresses follow the data contract
(``/<year>/oit/<code>/`` …), lowercase ASCII, as ``<address>/index.md`` files.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import jinja2
import nh3

from ..catalogs import Catalog, CatalogItem
from ..model import Evidence, Link, Project, YearData

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("site_builder.render", "templates"),
    autoescape=False,  # templates write Markdown; every data value goes through a filter below
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def inline(text: object) -> str:
    """One-line text from the data, safe inside Markdown: HTML escaped, Markdown specials too."""
    escaped = html.escape(str(text or ""), quote=True)
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def markdown_block(text: object) -> str:
    """A Markdown text field: kept as Markdown, any raw HTML sanitised to inert text."""
    return nh3.clean(str(text or ""), tags=set(), strip_comments=True)


_TEMPLATES.filters["inline"] = inline
_TEMPLATES.filters["block"] = markdown_block


@dataclass(frozen=True)
class ItemView:
    """One catalog item with what the agency published for it."""

    item: CatalogItem
    evidence: Evidence | None
    year: int

    @property
    def address(self) -> str:
        return f"{self.year}/oit/{self.item.code.lower()}/"

    @property
    def links(self) -> list[Link]:
        return list(self.evidence.links) if self.evidence else []

    @property
    def generated(self) -> str | None:
        return (self.evidence.generated if self.evidence else None) or self.item.generated


def item_views(year: int, data: YearData, catalog: Catalog) -> list[ItemView]:
    items = data.oit.items if data.oit else {}
    return [ItemView(item, items.get(item.code), year) for item in catalog.items]


def link_href(link: Link, depth: int) -> str:
    """A link target relative to a page ``depth`` folders below the site root."""
    if link.url is not None:
        return link.url
    return "../" * depth + str(link.file).lstrip("/")


def render_pages(project: Project) -> dict[str, str]:
    """Every generated page, by its source path (``2569/oit/o1/index.md``)."""
    pages: dict[str, str] = {}
    oit_years = []
    for year, data in sorted(project.years.items()):
        if data.oit is None:
            continue
        catalog = project.catalogs.get(data.oit.edition)
        if catalog is None:
            continue
        views = item_views(year, data, catalog)
        oit_years.append((year, views))
        pages[f"{year}/oit/index.md"] = _TEMPLATES.get_template("oit_index.md.j2").render(
            year=year, catalog=catalog, views=views, link_href=link_href, agency=project.agency)
        for view in views:
            pages[f"{view.address}index.md"] = _TEMPLATES.get_template("oit_item.md.j2").render(
                year=year, catalog=catalog, view=view, link_href=link_href, agency=project.agency)
    pages["index.md"] = _TEMPLATES.get_template("home.md.j2").render(
        agency=project.agency, oit_years=oit_years)
    return pages
