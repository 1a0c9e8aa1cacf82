"""Parsing of the values agencies write: Thai digits, BE dates, scores, lists as one string.

Pure functions, no I/O. Each raises ``ValueError`` with a Thai message that says
what was expected; the schema layer turns it into a finding with file:line.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from pythainlp.util import thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
# A year above this is Buddhist Era (2568 = 2025); below it, Gregorian.
BE_THRESHOLD = 2400

class ValueProblem(ValueError):
    """A value that cannot be read; ``code`` names the kind for `oit check --json`."""

    def __init__(self, message: str, code: str = "value") -> None:
        super().__init__(message)
        self.code = code


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Day first, as Thai documents write it: 05/09/2568, 5/9/2568, 20-11-2568, 20.11.68.
_DMY_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$")
_THAI_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+(?:\s[^\d\s]+)?)\s*(\d{4}|\d{2})$")
_DAY_WORD = re.compile(r"^วัน(?:ที่)?\s*")
_ERA_WORD = re.compile(r"([พค])\.?\s*ศ\.?\s*(?=\d)")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# A comma that is a decimal mark (94,86), not a thousands separator (1,200).
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,(\d{1,2}|\d{4,})$")
# Thai month names and abbreviations (pythainlp's lists), matched without dots or spaces.
_MONTHS = {name.replace(".", ""): number for names in (thai_full_months, thai_abbr_months)
           for number, name in enumerate(names, start=1)}
DATE_FORMS = "2568-10-01, 1 ต.ค. 2568, 1 ตุลาคม พ.ศ. 2568, 01/10/2568, 1/10/68 หรือ ๑ ตุลาคม ๒๕๖๘ (วันขึ้นก่อน ปี พ.ศ.)"


def to_arabic_digits(text: str) -> str:
    """``"๙๗.๖๔"`` → ``"97.64"``; other characters are kept."""
    return thai_digit_to_arabic_digit(text)


def parse_decimal(value: object) -> Decimal:
    """A YAML number or a string in Thai or Arabic digits, e.g. ``"๙๗.๖๔"``."""
    if isinstance(value, bool):
        raise ValueProblem("ต้องเป็นตัวเลข ไม่ใช่ true/false", "number")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = to_arabic_digits(value).strip()
        if _DECIMAL_COMMA.match(text):
            raise ValueProblem(f"{value} ใช้จุลภาค (,) เป็นจุดทศนิยม: ให้ใช้จุด (.) เช่น {text.replace(',', '.')}",
                               "decimal-comma")
        text = text.replace(",", "")
        text = text.replace("คะแนน", "").replace("%", "").strip()
        if _NUMBER.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the regex guards it
                pass
    raise ValueProblem(f"ต้องเป็นตัวเลข เช่น 97.64 หรือ \"๙๗.๖๔\" แต่พบ {value!r}", "number")


def parse_score(value: object) -> Decimal:
    """A score 0–100 with at most two decimals."""
    try:
        number = parse_decimal(value)
    except ValueProblem as error:
        raise ValueProblem(str(error), "decimal-comma" if error.code == "decimal-comma" else "score") from None
    if number < 0 or number > 100:
        raise ValueProblem(f"คะแนนต้องอยู่ระหว่าง 0 ถึง 100 แต่พบ {number}", "score")
    if number != number.quantize(Decimal("0.01")):
        raise ValueProblem(f"คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง แต่พบ {number}", "score")
    return number


_MEGABYTES = re.compile(r"\s*(?:MB|เมกะไบต์|เมกะไบท์)\s*$", re.IGNORECASE)


def parse_megabytes(value: object, largest: int | None = None) -> int:
    """A whole number of megabytes, as a setting's size: ``50``, ``"๕๐"``, ``"50 MB"`` → 50.

    The unit may be written (it is the field's own); any other unit is refused, never converted."""
    text = value
    if isinstance(value, str):
        text = _MEGABYTES.sub("", to_arabic_digits(value)).strip()
    try:
        number = parse_decimal(text)
    except ValueProblem:
        raise ValueProblem(f"ต้องเป็นจำนวนเต็ม หน่วยเมกะไบต์ (MB) เช่น 50 หรือ \"50 MB\" แต่พบ {value!r}", "size") from None
    if number != number.to_integral_value() or number < 1:
        raise ValueProblem(f"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป (เมกะไบต์) แต่พบ {value!r}", "size")
    if largest is not None and number > largest:
        raise ValueProblem(f"ต้องไม่เกิน {largest:,} เมกะไบต์ แต่พบ {value!r}", "size")
    return int(number)


def parse_year(value: object) -> int:
    """A Buddhist-Era year such as 2568 or ``"๒๕๖๘"``."""
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueProblem(f"ปีต้องเป็นจำนวนเต็ม แต่พบ {value!r}", "year")
    year = int(number)
    if not BE_THRESHOLD < year < 3000:
        raise ValueProblem(f"ปีต้องเป็นปีพุทธศักราช เช่น 2568 แต่พบ {value!r}", "year")
    return year


def _full_year(year_text: str, era: str | None) -> int | None:
    """The Gregorian year of a written year: 68 → 2025 (two digits are BE), 2568 → 2025, 2025 → 2025."""
    year = int(year_text)
    if len(year_text) == 2:
        return 2000 + year if era == "ค" else 2500 + year - BE_OFFSET
    if year > BE_THRESHOLD:
        return year - BE_OFFSET if era != "ค" else None
    if 1900 < year and era != "พ":  # plainly CE (2025), unless written "พ.ศ. 2025"
        return year
    return None


def _date(year: int | None, month: int | None, day: int, value: object) -> dt.date:
    if year is None or month is None:
        raise ValueProblem(f"อ่านวันที่ {value!r} ไม่ได้ ให้เขียนแบบ {DATE_FORMS}", "date")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"ไม่มีวันที่ {value!r} ในปฏิทิน", "date") from None


def parse_date(value: object) -> dt.date:
    """A date as officers write it; the year is Buddhist Era unless it is plainly Gregorian.

    ``2568-10-01``, ``1 ต.ค. 2568``, ``๑ ตุลาคม ๒๕๖๘``, ``5 กันยายน พ.ศ. 2568``,
    ``วันที่ 20 พฤศจิกายน 2568``, ``05/09/2568`` (day first), ``20/11/68`` (two-digit BE),
    ``20-11-2568``, ``20 พ.ย. 68``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"ต้องเป็นวันที่ เช่น {DATE_FORMS} แต่พบ {value!r}", "date")
    text = " ".join(to_arabic_digits(value).split())
    match = _ISO_DATE.match(text)
    if match:
        iso_year, iso_month, iso_day = (int(g) for g in match.groups())
        return _date(iso_year - BE_OFFSET if iso_year > BE_THRESHOLD else iso_year, iso_month, iso_day, value)
    text = _DAY_WORD.sub("", text)
    era_match = _ERA_WORD.search(text)
    era = era_match.group(1) if era_match else None
    text = _ERA_WORD.sub("", text).strip()
    match = _DMY_DATE.match(text)
    if match:
        day_text, month_text, year_text = match.groups()
        return _date(_full_year(year_text, era), int(month_text), int(day_text), value)
    match = _THAI_DATE.match(text)
    if match:
        day_text, month_text, year_text = match.groups()
        month = _MONTHS.get(month_text.replace(".", "").replace(" ", ""))
        return _date(_full_year(year_text, era), month, int(day_text), value)
    raise ValueProblem(f"อ่านวันที่ {value!r} ไม่ได้ ให้เขียนแบบ {DATE_FORMS}", "date")


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """Fiscal year ``year`` (BE) runs from 1 October of the year before to 30 September."""
    ad = year - BE_OFFSET
    return dt.date(ad - 1, 10, 1), dt.date(ad, 9, 30)


# A list written as one string: "๑. ทำ ก ๒. ทำ ข" or one item per line.
_MARKER = re.compile(r"(?:(?<=\s)|^)([0-9๐-๙]{1,2})[.)]\s*")
_UNIT_SEPARATORS = re.compile(r"\s*(?:[,/;、\n]|\s+และ\s+)\s*")


def split_numbered(text: str) -> list[str]:
    """Split ``"1. a 2. b"`` into ``["a", "b"]`` when the markers count up from 1."""
    markers = list(_MARKER.finditer(text))
    expected = 1
    cuts: list[re.Match[str]] = []
    for marker in markers:
        if int(to_arabic_digits(marker.group(1))) == expected:
            cuts.append(marker)
            expected += 1
    if len(cuts) < 2 or cuts[0].start() != 0:
        return [text.strip()]
    parts = []
    for index, marker in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(text)
        part = text[marker.end():end].strip()
        if part:
            parts.append(part)
    return parts


def text_list(value: object) -> list[str]:
    """A YAML list of text, or one string: one item per line, or numbered ``๑. … ๒. …``."""
    if value is None:
        return []
    if isinstance(value, str):
        lines = [line.strip(" -•\t") for line in value.strip().splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 1:
            return lines
        return split_numbered(lines[0]) if lines else []
    if isinstance(value, (list, tuple)):
        return [str(item).strip() if not isinstance(item, str) else item.strip() for item in value]
    return [str(value)]


def unit_list(value: object) -> list[str]:
    """Responsible units: a list, or one string such as ``"กองช่าง / สำนักปลัด"``."""
    if isinstance(value, str):
        return [part for part in _UNIT_SEPARATORS.split(value.strip()) if part]
    return text_list(value)
