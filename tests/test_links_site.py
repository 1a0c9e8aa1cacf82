"""The site shows the latest link audit: /links/, each item page's link status, the OIT index."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import AGENCY, oit_2569, write_project
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page
from site_builder.build import build_site
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit
from site_builder.render.format import thai_date

HOST = "127.0.0.10"


@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


def _route(method: str, path: str, nth: int):
    if path.startswith("/ok"):
        return Reply(200, page(f"หน้า {path}", f"ข้อมูลของ {path}"))
    return Reply(404, page("Not Found"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _failed_before(audits: Path, url: str, days_ago: float) -> None:
    """An earlier audit in which ``url`` failed too: this run confirms it."""
    started = (dt.datetime.now().astimezone() - dt.timedelta(days=days_ago)).isoformat(timespec="seconds")
    audits.mkdir(parents=True, exist_ok=True)
    result = {"url": url, "verdict": "broken", "confirmed": False, "reason": "ไม่พบหน้า (404)", "http_status": 404,
              "sources": [], "checked": started, "since": started}
    (audits / f"{started[:10]}.json").write_text(json.dumps(
        {"started": started, "finished": started, "totals": {}, "results": [result]}), encoding="utf-8")


@pytest.fixture(scope="module")
def audited_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A project whose O1 links a working page, O2 a dead one (failed the day before too: confirmed)
    and O4 a link that fails for the first time (not confirmed), audited, then built."""
    root = tmp_path_factory.mktemp("audited") / "agency"
    with LoopbackServer(_route, hosts=(HOST,)) as server:
        oit = oit_2569().replace("      - file: files/2569/o2.pdf", f"      - url: {server.url('/gone/o2')}")
        oit = oit.replace("      - file: files/2569/o1.pdf", f"      - url: {server.url('/ok/o1')}")
        oit = oit.replace("      - file: files/2569/o4.pdf", f"      - url: {server.url('/gone/o4')}")
        oit = oit.replace("https://www.example.go.th/report", server.url("/ok/report"))
        write_project(root, {"data/2569/oit.yml": oit,
                             "data/agency.yml": AGENCY.replace("https://www.example.go.th/", server.url("/ok/")),
                             "mkdocs.yml": "site_name: ทดสอบ\ndocs_dir: content\nplugins:\n  - oit\n"})
        _failed_before(root / "audits", server.url("/gone/o2"), 1.5)
        options = AuditOptions(check=CheckOptions(timeout=0.5, retry=RetryPolicy(retries=0, timeout_retries=0),
                                                  trust_env=False))
        result = audit(root, audits_dir=root / "audits", options=options)
    build_site(root)
    return root, result, server.url("/ok/o1"), server.url("/gone/o2")


def test_links_page_shows_the_latest_audit_per_item_and_link(audited_site) -> None:  # type: ignore[no-untyped-def]
    root, result, good, dead = audited_site
    soup = _soup(root / "site/links/index.html")
    date = soup.select_one(".oit-links-date")
    assert date is not None
    assert thai_date(result.started.date(), True) in date.get_text()  # Buddhist Era, e.g. 22 พฤศจิกายน 2569
    assert str(result.started.year + 543) in date.get_text()
    totals = {row.th.get_text(): row.td.get_text() for row in soup.select(".oit-links-totals tbody tr")}
    assert totals["ลิงก์เสีย"] == "1" and totals["รวม"] == str(len(result.results))
    row_o1 = soup.select_one("#item-2569-o1")
    row_o2 = soup.select_one("#item-2569-o2")
    assert row_o1 is not None and row_o2 is not None
    assert row_o1.select_one(f'a[href="{good}"]') is not None
    assert "ใช้ได้" in row_o1.get_text()
    assert "ลิงก์เสีย" in row_o2.get_text() and "404" in row_o2.get_text()
    assert row_o2.select_one("time[datetime]") is not None
    local = soup.select_one("#item-2569-o3")
    assert local is not None and "ใช้ได้" in local.get_text()
    assert local.select_one('a[href="../files/2569/o3.pdf"]') is not None


def test_item_page_shows_its_links_status_and_when_checked(audited_site) -> None:  # type: ignore[no-untyped-def]
    root, result, _, _ = audited_site
    soup = _soup(root / "site/2569/oit/o2/index.html")
    heading = soup.select_one("#link-status")
    assert heading is not None
    (item,) = soup.select(".oit-link-status li")
    assert "ลิงก์เสีย" in item.get_text() and "ตรวจเมื่อ" in item.get_text()
    assert item.select_one(".oit-link--broken") is not None
    assert item.select_one("time")["datetime"].startswith(result.started.date().isoformat())
    more = soup.select_one('a[href$="links/#item-2569-o2"]')
    assert more is not None
    ok_item = _soup(root / "site/2569/oit/o1/index.html").select_one(".oit-link-status li")
    assert ok_item is not None and ok_item.select_one(".oit-link--ok") is not None


def test_oit_index_and_navigation_point_at_the_audit(audited_site) -> None:  # type: ignore[no-untyped-def]
    root, _, _, _ = audited_site
    soup = _soup(root / "site/2569/oit/index.html")
    summary = soup.select_one(".oit-link-summary")
    assert summary is not None and "มีปัญหา 1 ลิงก์" in summary.get_text()
    assert summary.select_one('a[href$="links/#year-2569"]') is not None
    home = _soup(root / "site/index.html")
    assert any(a.get_text(strip=True) == "ผลการตรวจลิงก์" for a in home.select('a[href="links/"]'))


def test_links_page_exists_without_an_audit(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: ทดสอบ\ndocs_dir: content\nplugins:\n  - oit\n", encoding="utf-8")
    build_site(project)
    soup = _soup(project / "site/links/index.html")
    assert "ยังไม่มีผลการตรวจลิงก์" in soup.select_one(".oit-links-none").get_text()
    assert soup.select_one(".oit-link-status") is None
    item = _soup(project / "site/2569/oit/o1/index.html")
    assert "ยังไม่ได้ตรวจลิงก์" in item.get_text()


def test_audit_text_is_escaped_on_the_site(project: Path) -> None:
    started = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.timezone.utc)
    evil = {"url": "javascript:alert(1)", "verdict": "broken", "confirmed": True, "http_status": None,
            "final_url": None, "reason": "<script>alert('x')</script>", "sources": [{"page": "/<b>x</b>", "line": 1}]}
    listed = {"url": "/files/2569/o1.pdf", "verdict": "broken", "confirmed": True, "http_status": None,
              "final_url": None, "reason": "<img src=x onerror=alert(1)>", "checked": started.isoformat(),
              "sources": [{"file": "data/2569/oit.yml", "line": 5, "year": 2569, "item": "O1"}]}
    (project / "audits").mkdir()
    (project / "audits/2026-11-01.json").write_text(json.dumps(
        {"started": started.isoformat(), "finished": started.isoformat(), "totals": {},
         "results": [evil, listed]}), encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: ทดสอบ\ndocs_dir: content\nplugins:\n  - oit\n", encoding="utf-8")
    build_site(project)
    for path in ("site/links/index.html", "site/2569/oit/o1/index.html"):
        soup = _soup(project / path)
        main = soup.select_one("article") or soup
        assert not main.select("script:not([src])") or all("alert" not in s.get_text() for s in main.select("script"))
        assert not soup.select('a[href^="javascript:"]')
        assert not soup.select("img[onerror]")
    links = (project / "site/links/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in links and "1 พฤศจิกายน 2569" in links
