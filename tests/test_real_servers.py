"""The real servers of tests/real_servers.py start, let the test user in, store and list a file,
and behave as the hosts in issue #16 did (vsftpd's umask 077, refused listings, TLS required,
Pure-FTPd's forbidden dot-files); teardown leaves no process and no folder behind."""

from __future__ import annotations

import asyncio
import ftplib
import io
import os
import stat
from pathlib import Path

import pytest
from real_servers import KINDS, RealServer, real_server


def sftp_put_and_list(server: RealServer, relative: str, data: bytes) -> list[str]:
    import asyncssh

    async def run() -> list[str]:
        async with asyncssh.connect("127.0.0.1", server.port, username=server.user, password=server.password,
                                    known_hosts=str(server.known_hosts)) as connection, \
                connection.start_sftp_client() as sftp:
            async with sftp.open(relative, "wb") as stream:
                await stream.write(data)
            return sorted(await sftp.listdir(os.path.dirname(relative)))

    return asyncio.run(run())


def ftp_put_and_list(server: RealServer, relative: str, data: bytes) -> list[str]:
    client = server.ftp()
    try:
        client.storbinary(f"STOR {relative}", io.BytesIO(data))
        return sorted(os.path.basename(name) for name in client.nlst(os.path.dirname(relative)))
    finally:
        client.quit()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kind", KINDS)
def test_server_starts_and_the_test_user_stores_and_lists_a_file(kind: str) -> None:
    data = "หน้าแรก\n".encode()
    with real_server(kind) as server:
        put_and_list = sftp_put_and_list if server.scheme == "sftp" else ftp_put_and_list
        names = put_and_list(server, "public_html/index.html", data)
        assert "index.html" in names
        stored = server.root / "public_html" / "index.html"
        assert stored.read_bytes() == data
        assert stored.stat().st_uid == os.stat(server.root).st_uid  # written as the test user, not root
        print(f"{kind}: {server.software}")  # the version, for the record (pytest -s)
        folder, pid_files = server.folder, list(server.folder.glob("*.pid"))
    assert not folder.exists()
    for pid_file in pid_files:  # the daemon is gone (its pid file went with the folder)
        assert not pid_file.exists()


def test_teardown_kills_the_server_process_group() -> None:
    with real_server("vsftpd-ftp") as server:
        client = server.ftp()  # a session process stays alive while connected
        port = server.port
    with pytest.raises(OSError):
        ftplib.FTP().connect("127.0.0.1", port, timeout=2)
    with pytest.raises((OSError, EOFError, ftplib.Error)):
        client.pwd()  # the session process was killed too


def test_vsftpd_default_umask_makes_files_only_their_owner_can_read() -> None:
    """The hazard of issue #16: Debian leaves local_umask unset, vsftpd's default is 077."""
    with real_server("vsftpd-ftp") as server:
        client = server.ftp()
        client.mkd("public_html/ita")
        client.storbinary("STOR public_html/ita/index.html", io.BytesIO(b"<h1>ITA</h1>"))
        client.quit()
        assert mode(server.root / "public_html/ita/index.html") == 0o600  # the web server gets 403
        assert mode(server.root / "public_html/ita") == 0o700
    with real_server("vsftpd-ftp", umask="022") as server:
        client = server.ftp()
        client.storbinary("STOR public_html/index.html", io.BytesIO(b"<h1>ITA</h1>"))
        client.quit()
        assert mode(server.root / "public_html/index.html") == 0o644


def test_vsftpd_with_tls_required_refuses_a_plain_login() -> None:
    with (real_server("vsftpd-ftps") as server,
          pytest.raises(ftplib.error_perm, match="530 Non-anonymous sessions must use encryption")):
        server.ftp(tls=False)
    with (real_server("vsftpd-ftp") as server,  # no TLS at all: AUTH TLS is refused
          pytest.raises(ftplib.error_perm, match="^530")):
        server.ftp(tls=True)


def test_vsftpd_without_listings_answers_550_for_an_existing_folder() -> None:
    with real_server("vsftpd-ftp", dirlist=False) as server:
        server.place("public_html/404.html", b"host's own page")
        client = server.ftp()
        with pytest.raises(ftplib.error_perm, match="^550 Permission denied"):
            client.nlst("public_html")  # the same 550 as for a folder that does not exist
        with pytest.raises(ftplib.error_perm, match="^550 Permission denied"):
            client.dir("public_html")
        with pytest.raises(ftplib.error_perm, match="^500"):
            list(client.mlsd("public_html"))  # vsftpd has no MLSD at all
        assert client.size("public_html/404.html") == len(b"host's own page")  # SIZE still answers
        client.quit()


def test_proftpd_refusing_mlsd_still_answers_nlst() -> None:
    with real_server("proftpd-ftp", deny=("MLSD",)) as server:
        server.place("public_html/404.html", b"host's own page")
        client = server.ftp()
        with pytest.raises(ftplib.error_perm, match="^550"):
            list(client.mlsd("public_html"))
        assert [os.path.basename(name) for name in client.nlst("public_html")] == ["404.html"]
        client.quit()


def test_pure_ftpd_without_dot_files_refuses_one() -> None:
    with real_server("pure-ftpd-ftp", no_dotfiles=True) as server:
        client = server.ftp()
        with pytest.raises(ftplib.error_perm, match="^553"):
            client.storbinary("STOR public_html/.oit-publish.json", io.BytesIO(b"{}"))
        client.quit()
        assert not (server.root / "public_html/.oit-publish.json").exists()


def test_sshd_host_key_is_what_the_known_hosts_file_trusts() -> None:
    import asyncssh

    with real_server("sshd-sftp") as server:
        assert server.fingerprint and server.fingerprint.startswith("SHA256:")
        assert server.host_key and server.known_hosts
        assert f"[127.0.0.1]:{server.port} {server.host_key}" in server.known_hosts.read_text(encoding="utf-8")
        assert asyncssh.import_public_key(server.host_key).get_fingerprint("sha256") == server.fingerprint

        async def unknown() -> None:  # an empty known_hosts: the key is refused
            empty = server.folder / "empty_known_hosts"
            empty.write_text("", encoding="utf-8")
            await asyncssh.connect("127.0.0.1", server.port, username=server.user, password=server.password,
                                   known_hosts=str(empty))

        with pytest.raises(asyncssh.HostKeyNotVerifiable):
            asyncio.run(unknown())
