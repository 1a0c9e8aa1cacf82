"""How ``oit check`` shows its findings: Thai text for the officer, JSON for tools.

The JSON shape is documented in docs/dev/check-report.md and kept stable::

    {"version": 1, "project": "...", "ok": true,
     "counts": {"error": 0, "warning": 3},
     "findings": [{"year", "file", "line", "field", "severity", "code", "message", "hint"}],
     "coverage": [{"year", "items", "with_evidence", "missing": ["O7", ...]}]}
"""

from __future__ import annotations

import itertools
import json
import re

from .check import Report
from .findings import Finding, errors, sort_key, warnings

SEVERITY_LABEL = {"error": "ข้อผิดพลาด", "warning": "คำเตือน"}


def to_json(report: Report, errors_only: bool = False) -> str:
    findings = sorted(report.findings, key=sort_key)
    if errors_only:
        findings = errors(findings)
    document = {
        "version": 1,
        "project": str(report.project.root),
        "ok": not errors(findings),
        "counts": {"error": len(errors(findings)), "warning": len(warnings(findings))},
        "findings": [
            {key: finding.as_dict()[key] for key in
             ("year", "file", "line", "field", "severity", "code", "message", "hint")}
            for finding in findings
        ],
        "coverage": [
            {"year": c.year, "items": c.total, "with_evidence": c.with_evidence, "missing": list(c.missing)}
            for c in report.coverage
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


# Findings about the shipped catalog, not the agency's data: the officer cannot act on them,
# so the text report leaves them out (JSON keeps them). `oit new` says it once, and the
# oit.yml it writes carries it as a comment above each such item.
CATALOG_NOTES = frozenset({"unverified-title"})


def actionable(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code not in CATALOG_NOTES]


def to_text(report: Report, errors_only: bool = False) -> str:
    """Errors first, then warnings; each grouped by year, then file, with line, field, what and how to fix.

    A hint is printed with the first finding of its kind only: twenty-six "no evidence" warnings
    need one explanation.
    """
    findings = sorted(actionable(report.findings), key=sort_key)
    out: list[str] = []
    hinted: set[str] = set()
    sections = [("error", "ข้อผิดพลาด (ต้องแก้ก่อนเผยแพร่)")]
    if not errors_only:
        sections.append(("warning", "คำเตือน"))
    for severity, title in sections:
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        out += [f"##### {title} {len(chosen)} รายการ #####", ""]
        for year, by_year in itertools.groupby(chosen, key=lambda f: f.year):
            out.append(f"== ปี {year} ==" if year is not None else "== ทั้งโครงการ ==")
            for file, by_file in itertools.groupby(by_year, key=lambda f: f.file):
                out.append(f"  {file or '(ทั้งโครงการ)'}")
                for finding in by_file:
                    kind = _hint_kind(finding)
                    out += _finding_lines(finding, kind not in hinted)
                    hinted.add(kind)
            out.append("")
    out.append(summary(report, errors_only))
    return "\n".join(out)


def _hint_kind(finding: Finding) -> str:
    """The hint with what differs from item to item (its code, its field) taken out."""
    hint = finding.hint
    if finding.field:
        name = re.split(r"[.\[]", finding.field)[-1].rstrip("]")
        hint = hint.replace(name, "…") if name else hint
    return finding.code + ":" + re.sub(r"\b[OIE]\d+\b", "…", hint)


def _finding_lines(finding: Finding, with_hint: bool) -> list[str]:
    where = f"บรรทัด {finding.line}" if finding.line else ""
    if finding.field:
        where = f"{where} [{finding.field}]".strip()
    label = SEVERITY_LABEL[finding.severity]
    lines = [f"    {label}: {where}: {finding.message}" if where else f"    {label}: {finding.message}"]
    if finding.hint and with_hint:
        lines.append(f"      วิธีแก้: {finding.hint}")
    return lines


def summary(report: Report, errors_only: bool = False) -> str:
    lines = ["สรุป:"]
    for coverage in report.coverage:
        absent = [code for code in coverage.missing if code not in coverage.unread]
        line = f"  {coverage.year}: {coverage.with_evidence}/{coverage.total} รายการมีหลักฐาน"
        line += f", {len(absent)} รายการยังไม่มี ({', '.join(absent)})" if absent else ""
        if coverage.unread:
            line += f", {', '.join(coverage.unread)} รอแก้ข้อผิดพลาดใน measures.yml"
        line += "" if coverage.missing else " ครบทุกรายการ"
        lines.append(line)
    findings = actionable(report.findings)
    n_errors, n_warnings = len(errors(findings)), len(warnings(findings))
    if n_errors:
        lines.append(f"  พบข้อผิดพลาด {n_errors} รายการ และคำเตือน {n_warnings} รายการ: แก้ข้อผิดพลาดก่อนเผยแพร่")
    elif n_warnings:
        lines.append(f"  ไม่พบข้อผิดพลาด มีคำเตือน {n_warnings} รายการ")
    else:
        lines.append("  ไม่พบข้อผิดพลาดและคำเตือน")
    if errors_only and n_warnings:
        lines.append("  (แสดงเฉพาะข้อผิดพลาด: รัน oit check โดยไม่ใส่ --errors เพื่อดูคำเตือนด้วย)")
    return "\n".join(lines)
