"""`oit publish` against the servers municipal hosts really run (tests/real_servers.py): vsftpd
(FTP, explicit FTPS), OpenSSH's SFTP, ProFTPD and Pure-FTPd (FTP, explicit FTPS), on loopback.

The baseline a host of each kind must give: the first publish goes up byte for byte beside the
host's own files, which keep their bytes and times; a second publish sends nothing; one changed
page sends one file; a year's pages removed from the site leave the host, the host's own file in
that folder stays; a publish killed midway finishes when run again; a wrong password is a Thai
message and exit 2, with nothing written.
The defects of issue #16 (listings refused, umask 077, TLS required on ftp://, …) have tests of
their own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from real_servers import KINDS, RealServer, real_server
from test_publish import count, demo_site, hashes, site_files  # noqa: F401  (demo_site: a fixture)

from site_builder.cli import main
from site_builder.publish import BATCH_FILES
from site_builder.publish.manifest import MANIFEST_NAME

FOREIGN = {  # the municipality's own files, in the folder oit publishes to, before the first publish
    "robots.txt": b"User-agent: *\nDisallow: /admin/\n",
    "legacy/index.php": b"<?php echo 'old site'; ?>\n",
    "2566/notes.txt": "บันทึกของเว็บมาสเตอร์\n".encode(),  # inside a folder the site also uses
}
OLD = 1_600_000_000_000_000_000  # ns: the host's files' modification time, to prove they are never rewritten


@pytest.fixture
def site(demo_site: Path, tmp_path: Path) -> Path:  # noqa: F811
    """A copy of the demo site the test may change."""
    return Path(shutil.copytree(demo_site, tmp_path / "site"))


def publish(server: RealServer, site: Path, *args: str, password: str | None = None) -> tuple[int, str]:
    env = {**server.env, "OIT_PASSWORD": password or server.password, "HOME": str(server.folder), "NETRC": None}
    result = CliRunner().invoke(main, ["publish", server.url(), "--site-dir", str(site), *server.args, *args],
                                env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def on_host(target: Path) -> dict[str, str]:
    """What is in the published folder, minus oit's own manifest."""
    return {path: digest for path, digest in hashes(target).items() if not path.startswith(".oit-publish")}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", KINDS)
def test_first_publish_beside_the_hosts_files_then_nothing_then_one_change_then_a_removal(
        kind: str, site: Path) -> None:
    with real_server(kind) as server:  # each with its defaults (vsftpd: umask 077)
        target = server.root / "public_html" / "ita"
        for relative, data in FOREIGN.items():
            server.place(f"public_html/ita/{relative}", data, mtime_ns=OLD)
        foreign = hashes(target)
        assert len(foreign) == len(FOREIGN)
        total = len(site_files(site))

        # 1. Everything arrives, byte for byte; the host's files stay as they were.
        status, output = publish(server, site)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == total and count(output, "ไม่เปลี่ยน") == 0
        assert on_host(target) == site_files(site) | foreign

        # 2. Nothing changed: nothing is sent, nothing on the host is rewritten.
        before = stats(target)
        status, output = publish(server, site)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == 0 and count(output, "ไม่เปลี่ยน") == total
        assert {k: v for k, v in stats(target).items() if not k.startswith(".oit-publish")} == \
            {k: v for k, v in before.items() if not k.startswith(".oit-publish")}

        # 3. One page changes: one file is sent.
        (site / "index.html").write_bytes((site / "index.html").read_bytes() + b"<!-- updated -->\n")
        status, output = publish(server, site)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == 1 and count(output, "ไม่เปลี่ยน") == total - 1
        assert on_host(target) == site_files(site) | foreign

        # 4. A year's pages leave the site: they leave the host; the host's note in that folder stays.
        gone = sorted(p for p in site_files(site) if p.startswith("2566/"))
        assert gone
        shutil.rmtree(site / "2566")
        status, output = publish(server, site)
        assert status == 0, output
        assert count(output, "ส่งขึ้น") == 0 and count(output, "ลบ") == len(gone)
        assert on_host(target) == site_files(site) | foreign
        assert sorted(p.name for p in (target / "2566").iterdir()) == ["notes.txt"]

        for relative, data in FOREIGN.items():
            assert (target / relative).read_bytes() == data
            assert (target / relative).stat().st_mtime_ns == OLD


@pytest.mark.parametrize("kind", KINDS)
def test_wrong_password_is_a_thai_message_and_exit_2(kind: str, site: Path) -> None:
    with real_server(kind) as server:
        status, output = publish(server, site, password="not-the-password")
        assert status == 2, output
        assert "เข้าสู่ระบบ" in output and "รหัสผ่านไม่ถูกต้อง" in output and "OIT_PASSWORD" in output
        assert "not-the-password" not in output
        assert list((server.root / "public_html").iterdir()) == []


# Each FTP server's own upload-rate limit (the 8 MB demo site then takes a few seconds), so the
# kill lands after the first batch is recorded and before the last one. sshd has no such limit.
THROTTLE = {
    "vsftpd-ftps": {"extra": {"local_max_rate": "5000000"}},  # bytes/s
    "proftpd-ftp": {"extra": ["TransferRate STOR 5000"]},  # KiB/s
    "pure-ftpd-ftp": {"extra": ["-T", "25000"]},  # KiB/s
}


@pytest.mark.parametrize("kind", THROTTLE)
def test_publish_killed_midway_finishes_when_run_again(kind: str, site: Path) -> None:
    with real_server(kind, **THROTTLE[kind]) as server:  # type: ignore[arg-type]
        target = server.root / "public_html" / "ita"
        for relative, data in FOREIGN.items():
            server.place(f"public_html/ita/{relative}", data, mtime_ns=OLD)
        foreign = hashes(target)
        env = {**os.environ, **server.env, "OIT_PASSWORD": server.password, "HOME": str(server.folder)}
        env.pop("NETRC", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder.cli", "publish", server.url(), "--site-dir", str(site)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        try:  # kill it once the manifest on the host records the first batch of finished uploads
            while True:
                assert process.poll() is None, "the publish ended before it could be killed"
                assert time.monotonic() < deadline, "the publish never recorded a batch"
                try:
                    if len(json.loads((target / MANIFEST_NAME).read_bytes())["files"]) >= BATCH_FILES:
                        break
                except (FileNotFoundError, json.JSONDecodeError):
                    pass
                time.sleep(0.01)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        assert process.returncode == -signal.SIGKILL
        interrupted = json.loads((target / MANIFEST_NAME).read_bytes())
        assert interrupted["pending"], "the killed publish had work left"

        status, output = publish(server, site)
        assert status == 0, output
        resent = count(output, "ส่งขึ้น")
        assert 0 < resent < len(site_files(site)), "the second run resumes instead of starting over"
        assert resent == len(interrupted["pending"])
        assert on_host(target) == site_files(site) | foreign  # no half-written or temporary file left
        assert json.loads((target / MANIFEST_NAME).read_bytes())["pending"] == []
        assert count(publish(server, site)[1], "ส่งขึ้น") == 0
        for relative in FOREIGN:
            assert (target / relative).stat().st_mtime_ns == OLD
