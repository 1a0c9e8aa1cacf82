"""The agency's data as typed, immutable values (no I/O).

The schema of the data contract (``docs/data.md``, the officer's guide, and
``docs/dev/data-format.md``): pydantic validates what the
loader read; the before-validators accept what agencies really write (Thai
digits, BE dates, lists as one string) and turn it into one canonical form.
Every document keeps a :class:`SourceMap` so any value can be traced back to its
file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from . import archive as evidence_archive
from . import audit
from .base import values
from .base.yaml_source import nearest_line

if TYPE_CHECKING:
    from .catalogs import Catalog

Score = Annotated[Decimal, BeforeValidator(values.parse_score)]
Year = Annotated[int, BeforeValidator(values.parse_year)]
Date = Annotated[dt.date, BeforeValidator(values.parse_date)]
TextList = Annotated[list[str], BeforeValidator(values.text_list)]
UnitList = Annotated[list[str], BeforeValidator(values.unit_list)]

TOOLS = ("IIT", "EIT", "EIT1", "EIT2", "OIT")
INDICATORS = tuple(range(1, 11))

AnalysisStatus = Literal["strength", "maintain", "improve", "urgent"]
# What officers write in Thai for each status (the contract's words are English).
STATUS_WORDS: dict[str, AnalysisStatus] = {
    "จุดแข็ง": "strength",
    "รักษามาตรฐาน": "maintain",
    "ควรพัฒนา": "improve",
    "ต้องพัฒนาเร่งด่วน": "urgent",
    "ต้องพัฒนาโดยเร่งด่วน": "urgent",
}
STATUS_LABELS: dict[str, str] = {
    "strength": "จุดแข็ง",
    "maintain": "รักษามาตรฐาน",
    "improve": "ควรพัฒนา",
    "urgent": "ต้องพัฒนาเร่งด่วน",
}
ProgressStatus = Literal["not-started", "in-progress", "done", "cancelled"]


@dataclass(frozen=True)
class SourceMap:
    """Where a document came from: its file and the line of every key and item."""

    path: Path
    relpath: str
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, loc: tuple[str | int, ...] = ()) -> int | None:
        """The line of ``loc`` or of its nearest enclosing key that was read."""
        return nearest_line(self.lines, loc)


def _indicator_number(value: object) -> int:
    try:
        number = values.parse_decimal(value)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value() or int(number) not in INDICATORS:
        raise values.ValueProblem(f"ตัวชี้วัดต้องเป็นเลข 1 ถึง 10 แต่พบ {value!r}", "indicator")
    return int(number)


Indicator = Annotated[int, BeforeValidator(_indicator_number)]


def _indicator_list(value: object) -> object:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        text = values.to_arabic_digits(str(value))
        return [part for part in values.unit_list(text.replace(" ", ","))]
    return value


class Record(BaseModel):
    """Base of every model: immutable; unknown keys are kept (and reported as warnings)."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)


class Document(Record):
    """A whole file; knows its source."""

    _source: SourceMap | None = PrivateAttr(default=None)

    @property
    def source(self) -> SourceMap:
        assert self._source is not None, "documents are built by the loader"
        return self._source

    def line(self, *loc: str | int) -> int | None:
        return self.source.line(loc)


# --- agency.yml -------------------------------------------------------------


class Signature(Record):
    """One signature line of the printed O25 document (``signatures:`` in agency.yml or measures.yml)."""

    role: str                    # printed after the dotted line: ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ …
    name: str | None = None      # in brackets under the line; a dotted blank when not given
    position: str | None = None  # ตำแหน่ง …; a dotted blank when not given

    @model_validator(mode="before")
    @classmethod
    def _role_only(cls, value: object) -> object:
        # `- ผู้จัดทำ`: a role alone, name and position written by hand on paper.
        return {"role": value} if isinstance(value, str) else value


def _file_megabytes(value: object) -> int:
    return values.parse_megabytes(value, largest=2048)


class ArchiveSettings(Record):
    """``archive:`` in data/agency.yml: how ``oit links`` keeps copies of evidence (docs/links.md)."""

    pages: bool = False                     # also keep HTML evidence pages (documents are always kept)
    skip_hosts: list[str] = Field(default_factory=list)   # hosts never copied ("facebook.com" covers subdomains)
    max_file_mb: Annotated[int, BeforeValidator(_file_megabytes)] = 50   # one file above this is not kept
    budget_mb: Annotated[int, BeforeValidator(values.parse_megabytes)] | None = None  # the archive's total; None: none


class Agency(Document):
    name: str
    type: str
    province: str
    district: str | None = None
    website: str
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    logo: str | None = None
    units: UnitList | None = None
    signatures: list[Signature] | None = None  # the O25 document's signature lines, every year
    archive: ArchiveSettings = Field(default_factory=ArchiveSettings)  # copies of evidence (oit links)


# --- <year>/scores.yml ------------------------------------------------------


class Rank(Record):
    """A memo may give any part: the place, the size of the group, the group's name."""

    position: int | None = None
    of: int | None = None
    group: str | None = None


class Scores(Document):
    year: Year
    announced: Date | None = None
    total: Score
    level: str | None = None
    rank: Rank | None = None
    tools: dict[str, Score] = Field(default_factory=dict)
    indicators: dict[Indicator, Score]
    questions: dict[str, Score] = Field(default_factory=dict)

    @field_validator("tools", mode="before")
    @classmethod
    def _tool_names(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        tools = {}
        for key, score in value.items():
            name = str(key).strip().upper().replace(" ", "").replace("-", "")
            if name not in TOOLS:
                raise values.ValueProblem(
                    f"ไม่รู้จักเครื่องมือ {key!r}: ใช้ได้เฉพาะ IIT, EIT (หรือ EIT1 และ EIT2), OIT", "tool")
            tools[name] = score
        return tools

    @field_validator("questions", mode="before")
    @classmethod
    def _question_codes(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {normalize_code(str(key)): score for key, score in value.items()}


def normalize_code(code: str) -> str:
    """``"o๒๕"``, ``" O25 "`` → ``"O25"``; I- and E-codes likewise."""
    text = values.to_arabic_digits(str(code)).strip().upper().replace(" ", "")
    return text


# --- <year>/measures.yml ----------------------------------------------------


class Link(Record):
    url: str | None = None
    file: str | None = None
    title: str | None = None
    # Keep a copy of this evidence (oit links): None = documents only; True = also an HTML page;
    # False = never (a document with personal data).
    archive: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: object) -> object:
        # A link written as a bare string: a URL, or a path under content/.
        if isinstance(value, str):
            text = value.strip()
            return {"url": text} if ":" in text.split("/")[0] else {"file": text}
        return value

    @model_validator(mode="after")
    def _one_target(self) -> Link:
        if (self.url is None) == (self.file is None):
            raise values.ValueProblem("ลิงก์ต้องมี url หรือ file อย่างใดอย่างหนึ่ง", "link")
        return self

    @property
    def target(self) -> str:
        return self.url if self.url is not None else str(self.file)

    @property
    def audit_key(self) -> str:
        """The URL the link audit keeps this link's result under (see ``audit.audit_key``)."""
        return audit.audit_key(self.url, self.file)


def _analysis_status(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        return STATUS_WORDS.get(text, text.lower())
    return value


class Analysis(Record):
    status: Annotated[AnalysisStatus, BeforeValidator(_analysis_status)] | None = None
    text: str = ""

    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value


class Progress(Record):
    date: Date | None = None
    status: ProgressStatus | None = None
    note: str | None = None
    links: list[Link] = Field(default_factory=list)


class Measure(Record):
    title: str
    indicators: Annotated[list[Indicator], BeforeValidator(_indicator_list)] = Field(default_factory=list)
    analysis: str | None = None
    steps: TextList
    period: str
    start: Date | None = None
    end: Date | None = None
    responsible: UnitList
    group: str | None = None
    followup: str | None = None
    progress: list[Progress] = Field(default_factory=list)

    @field_validator("title", "period")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise values.ValueProblem("ต้องไม่เว้นว่าง", "empty")
        return value.strip()

    @field_validator("steps", "responsible")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not [item for item in value if item.strip()]:
            raise values.ValueProblem("ต้องมีอย่างน้อย 1 รายการ", "empty")
        return value


class Theme(Record):
    """An analysis written by theme rather than by indicator (as some agencies do)."""

    title: str
    indicators: Annotated[list[Indicator], BeforeValidator(_indicator_list)] = Field(default_factory=list)
    text: str = ""


class Measures(Document):
    year: Year
    based_on: Year | None = None
    title: str | None = None
    introduction: str | None = None
    summary: str | None = None
    analysis: dict[Indicator, Analysis] = Field(default_factory=dict)
    themes: list[Theme] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    limitations: TextList = Field(default_factory=list)
    recommendations: TextList = Field(default_factory=list)
    signatures: list[Signature] | None = None  # this year's signature lines (else agency.yml's)

    @property
    def analysed_year(self) -> int:
        return self.based_on if self.based_on is not None else self.year - 1


# --- <year>/oit.yml ---------------------------------------------------------


class Evidence(Record):
    """What the agency publishes for one OIT item."""

    links: list[Link] = Field(default_factory=list)
    published: Date | None = None
    responsible: UnitList = Field(default_factory=list)
    note: str | None = None
    generated: Literal["measures", "measures-report"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty_item(cls, value: object) -> object:
        # `O7:` with nothing after it: listed, no evidence yet.
        return {} if value is None else value


class Oit(Document):
    year: Year
    criteria: Year | None = None
    items: dict[str, Evidence] = Field(default_factory=dict)

    @field_validator("items", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        if value is None:
            return {}
        if not isinstance(value, dict):
            return value
        return {normalize_code(str(key)): item for key, item in value.items()}

    @property
    def edition(self) -> int:
        return self.criteria if self.criteria is not None else self.year


# --- audits/<date>.json (written by `oit links`, shown by the site) -----------

# The verdicts, the key and the file format live in ``audit.py`` (shared with ``links/``).


@dataclass(frozen=True)
class LinkCheck:
    """The latest audit's word on one URL (a site address such as ``/files/2569/o1.pdf`` for local files)."""

    url: str
    verdict: str
    confirmed: bool
    reason: str
    http_status: int | None = None
    final_url: str | None = None
    checked: dt.datetime | None = None
    items: tuple[tuple[int, str], ...] = ()   # the OIT items (year, code) this URL is evidence of
    places: tuple[str, ...] = ()              # where it is written: "data/2569/oit.yml:12", "/2569/oit/"
    since: dt.datetime | None = None          # the start of the current streak (of failures, for a failing one)

    @property
    def failing(self) -> bool:
        return self.verdict in audit.FAILING

    @property
    def label(self) -> str:
        return audit.LABELS.get(self.verdict, self.verdict)

    @property
    def pending(self) -> bool:
        """A failure not yet confirmed: the officer sees it, a reader never sees it as broken."""
        return self.failing and not self.confirmed

    @property
    def shown(self) -> str:
        """The status the public pages show: the verdict, or ``pending`` for an unconfirmed failure."""
        return audit.PENDING if self.pending else self.verdict

    @property
    def shown_label(self) -> str:
        return audit.PENDING_LABEL if self.pending else self.label

    @property
    def problem(self) -> bool:
        """What "มีปัญหา N ลิงก์" counts: a confirmed failure or a warning, never a failure seen once."""
        return self.verdict not in audit.WORKING and not self.pending

    @property
    def rank(self) -> int:
        """Worst first, as shown (an item's status is that of its worst link)."""
        return audit.rank(self.shown)


@dataclass(frozen=True)
class LinkAudit:
    """The newest ``audits/<date>.json`` of the project."""

    started: dt.datetime
    file: str                                 # "audits/2026-11-22.json"
    checks: dict[str, LinkCheck]              # by URL, in the audit's order
    totals: dict[str, int]


# --- the project ------------------------------------------------------------


@dataclass(frozen=True)
class YearData:
    """The files of one fiscal-year folder; any of them may be missing."""

    year: int
    scores: Scores | None = None
    measures: Measures | None = None
    oit: Oit | None = None
    # Files present but not read (errors or empty): reported for themselves, never as missing.
    unread: frozenset[str] = frozenset()


def edition_for(year: int, editions: Iterable[int]) -> int | None:
    """The catalog edition in force in ``year``: its own; else the newest published before it
    (criteria are published late, and a later edition did not exist yet); else, for a year
    before every edition, the oldest. None when there is no edition at all.

    The one rule for the site (a year without an ``oit.yml`` edition) and ``oit new-year``."""
    known = sorted(set(editions))
    if not known:
        return None
    if year in known:
        return year
    earlier = [edition for edition in known if edition < year]
    return earlier[-1] if earlier else known[0]


@dataclass(frozen=True)
class Project:
    """Everything the loader read from one agency project."""

    root: Path
    agency: Agency | None
    years: dict[int, YearData]
    catalogs: dict[int, Catalog]  # by edition
    audit: LinkAudit | None = None  # the latest link audit (audits/<date>.json), if any
    # Read from content/ with the data, so rendering reads no disk:
    file_sizes: dict[str, int] = field(default_factory=dict)  # evidence files' byte sizes, by path under content/
    content_pages: tuple[str, ...] = ()                        # the agency's top-level pages ("about.md"), sorted
    # archive/ (kept by `oit links`): each evidence URL's index by its audit key, only versions whose bytes are kept.
    archive: dict[str, evidence_archive.Entry] = field(default_factory=dict)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def scores_of(self, year: int) -> Scores | None:
        data = self.years.get(year)
        return data.scores if data else None

    def measures_of(self, year: int) -> Measures | None:
        data = self.years.get(year)
        return data.measures if data else None

    def unread(self, year: int, name: str) -> bool:
        """``data/<year>/<name>`` exists but could not be read (its own findings say why)."""
        data = self.years.get(year)
        return data is not None and name in data.unread

    def nearest_catalog(self, year: int) -> Catalog | None:
        """The edition that names ``year``'s items and indicators (see :func:`edition_for`)."""
        edition = edition_for(year, self.catalogs)
        return self.catalogs[edition] if edition is not None else None

    def generated_source(self, year: int, kind: str | None) -> tuple[int, Measures] | None:
        """The measures a generated item shows, with their year, if the data has them.

        ``measures``: this year's analysis and measures (O25 of 2569); ``measures-report``:
        the follow-up of last year's measures (O26 of 2569 is about the previous fiscal year).
        """
        if kind == "measures":
            measures = self.measures_of(year)
            return (year, measures) if measures is not None and measures.measures else None
        if kind == "measures-report":
            measures = self.measures_of(year - 1)
            if measures is not None and any(m.progress for m in measures.measures):
                return year - 1, measures
        return None

    def has_evidence(self, year: int, generated: str | None, evidence: Evidence | None) -> bool:
        if evidence is not None and evidence.links:
            return True
        # The site generates these pages itself, so the catalog's word is enough.
        kind = (evidence.generated if evidence is not None else None) or generated
        return self.generated_source(year, kind) is not None
