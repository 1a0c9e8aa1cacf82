"""What the site shows of the latest link audit: the /links/ page, item pages, the OIT index.

Pure functions over the model (``Project.audit``, read by ``load/audits.py``); they
never run a check. A data link is looked up by the URL the audit keeps for it: the
URL as written, or the site address of a ``file:`` (``/files/2569/o1.pdf``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import LINK_VERDICT_LABELS, LinkAudit, LinkCheck
from .views import ItemView, LinkView, YearView

# Worst first: the item's status is that of its worst link.
SEVERITY = ("broken", "unreachable", "timeout", "tls", "blocked", "redirected", "ok")


def link_key(link: LinkView) -> str:
    return "/" + link.href_from_root if link.local else link.href_from_root


@dataclass(frozen=True)
class LinkRow:
    title: str
    href: str            # an http(s) URL, or a site address from the root
    local: bool
    check: LinkCheck | None

    @property
    def external(self) -> bool:
        return not self.local and self.href.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class ItemLinks:
    item: ItemView
    rows: list[LinkRow]

    @property
    def worst(self) -> LinkCheck | None:
        checks = [row.check for row in self.rows if row.check is not None]
        return min(checks, key=lambda c: SEVERITY.index(c.verdict) if c.verdict in SEVERITY else 0, default=None)


def item_links(item: ItemView, audit: LinkAudit | None) -> ItemLinks:
    checks = audit.checks if audit is not None else {}
    rows = [LinkRow(link.title, link.href, link.local, checks.get(link_key(link))) for link in item.links]
    return ItemLinks(item, rows)


@dataclass(frozen=True)
class YearLinks:
    year: int
    items: list[ItemLinks]     # items with at least one link


@dataclass(frozen=True)
class LinksPage:
    audit: LinkAudit | None
    totals: list[tuple[str, str, int]]   # (verdict, label, count)
    years: list[YearLinks]
    others: list[LinkCheck]              # problems not tied to an item's evidence (site pages, content/)

    @property
    def problems(self) -> int:
        return sum(count for verdict, _, count in self.totals if verdict not in ("ok", "redirected"))


def links_page(audit: LinkAudit | None, years: list[YearView]) -> LinksPage:
    if audit is None:
        return LinksPage(None, [], [], [])
    totals = [(verdict, label, audit.totals.get(verdict, 0)) for verdict, label in LINK_VERDICT_LABELS.items()]
    year_links = []
    shown: set[str] = set()
    for view in sorted(years, key=lambda v: -v.year):
        items = [item_links(item, audit) for item in view.items if item.links]
        if items:
            year_links.append(YearLinks(view.year, items))
            shown |= {row.check.url for entry in items for row in entry.rows if row.check is not None}
    others = [check for url, check in audit.checks.items() if url not in shown and check.verdict != "ok"]
    others.sort(key=lambda c: SEVERITY.index(c.verdict) if c.verdict in SEVERITY else 0)
    return LinksPage(audit, totals, year_links, others)


def year_summary(audit: LinkAudit | None, view: YearView) -> tuple[int, int] | None:
    """(links checked, links with a problem) among the year's evidence, or None without an audit."""
    if audit is None:
        return None
    checks = [row.check for item in view.items for row in item_links(item, audit).rows if row.check is not None]
    return len(checks), sum(1 for c in checks if c.verdict not in ("ok", "redirected"))
