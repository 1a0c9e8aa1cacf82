"""The rules of ``oit check``: the loaded project against each year's catalog.

Errors are what the data contract forbids; warnings are what an assessor would
mark down. Each rule is a small function ``(project, ...) -> list[Finding]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

from . import archive, content_links
from .base.values import BE_OFFSET, fiscal_year_bounds
from .base.yaml_source import control_characters, format_field
from .catalogs import Catalog, possible_levels
from .findings import Finding
from .formatting import file_size
from .load import ProjectError, load_project
from .model import INDICATORS, Agency, ArchiveSettings, Document, Link, Measures, Oit, Project, Scores, YearData


@dataclass(frozen=True)
class Coverage:
    """How many of a year's catalog items have evidence."""

    year: int
    total: int
    with_evidence: int
    missing: tuple[str, ...]
    # Of ``missing``: generated items whose source file is there but has errors (said as such, not "missing").
    unread: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    project: Project
    findings: list[Finding]
    coverage: list[Coverage]


def _finding(severity: str, code: str, message: str, hint: str, document: Document | None,
             loc: tuple = (), year: int | None = None) -> Finding:
    file = document.source.relpath if document is not None else None
    line = document.source.line(loc) if document is not None else None
    return Finding(severity, code, message, hint, file, line, format_field(loc) or None, year)  # type: ignore[arg-type]


# --- links ------------------------------------------------------------------


def check_link(project: Project, link: Link, document: Document, loc: tuple, year: int | None) -> list[Finding]:
    if link.url is not None:
        return _check_url(link.url, document, loc + ("url",), year)
    return _check_file(project, str(link.file), document, loc + ("file",), year)


# A second address glued to the first ("...pdfhttps://..."); `=`, `/`, `%`, `?` or `&` before it are a
# redirect or archive address that carries another one on purpose.
_SECOND_URL = re.compile(r"(?<=[^=/%?&])https?://", re.IGNORECASE)


def _check_url(url: str, document: Document, loc: tuple, year: int | None) -> list[Finding]:
    text = url.strip()
    if any(ch.isspace() for ch in text) or _SECOND_URL.search(text):
        two = len(re.findall(r"https?://", text, re.IGNORECASE)) > 1
        return [_finding("error", "url-space",
                         f"ลิงก์ {url!r} มี{'ที่อยู่เว็บ 2 รายการ' if two else 'ช่องว่างหรือข้อความอื่น'}ในบรรทัดเดียว "
                         "เว็บไซต์จะได้ลิงก์ที่เปิดไม่ได้",
                         "หนึ่ง url: ใส่ที่อยู่เว็บเดียวโดยไม่มีช่องว่าง คำอธิบายให้ใส่ใน title: "
                         "และลิงก์ที่สองให้เพิ่มเป็นรายการใหม่ (- url: ...) "
                         "ถ้าที่อยู่มีช่องว่างจริง ให้เขียนช่องว่างเป็น %20", document, loc, year)]
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        return [_finding("error", "url-scheme",
                         f"ลิงก์ {url!r} ใช้ไม่ได้: รับเฉพาะลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://",
                         "ใส่ที่อยู่เว็บเต็ม เช่น https://www.example.go.th/... หรือใช้ file: สำหรับไฟล์ใน content/",
                         document, loc, year)]
    if not parts.hostname:
        return [_finding("error", "url-host", f"ลิงก์ {url!r} ไม่มีชื่อเว็บไซต์",
                         "ใส่ที่อยู่เว็บเต็ม เช่น https://www.example.go.th/...", document, loc, year)]
    return []


@functools.lru_cache(maxsize=8)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def _check_file(project: Project, file: str, document: Document, loc: tuple, year: int | None) -> list[Finding]:
    text = file.strip().replace("\\", "/")
    if control_characters(text) or any(ch in text for ch in "\t\n\r"):
        return [_finding("error", "file-name", f"ชื่อไฟล์ {file!r} มีแท็บ ขึ้นบรรทัดใหม่ หรืออักขระควบคุมที่มองไม่เห็น",
                         "เปลี่ยนชื่อไฟล์ให้มีเฉพาะตัวอักษร ตัวเลข - _ . และเขียนที่อยู่ด้วย / "
                         "(ในเครื่องหมายคำพูดคู่ \\t \\n เป็นรหัสพิเศษ) เช่น file: files/2569/o1-structure.pdf",
                         document, loc, year)]
    path = PurePosixPath(text)
    if not path.parts or path.is_absolute() or ":" in path.parts[0]:
        return [_finding("error", "file-path", f"ไฟล์ {file!r} ต้องเป็นที่อยู่ภายในโฟลเดอร์ content/",
                         "เขียนที่อยู่เทียบกับโฟลเดอร์ content/ เช่น files/2569/o1-structure.pdf", document, loc, year)]
    if ".." in path.parts:
        return [_finding("error", "file-path", f"ไฟล์ {file!r} ชี้ออกนอกโฟลเดอร์ content/ (มี ..)",
                         "ย้ายไฟล์มาไว้ใน content/files/ แล้วเขียนที่อยู่ใหม่โดยไม่มี ..", document, loc, year)]
    content = _real(str(project.content_dir))
    target = Path(os.path.realpath(os.path.join(content, text)))
    if not target.is_relative_to(content):
        return [_finding("error", "file-path", f"ไฟล์ {file!r} ชี้ออกนอกโฟลเดอร์ content/",
                         "ย้ายไฟล์มาไว้ใน content/files/", document, loc, year)]
    if not target.is_file() and path.parts[0] == "content" and len(path.parts) > 1:
        inner = PurePosixPath(*path.parts[1:]).as_posix()
        found = "มีไฟล์นี้อยู่แล้ว" if (project.content_dir / inner).is_file() else "ไฟล์ต้องอยู่ที่"
        return [_finding("error", "file-content-prefix",
                         f"ไฟล์ {file!r} ขึ้นต้นด้วย content/ ซึ่งไม่ต้องเขียน: ที่อยู่ของ file: เริ่มจากในโฟลเดอร์ content/ แล้ว",
                         f"ลบ content/ ออก เป็น file: {inner} ({found} content/{inner})", document, loc, year)]
    if not target.is_file():
        return [_finding("error", "file-missing", f"ไม่พบไฟล์ content/{text}",
                         "ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ต้องตรงกัน) หรือคัดลอกไฟล์ไปไว้ที่ content/" + text,
                         document, loc, year)]
    return []


# --- agency -----------------------------------------------------------------


def check_agency(project: Project, agency: Agency) -> list[Finding]:
    findings = _check_url(agency.website, agency, ("website",), None)
    if agency.logo:
        findings += _check_file(project, agency.logo, agency, ("logo",), None)
    return findings


def _check_units(units: list[str], agency: Agency | None, document: Document, loc: tuple,
                 year: int | None) -> list[Finding]:
    if agency is None or not agency.units:
        return []
    known = set(agency.units)
    return [
        _finding("error", "unit", f"ไม่พบหน่วยงาน {unit!r} ในรายชื่อ units ของ data/agency.yml",
                 "เขียนชื่อหน่วยงานให้ตรงกับรายชื่อ units ใน data/agency.yml ทุกตัวอักษร หรือเพิ่มชื่อนี้ในรายชื่อ",
                 document, loc, year)
        for unit in units if unit not in known
    ]


# Where a score memo belongs: said wherever the folder of a scores.yml is in doubt.
def _scores_folder_rule(year: int) -> str:
    return (f"ผลคะแนนอยู่ในโฟลเดอร์ของปีที่ประเมิน ตามที่หนังสือแจ้งผลระบุ (ผลการประเมิน ITA ประจำปี พ.ศ. {year} "
            f"อยู่ที่ data/{year}/scores.yml และเขียน year: {year}) ไม่ใช่ปีที่นำผลไปใช้")


def _check_year_field(document: Scores | Measures | Oit, folder_year: int) -> list[Finding]:
    if document.year == folder_year:
        return []
    hint = f"แก้เป็น year: {folder_year} หรือย้ายไฟล์ไปไว้ที่ data/{document.year}/"
    if isinstance(document, Scores):
        hint = (_scores_folder_rule(document.year) + f": ถ้าไฟล์นี้เป็นผล ITA {document.year} "
                f"ให้ย้ายไปไว้ที่ data/{document.year}/scores.yml ถ้าเป็นผล ITA {folder_year} ให้แก้เป็น year: {folder_year}")
    return [_finding("error", "year-mismatch", f"year: {document.year} ไม่ตรงกับโฟลเดอร์ปี {folder_year}",
                     hint, document, ("year",), folder_year)]


def _fiscal_year(day: dt.date) -> int:
    """The Buddhist-Era fiscal year a day falls in (fiscal Y begins on 1 October of Y-1)."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def _check_announced(scores: Scores, year: int) -> list[Finding]:
    """Results announced before the assessment's fiscal year began are an earlier year's memo."""
    if scores.announced is None or _fiscal_year(scores.announced) >= year:
        return []
    earlier = _fiscal_year(scores.announced)
    return [_finding("error", "scores-folder",
                     f"ผลคะแนนนี้ประกาศเมื่อ {scores.announced.day}/{scores.announced.month}/"
                     f"{scores.announced.year + BE_OFFSET} ก่อนปีงบประมาณ {year} จะเริ่ม จึงไม่ใช่ผล ITA {year}",
                     _scores_folder_rule(earlier) + f": ถ้าเป็นผล ITA {earlier} ให้ย้ายไฟล์ไปที่ "
                     f"data/{earlier}/scores.yml และแก้ year: {earlier} ถ้าวันประกาศผิด ให้แก้ announced:",
                     scores, ("announced",), year)]


# --- scores -----------------------------------------------------------------


def _catalog_for(project: Project, year: int) -> Catalog | None:
    return project.catalogs.get(year)


def check_scores(project: Project, year: int, scores: Scores) -> list[Finding]:
    findings = _check_year_field(scores, year)
    if scores.year == year:
        findings += _check_announced(scores, year)
    missing = [n for n in INDICATORS if n not in scores.indicators]
    if missing:
        findings.append(_finding("error", "indicators-missing",
                                 "ไม่มีคะแนนตัวชี้วัดที่ " + ", ".join(map(str, missing)),
                                 "ใส่คะแนนให้ครบทั้ง 10 ตัวชี้วัดใต้ indicators:", scores, ("indicators",), year))
    catalog = _catalog_for(project, year)
    if catalog is not None:
        codes = set(catalog.codes)
        for code in scores.questions:
            if code.startswith("O") and code not in codes:
                findings.append(_finding("error", "unknown-code", f"เกณฑ์ปี {year} ไม่มีข้อ {code}",
                                         f"ใช้รหัสข้อของปี {year}: {catalog.codes[0]}–{catalog.codes[-1]}",
                                         scores, ("questions", code), year))
    findings += _check_level(project, year, scores)
    return findings


def _check_level(project: Project, year: int, scores: Scores) -> list[Finding]:
    catalog = _catalog_for(project, year) or _nearest_catalog(project, year)
    if scores.level is None or catalog is None or not catalog.levels.rules:
        return []
    level = scores.level.strip()
    names = [rule.level for rule in catalog.levels.rules]
    if level not in names:
        return [_finding("error", "level", f"ไม่รู้จักระดับ {level!r}", "ใช้ระดับใดระดับหนึ่ง: " + ", ".join(names),
                         scores, ("level",), year)]
    possible = possible_levels(catalog.levels, scores.total, dict(scores.tools))
    if level not in possible:
        return [_finding("error", "level",
                         f"ระดับ {level!r} ไม่ตรงกับคะแนน: คะแนนรวม {scores.total} และคะแนนรายเครื่องมือ "
                         f"ได้ระดับ {' หรือ '.join(possible) or '-'}",
                         "ตรวจคะแนนรวม คะแนนรายเครื่องมือ (tools) และระดับตามประกาศของสำนักงาน ป.ป.ช. "
                         "(ผ่านดีเยี่ยม: รวม ≥ 95 และทุกเครื่องมือ ≥ 95; ผ่านดี: รวม ≥ 85 และทุกเครื่องมือ ≥ 85)",
                         scores, ("level",), year)]
    known = {rule.level for rule in catalog.levels.rules if rule.known}
    # Warn only when missing scores (not unknown lower thresholds) leave a doubt.
    if any(other in known and other != level for other in possible):
        reason = "ไม่มีคะแนนรายเครื่องมือ (tools)" if not scores.tools else (
            "มีคะแนน EIT รวม แต่ไม่มี EIT1 และ EIT2 แยกส่วน" if "EIT" in scores.tools else
            "เกณฑ์ของระดับนี้ยังไม่ทราบแน่ชัด")
        return [_finding("warning", "level-unchecked", f"ตรวจระดับ {level!r} ได้ไม่ครบ: {reason}",
                         "ใส่คะแนน IIT, EIT1, EIT2 และ OIT ตามประกาศผล เพื่อให้ตรวจระดับได้", scores, ("level",), year)]
    return []


def _nearest_catalog(project: Project, year: int) -> Catalog | None:
    return project.nearest_catalog(year)


# --- measures ---------------------------------------------------------------


def check_measures(project: Project, year: int, measures: Measures) -> list[Finding]:
    findings = _check_year_field(measures, year)
    if measures.based_on is not None and measures.based_on >= measures.year:
        findings.append(_finding("warning", "based-on", f"based_on: {measures.based_on} ต้องเป็นปีก่อนปี {measures.year}",
                                 "based_on คือปีของผลการประเมินที่นำมาวิเคราะห์ ปกติเป็นปีก่อนหน้า",
                                 measures, ("based_on",), year))
    elif (project.scores_of(measures.analysed_year) is None
          and not project.unread(measures.analysed_year, "scores.yml")):  # a broken file reports itself
        analysed = measures.analysed_year
        hint = "เพิ่มไฟล์ scores.yml ของปีนั้น เพื่อให้ตารางคะแนนแสดงบนเว็บไซต์"
        if project.scores_of(year) is not None:
            hint += (f" — {_scores_folder_rule(analysed)}: ถ้าพิมพ์ผล ITA {analysed} ไว้ใน data/{year}/scores.yml "
                     f"ให้ย้ายไปไว้ที่ data/{analysed}/scores.yml และแก้ year: {analysed}")
        findings.append(_finding("warning", "based-on-scores",
                                 f"ไม่พบผลคะแนนปี {analysed} (data/{analysed}/scores.yml) "
                                 "ที่ใช้ในการวิเคราะห์", hint,
                                 measures, ("based_on",) if measures.based_on else ("year",), year))
    findings += _check_analysis_coverage(project, year, measures)
    start, end = fiscal_year_bounds(measures.year)
    covered: set[int] = set()
    # A measure grouped under an analysis theme answers that theme's indicators.
    theme_indicators = {theme.title.strip(): theme.indicators for theme in measures.themes}
    for index, measure in enumerate(measures.measures):
        loc = ("measures", index)
        covered.update(measure.indicators)
        covered.update(theme_indicators.get((measure.group or "").strip(), []))
        findings += _check_units(measure.responsible, project.agency, measures, loc + ("responsible",), year)
        if measure.start and measure.end and measure.end < measure.start:
            findings.append(_finding("error", "date-order",
                                     f"วันสิ้นสุด (end) อยู่ก่อนวันเริ่ม (start) ในมาตรการ {measure.title!r}",
                                     "ตรวจวันที่ start และ end", measures, loc + ("end",), year))
        for name in ("start", "end"):
            day = getattr(measure, name)
            if day is not None and not start <= day <= end:
                findings.append(_finding("warning", "period-outside",
                                         f"{name} ของมาตรการ {measure.title!r} อยู่นอกปีงบประมาณ {measures.year} "
                                         f"(1 ต.ค. {measures.year - 1} – 30 ก.ย. {measures.year})",
                                         "ตรวจปี พ.ศ. ของวันที่ หรือย้ายมาตรการไปไว้ในปีที่ถูกต้อง",
                                         measures, loc + (name,), year))
        for p_index, progress in enumerate(measure.progress):
            for l_index, link in enumerate(progress.links):
                findings += check_link(project, link, measures, loc + ("progress", p_index, "links", l_index), year)
    if measures.measures:
        for number in INDICATORS:
            if number not in covered:
                findings.append(_finding("warning", "indicator-without-measure",
                                         f"ไม่มีมาตรการสำหรับตัวชี้วัดที่ {number} "
                                         f"({_indicator_name(project, year, number)})",
                                         "เพิ่มมาตรการที่ระบุ indicators: [" + str(number) + "] "
                                         "หรือเพิ่มเลขตัวชี้วัดนี้ให้มาตรการที่เกี่ยวข้อง",
                                         measures, ("measures",), year))
    return findings


def _indicator_name(project: Project, year: int, number: int) -> str:
    catalog = _catalog_for(project, year) or _nearest_catalog(project, year)
    return catalog.indicator_name(number) if catalog else f"ตัวชี้วัดที่ {number}"


def _check_analysis_coverage(project: Project, year: int, measures: Measures) -> list[Finding]:
    catalog = _catalog_for(project, year)
    if catalog is None:
        return []
    item = next((item for item in catalog.items if item.analysis == "all-indicators"), None)
    if item is None:
        return []
    missing = [n for n in INDICATORS if n not in measures.analysis or not measures.analysis[n].text.strip()]
    if not missing:
        return []
    return [_finding("warning", "analysis-incomplete",
                     f"ข้อ {item.code} ของปี {year} ต้องวิเคราะห์ผลครบทั้ง 10 ตัวชี้วัด แต่ยังไม่มีการวิเคราะห์ตัวชี้วัดที่ "
                     + ", ".join(map(str, missing)),
                     "เพิ่มการวิเคราะห์ใต้ analysis: ให้ครบ 1–10 แต่ละข้อมี status และ text",
                     measures, ("analysis",), year)]


# --- oit --------------------------------------------------------------------


def check_oit(project: Project, year: int, oit: Oit) -> tuple[list[Finding], Coverage | None]:
    findings = _check_year_field(oit, year)
    catalog = project.catalogs.get(oit.edition)
    if catalog is None:
        known = ", ".join(map(str, sorted(project.catalogs)))
        findings.append(_finding("error", "no-catalog", f"ไม่มีเกณฑ์ OIT ของปี {oit.edition} (มีเฉพาะ {known})",
                                 f"เพิ่มไฟล์ data/criteria/{oit.edition}.yml ตามรูปแบบใน docs/data.md หรือแก้ criteria:",
                                 oit, ("criteria",) if oit.criteria else ("year",), year))
    loc: tuple[str, ...]
    for code, evidence in oit.items.items():
        loc = ("items", code)
        if catalog is not None and catalog.item(code) is None:
            findings.append(_finding("error", "unknown-code", f"เกณฑ์ปี {oit.edition} ไม่มีข้อ {code}",
                                     f"ใช้รหัสข้อของปี {oit.edition} ({catalog.codes[0]}–{catalog.codes[-1]}) "
                                     "ดูรายการได้ใน docs/data.md", oit, loc, year))
        for index, link in enumerate(evidence.links):
            findings += check_link(project, link, oit, loc + ("links", index), year)
        findings += _check_units(evidence.responsible, project.agency, oit, loc + ("responsible",), year)
        if evidence.published is not None and evidence.published > today():
            findings.append(_finding("warning", "future-date",
                                     f"วันที่เผยแพร่ของข้อ {code} ({evidence.published.day}/{evidence.published.month}/"
                                     f"{evidence.published.year + BE_OFFSET}) ยังมาไม่ถึง",
                                     "ตรวจปี พ.ศ. ของวันที่ (เช่น 2568 ไม่ใช่ 2586) — วันที่ในอนาคตจะไม่แสดงใน "
                                     "ความเคลื่อนไหวล่าสุด จนกว่าจะถึงวันนั้น", oit, loc + ("published",), year))
    if catalog is None:
        return findings, None
    missing: list[str] = []
    unread: list[str] = []
    for item in catalog.items:
        given = oit.items.get(item.code)
        loc = ("items", item.code) if given is not None else ("items",)
        if not item.verified:
            findings.append(_finding("warning", "unverified-title",
                                     f"ชื่อข้อ {item.code} ของปี {oit.edition} ({item.title}) "
                                     "ยังไม่ได้ยืนยันกับคู่มือของสำนักงาน ป.ป.ช.",
                                     f"ตรวจชื่อข้อกับคู่มือ ITA ปี {oit.edition} ถ้าไม่ตรง "
                                     f"แก้ได้ใน data/criteria/{oit.edition}.yml",
                                     oit, loc, year))
        has = _has_evidence(project, year, item.generated, given)
        if not has:
            missing.append(item.code)
            if _source_unread(project, year, item.generated, given):
                unread.append(item.code)
                continue  # its measures.yml has errors of its own: they are the finding, not "no evidence"
            findings.append(_finding("warning", "no-evidence", f"ข้อ {item.code} {item.title}: ยังไม่มีหลักฐาน",
                                     _evidence_hint(item.code, item.generated, year), oit, loc, year))
    coverage = Coverage(year, len(catalog.items), len(catalog.items) - len(missing), tuple(missing), tuple(unread))
    return findings, coverage


def _has_evidence(project: Project, year: int, generated: str | None, evidence) -> bool:
    return project.has_evidence(year, generated, evidence)


def _source_unread(project: Project, year: int, generated: str | None, evidence) -> bool:
    """A generated item whose measures.yml is there but could not be read."""
    kind = (evidence.generated if evidence is not None else None) or generated
    if kind == "measures":
        return project.unread(year, "measures.yml")
    if kind == "measures-report":
        return project.unread(year - 1, "measures.yml")
    return False


def today() -> dt.date:
    """The date a future `published` is measured against (a function, so tests can set it)."""
    return dt.date.today()


def _evidence_hint(code: str, generated: str | None, year: int) -> str:
    if generated == "measures":
        return f"ใส่ generated: measures ใต้ {code} และจัดทำ data/{year}/measures.yml ให้มีมาตรการ"
    if generated == "measures-report":
        return (f"ใส่ generated: measures-report ใต้ {code} และบันทึก progress ของมาตรการใน data/{year - 1}/measures.yml "
                "หรือใส่ links ของรายงาน")
    return f"ใส่ links: ใต้ {code} ใน oit.yml เป็นลิงก์ (url:) หรือไฟล์ใน content/ (file:)"


# --- content/ ---------------------------------------------------------------


def check_content_links(project: Project) -> list[Finding]:
    """Symbolic links in content/ that would publish what is not in it (see ``content_links``)."""
    messages = {
        content_links.OUTSIDE: ("ชี้ออกนอกโฟลเดอร์ content/ ({target}) จึงไม่นำขึ้นเว็บไซต์",
                                "คัดลอกไฟล์ที่ต้องการเผยแพร่มาไว้ใน content/ แทนลิงก์ แล้วลบลิงก์นี้"),
        content_links.DANGLING: ("ชี้ไปยัง {target} ซึ่งไม่มีอยู่", "ลบลิงก์นี้ หรือคัดลอกไฟล์จริงมาไว้แทน"),
        content_links.LOOP: ("ชี้กลับไปยังโฟลเดอร์ที่มีลิงก์นี้อยู่ ({target}) ทำให้วนไม่รู้จบ", "ลบลิงก์นี้"),
    }
    findings = []
    for link in content_links.bad_links(project.content_dir):
        message, hint = messages[link.reason]
        findings.append(Finding("error", "content-link",
                                f"content/{link.path} เป็นลิงก์ (symbolic link) ที่" + message.format(target=link.target),
                                hint, f"content/{link.path}"))
    return findings


# --- archive/ (copies of evidence kept by oit links) ---------------------------------


def check_archive(project: Project) -> list[Finding]:
    """Evidence documents without a kept copy, copies that could not be made, the archive's budget.

    Warnings only: the site is fine without copies; they keep evidence reachable when a host drops it.
    A project that never kept any copy (no ``archive/``) gets one warning, not one per link.
    """
    settings = project.agency.archive if project.agency is not None else ArchiveSettings()
    findings: list[Finding] = []
    missing: list[Finding] = []
    for year, data in sorted(project.years.items()):
        if data.oit is None:
            continue
        for code, evidence in data.oit.items.items():
            for index, link in enumerate(evidence.links):
                url = link.url
                if (url is None or urlsplit(url.strip()).scheme.lower() not in ("http", "https")
                        or archive.opted_out(url, link.archive, settings.skip_hosts)):
                    continue
                loc = ("items", code, "links", index, "url")
                entry = project.archive.get(link.audit_key)
                if entry is not None and entry.refused:
                    findings.append(_finding(
                        "warning", "archive-refused", f"ข้อ {code}: เก็บสำเนาของ {url} ไม่ได้: {entry.refused}",
                        "ถ้าไฟล์ใหญ่เกิน ปรับ max_file_mb ใต้ archive: ใน data/agency.yml ถ้าเป็นเอกสารที่ไม่ควรเก็บสำเนา "
                        "(เช่น มีข้อมูลส่วนบุคคล) ใส่ archive: false ใต้ลิงก์นี้ แล้วรัน oit links อีกครั้ง",
                        data.oit, loc, year))
                elif (entry is None or entry.newest is None) and archive.expected(url, link.archive,
                                                                                  settings.skip_hosts):
                    missing.append(_finding(
                        "warning", "archive-missing",
                        f"ข้อ {code}: {url} ยังไม่มีสำเนาเก็บไว้ — รัน oit links เพื่อเก็บสำเนา",
                        "oit links เก็บสำเนาเอกสารหลักฐานไว้ในโฟลเดอร์ archive/ และเว็บไซต์จะเสนอสำเนาเมื่อต้นฉบับเปิดไม่ได้ "
                        "ถ้าไม่ต้องการเก็บสำเนาลิงก์ใด ใส่ archive: false ใต้ลิงก์นั้น",
                        data.oit, loc, year))
    if missing and not (project.root / archive.FOLDER).is_dir():
        first = missing[-1]  # in the newest year's file: where the officer works now
        missing = [Finding("warning", "archive-none",
                           f"ยังไม่มีสำเนาหลักฐานเก็บไว้เลย (ไม่มีโฟลเดอร์ archive/): "
                           f"เอกสารหลักฐาน {len(missing)} ลิงก์ยังไม่มีสำเนา",
                           "รัน oit links เพื่อเก็บสำเนา: จะสร้างโฟลเดอร์ archive/ ในโครงการ (สำรองโฟลเดอร์นี้ไว้ด้วย) "
                           "และเว็บไซต์จะเสนอสำเนาเมื่อต้นฉบับเปิดไม่ได้",
                           first.file, None, None, first.year)]
    findings += missing
    budget = settings.budget_mb
    if budget is not None and project.agency is not None:
        total = archive.total_size(project.root)
        if total > budget * 1024 * 1024:
            findings.append(_finding(
                "warning", "archive-budget",
                f"สำเนาหลักฐานใน archive/ รวม {file_size(total, exact=True)} เกินที่ตั้งไว้ (budget_mb: {budget} MB)",
                "เพิ่ม budget_mb ใต้ archive: ใน data/agency.yml หรือลบสำเนาฉบับเก่าที่ไม่ต้องใช้แล้วออกจาก archive/ "
                "(สำรองโฟลเดอร์ archive/ ไว้ก่อนลบ)", project.agency, ("archive", "budget_mb")))
    return findings


# --- the whole project ------------------------------------------------------


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: tags such as ``!!python/name:`` and ``!ENV`` read as nothing."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def check_site_url(project: Project) -> list[Finding]:
    """The site's public address (``site_url`` in mkdocs.yml) is known.

    Without it the "page not found" page loads its styles from the domain's root, so it
    shows unstyled when the site is published in a subfolder (public_html/ita/), and the
    data files cannot give full addresses. No mkdocs.yml: nothing to say (build says it).
    """
    path = project.root / "mkdocs.yml"
    try:
        config = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_AnyTagLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(config, dict) or str(config.get("site_url") or "").strip():
        return []
    return [Finding("warning", "site-url", "ยังไม่ได้ระบุที่อยู่ของเว็บไซต์ (site_url) ใน mkdocs.yml",
                    "เพิ่มบรรทัด site_url: ตามด้วยที่อยู่เต็มที่ผู้อ่านเปิดเว็บไซต์นี้ เช่น site_url: https://www.example.go.th/ita/ "
                    "— ถ้าไม่มี หน้า \"ไม่พบหน้านี้\" จะแสดงผลไม่ถูกต้องเมื่อเว็บไซต์อยู่ในโฟลเดอร์ย่อย",
                    "mkdocs.yml")]


def check_project(project: Project) -> tuple[list[Finding], list[Coverage]]:
    findings: list[Finding] = []
    coverage: list[Coverage] = []
    findings += check_site_url(project)
    if project.agency is not None:
        findings += check_agency(project, project.agency)
    for year, data in sorted(project.years.items()):
        findings += _check_year(project, year, data, coverage)
    findings += check_content_links(project)
    findings += check_archive(project)
    return findings, coverage


def _check_year(project: Project, year: int, data: YearData, coverage: list[Coverage]) -> list[Finding]:
    findings: list[Finding] = []
    if data.scores is not None:
        findings += check_scores(project, year, data.scores)
    if data.measures is not None:
        findings += check_measures(project, year, data.measures)
    if data.oit is not None:
        found, year_coverage = check_oit(project, year, data.oit)
        findings += found
        if year_coverage is not None:
            coverage.append(year_coverage)
    return findings


def run_check(root: Path) -> Report:
    """Load and check a project. Raises ProjectError when there is no project to check."""
    loaded = load_project(root)
    findings, coverage = check_project(loaded.project)
    return Report(loaded.project, loaded.findings + findings, coverage)


__all__ = ["Coverage", "Report", "ProjectError", "run_check", "check_project"]
