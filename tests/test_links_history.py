"""oit links over time and on the command line: confirmation, cache, changes, formats, exit status."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AGENCY, oit_2569, write_project
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page

from site_builder.audit import audit_files
from site_builder.cli import main
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit
from site_builder.links.history import read_audit

HOST = "127.0.0.9"
# Nothing here hangs: the timeout only has to outlast a loaded CI machine (0.5 s made it flaky).
FAST = AuditOptions(check=CheckOptions(timeout=3.0, retry=RetryPolicy(retries=0, timeout_retries=0),
                                       trust_env=False))
FAST_ARGS = ["--timeout", "3", "--retries", "0"]


def _route(method: str, path: str, nth: int):
    if path.startswith("/ok"):
        return Reply(200, page(f"หน้า {path}", f"ข้อมูลของ {path}"))
    return Reply(404, page("Not Found"))



@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


@pytest.fixture(scope="module")
def server():
    with LoopbackServer(_route, hosts=(HOST,)) as running:
        yield running


def _project(tmp_path: Path, server: LoopbackServer) -> Path:
    oit = oit_2569()
    oit = oit.replace("      - file: files/2569/o1.pdf", f"      - url: {server.url('/ok/o1')}")
    oit = oit.replace("      - file: files/2569/o2.pdf", f"      - url: {server.url('/gone/o2')}")
    # Only loopback addresses: the tests never resolve a real name.
    oit = oit.replace("https://www.example.go.th/report", server.url("/ok/report"))
    agency = AGENCY.replace("https://www.example.go.th/", server.url("/ok/"))
    return write_project(tmp_path / "agency", {"data/2569/oit.yml": oit, "data/agency.yml": agency})


def _previous(audits: Path, days_ago: float, results: list[dict]) -> None:
    started = dt.datetime.now().astimezone() - dt.timedelta(days=days_ago)
    audits.mkdir(parents=True, exist_ok=True)
    document = {"started": started.isoformat(timespec="seconds"), "finished": started.isoformat(timespec="seconds"),
                "totals": {}, "results": [dict(r, checked=started.isoformat(timespec="seconds"),
                                               since=started.isoformat(timespec="seconds")) for r in results]}
    (audits / f"{started.date().isoformat()}.json").write_text(json.dumps(document), encoding="utf-8")


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_project_audit_sources_and_history_files(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    data, content = _tree_digest(root / "data"), _tree_digest(root / "content")
    result = audit(root, audits_dir=root / "audits", options=FAST)
    assert _tree_digest(root / "data") == data and _tree_digest(root / "content") == content
    by_url = {r.url: r for r in result.results}
    gone = by_url[server.url("/gone/o2")]
    assert gone.verdict == "broken" and not gone.confirmed  # first failure: a warning
    (source,) = gone.sources
    assert (source.file, source.year, source.item) == ("data/2569/oit.yml", 2569, "O2")
    lines = (root / "data/2569/oit.yml").read_text(encoding="utf-8").splitlines()
    assert "gone/o2" in lines[source.line - 1]
    local = by_url["/files/2569/o3.pdf"]
    assert local.local and local.verdict == "ok"
    assert any("oit build" in note for note in result.notes)
    ((date, path),) = audit_files(root / "audits")
    assert date == result.started.date() and path == result.saved
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert list(saved)[:4] == ["started", "finished", "totals", "results"]
    assert sum(saved["totals"].values()) == len(saved["results"])
    keys = {"url", "verdict", "confirmed", "http_status", "final_url", "reason", "sources"}
    assert all(keys <= set(entry) for entry in saved["results"])
    assert (root / "audits/.cache/.gitignore").is_file()


def test_failure_is_confirmed_only_after_two_runs_a_day_apart(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    gone, fine = server.url("/gone/o2"), server.url("/ok/o1")
    broken = {"verdict": "broken", "reason": "404", "http_status": 404, "sources": []}
    # Failed yesterday too (more than a day ago): confirmed, and the exit status says so.
    _previous(root / "audits", 1.5, [dict(broken, url=gone), dict(broken, url=fine)])
    runner = CliRunner()
    outcome = runner.invoke(main, ["links", str(root), *FAST_ARGS, "--format", "json"])
    assert outcome.exit_code == 1, outcome.output
    report = json.loads(outcome.output)
    by_url = {r["url"]: r for r in report["results"]}
    assert by_url[gone]["confirmed"] is True and by_url[gone]["verdict"] == "broken"
    assert by_url[fine]["verdict"] == "ok"
    audit_now = read_audit(root / "audits" / f"{dt.date.today().isoformat()}.json")
    assert audit_now is not None and audit_now.previous is not None


def test_first_failure_is_a_warning_and_same_day_runs_do_not_confirm(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    runner = CliRunner()
    first = runner.invoke(main, ["links", str(root), *FAST_ARGS])
    assert first.exit_code == 0, first.output
    assert "พบปัญหาครั้งแรก" in first.output and server.url("/gone/o2") in first.output
    second = runner.invoke(main, ["links", str(root), *FAST_ARGS])
    assert second.exit_code == 0, second.output  # same day: not yet a day apart
    # --confirm-after 0: every failure counts at once (a CI gate).
    third = runner.invoke(main, ["links", str(root), *FAST_ARGS, "--confirm-after", "0"])
    assert third.exit_code == 1, third.output


def test_cache_reuses_working_results_and_never_failures(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    audit(root, audits_dir=root / "audits", options=FAST)
    ok_before, gone_before = server.count("/ok/o1"), server.count("/gone/o2")
    again = audit(root, audits_dir=root / "audits", options=FAST)
    assert server.count("/ok/o1") == ok_before          # fresh: reused
    assert server.count("/gone/o2") == gone_before + 1  # failures are always checked again
    assert {r.url: r.verdict for r in again.results}[server.url("/ok/o1")] == "ok"
    assert any("ใช้ผลที่ตรวจไว้" in note for note in again.notes)
    no_cache = AuditOptions(check=FAST.check, cache_for=dt.timedelta(0))
    audit(root, audits_dir=root / "audits", options=no_cache)
    assert server.count("/ok/o1") == ok_before + 1


def test_changes_since_the_previous_audit_per_item(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    fixed, broke = server.url("/ok/o1"), server.url("/gone/o2")
    source = {"file": "data/2569/oit.yml", "line": 4, "year": 2569, "item": "O1"}
    _previous(root / "audits", 30, [
        {"url": fixed, "verdict": "broken", "reason": "404", "http_status": 404, "sources": [source]},
        {"url": broke, "verdict": "ok", "reason": "ok", "http_status": 200, "sources": []},
        {"url": "https://gone.invalid/x", "verdict": "timeout", "reason": "t", "sources": []},
    ])
    result = audit(root, audits_dir=root / "audits", options=FAST)
    assert [r.url for r in result.changes.fixed] == [fixed]
    assert [r.url for r in result.changes.broke] == [broke]
    assert result.changes.removed == ["https://gone.invalid/x"]
    from site_builder.links.report import to_markdown, to_text

    text = to_text(result)
    assert "แก้แล้ว 1" in text and "2569 O2: เสียใหม่" in text and "2569 O1: แก้แล้ว" in text
    assert "เสียใหม่ 1" in to_markdown(result)


def test_report_formats(tmp_path: Path, server: LoopbackServer) -> None:
    root = _project(tmp_path, server)
    runner = CliRunner()
    for fmt in ("json", "csv", "markdown", "junit"):
        out = tmp_path / f"report.{fmt}"
        outcome = runner.invoke(main, ["links", str(root), *FAST_ARGS, "--no-history", "--confirm-after", "0",
                                       "--format", fmt, "--output", str(out)])
        assert outcome.exit_code == 1, outcome.output
        assert "สรุป" in outcome.output  # the Thai summary still shows
        text = out.read_text(encoding="utf-8")
        if fmt == "json":
            data = json.loads(text)
            assert sum(data["totals"].values()) == len(data["results"])
        elif fmt == "csv":
            assert text.startswith("\ufeffurl,verdict,")
            rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
            assert any(r["verdict"] == "broken" and r["items"] == "2569 O2" for r in rows)
        elif fmt == "markdown":
            assert "| ลิงก์เสีย | 1 |" in text
        else:
            suite = ET.fromstring(text.encode("utf-8"))
            assert suite.get("failures") == "1"
    assert not (root / "audits").exists()  # --no-history writes nothing into the project


@pytest.mark.parametrize("args", [
    ["links", "/no/such/project"],
    ["links", ".", "--per-host", "5"],
    ["links", ".", "--site", ".", "--url", "http://127.0.0.9/"],
    ["links", "--url", "ftp://example.invalid/"],
    ["links", "--site", "/no/such/site"],
])
def test_cannot_run_is_exit_2_without_traceback(args: list[str], tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 2, outcome.output
    assert "Traceback" not in outcome.output


def test_crawl_by_url_stays_on_the_site(tmp_path: Path) -> None:
    other = "127.0.0.10"

    def site(method: str, path: str, nth: int):
        if path == "/":
            return Reply(200, page("หน้าแรก", f'<a href="/a">a</a> <a href="/missing">m</a> '
                                               f'<a href="http://{other}:{server.port}/outside">o</a>'))
        if path == "/a":
            return Reply(200, page("หน้า a", '<a href="/b#part">b</a>'))
        if path == "/b":
            return Reply(200, page("หน้า b", "ข้อมูล", ("part",)))
        if path == "/outside":
            return Reply(200, page("ภายนอก", '<a href="/not-crawled">x</a>'))
        return Reply(404, page("Not Found"))

    with LoopbackServer(site, hosts=("127.0.0.9", other)) as server:
        result = audit(start_url=server.url("/"), options=FAST)
        assert server.count("/not-crawled") == 0  # another host's links are checked, not followed
    verdicts = {r.url.split(str(server.port))[1]: r.verdict for r in result.results}
    assert verdicts == {"/": "ok", "/a": "ok", "/missing": "broken", "/outside": "ok", "/b#part": "ok"}
    missing = next(r for r in result.results if r.url.endswith("/missing"))
    assert missing.sources[0].page == server.url("/")
