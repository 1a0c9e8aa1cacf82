"""Where a site is published: a folder, an FTP(S) host or an SFTP host, behind one small interface.

Paths given to a target are POSIX paths relative to its root (``2569/oit/o1/index.html``);
the target maps them to its own. Every failure becomes :class:`TargetError` with a Thai
message that names the host and the path, never the password.
"""

from __future__ import annotations

import asyncio
import ftplib
import io
import os
import posixpath
import shutil
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote, urlsplit

from .credentials import Credentials, find_credentials

Scheme = Literal["folder", "ftp", "ftps", "sftp"]
DEFAULT_PORTS = {"ftp": 21, "ftps": 21, "sftp": 22}
TIMEOUT = 60  # seconds; shared hosts can be slow, but a dead one must not hang the officer forever


class TargetError(Exception):
    """The target cannot be used (exit status 2); the message says why and what to do, in Thai."""


class AuthError(TargetError):
    """The host refused the user name or password."""


@dataclass(frozen=True)
class TargetSpec:
    scheme: Scheme
    path: str  # a folder; or the remote root: relative to the login folder, absolute when it starts with /
    host: str | None = None
    port: int | None = None
    user: str | None = None

    def display(self) -> str:
        """How the target is named in messages (there is never a password to hide: URLs with one are refused)."""
        if self.scheme == "folder":
            return self.path
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port and self.port != DEFAULT_PORTS[self.scheme] else ""
        return f"{self.scheme}://{user}{self.host}{port}/{self.path}"


def parse_target(text: str) -> TargetSpec:
    """``/var/www/ita``, ``file:///…``, ``ftp://user@host/public_html/ita``, ``sftp://user@host//var/www/ita``."""
    text = text.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("", "file") or (len(scheme) == 1 and text[1:2] == ":"):  # a path; C:\… on Windows
        path = unquote(parts.path) if scheme == "file" else text
        if not path:
            raise TargetError("ไม่ได้ระบุโฟลเดอร์ปลายทาง")
        return TargetSpec("folder", path)
    if scheme not in DEFAULT_PORTS:
        raise TargetError(f"ไม่รู้จักปลายทางแบบ {parts.scheme}:// — ใช้ชื่อโฟลเดอร์ หรือ ftp://, ftps://, sftp:// "
                          "เช่น ftp://ชื่อผู้ใช้@ftp.example.go.th/public_html/ita")
    if parts.password is not None:
        raise TargetError("อย่าใส่รหัสผ่านไว้ในที่อยู่ปลายทาง (จะค้างอยู่ในประวัติคำสั่ง) — ลบรหัสผ่านออกจากที่อยู่ "
                          "แล้วตั้งตัวแปร OIT_PASSWORD, ใส่ใน .netrc หรือพิมพ์เมื่อโปรแกรมถาม")
    if not parts.hostname:
        raise TargetError(f"ที่อยู่ {text} ไม่มีชื่อเครื่อง (host) เช่น ftp://ชื่อผู้ใช้@ftp.example.go.th/public_html")
    try:
        port = parts.port
    except ValueError:
        raise TargetError(f"หมายเลขพอร์ตในที่อยู่ {text} ไม่ถูกต้อง") from None
    # As in FTP URLs (RFC 1738) the path is relative to the login folder; `//path` or
    # `/%2Fpath` is absolute.
    path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    path = path.rstrip("/") if path.strip("/") else ""
    return TargetSpec(scheme, path, parts.hostname, port, unquote(parts.username) if parts.username else None)  # type: ignore[arg-type]


class Target(Protocol):
    """What publishing needs from a host. Missing files and folders are not errors where noted."""

    def read(self, path: str) -> bytes | None: ...  # None: no such file
    def list_names(self, folder: str) -> set[str]: ...  # names in a folder ("" = root); empty if none
    def prepare_root(self) -> None: ...  # create the root folder if it does not exist yet
    def make_dir(self, folder: str) -> bool: ...  # True: created now; False: it was there
    def put_file(self, local: Path, path: str) -> None: ...
    def put_bytes(self, data: bytes, path: str) -> None: ...
    def replace(self, source: str, path: str) -> None: ...  # rename, replacing `path` if it exists
    def remove(self, path: str) -> None: ...  # a missing file is fine
    def remove_dir(self, folder: str) -> bool: ...  # True: removed; False: not empty or not there
    def close(self) -> None: ...


# --- a local folder (a web server's document root, a mounted share) ---------


class FolderTarget:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, path: str) -> Path:
        return self.root / path if path else self.root

    @contextmanager
    def _guard(self, action: str, path: str) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise TargetError(f"{action} {self._path(path)} ไม่ได้: {error.strerror or error}") from None

    def read(self, path: str) -> bytes | None:
        with self._guard("อ่านไฟล์", path):
            try:
                return self._path(path).read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                return None

    def list_names(self, folder: str) -> set[str]:
        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            try:
                return set(os.listdir(self._path(folder)))
            except (FileNotFoundError, NotADirectoryError):
                return set()

    def prepare_root(self) -> None:
        with self._guard("สร้างโฟลเดอร์", ""):
            self.root.mkdir(parents=True, exist_ok=True)

    def make_dir(self, folder: str) -> bool:
        with self._guard("สร้างโฟลเดอร์", folder):
            try:
                self._path(folder).mkdir()
                return True
            except FileExistsError:
                if self._path(folder).is_dir():
                    return False
                raise

    def put_file(self, local: Path, path: str) -> None:
        with self._guard("เขียนไฟล์", path):
            shutil.copyfile(local, self._path(path))

    def put_bytes(self, data: bytes, path: str) -> None:
        with self._guard("เขียนไฟล์", path):
            self._path(path).write_bytes(data)

    def replace(self, source: str, path: str) -> None:
        with self._guard("เปลี่ยนชื่อไฟล์", source):
            os.replace(self._path(source), self._path(path))

    def remove(self, path: str) -> None:
        with self._guard("ลบไฟล์", path):
            self._path(path).unlink(missing_ok=True)

    def remove_dir(self, folder: str) -> bool:
        try:
            self._path(folder).rmdir()
            return True
        except OSError:
            return False

    def close(self) -> None:
        pass


# --- FTP and FTPS (explicit TLS, as shared hosts offer) ---------------------


class _ReusingFTP_TLS(ftplib.FTP_TLS):
    """Data connections reuse the control connection's TLS session.

    Many hosts (vsftpd's require_ssl_reuse, FileZilla Server) refuse a data connection
    that does not; the standard library does not do it by itself.
    """

    def ntransfercmd(self, cmd, rest=None):  # type: ignore[no-untyped-def]
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        # Without this the TLS close of every data connection waits for a delayed ACK
        # (about 40 ms per file: 15 s for a 300-file site).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._prot_p:  # type: ignore[attr-defined]
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)  # type: ignore[union-attr]
        return conn, size


class FtpTarget:
    def __init__(self, spec: TargetSpec, credentials: Credentials) -> None:
        self.spec = spec
        self.where = f"{spec.scheme}://{spec.host}"
        ftp: ftplib.FTP
        if spec.scheme == "ftps":
            ftp = _ReusingFTP_TLS(context=ssl.create_default_context(), timeout=TIMEOUT)
        else:
            ftp = ftplib.FTP(timeout=TIMEOUT)
        self.ftp = ftp
        port = spec.port or DEFAULT_PORTS[spec.scheme]
        try:
            ftp.connect(spec.host or "", port)
        except (OSError, EOFError, ftplib.Error) as error:
            raise TargetError(_unreachable(spec, port, error)) from None
        try:
            ftp.login(credentials.user or "", credentials.password or "")
        except ftplib.error_perm as error:
            self._quit()
            if str(error).startswith("530"):
                raise AuthError(_login_refused(spec, credentials)) from None
            raise TargetError(f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: {error}") from None
        except ssl.SSLCertVerificationError as error:
            self._quit()
            raise TargetError(_certificate(spec, error)) from None
        except (OSError, EOFError, ftplib.Error) as error:
            self._quit()
            raise TargetError(f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: {error}") from None
        try:
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()  # the pages travel encrypted too, not only the password
            home = ftp.pwd()
        except (OSError, EOFError, ftplib.Error) as error:
            self._quit()
            raise TargetError(f"ใช้งาน {spec.display()} ไม่ได้: {error}") from None
        self.root = posixpath.normpath(posixpath.join(home, spec.path)) if spec.path else home

    def _quit(self) -> None:
        try:
            self.ftp.close()
        except Exception:  # closing a broken connection: nothing left to do
            pass

    def _abs(self, path: str) -> str:
        return posixpath.join(self.root, path) if path else self.root

    @contextmanager
    def _guard(self, action: str, path: str) -> Iterator[None]:
        try:
            yield
        except (OSError, EOFError, ftplib.Error) as error:
            raise TargetError(f"{action} {self._abs(path)} บน {self.where} ไม่ได้: {error}") from None

    def read(self, path: str) -> bytes | None:
        buffer = io.BytesIO()
        with self._guard("อ่านไฟล์", path):
            try:
                self.ftp.retrbinary(f"RETR {self._abs(path)}", buffer.write)
            except (ftplib.error_perm, ftplib.error_temp):
                # Servers say "no such file" with 550 or 450, and the same codes for other failures:
                # the folder's listing tells which.
                if posixpath.basename(path) not in self.list_names(posixpath.dirname(path)):
                    return None
                raise
        return buffer.getvalue()

    def list_names(self, folder: str) -> set[str]:
        where = self._abs(folder)
        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            try:
                return {name for name, _facts in self.ftp.mlsd(where, facts=["type"]) if name not in (".", "..")}
            except ftplib.error_perm as error:
                if not str(error).startswith(("500", "501", "502", "504")):
                    return set()  # 550: no such folder
            try:  # a server without MLSD (RFC 3659): plain NLST; some return full paths
                return {posixpath.basename(name.rstrip("/")) for name in self.ftp.nlst(where)} - {".", ".."}
            except ftplib.error_perm:
                return set()  # no such folder, or an empty one on servers that answer 550 for it

    def _is_dir(self, where: str) -> bool:
        try:
            self.ftp.cwd(where)
            return True
        except ftplib.error_perm:
            return False

    def prepare_root(self) -> None:
        if self._is_dir(self.root):
            return
        current = "/" if self.root.startswith("/") else ""
        for part in self.root.strip("/").split("/"):
            current = posixpath.join(current, part)
            with self._guard("สร้างโฟลเดอร์", ""):
                if not self._is_dir(current):
                    self.ftp.mkd(current)

    def make_dir(self, folder: str) -> bool:
        with self._guard("สร้างโฟลเดอร์", folder):
            try:
                self.ftp.mkd(self._abs(folder))
                return True
            except ftplib.error_perm:
                if self._is_dir(self._abs(folder)):
                    return False
                raise

    def put_file(self, local: Path, path: str) -> None:
        with self._guard("ส่งไฟล์", path), local.open("rb") as stream:
            self.ftp.storbinary(f"STOR {self._abs(path)}", stream)

    def put_bytes(self, data: bytes, path: str) -> None:
        with self._guard("ส่งไฟล์", path):
            self.ftp.storbinary(f"STOR {self._abs(path)}", io.BytesIO(data))

    def replace(self, source: str, path: str) -> None:
        with self._guard("เปลี่ยนชื่อไฟล์", source):
            try:
                self.ftp.rename(self._abs(source), self._abs(path))
            except ftplib.error_perm:
                # Some servers (IIS) will not rename onto an existing file. Between the two
                # steps only `source` exists; readers fall back to it (see publish._read_manifest).
                self.ftp.delete(self._abs(path))
                self.ftp.rename(self._abs(source), self._abs(path))

    def remove(self, path: str) -> None:
        with self._guard("ลบไฟล์", path):
            try:
                self.ftp.delete(self._abs(path))
            except (ftplib.error_perm, ftplib.error_temp):
                if posixpath.basename(path) in self.list_names(posixpath.dirname(path)):
                    raise  # it is there and could not be deleted
            # not there any more: what a removal wants

    def remove_dir(self, folder: str) -> bool:
        try:
            self.ftp.rmd(self._abs(folder))
            return True
        except (ftplib.Error, OSError):
            return False

    def close(self) -> None:
        try:
            self.ftp.quit()
        except Exception:  # the publish is done; a rude server at goodbye changes nothing
            self._quit()


# --- SFTP (asyncssh, driven from this synchronous code through a private event loop) ---


class SftpTarget:
    def __init__(self, spec: TargetSpec, credentials: Credentials, known_hosts: Path | None,
                 ask_password: Callable[[], str] | None) -> None:
        import asyncssh

        self.spec = spec
        self.where = f"sftp://{spec.host}"
        self.root = spec.path
        # The loop runs in its own thread, so publishing works even when the caller's thread
        # already runs an event loop (a notebook, another tool embedding oit).
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="oit-sftp", daemon=True)
        self._thread.start()
        port = spec.port or DEFAULT_PORTS["sftp"]
        # Keepalives turn a host that stops answering mid-transfer into an error instead of a hang.
        options: dict[str, object] = {"username": credentials.user, "connect_timeout": TIMEOUT,
                                      "login_timeout": TIMEOUT, "keepalive_interval": 15, "keepalive_count_max": 4}
        if known_hosts is not None:
            options["known_hosts"] = str(known_hosts)  # else asyncssh reads ~/.ssh/known_hosts, as ssh does
        password = credentials.password
        try:
            try:
                self._conn = self._run(asyncssh.connect(spec.host or "", port, password=password, **options))
            except asyncssh.PermissionDenied:
                if password is not None or ask_password is None:
                    raise
                # No password configured and the keys were refused: ask, as ssh would.
                password = ask_password()
                credentials = Credentials(credentials.user, password, "ที่พิมพ์")
                self._conn = self._run(asyncssh.connect(spec.host or "", port, password=password, **options))
            self._sftp = self._run(self._conn.start_sftp_client())
        except asyncssh.PermissionDenied:
            self._stop_loop()
            raise AuthError(_login_refused(spec, credentials)) from None
        except asyncssh.HostKeyNotVerifiable:
            self._stop_loop()
            raise TargetError(
                f"ยืนยันตัวตนของเครื่อง {spec.host} ไม่ได้ (host key ไม่อยู่ในรายการ known_hosts) — เพื่อกันการปลอมเป็นเครื่องปลายทาง "
                f"ให้เชื่อมต่อด้วย ssh {f'-p {port} ' if port != 22 else ''}{(spec.user + '@') if spec.user else ''}{spec.host} "
                "หนึ่งครั้งแล้วตอบรับ "
                "ลายนิ้วมือ (fingerprint) ที่ตรงกับที่ผู้ดูแลเครื่องแจ้ง หรือระบุไฟล์ด้วย --known-hosts") from None
        except (OSError, asyncssh.Error) as error:
            self._stop_loop()
            raise TargetError(_unreachable(spec, port, error)) from None

    def _run(self, awaitable):  # type: ignore[no-untyped-def]
        async def wait():  # type: ignore[no-untyped-def]  # asyncssh.connect() is awaitable, not a coroutine
            return await awaitable

        return asyncio.run_coroutine_threadsafe(wait(), self._loop).result()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(TIMEOUT)
        self._loop.close()

    def _abs(self, path: str) -> str:
        # Relative paths are resolved by the server against the login (home) folder.
        return posixpath.join(self.root, path) if self.root else (path or ".")

    @contextmanager
    def _guard(self, action: str, path: str) -> Iterator[None]:
        import asyncssh

        try:
            yield
        except (OSError, asyncssh.Error) as error:
            reason = getattr(error, "reason", None) or error
            raise TargetError(f"{action} {self._abs(path)} บน {self.where} ไม่ได้: {reason}") from None

    def read(self, path: str) -> bytes | None:
        import asyncssh

        async def read() -> bytes:
            async with self._sftp.open(self._abs(path), "rb") as stream:
                return await stream.read()

        with self._guard("อ่านไฟล์", path):
            try:
                return self._run(read())
            except (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath):
                return None

    def list_names(self, folder: str) -> set[str]:
        import asyncssh

        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            try:
                return set(self._run(self._sftp.listdir(self._abs(folder)))) - {".", ".."}
            except (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath):
                return set()

    def prepare_root(self) -> None:
        if self.root:
            with self._guard("สร้างโฟลเดอร์", ""):
                self._run(self._sftp.makedirs(self.root, exist_ok=True))

    def make_dir(self, folder: str) -> bool:
        import asyncssh

        with self._guard("สร้างโฟลเดอร์", folder):
            try:
                self._run(self._sftp.mkdir(self._abs(folder)))
                return True
            except asyncssh.SFTPError:
                if self._run(self._sftp.isdir(self._abs(folder))):
                    return False
                raise

    def put_file(self, local: Path, path: str) -> None:
        with self._guard("ส่งไฟล์", path):
            self._run(self._sftp.put(str(local), self._abs(path)))

    def put_bytes(self, data: bytes, path: str) -> None:
        async def write() -> None:
            async with self._sftp.open(self._abs(path), "wb") as stream:
                await stream.write(data)

        with self._guard("ส่งไฟล์", path):
            self._run(write())

    def replace(self, source: str, path: str) -> None:
        import asyncssh

        with self._guard("เปลี่ยนชื่อไฟล์", source):
            try:
                self._run(self._sftp.posix_rename(self._abs(source), self._abs(path)))
            except asyncssh.SFTPOpUnsupported:
                # Plain SFTP rename will not replace: remove first (readers fall back to `source`).
                self._run(self._sftp.remove(self._abs(path)))
                self._run(self._sftp.rename(self._abs(source), self._abs(path)))

    def remove(self, path: str) -> None:
        import asyncssh

        with self._guard("ลบไฟล์", path):
            try:
                self._run(self._sftp.remove(self._abs(path)))
            except (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath):
                pass

    def remove_dir(self, folder: str) -> bool:
        import asyncssh

        try:
            self._run(self._sftp.rmdir(self._abs(folder)))
            return True
        except (OSError, asyncssh.Error):
            return False

    def close(self) -> None:
        async def goodbye() -> None:  # on the loop's thread: asyncssh objects are not thread-safe
            self._sftp.exit()
            self._conn.close()
            await self._conn.wait_closed()

        try:
            self._run(goodbye())
        except Exception:  # the publish is done; a broken goodbye changes nothing
            pass
        finally:
            self._stop_loop()


# --- opening a target -------------------------------------------------------


def _unreachable(spec: TargetSpec, port: int, error: object) -> str:
    if isinstance(error, socket.gaierror):
        reason = "ไม่พบชื่อเครื่องนี้ (ตรวจการสะกด หรือการเชื่อมต่ออินเทอร์เน็ต)"
    elif isinstance(error, ConnectionRefusedError):
        reason = "เครื่องปลายทางปฏิเสธการเชื่อมต่อ (ตรวจหมายเลขพอร์ตและชนิด ftp/ftps/sftp)"
    elif isinstance(error, (TimeoutError, socket.timeout)):
        reason = "หมดเวลารอ (เครื่องปลายทางไม่ตอบ หรือไฟร์วอลล์ปิดกั้น)"
    else:
        reason = str(getattr(error, "reason", None) or error)
    return f"เชื่อมต่อ {spec.host} พอร์ต {port} ไม่ได้: {reason}"


def _login_refused(spec: TargetSpec, credentials: Credentials) -> str:
    user = credentials.user or "(ไม่ได้ระบุ)"
    if credentials.password is None:  # SFTP with keys only
        return (f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: เครื่องปลายทางไม่รับกุญแจ SSH ของผู้ใช้ {user} และไม่มีรหัสผ่าน "
                "— ตั้งตัวแปร OIT_PASSWORD หรือใส่ใน .netrc แล้วรันใหม่")
    return (f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: ชื่อผู้ใช้ {user} หรือรหัสผ่านไม่ถูกต้อง "
            f"(รหัสผ่านจาก{credentials.source}) — ตรวจชื่อผู้ใช้ในที่อยู่ปลายทาง และรหัสผ่านในตัวแปร OIT_PASSWORD "
            "หรือไฟล์ .netrc แล้วรันใหม่")


def _certificate(spec: TargetSpec, error: ssl.SSLCertVerificationError) -> str:
    return (f"ใบรับรอง (certificate) ของ {spec.host} ตรวจสอบไม่ผ่าน: {error.verify_message} — "
            "ใช้ชื่อเครื่องตามที่ระบุในใบรับรองของผู้ให้บริการ หรือสอบถามผู้ให้บริการ; "
            "ถ้าผู้ให้บริการไม่มี FTPS ที่ถูกต้อง ให้ใช้ sftp://")


def open_target(spec: TargetSpec, *, known_hosts: Path | None = None,
                ask_password: Callable[[], str] | None = None) -> Target:
    """Connect and log in. ``ask_password`` is called only when no password is configured."""
    if spec.scheme == "folder":
        return FolderTarget(Path(spec.path).expanduser())
    credentials = find_credentials(spec.host or "", spec.user)
    if spec.scheme == "sftp":
        return SftpTarget(spec, credentials, known_hosts, ask_password)
    if credentials.user is None:
        raise TargetError(f"ไม่ได้ระบุชื่อผู้ใช้ของ {spec.host} — ใส่ในที่อยู่ เช่น "
                          f"{spec.scheme}://ชื่อผู้ใช้@{spec.host}/{spec.path} หรือใน .netrc")
    if credentials.password is None:
        if ask_password is None:
            raise TargetError(f"ไม่มีรหัสผ่านสำหรับ {spec.display()} — ตั้งตัวแปร OIT_PASSWORD "
                              "หรือใส่ใน .netrc (machine … login … password …) หรือรันในหน้าต่างคำสั่งเพื่อพิมพ์รหัสผ่าน")
        credentials = Credentials(credentials.user, ask_password(), "ที่พิมพ์")
    return FtpTarget(spec, credentials)
