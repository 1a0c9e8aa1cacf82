"""The shared formatters (site_builder/formatting.py), pinned to literal strings, and the
one rule that picks a year's catalog."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

from site_builder import formatting
from site_builder.formatting import (
    be_iso_date,
    be_numeric_date,
    change,
    file_size,
    score,
    thai_date,
    thai_time,
    time_for_year,
    time_label,
)
from site_builder.model import edition_for


def test_thai_date() -> None:
    assert thai_date(dt.date(2025, 9, 5)) == "5 ก.ย. 2568"
    assert thai_date(dt.date(2026, 1, 10)) == "10 ม.ค. 2569"
    assert thai_date(dt.date(2026, 1, 10), True) == "10 มกราคม 2569"
    assert thai_date(dt.date(2026, 11, 22), long=True) == "22 พฤศจิกายน 2569"
    assert thai_date(dt.date(2024, 2, 29), True) == "29 กุมภาพันธ์ 2567"
    assert thai_date(dt.date(2026, 12, 31)) == "31 ธ.ค. 2569"
    assert thai_date(None) == ""


def test_the_month_tables() -> None:
    assert formatting.MONTHS_SHORT == ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
                                       "ต.ค.", "พ.ย.", "ธ.ค.")
    assert formatting.MONTHS_LONG[4] == "พฤษภาคม" and formatting.MONTHS_LONG[6] == "กรกฎาคม"


def test_printed_months_are_the_months_the_loader_reads() -> None:
    # The loader parses dates with PyThaiNLP's month lists; what is printed must read back.
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    assert formatting.MONTHS_SHORT == tuple(thai_abbr_months)
    assert formatting.MONTHS_LONG == tuple(thai_full_months)


def test_thai_time() -> None:
    moment = dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert thai_time(moment) == "22 พ.ย. 2569 09:05"
    assert thai_time(moment, False) == "22 พ.ย. 2569"


def test_be_dates_in_numbers() -> None:
    assert be_numeric_date(dt.date(2025, 9, 5)) == "05/09/2568"
    assert be_numeric_date(None) == ""
    assert be_iso_date(dt.date(2025, 9, 5)) == "2568-09-05"


def test_score() -> None:
    assert score(Decimal("97.6")) == "97.60"
    assert score(Decimal("85.125")) == "85.12"  # half to even, as Decimal rounds
    assert score(Decimal(100)) == "100.00"
    assert score(None) == "–"
    assert change(Decimal("1.25")) == "+1.25"
    assert change(Decimal("-0.4")) == "-0.40"
    assert change(Decimal(0)) == "±0.00"
    assert change(None) == ""


def test_file_size() -> None:
    assert file_size(None) == ""
    assert file_size(512) == "512 B"
    assert file_size(1536) == "2 KB"
    assert file_size(200 * 1024) == "200 KB"
    assert file_size(3 * 1024 * 1024 + 1024 * 1024 // 2) == "3.5 MB"
    assert file_size(512, exact=True) == "512 ไบต์"
    assert file_size(1536, exact=True) == "1.5 KB"
    assert file_size(3 * 1024 * 1024 + 1024 * 1024 // 2, exact=True) == "3.5 MB"


def test_time_rules() -> None:
    assert time_label("current_fy") == "ข้อมูลของปีงบประมาณที่ประเมิน"
    assert time_label("in_force") == "ข้อมูลที่ยังมีผลใช้บังคับ"
    assert time_label("someday") == "someday"
    assert time_for_year("previous_fy", 2569) == "ข้อมูลของปีงบประมาณ พ.ศ. 2568 (ปีที่ผ่านมา)"
    assert time_for_year("previous_fy", 2569, hints=False) == "ข้อมูลของปีงบประมาณ พ.ศ. 2568"
    assert time_for_year("current", 2569, hints=False) is None
    assert time_for_year(None, 2569) is None


def test_formatting_loads_no_site_engine() -> None:
    code = ("import site_builder.formatting, sys; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs','jinja2','pythainlp','material'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the catalog of a year -------------------------------------------------------------


def test_a_year_uses_the_edition_in_force() -> None:
    editions = [2567, 2569]
    assert edition_for(2569, editions) == 2569
    assert edition_for(2568, editions) == 2567  # 2569's criteria did not exist yet in 2568
    assert edition_for(2571, editions) == 2569  # criteria are published late
    assert edition_for(2565, editions) == 2567  # before every edition: the oldest
    assert edition_for(2568, []) is None


def test_the_site_and_new_year_pick_the_same_catalog(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from site_builder.model import Project

    catalogs = {2567: "catalog 2567", 2569: "catalog 2569"}
    project = Project(root=tmp_path, agency=None, years={}, catalogs=catalogs)  # type: ignore[arg-type]
    assert project.nearest_catalog(2568) == "catalog 2567"
    assert project.nearest_catalog(2570) == "catalog 2569"
    assert Project(root=tmp_path, agency=None, years={}, catalogs={}).nearest_catalog(2569) is None
