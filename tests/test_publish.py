"""`oit publish` against real servers on loopback: FTP (pyftpdlib), SFTP (asyncssh), and a folder.

The demo agency's site (built once with `oit build`) goes up byte for byte; a second
publish sends nothing; a page removed from the site is removed from the host; files the
host had before are never touched; a publish killed midway finishes when run again;
a wrong password is a clear Thai message and exit 2.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from servers import PASSWORD, USER, ftp_server, self_signed_certificate, server_of, sftp_server
from site_builder.build import MARKER
from site_builder.cli import main
from site_builder.publish import BATCH_FILES
from site_builder.publish.manifest import MANIFEST_NAME, MANIFEST_TEMP

FOREIGN = {  # the municipality's own website, on the host before the first publish
    "robots.txt": b"User-agent: *\nDisallow: /admin/\n",
    "legacy/index.php": b"<?php echo 'old site'; ?>\n",
    "2566/notes.txt": "บันทึกของเว็บมาสเตอร์\n".encode(),  # inside a folder the site also uses
}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo") / "site"
    result = CliRunner().invoke(main, ["build", str(REPO), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture
def site(demo_site: Path, tmp_path: Path) -> Path:
    """A copy of the demo site the test may change."""
    return Path(shutil.copytree(demo_site, tmp_path / "site"))


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site_files(site: Path) -> dict[str, str]:
    return {path: digest for path, digest in hashes(site).items() if path != MARKER}


def published(target: Path) -> dict[str, str]:
    return {path: digest for path, digest in hashes(target).items() if path not in (MANIFEST_NAME, MANIFEST_TEMP)}


def foreign_hashes() -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in FOREIGN.items()}


def place_foreign(target: Path) -> dict[str, int]:
    """Write the host's own files; return their modification times (ns) to prove they are never touched."""
    times = {}
    for relative, data in FOREIGN.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
        times[relative] = path.stat().st_mtime_ns
    return times


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(target: str, site: Path, *args: str, password: str | None = PASSWORD,
            home: Path | None = None) -> tuple[int, str]:
    env = {"OIT_PASSWORD": password, "HOME": str(home) if home else None, "NETRC": None}
    result = CliRunner().invoke(main, ["publish", target, "--site-dir", str(site), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def count(output: str, label: str) -> int:
    match = re.search(rf"^\s+{label}\s+(\d+) ไฟล์", output, re.MULTILINE)
    assert match, f"no {label!r} line in:\n{output}"
    return int(match.group(1))


def manifest_of(target: Path) -> dict:
    return json.loads((target / MANIFEST_NAME).read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_publish_complete_then_incremental_and_never_touches_the_hosts_files(
        kind: str, site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    target = root / "ita"
    times = place_foreign(target)
    total = len(site_files(site))
    with server_of(kind, root, tmp_path) as server:
        url = server.url("ita")

        # 1. Everything arrives, byte for byte.
        status, output = publish(url, site, *server.args, home=tmp_path)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == total and count(output, "ไม่เปลี่ยน") == 0
        assert published(target) == site_files(site) | foreign_hashes()
        manifest = manifest_of(target)
        assert manifest["pending"] == [] and set(manifest["files"]) == set(site_files(site))

        # 2. Nothing changed: nothing is sent, nothing on the host is even rewritten.
        before = stats(target)
        status, output = publish(url, site, *server.args, home=tmp_path)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == 0 and count(output, "ไม่เปลี่ยน") == total
        assert stats(target) == before

        # 3. A year's pages leave the site and the home page changes.
        gone = sorted(p for p in site_files(site) if p.startswith("2566/"))
        assert gone
        shutil.rmtree(site / "2566")
        (site / "index.html").write_bytes((site / "index.html").read_bytes() + b"<!-- updated -->\n")
        status, output = publish(url, site, *server.args, home=tmp_path)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == 1 and count(output, "ลบ") == len(gone)
        assert published(target) == site_files(site) | foreign_hashes()
        assert not (target / "2566" / "data").exists()  # a folder oit created and emptied goes too
        assert sorted(p.name for p in (target / "2566").iterdir()) == ["notes.txt"]  # the host's folder stays

    for relative, mtime in times.items():
        assert (target / relative).read_bytes() == FOREIGN[relative]
        assert (target / relative).stat().st_mtime_ns == mtime


def test_publish_killed_midway_finishes_when_run_again(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    target = root / "ita"
    times = place_foreign(target)
    expected = site_files(site) | foreign_hashes()
    with ftp_server(root) as server:
        server.set_upload_delay(0.03)  # a slow host: the publish would take ~10 s
        env = {**os.environ, "OIT_PASSWORD": PASSWORD, "HOME": str(tmp_path)}
        env.pop("NETRC", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder.cli", "publish", server.url("ita"), "--site-dir", str(site)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        try:
            # Kill it once the manifest on the host records the first batch of finished uploads.
            while True:
                assert process.poll() is None, "the publish ended before it could be killed"
                assert time.monotonic() < deadline, "the publish never recorded a batch"
                try:
                    if len(manifest_of(target)["files"]) >= BATCH_FILES:
                        break
                except (FileNotFoundError, json.JSONDecodeError):
                    pass
                time.sleep(0.01)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        assert process.returncode == -signal.SIGKILL
        interrupted = manifest_of(target)
        assert interrupted["pending"], "the killed publish had work left"
        assert published(target) != expected

        server.set_upload_delay(0)
        status, output = publish(server.url("ita"), site, home=tmp_path)
        assert status == 0, output
        resent = count(output, "ส่งขึ้น")
        assert 0 < resent < len(site_files(site)), "the second run resumes instead of starting over"
        assert resent == len(interrupted["pending"])
        assert published(target) == expected
        assert manifest_of(target)["pending"] == []
        assert count(publish(server.url("ita"), site, home=tmp_path)[1], "ส่งขึ้น") == 0
    for relative, mtime in times.items():
        assert (target / relative).stat().st_mtime_ns == mtime


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_wrong_password_is_a_thai_message_and_exit_2(kind: str, site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    with server_of(kind, root, tmp_path) as server:
        status, output = publish(server.url("ita"), site, *server.args, password="not-the-password", home=tmp_path)
    assert status == 2
    assert "เข้าสู่ระบบ" in output and "รหัสผ่านไม่ถูกต้อง" in output and "OIT_PASSWORD" in output
    assert "not-the-password" not in output
    assert list(root.iterdir()) == []


def test_ftps_encrypts_and_verifies_the_hosts_certificate(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    certificate, key = self_signed_certificate(tmp_path)
    with ftp_server(root, tls=(certificate, key)) as server:  # refuses anything sent in the clear
        status, output = publish(server.url("ita"), site, home=tmp_path)
        assert status == 2 and "ใบรับรอง" in output  # not signed by an authority this machine trusts
        assert list(root.iterdir()) == []
        os.environ["SSL_CERT_FILE"] = str(certificate)  # now it is
        try:
            status, output = publish(server.url("ita"), site, home=tmp_path)
        finally:
            del os.environ["SSL_CERT_FILE"]
    assert status == 0, output
    assert published(root / "ita") == site_files(site)


def test_password_from_netrc_and_user_from_it(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    (tmp_path / ".netrc").write_text(f'machine 127.0.0.1 login {USER} password "{PASSWORD}"\n', encoding="utf-8")
    with ftp_server(root) as server:
        status, output = publish(server.url("ita", user=None), site, password=None, home=tmp_path)
    assert status == 0, output
    assert published(root / "ita") == site_files(site)


def test_sftp_publish_from_a_thread_that_runs_an_event_loop(site: Path, tmp_path: Path) -> None:
    """As inside a notebook or a tool built on asyncio (the browser tests' Playwright does this too)."""
    root = tmp_path / "host"
    root.mkdir()

    async def inside_a_running_loop() -> tuple[int, str]:
        return publish(server.url("ita"), site, *server.args, home=tmp_path)

    outcome: list[tuple[int, str]] = []
    with sftp_server(root, tmp_path) as server:
        # A thread of its own: the test runner's thread may already run a loop of its own.
        worker = threading.Thread(target=lambda: outcome.append(asyncio.run(inside_a_running_loop())))
        worker.start()
        worker.join(120)
    status, output = outcome[0]
    assert status == 0, output
    assert published(root / "ita") == site_files(site)


def test_sftp_refuses_a_host_it_cannot_verify(site: Path, tmp_path: Path) -> None:
    root = tmp_path / "host"
    root.mkdir()
    with sftp_server(root, tmp_path) as server:  # its key is not in ~/.ssh/known_hosts (HOME is empty)
        status, output = publish(server.url("ita"), site, home=tmp_path)
    assert status == 2
    assert "known_hosts" in output and f"ssh -p {server.port} {USER}@127.0.0.1" in output
    assert list(root.iterdir()) == []


def test_unreachable_host_and_password_in_url(site: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the socket is closed
    status, output = publish(f"ftp://{USER}@127.0.0.1:{port}/ita", site, home=tmp_path)
    assert status == 2 and "เชื่อมต่อ 127.0.0.1 พอร์ต" in output
    status, output = publish(f"ftp://{USER}:hunter2@127.0.0.1:{port}/ita", site, home=tmp_path)
    assert status == 2 and "อย่าใส่รหัสผ่าน" in output and "hunter2" not in output
    status, output = publish("gopher://example/ita", site, home=tmp_path)
    assert status == 2 and "ไม่รู้จักปลายทาง" in output


# --- rules that do not depend on the transport: a folder target -------------


def test_a_file_already_on_the_target_is_not_overwritten_unless_adopted(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_bytes(b"<h1>the municipality's home page</h1>")
    expected = site_files(site)

    status, output = publish(str(target), site)
    assert status == 1, output
    assert "ไม่เขียนทับ" in output and "index.html" in output and "--adopt" in output
    assert (target / "index.html").read_bytes() == b"<h1>the municipality's home page</h1>"
    assert published(target) == {**expected, "index.html": hashes(target)["index.html"]}
    assert "index.html" not in manifest_of(target)["files"]

    status, output = publish(str(target), site)  # still refused, nothing else to do
    assert status == 1 and count(output, "ส่งขึ้น") == 0
    assert (target / "index.html").read_bytes() == b"<h1>the municipality's home page</h1>"

    status, output = publish(str(target), site, "--adopt")
    assert status == 0, output
    assert published(target) == expected
    assert "index.html" in manifest_of(target)["files"]


def test_dry_run_prints_the_plan_and_changes_nothing(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    assert publish(str(target), site)[0] == 0
    shutil.rmtree(site / "2566")
    (site / "index.html").write_bytes(b"changed")
    (site / "new.txt").write_bytes(b"new")
    before = stats(target)
    status, output = publish(str(target), site, "--dry-run")
    assert status == 0, output
    assert "--dry-run" in output
    assert "+ new.txt (ใหม่)" in output and "+ index.html (เปลี่ยน)" in output
    assert "- 2566/index.html" in output
    assert output.index("+ new.txt") < output.index("+ index.html")  # assets before pages
    assert stats(target) == before


def test_refuses_a_folder_that_oit_build_did_not_make(site: Path, tmp_path: Path) -> None:
    (site / MARKER).unlink()
    status, output = publish(str(tmp_path / "www"), site)
    assert status == 2 and "oit build" in output and "--force" in output
    assert not (tmp_path / "www").exists()
    assert publish(str(tmp_path / "www"), site, "--force")[0] == 0
    status, output = publish(str(site / "copy"), site, "--force")
    assert status == 2 and not (site / "copy").exists()  # never into the site itself


def test_an_unreadable_or_hostile_manifest_stops_everything(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    assert publish(str(target), site)[0] == 0
    manifest = manifest_of(target)
    manifest["pending"] = ["../outside.txt"]  # the host's copy is not trusted
    (target / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    status, output = publish(str(target), site)
    assert status == 2 and "ไม่ปลอดภัย" in output
    assert outside.read_text(encoding="utf-8") == "keep me"
    (target / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    before = stats(target)
    status, output = publish(str(target), site)
    assert status == 2 and MANIFEST_NAME in output
    assert stats(target) == before
