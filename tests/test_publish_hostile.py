"""`oit publish` against the servers municipal hosts really run (tests/real_servers.py) and hostile hosts.

Issue #16: listings refused (vsftpd dirlist_enable=NO, ProFTPD denying MLSD), vsftpd's default
umask 077, TLS required / not offered, host-key checking switched off in ~/.ssh/config, a
protocol on the wrong port, Pure-FTPd forbidding dot-files, a self-signed certificate.
Issue #14: links planted on the target (folder, FTP, SFTP), a forged huge manifest, a corrupt
manifest entry, URLs that leak a password or are taken for a folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import real_servers
from click.testing import CliRunner
from conftest import write_built_site
from real_servers import RealServer, real_server, user_ids

import site_builder
from site_builder.cli import main
from site_builder.publish.manifest import MANIFEST_NAME

MANIFEST_PLAIN = "oit-publish.json"  # the name on hosts that forbid dot-files

CODE = str(Path(site_builder.__file__).resolve().parents[1])  # the code under test, for child processes
SITE = {  # a small built site: an asset, pages, a year folder
    "index.html": "<h1>ITA หน้าแรก</h1>\n",
    "404.html": "<h1>ไม่พบหน้า (ของ oit)</h1>\n",
    "assets/style.css": "body { color: #123; }\n",
    "2566/index.html": "<h1>ปี 2566</h1>\n",
    "2569/oit/o1/index.html": "<h1>O1</h1>\n",
}
HOSTS = {  # the host's own files where the site also has files
    "404.html": b"<h1>the host's own 404 page</h1>\n",
    "2566/index.html": b"<h1>the host's own 2566 page</h1>\n",
}
RERUN = "รันคำสั่งเดิมอีกครั้งเพื่อทำต่อให้เสร็จ"
WRONG_PASSWORD = "รหัสผ่านไม่ถูกต้อง"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_built_site(tmp_path / "site", SITE)


def publish(target: str, site: Path, *args: str, password: str | None = None, home: Path,
            env: dict[str, str] | None = None) -> tuple[int, str]:
    environment = {"OIT_PASSWORD": password, "HOME": str(home), "NETRC": None, "SSL_CERT_FILE": None,
                   **(env or {})}
    result = CliRunner().invoke(main, ["publish", target, "--site-dir", str(site), *args], env=environment)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def publish_to(server: RealServer, site: Path, home: Path, *args: str, path: str = "public_html/ita",
               **options: object) -> tuple[int, str]:
    return publish(server.url(path, **options), site, *server.args, *args, password=server.password,  # type: ignore[arg-type]
                   home=home, env=server.env)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha(p.read_bytes()) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def manifest_at(folder: Path, name: str = MANIFEST_NAME) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


# --- #16-1 listings refused: the host's files are never overwritten -----------------------


@pytest.mark.parametrize(("kind", "knobs"), [
    ("vsftpd-ftp", {"dirlist": False}),  # MLSD unknown, LIST and NLST: 550 Permission denied
    ("proftpd-ftp", {"deny": ("MLSD",)}),  # MLSD: 550; LIST and NLST work
    ("proftpd-ftp", {"deny": ("MLSD", "NLST", "LIST", "STAT")}),  # nothing can be listed
])
def test_listing_refused_never_overwrites_the_hosts_files(kind: str, knobs: dict, site: Path, tmp_path: Path) -> None:
    with real_server(kind, umask="022", **knobs) if kind.startswith("vsftpd") else real_server(kind, **knobs) as server:
        target = server.root / "public_html/ita"
        for relative, data in HOSTS.items():
            server.place(f"public_html/ita/{relative}", data)
        status, output = publish_to(server, site, tmp_path)
        assert status == 1, output
        assert "ไม่เขียนทับ 2 ไฟล์" in output and "! 404.html" in output and "! 2566/index.html" in output
        for relative, data in HOSTS.items():
            assert (target / relative).read_bytes() == data
        owned = set(manifest_at(target)["files"])
        assert owned == set(SITE) - set(HOSTS)  # the host's files are not recorded as oit's
        assert (target / "assets/style.css").read_text(encoding="utf-8") == SITE["assets/style.css"]

        # A later build without those pages must not delete the host's files.
        (site / "404.html").unlink()
        status, output = publish_to(server, site, tmp_path)
        assert status == 1, output
        assert (target / "404.html").read_bytes() == HOSTS["404.html"]

        status, output = publish_to(server, site, tmp_path, "--adopt")  # the officer takes them over
        assert status == 0, output
        assert (target / "2566/index.html").read_text(encoding="utf-8") == SITE["2566/index.html"]


# --- #16-2 modes the web server can read ------------------------------------------------


@pytest.mark.parametrize(("kind", "knobs"), [("vsftpd-ftp", {}), ("vsftpd-ftps", {}), ("sshd-sftp", {"umask": "077"})])
def test_uploaded_files_are_readable_by_the_web_server(kind: str, knobs: dict, site: Path, tmp_path: Path) -> None:
    with real_server(kind, **knobs) as server:  # vsftpd: local_umask unset, its default 077
        status, output = publish_to(server, site, tmp_path)
        assert status == 0, output
        target = server.root / "public_html/ita"
        for relative in SITE:
            assert mode(target / relative) == 0o644, relative
        for folder in ("", "assets", "2566", "2569", "2569/oit", "2569/oit/o1"):
            assert mode(target / folder) == 0o755, folder


def test_other_modes_on_request_and_a_warning_where_the_host_refuses(site: Path, tmp_path: Path) -> None:
    with real_server("vsftpd-ftp") as server:
        status, output = publish_to(server, site, tmp_path, "--file-mode", "640", "--dir-mode", "750")
        assert status == 0, output
        assert mode(server.root / "public_html/ita/index.html") == 0o640
        assert mode(server.root / "public_html/ita/assets") == 0o750
    with real_server("vsftpd-ftp", extra={"chmod_enable": "NO"}) as server:
        status, output = publish_to(server, site, tmp_path)
        assert status == 1, output  # published, but the site may answer 403: not a silent success
        assert "ตั้งสิทธิ์" in output and "403" in output and "local_umask=022" in output
        assert (server.root / "public_html/ita/index.html").read_text(encoding="utf-8") == SITE["index.html"]


# --- #16-3 the right password is not called wrong -----------------------------------------


def test_tls_required_or_not_offered_is_said_with_the_servers_words(site: Path, tmp_path: Path) -> None:
    with real_server("vsftpd-ftps") as server:  # requires TLS; the officer typed ftp://
        status, output = publish_to(server, site, tmp_path, scheme="ftp")
        assert status == 2
        assert WRONG_PASSWORD not in output
        assert "Non-anonymous sessions must use encryption" in output and "ftps://" in output
    with real_server("vsftpd-ftp") as server:  # no TLS at all; the officer typed ftps://
        status, output = publish_to(server, site, tmp_path, scheme="ftps")
        assert status == 2
        assert WRONG_PASSWORD not in output
        assert "AUTH TLS" in output and "ftp://" in output
        assert not (server.root / "public_html/ita").exists()
    with real_server("vsftpd-ftp") as server:  # and a wrong password is still a wrong password
        status, output = publish(server.url(), site, password="not-it", home=tmp_path)
        assert status == 2 and WRONG_PASSWORD in output and "530" in output and "not-it" not in output


# --- #16-4 an unknown host key is refused whatever ~/.ssh/config says ---------------------


def test_unknown_host_key_refused_even_when_ssh_config_disables_checking(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh/config").write_text("Host *\n  UserKnownHostsFile none\n  StrictHostKeyChecking no\n",
                                      encoding="utf-8")
    with real_server("sshd-sftp") as server:
        url = server.url()
        status, output = publish(url, site, password=server.password, home=home)
        assert status == 2, output
        assert "known_hosts" in output and server.fingerprint in output and "--trust-host-key" in output
        assert not (server.root / "public_html/ita").exists()

        status, output = publish(url, site, "--trust-host-key", "SHA256:not-this-one", password=server.password,
                                 home=home)
        assert status == 2 and server.fingerprint in output
        assert not (server.root / "public_html/ita").exists()

        # The documented first-connection step: the fingerprint the host's administrator gives.
        status, output = publish(url, site, "--trust-host-key", server.fingerprint, password=server.password,
                                 home=home)
        assert status == 0, output
        assert tree(server.root / "public_html/ita").keys() >= set(SITE)
        assert server.host_key in (home / ".ssh/known_hosts").read_text(encoding="utf-8")
        (server.root / "public_html/ita/index.html").unlink()
        status, output = publish(url, site, password=server.password, home=home)  # now known
        assert status == 0, output


# --- #16-5 Ctrl+C during an FTPS upload ends at once --------------------------------------


def _vsftpd_processes(server: RealServer) -> list[int]:
    """The vsftpd listener and its session processes (they share its command line: the config file)."""
    config = str(server.folder / "vsftpd.conf").encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and config in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_ctrl_c_during_an_ftps_upload_to_vsftpd_ends_promptly(site: Path, tmp_path: Path) -> None:
    """vsftpd stuck with the interrupted data connection (issue #16: 18 of 43 tries) is made certain
    here by stopping its processes once the upload is under way."""
    import signal
    import time

    (site / "files").mkdir()
    (site / "files/report.pdf").write_bytes(os.urandom(30 * 1024 * 1024))
    with real_server("vsftpd-ftps") as server:
        env = {**os.environ, "OIT_PASSWORD": server.password, "HOME": str(tmp_path), **server.env,
               "PYTHONPATH": CODE}
        env.pop("NETRC", None)
        process = subprocess.Popen([sys.executable, "-m", "site_builder.cli", "publish", server.url(),
                                    "--site-dir", str(site)], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        partial = server.root / "public_html/ita/files/report.pdf"
        stopped: list[int] = []
        try:
            deadline = time.monotonic() + 60
            while not (partial.exists() and partial.stat().st_size > 0):
                assert process.poll() is None and time.monotonic() < deadline, "the upload never started"
                time.sleep(0.005)
            stopped = _vsftpd_processes(server)
            assert len(stopped) >= 2  # the listener and the session
            for pid in stopped:
                os.kill(pid, signal.SIGSTOP)
            process.send_signal(signal.SIGINT)
            # Before the fix ftplib's QUIT waited for vsftpd for the full 60 s timeout.
            output = process.communicate(timeout=25)[0].decode()
        finally:
            for pid in stopped:
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
            if process.poll() is None:
                process.kill()
        assert process.returncode == 2, output
        assert "หยุดกลางคัน" in output and RERUN in output


# --- #16-6 smaller ones --------------------------------------------------------------------


def test_a_connection_vsftpd_drops_midway_has_a_reason_and_a_rerun_finishes(site: Path, tmp_path: Path) -> None:
    import signal
    import time

    (site / "files").mkdir()
    (site / "files/report.pdf").write_bytes(os.urandom(30 * 1024 * 1024))
    with real_server("vsftpd-ftp", umask="022") as server:
        env = {**os.environ, "OIT_PASSWORD": server.password, "HOME": str(tmp_path), "PYTHONPATH": CODE}
        env.pop("NETRC", None)
        process = subprocess.Popen([sys.executable, "-m", "site_builder.cli", "publish", server.url(),
                                    "--site-dir", str(site)], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        partial = server.root / "public_html/ita/files/report.pdf"
        deadline = time.monotonic() + 60
        while not (partial.exists() and partial.stat().st_size > 0):
            assert process.poll() is None and time.monotonic() < deadline, "the upload never started"
            time.sleep(0.005)
        pids = _vsftpd_processes(server)
        parents = {pid: int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) for pid in pids}
        sessions = [pid for pid in pids if parents[pid] in pids]  # the listener's parent is the test
        assert sessions
        for pid in sessions:
            os.kill(pid, signal.SIGKILL)  # the host drops the session: no reply at all
        output = process.communicate(timeout=60)[0].decode()
        assert process.returncode == 2, output
        assert "ตัดการเชื่อมต่อ" in output and RERUN in output
        assert "ไม่ได้:  —" not in output and "ไม่ได้: —" not in output  # never an empty reason
        status, output = publish_to(server, site, tmp_path)
        assert status == 0, output
        assert partial.stat().st_size == 30 * 1024 * 1024



def test_the_wrong_protocol_on_a_port_is_named_with_the_scheme_to_use(site: Path, tmp_path: Path) -> None:
    with real_server("sshd-sftp") as server:  # ftp:// to an SSH port
        status, output = publish(f"ftp://{server.user}@127.0.0.1:{server.port}/public_html/ita", site,
                                 password=server.password, home=tmp_path)
        assert status == 2 and "SSH" in output and f"sftp://{server.user}@127.0.0.1:{server.port}/" in output
    with real_server("vsftpd-ftp") as server:  # sftp:// to an FTP port
        status, output = publish(f"sftp://{server.user}@127.0.0.1:{server.port}/public_html/ita", site,
                                 password=server.password, home=tmp_path)
        assert status == 2 and "FTP" in output and "ftps://" in output
        assert "known_hosts" not in output


@contextmanager
def _running_silent(command: list[str], folder: Path, port: int, name: str, logs: list[Path],
                    env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """real_servers._running for a server that says nothing first (implicit TLS waits for the client)."""
    import time

    with open(folder / f"{name}.out", "wb") as sink:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None and time.monotonic() < deadline, f"{name} did not start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        real_servers._stop(process)


def test_implicit_ftps_is_recognised_and_used(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(real_servers, "_running", _running_silent)
    with real_server("vsftpd-ftps", extra={"implicit_ssl": "YES"}) as server:
        status, output = publish_to(server, site, tmp_path, scheme="ftp")  # TLS from the first byte
        assert status == 2 and "implicit" in output and f"ftps://127.0.0.1:{server.port}/" in output
        status, output = publish_to(server, site, tmp_path)  # ftps:// to it: works
        assert status == 0, output
        assert set(tree(server.root / "public_html/ita")) >= set(SITE)


def test_pure_ftpd_forbidding_dot_files_gets_a_plain_manifest_name(site: Path, tmp_path: Path) -> None:
    with real_server("pure-ftpd-ftp", no_dotfiles=True) as server:
        status, output = publish_to(server, site, tmp_path)
        assert status == 0, output
        assert "553" not in output
        target = server.root / "public_html/ita"
        assert not (target / MANIFEST_NAME).exists()
        assert set(manifest_at(target, MANIFEST_PLAIN)["files"]) == set(SITE)
        status, output = publish_to(server, site, tmp_path)  # found again under that name
        assert status == 0, output
        assert "ส่งขึ้น      0 ไฟล์" in output and "ไม่เปลี่ยน   5 ไฟล์" in output


def test_a_self_signed_certificate_is_trusted_with_ca_file(site: Path, tmp_path: Path) -> None:
    with real_server("vsftpd-ftps") as server:
        url = server.url()
        status, output = publish(url, site, password=server.password, home=tmp_path)
        assert status == 2 and "ใบรับรอง" in output and "--ca-file" in output
        status, output = publish(url, site, "--ca-file", str(server.certificate), password=server.password,
                                 home=tmp_path)
        assert status == 0, output
        assert set(tree(server.root / "public_html/ita")) >= set(SITE)


def test_rerun_advice_only_where_a_rerun_helps(site: Path, tmp_path: Path) -> None:
    with real_server("vsftpd-ftp", umask="022") as server:
        locked = server.root / "public_html/ita"
        locked.mkdir()
        os.chown(locked, 0, 0)  # the account cannot write there: running again will not help
        locked.chmod(0o755)
        status, output = publish_to(server, site, tmp_path)
        assert status == 2, output
        assert RERUN not in output and "สิทธิ์" in output


# --- #14-2 links on FTP and SFTP targets ---------------------------------------------------


@pytest.mark.parametrize("kind", ["vsftpd-ftp", "proftpd-ftp", "pure-ftpd-ftp", "sshd-sftp"])
def test_links_on_a_remote_target_are_never_written_through_or_deleted(kind: str, site: Path, tmp_path: Path) -> None:
    knobs = {"umask": "022"} if kind.startswith("vsftpd") else {}
    with real_server(kind, **knobs) as server:
        status, output = publish_to(server, site, tmp_path)
        assert status == 0, output
        target = server.root / "public_html/ita"
        outside = server.root / "outside"  # the account's other files (its main website)
        server.place("outside/victim.txt", b"keep me")
        server.place("outside/index.html", b"the main site's page")
        uid, gid = user_ids()

        def plant(link: Path, points_to: Path) -> None:
            if link.is_dir() and not link.is_symlink():
                for item in sorted(link.rglob("*"), reverse=True):
                    item.rmdir() if item.is_dir() else item.unlink()
                link.rmdir()
            elif link.exists() or link.is_symlink():
                link.unlink()
            link.symlink_to(points_to)
            os.lchown(link, uid, gid)

        plant(target / "2569/oit/o1", outside)  # a folder oit created, swapped for a link
        plant(target / "index.html", outside / "index.html")  # an uploaded file swapped for a link
        manifest = manifest_at(target)
        manifest["pending"] = ["evil/victim.txt"]  # a forged entry through a planted link
        (target / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
        plant(target / "evil", outside)

        (site / "index.html").write_text("<h1>changed</h1>\n", encoding="utf-8")
        (site / "2569/oit/o1/index.html").write_text("<h1>O1 changed</h1>\n", encoding="utf-8")
        status, output = publish_to(server, site, tmp_path)
        assert status == 1, output
        assert "ลิงก์" in output
        for path in ("index.html", "2569/oit/o1/index.html", "evil/victim.txt"):
            assert f"! {path}" in output
        assert (outside / "victim.txt").read_bytes() == b"keep me"
        assert (outside / "index.html").read_bytes() == b"the main site's page"
        assert sorted(p.name for p in outside.iterdir()) == ["index.html", "victim.txt"]
        for link in ("index.html", "2569/oit/o1", "evil"):
            assert (target / link).is_symlink()  # left alone
        assert (target / "assets/style.css").read_text(encoding="utf-8") == SITE["assets/style.css"]
