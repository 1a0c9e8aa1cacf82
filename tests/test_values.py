"""What agencies write, read into one canonical value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from site_builder.catalogs import load_catalogs, possible_levels
from site_builder.base.values import (
    fiscal_year_bounds, parse_date, parse_score, split_numbered, text_list, unit_list,
)


@pytest.mark.parametrize("written", ["2568-10-01", "1 ต.ค. 2568", "๑ ตุลาคม ๒๕๖๘", "1 ตุลาคม 2568", "2025-10-01",
                                     "๒๕๖๘-๑๐-๐๑", " 1  ต.ค.  2568 "])
def test_dates_in_every_form_mean_the_same_day(written: str) -> None:
    assert parse_date(written) == dt.date(2025, 10, 1)


def test_be_leap_day_follows_the_gregorian_year() -> None:
    assert parse_date("2567-02-29") == dt.date(2024, 2, 29)  # 2024 is a leap year
    with pytest.raises(ValueError):
        parse_date("2568-02-29")  # 2025 is not


@pytest.mark.parametrize("written", [97.64, "97.64", "๙๗.๖๔", Decimal("97.64"), "๙๗.๖๔ คะแนน"])
def test_thai_and_arabic_scores_are_equal(written: object) -> None:
    assert parse_score(written) == Decimal("97.64")


@pytest.mark.parametrize("bad", [100.01, -1, "abc", True, "97.645", None])
def test_bad_scores_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_score(bad)


def test_numbered_string_is_split_only_when_markers_count_up() -> None:
    assert split_numbered("๑. เผยแพร่แผน ๒. จัดทำสรุป ๓. ประกาศผล") == ["เผยแพร่แผน", "จัดทำสรุป", "ประกาศผล"]
    assert split_numbered("1.ตรวจสอบลิงก์ทุกเดือน 2.อัปเดตข้อมูล") == ["ตรวจสอบลิงก์ทุกเดือน", "อัปเดตข้อมูล"]
    # A year or a single number is not a list marker.
    assert split_numbered("ตลอดปีงบประมาณ พ.ศ. 2569. ต่อเนื่อง") == ["ตลอดปีงบประมาณ พ.ศ. 2569. ต่อเนื่อง"]
    assert split_numbered("2. ข้อเดียว") == ["2. ข้อเดียว"]


def test_text_list_forms() -> None:
    assert text_list(["ก", "ข"]) == ["ก", "ข"]
    assert text_list("- ก\n- ข\n") == ["ก", "ข"]
    assert text_list("ขั้นตอนเดียว") == ["ขั้นตอนเดียว"]
    assert text_list(None) == []


def test_units_written_as_one_string() -> None:
    assert unit_list("กองช่าง / สำนักปลัด") == ["กองช่าง", "สำนักปลัด"]
    assert unit_list("กองคลัง, กองช่าง และ สำนักปลัด") == ["กองคลัง", "กองช่าง", "สำนักปลัด"]
    assert unit_list(["ทุกสำนัก/กอง"]) == ["ทุกสำนัก/กอง"]


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))


def _levels(edition: int = 2568):
    catalogs, problems = load_catalogs(__import__("pathlib").Path("/nonexistent"))
    assert problems == []
    return catalogs[edition].levels


D = Decimal


@pytest.mark.parametrize("total, tools, expected", [
    # seed 000: total above 95 but EIT part 2 is 91 → ผ่านดี
    (D("97.64"), {"IIT": D("99.96"), "EIT1": D(100), "EIT2": D(91), "OIT": D("97.50")}, ["ผ่านดี"]),
    # seed 001: OIT 94.13 → ผ่านดี
    (D("97.28"), {"IIT": D(100), "EIT1": D("97.51"), "EIT2": D(100), "OIT": D("94.13")}, ["ผ่านดี"]),
    (D("96"), {"IIT": D(96), "EIT1": D(97), "EIT2": D(95), "OIT": D(99)}, ["ผ่านดีเยี่ยม"]),
    # news of 2568: total 94.64 with EIT below 85 → not ผ่านดี
    (D("94.64"), {"IIT": D(99), "EIT1": D(80), "EIT2": D(90), "OIT": D(99)},
     ["ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]),
    # seed 002: one combined EIT 88.45 — a part may be below 85
    (D("92.40"), {"IIT": D("96.22"), "EIT": D("88.45"), "OIT": D(95)},
     ["ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]),
    # combined EIT below 85: some part is below 85 → ผ่านดี is excluded
    (D("90"), {"IIT": D(96), "EIT": D("84.00"), "OIT": D(95)}, ["ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]),
])
def test_level_rule(total: Decimal, tools: dict, expected: list[str]) -> None:
    assert possible_levels(_levels(), total, tools) == expected


def test_catalogs_ship_three_editions_with_stable_keys() -> None:
    catalogs, _ = load_catalogs(__import__("pathlib").Path("/nonexistent"))
    assert {e: len(c.items) for e, c in catalogs.items()} == {2567: 35, 2568: 26, 2569: 26}
    # Codes change between editions; keys do not.
    assert catalogs[2567].by_key("procurement-report").code == "O17"
    assert catalogs[2568].by_key("procurement-report").code == "O13"
    assert catalogs[2569].by_key("procurement-report").code == "O12"
    assert [i.code for i in catalogs[2569].items if not i.verified] == ["O2", "O6", "O7"]
    assert [i.code for i in catalogs[2568].items if not i.verified] == ["O2", "O5", "O6", "O7"]
    assert catalogs[2569].item("O25").analysis == "all-indicators"
    for catalog in catalogs.values():
        keys = [item.key for item in catalog.items]
        assert len(keys) == len(set(keys))


def test_megabytes_as_officers_write_them() -> None:
    from site_builder.base.values import ValueProblem, parse_megabytes

    assert [parse_megabytes(v) for v in (50, "50", "๕๐", "50 MB", "50mb", " ๑๐๐ เมกะไบต์ ")] == [50, 50, 50, 50, 50, 100]
    for wrong in ("5 GB", "0", 0, "2.5", True, "ห้าสิบ"):
        with pytest.raises(ValueProblem):
            parse_megabytes(wrong)
    with pytest.raises(ValueProblem, match="ต้องไม่เกิน 2,048 เมกะไบต์"):
        parse_megabytes(4096, largest=2048)
