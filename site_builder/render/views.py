"""What the pages show, derived from the model: pure functions and small frozen views.

Templates only lay these out; every decision (which catalog names a year's
indicators, which analysis a measure answers, what counts as evidence, what
changed recently) is made here, where it can be tested without a site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..archive import Version
from ..audit import file_path, without_credentials
from ..catalogs import Catalog, CatalogItem
from ..formatting import change
from ..model import (
    STATUS_LABELS,
    Agency,
    Evidence,
    Link,
    Measure,
    Measures,
    Project,
    Scores,
    Signature,
    Theme,
    YearData,
)
from .copies import archive_entry

# The level words of the contract, best first, with the badge's CSS modifier.
LEVEL_STYLES = {
    "ผ่านดีเยี่ยม": "excellent",
    "ผ่านดี": "good",
    "ผ่าน": "pass",
    "ต้องปรับปรุง": "improve",
    "ต้องปรับปรุงโดยด่วน": "urgent",
}
PROGRESS_LABELS = {"not-started": "ยังไม่เริ่ม", "in-progress": "อยู่ระหว่างดำเนินการ", "done": "ดำเนินการแล้ว",
                   "cancelled": "ยกเลิก"}
TOOL_NAMES = {
    "IIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    "EIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    "EIT1": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก ส่วนที่ 1 (EIT)",
    "EIT2": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก ส่วนที่ 2 (EIT)",
    "OIT": "การเปิดเผยข้อมูลสาธารณะ (OIT)",
}
_FILE_TYPES = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel", ".csv": "CSV",
               ".ppt": "PowerPoint", ".pptx": "PowerPoint", ".jpg": "รูปภาพ", ".jpeg": "รูปภาพ", ".png": "รูปภาพ",
               ".gif": "รูปภาพ", ".zip": "ZIP", ".rar": "RAR", ".mp4": "วิดีโอ", ".odt": "ODT", ".ods": "ODS"}


def level_style(level: str | None) -> str:
    return LEVEL_STYLES.get((level or "").replace(" ", ""), "unknown")


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", "")


# --- evidence ---------------------------------------------------------------

# What a URL path cannot hold as typed: controls, space, and the ASCII delimiters that
# would end the path (# ?) or be misread (% " < > \\ ^ ` { | } [ ]). Non-ASCII letters
# stay as they are (an IRI): a Thai file name stays readable in the page and the CSV.
_NOT_IN_PATH = re.compile(r'[\x00-\x20"#%<>?\[\\\]^`{|}\x7f]')


def url_path(path: str) -> str:
    """A file's path as a URL path: ``files/a b#1.pdf`` → ``files/a%20b%231.pdf``; Thai kept."""
    return _NOT_IN_PATH.sub(lambda match: f"%{ord(match.group()):02X}", path)



@dataclass(frozen=True)
class LinkView:
    link: Link
    href_from_root: str  # a URL, or a path from the site root for a local file
    kind: str            # "PDF", "Word", "เว็บไซต์" …
    size: int | None     # bytes, local files only
    local: bool
    copy: Version | None = None    # the kept copy the site offers (render/copies.py)
    refused: str | None = None     # why the archive's last attempt kept nothing (Thai), if it says so

    @property
    def title(self) -> str:
        return self.link.title or self.link.target

    @property
    def copy_href(self) -> str:
        """The copy's site address from the root, without the leading "/", for ``rel``."""
        return url_path(self.copy.site_path.lstrip("/")) if self.copy is not None else ""

    @property
    def copy_kind(self) -> str:
        return file_kind(self.copy.name, "ไฟล์") if self.copy is not None else ""

    @property
    def href(self) -> str:
        """For an ``href``: the URL as written, or the local file's path percent-encoded where it must be."""
        return url_path(self.href_from_root) if self.local else self.href_from_root


def file_kind(name: str, default: str) -> str:
    """What a reader calls a file by its name: ``"PDF"``, ``"Word"`` … or ``default``."""
    return _FILE_TYPES.get(PurePosixPath(name).suffix.lower(), default)


def link_view(link: Link, sizes: dict[str, int]) -> LinkView:
    if link.url is not None:
        kind = file_kind(urlsplit(link.url).path, "เว็บไซต์")
        return LinkView(link, without_credentials(link.url.strip()), kind, None, False)  # never a password
    file = file_path(str(link.file))
    kind = file_kind(file, "ไฟล์")
    return LinkView(link, file, kind, sizes.get(file), True)


def evidence_view(project: Project, link: Link, sizes: dict[str, int]) -> LinkView:
    """An OIT evidence link with the copy the site offers of it (``archive/``), if any."""
    entry = archive_entry(project, link)
    if entry is None:
        return link_view(link, sizes)
    return replace(link_view(link, sizes), copy=entry.newest, refused=entry.refused)


@dataclass(frozen=True)
class ItemView:
    """One catalog item with what the agency published for it."""

    item: CatalogItem
    evidence: Evidence | None
    year: int
    links: tuple[LinkView, ...]
    generated: str | None             # "measures" | "measures-report" | None
    generated_page: str | None         # the site's own page that is the evidence, if the data has it
    has_evidence: bool
    generated_year: int | None = None  # the year of the measures that page shows

    @property
    def generated_title(self) -> str:
        """The link text of the generated page (``generated_page``)."""
        if self.generated == "measures":
            return f"การวิเคราะห์ผลการประเมินและมาตรการ ปี {self.generated_year}"
        return f"รายงานผลการดำเนินการตามมาตรการ ปี {self.generated_year}"

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def address(self) -> str:
        return f"{self.year}/oit/{self.item.code.lower()}/"


def _generated_page(project: Project, year: int, kind: str | None) -> tuple[str, int] | tuple[None, None]:
    """The site's page a generated item points to, and the year of its measures."""
    source = project.generated_source(year, kind)
    if source is None:
        return None, None
    source_year, _ = source
    page = f"{source_year}/analysis/" if kind == "measures" else f"{source_year}/measures/#progress"
    return page, source_year


def item_views(project: Project, year: int, catalog: Catalog, sizes: dict[str, int]) -> list[ItemView]:
    data = project.years.get(year)
    items = data.oit.items if data and data.oit else {}
    views = []
    for item in catalog.items:
        evidence = items.get(item.code)
        kind = (evidence.generated if evidence else None) or item.generated
        links = tuple(evidence_view(project, link, sizes) for link in (evidence.links if evidence else []))
        page, source_year = _generated_page(project, year, kind)
        views.append(ItemView(item, evidence, year, links, kind, page, bool(links) or page is not None, source_year))
    return views


@dataclass(frozen=True)
class IndicatorGroup:
    number: int | None
    name: str
    items: list[ItemView]


def items_by_indicator(views: list[ItemView], catalog: Catalog) -> list[IndicatorGroup]:
    numbers = sorted({view.item.indicator for view in views if view.item.indicator is not None})
    groups = [IndicatorGroup(n, catalog.indicator_name(n), [v for v in views if v.item.indicator == n])
              for n in numbers]
    others = [v for v in views if v.item.indicator is None]
    if others:
        groups.append(IndicatorGroup(None, "รายการอื่น", others))
    return groups


# --- scores -----------------------------------------------------------------


@dataclass(frozen=True)
class ToolScore:
    code: str
    name: str
    score: Decimal


def tool_scores(scores: Scores) -> list[ToolScore]:
    order = ["IIT", "EIT", "EIT1", "EIT2", "OIT"]
    return [ToolScore(code, TOOL_NAMES[code], scores.tools[code]) for code in order if code in scores.tools]


@dataclass(frozen=True)
class History:
    """Scores across the years that have them (oldest first)."""

    years: list[int]
    totals: list[Decimal | None]
    indicators: dict[int, list[Decimal | None]]
    levels: list[str | None]


def history(project: Project, until: int | None = None) -> History:
    years = [y for y, d in sorted(project.years.items()) if d.scores is not None and (until is None or y <= until)]
    scores = [project.years[y].scores for y in years]
    return History(
        years=years,
        totals=[s.total for s in scores if s is not None],
        indicators={n: [s.indicators.get(n) for s in scores if s is not None] for n in range(1, 11)},
        levels=[s.level for s in scores if s is not None],
    )


def indicator_rows(hist: History, number: int) -> list[tuple[int, Decimal, str]]:
    """Indicator ``number``'s score by year, newest first, with the change since the year before
    it that has one (``+1.25``; empty for the first)."""
    series = [(y, v) for y, v in zip(hist.years, hist.indicators[number], strict=False) if v is not None]
    rows = [(y, v, change(v - series[i - 1][1]) if i > 0 else "") for i, (y, v) in enumerate(series)]
    return list(reversed(rows))


def previous_scores(project: Project, year: int) -> Scores | None:
    earlier = [y for y, d in project.years.items() if y < year and d.scores is not None]
    return project.years[max(earlier)].scores if earlier else None


# --- measures ---------------------------------------------------------------


@dataclass(frozen=True)
class MeasureView:
    number: int          # 1-based, in the order of the file
    measure: Measure
    analysis: str        # the measure's own, else its indicators' analysis texts
    anchor: str


def measure_views(measures: Measures) -> list[MeasureView]:
    views = []
    for number, measure in enumerate(measures.measures, start=1):
        analysis = measure.analysis
        if not analysis:
            texts = [measures.analysis[n].text.strip() for n in measure.indicators
                     if n in measures.analysis and measures.analysis[n].text.strip()]
            analysis = "\n\n".join(texts)
        views.append(MeasureView(number, measure, analysis or "", f"measure-{number}"))
    return views


@dataclass(frozen=True)
class MeasureGroup:
    title: str
    anchor: str
    measures: list[MeasureView]


def measure_groups(views: list[MeasureView], catalog: Catalog | None) -> list[MeasureGroup]:
    """By the data's ``group`` when the agency gave one, else by the first indicator answered."""
    if any(view.measure.group for view in views):
        titles: list[str] = []
        for view in views:
            if view.measure.group and view.measure.group not in titles:
                titles.append(view.measure.group)
        if any(not view.measure.group for view in views):
            titles.append("มาตรการอื่น")  # the ungrouped ones, after the agency's groups
        return [MeasureGroup(title, f"group-{i}", [v for v in views if (v.measure.group or "มาตรการอื่น") == title])
                for i, title in enumerate(titles, start=1)]
    groups = []
    for number in range(1, 11):
        members = [v for v in views if v.measure.indicators and v.measure.indicators[0] == number]
        if members:
            name = catalog.indicator_name(number) if catalog else ""
            groups.append(MeasureGroup(f"ตัวชี้วัดที่ {number} {name}".strip(), f"indicator-{number}", members))
    rest = [v for v in views if not v.measure.indicators]
    if rest:
        groups.append(MeasureGroup("มาตรการอื่น", "other", rest))
    return groups


def measures_for_indicator(views: list[MeasureView], number: int) -> list[MeasureView]:
    return [view for view in views if number in view.measure.indicators]


def themes_covering(measures: Measures, number: int) -> list[tuple[int, Theme]]:
    """The analysis themes that cover indicator ``number``, with their 1-based position
    (``#theme-<n>`` on the analysis page)."""
    return [(i, theme) for i, theme in enumerate(measures.themes, start=1) if number in theme.indicators]


# The signature lines of the printed O25 document when the data names none: who wrote
# it, who checked it, who approved it (names and positions are written on paper).
DEFAULT_SIGNATURES = (Signature(role="ผู้จัดทำ"), Signature(role="ผู้ตรวจสอบ"), Signature(role="ผู้อนุมัติ"))


def signatures(measures: Measures, agency: Agency | None) -> list[Signature]:
    """The year's own ``signatures``, else the agency's, else the three default roles."""
    for given in (measures.signatures, agency.signatures if agency is not None else None):
        if given:
            return list(given)
    return list(DEFAULT_SIGNATURES)


# --- what changed -----------------------------------------------------------


@dataclass(frozen=True, order=True)
class Change:
    date: dt.date
    text: str = field(compare=False)
    address: str = field(compare=False)


def recent_changes(project: Project, limit: int = 8, today: dt.date | None = None) -> list[Change]:
    """The latest dated events of the data: evidence published, progress reported, results announced.

    An event dated after ``today`` (a typo such as 2586 for 2568, or a date not yet reached)
    is left out: it would stay on top of the list as "latest" for years.
    """
    today = today or dt.date.today()
    changes: list[Change] = []
    for year, data in project.years.items():
        if data.scores is not None and data.scores.announced is not None:
            changes.append(Change(data.scores.announced, f"ประกาศผลการประเมิน ITA ปี {year}", f"{year}/"))
        if data.oit is not None:
            catalog = project.catalogs.get(data.oit.edition)
            for code, evidence in data.oit.items.items():
                if evidence.published is None:
                    continue
                item = catalog.item(code) if catalog else None
                title = f"{code} {item.title}" if item else code
                changes.append(Change(evidence.published, f"เผยแพร่ {title} (ปี {year})",
                                      f"{year}/oit/{code.lower()}/"))
        if data.measures is not None:
            for number, measure in enumerate(data.measures.measures, start=1):
                for progress in measure.progress:
                    if progress.date is not None:
                        changes.append(Change(progress.date, f"รายงานความก้าวหน้า: {measure.title}",
                                              f"{year}/measures/#measure-{number}"))
    return sorted((change for change in changes if change.date <= today), reverse=True)[:limit]


# --- shortcuts ----------------------------------------------------------------


def shortcuts(project: Project) -> list[tuple[str, str]]:
    """(label, address) of the pages readers and assessors come for: this year's OIT index
    and its analysis document (O25 in the 2569 criteria), the newest year that has each."""
    found: list[tuple[str, str]] = []
    with_items = [y for y, d in project.years.items() if d.oit is not None and d.oit.edition in project.catalogs]
    if with_items:
        year = max(with_items)
        found.append((f"รายการ OIT ปี {year}", f"{year}/oit/"))
    analysed = [y for y, d in project.years.items() if d.measures is not None]
    if analysed:
        year = max(analysed)
        data = project.years[year]
        catalog = project.catalogs.get(data.oit.edition) if data.oit is not None else project.catalogs.get(year)
        codes = [item.code for item in catalog.items if item.generated == "measures"] if catalog else []
        label = f"การนำผล ITA ไปพัฒนาองค์กร{f' ({codes[0]})' if codes else ''} ปี {year}"
        found.append((label, f"{year}/analysis/"))
    return found


# --- years ------------------------------------------------------------------


@dataclass(frozen=True)
class YearView:
    year: int
    data: YearData
    catalog: Catalog | None          # the OIT edition of the year, else the nearest (indicator names)
    items: list[ItemView]            # empty when the year has no oit.yml

    @property
    def pages(self) -> list[tuple[str, str]]:
        """(address, label) of the year's pages that exist, in reading order."""
        pages = []
        if self.data.oit is not None and self.items:
            pages.append((f"{self.year}/oit/", "การเปิดเผยข้อมูลสาธารณะ (OIT)"))
        if self.data.measures is not None:
            pages.append((f"{self.year}/analysis/", "การวิเคราะห์ผลการประเมินและมาตรการ"))
            pages.append((f"{self.year}/measures/", "มาตรการและผลการดำเนินงาน"))
        pages.append((f"{self.year}/data/", "ข้อมูลดาวน์โหลด (CSV, JSON)"))
        return pages

    @property
    def completeness(self) -> tuple[int, int]:
        return sum(1 for view in self.items if view.has_evidence), len(self.items)


def year_views(project: Project, sizes: dict[str, int]) -> list[YearView]:
    views = []
    for year, data in sorted(project.years.items()):
        if data.scores is None and data.measures is None and data.oit is None:
            continue
        catalog = project.catalogs.get(data.oit.edition) if data.oit is not None else None
        items = item_views(project, year, catalog, sizes) if catalog is not None else []
        views.append(YearView(year, data, catalog or project.nearest_catalog(year), items))
    return views
