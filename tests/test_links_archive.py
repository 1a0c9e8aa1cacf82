"""oit links keeps dated, content-addressed copies of evidence documents (archive/), from its own requests.

Every expected value is a literal or computed here from the bytes the loopback host serves
(``hashlib.sha256(served)``), never by the code under test; the index is read as the JSON
files it is, the kept bytes from their documented place ``archive/files/<ab>/<sha256>``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AGENCY, MKDOCS_YML, REPO, oit_2569, write_project
from loopback_http import LoopbackServer, Reply, loopback_only_dns, page, wait_until

from site_builder.cli import main
from site_builder.links import AuditOptions, CheckOptions, RetryPolicy, audit, quirks

HOST = "127.0.0.31"
OTHER = "127.0.0.32"      # a second host (opted out by the project in one test)
LOGIN = "127.0.0.33"      # stands for accounts.google.com / www.facebook.com
CHECK = CheckOptions(timeout=5, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False)
FAST = AuditOptions(check=CheckOptions(timeout=5, retry=RetryPolicy(retries=0, timeout_retries=0), trust_env=False),
                    cache_for=dt.timedelta(0))
PDF = b"%PDF-1.4\n% evidence of item 1\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PDF2 = b"%PDF-1.4\n% evidence of item 1, amended\n" + bytes(range(256)) * 41 + b"\n%%EOF\n"
THAI_NAME_QUOTED = "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5%202569.pdf"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module", autouse=True)
def _no_real_dns():  # type: ignore[no-untyped-def]
    with loopback_only_dns():
        yield


@contextlib.contextmanager
def names(mapping: dict[str, str]) -> Iterator[None]:
    """Within this block the given host names resolve to the given loopback addresses."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return real(mapping.get(name, name), *args, **kwargs)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real  # type: ignore[assignment]


class Host:
    """A loopback web host whose answers a test sets by path (anything else: a 404 page)."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.server = LoopbackServer(self._route, hosts=(HOST, OTHER, LOGIN))

    def _route(self, method: str, path: str, nth: int) -> Reply:
        if path in self.replies:
            return self.replies[path]
        if path.startswith("/page/"):
            return Reply(200, page(f"หน้า {path}", "ข้อมูลของหน่วยงาน " * 20))
        return Reply(404, page("Not Found"))

    def url(self, path: str, host: str = HOST) -> str:
        return self.server.url(path, host)

    def count(self, path: str, method: str | None = None) -> int:
        return self.server.count(path, method)


@pytest.fixture
def host() -> Iterator[Host]:
    running = Host()
    with running.server:
        yield running


def pdf_reply(body: bytes = PDF, *headers: tuple[str, str], length: bool = True, pace: float = 0.0) -> Reply:
    return Reply(200, body, tuple(headers), "application/pdf", length=length, pace=pace)


def link(url: str, archive: str | None = None) -> str:
    return f"      - url: {url}\n" + (f"        archive: {archive}\n" if archive is not None else "")


def project(tmp_path: Path, host: Host, links: dict[int, str], archive_block: str = "") -> Path:
    """The test project with items O<n> linking ``links[n]`` (YAML lines) instead of their file."""
    oit = oit_2569()
    for n, lines in links.items():
        old = f"      - file: files/2569/o{n}.pdf\n"
        assert old in oit
        oit = oit.replace(old, lines)
    oit = oit.replace("https://www.example.go.th/report", host.url("/page/report"))
    agency = AGENCY.replace("https://www.example.go.th/", host.url("/page/home")) + archive_block
    return write_project(tmp_path / "agency", {"data/2569/oit.yml": oit, "data/agency.yml": agency})


def index(root: Path) -> dict[str, dict]:
    """The archive's index files, by the URL they are about."""
    found = {}
    for path in sorted((root / "archive" / "index").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        found[document["url"]] = document
    return found


def kept_file(root: Path, digest: str) -> Path:
    return root / "archive" / "files" / digest[:2] / digest


def kept_files(root: Path) -> list[Path]:
    folder = root / "archive" / "files"
    return sorted(p for p in folder.glob("*/*") if p.parent.name != ".partial") if folder.is_dir() else []


def partial_files(root: Path) -> list[Path]:
    folder = root / "archive" / "files" / ".partial"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def results(outcome) -> dict:  # type: ignore[no-untyped-def]
    return {r.url: r for r in outcome.results}


# --- kept, not kept twice, versions --------------------------------------------------


def test_a_document_is_kept_on_the_first_audit_with_its_index(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF, ("ETag", '"v1"'), ("Last-Modified", "Tue, 10 Nov 2026 03:00:00 GMT"))
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    outcome = audit(root, options=FAST)
    assert results(outcome)[url].verdict == "ok"
    assert host.count("/docs/o1.pdf", "GET") == 1 and host.count("/docs/o1.pdf", "HEAD") == 0  # one request
    entry = index(root)[url]
    (version,) = entry["versions"]
    assert version["sha256"] == sha(PDF) and version["size"] == len(PDF)
    assert version["content_type"] == "application/pdf" and version["status"] == 200
    assert version["final_url"] == url and version["name"] == "o1.pdf"
    assert version["etag"] == '"v1"' and version["last_modified"] == "Tue, 10 Nov 2026 03:00:00 GMT"
    fetched = dt.datetime.fromisoformat(version["fetched"])
    assert fetched.tzinfo is not None and fetched >= before
    assert entry["refused"] is None
    assert kept_file(root, sha(PDF)).read_bytes() == PDF
    assert partial_files(root) == []
    assert any("เก็บใหม่ 1" in note for note in outcome.notes)


def test_one_fetch_per_run_for_a_url_linked_twice_and_one_entry_per_link(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/shared.pdf"] = pdf_reply()
    url = host.url("/docs/shared.pdf")
    root = project(tmp_path, host, {1: link(url), 2: link(url), 3: link(url + "#page=2")})
    outcome = audit(root, options=FAST)
    assert results(outcome)[url].verdict == "ok"
    assert host.count("/docs/shared.pdf") == 1
    entries = index(root)
    assert set(entries) == {url, url + "#page=2"}
    assert all([v["sha256"] for v in e["versions"]] == [sha(PDF)] for e in entries.values())
    assert kept_files(root) == [kept_file(root, sha(PDF))]


def test_an_unchanged_document_with_an_etag_is_asked_conditionally_and_not_downloaded(tmp_path: Path,
                                                                                       host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF, ("ETag", '"abc"'))
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    first = index(root)[url]
    second_run = audit(root, options=FAST)
    # The host answered 304 to the conditional request: no body sent, the verdict as for 200.
    assert host.server.stats.not_modified == 1
    asked = [h for (_, m, p, h) in host.server.stats.requests if p == "/docs/o1.pdf" and m == "GET"]
    assert "if-none-match" not in asked[0] and asked[1]["if-none-match"] == '"abc"'
    result = results(second_run)[url]
    assert result.verdict == "ok" and result.outcome.http_status == 304
    entry = index(root)[url]
    assert [v["sha256"] for v in entry["versions"]] == [sha(PDF)]
    assert entry["versions"][0]["fetched"] == first["versions"][0]["fetched"]
    assert entry["seen"] >= first["seen"] and entry["checked"] >= first["checked"]
    assert kept_files(root) == [kept_file(root, sha(PDF))]
    assert any("ไม่เปลี่ยนแปลง 1" in note for note in second_run.notes)


def test_a_304_answer_to_a_conditional_request_is_ok_through_a_redirect_too(tmp_path: Path, host: Host) -> None:
    host.replies["/old/o1.pdf"] = Reply(301, b"", (("Location", "/docs/o1.pdf"),))
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF, ("Last-Modified", "Tue, 10 Nov 2026 03:00:00 GMT"))
    url = host.url("/old/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    assert results(audit(root, options=FAST))[url].verdict == "redirected"
    again = audit(root, options=FAST)
    assert host.server.stats.not_modified == 1
    assert results(again)[url].verdict == "redirected"  # as for a 200 at the end of the redirect
    (version,) = index(root)[url]["versions"]
    assert version["final_url"] == host.url("/docs/o1.pdf")


def test_an_unchanged_document_without_validators_is_recognised_by_its_hash(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    audit(root, options=FAST)
    assert host.count("/docs/o1.pdf", "GET") == 2
    (version,) = index(root)[url]["versions"]
    assert version["sha256"] == sha(PDF)
    assert kept_files(root) == [kept_file(root, sha(PDF))]


def test_a_changed_document_gets_a_second_version_and_both_files_stay(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF, ("ETag", '"one"'))
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF2, ("ETag", '"two"'))
    audit(root, options=FAST)
    versions = index(root)[url]["versions"]
    assert [v["sha256"] for v in versions] == [sha(PDF), sha(PDF2)]  # oldest first
    assert [v["etag"] for v in versions] == ['"one"', '"two"']
    assert kept_file(root, sha(PDF)).read_bytes() == PDF and kept_file(root, sha(PDF2)).read_bytes() == PDF2


def test_a_document_is_kept_by_its_suffix_when_the_type_says_nothing(tmp_path: Path, host: Host) -> None:
    disposition = f"attachment; filename=\"x.pdf\"; filename*=UTF-8''{THAI_NAME_QUOTED}"
    host.replies["/download.php"] = Reply(200, PDF, (("Content-Disposition", disposition),), "application/octet-stream")
    host.replies["/files/ก.pdf"] = Reply(200, PDF2, (), "")
    first, second = host.url("/download.php?id=3"), host.url("/files/%E0%B8%81.pdf")
    root = project(tmp_path, host, {1: link(first), 2: link(second)})
    audit(root, options=FAST)
    entries = index(root)
    assert entries[first]["versions"][0]["name"] == "รายงานผล-2569.pdf"   # filename* first, made safe
    assert entries[second]["versions"][0]["name"] == "ก.pdf"              # the address's last part, decoded
    assert kept_file(root, sha(PDF)).read_bytes() == PDF


# --- opting out ---------------------------------------------------------------------


def test_opt_out_per_link_and_per_host(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/private.pdf"] = pdf_reply(PDF)
    host.replies["/docs/other.pdf"] = pdf_reply(PDF2)
    private, elsewhere = host.url("/docs/private.pdf"), host.url("/docs/other.pdf", OTHER)
    root = project(tmp_path, host, {1: link(private, "false"), 2: link(elsewhere)},
                   f"archive:\n  skip_hosts: [{OTHER}]\n")
    outcome = audit(root, options=FAST)
    assert results(outcome)[private].verdict == "ok" and results(outcome)[elsewhere].verdict == "ok"  # still checked
    assert index(root) == {} and kept_files(root) == []


def test_archive_false_on_one_link_keeps_the_url_out_for_every_link(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/private.pdf"] = pdf_reply(PDF)
    url = host.url("/docs/private.pdf")
    root = project(tmp_path, host, {1: link(url), 2: link(url, "false")})
    audit(root, options=FAST)
    assert index(root) == {} and kept_files(root) == []


# --- limits ---------------------------------------------------------------------------


def test_per_file_cap_with_and_without_content_length(tmp_path: Path, host: Host) -> None:
    big = b"%PDF-1.4\n" + b"x" * (1024 * 1024 + 10)      # just over 1 MB
    host.replies["/docs/big.pdf"] = pdf_reply(big)
    host.replies["/docs/streamed.pdf"] = pdf_reply(big, length=False)
    host.replies["/docs/small.pdf"] = pdf_reply(PDF, length=False)
    sized, streamed, small = host.url("/docs/big.pdf"), host.url("/docs/streamed.pdf"), host.url("/docs/small.pdf")
    root = project(tmp_path, host, {1: link(sized), 2: link(streamed), 3: link(small)}, "archive:\n  max_file_mb: 1\n")
    outcome = audit(root, options=FAST)
    assert all(results(outcome)[u].verdict == "ok" for u in (sized, streamed, small))  # the verdict is the check's
    entries = index(root)
    for url in (sized, streamed):
        assert entries[url]["versions"] == []
        reason = entries[url]["refused"]
        assert "1 MB" in reason and "max_file_mb" in reason and "data/agency.yml" in reason
    assert [v["sha256"] for v in entries[small]["versions"]] == [sha(PDF)]  # no length, under the cap: kept
    assert kept_files(root) == [kept_file(root, sha(PDF))]
    assert partial_files(root) == []
    text = CliRunner().invoke(main, ["links", str(root), "--timeout", "5", "--retries", "0", "--no-history"]).output
    assert "เก็บไม่ได้ 2" in text and sized in text and streamed in text and "max_file_mb" in text


def test_budget_keeps_what_fits_and_says_why_the_rest_is_not_kept(tmp_path: Path, host: Host) -> None:
    first = b"%PDF-1.4\n" + b"a" * (700 * 1024)
    second = b"%PDF-1.4\n" + b"b" * (700 * 1024)
    host.replies["/docs/a.pdf"] = pdf_reply(first)
    host.replies["/docs/b.pdf"] = pdf_reply(second)
    a, b = host.url("/docs/a.pdf"), host.url("/docs/b.pdf")
    root = project(tmp_path, host, {1: link(a), 2: link(b)}, "archive:\n  budget_mb: 1\n")
    audit(root, options=FAST)
    entries = index(root)
    kept = [u for u in (a, b) if entries[u]["versions"]]
    refused = [u for u in (a, b) if not entries[u]["versions"]]
    assert len(kept) == 1 and len(refused) == 1
    assert "budget_mb" in entries[refused[0]]["refused"] and "1 MB" in entries[refused[0]]["refused"]
    assert sum(p.stat().st_size for p in kept_files(root)) == len(first)


# --- host quirks ----------------------------------------------------------------------


def test_a_drive_view_link_is_kept_through_its_download_address(tmp_path: Path, host: Host,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quirks, "DRIVE_DOWNLOAD", host.url("/uc/{id}"))
    host.replies["/uc/1AbCdEfGhIjKlMnOpQ"] = pdf_reply(
        PDF, ("Content-Disposition", f"attachment; filename*=UTF-8''{THAI_NAME_QUOTED}"))
    view = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQ/view?usp=sharing"
    opened = "https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQ"
    root = project(tmp_path, host, {1: link(view), 2: link(opened)})
    outcome = audit(root, options=FAST)
    assert results(outcome)[view].verdict == "ok" and results(outcome)[opened].verdict == "ok"
    assert host.count("/uc/1AbCdEfGhIjKlMnOpQ", "GET") == 2   # one request per link: check and copy alike
    entries = index(root)
    for url in (view, opened):
        (version,) = entries[url]["versions"]
        assert version["sha256"] == sha(PDF) and version["name"] == "รายงานผล-2569.pdf"
        assert version["final_url"] == host.url("/uc/1AbCdEfGhIjKlMnOpQ")
    assert kept_file(root, sha(PDF)).read_bytes() == PDF


def test_drives_virus_scan_page_is_not_kept_and_says_why(tmp_path: Path, host: Host,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quirks, "DRIVE_DOWNLOAD", host.url("/uc/{id}"))
    host.replies["/uc/1BigFileIdentifier"] = Reply(200, page(
        "Google Drive - Virus scan warning", "Google Drive can't scan this file for viruses. Download anyway"))
    view = "https://drive.google.com/file/d/1BigFileIdentifier/view"
    root = project(tmp_path, host, {1: link(view, "true")})   # even asked to keep pages: not this one
    outcome = audit(root, options=FAST)
    assert results(outcome)[view].verdict == "ok"
    entry = index(root)[view]
    assert entry["versions"] == [] and "สแกนไวรัส" in entry["refused"] and "เก็บสำเนาไม่ได้" in entry["refused"]
    assert kept_files(root) == []


def test_when_drive_refuses_the_download_the_verdict_is_the_view_pages(tmp_path: Path, host: Host,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quirks, "DRIVE_DOWNLOAD", host.url("/uc/{id}"))
    host.replies["/uc/1BusyFileIdentifier"] = Reply(403, page("Google Drive - Quota exceeded", "Too many users"))
    host.replies["/file/d/1BusyFileIdentifier/view"] = Reply(200, page("รายงาน.pdf - Google Drive", "ดูไฟล์ " * 30))
    view = f"http://drive.google.com:{host.server.port}/file/d/1BusyFileIdentifier/view"
    root = project(tmp_path, host, {1: link(view)})
    with names({"drive.google.com": LOGIN}):
        outcome = audit(root, options=FAST)
    assert results(outcome)[view].verdict == "ok"          # as without an archive: the view page opens
    assert host.count("/uc/1BusyFileIdentifier") == 1 and host.count("/file/d/1BusyFileIdentifier/view") == 1
    entry = index(root)[view]
    assert entry["versions"] == [] and "403" in entry["refused"] and "Google Drive" in entry["refused"]


def test_hosts_behind_a_login_are_refused_and_their_verdicts_stay(tmp_path: Path, host: Host,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quirks, "DRIVE_DOWNLOAD", host.url("/uc/{id}"))
    login = f"http://accounts.google.com:{host.server.port}/ServiceLogin?continue=x"
    host.replies["/uc/1PrivateFileIdent"] = Reply(302, b"", (("Location", login),))
    host.replies["/ServiceLogin"] = Reply(200, page("Sign in - Google Accounts", "Email or phone"))
    host.replies["/agency/posts/1"] = Reply(302, b"", (("Location", "/login/?next=x"),))
    host.replies["/login/"] = Reply(200, page("Log in to Facebook", "Log in"))
    host.replies["/members/o3.pdf"] = Reply(401, page("Unauthorized"))
    private = "https://drive.google.com/file/d/1PrivateFileIdent/view"
    facebook = f"http://www.facebook.com:{host.server.port}/agency/posts/1"
    members = host.url("/members/o3.pdf")
    root = project(tmp_path, host, {1: link(private), 2: link(facebook, "true"), 3: link(members)})
    with names({"accounts.google.com": LOGIN, "www.facebook.com": LOGIN}):
        outcome = audit(root, options=FAST)
    found = results(outcome)
    assert found[private].verdict == "broken" and "แชร์" in found[private].outcome.reason
    assert found[facebook].verdict == "blocked"
    assert found[members].verdict == "broken"
    entries = index(root)
    for url in (private, facebook, members):
        assert entries[url]["versions"] == []
        assert entries[url]["refused"].startswith("เก็บสำเนาไม่ได้: ต้องเข้าสู่ระบบ")
    assert "Google" in entries[private]["refused"] and "Facebook" in entries[facebook]["refused"]
    assert kept_files(root) == []


# --- HTML pages -------------------------------------------------------------------------

EVIL = ("<!doctype html><html><head><meta charset='utf-8'><title>ประกาศผลการจัดซื้อ</title>"
        "<script>document.title='x'</script><link rel=stylesheet href='/theme.css'></head>"
        "<body onload=\"steal()\"><h1 onclick=\"x()\">ประกาศผลการจัดซื้อจัดจ้าง</h1>"
        "<p>รายละเอียดตามเอกสาร <a href='files/announce.pdf'>ดาวน์โหลด</a> "
        "<a href='javascript:alert(1)'>คลิก</a> <img src='/img/logo.png' onerror='y()' alt='โลโก้'></p>"
        "<iframe src='https://evil.example/'></iframe><object data='x.swf'></object>"
        "<p>" + "เนื้อหาประกาศ " * 50 + "</p></body></html>").encode()


def test_an_html_page_is_kept_only_when_asked_and_without_scripts(tmp_path: Path, host: Host) -> None:
    host.replies["/news/asked.html"] = Reply(200, EVIL)
    host.replies["/news/not-asked.html"] = Reply(200, EVIL)
    asked, not_asked = host.url("/news/asked.html"), host.url("/news/not-asked.html")
    root = project(tmp_path, host, {1: link(asked, "true"), 2: link(not_asked)})
    outcome = audit(root, options=FAST)
    assert results(outcome)[asked].verdict == "ok" and results(outcome)[not_asked].verdict == "ok"
    entries = index(root)
    assert not_asked not in entries
    (version,) = entries[asked]["versions"]
    assert version["content_type"] == "text/html" and version["name"] == "asked.html"
    assert version["source_sha256"] == sha(EVIL)
    copy = kept_file(root, version["sha256"]).read_bytes()
    assert sha(copy) == version["sha256"] and version["size"] == len(copy)
    text = copy.decode("utf-8").lower()
    for forbidden in ("<script", "onload", "onclick", "onerror", "<iframe", "<object", "javascript:", "steal()"):
        assert forbidden not in text, forbidden
    html = copy.decode("utf-8")
    assert f'href="{host.url("/news/files/announce.pdf")}"' in html      # relative links made absolute
    assert f'src="{host.url("/img/logo.png")}"' in html
    assert "ประกาศผลการจัดซื้อจัดจ้าง" in html
    be_year = str(dt.date.today().year + 543)
    assert "สำเนาหน้าเว็บ" in html and "เก็บเมื่อ" in html and be_year in html and asked in html
    assert host.count("/theme.css") == 0 and host.count("/img/logo.png") == 0  # nothing more was fetched
    # The same page again: recognised by the bytes the host sent, no second version.
    audit(root, options=FAST)
    assert len(index(root)[asked]["versions"]) == 1


def test_pages_true_in_the_project_keeps_every_evidence_page(tmp_path: Path, host: Host) -> None:
    host.replies["/news/a.html"] = Reply(200, EVIL)
    url = host.url("/news/a.html")
    root = project(tmp_path, host, {1: link(url)}, "archive:\n  pages: true\n")
    audit(root, options=FAST)
    assert len(index(root)[url]["versions"]) == 1


def test_a_document_address_that_answers_html_is_said_not_kept(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/viewer.pdf"] = Reply(200, page("ตัวอ่านเอกสาร", "เปิดเอกสาร " * 40))
    url = host.url("/docs/viewer.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    entry = index(root)[url]
    assert entry["versions"] == [] and "text/html" in entry["refused"] and "archive: true" in entry["refused"]


# --- whole writes: a kill mid-download ---------------------------------------------------


def _oit_links(root: Path) -> subprocess.Popen:
    code = ("import sys; from loopback_http import loopback_only_dns\n"
            "from site_builder.cli import main\n"
            "with loopback_only_dns():\n"
            "    main(sys.argv[1:])\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "tests")]))
    return subprocess.Popen([sys.executable, "-c", code, "links", str(root), "--timeout", "10", "--retries", "0",
                             "--no-history"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _peak_rss_kb(root: Path) -> int:
    """The peak resident memory (KB) of an `oit links` run on ``root`` in a child process."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking process (pytest) across exec.
    code = ("import sys; from loopback_http import loopback_only_dns\n"
            "from site_builder.cli import main\n"
            "try:\n"
            "    with loopback_only_dns():\n"
            "        main(sys.argv[1:])\n"
            "except SystemExit:\n"
            "    pass\n"
            "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
            "print('PEAK', status, file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "tests")]))
    done = subprocess.run([sys.executable, "-c", code, "links", str(root), "--timeout", "10", "--retries", "0",
                           "--no-history"], env=env, capture_output=True, text=True, timeout=300)
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    return int(line.split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads VmHWM from /proc (Linux)")
def test_a_large_document_is_streamed_to_disk_not_held_in_memory(tmp_path: Path, host: Host) -> None:
    large = b"%PDF-1.4\n" + os.urandom(80 * 1024 * 1024)
    host.replies["/docs/small.pdf"] = pdf_reply(PDF)
    host.replies["/docs/large.pdf"] = pdf_reply(large)
    small_root = project(tmp_path / "small", host, {1: link(host.url("/docs/small.pdf"))})
    large_root = project(tmp_path / "large", host, {1: link(host.url("/docs/large.pdf"))},
                         "archive:\n  max_file_mb: 100\n")
    baseline = _peak_rss_kb(small_root)
    peak = _peak_rss_kb(large_root)
    assert kept_file(large_root, sha(large)).stat().st_size == len(large)
    assert peak - baseline < 30 * 1024, (baseline, peak)   # an 80 MB body held whole would add 80 MB or more


def _index_is_whole(root: Path) -> None:
    for entry in index(root).values():
        for version in entry["versions"]:
            data = kept_file(root, version["sha256"]).read_bytes()
            assert len(data) == version["size"] and sha(data) == version["sha256"]


def test_a_kill_during_archiving_leaves_no_index_naming_a_partial_file(tmp_path: Path, host: Host) -> None:
    url = host.url("/docs/large.pdf")
    host.replies["/docs/large.pdf"] = pdf_reply(PDF)
    root = project(tmp_path, host, {1: link(url)})
    assert audit(root, options=FAST).results  # version 1, small and whole
    large = b"%PDF-1.4\n" + bytes(range(256)) * (4 * 4096) + b"%%EOF\n"    # 4 MB, sent 64 KB every 0.1 s
    host.replies["/docs/large.pdf"] = pdf_reply(large, pace=0.1)
    child = _oit_links(root)
    try:
        started = wait_until(lambda: any(p.stat().st_size > 256 * 1024 for p in partial_files(root)), 60)
        assert started, child.stderr.read().decode() if child.poll() is not None else "no download began"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    assert partial_files(root)                          # the killed download's leftover: never indexed
    _index_is_whole(root)
    assert [v["sha256"] for v in index(root)[url]["versions"]] == [sha(PDF)]
    # The next run removes the leftover and keeps the copy.
    host.replies["/docs/large.pdf"] = pdf_reply(large)
    audit(root, options=FAST)
    _index_is_whole(root)
    assert [v["sha256"] for v in index(root)[url]["versions"]] == [sha(PDF), sha(large)]
    assert kept_file(root, sha(large)).read_bytes() == large
    assert partial_files(root) == []


# --- when it runs -------------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_archive_writes_nothing_and_links_never_write_into_data_or_content(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    data, content = _tree(root / "data"), _tree(root / "content")
    runner = CliRunner()
    args = ["links", str(root), "--timeout", "5", "--retries", "0"]
    off = runner.invoke(main, [*args, "--no-archive"])
    assert off.exit_code == 0, off.output
    assert not (root / "archive").exists() and "สำเนาหลักฐาน" not in off.output
    assert audit(root, options=AuditOptions(check=CHECK, archive=False)).results
    assert not (root / "archive").exists()
    on = runner.invoke(main, [*args, "--no-history"])   # --no-history does not turn archiving off
    assert on.exit_code == 0, on.output
    assert kept_file(root, sha(PDF)).read_bytes() == PDF
    assert "สำเนาหลักฐาน (archive/): เก็บใหม่ 1" in on.output
    assert _tree(root / "data") == data and _tree(root / "content") == content


def test_site_and_url_audits_never_archive(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    host.replies["/page/start"] = Reply(200, f"<html><body><a href='{url}'>o1</a></body></html>".encode())
    root = project(tmp_path, host, {1: link(url)})
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<html><body><a href='{url}'>o1</a></body></html>", encoding="utf-8")
    audit(site_dir=site, options=FAST)
    audit(start_url=host.url("/page/start"), options=FAST)
    assert host.count("/docs/o1.pdf") == 2
    assert not (root / "archive").exists() and not (site / "archive").exists()


def test_links_help_names_no_archive_in_thai() -> None:
    text = CliRunner().invoke(main, ["links", "--help"]).output
    assert "--no-archive" in text and "ไม่เก็บสำเนา" in text


def test_a_new_evidence_link_is_fetched_for_its_copy_even_when_the_cache_has_it(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    cached = AuditOptions(check=CHECK, cache_for=dt.timedelta(days=30))
    audit(root, audits_dir=root / "audits", options=AuditOptions(check=CHECK, archive=False))
    assert host.count("/docs/o1.pdf") >= 1
    before = host.count("/docs/o1.pdf")
    audit(root, audits_dir=root / "audits", options=cached)     # never kept: asked despite the cache
    assert host.count("/docs/o1.pdf") == before + 1 and index(root)[url]["versions"]
    audit(root, audits_dir=root / "audits", options=cached)     # kept now: the cache holds as before
    assert host.count("/docs/o1.pdf") == before + 1


def test_the_time_a_copy_is_kept_is_local_time_with_its_zone(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    fetched = dt.datetime.fromisoformat(index(root)[url]["versions"][0]["fetched"])
    assert fetched.utcoffset() == dt.datetime.now().astimezone().utcoffset()
    assert abs(time.time() - fetched.timestamp()) < 3600


def test_a_damaged_index_is_not_overwritten(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    audit(root, options=FAST)
    (path,) = (root / "archive" / "index").glob("*.json")
    path.write_text('{"url": "' + url + '", "versions": [', encoding="utf-8")   # a half-saved hand edit
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF2)
    outcome = audit(root, options=FAST)
    assert path.read_text(encoding="utf-8") == '{"url": "' + url + '", "versions": ['
    assert outcome.archive is not None and "อ่านไม่ได้" in (outcome.archive.refused[0].reason or "")
    assert kept_files(root) == [kept_file(root, sha(PDF))]   # nothing kept that no index names


def test_a_disk_error_while_keeping_never_changes_the_verdict(tmp_path: Path, host: Host,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.links import copies

    class Unwritable:   # every temporary file name points into a folder that does not exist
        @staticmethod
        def token_hex(n: int) -> str:
            return "no-such-folder/x"

    monkeypatch.setattr(copies, "secrets", Unwritable)
    host.replies["/docs/o1.pdf"] = pdf_reply()
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    outcome = audit(root, options=FAST)
    assert results(outcome)[url].verdict == "ok"
    entry = index(root)[url]
    assert entry["versions"] == [] and "ดิสก์" in entry["refused"]


def test_a_password_in_a_link_is_never_written_into_the_archive(tmp_path: Path, host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply()
    written = host.url("/docs/o1.pdf").replace("http://", "http://officer:s3cret-pw@")
    root = project(tmp_path, host, {1: link(written)})
    audit(root, options=FAST)
    (entry,) = index(root).values()
    assert entry["url"] == host.url("/docs/o1.pdf")
    assert entry["versions"][0]["final_url"] == host.url("/docs/o1.pdf")
    assert all("s3cret-pw" not in p.read_text(encoding="utf-8") for p in (root / "archive" / "index").glob("*"))
    asked = [h for (_, m, p, h) in host.server.stats.requests if p == "/docs/o1.pdf"]
    assert asked and asked[0].get("authorization", "").startswith("Basic ")   # requested as written


def test_a_compressed_answer_is_kept_as_the_document_itself(tmp_path: Path, host: Host) -> None:
    import gzip

    host.replies["/docs/o1.pdf"] = pdf_reply(gzip.compress(PDF), ("Content-Encoding", "gzip"))
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    assert results(audit(root, options=FAST))[url].verdict == "ok"
    (version,) = index(root)[url]["versions"]
    assert version["sha256"] == sha(PDF) and version["size"] == len(PDF)
    assert kept_file(root, sha(PDF)).read_bytes() == PDF


# --- the whole life of a document: kept, dies, confirmed, offered ---------------------------


def _as_yesterday(audits: Path) -> None:
    """Move the only audit a day back (its file name and times), as if it had run yesterday."""
    (path,) = sorted(audits.glob("*.json"))
    document = json.loads(path.read_text(encoding="utf-8"))

    def back(value: str | None) -> str | None:
        return None if value is None else (dt.datetime.fromisoformat(value) - dt.timedelta(days=1)).isoformat()

    for key in ("started", "finished"):
        document[key] = back(document[key])
    for result in document["results"]:
        for key in ("checked", "since"):
            if key in result:
                result[key] = back(result[key])
    day = dt.date.fromisoformat(path.stem) - dt.timedelta(days=1)
    (audits / f"{day.isoformat()}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    path.unlink()


def test_a_document_that_dies_is_offered_from_its_copy_once_its_death_is_confirmed(tmp_path: Path,
                                                                                   host: Host) -> None:
    host.replies["/docs/o1.pdf"] = pdf_reply(PDF)
    url = host.url("/docs/o1.pdf")
    root = project(tmp_path, host, {1: link(url)})
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    audits = root / "audits"
    assert results(audit(root, audits_dir=audits, options=FAST))[url].verdict == "ok"   # kept

    host.replies["/docs/o1.pdf"] = Reply(404, page("Not Found"))                         # the host loses it
    first = results(audit(root, audits_dir=audits, options=FAST))[url]
    assert first.verdict == "broken" and not first.confirmed
    _as_yesterday(audits)
    second = results(audit(root, audits_dir=audits, options=FAST))[url]
    assert second.verdict == "broken" and second.confirmed                               # a day apart: dead

    built = CliRunner().invoke(main, ["build", str(root)])
    assert built.exit_code == 0, built.output
    item = (root / "site" / "2569" / "oit" / "o1" / "index.html").read_text(encoding="utf-8")
    lead = item.index("ต้นฉบับเปิดไม่ได้ตั้งแต่")
    evidence = item.index('id="evidence"')
    copy_href = f"archive/{sha(PDF)}/o1.pdf"
    # The evidence section opens with the copy: its link comes before the original's.
    assert evidence < lead < item.index(copy_href, evidence) < item.index(f'href="{url}"', evidence)
    assert (root / "site" / "archive" / sha(PDF) / "o1.pdf").read_bytes() == PDF                # the original's bytes
