"""The OIT catalogs: one edition per ITA year, shipped as package data.

An agency adds an edition or corrects a shipped one in ``data/criteria/<edition>.yml``:
sections it gives override the shipped ones (``indicators`` by number, ``items`` by
code, ``levels`` as a whole); the rest is inherited. Item codes change between
editions; an item's ``key`` does not, so years can be rolled over by key.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..base import values
from ..base.schema_errors import describe_error
from ..base.yaml_source import YamlProblem, format_field, nearest_line, parse_yaml, read_yaml

TimeRule = Literal["current", "current_fy", "previous_fy", "in_force"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class IndicatorInfo(_Frozen):
    name: str
    tool: str


_ITEM_CODE = re.compile(r"^O[0-9]{1,3}$")


def _item_code(value: object) -> object:
    """An OIT code is O and digits: it becomes a site address (/2569/oit/o1/) and a page heading."""
    if isinstance(value, str) and not _ITEM_CODE.match(value):
        raise values.ValueProblem(f"รหัสข้อ {value!r} ใช้ไม่ได้: รหัสข้อ OIT ต้องเป็น O ตามด้วยตัวเลข เช่น O1, O25",
                                  "catalog-code")
    return value


class CatalogItem(_Frozen):
    code: Annotated[str, BeforeValidator(_item_code)]
    key: str
    title: str
    indicator: int | None = None
    subindicator: str | None = None
    time: TimeRule | None = None
    requires: list[str] = Field(default_factory=list)
    generated: Literal["measures", "measures-report"] | None = None
    # `all-indicators`: the item is the analysis of all ten indicators (O25 of 2569).
    analysis: Literal["all-indicators"] | None = None
    verified: bool = True


class LevelRule(_Frozen):
    level: str
    total_min: Annotated[Decimal, BeforeValidator(values.parse_decimal)] | None = None
    tools_min: Annotated[Decimal, BeforeValidator(values.parse_decimal)] | None = None

    @property
    def known(self) -> bool:
        return self.total_min is not None or self.tools_min is not None


class Levels(_Frozen):
    tools: list[str] = Field(default_factory=lambda: ["IIT", "EIT1", "EIT2", "OIT"])
    rules: list[LevelRule] = Field(default_factory=list)


class Catalog(_Frozen):
    edition: int
    indicators: dict[int, IndicatorInfo]
    items: list[CatalogItem]
    levels: Levels = Field(default_factory=Levels)
    origin: str = "package"  # "package" or the agency file that overrides it

    def item(self, code: str) -> CatalogItem | None:
        return next((item for item in self.items if item.code == code), None)

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    def by_key(self, key: str) -> CatalogItem | None:
        return next((item for item in self.items if item.key == key), None)

    def indicator_name(self, number: int) -> str:
        info = self.indicators.get(number)
        return info.name if info else f"ตัวชี้วัดที่ {number}"


def shipped_editions() -> list[int]:
    folder = resources.files(__package__)
    return sorted(int(entry.name[:-4]) for entry in folder.iterdir() if entry.name.endswith(".yml"))


def _shipped_raw(edition: int) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{edition}.yml").read_text(encoding="utf-8")
    data, _lines, problems = parse_yaml(text)
    assert not problems and isinstance(data, dict), f"shipped catalog {edition} is broken: {problems}"
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key == "indicators" and isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        elif key == "items" and isinstance(value, list) and isinstance(base.get(key), list):
            by_code = {item.get("code"): item for item in value if isinstance(item, dict)}
            kept = [by_code.pop(item.get("code"), item) for item in base[key]]
            merged[key] = kept + list(by_code.values())
        else:
            merged[key] = value
    return merged


def _bad_codes(data: dict[str, Any], lines: dict[tuple, int]) -> list[YamlProblem]:
    """Item codes of an agency's catalog that are not O and digits, on their own lines.

    Checked before merging (where an item's index in the file is lost); such items are
    dropped from ``data`` so the rest of the catalog still loads.
    """
    items = data.get("items")
    if not isinstance(items, list):
        return []
    problems, kept = [], []
    for index, item in enumerate(items):
        code = item.get("code") if isinstance(item, dict) else None
        try:
            _item_code(code)
        except ValueError as error:
            problems.append(YamlProblem("catalog-code", str(error), "ใช้รหัสแบบ O1, O25 (ตัว O ใหญ่ ตามด้วยตัวเลข)",
                                        line=nearest_line(lines, ("items", index, "code")),
                                        field=f"items[{index}].code"))
            continue
        kept.append(item)
    data["items"] = kept
    return problems


def load_catalogs(data_dir: Path) -> tuple[dict[int, Catalog], list[tuple[Path, YamlProblem]]]:
    """Shipped editions overlaid with ``data/criteria/*.yml``; problems name the agency file."""
    raw: dict[int, tuple[dict[str, Any], str]] = {e: (_shipped_raw(e), "package") for e in shipped_editions()}
    problems: list[tuple[Path, YamlProblem]] = []
    overrides: dict[int, dict[tuple, int]] = {}
    criteria_dir = data_dir / "criteria"
    for path in sorted(criteria_dir.glob("*.yml")) if criteria_dir.is_dir() else []:
        data, lines, file_problems = read_yaml(path)
        problems += [(path, p) for p in file_problems]
        if file_problems:
            continue
        if not isinstance(data, dict):
            problems.append((path, YamlProblem("schema", "ไฟล์เกณฑ์ต้องเป็นชุดฟิลด์ (edition, indicators, items)",
                                               "ดูตัวอย่างรูปแบบในเอกสาร docs/data.md", line=1)))
            continue
        try:
            edition = values.parse_year(data.get("edition", path.stem))
        except ValueError as error:
            problems.append((path, YamlProblem("schema", str(error), "ใส่ edition: เป็นปี พ.ศ. เช่น 2570",
                                               line=lines.get(("edition",), 1), field="edition")))
            continue
        if str(edition) != path.stem:
            problems.append((path, YamlProblem(
                "year-mismatch", f"edition {edition} ไม่ตรงกับชื่อไฟล์ {path.name}",
                f"เปลี่ยนชื่อไฟล์เป็น {edition}.yml หรือแก้ edition ให้ตรงกับชื่อไฟล์",
                line=lines.get(("edition",), 1), field="edition")))
            continue
        problems += [(path, problem) for problem in _bad_codes(data, lines)]
        base = raw.get(edition, ({}, "package"))[0]
        data = {**data, "edition": edition}
        raw[edition] = (_merge(base, data), str(path))
        overrides[edition] = lines
    catalogs: dict[int, Catalog] = {}
    for edition, (data, origin) in raw.items():
        try:
            catalogs[edition] = Catalog.model_validate({**data, "origin": origin})
        except ValidationError as error:
            lines = overrides.get(edition, {})
            for detail in error.errors():
                loc = tuple(detail["loc"])
                code, message, _hint = describe_error(detail, format_field(loc))
                problems.append((Path(origin), YamlProblem(
                    code if code == "catalog-code" else "schema", f"เกณฑ์ปี {edition}: {message}",
                    "ทุกรายการต้องมี code (O ตามด้วยตัวเลข), key, title; indicators ต้องมี name และ tool",
                    line=nearest_line(lines, loc) if lines else None, field=format_field(loc))))
    return catalogs, problems


# --- the level rule ---------------------------------------------------------


class Truth(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def _tool_reaches(tools: dict[str, Decimal], name: str, minimum: Decimal) -> Truth:
    if name in tools:
        return Truth.YES if tools[name] >= minimum else Truth.NO
    if name in ("EIT1", "EIT2") and "EIT" in tools:
        # The combined EIT lies between its two parts: below the minimum means a
        # part is below it; above it says nothing of either part.
        return Truth.NO if tools["EIT"] < minimum else Truth.UNKNOWN
    return Truth.UNKNOWN


def _rule_holds(rule: LevelRule, levels: Levels, total: Decimal, tools: dict[str, Decimal]) -> Truth:
    if not rule.known:
        return Truth.UNKNOWN
    results = []
    if rule.total_min is not None:
        results.append(Truth.YES if total >= rule.total_min else Truth.NO)
    if rule.tools_min is not None:
        results += [_tool_reaches(tools, name, rule.tools_min) for name in levels.tools]
    if Truth.NO in results:
        return Truth.NO
    return Truth.UNKNOWN if Truth.UNKNOWN in results else Truth.YES


def possible_levels(levels: Levels, total: Decimal, tools: dict[str, Decimal]) -> list[str]:
    """Every level the scores allow, best first; one level when the rule decides it."""
    possible = []
    for rule in levels.rules:
        holds = _rule_holds(rule, levels, total, tools)
        if holds is Truth.YES:
            possible.append(rule.level)
            break
        if holds is Truth.UNKNOWN:
            possible.append(rule.level)
    return possible
