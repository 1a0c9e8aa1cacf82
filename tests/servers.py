"""Real servers on loopback for the publish tests: FTP and FTPS (pyftpdlib), SFTP (asyncssh's server).

Each listens on 127.0.0.1 on a port the system picks, serves a folder of the test's
temporary directory, and stops when its ``with`` block ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

USER = "officer"
PASSWORD = "correct horse battery"


@dataclass
class Server:
    scheme: str
    port: int
    root: Path  # the folder the server shows as the login folder
    args: list[str] = field(default_factory=list)  # extra `oit publish` arguments it needs
    handler: type | None = None  # FTP: the handler class, to slow uploads down or speed them up

    def url(self, path: str = "ita", user: str | None = USER) -> str:
        return f"{self.scheme}://{user + '@' if user else ''}127.0.0.1:{self.port}/{path}"

    def set_upload_delay(self, seconds: float) -> None:
        assert self.handler is not None, "only the FTP server can be slowed down"
        self.handler.upload_delay = seconds

    def stall_after_upload(self) -> threading.Event:
        """From now on the server stops answering once a file is stored, until the returned event is set."""
        assert self.handler is not None, "only the FTP server can be stalled"
        release = threading.Event()
        self.handler.stall = release
        return release

    def drop_on_upload(self, name: str) -> None:
        """The server closes the connection, without a word, when a file of this name is sent."""
        assert self.handler is not None, "only the FTP server can drop connections"
        self.handler.drop_name = name


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (and its key), as a host with FTPS would have."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "host-cert.pem", folder / "host-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@contextmanager
def ftp_server(root: Path, tls: tuple[Path, Path] | None = None) -> Iterator[Server]:
    """FTP; with ``tls`` (certificate, key) FTPS that refuses any command or transfer in the clear."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(root), perm="elradfmwMT")
    base = TLS_FTPHandler if tls else FTPHandler

    class Handler(base):  # type: ignore[valid-type,misc]
        upload_delay = 0.0  # seconds after each stored file: lets a test kill a publish midway
        stall: threading.Event | None = None  # set: a host that stops answering until the event is set
        drop_name: str | None = None  # a file name whose upload makes the host hang up

        def ftp_STOR(self, file: str, mode: str = "w") -> object:
            if self.drop_name and os.path.basename(file) == self.drop_name:
                self.close()  # a dropped connection: no reply at all
                return None
            return super().ftp_STOR(file, mode)

        def on_file_received(self, file: str) -> None:
            if self.upload_delay:
                time.sleep(self.upload_delay)  # blocks this one-client server: exactly a slow host
            if self.stall is not None:
                self.stall.wait(120)

    Handler.authorizer = authorizer
    Handler.auth_failed_timeout = 0  # pyftpdlib waits 3 s after a wrong password by default
    Handler.banner = "test server"
    if tls:
        Handler.certfile, Handler.keyfile = str(tls[0]), str(tls[1])
        Handler.tls_control_required = Handler.tls_data_required = True
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)  # no line per command
    server = FTPServer(("127.0.0.1", 0), Handler)
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            server.serve_forever(timeout=0.02, blocking=False)
        server.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield Server("ftps" if tls else "ftp", server.address[1], root, handler=Handler)
    finally:
        stop.set()
        thread.join(10)


@contextmanager
def sftp_server(root: Path, workdir: Path) -> Iterator[Server]:
    """SFTP with password login, a throwaway host key, and a ``known_hosts`` file that trusts it."""
    import asyncssh

    class Auth(asyncssh.SSHServer):
        def begin_auth(self, username: str) -> bool:
            return True  # authentication is required

        def password_auth_supported(self) -> bool:
            return True

        def validate_password(self, username: str, password: str) -> bool:
            return username == USER and password == PASSWORD

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    key = asyncssh.generate_private_key("ssh-ed25519")

    async def start() -> asyncssh.SSHAcceptor:
        return await asyncssh.listen(
            "127.0.0.1", 0, server_host_keys=[key], server_factory=Auth,
            sftp_factory=lambda channel: asyncssh.SFTPServer(channel, chroot=os.fsencode(root)))

    acceptor = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    port = acceptor.get_port()
    known_hosts = workdir / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {key.export_public_key().decode().strip()}\n", encoding="utf-8")
    try:
        yield Server("sftp", port, root, ["--known-hosts", str(known_hosts)])
    finally:
        async def stop() -> None:  # on the server's own loop: asyncio objects are not thread-safe
            acceptor.close()
            await acceptor.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@contextmanager
def server_of(kind: str, root: Path, workdir: Path) -> Iterator[Server]:
    with (ftp_server(root) if kind == "ftp" else sftp_server(root, workdir)) as server:
        yield server
