"""Read one YAML file the way agencies save it, keeping the line of every value.

- UTF-8 with or without BOM, CRLF or LF; a TIS-620/Windows-874 or UTF-16 file is
  recognised and named, so the officer knows how to re-save it.
- A duplicate key is an error (plain PyYAML silently keeps the last one).
- Dates stay text (the model reads them as Buddhist Era); decimals stay exact.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    """Why a file could not be read; line is 1-based."""

    code: str
    message: str
    hint: str
    line: int | None = None
    field: str | None = None


# libyaml's parser (when PyYAML was built with it) reads a year of data ~7x faster;
# nodes, marks and errors are the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: `2568-10-01` stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def decode(raw: bytes) -> tuple[str | None, YamlProblem | None]:
    """The text of a file, or a problem that names the encoding it was saved in."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return None, YamlProblem(
            "encoding",
            "ไฟล์นี้บันทึกเป็น UTF-16 (Unicode) ไม่ใช่ UTF-8",
            "เปิดไฟล์ด้วย Notepad แล้วเลือก บันทึกเป็น (Save As) → การเข้ารหัส (Encoding) เป็น UTF-8",
            line=1,
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        raw.decode("cp874")  # Windows-874 is a superset of TIS-620
        thai = any(0xA1 <= byte <= 0xFB for byte in raw)
    except UnicodeDecodeError:
        thai = False
    if thai:
        message = "ไฟล์นี้บันทึกเป็นภาษาไทยแบบ TIS-620/Windows-874 (ANSI) ไม่ใช่ UTF-8"
    else:
        message = "ไฟล์นี้ไม่ได้บันทึกเป็น UTF-8"
    return None, YamlProblem(
        "encoding",
        message,
        "เปิดไฟล์ด้วย Notepad หรือ VS Code แล้วบันทึกใหม่โดยเลือกการเข้ารหัส (Encoding) เป็น UTF-8",
        line=line,
    )


def nearest_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc`` or of its nearest enclosing key that was read."""
    loc = tuple(loc)
    while True:
        if loc in lines:
            return lines[loc]
        if not loc:
            return None
        loc = loc[:-1]


def format_field(loc: Loc) -> str:
    """``("measures", 2, "steps")`` → ``measures[2].steps`` (as an officer reads it)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


class _TooLarge(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


# Aliases can expand a few lines into billions of values ("billion laughs").
MAX_VALUES = 200_000


class _Builder:
    """Turns a composed node tree into plain values and a line for every location."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[YamlProblem] = []
        self.count = 0

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(node.start_mark.line + 1)
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(child, loc + (index,)) for index, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:float":
            try:  # keep 97.64 exact
                return Decimal(node.value.replace("_", ""))
            except ArithmeticError:
                pass
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves `<<:` merge keys
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(YamlProblem(
                    "yaml-key", "ชื่อฟิลด์ต้องเป็นข้อความธรรมดา", "ตรวจการย่อหน้าและเครื่องหมาย : ของบรรทัดนี้",
                    line=key_node.start_mark.line + 1, field=format_field(loc),
                ))
                continue
            key = self._scalar(key_node)
            if isinstance(key, Decimal):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in seen:
                self.problems.append(YamlProblem(
                    "duplicate-key",
                    f"ฟิลด์ {key} ซ้ำ (เขียนไว้แล้วที่บรรทัด {seen[key]}) ค่าเดิมจะหายไป",
                    "รวมข้อมูลไว้ที่ฟิลด์เดียว แล้วลบบรรทัดที่ซ้ำออก",
                    line=line, field=format_field(loc + (key,)),
                ))
                continue
            seen[key] = line
            child = loc + (key,)
            self.lines[child] = line
            result[key] = self.build(value_node, child)
        return result


def parse_yaml(text: str) -> tuple[Any, dict[Loc, int], list[YamlProblem]]:
    """Parse YAML text: (value, lines, problems). Never raises."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        builder = _Builder(loader)
        value = builder.build(node, ())
        return value, builder.lines, builder.problems
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return None, {}, [YamlProblem(
            "yaml-syntax", f"ไฟล์มีอักขระที่ใช้ไม่ได้ (รหัส {error.character!r})",
            "ลบอักขระพิเศษที่มองไม่เห็นออก หรือคัดลอกข้อความมาวางใหม่แบบข้อความธรรมดา", line=line,
        )]
    except yaml.MarkedYAMLError as error:
        # The context mark is where the broken construct starts (an unclosed quote or bracket).
        mark = error.context_mark or error.problem_mark
        return None, {}, [YamlProblem(
            "yaml-syntax",
            f"รูปแบบ YAML ไม่ถูกต้อง: {error.problem or error.context}",
            "ตรวจการย่อหน้า (ใช้ช่องว่าง ไม่ใช้แท็บ) เครื่องหมาย : และเครื่องหมายคำพูดที่เปิดแล้วไม่ได้ปิด",
            line=(mark.line + 1) if mark else None,
        )]
    except _TooLarge as error:
        return None, {}, [YamlProblem(
            "yaml-too-large", "ไฟล์นี้ขยายเป็นข้อมูลจำนวนมากผิดปกติ (ใช้ & และ * ซ้อนกันมากเกินไป)",
            "เขียนข้อมูลตรง ๆ แทนการอ้างอิงด้วย & และ *", line=error.line,
        )]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        return None, {}, [YamlProblem(
            "yaml-syntax", f"อ่านไฟล์ YAML ไม่ได้: {error}", "ตรวจรูปแบบไฟล์ให้ตรงกับตัวอย่างในคู่มือ (docs/data.md)",
        )]
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int], list[YamlProblem]]:
    """Read and parse one file; problems instead of exceptions."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, {}, [YamlProblem("unreadable", f"เปิดไฟล์ไม่ได้: {error.strerror}", "ตรวจสิทธิ์การอ่านไฟล์")]
    text, problem = decode(raw)
    if problem is not None:
        return None, {}, [problem]
    return parse_yaml(text or "")
