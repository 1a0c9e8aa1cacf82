"""Read one YAML file the way agencies save it, keeping the line of every value.

- UTF-8 with or without BOM, CRLF or LF; a TIS-620/Windows-874, UTF-16 or UTF-32 file
  (with or without BOM) is recognised and named, so the officer knows how to re-save it.
- A duplicate key is an error (plain PyYAML silently keeps the last one).
- An unquoted value is kept as the characters typed: YAML 1.1 would read
  ``054001234`` as an octal number, ``yes`` as true and ``1:30`` as 90. The model
  reads numbers from that text where the contract wants a number (exact decimals),
  and keeps it as typed where it wants text. Dates stay text too.
- Control characters (from escapes such as ``"\x00"``), oversized files, fields and
  documents are refused with a Thai message; syntax errors are explained in Thai
  (``yaml_errors``), never with the parser's English.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yaml_errors import explain

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


_RESAVE = "เปิดไฟล์ด้วย Notepad แล้วเลือก บันทึกเป็น (Save As) → การเข้ารหัส (Encoding) เป็น UTF-8"
# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_WIDE = (("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"))


def _wide_encoding(raw: bytes) -> str | None:
    """The name of the UTF-16/32 encoding a file without BOM decodes cleanly in (NUL bytes betray it)."""
    for codec, name in _WIDE:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text):
            return name
    return None


def decode(raw: bytes) -> tuple[str | None, YamlProblem | None]:
    """The text of a file, or a problem that names the encoding it was saved in."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return None, YamlProblem("encoding", f"ไฟล์นี้บันทึกเป็น {name} (Unicode) ไม่ใช่ UTF-8", _RESAVE, line=1)
    if b"\x00" in raw:
        wide = _wide_encoding(raw)
        if wide is not None:
            return None, YamlProblem("encoding", f"ไฟล์นี้บันทึกเป็น {wide} (Unicode แบบไม่มี BOM) ไม่ใช่ UTF-8",
                                     _RESAVE, line=1)
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, YamlProblem("encoding", "ไฟล์นี้มีอักขระ NUL (รหัส 0) จึงไม่ใช่ไฟล์ข้อความ UTF-8 "
                                 "(อาจเป็นไฟล์ Word/Excel หรือไฟล์เสีย)",
                                 "เขียนข้อมูลในไฟล์ข้อความธรรมดา แล้ว" + _RESAVE, line=line)
    raw = raw.removeprefix(codecs.BOM_UTF8)
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
    def __init__(self, line: int, aliased: bool) -> None:
        self.line = line
        self.aliased = aliased


# Sane limits: a year of an agency's data is a few hundred values in ~30 KB; the longest
# real text field (an analysis) is a few thousand characters. Beyond these the file is not
# an officer's data (a paste gone wrong, an export, an attack) and would stall the build.
MAX_FILE_BYTES = 2_000_000
MAX_VALUES = 200_000  # also stops aliases expanding a few lines into billions ("billion laughs")
MAX_TEXT_CHARS = 30_000

_INT = "tag:yaml.org,2002:int"
# Plain scalars YAML 1.1 would turn into a number or a bool: kept as the characters typed.
_TYPED = frozenset({_INT, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"})
_CANONICAL_INT = re.compile(r"^(0|[1-9][0-9]*)$")
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """The control characters of ``text`` as codes an officer can look up (``U+0000``)."""
    return sorted({f"U+{ord(ch):04X}" for ch in _CONTROL.findall(text)})


class _Builder:
    """Turns a composed node tree into plain values and a line for every location."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.lines: dict[Loc, int] = {}
        self.problems: list[YamlProblem] = []
        self.count = 0
        self._built: set[int] = set()
        self.aliased = False

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(node.start_mark.line + 1, self.aliased)
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, (MappingNode, SequenceNode)):
            if id(node) in self._built:
                self.aliased = True  # the same node again: an alias (*name) repeats it
            self._built.add(id(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(child, loc + (index,)) for index, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, loc)

    def _scalar(self, node: ScalarNode, loc: Loc, key: bool = False) -> Any:
        if not node.style and node.tag in _TYPED:  # plain: None (PyYAML) or "" (libyaml)
            # Keep the source text; a key such as `7:` stays the number 7 (indicator and
            # analysis keys), but `07:` or `yes:` are text as typed.
            if key and node.tag == _INT and _CANONICAL_INT.match(node.value):
                return int(node.value)
            return node.value
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str):
            self._check_text(value, node, loc)
        return value

    def _check_text(self, value: str, node: ScalarNode, loc: Loc) -> None:
        line = node.start_mark.line + 1
        if len(value) > MAX_TEXT_CHARS:
            self.problems.append(YamlProblem(
                "text-too-long", f"ข้อความยาว {len(value):,} ตัวอักษร เกินที่รับได้ ({MAX_TEXT_CHARS:,} ตัวอักษร)",
                "ข้อความยาวมากควรอยู่ในไฟล์ PDF ใน content/files/ แล้วลิงก์ด้วย file: แทนการพิมพ์ลงช่องนี้",
                line=line, field=format_field(loc) or None))
        codes = control_characters(value)
        if codes:
            self.problems.append(YamlProblem(
                "control-char", f"ข้อความมีอักขระควบคุมที่มองไม่เห็น ({', '.join(codes)}) ซึ่งแสดงบนเว็บไซต์ไม่ได้",
                "ลบรหัสพิเศษที่ขึ้นต้นด้วย \\ ในเครื่องหมายคำพูดคู่ (เช่น \\x00 \\e \\a) "
                "ถ้าเป็นที่อยู่ไฟล์แบบ Windows ให้ใช้ / แทน \\ เช่น files/2569/o1.pdf",
                line=line, field=format_field(loc) or None))

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
            key = self._scalar(key_node, loc, key=True)
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
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\x00")
        return None, {}, [YamlProblem(
            "yaml-syntax", f"ไฟล์มีอักขระที่มองไม่เห็นซึ่งใช้ไม่ได้ (รหัส U+{code:04X})",
            "ลบอักขระพิเศษที่มองไม่เห็นออก หรือคัดลอกข้อความมาวางใหม่แบบข้อความธรรมดา (Ctrl+Shift+V)", line=line,
        )]
    except yaml.MarkedYAMLError as error:
        message, hint, where = explain(error, text)
        return None, {}, [YamlProblem("yaml-syntax", message, hint, line=where)]
    except _TooLarge as error:
        if error.aliased:
            return None, {}, [YamlProblem(
                "yaml-too-large", "ไฟล์นี้ขยายเป็นข้อมูลจำนวนมากผิดปกติ (ใช้ & และ * ซ้อนกันมากเกินไป)",
                "เขียนข้อมูลตรง ๆ แทนการอ้างอิงด้วย & และ *", line=error.line,
            )]
        return None, {}, [YamlProblem(
            "yaml-too-large", f"ไฟล์นี้มีข้อมูลมากกว่า {MAX_VALUES:,} ค่า ซึ่งเกินกว่าข้อมูลของหน่วยงานจริง",
            "ตรวจว่าไม่ได้วางข้อมูลอื่นทั้งไฟล์ลงมา ข้อมูลหนึ่งปีมีเพียงหลักร้อยค่า", line=error.line,
        )]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        # No parser text: its English means nothing to an officer.
        return None, {}, [YamlProblem(
            "yaml-syntax", "อ่านไฟล์ YAML ไม่ได้: รูปแบบไม่ถูกต้อง หรือซ้อนกันลึกเกินไป",
            "ตรวจรูปแบบไฟล์ให้ตรงกับตัวอย่างในคู่มือ (docs/data.md): ย่อหน้าด้วยช่องว่าง ชื่อ: ค่า "
            "และใส่ข้อความที่มีเครื่องหมายพิเศษในเครื่องหมายคำพูด",
        )]
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int], list[YamlProblem]]:
    """Read and parse one file; problems instead of exceptions."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, {}, [YamlProblem(
                "file-too-large", f"ไฟล์ใหญ่ {size / 1_000_000:.1f} MB เกินที่รับได้ ({MAX_FILE_BYTES // 1_000_000} MB)",
                "ไฟล์ข้อมูลหนึ่งปีมีขนาดเพียงหลักสิบ KB: ตรวจว่าไม่ได้วางข้อมูลอื่นลงไฟล์นี้ "
                "เอกสารขนาดใหญ่ให้ใส่ไว้ใน content/files/ แล้วลิงก์ด้วย file:", line=1)]
        raw = path.read_bytes()
    except OSError as error:
        return None, {}, [YamlProblem("unreadable", f"เปิดไฟล์ไม่ได้ (รหัส {error.errno})",
                                      "ตรวจสิทธิ์การอ่านไฟล์ และปิดโปรแกรมอื่นที่เปิดไฟล์นี้อยู่")]
    text, problem = decode(raw)
    if problem is not None:
        return None, {}, [problem]
    return parse_yaml(text or "")
