"""The officer's Thai data guide, shipped with the package.

``oit new`` writes it into every new project as ``docs/data.md`` (the place the hints of
``oit check`` name) and ``oit help data`` prints it. The O-code list is made from the
shipped catalogs, so the guide cannot drift from the criteria the tool checks against.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..catalogs import Catalog, load_catalogs
from ..formatting import TIME_SHORT

GUIDE_PATH = "docs/data.md"  # where hints point; relative to the project
_O_CODES = "<!-- oit:o-codes -->"

_TIME = TIME_SHORT


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def catalog_table(catalog: Catalog) -> str:
    """One edition's items as a Markdown table: code, title, indicator, period of the data, notes."""
    lines = [f"### เกณฑ์ปี {catalog.edition} ({len(catalog.items)} ข้อ)", "",
             "| รหัส | ชื่อข้อ | ตัวชี้วัด | ช่วงเวลาของข้อมูล | หมายเหตุ |", "| --- | --- | --- | --- | --- |"]
    for item in catalog.items:
        notes = []
        if item.generated == "measures":
            notes.append("เว็บไซต์สร้างจาก measures.yml ของปีนี้ (`generated: measures`)")
        elif item.generated == "measures-report":
            notes.append("เว็บไซต์สร้างจาก progress ใน measures.yml ของปีก่อน (`generated: measures-report`)")
        if not item.verified:
            notes.append("ชื่อข้อยังไม่ได้ยืนยันกับคู่มือของ ป.ป.ช.")
        indicator = str(item.indicator) if item.indicator is not None else "–"
        lines.append(f"| {item.code} | {_cell(item.title)} | {indicator} | {_TIME.get(item.time or '', '–')} | "
                     f"{'; '.join(notes) or ' '} |")
    return "\n".join(lines)


def data_guide() -> str:
    """The whole guide (Thai Markdown) with the O-code list of every shipped edition."""
    text = resources.files(__package__).joinpath("data.md").read_text(encoding="utf-8")
    catalogs, _problems = load_catalogs(Path("/nonexistent-oit-data"))  # the shipped editions only
    tables = "\n\n".join(catalog_table(catalogs[edition]) for edition in sorted(catalogs, reverse=True))
    return text.replace(_O_CODES, tables)
