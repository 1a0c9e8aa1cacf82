"""The evidence archive on the site: copies kept in ``archive/`` reach the model, the built
site, the item pages, the OIT index, ``/links/``, ``oit check`` and ``oit publish``.

Archives are made with the seam's own writers (``archive.keep``, ``archive.write_entry``);
every expected value (sha256, size, address, date, Thai text) is computed here or written
as a literal, never by the code under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import AGENCY, MKDOCS_YML, oit_2569, write_project
from site_builder import archive
from site_builder.check import run_check
from site_builder.cli import main
from site_builder.load import load_project
from site_builder.publish.manifest import MANIFEST_NAME, MANIFEST_TEMP
from site_builder.report import to_text

BKK = dt.timezone(dt.timedelta(hours=7))
HOST = "https://docs.example.go.th"
O2_URL = f"{HOST}/ita/2569/o2-report.pdf"            # confirmed broken, has a copy
O3_URL = f"{HOST}/ita/2569/o3-plan.pdf"              # pending failure, has a copy
O4_URL = f"{HOST}/ita/2569/o4-budget.pdf"            # working, no copy yet
O5_URL = f"{HOST}/ita/2569/o5-big.pdf"               # refused (too big)
O6_URL = f"{HOST}/ita/2569/o6-personal.pdf"          # archive: false, a copy was kept before
O8_URL = f"{HOST}/news/o8"                           # a web page: no copy expected

O2_BYTES = b"%PDF-1.4\n% O2 annual report 2569\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
O2_NEW_BYTES = O2_BYTES.replace(b"annual report", b"annual report (revised)")
O3_BYTES = b"%PDF-1.4\n% O3 plan\n%%EOF\n"
O6_BYTES = b"%PDF-1.4\n% O6 personal data\n%%EOF\n"
# Computed here, independently of archive.py: the address the site must publish each copy at.
O2_SHA = hashlib.sha256(O2_BYTES).hexdigest()
O2_NEW_SHA = hashlib.sha256(O2_NEW_BYTES).hexdigest()
O3_SHA = hashlib.sha256(O3_BYTES).hexdigest()
O6_SHA = hashlib.sha256(O6_BYTES).hexdigest()
FETCHED = dt.datetime(2026, 11, 12, 9, 30, tzinfo=BKK)      # 12 พ.ย. 2569
SINCE = dt.datetime(2026, 10, 21, 9, 0, 2, tzinfo=BKK)      # 21 ต.ค. 2569
REFUSED = "ไฟล์ใหญ่เกิน 50 MB จึงไม่เก็บสำเนา"


def keep_copy(root: Path, url: str, data: bytes, name: str, fetched: dt.datetime = FETCHED,
              previous: archive.Entry | None = None, refused: str | None = None) -> archive.Entry:
    """Keep ``data`` as the newest version of ``url`` with the seam's own writers."""
    sha = hashlib.sha256(data).hexdigest()
    temporary = archive.temporary_folder(root) / f"{sha}.part"
    temporary.write_bytes(data)
    archive.keep(root, temporary, sha)
    version = archive.Version(fetched, sha, len(data), "application/pdf", url, 200, name)
    versions = (previous.versions if previous else ()) + (version,)
    entry = archive.Entry(url, versions, fetched, fetched, refused)
    archive.write_entry(root, entry)
    return entry


def oit_yml() -> str:
    oit = oit_2569()
    for n, url, extra in ((2, O2_URL, ""), (3, O3_URL, ""), (4, O4_URL, ""), (5, O5_URL, ""),
                          (6, O6_URL, "\n        archive: false"), (8, O8_URL, "")):
        oit = oit.replace(f"      - file: files/2569/o{n}.pdf\n", f"      - url: {url}{extra}\n", 1)
    return oit


def write_audit(root: Path) -> None:
    """The latest link audit: O2 confirmed broken since 21 Oct, O3 seen failing once."""
    started = "2026-11-22T09:00:03+07:00"
    results = [
        {"url": O2_URL, "verdict": "broken", "confirmed": True, "http_status": 404, "final_url": O2_URL,
         "reason": "ไม่พบหน้า (404)", "sources": [{"file": "data/2569/oit.yml", "line": 12, "year": 2569, "item": "O2"}],
         "checked": started, "since": SINCE.isoformat()},
        {"url": O3_URL, "verdict": "broken", "confirmed": False, "http_status": 404, "final_url": O3_URL,
         "reason": "ไม่พบหน้า (404)", "sources": [{"file": "data/2569/oit.yml", "line": 17, "year": 2569, "item": "O3"}],
         "checked": started, "since": started},
        {"url": O4_URL, "verdict": "ok", "confirmed": True, "http_status": 200, "final_url": O4_URL, "reason": "",
         "sources": [], "checked": started, "since": started},
    ]
    (root / "audits").mkdir(exist_ok=True)
    (root / "audits" / "2026-11-22.json").write_text(json.dumps(
        {"started": started, "finished": started, "totals": {}, "results": results}), encoding="utf-8")


def make_project(root: Path) -> Path:
    write_project(root, {"data/2569/oit.yml": oit_yml(), "mkdocs.yml": MKDOCS_YML})
    write_audit(root)
    keep_copy(root, O2_URL, O2_BYTES, "o2-report.pdf")
    keep_copy(root, O3_URL, O3_BYTES, "o3-plan.pdf")
    # O5: the host answered with a file over the cap; nothing kept.
    archive.write_entry(root, archive.Entry(O5_URL, (), FETCHED, None, REFUSED))
    keep_copy(root, O6_URL, O6_BYTES, "o6-personal.pdf")
    return root


def build(root: Path, site: Path | None = None) -> Path:
    result = CliRunner().invoke(main, ["build", str(root)] + (["--site-dir", str(site)] if site else []))
    assert result.exit_code == 0, result.output
    return site or root / "site"


def html(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def flat(text: str) -> str:
    return " ".join(text.split())


def resolve(page_address: str, href: str) -> str:
    """A relative ``href`` of the page at ``/page_address`` as an address from the site root."""
    return posixpath.normpath(posixpath.join("/" + page_address, href))


def evidence_section(soup: BeautifulSoup) -> list:
    """The elements of the item page's "หลักฐาน" section, up to the next heading."""
    heading = soup.find(id="evidence")
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        found.append(sibling)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = make_project(tmp_path_factory.mktemp("archive-site") / "agency")
    return root, build(root)


# --- the model ---------------------------------------------------------------------------


def test_the_loader_reads_kept_versions_and_skips_what_is_damaged(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    # An index whose file is gone: the version is not offered. A damaged index: skipped, no traceback.
    gone = archive.Entry(O4_URL, (archive.Version(FETCHED, "ab" * 32, 10, "application/pdf", O4_URL, 200, "x.pdf"),))
    (root / "archive" / "index" / archive.index_name(O4_URL)).write_text(
        json.dumps(archive.entry_document(gone)), encoding="utf-8")
    (root / "archive" / "index" / ("0" * 40 + ".json")).write_text("{ not json", encoding="utf-8")
    (root / "archive" / "index" / archive.index_name(O8_URL)).write_bytes(b"\xff\xfe broken")
    project = load_project(root).project
    assert set(project.archive) == {O2_URL, O3_URL, O4_URL, O5_URL, O6_URL}
    newest = project.archive[O2_URL].newest
    assert newest is not None
    assert (newest.sha256, newest.size, newest.name) == (O2_SHA, len(O2_BYTES), "o2-report.pdf")
    assert project.archive[O4_URL].versions == ()
    assert project.archive[O5_URL].refused == REFUSED
    assert project.audit is not None and project.audit.checks[O2_URL].since == SINCE


# --- the built site -------------------------------------------------------------------------


def test_the_site_publishes_the_copies_byte_for_byte(built) -> None:
    _, site = built
    assert (site / "archive" / O2_SHA / "o2-report.pdf").read_bytes() == O2_BYTES
    assert (site / "archive" / O3_SHA / "o3-plan.pdf").read_bytes() == O3_BYTES
    # Opted out since (archive: false): the copy kept before is not published.
    assert not (site / "archive" / O6_SHA).exists()
    assert sorted(p.name for p in (site / "archive").iterdir()) == sorted([O2_SHA, O3_SHA])
    assert not list((site / "archive").rglob("*.partial"))


def test_an_item_whose_original_is_confirmed_broken_leads_with_the_copy(built) -> None:
    _, site = built
    soup = html(site, "2569/oit/o2")
    section = evidence_section(soup)
    first_link = next(a for element in section for a in element.find_all("a"))
    assert resolve("2569/oit/o2/", first_link["href"]) == f"/archive/{O2_SHA}/o2-report.pdf"
    assert flat(first_link.get_text()) == "เปิดสำเนาที่เก็บไว้เมื่อ 12 พ.ย. 2569"
    lead = soup.select_one(".oit-copy-lead")
    assert lead is not None and lead in section
    assert "ต้นฉบับเปิดไม่ได้ตั้งแต่ 21 ต.ค. 2569 — เปิดสำเนาที่เก็บไว้เมื่อ 12 พ.ย. 2569" in flat(lead.get_text())
    assert "เอกสารข้อ 2" in lead.get_text()
    assert "PDF · 10 KB" in flat(lead.get_text())   # 10,294 bytes
    # The evidence list still has the original, with the copy beside it.
    item = soup.select_one("ul.oit-evidence li")
    links = item.find_all("a")
    assert links[0]["href"] == O2_URL
    assert flat(links[1].get_text()) == "สำเนา (เก็บเมื่อ 12 พ.ย. 2569)"
    assert resolve("2569/oit/o2/", links[1]["href"]) == f"/archive/{O2_SHA}/o2-report.pdf"


def test_a_failure_seen_once_offers_the_copy_but_never_leads_with_it(built) -> None:
    _, site = built
    soup = html(site, "2569/oit/o3")
    assert soup.select_one(".oit-copy-lead") is None
    assert "ต้นฉบับเปิดไม่ได้" not in soup.get_text()
    first_link = next(a for element in evidence_section(soup) for a in element.find_all("a"))
    assert first_link["href"] == O3_URL
    copy = soup.select_one("ul.oit-evidence a.oit-copy")
    assert flat(copy.get_text()) == "สำเนา (เก็บเมื่อ 12 พ.ย. 2569)"
    assert resolve("2569/oit/o3/", copy["href"]) == f"/archive/{O3_SHA}/o3-plan.pdf"


def test_no_copy_for_an_opted_out_link_a_refused_one_or_a_file(built) -> None:
    _, site = built
    for code in ("o4", "o5", "o6", "o1"):
        soup = html(site, f"2569/oit/{code}")
        assert soup.select("a.oit-copy") == [] and soup.select_one(".oit-copy-lead") is None, code
        assert "/archive/" not in str(soup.select_one("article")), code


def test_the_oit_index_offers_each_copy(built) -> None:
    _, site = built
    soup = html(site, "2569/oit")
    row = soup.find("tr", id="o2")
    copy = row.select_one("a.oit-copy")
    assert flat(copy.get_text()) == "สำเนา (เก็บเมื่อ 12 พ.ย. 2569)"
    assert resolve("2569/oit/", copy["href"]) == f"/archive/{O2_SHA}/o2-report.pdf"
    assert soup.find("tr", id="o3").select_one("a.oit-copy") is not None
    assert soup.find("tr", id="o6").select_one("a.oit-copy") is None
    assert len(soup.select("a.oit-copy")) == 2


def test_the_links_page_says_per_evidence_link_whether_a_copy_exists(built) -> None:
    _, site = built
    soup = html(site, "links")
    cells = {}
    for row in soup.select("table.oit-links tbody tr"):
        code = flat(row.find("th").get_text())
        cells[code] = row.find("td", attrs={"data-label": "สำเนา"})
    assert flat(cells["O2"].get_text()) == "สำเนา (เก็บเมื่อ 12 พ.ย. 2569) PDF · 10 KB"
    assert resolve("links/", cells["O2"].find("a")["href"]) == f"/archive/{O2_SHA}/o2-report.pdf"
    assert flat(cells["O5"].get_text()) == f"เก็บสำเนาไม่ได้: {REFUSED}"
    assert flat(cells["O4"].get_text()) == "ไม่มีสำเนา"
    assert flat(cells["O6"].get_text()) == "ไม่มีสำเนา"     # opted out: the old copy is not offered
    assert flat(cells["O1"].get_text()) == ""              # a file of the site itself


def test_the_newest_version_is_offered_and_published(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    first = archive.read_entry(root, O2_URL)
    keep_copy(root, O2_URL, O2_NEW_BYTES, "o2-report.pdf", dt.datetime(2026, 11, 20, 8, 0, tzinfo=BKK), first)
    site = build(root)
    assert (site / "archive" / O2_NEW_SHA / "o2-report.pdf").read_bytes() == O2_NEW_BYTES
    assert not (site / "archive" / O2_SHA).exists()   # the site offers the newest; archive/ keeps both
    assert (root / "archive" / "files" / O2_SHA[:2] / O2_SHA).read_bytes() == O2_BYTES
    soup = html(site, "2569/oit/o2")
    lead = soup.select_one(".oit-copy-lead a")
    assert flat(lead.get_text()) == "เปิดสำเนาที่เก็บไว้เมื่อ 20 พ.ย. 2569"
    assert resolve("2569/oit/o2/", lead["href"]) == f"/archive/{O2_NEW_SHA}/o2-report.pdf"


def test_a_tampered_copy_is_not_published_and_the_build_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    first = archive.read_entry(root, O2_URL)
    keep_copy(root, O2_URL, O2_NEW_BYTES, "o2-report.pdf", dt.datetime(2026, 11, 20, 8, 0, tzinfo=BKK), first)
    # Someone edits the newest kept file in place (same size, different bytes).
    kept = root / "archive" / "files" / O2_NEW_SHA[:2] / O2_NEW_SHA
    kept.write_bytes(O2_NEW_BYTES.replace(b"revised", b"REVISED"))
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert f"archive/files/{O2_NEW_SHA[:2]}/{O2_NEW_SHA}" in result.output
    assert "เสียหายหรือถูกแก้ไข" in result.output and "ไม่นำขึ้นเว็บไซต์" in result.output
    site = root / "site"
    assert not (site / "archive" / O2_NEW_SHA).exists()
    # The older version, still whole, is offered instead, with its own date.
    assert (site / "archive" / O2_SHA / "o2-report.pdf").read_bytes() == O2_BYTES
    lead = html(site, "2569/oit/o2").select_one(".oit-copy-lead a")
    assert flat(lead.get_text()) == "เปิดสำเนาที่เก็บไว้เมื่อ 12 พ.ย. 2569"
    assert O2_NEW_SHA not in (site / "2569" / "oit" / "o2" / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site_and_its_copies(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    site = build(root)
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    keep_copy(root, O4_URL, b"%PDF-1.4\n% new O4\n%%EOF\n", "o4-budget.pdf")
    (root / "data" / "2569" / "oit.yml").write_text(oit_yml() + "  O99: [\n", encoding="utf-8")  # a YAML error
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 1
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]


# --- oit check -----------------------------------------------------------------------------


def check_text(root: Path) -> tuple[list, str]:
    report = run_check(root)
    return report.findings, to_text(report)


def line_of(root: Path, relative: str, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_check_warns_for_a_document_without_a_copy_and_for_a_refused_one(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    findings, text = check_text(root)
    missing = [f for f in findings if f.code == "archive-missing"]
    assert [(f.severity, f.file, f.line) for f in missing] == [
        ("warning", "data/2569/oit.yml", line_of(root, "data/2569/oit.yml", O4_URL))]
    assert missing[0].message == f"ข้อ O4: {O4_URL} ยังไม่มีสำเนาเก็บไว้ — รัน oit links เพื่อเก็บสำเนา"
    refused = [f for f in findings if f.code == "archive-refused"]
    assert [(f.severity, f.file, f.line) for f in refused] == [
        ("warning", "data/2569/oit.yml", line_of(root, "data/2569/oit.yml", O5_URL))]
    assert refused[0].message == f"ข้อ O5: เก็บสำเนาของ {O5_URL} ไม่ได้: {REFUSED}"
    # Not for: a copy kept (O2, O3), archive: false (O6), a web page (O8), a file of the site.
    assert not [f for f in findings if f.code.startswith("archive-") and f.code not in ("archive-missing",
                                                                                          "archive-refused")]
    assert f"ข้อ O4: {O4_URL} ยังไม่มีสำเนาเก็บไว้" in text
    assert not any(f.severity == "error" for f in findings)


def test_check_without_an_archive_folder_says_it_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    shutil.rmtree(root / "archive")
    findings, text = check_text(root)
    archived = [f for f in findings if f.code.startswith("archive-")]
    assert len(archived) == 1
    (finding,) = archived
    assert (finding.severity, finding.code, finding.file) == ("warning", "archive-none", "data/2569/oit.yml")
    # O2, O3, O4 and O5 name documents; O6 is opted out; O8 is a web page.
    assert finding.message == "ยังไม่มีสำเนาหลักฐานเก็บไว้เลย (ไม่มีโฟลเดอร์ archive/): เอกสารหลักฐาน 4 ลิงก์ยังไม่มีสำเนา"
    assert "รัน oit links เพื่อเก็บสำเนา" in finding.hint
    assert text.count("ยังไม่มีสำเนา") == 2 and text.count("ไม่มีโฟลเดอร์ archive/") == 1   # one line


def test_check_warns_when_the_archive_is_over_its_budget(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    agency = AGENCY + "archive:\n  budget_mb: 1\n"
    (root / "data" / "agency.yml").write_text(agency, encoding="utf-8")
    findings, _ = check_text(root)
    assert not [f for f in findings if f.code == "archive-budget"]      # 3 small files: well under 1 MB
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    keep_copy(root, O4_URL, big, "o4-budget.pdf")
    findings, text = check_text(root)
    (over,) = [f for f in findings if f.code == "archive-budget"]
    assert (over.severity, over.file, over.line) == ("warning", "data/agency.yml",
                                                     line_of(root, "data/agency.yml", "budget_mb"))
    total = len(O2_BYTES) + len(O3_BYTES) + len(O6_BYTES) + len(big)      # 1,059,056 bytes: 1.0 MB
    assert total > 1024 * 1024
    assert over.message == "สำเนาหลักฐานใน archive/ รวม 1.0 MB เกินที่ตั้งไว้ (budget_mb: 1 MB)"
    assert over.hint == ("เพิ่ม budget_mb ใต้ archive: ใน data/agency.yml หรือลบสำเนาฉบับเก่าที่ไม่ต้องใช้แล้วออกจาก "
                         "archive/ (สำรองโฟลเดอร์ archive/ ไว้ก่อนลบ)")


# --- oit publish ---------------------------------------------------------------------------


def published(target: Path) -> dict[str, bytes]:
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*")
            if p.is_file() and p.name not in (MANIFEST_NAME, MANIFEST_TEMP)}


def publish(target: Path, site: Path) -> str:
    result = CliRunner().invoke(main, ["publish", str(target), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return result.output


def sent(output: str) -> int:
    match = re.search(r"^\s+ส่งขึ้น\s+(\d+) ไฟล์", output, re.MULTILINE)
    assert match, output
    return int(match.group(1))


def test_publish_sends_copies_once_and_a_new_version_when_it_comes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    site = build(root)
    target = tmp_path / "www"
    publish(target, site)
    copy = f"archive/{O2_SHA}/o2-report.pdf"
    assert published(target)[copy] == O2_BYTES
    mtime = (target / copy).stat().st_mtime_ns

    # Built again with nothing new: the copies are not sent again.
    build(root)
    output = publish(target, site)
    assert sent(output) == 0
    assert (target / copy).stat().st_mtime_ns == mtime

    # A new version of O2: its copy is sent (with the pages that now point to it); O3's is not.
    o3 = f"archive/{O3_SHA}/o3-plan.pdf"
    o3_mtime = (target / o3).stat().st_mtime_ns
    first = archive.read_entry(root, O2_URL)
    keep_copy(root, O2_URL, O2_NEW_BYTES, "o2-report.pdf", dt.datetime(2026, 11, 20, 8, 0, tzinfo=BKK), first)
    build(root)
    output = publish(target, site)
    files = published(target)
    assert files[f"archive/{O2_NEW_SHA}/o2-report.pdf"] == O2_NEW_BYTES
    assert copy not in files                                   # no longer on the site: removed from the host
    assert files[o3] == O3_BYTES and (target / o3).stat().st_mtime_ns == o3_mtime
    assert 1 <= sent(output) < len(files)


def test_a_host_opted_out_since_has_no_copy_on_the_site_and_no_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "agency")
    (root / "data" / "agency.yml").write_text(AGENCY + "archive:\n  skip_hosts: [example.go.th]\n", encoding="utf-8")
    site = build(root)
    assert not (site / "archive").exists()
    assert html(site, "2569/oit/o2").select_one(".oit-copy-lead") is None
    assert html(site, "2569/oit").select("a.oit-copy") == []
    findings, _ = check_text(root)
    assert [f.code for f in findings if f.code.startswith("archive-")] == []
