"""`oit publish` on a hostile or broken target, with the fast test servers (pyftpdlib, asyncssh) and folders.

Issue #14: links planted on the target are never followed, written through or deleted (folder,
FTP, SFTP); a forged huge manifest is refused with bounded memory; a corrupt manifest entry is
skipped, not fatal; URLs that would echo a password or be taken for a folder. Issue #16: a
listing refused is not an empty folder; Ctrl+C on a host that stopped answering ends at once;
a dropped connection has a reason.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_built_site
from servers import PASSWORD, ftp_server, self_signed_certificate, server_of

import site_builder
from site_builder.cli import main

MANIFEST = ".oit-publish.json"
CODE = str(Path(site_builder.__file__).resolve().parents[1])  # the code under test, for child processes
SITE = {
    "index.html": "<h1>ITA</h1>\n",
    "assets/style.css": "body { color: #123; }\n",
    "2569/oit/o1/index.html": "<h1>O1</h1>\n",
    "404.html": "<h1>oit 404</h1>\n",
}
RERUN = "รันคำสั่งเดิมอีกครั้งเพื่อทำต่อให้เสร็จ"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_built_site(tmp_path / "site", SITE)


def publish(target: str, site: Path, *args: str, home: Path, password: str | None = PASSWORD) -> tuple[int, str]:
    env = {"OIT_PASSWORD": password, "HOME": str(home), "NETRC": None, "SSL_CERT_FILE": None}
    result = CliRunner().invoke(main, ["publish", target, "--site-dir", str(site), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def manifest_at(target: Path) -> dict:
    return json.loads((target / MANIFEST).read_text(encoding="utf-8"))


def write_manifest(target: Path, document: dict) -> None:
    (target / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


# --- #14-1 a folder target: never follow a link -------------------------------------------


def test_a_link_at_the_manifests_temporary_name_is_not_written_through(site: Path, tmp_path: Path) -> None:
    target, keep = tmp_path / "www", tmp_path / "keep.txt"
    keep.write_text("keep me", encoding="utf-8")
    target.mkdir()
    (target / f"{MANIFEST}.tmp").symlink_to(keep)
    status, output = publish(str(target), site, home=tmp_path)
    assert status == 2, output
    assert f"{MANIFEST}.tmp" in output and "ลิงก์" in output
    assert keep.read_text(encoding="utf-8") == "keep me"
    assert (target / f"{MANIFEST}.tmp").is_symlink()
    assert sorted(p.name for p in target.iterdir()) == [f"{MANIFEST}.tmp"]  # nothing else was written


def test_links_planted_on_a_folder_target_are_left_alone(site: Path, tmp_path: Path) -> None:
    target, outside = tmp_path / "www", tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("keep me", encoding="utf-8")
    (outside / "index.html").write_text("the main site", encoding="utf-8")
    assert publish(str(target), site, home=tmp_path)[0] == 0

    # An uploaded file and a folder oit created, swapped for links; a forged entry through a link.
    (target / "index.html").unlink()
    (target / "index.html").symlink_to(outside / "index.html")
    for item in (target / "2569/oit/o1").iterdir():
        item.unlink()
    (target / "2569/oit/o1").rmdir()
    (target / "2569/oit/o1").symlink_to(outside)
    (target / "evil").symlink_to(outside)
    manifest = manifest_at(target)
    manifest["pending"] = ["evil/victim.txt"]
    write_manifest(target, manifest)
    (site / "index.html").write_text("<h1>changed</h1>\n", encoding="utf-8")
    (site / "2569/oit/o1/index.html").write_text("<h1>changed</h1>\n", encoding="utf-8")

    status, output = publish(str(target), site, home=tmp_path)
    assert status == 1, output
    for path in ("index.html", "2569/oit/o1/index.html", "evil/victim.txt"):
        assert f"! {path}" in output
    assert "ลบ          0 ไฟล์" in output
    assert (outside / "victim.txt").read_text(encoding="utf-8") == "keep me"
    assert (outside / "index.html").read_text(encoding="utf-8") == "the main site"
    assert sorted(p.name for p in outside.iterdir()) == ["index.html", "victim.txt"]
    assert all((target / link).is_symlink() for link in ("index.html", "2569/oit/o1", "evil"))
    assert set(manifest_at(target)["pending"]) == {"evil/victim.txt"}  # still named, still untouched
    status, output = publish(str(target), site, "--adopt", home=tmp_path)  # not even when adopting
    assert status == 1 and (outside / "index.html").read_text(encoding="utf-8") == "the main site"


def test_a_folder_target_writes_every_file_whole_under_a_fresh_name(site: Path, tmp_path: Path) -> None:
    """A link planted at a guessable temporary name is never opened: the temporary names are new each time."""
    target, keep = tmp_path / "www", tmp_path / "keep.txt"
    keep.write_text("keep me", encoding="utf-8")
    (target / "assets").mkdir(parents=True)
    (target / "assets/style.css.tmp").symlink_to(keep)
    status, output = publish(str(target), site, home=tmp_path)
    assert status == 0, output
    assert keep.read_text(encoding="utf-8") == "keep me"
    assert (target / "assets/style.css").read_text(encoding="utf-8") == SITE["assets/style.css"]
    leftovers = [p.name for p in target.rglob("*") if "oit-tmp" in p.name]
    assert leftovers == []


# --- #14-2 the same over FTP and SFTP (the fast servers) ----------------------------------


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_links_on_the_ftp_and_sftp_test_servers_are_left_alone(kind: str, site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    target, outside = root / "ita", root / "outside"  # outside: the account's other files
    outside.mkdir(parents=True)
    (outside / "victim.txt").write_text("keep me", encoding="utf-8")
    (outside / "index.html").write_text("the main site", encoding="utf-8")
    with server_of(kind, root, tmp_path) as server:
        assert publish(server.url("ita"), site, *server.args, home=tmp_path)[0] == 0
        (target / "index.html").unlink()
        (target / "index.html").symlink_to(outside / "index.html")
        (target / "evil").symlink_to(outside)
        manifest = manifest_at(target)
        manifest["pending"] = ["evil/victim.txt"]
        write_manifest(target, manifest)
        (site / "index.html").write_text("<h1>changed</h1>\n", encoding="utf-8")
        status, output = publish(server.url("ita"), site, *server.args, home=tmp_path)
    assert status == 1, output
    assert "! index.html" in output and "! evil/victim.txt" in output
    assert (outside / "victim.txt").read_text(encoding="utf-8") == "keep me"
    assert (outside / "index.html").read_text(encoding="utf-8") == "the main site"
    assert (target / "index.html").is_symlink() and (target / "evil").is_symlink()


# --- #16-1 with the fast FTP server: listings refused --------------------------------------


def test_pyftpdlib_refusing_every_listing_is_not_an_empty_folder(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    (root / "ita").mkdir(parents=True)
    (root / "ita/404.html").write_bytes(b"the host's 404")
    with ftp_server(root) as server:
        def refuse(self, path: str) -> None:  # type: ignore[no-untyped-def]
            self.respond("550 Permission denied.")

        for command in ("ftp_MLSD", "ftp_NLST", "ftp_LIST", "ftp_MLST"):
            setattr(server.handler, command, refuse)
        status, output = publish(server.url("ita"), site, home=tmp_path)
    assert status == 1, output
    assert "! 404.html" in output
    assert (root / "ita/404.html").read_bytes() == b"the host's 404"
    assert "404.html" not in manifest_at(root / "ita")["files"]


# --- #16-5 and #16-6: an interrupted or dropped connection --------------------------------


def test_ctrl_c_on_an_ftps_host_that_stopped_answering_ends_at_once(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    certificate, key = self_signed_certificate(tmp_path)
    with ftp_server(root, tls=(certificate, key)) as server:
        release = server.stall_after_upload()  # the first file is stored, then the host goes silent
        env = {**os.environ, "OIT_PASSWORD": PASSWORD, "HOME": str(tmp_path), "PYTHONPATH": CODE,
               "SSL_CERT_FILE": str(certificate)}
        env.pop("NETRC", None)
        process = subprocess.Popen([sys.executable, "-m", "site_builder.cli", "publish", server.url("ita"),
                                    "--site-dir", str(site)],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not (root / f"ita/{MANIFEST}.tmp").is_file():  # the first file stored: the manifest
                assert process.poll() is None and time.monotonic() < deadline, "no upload started"
                time.sleep(0.01)
            time.sleep(0.2)  # oit now waits for the host's reply to the upload
            process.send_signal(signal.SIGINT)
            # Before the fix: QUIT waited for the silent host for the whole 60 s timeout.
            output = process.communicate(timeout=25)[0].decode()
        finally:
            release.set()
            if process.poll() is None:
                process.kill()
    assert process.returncode == 2, output
    assert "หยุดกลางคัน" in output


def test_a_dropped_connection_is_named_and_a_rerun_finishes(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    with ftp_server(root) as server:
        server.drop_on_upload("index.html")
        status, output = publish(server.url("ita"), site, home=tmp_path)
        assert status == 2, output
        assert "ตัดการเชื่อมต่อ" in output and RERUN in output
        assert "ไม่ได้: —" not in output and "ไม่ได้:  " not in output  # never an empty reason
        server.drop_on_upload("no-such-file")
        status, output = publish(server.url("ita"), site, home=tmp_path)
    assert status == 0, output
    assert (root / "ita/2569/oit/o1/index.html").read_text(encoding="utf-8") == SITE["2569/oit/o1/index.html"]


# --- #14-10 messages that leak or mislead --------------------------------------------------


@pytest.mark.parametrize("url", ["ftp:/webmaster:hunter2@ftp.example.go.th/ita",
                                 "ftps//webmaster:hunter2@ftp.example.go.th/ita",
                                 "ftp:webmaster:hunter2@ftp.example.go.th",
                                 "sftp://webmaster:hunter2@ftp.example.go.th/ita"])
def test_a_mistyped_url_never_echoes_the_password_nor_becomes_a_folder(url: str, site: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, output = publish(url, site, home=tmp_path)
    assert status == 2, output
    assert "hunter2" not in output
    assert "รหัสผ่าน" in output
    assert not any(p.name.startswith(("ftp", "sftp")) for p in tmp_path.iterdir())  # no folder made


def test_a_manifest_entry_with_a_line_break_is_skipped_and_reported(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    target = root / "ita"
    root.mkdir()
    with ftp_server(root) as server:
        assert publish(server.url("ita"), site, home=tmp_path)[0] == 0
        manifest = manifest_at(target)
        manifest["files"]["old\r\nDELE index.html"] = {"sha256": "0" * 64, "size": 1}
        manifest["pending"] = ["gone\n.html"]
        write_manifest(target, manifest)
        (site / "index.html").write_text("<h1>changed</h1>\n", encoding="utf-8")
        status, output = publish(server.url("ita"), site, home=tmp_path)
        assert status == 0, output
        assert "ข้าม 2 รายการที่เสีย" in output and "ส่งขึ้น      1 ไฟล์" in output
        assert (target / "index.html").read_text(encoding="utf-8") == "<h1>changed</h1>\n"
        assert not any("\n" in p for p in [*manifest_at(target)["files"], *manifest_at(target)["pending"]])
        status, output = publish(server.url("ita"), site, home=tmp_path)  # and the next one is clean
        assert status == 0 and "ข้าม" not in output


# --- #14-8 a forged huge manifest ---------------------------------------------------------


def test_a_forged_million_entry_manifest_is_refused_in_bounded_memory(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    entries = ",".join(f'"f{i}.html":{{"sha256":"","size":0}}' for i in range(1_000_000))
    (target / MANIFEST).write_text(f'{{"format":"oit-publish","version":1,"files":{{{entries}}}}}',
                                   encoding="utf-8")
    before = (target / MANIFEST).stat()
    # VmHWM: this process's own peak (ru_maxrss would include the forked test runner's memory).
    code = ("import re\n"
            "from click.testing import CliRunner\n"
            "from site_builder.cli import main\n"
            f"r = CliRunner().invoke(main, ['publish', {str(target)!r}, '--site-dir', {str(site)!r}])\n"
            "print(r.exit_code); print(r.output)\n"
            "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": CODE}, cwd=tmp_path)
    lines = result.stdout.strip().splitlines()
    status, peak_kib = int(lines[0]), int(lines[-1])
    assert status == 2, result.stdout
    assert MANIFEST in result.stdout and "ใหญ่ผิดปกติ" in result.stdout
    assert peak_kib < 250 * 1024, f"peak RSS {peak_kib} KiB"  # 737 MB before the limit
    assert (target / MANIFEST).stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST]


def test_a_manifest_with_too_many_entries_is_refused(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    write_manifest(target, {"format": "oit-publish", "version": 1, "files": {},
                            "pending": [f"p{i}" for i in range(100_001)]})
    status, output = publish(str(target), site, home=tmp_path)
    assert status == 2 and "รายการมากผิดปกติ" in output
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST]

