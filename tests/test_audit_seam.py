"""The link audit's seam (site_builder/audit.py): one owner of verdicts, key and file."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

from site_builder import audit
from site_builder.links import verdicts
from site_builder.model import Link

CSS = Path(__file__).resolve().parents[1] / "themes" / "assets" / "stylesheets" / "oit.css"


def test_every_verdict_has_a_thai_label_a_class_a_rank_and_a_css_style() -> None:
    # Adding a verdict touches audit.py, the templates and oit.css: this fails until the CSS has it.
    css = CSS.read_text(encoding="utf-8")
    for verdict in audit.Verdict:
        assert verdict.label and re.search(r"[\u0e00-\u0e7f]", verdict.label), verdict
        assert verdict.kind in {"failing", "warning", "working"}, verdict
        assert f".oit-link--{verdict.value}" in css, verdict
    assert ".oit-link--pending" in css
    ranks = [v.rank for v in audit.Verdict] + [audit.PENDING_RANK]
    assert sorted(ranks) == list(range(len(ranks)))  # a total order, no ties


def test_the_verdicts_as_the_site_and_the_reports_name_them() -> None:
    assert audit.VERDICTS == ("ok", "redirected", "broken", "blocked", "tls", "timeout", "unreachable")
    assert audit.FAILING == {"broken", "timeout", "unreachable"}
    assert audit.WARNING == {"blocked", "tls"}
    assert audit.WORKING == {"ok", "redirected"}
    assert audit.LABELS["broken"] == "ลิงก์เสีย"
    assert audit.PENDING_LABEL == "รอตรวจซ้ำ"
    worst_first = sorted(["ok", "pending", "blocked", "redirected", "broken", "tls", "timeout", "unreachable"],
                         key=audit.rank)
    assert worst_first == ["broken", "unreachable", "timeout", "tls", "blocked", "pending", "redirected", "ok"]


def test_the_rules_spell_only_the_seams_verdicts() -> None:
    assert set(typing.get_args(verdicts.Verdict)) == set(audit.VERDICTS)


def test_a_data_links_audit_key() -> None:
    assert Link(url=" https://user:secret@example.go.th/a.pdf ").audit_key == "https://example.go.th/a.pdf"
    assert Link(file="files/2569/o1.pdf").audit_key == "/files/2569/o1.pdf"
    assert Link(file="\\files\\2569\\o1.pdf").audit_key == "/files/2569/o1.pdf"
    assert audit.audit_key(None, " /files/ก.pdf") == "/files/ก.pdf"


def test_one_writer_and_one_reader(tmp_path: Path) -> None:
    started = dt.datetime(2026, 11, 22, 10, 15, 30, 123, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    path = audit.write(tmp_path, started, {"started": audit.format_time(started), "results": []})
    assert path.name == "2026-11-22.json"
    assert audit.format_time(started) == "2026-11-22T10:15:30+07:00"
    (tmp_path / "2026-11-23.json").write_text("{not json", encoding="utf-8")   # unreadable: skipped
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")               # not an audit's name
    found = list(audit.newest(tmp_path))
    assert [(date, p.name) for date, p, _ in found] == [(dt.date(2026, 11, 22), "2026-11-22.json")]
    assert audit.parse_time("2026-11-22T10:15:30") == dt.datetime(2026, 11, 22, 10, 15, 30, tzinfo=dt.UTC)
    assert list(audit.newest(tmp_path, before=dt.date(2026, 11, 22))) == []


def test_the_seam_imports_nothing_of_the_pipeline() -> None:
    source = Path(audit.__file__).read_text(encoding="utf-8")
    imported = re.findall(r"^from \.(\w*) import|^from \.\.?(\w+)", source, re.MULTILINE)
    assert {name for pair in imported for name in pair if name} <= {"atomic"}
