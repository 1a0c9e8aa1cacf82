"""How ``oit check`` shows its findings: Thai text for the officer, JSON for tools.

The JSON shape is documented in docs/check.md and kept stable::

    {"version": 1, "project": "...", "ok": true,
     "counts": {"error": 0, "warning": 3},
     "findings": [{"year", "file", "line", "field", "severity", "code", "message", "hint"}],
     "coverage": [{"year", "items", "with_evidence", "missing": ["O7", ...]}]}
"""

from __future__ import annotations

import itertools
import json

from .check import Report
from .findings import errors, sort_key, warnings

SEVERITY_LABEL = {"error": "ข้อผิดพลาด", "warning": "คำเตือน"}


def to_json(report: Report) -> str:
    findings = sorted(report.findings, key=sort_key)
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


def to_text(report: Report) -> str:
    """Grouped by year, then file; each finding with line, field, what and how to fix."""
    findings = sorted(report.findings, key=sort_key)
    out: list[str] = []
    for year, by_year in itertools.groupby(findings, key=lambda f: f.year):
        out.append(f"== ปี {year} ==" if year is not None else "== ทั้งโครงการ ==")
        for file, by_file in itertools.groupby(by_year, key=lambda f: f.file):
            out.append(f"  {file or '(ทั้งโครงการ)'}")
            for finding in by_file:
                where = f"บรรทัด {finding.line}" if finding.line else ""
                if finding.field:
                    where = f"{where} [{finding.field}]".strip()
                label = SEVERITY_LABEL[finding.severity]
                out.append(f"    {label}: {where}: {finding.message}" if where else f"    {label}: {finding.message}")
                if finding.hint:
                    out.append(f"      วิธีแก้: {finding.hint}")
        out.append("")
    out.append(summary(report))
    return "\n".join(out)


def summary(report: Report) -> str:
    lines = ["สรุป:"]
    for coverage in report.coverage:
        absent = [code for code in coverage.missing if code not in coverage.unread]
        line = f"  {coverage.year}: {coverage.with_evidence}/{coverage.total} รายการมีหลักฐาน"
        line += f", {len(absent)} รายการยังไม่มี ({', '.join(absent)})" if absent else ""
        if coverage.unread:
            line += f", {', '.join(coverage.unread)} รอแก้ข้อผิดพลาดใน measures.yml"
        line += "" if coverage.missing else " ครบทุกรายการ"
        lines.append(line)
    n_errors, n_warnings = len(errors(report.findings)), len(warnings(report.findings))
    if n_errors:
        lines.append(f"  พบข้อผิดพลาด {n_errors} รายการ และคำเตือน {n_warnings} รายการ: แก้ข้อผิดพลาดก่อนเผยแพร่")
    elif n_warnings:
        lines.append(f"  ไม่พบข้อผิดพลาด มีคำเตือน {n_warnings} รายการ")
    else:
        lines.append("  ไม่พบข้อผิดพลาดและคำเตือน")
    return "\n".join(lines)
