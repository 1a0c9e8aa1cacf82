"""pydantic's validation errors as Thai (code, message, hint): the loader's and the catalogs' words.

A leaf of the base layer (no model, no loader), so that both ``load`` and ``catalogs`` use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .values import DATE_FORMS

# Thai text for pydantic's own error types; our validators already speak Thai.
_MESSAGES = {
    "missing": "ไม่มีฟิลด์ {field} ซึ่งต้องมี",
    "string_type": "ต้องเป็นข้อความ",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "bool_type": "ต้องเป็น true หรือ false",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "dict_type": "ต้องเป็นชุดฟิลด์ (ชื่อ: ค่า) ไม่ใช่ค่าเดี่ยวหรือรายการ",
    "model_type": "ต้องเป็นชุดฟิลด์ (ชื่อ: ค่า) ไม่ใช่ค่าเดี่ยวหรือรายการ",
    "model_attributes_type": "ต้องเป็นชุดฟิลด์ (ชื่อ: ค่า) ไม่ใช่ค่าเดี่ยวหรือรายการ",
    "list_type": "ต้องเป็นรายการ (ขึ้นต้นแต่ละบรรทัดด้วย - )",
    "date_type": "ต้องเป็นวันที่ เช่น 2568-10-01",
}
_HINTS = {
    "missing": "เพิ่มฟิลด์นี้ตามตัวอย่างในคู่มือรูปแบบข้อมูล (docs/data.md)",
    "literal_error": "ใช้ค่าใดค่าหนึ่งที่ระบุไว้",
}
_CODES = {
    "status": "analysis-status",
    "total": "score",
    "indicators": "score",
    "tools": "score",
    "questions": "score",
    "start": "date",
    "end": "date",
    "date": "date",
    "published": "date",
    "announced": "date",
    "year": "year",
}


def describe_error(detail: Mapping[str, Any], field: str) -> tuple[str, str, str]:
    """(code, message, hint) in Thai for one pydantic error."""
    kind = detail["type"]
    loc = [part for part in detail["loc"] if part != "[key]"]
    last = next((part for part in reversed(loc) if isinstance(part, str)), "")
    code = "missing-field" if kind == "missing" else _CODES.get(last, "schema")
    if kind == "value_error":
        error = detail.get("ctx", {}).get("error")
        message = str(error) if error is not None else "ค่าไม่ถูกต้อง"
        code = getattr(error, "code", None) or code
    elif kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        message = f"ค่า {detail.get('input')!r} ใช้ไม่ได้ ค่าที่ใช้ได้คือ {expected}"
    else:
        message = _MESSAGES.get(kind, "ค่าไม่ถูกต้อง").format(field=last or field)  # never pydantic's English
    hint = _HINTS.get(kind, "แก้ค่าในบรรทัดนี้ให้ตรงกับรูปแบบในคู่มือรูปแบบข้อมูล (docs/data.md)")
    if kind.endswith("_type") and "input" in detail and detail["input"] is None:
        # `name:` with nothing after it, as in the files `oit new` writes: say it is still to fill in.
        code = "missing-value"
        message = f"ยังไม่ได้กรอก {last or field}"
        hint = f"กรอกค่าต่อจาก {last or field}: ในบรรทัดนี้ (ดูตัวอย่างในคู่มือรูปแบบข้อมูล docs/data.md)"
    if code == "analysis-status":
        hint = "ใช้ strength (จุดแข็ง), maintain (รักษามาตรฐาน), improve (ควรพัฒนา) หรือ urgent (ต้องพัฒนาเร่งด่วน)"
    if code == "indicator":
        hint = "ตัวชี้วัดมี 10 ตัว ใช้เลข 1 ถึง 10"
    if code == "date":
        hint = f"เขียนวันที่แบบ {DATE_FORMS} และตรวจว่าวันที่มีอยู่จริงในปฏิทิน"
    if code == "decimal-comma":
        hint = "ทศนิยมใช้จุด (.) ไม่ใช้จุลภาค (,) เช่น 94.86"
    if code == "score":
        hint = "เขียนคะแนน 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 97.64 หรือ \"๙๗.๖๔\""
    return code, message, hint
