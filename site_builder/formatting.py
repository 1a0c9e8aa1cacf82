"""How values are written for people, in one place: scores, file sizes, Buddhist-Era dates,
and the catalog's time rules in Thai.

A base-layer module (standard library only): the site (``render/``), ``check``, ``links``
and ``publish`` all print through it, and importing it loads neither MkDocs, Jinja2 nor
PyThaiNLP (the month names are the table below, pinned by tests).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BE_OFFSET = 543  # the Buddhist Era: 2026 CE is 2569 BE (as load/values.py reads it)

MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
               "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


# --- scores -----------------------------------------------------------------------


def score(value: Decimal | None) -> str:
    """``97.6`` → ``"97.60"``: ITA scores are announced with two decimals."""
    if value is None:
        return "–"
    return f"{value.quantize(Decimal('0.01')):,.2f}"


def change(value: Decimal | None) -> str:
    """A signed difference between two scores: ``+1.25``, ``-0.40``, ``±0.00``."""
    if value is None:
        return ""
    text = score(abs(value))
    return ("+" if value > 0 else "-" if value < 0 else "±") + text


# --- file sizes -------------------------------------------------------------------


def file_size(size: int | None, exact: bool = False) -> str:
    """A file's size: ``2 KB`` beside a link on the site; with ``exact`` (what ``oit publish``
    reports of an upload) one decimal and Thai bytes: ``1.5 KB``, ``512 ไบต์``."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} ไบต์" if exact else f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB" if exact else f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# --- dates in the Buddhist Era ------------------------------------------------------


def thai_date(value: dt.date | None, long: bool = False) -> str:
    """``10 ม.ค. 2569`` (``10 มกราคม 2569`` when ``long``); empty for None."""
    if value is None:
        return ""
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{value.day} {months[value.month - 1]} {value.year + BE_OFFSET}"


def thai_time(moment: dt.datetime, with_time: bool = True) -> str:
    """``22 พ.ย. 2569 10:15`` (the moment as given, in its own zone)."""
    day = thai_date(moment.date())
    return f"{day} {moment:%H:%M}" if with_time else day


def be_numeric_date(value: dt.date | None) -> str:
    """``05/09/2568``: day/month/BE year, as Thai spreadsheets write dates; empty for None."""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}" if value else ""


def be_iso_date(value: dt.date) -> str:
    """``2568-09-05``: the ISO form with the BE year, as ``oit.yml`` files are written."""
    return f"{value.year + BE_OFFSET}-{value.month:02d}-{value.day:02d}"


# --- the catalog's time rules ("time:" of an item) -----------------------------------

# On the site, beside an item.
TIME_LABELS = {
    "current": "ข้อมูลที่เป็นปัจจุบัน",
    "current_fy": "ข้อมูลของปีงบประมาณที่ประเมิน",
    "previous_fy": "ข้อมูลของปีงบประมาณก่อนหน้า",
    "in_force": "ข้อมูลที่ยังมีผลใช้บังคับ",
}
# In the data guide's catalog tables (a narrow column).
TIME_SHORT = {
    "current": "ข้อมูลปัจจุบัน",
    "in_force": "ฉบับที่ใช้บังคับอยู่",
    "current_fy": "ปีงบประมาณนี้",
    "previous_fy": "ปีงบประมาณที่แล้ว",
}


def time_label(rule: str | None) -> str:
    """What the site says of an item's time rule; an unknown rule as written."""
    return TIME_LABELS.get(rule, rule) if rule else ""


def time_for_year(rule: str | None, year: int, hints: bool = True) -> str | None:
    """The time rule of an item for fiscal ``year``, as a new ``oit.yml`` comments it
    (``hints``), or as ``oit new-year`` lists what each item needs (the year's rules only)."""
    if not hints:
        return {"current_fy": f"ข้อมูลของปีงบประมาณ พ.ศ. {year}",
                "previous_fy": f"ข้อมูลของปีงบประมาณ พ.ศ. {year - 1}"}.get(rule or "")
    return {
        "current": "ข้อมูลปัจจุบัน (ใช้ต่อได้ตราบที่ยังเป็นปัจจุบัน)",
        "in_force": "ฉบับที่ยังใช้บังคับอยู่",
        "current_fy": f"ข้อมูลของปีงบประมาณ พ.ศ. {year}",
        "previous_fy": f"ข้อมูลของปีงบประมาณ พ.ศ. {year - 1} (ปีที่ผ่านมา)",
    }.get(rule or "")
