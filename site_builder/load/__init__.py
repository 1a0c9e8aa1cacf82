"""Load an agency project: ``data/*.yml`` → a :class:`~site_builder.model.Project` + findings.

Reading problems (encoding, YAML syntax, duplicate keys, schema) become findings
with file, line and field; a file that cannot be read is left out of the model
and the rest still loads, so that one run reports every problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model
from ..base.errors import OitError
from ..base.schema_errors import describe_error
from ..base.yaml_source import Loc, YamlProblem, format_field, nearest_line, read_yaml
from ..catalogs import load_catalogs
from ..findings import Finding
from ..model import SourceMap
from .archive_index import archive_entries
from .audits import latest_audit
from .content_files import file_sizes, top_pages

YEAR_FILES = ("scores.yml", "measures.yml", "oit.yml")
# Problems that leave the rest of a file readable: it is still validated, so one run reports all.
_READABLE_PROBLEMS = frozenset({"duplicate-key", "control-char", "text-too-long"})
_YEAR_DIR = re.compile(r"^\d{4}$")


class ProjectError(OitError):
    """The command cannot run at all: no such folder, not a project."""


@dataclass(frozen=True)
class Loaded:
    project: model.Project
    findings: list[Finding]


def relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _problem_finding(problem: YamlProblem, file: str, year: int | None) -> Finding:
    return Finding("error", problem.code, problem.message, problem.hint, file, problem.line, problem.field, year)


def _extras(model: BaseModel, loc: Loc) -> list[Loc]:
    """Locations of keys the contract does not know (probably typos)."""
    found: list[Loc] = []
    for key in (model.model_extra or {}):
        found.append(loc + (key,))
    for name in type(model).model_fields:
        value = getattr(model, name)
        items: list[tuple[Any, Any]] = []
        if isinstance(value, BaseModel):
            items = [(name, value)]
        elif isinstance(value, list):
            items = [((name, i), v) for i, v in enumerate(value)]
        elif isinstance(value, dict):
            items = [((name, k), v) for k, v in value.items()]
        for sub, child in items:
            if isinstance(child, BaseModel):
                found += _extras(child, loc + (sub if isinstance(sub, tuple) else (sub,)))
    return found


def load_document(cls: type[model.Document], path: Path, root: Path, year: int | None,
                  required: bool = False) -> tuple[Any, list[Finding]]:
    """Read, parse and validate one file into a model document (or None).

    ``required``: an empty file is an error (agency.yml: as bad as a missing one), not a warning.
    """
    file = relpath(path, root)
    data, lines, problems = read_yaml(path)
    findings = [_problem_finding(p, file, year) for p in problems]
    if data is None and not problems:
        if required:
            return None, [Finding("error", "agency-empty", "ไฟล์ data/agency.yml ว่าง ไม่มีข้อมูลหน่วยงาน",
                                  "ใส่ name, type, province และ website ของหน่วยงาน ตามตัวอย่างในคู่มือ (docs/data.md)",
                                  file, 1, None, year)]
        return None, [Finding("warning", "empty-file", "ไฟล์ว่าง ไม่มีข้อมูล", "ใส่ข้อมูลตามคู่มือ หรือลบไฟล์นี้",
                              file, 1, None, year)]
    if findings:
        # These still let the rest of the file be checked (and are errors, so nothing is built).
        if data is None or any(p.code not in _READABLE_PROBLEMS for p in problems):
            return None, findings
    if not isinstance(data, dict):
        return None, findings + [Finding("error", "schema", "ไฟล์นี้ต้องเป็นชุดฟิลด์ (ชื่อ: ค่า) ที่ระดับบนสุด",
                                         "ดูตัวอย่างในคู่มือรูปแบบข้อมูล (docs/data.md)", file, 1, None, year)]
    try:
        document = cls.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(part for part in detail["loc"] if part != "[key]")
            field = format_field(loc)
            code, message, hint = describe_error(detail, field)
            findings.append(Finding("error", code, message, hint, file, nearest_line(lines, loc), field or None, year))
        return None, findings
    document._source = SourceMap(path=path, relpath=file, lines=lines)
    for loc in _extras(document, ()):
        findings.append(Finding(
            "warning", "unknown-field", f"ไม่รู้จักฟิลด์ {loc[-1]} (ข้อมูลนี้จะไม่ถูกใช้)",
            "ตรวจการสะกดชื่อฟิลด์และการย่อหน้า", file, nearest_line(lines, loc), format_field(loc), year))
    return document, findings


def load_project(root: Path) -> Loaded:
    """Everything under ``root/data``; raises :class:`ProjectError` only when there is no project."""
    root = Path(root)
    data_dir = root / "data"
    if not root.is_dir():
        raise ProjectError(f"ไม่พบโฟลเดอร์ {root}")
    if not data_dir.is_dir():
        raise ProjectError(f"ไม่พบโฟลเดอร์ data/ ใน {root} (ยังไม่ใช่โครงการเว็บไซต์ ITA)")
    findings: list[Finding] = []

    catalogs, catalog_problems = load_catalogs(data_dir)
    findings += [_problem_finding(p, relpath(path, root), None) for path, p in catalog_problems]

    agency = None
    agency_path = data_dir / "agency.yml"
    if agency_path.is_file():
        agency, found = load_document(model.Agency, agency_path, root, None, required=True)
        findings += found
    else:
        findings.append(Finding("error", "agency-missing", "ไม่พบไฟล์ data/agency.yml ซึ่งต้องมี",
                                "สร้างไฟล์ data/agency.yml ใส่ name, type, province และ website ของหน่วยงาน",
                                "data/agency.yml"))

    years: dict[int, model.YearData] = {}
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        if folder.name == "criteria":
            continue
        if not _YEAR_DIR.match(folder.name):
            findings.append(Finding("warning", "unknown-folder", f"ไม่รู้จักโฟลเดอร์ {folder.name} (ไม่ถูกอ่าน)",
                                    "โฟลเดอร์ปีต้องตั้งชื่อเป็นปี พ.ศ. 4 หลัก เช่น data/2569",
                                    relpath(folder, root)))
            continue
        year = int(folder.name)
        documents: dict[str, Any] = {}
        unread: set[str] = set()
        classes: tuple[type[model.Document], ...] = (model.Scores, model.Measures, model.Oit)
        for name, cls in zip(YEAR_FILES, classes, strict=True):
            path = folder / name
            if path.is_file():
                documents[name], found = load_document(cls, path, root, year)
                findings += found
                if documents[name] is None:
                    unread.add(name)
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in YEAR_FILES and path.suffix in (".yml", ".yaml"):
                findings.append(Finding(
                    "warning", "unknown-file", f"ไม่รู้จักไฟล์ {path.name} (ไม่ถูกอ่าน)",
                    "ไฟล์ของแต่ละปีมีได้เฉพาะ scores.yml, measures.yml และ oit.yml", relpath(path, root), None,
                    None, year))
        years[year] = model.YearData(year, documents.get("scores.yml"), documents.get("measures.yml"),
                                     documents.get("oit.yml"), frozenset(unread))
    content = root / "content"
    project = model.Project(root=root, agency=agency, years=years, catalogs=catalogs, audit=latest_audit(root),
                            file_sizes=file_sizes(content, years.values()), content_pages=top_pages(content),
                            archive=archive_entries(root))
    return Loaded(project, findings)
