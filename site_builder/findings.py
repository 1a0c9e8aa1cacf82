"""A finding: one thing wrong (error) or worth fixing (warning) in the agency's data.

Every stage that reads the data reports findings, never exceptions, so that all
problems of a run are shown together with the file, line and field to fix.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str  # Thai: what is wrong
    hint: str = ""  # Thai: how to fix it
    file: str | None = None  # relative to the project, with forward slashes
    line: int | None = None
    field: str | None = None  # as written in the file, e.g. measures[2].steps
    year: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def sort_key(finding: Finding) -> tuple:
    """Group by year, then file, then line; project-wide findings first."""
    return (
        finding.year if finding.year is not None else 0,
        finding.file or "",
        finding.line if finding.line is not None else 0,
        finding.severity != "error",
        finding.code,
        finding.field or "",
    )


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "warning"]
