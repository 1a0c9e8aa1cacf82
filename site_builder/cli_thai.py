"""click speaking Thai: help and usage errors of ``oit`` without English framing.

click's own words ("Usage:", "Options", "Error: No such option …") go through
``gettext``; while ``oit`` runs they are looked up in :data:`THAI` instead (a message
not listed stays as click wrote it). Help text is wrapped by :mod:`.terminal`, which
never cuts a Thai word and measures columns in display cells.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Sequence
from typing import Any

import click

from .terminal import display_width, pad, wrap, wrap_paragraphs

# click's message ids (click 8.1–8.4) → Thai. Placeholders keep click's names.
THAI: dict[str, str] = {
    "Usage:": "วิธีใช้:",
    "Options": "ตัวเลือก",
    "Commands": "คำสั่ง",
    "Show this message and exit.": "แสดงวิธีใช้นี้",
    "Show the version and exit.": "แสดงรุ่นของโปรแกรม",
    "%(prog)s, version %(version)s": "%(prog)s รุ่น %(version)s",
    "Error: {message}": "ข้อผิดพลาด: {message}",
    "Try '{command} {option}' for help.": "ดูวิธีใช้ด้วยคำสั่ง {command} {option}",
    "Missing command.": "ยังไม่ได้ระบุคำสั่ง",
    "Aborted!": "ยกเลิกแล้ว",
    "No such option {name!r}.": "ไม่มีตัวเลือก {name}",
    "No such option: {name}": "ไม่มีตัวเลือก {name}",
    "No such command {name!r}.": "ไม่มีคำสั่ง {name}",
    "Did you mean {possibility}?": "หมายถึง {possibility} หรือไม่",
    "(Did you mean one of: {possibilities}?)": "(หมายถึงตัวใดตัวหนึ่งนี้หรือไม่: {possibilities})",
    "Missing argument": "ยังไม่ได้ระบุ",
    "Missing option": "ยังไม่ได้ระบุตัวเลือก",
    "Missing parameter": "ยังไม่ได้ระบุค่า",
    "Missing parameter: {param_name}": "ยังไม่ได้ระบุค่า {param_name}",
    "Missing {param_type}": "ยังไม่ได้ระบุ {param_type}",
    "Invalid value for {param_hint}: {message}": "ค่าของ {param_hint} ใช้ไม่ได้: {message}",
    "Invalid value: {message}": "ค่าใช้ไม่ได้: {message}",
    "unknown error": "ข้อผิดพลาดที่ไม่ทราบสาเหตุ",
    "Got unexpected extra argument ({args})": "มีค่าเกินมา ({args}) — ตรวจว่าพิมพ์คำสั่งถูกต้อง",
    "Got unexpected extra arguments ({args})": "มีค่าเกินมา ({args}) — ตรวจว่าพิมพ์คำสั่งถูกต้อง",
    "Option {name!r} does not take a value.": "ตัวเลือก {name} ไม่รับค่า",
    "Option {name!r} requires an argument.": "ตัวเลือก {name} ต้องมีค่าตามหลัง",
    "Option {name!r} requires {nargs} arguments.": "ตัวเลือก {name} ต้องมีค่าตามหลัง {nargs} ค่า",
    "{value!r} is not a valid {number_type}.": "{value!r} ไม่ใช่ตัวเลขที่ใช้ได้",
    "{value} is not in the range {range}.": "{value} อยู่นอกช่วงที่ใช้ได้ ({range})",
    "{value!r} is not {choice}.": "ใช้ได้เฉพาะ {choice} ไม่ใช่ {value!r}",
    "{value!r} is not one of {choices}.": "ไม่มี {value!r} ในรายการที่ใช้ได้: {choices}",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} ใช้ไม่ได้ ใช้ได้เฉพาะ {states}",
    "{name} {filename!r} does not exist.": "ไม่พบ {filename!r}",
    "{name} {filename!r} is a file.": "{filename!r} เป็นไฟล์ ไม่ใช่โฟลเดอร์",
    "{name} {filename!r} is a directory.": "{filename!r} เป็นโฟลเดอร์ ไม่ใช่ไฟล์",
    "{name} {filename!r} is not readable.": "อ่าน {filename!r} ไม่ได้",
    "{name} {filename!r} is not writable.": "เขียน {filename!r} ไม่ได้",
    "Could not open file {filename!r}: {message}": "เปิดไฟล์ {filename!r} ไม่ได้: {message}",
    "default: {default}": "ค่าเริ่มต้น: {default}",
    "required": "ต้องระบุ",
    "env var: {var}": "ตัวแปร {var}",
}

_CLICK_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui")


def thai(message: str) -> str:
    return THAI.get(message, message)


def thai_plural(singular: str, plural: str, n: int) -> str:
    return thai(singular if n == 1 else plural)


@contextlib.contextmanager
def thai_click() -> Iterator[None]:
    """While inside, click's messages come from :data:`THAI`."""
    saved: list[tuple[Any, str, Any]] = []
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, replacement in (("_", thai), ("ngettext", thai_plural)):
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)
    try:
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)


class ThaiHelpFormatter(click.HelpFormatter):
    """click's help layout, wrapped at word boundaries and aligned by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = f"{thai('Usage:')} " if prefix is None else prefix
        head = f"{prefix:>{self.current_indent}}{prog} "
        lines = wrap(args, self.width, head, " " * display_width(head), split_thai=False) if args else [head.rstrip()]
        self.write("\n".join(lines) + "\n")

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            if not second:
                self.write(f"{indent}{first}\n")
                continue
            text = wrap_paragraphs(second, text_width).splitlines() or [""]
            if display_width(first) <= first_col - col_spacing:
                self.write(f"{indent}{pad(first, first_col)}{text[0]}\n")
            else:
                self.write(f"{indent}{first}\n{indent}{' ' * first_col}{text[0]}\n")
            for line in text[1:]:
                self.write(f"{indent}{' ' * first_col}{line}".rstrip() + "\n")


class ThaiContext(click.Context):
    formatter_class = ThaiHelpFormatter


class ThaiCommand(click.Command):
    context_class = ThaiContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[ตัวเลือก]")
        super().__init__(*args, **kwargs)


class ThaiGroup(click.Group):
    context_class = ThaiContext
    command_class = ThaiCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[ตัวเลือก]")
        kwargs.setdefault("subcommand_metavar", "คำสั่ง [...]")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with thai_click():
            return super().main(*args, **kwargs)
