"""An audit as text (Thai, for the officer), JSON (stable, docs/links.md), CSV, Markdown, JUnit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from ..audit import rank
from ..formatting import thai_time
from ..terminal import display_width, pad
from .collect import Source
from .history import Audit, confirmable_at, to_document
from .verdicts import FAILING, LABELS, VERDICTS, WARNING, Result

FORMATS = ("text", "json", "csv", "markdown", "junit")


def _where(source: Source) -> str:
    if source.file:
        return f"{source.file} บรรทัด {source.line}" if source.line else source.file
    if source.page:
        return f"หน้า {source.page}" + (f" บรรทัด {source.line}" if source.line else "")
    return "?"


def _places(result: Result, limit: int = 3) -> str:
    places = [_where(s) for s in result.sources[:limit]]
    more = len(result.sources) - limit
    return ", ".join(places) + (f" และอีก {more} แห่ง" if more > 0 else "")


def _items(result: Result) -> str:
    return ", ".join(f"{year} {code}" for year, code in result.items)


def _listing(title: str, results: list[Result], confirm_after: dt.timedelta | None = None) -> list[str]:
    """``confirm_after``: for first failures, say from when a run can confirm them."""
    if not results:
        return []
    lines = ["", f"{title} — {len(results)} ลิงก์"]
    for result in results:
        item = _items(result)
        lines.append(f"  {'[' + item + '] ' if item else ''}{plain(result.url)}")
        lines.append(f"      {LABELS[result.verdict]}: {plain(result.outcome.reason)}")
        if result.sources:
            lines.append(f"      อยู่ที่ {plain(_places(result))}")
        if confirm_after is not None and result.since is not None:
            due = confirmable_at(result.since, confirm_after)
            lines.append(f"      ยืนยันได้ในการตรวจครั้งถัดไปตั้งแต่ {thai_time(due)} (ถ้ายังพบปัญหาจึงนับเป็นลิงก์เสีย)")
    return lines


def summary_table(totals: dict[str, int]) -> list[str]:
    rows = [(LABELS[v], str(totals.get(v, 0))) for v in VERDICTS] + [("รวม", str(sum(totals.values())))]
    # Columns in display cells (Thai marks take none), as the terminal shows them.
    width = max(display_width(label) for label, _ in rows) + 2
    lines = [f"  {pad('ผลการตรวจ', width)}{'จำนวน':>6}"]
    lines += [f"  {pad(label, width)}{count:>6}" for label, count in rows]
    return lines


def by_item(results: Iterable[Result]) -> dict[tuple[int, str], list[Result]]:
    grouped: dict[tuple[int, str], list[Result]] = {}
    for result in results:
        for item in result.items:
            grouped.setdefault(item, []).append(result)
    return dict(sorted(grouped.items(), key=lambda kv: (-kv[0][0], _code_order(kv[0][1]))))


def _code_order(code: str) -> tuple[str, int]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return code.rstrip("0123456789"), int(digits) if digits else 0


def to_text(audit: Audit, confirm_hours: float = 24) -> str:
    seconds = (audit.finished - audit.started).total_seconds()
    lines = [f"ผลการตรวจลิงก์ {thai_time(audit.started)} (ใช้เวลา {seconds:.0f} วินาที)"]
    if audit.previous:
        lines.append(f"เทียบกับการตรวจครั้งก่อน: {thai_time(dt.datetime.fromisoformat(audit.previous), False)}")
    lines += ["", "สรุป"] + summary_table(audit.totals)
    failing = [r for r in audit.results if r.verdict in FAILING]
    days = f"{confirm_hours / 24:g} วัน" if confirm_hours >= 24 else f"{confirm_hours:g} ชั่วโมง"
    lines += _listing(f"ลิงก์เสีย (ยืนยันแล้ว: พบปัญหาซ้ำห่างกันอย่างน้อย {days} หรือเป็นไฟล์ในเว็บไซต์เอง)",
                      [r for r in failing if r.confirmed])
    lines += _listing("พบปัญหาครั้งแรก (คำเตือน: จะนับเป็นลิงก์เสียถ้ายังพบในการตรวจครั้งถัดไป "
                      f"ห่างจากครั้งนี้อย่างน้อย {days})", [r for r in failing if not r.confirmed],
                      dt.timedelta(hours=confirm_hours))
    lines += _listing("คำเตือน (ผู้ใช้เบราว์เซอร์อาจเปิดได้ ควรลองเปิดดูเอง)",
                      [r for r in audit.results if r.verdict in WARNING])
    lines += _listing("ย้ายที่อยู่ (ยังใช้ได้ แต่ควรแก้ลิงก์เป็นที่อยู่ใหม่)",
                      [r for r in audit.results if r.verdict == "redirected"])
    if audit.previous:
        change = audit.changes
        lines += ["", f"เปลี่ยนแปลงจากการตรวจครั้งก่อน: เสียใหม่ {len(change.broke)} · แก้แล้ว {len(change.fixed)} · "
                      f"ยังเสียอยู่ {len(change.still)} · ลบลิงก์ออกแล้ว {len(change.removed)}"]
        marks = {id(r): "เสียใหม่" for r in change.broke} | {id(r): "แก้แล้ว" for r in change.fixed} | {
            id(r): "ยังเสียอยู่" for r in change.still}
        for (year, code), results in by_item(change.broke + change.fixed + change.still).items():
            words = ", ".join(f"{marks[id(r)]}: {plain(r.url)}" for r in results)
            lines.append(f"  {year} {code}: {words}")
    if audit.notes:
        lines += ["", "หมายเหตุ"] + [f"  - {plain(note)}" for note in audit.notes]
    if audit.archive is not None and audit.archive.refused:
        refused = audit.archive.refused
        lines += ["", f"สำเนาหลักฐานที่เก็บไม่ได้ (archive/) — {len(refused)} ลิงก์"]
        for copy in refused:
            lines += [f"  {plain(copy.url)}", f"      {plain(copy.reason or '')}"]
    if audit.saved is not None:
        lines += ["", f"บันทึกผลไว้ที่ {audit.saved}"]
    return "\n".join(lines) + "\n"


# JSON escapes C0 controls itself; these it leaves raw, and a terminal may still act on them.
_JSON_UNSAFE = {code: f"\\u{code:04x}" for code in [*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def to_json(audit: Audit) -> str:
    """The stable document; every value exact (controls \\u-escaped, which JSON readers undo)."""
    return json.dumps(to_document(audit), ensure_ascii=False, indent=1).translate(_JSON_UNSAFE) + "\n"


CSV_COLUMNS = ("url", "verdict", "label", "confirmed", "http_status", "final_url", "reason", "items", "sources",
               "checked")


def _cell(text: str) -> str:
    """A CSV cell Excel shows as text: no controls; a leading = + - @ is not taken for a formula."""
    text = plain(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(audit: Audit) -> str:
    """UTF-8 with a BOM (Excel opens Thai correctly), one row per URL."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in audit.results:
        writer.writerow([_cell(r.url), r.verdict, LABELS[r.verdict], "yes" if r.confirmed else "no",
                         r.outcome.http_status or "", _cell(r.outcome.final_url or ""), _cell(r.outcome.reason),
                         _items(r), _cell("; ".join(s.label() for s in r.sources)),
                         r.checked.isoformat(timespec="seconds") if r.checked else ""])
    return "\ufeff" + out.getvalue()


# What a host may put in a URL, title or error text that would act on the medium it is shown in:
# C0/C1 controls (ESC and OSC sequences move the cursor, retitle or hyperlink a terminal) and
# the bidirectional overrides that reorder what is read.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def plain(text: str) -> str:
    """The text without control characters (a tab or line break becomes a space, not a command)."""
    return _CONTROLS.sub("", text.replace("\t", " ").replace("\r", " ").replace("\n", " "))


def _md(text: str) -> str:
    """Text for a Markdown table cell: no raw HTML, no link, emphasis or cell break of the host's making."""
    escaped = _MD_SPECIAL.sub(r"\\\1", plain(text))
    return escaped.replace("\\<", "&lt;").replace("\\>", "&gt;").replace("\\&", "&amp;")


def to_markdown(audit: Audit) -> str:
    lines = [f"# ผลการตรวจลิงก์ {thai_time(audit.started)}", "", "| ผลการตรวจ | จำนวน |", "| --- | ---: |"]
    totals = audit.totals
    lines += [f"| {LABELS[v]} | {totals[v]} |" for v in VERDICTS] + [f"| **รวม** | **{sum(totals.values())}** |"]
    problems = [r for r in audit.results if r.verdict not in ("ok",)]
    if problems:
        lines += ["", "## ลิงก์ที่ต้องดู", "", "| ผล | ยืนยันแล้ว | ข้อ OIT | ลิงก์ | เหตุผล | อยู่ที่ |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for r in sorted(problems, key=lambda r: rank(r.verdict)):
            lines.append(f"| {LABELS[r.verdict]} | {'ใช่' if r.confirmed else 'ยัง'} | {_md(_items(r))} | "
                         f"{_md(r.url)} | {_md(r.outcome.reason)} | {_md(_places(r))} |")
    if audit.previous:
        change = audit.changes
        lines += ["", f"## เปลี่ยนแปลงจากการตรวจวันที่ {audit.previous}", "",
                  f"เสียใหม่ {len(change.broke)} · แก้แล้ว {len(change.fixed)} · ยังเสียอยู่ {len(change.still)}"]
    if audit.notes:
        lines += [""] + [f"- {_md(note)}" for note in audit.notes]
    return "\n".join(lines) + "\n"


def to_junit(audit: Audit) -> str:
    """One test case per URL; confirmed failures fail (as the exit status does)."""
    failures = sum(1 for r in audit.results if r.verdict in FAILING and r.confirmed)
    seconds = (audit.finished - audit.started).total_seconds()
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="oit links" tests="{len(audit.results)}" failures="{failures}" time="{seconds:.3f}">',
           f'<testsuite name="oit links" tests="{len(audit.results)}" failures="{failures}" errors="0" '
           f'skipped="0" time="{seconds:.3f}" timestamp={quoteattr(audit.started.isoformat(timespec="seconds"))}>']
    for r in audit.results:
        group = _items(r) or (r.sources[0].file or r.sources[0].page or "links" if r.sources else "links")
        out.append(f"<testcase classname={quoteattr(plain(str(group)))} name={quoteattr(plain(r.url))}>")
        text = f"{r.verdict}: {r.outcome.reason} ({_places(r)})"
        if r.verdict in FAILING and r.confirmed:
            out.append(f"<failure type={quoteattr(r.verdict)} message={quoteattr(plain(r.outcome.reason))}>"
                       f"{_xml_text(text)}</failure>")
        elif r.verdict != "ok":
            out.append(f"<system-out>{_xml_text(text)}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _xml_text(text: str) -> str:
    return plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(audit: Audit, fmt: str, confirm_hours: float = 24) -> str:
    if fmt == "json":
        return to_json(audit)
    if fmt == "csv":
        return to_csv(audit)
    if fmt == "markdown":
        return to_markdown(audit)
    if fmt == "junit":
        return to_junit(audit)
    return to_text(audit, confirm_hours)
