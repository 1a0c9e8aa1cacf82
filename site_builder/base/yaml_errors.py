"""Thai explanations of YAML syntax errors, by their common causes.

PyYAML (and libyaml behind it) say what the parser met, in English
("mapping values are not allowed here"); an officer needs the cause and the fix.
The cause is read from the parser's words (both parsers' wordings) and from the
line itself; every message names what to change and shows an example. No parser
text is ever passed on.
"""

from __future__ import annotations

import re

import yaml

# Words of a problem or context, as libyaml and pure-Python PyYAML write them.
_ESCAPE = ("escape", "hexdecimal", "hexadecimal")
_KEY_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#][^:#]*?:(?:\s|$)")


def _line(lines: list[str], mark: yaml.Mark | None) -> tuple[int | None, str]:
    if mark is None:
        return None, ""
    index = mark.line
    return index + 1, lines[index] if 0 <= index < len(lines) else ""


def _quoted_value(line: str) -> str:
    """``title: หมายเหตุ: ดูที่นี่`` → ``title: "หมายเหตุ: ดูที่นี่"`` (the fix, on the officer's own line)."""
    match = _KEY_COLON.match(line)
    if not match:
        return 'title: "หมายเหตุ: ดูรายละเอียดที่เว็บไซต์"'
    value = line[match.end():].strip().replace('"', "'")
    return f'{line[:match.end()].strip()} "{value}"'


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[str, str, int | None]:
    """(message, hint, line) in Thai for one syntax error of ``text``."""
    lines = text.splitlines()
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    words = f"{context} {problem}"
    line_no, line = _line(lines, error.problem_mark)
    open_no, open_line = _line(lines, error.context_mark or error.problem_mark)

    if "\t" in line or "tab" in problem or ("\t" in open_line and "cannot start any token" in problem):
        where = line_no if "\t" in line else open_no
        return ("บรรทัดนี้ย่อหน้าด้วยแท็บ (Tab) ซึ่ง YAML ไม่รับ: ย่อหน้าต้องใช้ช่องว่าง (Space) เท่านั้น",
                ("ลบแท็บแล้วเว้นด้วยช่องว่างให้ตรงกับบรรทัดระดับเดียวกัน เช่น \"    links:\" (ช่องว่าง 4 ตัว) "
                "(ใน Notepad++ ใช้ Edit → Blank Operations → TAB to Space)"), where)
    if any(word in problem for word in _ESCAPE):
        fixed = line.replace("\\", "/").strip()
        return (("เครื่องหมาย \\ ในข้อความที่อยู่ในเครื่องหมายคำพูดคู่ \" \" เป็นรหัสพิเศษของ YAML "
                "(มักเกิดกับที่อยู่ไฟล์แบบ Windows เช่น C:\\Users\\...)"),
                (f"ใช้ / แทน \\ เช่น {fixed} หรือใช้เครื่องหมายคำพูดเดี่ยว ' ' ครอบข้อความแทน "
                "(ไฟล์หลักฐานเขียนเทียบกับโฟลเดอร์ content/ เช่น file: files/2569/o1.pdf)"), line_no)
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return ("เครื่องหมายคำพูด (\" หรือ ') ที่เปิดในบรรทัดนี้ไม่ได้ปิด YAML จึงอ่านข้อความต่อไปจนสุดไฟล์",
                "ใส่เครื่องหมายคำพูดปิดท้ายข้อความให้เป็นชนิดเดียวกับตัวเปิด เช่น name: \"เทศบาลตำบลตัวอย่าง\"",
                open_no)
    if "flow mapping" in context or "flow sequence" in context or "','" in problem:
        bracket = "{ }" if "mapping" in context or "'}'" in problem else "[ ]"
        return ((f"วงเล็บ {bracket} ที่เปิดในบรรทัดนี้ไม่ได้ปิด หรือข้อความในวงเล็บมีเครื่องหมาย , : [ ] {{ }} "
                "ที่ต้องอยู่ในเครื่องหมายคำพูด"),
                ("ปิดวงเล็บในบรรทัดเดียวกัน เช่น rank: {position: 44, of: 76} หรือ steps: [ขั้นตอนที่ 1, ขั้นตอนที่ 2] "
                "ถ้าข้อความไม่ได้ตั้งใจเป็นรายการ ให้ใส่เครื่องหมายคำพูด เช่น title: \"[ด่วน] ประกาศ\""), open_no)
    if "mapping values are not allowed" in problem:
        column = error.problem_mark.column if error.problem_mark else 0
        if _KEY_COLON.match(line) and _KEY_COLON.match(line).end() <= column:  # type: ignore[union-attr]
            return ("ข้อความในบรรทัดนี้มีเครื่องหมาย : ตามด้วยช่องว่าง YAML จึงอ่านเป็นชื่อฟิลด์ซ้อนกัน",
                    f"ใส่ข้อความทั้งหมดในเครื่องหมายคำพูด เช่น {_quoted_value(line)}", line_no)
        return ("ย่อหน้าของบรรทัดนี้ไม่ตรงกับบรรทัดก่อนหน้า หรือบรรทัดก่อนหน้าไม่มีเครื่องหมาย : หลังชื่อฟิลด์",
                "ฟิลด์ระดับเดียวกันต้องย่อหน้าด้วยช่องว่างเท่ากัน และทุกฟิลด์เขียนแบบ ชื่อ: ค่า เช่น province: ขอนแก่น",
                line_no)
    if "alias" in words or "anchor" in words or "tag" in words:
        first = line.split(":", 1)[-1].strip()[:1] or "*"
        return (f"ข้อความที่ขึ้นต้นด้วย {first} มีความหมายพิเศษใน YAML (* & !)",
                f"ใส่ข้อความทั้งหมดในเครื่องหมายคำพูด เช่น note: \"{first}ข้อความ\"", line_no)
    if "cannot start any token" in problem:
        column = error.problem_mark.column if error.problem_mark else 0
        first = line[column:column + 1] or "@"
        return (f"ข้อความที่ขึ้นต้นด้วย {first} ต้องอยู่ในเครื่องหมายคำพูด",
                f"ใส่ข้อความทั้งหมดในเครื่องหมายคำพูด เช่น note: \"{first}ข้อความ\"", line_no)
    if "block end" in problem or "expected key" in problem or "'-' indicator" in problem:
        value = line.split(":", 1)[-1].strip() if ":" in line else line.strip()
        if value[:1] in ("\"", "'", "{", "["):
            return (("ข้อความที่ขึ้นต้นด้วยเครื่องหมายคำพูดหรือวงเล็บ ต้องจบด้วยเครื่องหมายนั้น "
                    "ข้อความที่ตามหลังจึงอ่านไม่ได้"),
                    ("ใส่ทั้งข้อความในเครื่องหมายคำพูดอีกชนิดหนึ่ง เช่น title: 'ข่าว \"ด่วน\" ประจำวัน' "
                    "หรือ title: \"[ด่วน] ประกาศ\""), line_no)
        return ("ย่อหน้าของบรรทัดนี้ไม่ตรงกับบรรทัดก่อนหน้า",
                ("ฟิลด์ระดับเดียวกันต้องย่อหน้าด้วยช่องว่างเท่ากัน และรายการ (ขึ้นต้นด้วย - ) "
                "ต้องย่อหน้าเท่ากันทุกรายการ ดูตัวอย่างในคู่มือรูปแบบข้อมูล (docs/data.md)"), line_no)
    return ("รูปแบบ YAML ในบรรทัดนี้ไม่ถูกต้อง",
            ("ตรวจการย่อหน้า (ใช้ช่องว่าง ไม่ใช้แท็บ) เครื่องหมาย : หลังชื่อฟิลด์ และเครื่องหมายคำพูดหรือวงเล็บที่เปิดแล้วไม่ได้ปิด "
            "ข้อความที่มี : # หรือขึ้นต้นด้วย - * & ! @ ให้ใส่ในเครื่องหมายคำพูด เช่น title: \"หมายเหตุ: ...\""),
            open_no if error.context_mark else line_no)
