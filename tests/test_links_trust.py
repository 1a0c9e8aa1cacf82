"""oit links never puts a false alarm in front of the assessor (issue #10, items 6 and 7).

- without a network, nothing is recorded and the officer is told so (exit 2);
- a bug of ours ends the run (exit 2), it is never a link's verdict;
- a failure seen once is "รอตรวจซ้ำ", never "ลิงก์เสีย", on the public pages;
- the public pages name pages and items, never data-file lines, and never a URL's password;
- under the documented daily schedule a failure is confirmed the next day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import AGENCY, MKDOCS_YML, oit_2569, write_project
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page
from site_builder.cli import main
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit

HOST = "127.0.0.12"
FAST_ARGS = ["--timeout", "1", "--retries", "0"]
FAST = AuditOptions(check=CheckOptions(timeout=1, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False))
OFFLINE_CHECK = ("https://www.google.com/", "https://www.nacc.go.th/")  # unresolvable under loopback_only_dns


@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


def _route(method: str, path: str, nth: int):
    if path.startswith("/ok"):
        return Reply(200, page(f"หน้า {path}", f"ข้อมูลของ {path}"))
    return Reply(404, page("Not Found"))


@pytest.fixture(scope="module")
def server():
    with LoopbackServer(_route, hosts=(HOST,)) as running:
        yield running


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _offline_project(root: Path) -> Path:
    """Evidence on ordinary host names (none reserved): without a network, none resolves."""
    oit = oit_2569().replace("      - file: files/2569/o1.pdf", "      - url: https://www.agency-a.go.th/o1")
    oit = oit.replace("      - file: files/2569/o2.pdf", "      - url: https://drive.google.com/file/d/abc/view")
    return write_project(root, {"data/2569/oit.yml": oit, "mkdocs.yml": MKDOCS_YML})


# --- 6a: no network ----------------------------------------------------------------------


def test_without_network_nothing_is_recorded_and_the_officer_is_told(tmp_path: Path) -> None:
    root = _offline_project(tmp_path / "agency")
    outcome = CliRunner().invoke(main, ["links", str(root), *FAST_ARGS])
    assert outcome.exit_code == 2, outcome.output
    assert "ต่ออินเทอร์เน็ตไม่ได้" in outcome.output and "ไม่ได้บันทึกผลการตรวจ" in outcome.output
    assert "Traceback" not in outcome.output and "DNS" not in outcome.output
    assert not (root / "audits").exists()  # no audit, no cache: the site shows no red badge
    from site_builder.build import build_site

    build_site(root)
    item = _soup(root / "site/2569/oit/o1/index.html")
    assert item.select_one(".oit-link--broken") is None
    assert "มีปัญหา" not in _soup(root / "site/2569/oit/index.html").get_text()


def test_without_network_the_api_raises_and_writes_nothing(tmp_path: Path) -> None:
    from site_builder.links import NoNetwork

    root = _offline_project(tmp_path / "agency")
    options = AuditOptions(check=FAST.check, network_check=OFFLINE_CHECK)
    with pytest.raises(NoNetwork):
        audit(root, audits_dir=root / "audits", options=options)
    assert not (root / "audits").exists()
    assert not (root / "archive").exists()   # the archive's working folder too: made by a first download only


def test_hosts_down_while_the_network_works_are_recorded(tmp_path: Path, server: LoopbackServer) -> None:
    """Every evidence host fails, but a well-known site answers: the failures are real."""
    root = _offline_project(tmp_path / "agency")
    outcome = CliRunner().invoke(main, ["links", str(root), *FAST_ARGS, "--network-check", server.url("/ok/")])
    assert outcome.exit_code == 0, outcome.output  # first failures: warnings
    saved = json.loads(next((root / "audits").glob("*.json")).read_text(encoding="utf-8"))
    verdicts = {r["url"]: r["verdict"] for r in saved["results"]}
    assert verdicts["https://www.agency-a.go.th/o1"] == "broken"


def test_one_host_answering_is_enough_to_trust_the_others_failures(tmp_path: Path, server: LoopbackServer) -> None:
    """No well-known site is asked when a host of the run was reached."""
    root = _offline_project(tmp_path / "agency")
    oit = (root / "data/2569/oit.yml").read_text(encoding="utf-8")
    (root / "data/2569/oit.yml").write_text(oit.replace("https://www.example.go.th/report", server.url("/ok/r")),
                                            encoding="utf-8")
    result = audit(root, audits_dir=root / "audits", options=AuditOptions(check=FAST.check,
                                                                          network_check=OFFLINE_CHECK))
    assert result.saved is not None
    assert {r.url: r.verdict for r in result.results}[server.url("/ok/r")] == "ok"


# --- 6d: a bug of ours is not a verdict -----------------------------------------------------


@pytest.mark.parametrize("target", ["site_builder.links.checker._is_html",          # inside the request
                                    "site_builder.links.checker.quirks.login_wall"])  # judging the answer
def test_a_bug_in_the_checker_ends_the_run_and_is_never_a_verdict(tmp_path: Path, server: LoopbackServer,
                                                                   monkeypatch, target: str) -> None:
    root = write_project(tmp_path / "agency", {
        "data/2569/oit.yml": oit_2569().replace("https://www.example.go.th/report", server.url("/ok/r")),
        "data/agency.yml": AGENCY.replace("https://www.example.go.th/", server.url("/ok/"))})

    def bug(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("a bug of ours")

    monkeypatch.setattr(target, bug)
    outcome = CliRunner().invoke(main, ["links", str(root), *FAST_ARGS])
    assert outcome.exit_code == 2, outcome.output
    assert "เกิดข้อผิดพลาดภายในโปรแกรม" in outcome.output and "ไม่ได้บันทึกผลการตรวจ" in outcome.output
    assert "TypeError" not in outcome.output and "Traceback" not in outcome.output
    assert not (root / "audits").exists()


# --- 6b: a failure seen once is not a broken link on the public pages -------------------------


def _audit_file(root: Path, results: list[dict]) -> None:
    started = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.timezone.utc).isoformat()
    base = {"http_status": None, "final_url": None, "checked": started}
    (root / "audits").mkdir()
    (root / "audits/2026-11-01.json").write_text(json.dumps(
        {"started": started, "finished": started, "totals": {}, "results": [dict(base, **r) for r in results]}),
        encoding="utf-8")


def _evidence(item: str, year: int = 2569) -> list[dict]:
    return [{"file": f"data/{year}/oit.yml", "line": 5, "year": year, "item": item}]


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = write_project(tmp_path_factory.mktemp("pending") / "agency", {"mkdocs.yml": MKDOCS_YML})
    _audit_file(root, [
        {"url": "/files/2569/o1.pdf", "verdict": "ok", "confirmed": True, "reason": "เปิดได้", "sources": _evidence("O1")},
        {"url": "/files/2569/o2.pdf", "verdict": "broken", "confirmed": False, "reason": "ไม่พบหน้า (404)",
         "http_status": 404, "sources": _evidence("O2")},
        {"url": "/files/2569/o4.pdf", "verdict": "timeout", "confirmed": False, "reason": "ไม่ตอบภายในเวลาที่กำหนด",
         "sources": _evidence("O4")},
        {"url": "/files/2569/o5.pdf", "verdict": "broken", "confirmed": True, "reason": "ไม่พบหน้า (404)",
         "http_status": 404, "sources": _evidence("O5")},
    ])
    from site_builder.build import build_site

    build_site(root)
    return root


@pytest.mark.parametrize("code", ["o2", "o4"])
def test_an_unconfirmed_failure_is_never_a_red_badge_on_the_item_page(pending_site: Path, code: str) -> None:
    item = _soup(pending_site / f"site/2569/oit/{code}/index.html").select_one(".oit-link-status li")
    assert item is not None
    assert item.select_one(".oit-link--broken") is None and item.select_one(".oit-link--timeout") is None
    badge = item.select_one(".oit-link--pending")
    assert badge is not None and badge.get_text() == "รอตรวจซ้ำ"
    text = item.get_text()
    assert "ลิงก์เสีย" not in text and "หมดเวลา" not in text and "404" not in text
    assert "ตรวจเมื่อ" in text


def test_a_confirmed_failure_is_still_broken(pending_site: Path) -> None:
    item = _soup(pending_site / "site/2569/oit/o5/index.html").select_one(".oit-link-status li")
    assert item is not None and item.select_one(".oit-link--broken").get_text() == "ลิงก์เสีย"


def test_the_oit_index_counts_only_confirmed_problems(pending_site: Path) -> None:
    summary = _soup(pending_site / "site/2569/oit/index.html").select_one(".oit-link-summary")
    assert summary is not None
    assert "มีปัญหา 1 ลิงก์" in summary.get_text() and "รอตรวจซ้ำ 2 ลิงก์" in summary.get_text()


def test_the_links_page_shows_unconfirmed_failures_as_awaiting_a_second_check(pending_site: Path) -> None:
    soup = _soup(pending_site / "site/links/index.html")
    totals = {row.th.get_text(): row.td.get_text() for row in soup.select(".oit-links-totals tbody tr")}
    assert totals["ลิงก์เสีย"] == "1" and totals["รอตรวจซ้ำ"] == "2" and totals["หมดเวลา"] == "0"
    assert totals["รวม"] == "4"
    assert "มีปัญหา 1 ลิงก์" in soup.select_one(".oit-links-date").get_text()
    row = soup.select_one("#item-2569-o2")
    assert row is not None and row.select_one(".oit-link--pending").get_text() == "รอตรวจซ้ำ"
    assert row.select_one(".oit-link--broken") is None
    assert "404" in row.get_text()  # the officer sees why


# --- 6c: no data-file lines, no passwords ------------------------------------------------------


def test_the_links_page_names_pages_and_items_not_data_files(project: Path) -> None:
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (project / "content/about.md").write_text("# เกี่ยวกับเรา\n\n[ดู](https://gone.example.go.th/x)\n", encoding="utf-8")
    _audit_file(project, [
        {"url": "https://www.example.go.th/", "verdict": "broken", "confirmed": True, "reason": "ไม่พบหน้า (404)",
         "sources": [{"file": "data/agency.yml", "line": 4}, {"page": "/", "line": 31}]},
        {"url": "https://gone.example.go.th/x", "verdict": "broken", "confirmed": True, "reason": "ไม่พบหน้า (404)",
         "sources": [{"file": "content/about.md", "line": 3}, {"page": "/2569/oit/", "line": 12}]},
        {"url": "https://plan.example.go.th/", "verdict": "unreachable", "confirmed": True, "reason": "5xx",
         "sources": [{"file": "data/2569/measures.yml", "line": 40, "year": 2569}]},
    ])
    from site_builder.build import build_site

    build_site(project)
    soup = _soup(project / "site/links/index.html")
    others = soup.select_one("#others ~ div table")
    assert others is not None
    text = others.get_text()
    for internal in ("data/", ".yml", "content/", ".md", ":4", ":12", ":31", ":40", "บรรทัด"):
        assert internal not in text, internal
    places = {a.get_text(): a["href"] for a in others.select("tbody td:last-child a")}
    assert places["หน้าแรก"] == "../"
    assert places["การเปิดเผยข้อมูลสาธารณะ (OIT) ปี 2569"] == "../2569/oit/"
    assert places["มาตรการและผลการดำเนินงาน ปี 2569"] == "../2569/measures/"
    assert places["/about/"] == "../about/"


def test_a_password_in_a_link_is_never_stored_or_shown(tmp_path: Path) -> None:
    def route(method: str, path: str, nth: int):
        if path == "/moved":  # a redirect whose Location carries credentials
            return Reply(302, b"", (("Location", f"http://bob:s3cret-b@{HOST}:{server.port}/ok/final"),))
        return _route(method, path, nth)

    with LoopbackServer(route, hosts=(HOST,)) as server:
        secret = f"http://alice:hunter2-a@{HOST}:{server.port}/ok/evidence"
        oit = oit_2569().replace("      - file: files/2569/o1.pdf", f"      - url: {secret}")
        oit = oit.replace("      - file: files/2569/o2.pdf", f"      - url: {server.url('/moved')}")
        oit = oit.replace("https://www.example.go.th/report", server.url("/ok/r"))
        root = write_project(tmp_path / "agency", {
            "data/2569/oit.yml": oit, "mkdocs.yml": MKDOCS_YML,
            "data/agency.yml": AGENCY.replace("https://www.example.go.th/", server.url("/ok/"))})
        runner = CliRunner()
        text = runner.invoke(main, ["links", str(root), *FAST_ARGS])
        report = runner.invoke(main, ["links", str(root), *FAST_ARGS, "--format", "csv"])
    assert text.exit_code == 0 and report.exit_code == 0, text.output + report.output
    from site_builder.build import build_site

    build_site(root)
    written = [p for p in (root / "audits").rglob("*") if p.is_file()] + list((root / "site").rglob("*.html"))
    for where, content in [("text", text.output), ("csv", report.output)] + [
            (str(p), p.read_text(encoding="utf-8")) for p in written]:
        assert "hunter2" not in content and "s3cret" not in content and "alice" not in content, where
    saved = json.loads(next((root / "audits").glob("*.json")).read_text(encoding="utf-8"))
    by_url = {r["url"]: r for r in saved["results"]}
    assert by_url[f"http://{HOST}:{server.port}/ok/evidence"]["verdict"] == "ok"  # checked, with its password
    assert by_url[server.url("/moved")]["final_url"] == f"http://{HOST}:{server.port}/ok/final"
    item = _soup(root / "site/2569/oit/o1/index.html").select_one(".oit-link-status li")
    assert item is not None and item.select_one(".oit-link--ok") is not None  # the page finds its result


# --- 7: under the documented daily schedule, a failure is confirmed the next day ---------------------

BANGKOK = dt.timezone(dt.timedelta(hours=7))
MONDAY_6AM = dt.datetime(2026, 11, 30, 6, 0, 0, tzinfo=BANGKOK)


def _daily_project(root: Path, server: LoopbackServer, extra: str = "") -> Path:
    oit = oit_2569().replace("      - file: files/2569/o1.pdf", f"      - url: {server.url('/ok/o1')}")
    oit = oit.replace("      - file: files/2569/o2.pdf", f"      - url: {server.url('/gone/o2')}")
    oit = oit.replace("https://www.example.go.th/report", server.url("/ok/report"))
    if extra:
        oit = oit.replace("      - file: files/2569/o3.pdf", f"      - url: {server.url(extra)}")
    return write_project(root, {"data/2569/oit.yml": oit,
                                "data/agency.yml": AGENCY.replace("https://www.example.go.th/", server.url("/ok/"))})


def _at(monkeypatch, moment: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("site_builder.links.now", lambda: moment)


def test_the_next_daily_run_confirms_a_failure(tmp_path: Path, server: LoopbackServer, monkeypatch) -> None:
    root = _daily_project(tmp_path / "agency", server)
    runner = CliRunner()
    _at(monkeypatch, MONDAY_6AM)
    first = runner.invoke(main, ["links", str(root), *FAST_ARGS])
    assert first.exit_code == 0, first.output  # a first failure is a warning
    # The next day's run starts a few seconds short of a full day (cron, a timer): it still confirms.
    _at(monkeypatch, MONDAY_6AM + dt.timedelta(hours=23, minutes=59, seconds=58))
    second = runner.invoke(main, ["links", str(root), *FAST_ARGS, "--format", "json"])
    assert second.exit_code == 1, second.output
    gone = {r["url"]: r for r in json.loads(second.output)["results"]}[server.url("/gone/o2")]
    assert gone["confirmed"] is True


def test_the_report_says_when_a_first_failure_can_be_confirmed(tmp_path: Path, server: LoopbackServer,
                                                                 monkeypatch) -> None:
    root = _daily_project(tmp_path / "agency", server)
    _at(monkeypatch, MONDAY_6AM)
    first = CliRunner().invoke(main, ["links", str(root), *FAST_ARGS])
    assert first.exit_code == 0, first.output
    # A day less the 3 hours' tolerance: the next day's run at 06:00 is in time.
    assert "ยืนยันได้ในการตรวจครั้งถัดไปตั้งแต่ 1 ธ.ค. 2569 03:00" in first.output


def test_a_run_the_same_evening_does_not_confirm(tmp_path: Path, server: LoopbackServer, monkeypatch) -> None:
    root = _daily_project(tmp_path / "agency", server)
    _at(monkeypatch, MONDAY_6AM - dt.timedelta(hours=12))  # Sunday 18:00
    audit(root, audits_dir=root / "audits", options=FAST)
    _at(monkeypatch, MONDAY_6AM)                           # 12 hours later, the next date
    result = audit(root, audits_dir=root / "audits", options=FAST)
    assert {r.url: r.confirmed for r in result.results}[server.url("/gone/o2")] is False
    assert result.dead == []


def test_a_daily_run_asks_only_for_failing_and_new_links(tmp_path: Path, server: LoopbackServer,
                                                         monkeypatch) -> None:
    root = _daily_project(tmp_path / "agency", server)
    _at(monkeypatch, MONDAY_6AM)
    audit(root, audits_dir=root / "audits", options=FAST)
    ok_before, gone_before = server.count("/ok/o1"), server.count("/gone/o2")
    _daily_project(root, server, extra="/ok/o3-new")       # the officer adds a link
    _at(monkeypatch, MONDAY_6AM + dt.timedelta(days=1))
    audit(root, audits_dir=root / "audits", options=FAST)
    assert server.count("/ok/o1") == ok_before             # working: from the cache
    assert server.count("/gone/o2") == gone_before + 1     # failing: asked again
    assert server.count("/ok/o3-new") == 1                 # new: asked
    _at(monkeypatch, MONDAY_6AM + dt.timedelta(days=29))
    audit(root, audits_dir=root / "audits", options=FAST)
    assert server.count("/ok/o1") == ok_before             # still within the month
    _at(monkeypatch, MONDAY_6AM + dt.timedelta(days=30, hours=1))
    audit(root, audits_dir=root / "audits", options=FAST)
    assert server.count("/ok/o1") == ok_before + 1         # one full sweep a month


def test_a_malformed_address_is_the_links_fault_not_an_internal_error(tmp_path: Path, server: LoopbackServer) -> None:
    """With bugs no longer turned into verdicts, a typo in an address must still be a verdict."""
    def site(method: str, path: str, nth: int):
        if path == "/":
            return Reply(200, page("หน้าแรก", '<a href="https://example]org/">x</a> <a href="/ok/a">a</a>'))
        return _route(method, path, nth)

    with LoopbackServer(site, hosts=("127.0.0.13",)) as crawled:
        result = audit(start_url=crawled.url("/"), options=FAST)
    verdicts = {r.url: r.verdict for r in result.results}
    assert verdicts["https://example]org/"] == "broken"
    assert verdicts[crawled.url("/ok/a")] == "ok"
