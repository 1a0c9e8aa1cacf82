"""The demo agency in data/ and content/ is complete: no error, only unverified-title warnings."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO
from site_builder.check import run_check
from site_builder.findings import errors


def test_demo_check_exits_0_with_only_unverified_title_warnings() -> None:
    result = subprocess.run([sys.executable, "-m", "site_builder.cli", "check", str(REPO), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads(result.stdout)
    assert report["counts"]["error"] == 0
    # The demo is published nowhere, so its mkdocs.yml has no site_url (one warning says so).
    assert {f["code"] for f in report["findings"]} <= {"unverified-title", "site-url"}
    assert [f["file"] for f in report["findings"] if f["code"] == "site-url"] == ["mkdocs.yml"]
    # 2568: O2, O5, O6, O7; 2569: O2, O6, O7 are the catalog's unconfirmed titles.
    assert sorted((f["year"], f["field"]) for f in report["findings"] if f["code"] == "unverified-title") == [
        (2568, "items.O2"), (2568, "items.O5"), (2568, "items.O6"), (2568, "items.O7"),
        (2569, "items.O2"), (2569, "items.O6"), (2569, "items.O7")]
    assert report["coverage"] == [
        {"year": 2567, "items": 35, "with_evidence": 35, "missing": []},
        {"year": 2568, "items": 26, "with_evidence": 26, "missing": []},
        {"year": 2569, "items": 26, "with_evidence": 26, "missing": []},
    ]


def test_demo_years_are_complete_and_realistic() -> None:
    report = run_check(REPO)
    assert errors(report.findings) == []
    project = report.project
    assert project.agency is not None and project.agency.units
    for year in (2567, 2568, 2569):
        data = project.years[year]
        assert data.scores is not None and len(data.scores.indicators) == 10
        assert data.measures is not None and data.oit is not None
        assert 10 <= len(data.measures.measures) <= 15
        assert sorted(data.measures.analysis) == list(range(1, 11))
        assert all(entry.status and entry.text.strip() for entry in data.measures.analysis.values())
        for measure in data.measures.measures:
            assert measure.title and measure.steps and measure.period and measure.responsible
            assert set(measure.responsible) <= set(project.agency.units)
    # The finished years report what was done (the follow-up report of the next year's catalog).
    assert any(m.progress for m in project.years[2568].measures.measures)
    # Levels move up as the agency improves.
    assert [project.years[y].scores.level for y in (2567, 2568, 2569)][-1] == "ผ่านดีเยี่ยม"
