"""``oit new-year YEAR``: start a fiscal year from the previous one, item by item through catalog keys.

Codes are renumbered between editions (structure is O1 in one, O2 in the next); an
item's ``key`` is not. Evidence of an item whose catalog says it stays valid over time
(``time: current`` or ``in_force``: structure, contact, manuals) is carried to the new
code; an item that needs the new year's documents (``current_fy``, ``previous_fy``)
starts empty, with last year's links as a reminder. ``measures.yml`` starts with
``based_on`` and the ten indicators ready for the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import Catalog, CatalogItem
from .findings import errors
from .formatting import time_for_year
from .load import load_project
from .model import INDICATORS, Evidence, Oit, Project
from .scaffold import (
    ANALYSIS_STATUSES,
    NO_CATALOG,
    ScaffoldError,
    create_files,
    evidence_lines,
    indicator_about,
    oit_yaml,
    one_line,
)

CARRIED_TIMES = ("current", "in_force")


@dataclass(frozen=True)
class Carried:
    item: CatalogItem  # in the new year's catalog
    previous: CatalogItem  # the same key in the previous year's catalog
    evidence: Evidence


@dataclass(frozen=True)
class Rollover:
    """What starting ``year`` from ``previous_year`` does, item by item (no I/O)."""

    year: int
    catalog: Catalog
    previous_year: int | None
    carried: list[Carried] = field(default_factory=list)
    needs_documents: list[tuple[CatalogItem, CatalogItem | None, Evidence | None]] = field(default_factory=list)
    generated: list[CatalogItem] = field(default_factory=list)
    added: list[CatalogItem] = field(default_factory=list)  # no item with this key last year
    dropped: list[CatalogItem] = field(default_factory=list)  # last year's items the new catalog lacks


def previous_oit(project: Project, year: int) -> Oit | None:
    """The newest ``oit.yml`` before ``year`` (normally ``year - 1``)."""
    for earlier in sorted((y for y in project.years if y < year), reverse=True):
        oit = project.years[earlier].oit
        if oit is not None:
            return oit
    return None


def plan_rollover(project: Project, year: int) -> Rollover:
    catalog = project.nearest_catalog(year)
    if catalog is None:
        raise ScaffoldError(NO_CATALOG)
    before = previous_oit(project, year)
    old_catalog = project.catalogs.get(before.edition) if before is not None else None
    rollover = Rollover(year, catalog, before.year if before is not None else None)
    if before is None or old_catalog is None:
        rollover.added.extend(item for item in catalog.items if not item.generated)
        rollover.generated.extend(item for item in catalog.items if item.generated)
        return rollover
    for item in catalog.items:
        previous = old_catalog.by_key(item.key)
        evidence = before.items.get(previous.code) if previous is not None else None
        if item.generated:
            rollover.generated.append(item)
        elif previous is None:
            rollover.added.append(item)
        elif item.time in CARRIED_TIMES and evidence is not None and evidence.links:
            rollover.carried.append(Carried(item, previous, evidence))
        else:
            rollover.needs_documents.append((item, previous, evidence))
    keys = {item.key for item in catalog.items}
    rollover.dropped.extend(item for item in old_catalog.items if item.key not in keys)
    return rollover


def oit_text(rollover: Rollover) -> str:
    bodies: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    previous_year = rollover.previous_year
    for carried in rollover.carried:
        bodies[carried.item.code] = evidence_lines(carried.evidence)
        notes[carried.item.code] = [f"ยกมาจากข้อ {carried.previous.code} ของปี {previous_year} — ตรวจว่ายังเป็นปัจจุบัน"]
    for item, previous, evidence in rollover.needs_documents:
        lines = [f"ต้องใช้เอกสารใหม่ของปีนี้ (ปี {previous_year} คือข้อ {previous.code})" if previous else ""]
        if evidence is not None:
            lines += [f"ปี {previous_year} ใช้: " + " ".join(p for p in (one_line(link.title or ""), link.target) if p)
                      for link in evidence.links]
        notes[item.code] = [line for line in lines if line]
    for item in rollover.added:
        if previous_year is not None:
            notes[item.code] = [f"ข้อใหม่ (ไม่มีในเกณฑ์ปี {previous_year})"]
    text = oit_yaml(rollover.year, rollover.catalog, bodies, notes)
    if rollover.dropped:
        text += (f"\n# ข้อของปี {previous_year} ที่ไม่มีในเกณฑ์ปีนี้: "
                 + ", ".join(f"{item.code} {one_line(item.title)}" for item in rollover.dropped) + "\n")
    return text


def measures_text(project: Project, year: int, catalog: Catalog) -> str:
    based_on = year - 1
    scores, earlier = project.scores_of(based_on), project.scores_of(based_on - 1)
    lines = [
        f"# การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}",
        f"# วิเคราะห์ผลการประเมิน ITA ปี {based_on} (data/{based_on}/scores.yml) ให้ครบทั้ง 10 ตัวชี้วัด:",
        f"#   status: {ANALYSIS_STATUSES}",
        "#   text: ผลการวิเคราะห์ (เขียนหลายบรรทัดได้ด้วย text: | แล้วขึ้นบรรทัดใหม่ย่อหน้าเข้าไป)",
        "# แล้วเพิ่มมาตรการใต้ measures: (ดูตัวอย่างใน docs/data.md หรือ measures.yml ของปีก่อน)",
        f"year: {year}",
        f"based_on: {based_on}",
        f"title: การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}",
        "",
        "analysis:",
    ]
    for number in INDICATORS:
        about = indicator_about(catalog, number)
        if scores is not None and number in scores.indicators:
            about += f" — คะแนนปี {based_on}: {scores.indicators[number]:.2f}"
            if earlier is not None and number in earlier.indicators:
                about += f" (ปี {based_on - 1}: {earlier.indicators[number]:.2f})"
        lines += [f"  # {about}", f"  {number}:", "    status:", '    text: ""']
    lines += [
        "",
        "# มาตรการ: แทน [] ด้วยรายการมาตรการ เช่น",
        "#   - title: ชื่อมาตรการ โครงการ หรือกิจกรรม",
        "#     indicators: [7]",
        "#     steps:",
        "#       - ขั้นตอนที่ 1",
        f"#     period: ตลอดปีงบประมาณ พ.ศ. {year}",
        f"#     start: {year - 1}-10-01",
        f"#     end: {year}-09-30",
        "#     responsible: [สำนักปลัด]",
        "measures: []",
    ]
    return "\n".join(lines) + "\n"


def checklist(rollover: Rollover, files: list[str], has_scores: bool = True) -> str:
    year, previous = rollover.year, rollover.previous_year
    catalog = rollover.catalog
    out = [f"เริ่มปีงบประมาณ พ.ศ. {year} แล้ว (เกณฑ์ OIT ปี {catalog.edition}, {len(catalog.items)} ข้อ)"]
    if catalog.edition != year:
        out.append(f"  หมายเหตุ: ยังไม่มีเกณฑ์ปี {year} จึงใช้เกณฑ์ปี {catalog.edition} ไปก่อน — เมื่อ ป.ป.ช. ประกาศ "
                   f"ให้เพิ่ม data/criteria/{year}.yml แล้วลบบรรทัด criteria: ใน data/{year}/oit.yml")
    out.append("สร้างไฟล์:")
    out += [f"  {name}" for name in files]
    if rollover.carried:
        out.append(f"ยกหลักฐานที่ยังใช้ได้มาจากปี {previous} ({len(rollover.carried)} ข้อ) — ตรวจว่ายังเป็นปัจจุบัน:")
        out += [f"  [ ] {c.item.code} {c.item.title} (ปี {previous}: {c.previous.code})" for c in rollover.carried]
    if rollover.needs_documents:
        out.append(f"ต้องใช้เอกสารของปีนี้ ({len(rollover.needs_documents)} ข้อ):")
        for item, old, _evidence in rollover.needs_documents:
            when = f" — {label}" if (label := _when(item, year)) else ""
            out.append(f"  [ ] {item.code} {item.title}{when}" + (f" (ปี {previous}: {old.code})" if old else ""))
    if rollover.generated:
        out.append(f"เว็บไซต์สร้างให้จากข้อมูล ({len(rollover.generated)} ข้อ):")
        for item in rollover.generated:
            source = (f"data/{year}/measures.yml: วิเคราะห์ครบ 10 ตัวชี้วัด และมาตรการ" if item.generated == "measures"
                      else f"data/{year - 1}/measures.yml: บันทึก progress ของมาตรการ")
            out.append(f"  [ ] {item.code} {item.title} — {source}")
    if rollover.added:
        title = f"ข้อใหม่ในเกณฑ์ปีนี้ ({len(rollover.added)} ข้อ):" if previous else f"ทุกข้อ ({len(rollover.added)} ข้อ):"
        out.append(title)
        out += [f"  [ ] {item.code} {item.title}" for item in rollover.added]
    if rollover.dropped:
        out.append(f"ข้อของปี {previous} ที่ไม่มีในเกณฑ์ปีนี้ (ไม่ต้องทำต่อ): "
                   + ", ".join(item.code for item in rollover.dropped))
    steps = [f"กรอกลิงก์หลักฐานใน data/{year}/oit.yml",
             f"วิเคราะห์ผลปี {year - 1} ใน data/{year}/measures.yml แล้วเพิ่มมาตรการ"]
    if not has_scores:
        steps.append(f"เมื่อ ป.ป.ช. ประกาศผลปี {year - 1} ใส่ data/{year - 1}/scores.yml (ใช้ในการวิเคราะห์)")
    steps.append("รัน oit check แล้วแก้ตามที่แจ้ง")
    out.append("ขั้นต่อไป:")
    out += [f"  {n}. {step}" for n, step in enumerate(steps, 1)]
    return "\n".join(out)


def _when(item: CatalogItem, year: int) -> str:
    return time_for_year(item.time, year, hints=False) or ""


@dataclass(frozen=True)
class NewYear:
    rollover: Rollover
    files: list[Path]
    checklist: str


def start_year(root: Path, year: int) -> NewYear:
    """Create ``data/<year>/oit.yml`` and ``measures.yml``; never touches an existing year."""
    root = Path(root)
    loaded = load_project(root)  # raises ProjectError when there is no project
    project: Project = loaded.project
    broken = [f for f in errors(loaded.findings) if (f.file or "").startswith("data/criteria/")]
    if broken:
        # A broken catalog would silently fall back to an older edition: fix it first.
        raise ScaffoldError(f"ไฟล์เกณฑ์ {broken[0].file} มีข้อผิดพลาด (บรรทัด {broken[0].line}: {broken[0].message}) "
                            "— แก้ให้ถูกก่อน (ดูทั้งหมดด้วย oit check) แล้วรันใหม่")
    folder = root / "data" / str(year)
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"มีปี {year} อยู่แล้ว (data/{year}/ มีไฟล์) จึงไม่สร้างทับ — แก้ไฟล์ในโฟลเดอร์นั้นโดยตรง")
    if not project.catalogs:
        raise ScaffoldError("ไม่พบเกณฑ์ OIT ใด ๆ")
    rollover = plan_rollover(project, year)
    files = {
        f"data/{year}/oit.yml": oit_text(rollover),
        f"data/{year}/measures.yml": measures_text(project, year, rollover.catalog),
    }
    written = create_files(root, files)
    (root / "content" / "files" / str(year)).mkdir(parents=True, exist_ok=True)
    return NewYear(rollover, written, checklist(rollover, list(files), project.scores_of(year - 1) is not None))
