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
    assert "เกิดข้อผิดพลาดภายในโปรแกรม" in outcome.output
    assert "TypeError" not in outcome.output and "Traceback" not in outcome.output
    assert not (root / "audits").exists()
