"""``/<year>/data/``: the year's scores, measures and OIT evidence as CSV and JSON.

CSV is UTF-8 with a BOM (Excel opens Thai correctly only then), Thai headers,
Arabic digits and Buddhist-Era dates, one row per fact; a cell Excel would read as a
formula is neutralised (see ``_cell``). JSON is for programs: English keys, ISO dates,
scores as numbers, text exactly as typed. Output is deterministic (sorted, no
timestamps) so two builds give the same bytes. A year offers only the files it has
data for: no JSON of ``null``, no CSV of headers only.

Addresses of the site (item pages, local evidence files) are full URLs when the
site's address (``site_url`` in ``mkdocs.yml``) is known, else paths from the site
root (``/files/2569/o1.pdf``): a downloaded file has no page to be relative to.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from ..formatting import be_numeric_date
from ..model import STATUS_LABELS, Measures, Scores
from .views import PROGRESS_LABELS, TOOL_NAMES, ItemView, YearView, measure_views

FILES = [("scores", "ผลคะแนน ITA (คะแนนรวม เครื่องมือ ตัวชี้วัด และรายข้อ)"),
         ("measures", "ผลการวิเคราะห์และมาตรการ"),
         ("oit", "รายการ OIT และลิงก์หลักฐาน")]


# Excel (and LibreOffice) read a cell starting with these as a formula, e.g. =HYPERLINK(…).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell that opens as the text typed: a formula-like text gets a leading ``'`` (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _address(site_url: str, path: str) -> str:
    """A site address (``2569/oit/o1/``) as the files give it: full URL, or from the site root."""
    return (site_url.rstrip("/") if site_url else "") + "/" + path.lstrip("/")


def _json(value: object) -> bytes:
    def default(obj: object) -> object:
        if isinstance(obj, Decimal):
            return float(obj)
        if isinstance(obj, dt.date):
            return obj.isoformat()
        raise TypeError(type(obj))
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default) + "\n").encode("utf-8")


def _scores(view: YearView, scores: Scores | None) -> tuple[bytes, bytes]:
    rows: list[list[object]] = []
    if scores is not None:
        rows.append(["คะแนนรวม", "total", "คะแนนรวม", scores.total, scores.level or ""])
        rows += [["เครื่องมือ", code, TOOL_NAMES.get(code, code), value, ""] for code, value in scores.tools.items()]
        rows += [["ตัวชี้วัด", str(n), view.catalog.indicator_name(n) if view.catalog else "", value, ""]
                 for n, value in sorted(scores.indicators.items())]
        rows += [["รายข้อ", code, "", value, ""] for code, value in scores.questions.items()]
    data = None if scores is None else {
        "year": scores.year, "announced": scores.announced, "total": scores.total, "level": scores.level,
        "rank": scores.rank.model_dump() if scores.rank else None, "tools": scores.tools,
        "indicators": {str(n): v for n, v in sorted(scores.indicators.items())},
        "questions": scores.questions,
    }
    return _csv(["หมวด", "รหัส", "รายการ", "คะแนน", "ระดับ"], rows), _json(data)


def _measures(measures: Measures | None) -> tuple[bytes, bytes]:
    if measures is None:
        return _csv(["ลำดับ"], []), _json(None)
    views = measure_views(measures)
    rows = [[v.number, v.measure.title, ", ".join(map(str, v.measure.indicators)), v.analysis.strip(),
             "\n".join(f"{i}. {s}" for i, s in enumerate(v.measure.steps, start=1)), v.measure.period,
             be_numeric_date(v.measure.start), be_numeric_date(v.measure.end), ", ".join(v.measure.responsible),
             v.measure.group or "",
             "\n".join(f"{be_numeric_date(p.date)} {PROGRESS_LABELS.get(p.status or '', '')} {p.note or ''}".strip()
                       for p in v.measure.progress)]
            for v in views]
    data = {
        "year": measures.year, "based_on": measures.analysed_year, "title": measures.title,
        "analysis": {str(n): {"status": a.status, "status_label": STATUS_LABELS.get(a.status or "", ""),
                              "text": a.text} for n, a in sorted(measures.analysis.items())},
        "measures": [{
            "number": v.number, "title": v.measure.title, "indicators": v.measure.indicators,
            "analysis": v.analysis, "steps": v.measure.steps, "period": v.measure.period,
            "start": v.measure.start, "end": v.measure.end, "responsible": v.measure.responsible,
            "group": v.measure.group, "followup": v.measure.followup,
            "progress": [{"date": p.date, "status": p.status, "note": p.note,
                          "links": [link.target for link in p.links]} for p in v.measure.progress],
        } for v in views],
        "limitations": measures.limitations, "recommendations": measures.recommendations,
    }
    header = ["ลำดับ", "มาตรการ", "ตัวชี้วัด", "ผลการวิเคราะห์", "ขั้นตอน", "ระยะเวลา", "วันเริ่ม", "วันสิ้นสุด",
              "ผู้รับผิดชอบ", "กลุ่ม", "ผลการดำเนินงาน"]
    return _csv(header, rows), _json(data)


def _oit(view: YearView, site_url: str) -> tuple[bytes, bytes]:
    def href(link_view) -> str:  # local files as full addresses (see the module's note)
        return _address(site_url, link_view.href) if link_view.local else link_view.href

    rows: list[list[object]] = []
    for item in view.items:
        base: list[object] = [item.code, item.item.title, item.item.indicator or "",
                              "มี" if item.has_evidence else "ยังไม่เผยแพร่"]
        tail: list[object] = [be_numeric_date(item.evidence.published) if item.evidence else "",
                              ", ".join(item.evidence.responsible) if item.evidence else ""]
        if item.links:
            rows += [base + [link.title, href(link)] + tail for link in item.links]
        else:
            rows.append(base + ["", _address(site_url, item.generated_page) if item.generated_page else ""] + tail)
    data = {"year": view.year, "criteria": view.catalog.edition if view.catalog else None,
            "items": [_item_json(item, site_url) for item in view.items]}
    header = ["ข้อ", "รายการ", "ตัวชี้วัด", "สถานะ", "ชื่อหลักฐาน", "ลิงก์", "วันที่เผยแพร่", "ผู้รับผิดชอบ"]
    return _csv(header, rows), _json(data)


def _item_json(item: ItemView, site_url: str) -> dict[str, object]:
    return {
        "code": item.code, "key": item.item.key, "title": item.item.title, "indicator": item.item.indicator,
        "page": _address(site_url, item.address), "has_evidence": item.has_evidence,
        "links": [{"title": view.link.title, "url": _address(site_url, view.href) if view.local else view.href,
                   "type": view.kind, "size": view.size} for view in item.links],
        "generated_page": _address(site_url, item.generated_page) if item.generated_page else None,
        "published": item.evidence.published if item.evidence else None,
        "responsible": item.evidence.responsible if item.evidence else [],
    }


def data_files(view: YearView, site_url: str = "") -> dict[str, bytes]:
    """The year's files, by address: ``2569/data/scores.csv`` …, only those with data.

    ``site_url``: the agency's full URL, or empty for addresses from the site root.
    """
    made: dict[str, tuple[bytes, bytes, int]] = {}
    if view.data.scores is not None:
        made["scores"] = (*_scores(view, view.data.scores), 1)
    if view.data.measures is not None:
        made["measures"] = (*_measures(view.data.measures), len(view.data.measures.measures))
    if view.items:
        made["oit"] = (*_oit(view, site_url), len(view.items))
    base = f"{view.year}/data/"
    files: dict[str, bytes] = {}
    for name, (csv_bytes, json_bytes, rows) in made.items():
        if rows:
            files[base + name + ".csv"] = csv_bytes
        files[base + name + ".json"] = json_bytes
    return files
