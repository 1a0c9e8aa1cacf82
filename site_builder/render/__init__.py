"""Pages from the model: pure functions, model in, pages and data files out.

Independent of MkDocs: the plugin (``plugin.py``) only hands these to the engine,
so the engine can be swapped. Addresses follow the data contract
(``/<year>/oit/<code>/`` …), lowercase ASCII, written as ``<address>index.md``.
Generated Markdown holds raw HTML for tables and lists (built from escaped or
sanitised values, see ``text.py``) and Markdown headings with explicit ASCII ids.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from .. import formatting
from ..model import Project
from . import format, text
from .chart import trend_svg
from .data_files import FILES, data_files
from .link_status import item_links, links_page, year_summary
from .views import (
    PROGRESS_LABELS,
    TOOL_NAMES,
    YearView,
    history,
    indicator_rows,
    item_views,
    items_by_indicator,
    level_style,
    link_view,
    measure_groups,
    measure_views,
    measures_for_indicator,
    previous_scores,
    recent_changes,
    shortcuts,
    signatures,
    status_label,
    themes_covering,
    tool_scores,
    year_views,
)

__all__ = ["Site", "render_site", "site_nav", "item_views"]

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("site_builder.render", "templates"),
    autoescape=True,  # every value is HTML-escaped unless a filter below made it safe
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,  # templates ship with the package: no stat per page
)
_TEMPLATES.filters.update(
    inline=lambda value: Markup(text.inline(value)),
    rich=lambda value: Markup(text.rich(value)),
    lines=lambda value: Markup(text.lines(value)),
    score=format.score,
    thai_date=format.thai_date,
    file_size=format.file_size,
    level_style=level_style,
    status_label=status_label,
)
_TEMPLATES.globals.update(
    tool_scores=tool_scores,
    tool_name=lambda code: TOOL_NAMES.get(code, code),
    time_label=formatting.time_label,
    progress_label=lambda status: PROGRESS_LABELS.get(status or "", ""),
    change=lambda new, old: format.change(new - old) if new is not None and old is not None else "",
)


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]     # "2569/oit/o1/index.md" → Markdown
    files: dict[str, bytes]   # "2569/data/oit.csv" → bytes
    nav: list[Any]            # MkDocs ``nav``: home, one entry per year, newest first


def _relative(here: str):
    """``rel(address)``: the shortest link from the page at ``here`` to a site address or file."""
    base = "/" + here

    def rel(address: str) -> str:
        path, hash_, fragment = address.partition("#")
        target = posixpath.relpath("/" + path, base) if path else posixpath.relpath("/", base)
        if target == ".":
            target = "./"
        elif path.endswith("/") or not path:
            target += "/"
        return target + hash_ + fragment
    return rel


_H1 = re.compile(r"^# (.+?)(?: \{ #[\w-]+ \})?$", re.M)


def _render(name: str, here: str, **context: Any) -> str:
    return _render_page(name, here, offered=set(), **context)


def _render_page(name: str, here: str, **context: Any) -> str:
    return _with_title(_TEMPLATES.get_template(name).render(rel=_relative(here), **context))


def _with_title(page: str) -> str:
    """Front matter naming the page after its heading.

    MkDocs takes a title from the first heading only when nothing precedes it, and
    generated pages start with a breadcrumb. The heading text is already HTML-escaped
    (themes print the title unescaped); only Markdown's backslash escapes are undone.
    """
    match = _H1.search(page)
    if match is None:
        return page
    title = re.sub(r"\\(.)", r"\1", match.group(1))
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{page}"


def _year_pages(project: Project, view: YearView, sizes: dict[str, int], downloads: set[str]) -> dict[str, str]:
    """The year's pages; ``downloads`` names the data files the year has (``oit.csv`` …)."""
    year = view.year
    base = f"{year}/"
    _render = functools.partial(_render_page, offered=downloads)
    previous = previous_scores(project, year)
    pages = {base + "index.md": _render("year.md.j2", base, view=view, previous=previous)}
    if view.items:
        assert view.catalog is not None  # items come from the year's catalog (views.item_views)
        pages[base + "oit/index.md"] = _render("oit_index.md.j2", base + "oit/", view=view,
                                               groups=items_by_indicator(view.items, view.catalog),
                                               audit=project.audit, link_summary=year_summary(project.audit, view))
        for i, item in enumerate(view.items):
            pages[item.address + "index.md"] = _render(
                "oit_item.md.j2", item.address, item=item, catalog=view.catalog,
                previous=view.items[i - 1] if i > 0 else None,
                next=view.items[i + 1] if i + 1 < len(view.items) else None,
                audit=project.audit, links=item_links(item, project.audit))
    measures = view.data.measures
    measure_list = measure_views(measures) if measures is not None else []
    hist = history(project, until=year)
    for number in range(1, 11):
        address = f"{base}indicators/{number}/"
        analysed = project.scores_of(measures.analysed_year) if measures is not None else None
        pages[address + "index.md"] = _render(
            "indicator.md.j2", address, view=view, number=number, previous=previous, rows=indicator_rows(hist, number),
            measures=measures, analysis=measures.analysis.get(number) if measures else None,
            analysed_score=analysed.indicators.get(number) if analysed else None,
            themes=[theme for _, theme in themes_covering(measures, number)] if measures else [],
            answering=measures_for_indicator(measure_list, number),
            items=[item for item in view.items if item.item.indicator == number])
    if measures is not None:
        analysed = project.scores_of(measures.analysed_year)
        pages[base + "analysis/index.md"] = _render(
            "analysis.md.j2", base + "analysis/", view=view, measures=measures, agency=project.agency,
            analysed=analysed, before_analysed=previous_scores(project, measures.analysed_year),
            analysed_catalog=project.nearest_catalog(measures.analysed_year), measure_list=measure_list,
            signatures=signatures(measures, project.agency),
            covering={number: themes_covering(measures, number) for number in range(1, 11)})
        pages[base + "measures/index.md"] = _render(
            "measures.md.j2", base + "measures/", view=view, measures=measures, measure_list=measure_list,
            groups=measure_groups(measure_list, view.catalog),
            reported=any(m.progress for m in measures.measures),
            link_view=lambda link: link_view(link, sizes))
    pages[base + "data/index.md"] = _render("data.md.j2", base + "data/", view=view, files=FILES)
    return pages


def render_site(project: Project, site_url: str = "") -> Site:
    """Every generated page and data file of the project."""
    sizes = project.file_sizes
    years = year_views(project, sizes)
    pages: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for view in years:
        year_files = data_files(view, site_url)
        files.update(year_files)
        pages.update(_year_pages(project, view, sizes, {path.rsplit("/", 1)[1] for path in year_files}))
    scored = [v for v in years if v.data.scores is not None]
    with_items = [v for v in years if v.items]
    hist = history(project)
    latest = scored[-1] if scored else None
    svg = trend_svg(hist.years, hist.totals, hist.indicators,
                    title="แนวโน้มคะแนนการประเมิน ITA",
                    description="; ".join(f"ปี {y}: คะแนนรวม {format.score(t)}"
                                          for y, t in zip(hist.years, hist.totals, strict=False)))
    pages["index.md"] = _render(
        "home.md.j2", "", agency=project.agency, latest=latest, hist=hist, chart_svg=Markup(svg),
        names_catalog=project.nearest_catalog(hist.years[-1]) if hist.years else None,
        oit_year=with_items[-1] if with_items else None, changes=recent_changes(project), years=years)
    pages["links/index.md"] = _render("links.md.j2", "links/", page=links_page(project.audit, years))
    return Site(pages, files, site_nav(project))


def site_nav(project: Project) -> list[Any]:
    """The navigation: home, then one entry per year (newest first).

    Deliberately short: mkdocs-material prints the whole navigation on every page,
    so listing every item page would make each page grow with the site (the
    square of the page count in total). Deeper pages carry a breadcrumb instead.
    """
    years = [y for y, d in sorted(project.years.items(), reverse=True)
             if d.scores is not None or d.measures is not None or d.oit is not None]
    nav: list[Any] = [{"หน้าแรก": "index.md"}]
    # This year's OIT index and O25 document: what the assessor and most readers come for.
    nav += [{label: address + "index.md"} for label, address in shortcuts(project)]
    nav += [{f"ปีงบประมาณ {year}": f"{year}/index.md"} for year in years]
    nav.append({"ผลการตรวจลิงก์": "links/index.md"})
    # The agency's own top-level pages (content/*.md, read by the loader), titled by their first heading.
    nav += list(project.content_pages)
    return nav


def localize(page_html: str, digits: format.DigitStyle) -> str:
    """A finished HTML page in the agency's digits (see ``format.localize_digits``)."""
    return format.localize_digits(page_html, digits)
