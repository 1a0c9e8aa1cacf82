"""What the site shows of the latest link audit: the /links/ page, item pages, the OIT index.

Pure functions over the model (``Project.audit``, read by ``load/audits.py``); they
never run a check. A data link is looked up by the URL the audit keeps for it: the
URL as written, or the site address of a ``file:`` (``/files/2569/o1.pdf``).

What readers see is what is certain: a failure seen once (not yet confirmed by a run
a day later) is shown as "รอตรวจซ้ำ" (``LinkCheck.shown``), never as "ลิงก์เสีย", and
is not counted among the problems. Where a link is written is told by page titles
and item codes, never by data-file lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import audit as seam
from ..model import LinkAudit, LinkCheck
from .views import ItemView, LinkView, YearView


def _severity(check: LinkCheck) -> int:
    """Worst first, as shown: the item's status is that of its worst link."""
    return check.rank


@dataclass(frozen=True)
class LinkRow:
    title: str
    href: str            # an http(s) URL, or a site address from the root
    local: bool
    check: LinkCheck | None
    view: LinkView | None = None   # the evidence link as the item page shows it (its copy, if any)

    @property
    def external(self) -> bool:
        return not self.local and self.href.lower().startswith(("http://", "https://"))

    @property
    def rescued(self) -> bool:
        """The original is confirmed failing and the site has a copy: the item page leads with the copy.

        A failure seen once (pending) never does: the public pages show only what is certain."""
        return (self.view is not None and self.view.copy is not None and self.check is not None
                and self.check.failing and self.check.confirmed)


@dataclass(frozen=True)
class ItemLinks:
    item: ItemView
    rows: list[LinkRow]

    @property
    def rescued(self) -> list[LinkRow]:
        """The links whose copy the item page leads with (see :attr:`LinkRow.rescued`)."""
        return [row for row in self.rows if row.rescued]

    @property
    def worst(self) -> LinkCheck | None:
        checks = [row.check for row in self.rows if row.check is not None]
        return min(checks, key=_severity, default=None)


def item_links(item: ItemView, audit: LinkAudit | None) -> ItemLinks:
    checks = audit.checks if audit is not None else {}
    rows = [LinkRow(link.title, link.href, link.local, checks.get(link.link.audit_key), link) for link in item.links]
    return ItemLinks(item, rows)


@dataclass(frozen=True)
class YearLinks:
    year: int
    items: list[ItemLinks]     # items with at least one link


@dataclass(frozen=True)
class Place:
    """Where a link is written, as a reader may see it: a page or an item (never a data file)."""

    text: str
    href: str | None = None   # a site address from the root, without the leading "/"


@dataclass(frozen=True)
class OtherLink:
    check: LinkCheck
    places: list[Place]


@dataclass(frozen=True)
class LinksPage:
    audit: LinkAudit | None
    totals: list[tuple[str, str, int]]   # (shown status, label, count)
    years: list[YearLinks]
    others: list[OtherLink]              # problems not tied to an item's evidence (site pages, content/)

    @property
    def problems(self) -> int:
        return sum(count for shown, _, count in self.totals if shown not in seam.WORKING and shown != seam.PENDING)

    @property
    def pending(self) -> int:
        return sum(count for shown, _, count in self.totals if shown == seam.PENDING)


def _totals(audit: LinkAudit) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for check in audit.checks.values():
        counts[check.shown] = counts.get(check.shown, 0) + 1
    rows = [(verdict, label, counts.get(verdict, 0)) for verdict, label in seam.LABELS.items()]
    at = next(i for i, (verdict, _, _) in enumerate(rows) if verdict not in seam.WORKING)
    return rows[:at] + [(seam.PENDING, seam.PENDING_LABEL, counts.get(seam.PENDING, 0))] + rows[at:]


_LINE = re.compile(r":\d+$")
_DATA_FILE = re.compile(r"^data/(\d{4})/(oit|measures)\.ya?ml$")


def page_titles(years: list[YearView]) -> dict[str, str]:
    """Site address (from the root, with a trailing "/") → the title a reader knows it by."""
    titles = {"/": "หน้าแรก", "/links/": "ผลการตรวจลิงก์"}
    for view in years:
        titles[f"/{view.year}/"] = f"ปีงบประมาณ พ.ศ. {view.year}"
        titles.update({f"/{address}": f"{label} ปี {view.year}" for address, label in view.pages})
        titles.update({f"/{view.year}/indicators/{n}/": f"ตัวชี้วัดที่ {n} ปี {view.year}" for n in range(1, 11)})
        titles.update({f"/{item.address}": f"{item.code} {item.item.title}" for item in view.items})
    return titles


def _content_address(path: str) -> str:
    """``content/about.md`` → ``/about/`` (the page MkDocs makes of it); ``content/index.md`` → ``/``."""
    stem = path[len("content/"):-len(".md")]
    stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return "/" + stem


def public_places(check: LinkCheck, titles: dict[str, str]) -> list[Place]:
    """Where the link is written, by item code and page title; data files are never named."""
    places: list[Place] = []

    def add(place: Place) -> None:
        if place not in places:
            places.append(place)

    for year, code in check.items:
        address = f"/{year}/oit/{code.lower()}/"
        add(Place(titles.get(address, f"{code} ปี {year}"), address[1:]))
    for written in check.places:
        where = _LINE.sub("", written)
        if where.startswith("content/") and where.endswith(".md"):
            where = _content_address(where)
        data = _DATA_FILE.match(where)
        if data is not None:
            if data.group(2) == "oit" and check.items:
                continue  # the items say it
            where = f"/{data.group(1)}/{'oit' if data.group(2) == 'oit' else 'measures'}/"
        if where.startswith("/"):
            add(Place(titles.get(where, where), where[1:]))
        elif where.startswith("data/"):
            # The agency's website is shown on the home page; other data files have no page of their own.
            add(Place(titles["/"], "") if where.startswith("data/agency.") else Place("ข้อมูลของหน่วยงาน"))
    return places


def links_page(audit: LinkAudit | None, years: list[YearView]) -> LinksPage:
    if audit is None:
        return LinksPage(None, [], [], [])
    year_links = []
    shown: set[str] = set()
    for view in sorted(years, key=lambda v: -v.year):
        items = [item_links(item, audit) for item in view.items if item.links]
        if items:
            year_links.append(YearLinks(view.year, items))
            shown |= {row.check.url for entry in items for row in entry.rows if row.check is not None}
    titles = page_titles(years)
    others = [check for url, check in audit.checks.items() if url not in shown and check.verdict != "ok"]
    others.sort(key=_severity)
    return LinksPage(audit, _totals(audit), year_links,
                     [OtherLink(check, public_places(check, titles)) for check in others])


def year_summary(audit: LinkAudit | None, view: YearView) -> tuple[int, int, int] | None:
    """(links checked, links with a problem, failures seen once) among the year's evidence, or None.

    A failure seen once is not a problem yet (see the module's docstring)."""
    if audit is None:
        return None
    checks = [row.check for item in view.items for row in item_links(item, audit).rows if row.check is not None]
    return len(checks), sum(1 for c in checks if c.problem), sum(1 for c in checks if c.pending)
