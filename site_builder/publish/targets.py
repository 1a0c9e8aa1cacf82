"""Where a site is published: a folder, an FTP(S) host or an SFTP host, behind one small interface.

Paths given to a target are POSIX paths relative to its root (``2569/oit/o1/index.html``);
the target maps them to its own. Every failure becomes :class:`TargetError` with a Thai
message that names the host and the path, never the password.

The host is not trusted: other accounts and other software can change the folder oit
writes to. So every target can tell what sits at a path (``kind``: a file, a folder, a
link…), listings that a server refuses are told apart from missing folders, and the folder
target never follows a link below its root (each path part is checked with ``lstat``,
files are written to a fresh temporary name opened with ``O_EXCL | O_NOFOLLOW`` and then
renamed).
"""

from __future__ import annotations

import asyncio
import errno
import ftplib
import io
import os
import posixpath
import re
import secrets
import socket
import ssl
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote, urlsplit

from ..base.errors import OitError
from .credentials import Credentials, find_credentials

Scheme = Literal["folder", "ftp", "ftps", "sftp"]
Kind = Literal["file", "dir", "link", "other", "unknown"]  # "unknown": listed by name only (NLST)
DEFAULT_PORTS = {"ftp": 21, "ftps": 21, "sftp": 22}
IMPLICIT_FTPS_PORT = 990  # ftps://host:990 speaks TLS from the first byte (implicit FTPS)
TIMEOUT = 60  # seconds; shared hosts can be slow, but a dead one must not hang the officer forever
GREETING_WAIT = 5  # seconds: every FTP and SSH server greets at once; silence means another protocol
GOODBYE_WAIT = 2  # seconds for QUIT: a publish that is over (or interrupted) must not hang on a rude host


class TargetError(OitError):
    """The target cannot be used; the message says why and what to do, in Thai.

    ``rerun``: running the same command again may finish the job (the connection dropped, the
    host was busy); not when the host refuses the work itself (no permission, a bad name).
    """

    def __init__(self, message: str, *, rerun: bool = False) -> None:
        super().__init__(message)
        self.rerun = rerun


class AuthError(TargetError):
    """The host refused the user name or password."""


class ListingRefused(TargetError):
    """The folder exists but the server will not list it: each path must be asked about on its own."""


class LinkError(TargetError):
    """A symbolic link sits where oit expected its own file or folder: it is never followed."""


class TooLarge(TargetError):
    """A file read from the target is larger than the caller allows."""


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


_EXAMPLE = "ftp://ชื่อผู้ใช้@ftp.example.go.th/public_html/ita"
_NO_PASSWORD = ("อย่าใส่รหัสผ่านไว้ในที่อยู่ปลายทาง (จะค้างอยู่ในประวัติคำสั่ง) — ลบรหัสผ่านออกจากที่อยู่ "
                "แล้วตั้งตัวแปร OIT_PASSWORD, ใส่ใน .netrc หรือพิมพ์เมื่อโปรแกรมถาม")
# `ftp:/host`, `ftp:host`, `ftp:\\host`, `ftps//host`: a URL mistyped, not a folder's name.
_MISTYPED_URL = re.compile(r"^(s?ftps?)(?::(?!//)|//)", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"[^/@:\\]+:[^@/\\]*@")


def _redacted(text: str) -> str:
    """``text`` with anything that looks like ``user:password@`` shown as ``user:***@``."""
    return _USERINFO_PASSWORD.sub(lambda m: m.group(0).split(":", 1)[0] + ":***@", text)


def parse_target(text: str) -> TargetSpec:
    """``/var/www/ita``, ``file:///…``, ``ftp://user@host/public_html/ita``, ``sftp://user@host//var/www/ita``."""
    text = text.strip()
    mistyped = _MISTYPED_URL.match(text)
    if mistyped:
        scheme = mistyped.group(1).lower()
        hint = f" — และ{_NO_PASSWORD}" if _USERINFO_PASSWORD.search(text) else ""
        raise TargetError(f"ที่อยู่ปลายทาง {_redacted(text)} ผิดรูปแบบ: ต้องขึ้นต้นด้วย {scheme}:// "
                          f"(ทวิภาคตามด้วยขีดทับสองตัว) เช่น {_EXAMPLE}{hint}")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("", "file") or (len(scheme) == 1 and text[1:2] == ":"):  # a path; C:\… on Windows
        path = unquote(parts.path) if scheme == "file" else text
        if not path:
            raise TargetError("ไม่ได้ระบุโฟลเดอร์ปลายทาง")
        return TargetSpec("folder", path)
    if scheme not in DEFAULT_PORTS:
        raise TargetError(f"ไม่รู้จักปลายทางแบบ {parts.scheme}:// — ใช้ชื่อโฟลเดอร์ หรือ ftp://, ftps://, sftp:// "
                          f"เช่น {_EXAMPLE}")
    if parts.password is not None or _USERINFO_PASSWORD.search(parts.netloc + parts.path):
        raise TargetError(_NO_PASSWORD)
    if not parts.hostname:
        raise TargetError(f"ที่อยู่ {_redacted(text)} ไม่มีชื่อเครื่อง (host) เช่น {_EXAMPLE}")
    try:
        port = parts.port
    except ValueError:
        raise TargetError(f"หมายเลขพอร์ตในที่อยู่ {_redacted(text)} ไม่ถูกต้อง") from None
    # As in FTP URLs (RFC 1738) the path is relative to the login folder; `//path` or
    # `/%2Fpath` is absolute.
    path = unquote(parts.path.removeprefix("/"))
    path = path.rstrip("/") if path.strip("/") else ""
    return TargetSpec(scheme, path, parts.hostname, port, unquote(parts.username) if parts.username else None)  # type: ignore[arg-type]


class Target(Protocol):
    """What publishing needs from a host. Missing files and folders are not errors where noted."""

    def read(self, path: str, limit: int) -> bytes | None: ...  # None: no such file; TooLarge beyond `limit`
    def entries(self, folder: str) -> dict[str, Kind] | None: ...  # None: no such folder; ListingRefused
    def kind(self, path: str) -> Kind | None: ...  # what sits at one path; None: nothing
    def prepare_root(self) -> bool: ...  # create the root folder if needed; True: created now
    def make_dir(self, folder: str) -> bool: ...  # True: created now; False: it was there
    def put_file(self, local: Path, path: str) -> None: ...
    def put_bytes(self, data: bytes, path: str) -> None: ...
    def replace(self, source: str, path: str) -> None: ...  # rename, replacing `path` if it exists
    def remove(self, path: str) -> None: ...  # a missing file is fine
    def remove_dir(self, folder: str) -> bool: ...  # True: removed; False: not empty or not there
    def set_mode(self, path: str, mode: int) -> bool: ...  # False: the host would not (or cannot)
    def close(self) -> None: ...


def _reason(error: BaseException) -> str:
    """The cause of a failure in words, never empty (a dropped connection raises EOFError with no text)."""
    if isinstance(error, (EOFError, ConnectionResetError, ConnectionAbortedError, BrokenPipeError, ssl.SSLEOFError)):
        return "เครื่องปลายทางตัดการเชื่อมต่อกลางคัน"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "หมดเวลารอคำตอบจากเครื่องปลายทาง"
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "พื้นที่ดิสก์ปลายทางเต็ม"
    if isinstance(error, OSError) and error.errno in (errno.EDQUOT,):
        return "เกินโควตาพื้นที่ของบัญชีบนปลายทาง"
    if isinstance(error, PermissionError):
        return f"ไม่มีสิทธิ์ ({error.strerror or error})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = str(getattr(error, "reason", None) or error).strip()
    return text or type(error).__name__


def _transient(error: BaseException) -> bool:
    """Whether running the command again may get past this failure."""
    if isinstance(error, ftplib.error_temp):
        return not str(error).startswith("452")  # "insufficient storage" stays until someone acts
    if isinstance(error, (EOFError, ConnectionError, TimeoutError, ssl.SSLEOFError)):
        return True
    return type(error).__name__ in ("ConnectionLost", "SFTPConnectionLost", "DisconnectError")


def _is_link(mode: int) -> bool:
    return stat.S_ISLNK(mode)


def _kind_of_mode(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "other"


_LINK_ADVICE = ("ลิงก์ (symbolic link) บนปลายทางอาจชี้ไปยังไฟล์ของผู้อื่น oit จึงไม่เขียนผ่านและไม่ลบ "
                "— ตรวจสอบกับผู้ดูแลเครื่องว่าใครสร้างลิงก์นี้ แล้วลบลิงก์ออกเองถ้าไม่ต้องการ")


def link_message(where: str) -> str:
    return f"{where} เป็นลิงก์ (symbolic link) ไม่ใช่ไฟล์หรือโฟลเดอร์ของ oit — {_LINK_ADVICE}"


# --- a local folder (a web server's document root, a mounted share) ---------

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# A share that went away for a moment; a full disk or a refusal stays until someone acts.
_PASSING_ERRNOS = {errno.EINTR, errno.EAGAIN, errno.ETIMEDOUT, errno.EIO, errno.EBUSY, getattr(errno, "ESTALE", -1)}
_O_BINARY = getattr(os, "O_BINARY", 0)


class FolderTarget:
    """A folder; nothing below the root is followed if it is a link (the root itself is the officer's choice)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, path: str) -> Path:
        return self.root / path if path else self.root

    @contextmanager
    def _guard(self, action: str, path: str) -> Iterator[None]:
        try:
            yield
        except TargetError:
            raise
        except OSError as error:
            raise TargetError(f"{action} {self._path(path)} ไม่ได้: {_reason(error)}",
                              rerun=error.errno in _PASSING_ERRNOS) from None

    def _lstat(self, path: str) -> os.stat_result | None:
        try:
            return os.lstat(self._path(path))
        except (FileNotFoundError, NotADirectoryError):
            return None

    def _check_parents(self, path: str) -> None:
        """Every folder between the root and ``path`` is a real folder (or missing): never a link."""
        parts = path.split("/")[:-1]
        for i in range(len(parts)):
            folder = "/".join(parts[: i + 1])
            found = self._lstat(folder)
            if found is None:
                return
            if _is_link(found.st_mode):
                raise LinkError(link_message(str(self._path(folder))))
            if not stat.S_ISDIR(found.st_mode):
                raise TargetError(f"{self._path(folder)} บนปลายทางเป็นไฟล์ ไม่ใช่โฟลเดอร์")

    def _refuse_link(self, path: str) -> os.stat_result | None:
        self._check_parents(path)
        found = self._lstat(path)
        if found is not None and _is_link(found.st_mode):
            raise LinkError(link_message(str(self._path(path))))
        return found

    def read(self, path: str, limit: int) -> bytes | None:
        with self._guard("อ่านไฟล์", path):
            found = self._refuse_link(path)
            if found is None:
                return None
            if found.st_size > limit:
                raise TooLarge(f"{self._path(path)} ใหญ่ {found.st_size} ไบต์")
            try:
                fd = os.open(self._path(path), os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
            except (FileNotFoundError, NotADirectoryError):
                return None
            with os.fdopen(fd, "rb") as stream:
                data = stream.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(f"{self._path(path)} ใหญ่เกิน {limit} ไบต์")
            return data

    def entries(self, folder: str) -> dict[str, Kind] | None:
        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            if folder:
                found = self._refuse_link(folder)
                if found is None or not stat.S_ISDIR(found.st_mode):
                    return None
            try:
                with os.scandir(self._path(folder)) as listing:
                    return {entry.name: _kind_of_mode(entry.stat(follow_symlinks=False).st_mode) for entry in listing}
            except (FileNotFoundError, NotADirectoryError):
                return None
            except PermissionError as error:
                raise ListingRefused(f"อ่านรายชื่อไฟล์ใน {self._path(folder)} ไม่ได้: {_reason(error)}") from None

    def kind(self, path: str) -> Kind | None:
        with self._guard("ตรวจ", path):
            try:
                self._check_parents(path)
            except LinkError:
                return "link"
            found = self._lstat(path)
            return None if found is None else _kind_of_mode(found.st_mode)

    def prepare_root(self) -> bool:
        with self._guard("สร้างโฟลเดอร์", ""):
            if self.root.is_dir():
                return False
            self.root.mkdir(parents=True)
            return True

    def make_dir(self, folder: str) -> bool:
        with self._guard("สร้างโฟลเดอร์", folder):
            self._check_parents(folder)
            try:
                os.mkdir(self._path(folder))
                return True
            except FileExistsError:
                found = self._refuse_link(folder)
                if found is not None and stat.S_ISDIR(found.st_mode):
                    return False
                raise

    def _write(self, path: str, fill: Callable[[io.BufferedWriter], object]) -> None:
        """Write whole: a fresh temporary name (O_EXCL: never an existing file or link), then rename."""
        found = self._refuse_link(path)
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise TargetError(f"{self._path(path)} บนปลายทางเป็นโฟลเดอร์ ไม่ใช่ไฟล์")
        final = self._path(path)
        temp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.oit-tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o644)
        try:
            with os.fdopen(fd, "wb") as stream:
                fill(stream)
            os.replace(temp, final)  # replaces the name itself: never writes through a link
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def put_file(self, local: Path, path: str) -> None:
        def fill(stream: io.BufferedWriter) -> None:
            with local.open("rb") as source:
                stream.writelines(iter(lambda: source.read(1 << 20), b""))

        with self._guard("เขียนไฟล์", path):
            self._write(path, fill)

    def put_bytes(self, data: bytes, path: str) -> None:
        with self._guard("เขียนไฟล์", path):
            self._write(path, lambda stream: stream.write(data))

    def replace(self, source: str, path: str) -> None:
        with self._guard("เปลี่ยนชื่อไฟล์", source):
            self._refuse_link(source)
            self._refuse_link(path)
            os.replace(self._path(source), self._path(path))

    def remove(self, path: str) -> None:
        with self._guard("ลบไฟล์", path):
            found = self._refuse_link(path)
            if found is not None:
                os.unlink(self._path(path))

    def remove_dir(self, folder: str) -> bool:
        try:
            found = self._refuse_link(folder)
            if found is None or not stat.S_ISDIR(found.st_mode):
                return False
            os.rmdir(self._path(folder))
            return True
        except (OSError, TargetError):
            return False

    def set_mode(self, path: str, mode: int) -> bool:
        try:
            found = self._refuse_link(path) if path else os.stat(self.root)
            if found is None:
                return False
            os.chmod(self._path(path), mode)
            return True
        except (OSError, TargetError):
            return False

    def close(self) -> None:
        pass


# --- FTP and FTPS (explicit TLS as shared hosts offer; implicit TLS on port 990) ---


class _TrackingFTP(ftplib.FTP):
    """Remembers the open data connection, so an interrupted transfer can be cut before QUIT."""

    data_conn: socket.socket | None = None

    def ntransfercmd(self, cmd, rest=None):
        conn, size = super().ntransfercmd(cmd, rest)
        self.data_conn = conn
        return conn, size


class _ReusingFTP_TLS(ftplib.FTP_TLS):
    """Data connections reuse the control connection's TLS session.

    Many hosts (vsftpd's require_ssl_reuse, FileZilla Server) refuse a data connection
    that does not; the standard library does not do it by itself.
    """

    data_conn: socket.socket | None = None

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        # Without this the TLS close of every data connection waits for a delayed ACK
        # (about 40 ms per file: 15 s for a 300-file site).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.data_conn = conn
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
            self.data_conn = conn
        return conn, size


_UNSUPPORTED = ("500", "501", "502", "504")  # the server does not know the command (or its syntax)
_TLS_WORDS = re.compile(r"TLS|SSL|encrypt|secure|cleartext", re.IGNORECASE)
# `ls -l` as Unix servers print it: type, permissions, links, owner, group, size, date, name.
_UNIX_LINE = re.compile(r"^([-dlcbpsD])[-rwxsStTlL]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+\d+\s+"
                        r"\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\s(.*)$")
_DOS_LINE = re.compile(r"^\d{2}-\d{2}-\d{2,4}\s+\d{1,2}:\d{2}[AaPp][Mm]\s+(<DIR>|\d+)\s+(.*)$")


def _parse_list(lines: list[str]) -> dict[str, Kind] | None:
    """Names and kinds from a LIST answer; None when a line is not understood (then use NLST)."""
    found: dict[str, Kind] = {}
    for line in lines:
        if not line.strip() or line.startswith("total "):
            continue
        unix = _UNIX_LINE.match(line)
        if unix:
            kind: Kind = {"-": "file", "d": "dir", "l": "link"}.get(unix.group(1), "other")  # type: ignore[assignment]
            name = unix.group(2)
            if kind == "link":
                name = name.split(" -> ", 1)[0]
        else:
            dos = _DOS_LINE.match(line)
            if not dos:
                return None
            kind, name = ("dir" if dos.group(1) == "<DIR>" else "file"), dos.group(2)
        if name not in (".", ".."):
            found[name] = kind
    return found


def _mlsd_kind(facts: dict[str, str]) -> Kind:
    value = facts.get("type", "").lower()
    if value == "file":
        return "file"
    if value == "dir":
        return "dir"
    if "link" in value:  # OS.unix=slink:target (RFC 3659 §7.5.1 example), OS.unix=symlink (ProFTPD)
        return "link"
    return "unknown" if not value else "other"


class FtpTarget:
    def __init__(self, spec: TargetSpec, credentials: Credentials, ca_file: Path | None = None) -> None:
        self.spec = spec
        self.where = f"{spec.scheme}://{spec.host}"
        self._mlst: bool | None = None  # None: not tried yet
        self._chmod = True  # False once the server refused SITE CHMOD: do not ask for every file
        port = spec.port or DEFAULT_PORTS[spec.scheme]
        context = None
        if spec.scheme == "ftps":
            try:
                context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
            except (OSError, ssl.SSLError) as error:
                raise TargetError(f"อ่านไฟล์ใบรับรอง --ca-file {ca_file} ไม่ได้: {_reason(error)} "
                                  "— ใช้ไฟล์ใบรับรองแบบ PEM ที่ได้จากผู้ให้บริการ") from None
        ftp: _TrackingFTP | _ReusingFTP_TLS
        ftp = _ReusingFTP_TLS(context=context, timeout=TIMEOUT) if context else _TrackingFTP(timeout=TIMEOUT)
        self.ftp = ftp
        implicit = context is not None and port == IMPLICIT_FTPS_PORT
        with self._dropped_on_failure(lambda error: _unreachable(spec, port, error), (OSError, EOFError, ftplib.Error)):
            implicit = self._connect(port, context, implicit)
        self._login(credentials, context is not None and not implicit)
        try:
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()  # the pages travel encrypted too, not only the password
            ftp.voidcmd("TYPE I")  # SIZE is refused in ASCII mode by some servers
            home = ftp.pwd()
        except (OSError, EOFError, ftplib.Error) as error:
            self._drop()
            raise TargetError(f"ใช้งาน {spec.display()} ไม่ได้: {_reason(error)}") from None
        self.root = posixpath.normpath(posixpath.join(home, spec.path)) if spec.path else home

    @contextmanager
    def _dropped_on_failure(self, describe: Callable[[BaseException], str],
                            failures: tuple[type[BaseException], ...]) -> Iterator[None]:
        """Opening the session: any failure closes the connection and becomes one Thai TargetError."""
        try:
            yield
        except TargetError:
            self._drop()
            raise
        except ssl.SSLCertVerificationError as error:
            self._drop()
            raise TargetError(_certificate(self.spec, error)) from None
        except failures as error:
            self._drop()
            raise TargetError(describe(error)) from None

    def _connect(self, port: int, context: ssl.SSLContext | None, implicit: bool) -> bool:
        """Open the control connection (True: TLS from the first byte); a server that speaks another
        protocol is named at once."""
        spec, ftp = self.spec, self.ftp
        sock = socket.create_connection((spec.host or "", port), TIMEOUT)
        if implicit:
            assert context is not None
            sock = context.wrap_socket(sock, server_hostname=spec.host)
        else:
            first = _peek_greeting(sock)
            if first is None and _speaks_tls(spec.host or "", port):
                sock.close()
                if context is None:
                    raise TargetError(f"พอร์ต {port} ของ {spec.host} เป็น FTPS แบบ implicit (เข้ารหัสตั้งแต่ต้น) "
                                      f"ไม่ใช่ FTP ธรรมดา — ใช้ ftps://{spec.host}:{port}/… "
                                      "(ระบุพอร์ตเป็น 990 ถ้าผู้ให้บริการใช้พอร์ตมาตรฐาน)")
                sock = context.wrap_socket(socket.create_connection((spec.host or "", port), TIMEOUT),
                                           server_hostname=spec.host)
                implicit = True
            elif first is not None and first.startswith(b"SSH-"):
                sock.close()
                raise TargetError(f"พอร์ต {port} ของ {spec.host} เป็นบริการ SSH ไม่ใช่ FTP — "
                                  f"ใช้ sftp://{(spec.user + '@') if spec.user else ''}{spec.host}"
                                  f"{'' if port == 22 else f':{port}'}/{spec.path}")
        ftp.host, ftp.port, ftp.sock, ftp.af = spec.host or "", port, sock, sock.family
        ftp.file = sock.makefile("r", encoding=ftp.encoding)
        ftp.welcome = ftp.getresp()
        return implicit

    def _login(self, credentials: Credentials, explicit_tls: bool) -> None:
        spec, ftp = self.spec, self.ftp
        failed = (OSError, EOFError, ftplib.Error, ValueError)
        with self._dropped_on_failure(lambda error: f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: {_reason(error)}", failed):
            if explicit_tls:
                assert isinstance(ftp, ftplib.FTP_TLS)
                try:
                    ftp.auth()
                except ftplib.error_perm as error:
                    raise TargetError(
                        f"{spec.host} ไม่รับการเข้ารหัส FTPS (คำสั่ง AUTH TLS ถูกปฏิเสธ: {_reason(error)}) — "
                        "ผู้ให้บริการนี้อาจมีแต่ FTP ธรรมดา: ถ้ายอมให้รหัสผ่านส่งโดยไม่เข้ารหัสได้ ให้ใช้ ftp:// "
                        "หรือสอบถามผู้ให้บริการว่ามี sftp:// หรือ FTPS แบบ implicit (พอร์ต 990) หรือไม่") from None
            try:
                reply = ftp.sendcmd(f"USER {credentials.user or ''}")
            except ftplib.error_perm as error:
                raise _refused_before_password(spec, error) from None
            if reply.startswith("3"):
                try:
                    reply = ftp.sendcmd(f"PASS {credentials.password or ''}")
                except ftplib.error_perm as error:
                    if str(error).startswith("530") and not _TLS_WORDS.search(str(error)):
                        raise AuthError(_login_refused(spec, credentials, str(error))) from None
                    raise _refused_before_password(spec, error) from None
            if not reply.startswith("2"):
                raise TargetError(f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: เครื่องปลายทางตอบว่า {reply}")

    def _drop(self) -> None:
        """Close everything at once, without a word to the server."""
        for conn in (self.ftp.data_conn, self.ftp.sock):
            if conn is not None:
                try:
                    conn.close()
                except OSError:
                    pass
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
        except TargetError:
            raise
        except ValueError:  # ftplib refuses CR or LF in a command: a name no FTP server can take
            raise TargetError(f"{action} {self._abs(path)!r} บน {self.where} ไม่ได้: ชื่อมีอักขระขึ้นบรรทัดใหม่") from None
        except (OSError, EOFError, ftplib.Error) as error:
            raise TargetError(f"{action} {self._abs(path)} บน {self.where} ไม่ได้: {_reason(error)}",
                              rerun=_transient(error)) from None

    def read(self, path: str, limit: int) -> bytes | None:
        buffer = io.BytesIO()

        class Overflow(Exception):
            pass

        def take(block: bytes) -> None:
            buffer.write(block)
            if buffer.tell() > limit:
                raise Overflow

        with self._guard("อ่านไฟล์", path):
            try:
                self.ftp.retrbinary(f"RETR {self._abs(path)}", take)
            except Overflow:
                self._drop()  # the transfer is cut: this connection is no longer in step
                raise TooLarge(f"{self._abs(path)} ใหญ่เกิน {limit} ไบต์") from None
            except (ftplib.error_perm, ftplib.error_temp):
                # Servers say "no such file" with 550 or 450, and the same codes for other
                # failures (not allowed, a name the server forbids): ask what is there.
                if self.kind(path) is None:
                    return None
                raise
        return buffer.getvalue()

    def _is_dir(self, where: str) -> bool:
        try:
            self.ftp.cwd(where)
            return True
        except ftplib.error_perm:
            return False

    def entries(self, folder: str) -> dict[str, Kind] | None:
        """MLSD, else LIST, else NLST; a refusal is never taken for "no such folder"."""
        where = self._abs(folder)
        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            try:
                found = {name: _mlsd_kind(facts) for name, facts in self.ftp.mlsd(where)
                         if name not in (".", "..") and facts.get("type", "").lower() not in ("cdir", "pdir")}
            except ftplib.error_perm as error:
                if not str(error).startswith(_UNSUPPORTED) and not self._is_dir(where):
                    return None  # 550 and no folder to enter: there is no such folder
            else:
                # Many servers describe a link by what it points to in MLSD (the RFC's "unique"
                # fact wants that); LIST shows the link itself.
                listed = self._list(where)
                for name, kind in (listed or {}).items():
                    if kind == "link" and name in found:
                        found[name] = "link"
                return found
            if not self._is_dir(where):
                return None
            # An empty answer is not trusted here: ProFTPD's `<Limit LIST> DenyAll` answers an empty
            # 226, others 450 "No such file" for a folder just entered. Each path is asked instead.
            listed = self._list(where)
            if listed:
                return listed
            try:
                names = self.ftp.nlst()  # in the folder just entered: names with spaces need no quoting
            except (ftplib.error_perm, ftplib.error_temp):
                names = []
            found = {posixpath.basename(name.rstrip("/")): "unknown" for name in names}
            found = {name: kind for name, kind in found.items() if name not in (".", "..")}
            if not found:
                raise ListingRefused(f"{self.where} ไม่ยอมให้อ่านรายชื่อไฟล์ใน {where}")
            return found

    def _list(self, where: str) -> dict[str, Kind] | None:
        """LIST of ``where`` (entered first: no path argument for the server to take as options or a pattern)."""
        lines: list[str] = []
        try:
            self.ftp.cwd(where)
            self.ftp.retrlines("LIST", lines.append)
        except (ftplib.error_perm, ftplib.error_temp):
            return None
        return _parse_list(lines)

    def kind(self, path: str) -> Kind | None:
        """One path, when listings are refused: MLST, else SIZE (a file), else CWD (a folder)."""
        where = self._abs(path)
        with self._guard("ตรวจ", path):
            if self._mlst is not False:
                try:
                    reply = self.ftp.sendcmd(f"MLST {where}")
                    self._mlst = True
                    for line in reply.splitlines()[1:-1]:
                        facts, _, _name = line.strip().partition(" ")
                        pairs = dict(fact.partition("=")[::2] for fact in facts.rstrip(";").split(";") if fact)
                        return _mlsd_kind({k.lower(): v for k, v in pairs.items()})
                except ftplib.error_perm as error:
                    if str(error).startswith(_UNSUPPORTED):
                        self._mlst = False
            try:
                self.ftp.voidcmd("TYPE I")  # a listing switched to ASCII, where SIZE is refused (RFC 3659 §4)
                self.ftp.sendcmd(f"SIZE {where}")
                return "file"
            except ftplib.error_perm:
                pass
            return "dir" if self._is_dir(where) else None

    def prepare_root(self) -> bool:
        if self._is_dir(self.root):
            return False
        current = "/" if self.root.startswith("/") else ""
        for part in self.root.strip("/").split("/"):
            current = posixpath.join(current, part)
            with self._guard("สร้างโฟลเดอร์", ""):
                if not self._is_dir(current):
                    self.ftp.mkd(current)
        return True

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
                if self.kind(path) is not None:
                    raise  # it is there and could not be deleted
            # not there any more: what a removal wants

    def remove_dir(self, folder: str) -> bool:
        try:
            self.ftp.rmd(self._abs(folder))
            return True
        except (ftplib.Error, OSError, EOFError):
            return False

    def set_mode(self, path: str, mode: int) -> bool:
        if not self._chmod:
            return False
        try:
            self.ftp.voidcmd(f"SITE CHMOD {mode:o} {self._abs(path)}")
            return True
        except ftplib.error_perm:
            self._chmod = False  # not offered, or not allowed: the same answer for every file
            return False
        except (OSError, EOFError, ftplib.Error) as error:
            raise TargetError(f"ตั้งสิทธิ์ {self._abs(path)} บน {self.where} ไม่ได้: {_reason(error)}",
                              rerun=_transient(error)) from None

    def close(self) -> None:
        """Cut a transfer still under way (Ctrl+C), then QUIT without waiting more than a moment."""
        data = self.ftp.data_conn
        if data is not None and data.fileno() != -1:
            try:
                data.close()
            except OSError:
                pass
        try:
            if self.ftp.sock is not None:
                self.ftp.sock.settimeout(GOODBYE_WAIT)
                self.ftp.quit()
        except Exception:  # the publish is over; a rude server at goodbye changes nothing
            pass
        self._drop()


def _peek_greeting(sock: socket.socket) -> bytes | None:
    """The first bytes the server sends, left unread; None when it stays silent (it waits for TLS)."""
    sock.settimeout(GREETING_WAIT)
    try:
        return sock.recv(64, socket.MSG_PEEK)
    except TimeoutError:
        return None
    finally:
        sock.settimeout(TIMEOUT)


def _speaks_tls(host: str, port: int) -> bool:
    """Whether a silent port answers a TLS handshake (implicit FTPS), on a connection of its own."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only the protocol is asked here; the real connection verifies
    try:
        with socket.create_connection((host, port), GREETING_WAIT) as raw, \
                context.wrap_socket(raw, server_hostname=host):
            return True
    except (OSError, ssl.SSLError):
        return False


def _refused_before_password(spec: TargetSpec, error: ftplib.Error) -> TargetError:
    said = _reason(error)
    if _TLS_WORDS.search(said):
        if spec.scheme == "ftp":
            return TargetError(f"{spec.host} ไม่ยอมให้เข้าสู่ระบบโดยไม่เข้ารหัส (เครื่องปลายทางตอบว่า \"{said}\") "
                               f"— รหัสผ่านยังไม่ได้ถูกตรวจ: ใช้ ftps:// แทน ftp:// เช่น "
                               f"ftps://{(spec.user + '@') if spec.user else ''}{spec.host}/{spec.path}")
        return TargetError(f"{spec.host} ไม่ยอมให้เข้าสู่ระบบ (เครื่องปลายทางตอบว่า \"{said}\") — "
                           "สอบถามผู้ให้บริการว่าต้องตั้งค่าการเข้ารหัสอย่างไร หรือใช้ sftp://")
    return TargetError(f"{spec.host} ปฏิเสธผู้ใช้ {spec.user or '(ไม่ได้ระบุ)'} ก่อนถามรหัสผ่าน "
                       f"(เครื่องปลายทางตอบว่า \"{said}\") — ตรวจชื่อผู้ใช้ หรือสอบถามผู้ให้บริการ")


# --- SFTP (asyncssh, driven from this synchronous code through a private event loop) ---


def default_known_hosts() -> Path:
    return Path.home() / ".ssh" / "known_hosts"


class SftpTarget:
    def __init__(self, spec: TargetSpec, credentials: Credentials, known_hosts: Path | None,
                 ask_password: Callable[[], str] | None, trust_host_key: str | None = None) -> None:
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
        host = spec.host or ""
        known_file = known_hosts or default_known_hosts()
        # The host key is always checked against a list oit names itself: ~/.ssh/config may say
        # `UserKnownHostsFile none` or `StrictHostKeyChecking no`, which would accept any host.
        trusted: object = str(known_file) if known_file.is_file() else asyncssh.import_known_hosts("")
        # Keepalives turn a host that stops answering mid-transfer into an error instead of a hang.
        options: dict[str, object] = {"username": credentials.user, "connect_timeout": TIMEOUT,
                                      "login_timeout": TIMEOUT, "keepalive_interval": 15, "keepalive_count_max": 4,
                                      "known_hosts": trusted, "host_key_alias": None}
        password = credentials.password
        try:
            if trust_host_key is not None:
                key = self._host_key(host, port)
                if key is None or key.get_fingerprint("sha256") != trust_host_key.strip():
                    raise TargetError(
                        f"ลายนิ้วมือ (fingerprint) ของ {host} คือ {key.get_fingerprint('sha256') if key else '(อ่านไม่ได้)'} "
                        f"ไม่ตรงกับ {trust_host_key} ที่ระบุใน --trust-host-key — ไม่เชื่อมต่อ "
                        "(อาจมีผู้ปลอมเป็นเครื่องปลายทาง) สอบถามลายนิ้วมือที่ถูกต้องจากผู้ดูแลเครื่อง")
                options["known_hosts"] = ([key], [], [])
                _remember_host_key(known_file, host, port, key)
            sock = self._open_socket(host, port)
            try:
                self._conn = self._run(asyncssh.connect(host, port, password=password, sock=sock, **options))
            except asyncssh.PermissionDenied:
                if password is not None or ask_password is None:
                    raise
                # No password configured and the keys were refused: ask, as ssh would.
                password = ask_password()
                credentials = Credentials(credentials.user, password, "ที่พิมพ์")
                sock = self._open_socket(host, port)
                self._conn = self._run(asyncssh.connect(host, port, password=password, sock=sock, **options))
            self._sftp = self._run(self._conn.start_sftp_client())
        except TargetError:
            self._stop_loop()
            raise
        except asyncssh.PermissionDenied:
            self._stop_loop()
            raise AuthError(_login_refused(spec, credentials)) from None
        except asyncssh.HostKeyNotVerifiable:
            key = self._host_key(host, port)
            self._stop_loop()
            fingerprint = key.get_fingerprint("sha256") if key is not None else None
            ssh = f"ssh {f'-p {port} ' if port != 22 else ''}{(spec.user + '@') if spec.user else ''}{host}"
            raise TargetError(
                f"ยืนยันตัวตนของเครื่อง {host} ไม่ได้ (host key ไม่อยู่ในรายการ known_hosts {known_file}) — "
                "เพื่อกันการปลอมเป็นเครื่องปลายทาง oit จะไม่ส่งไฟล์ไปยังเครื่องที่ไม่รู้จัก"
                + (f"\n  ลายนิ้วมือ (fingerprint) ของเครื่องนี้: {fingerprint}\n"
                   "  ถ้าตรงกับที่ผู้ดูแลเครื่องแจ้ง ให้รันคำสั่งเดิมอีกครั้งพร้อม "
                   f"--trust-host-key {fingerprint} (บันทึกลงไฟล์ {known_file})" if fingerprint else "")
                + f"\n  หรือเชื่อมต่อด้วย {ssh} หนึ่งครั้งแล้วตอบรับลายนิ้วมือที่ตรงกัน หรือระบุไฟล์ด้วย --known-hosts"
            ) from None
        except (OSError, asyncssh.Error) as error:
            self._stop_loop()
            raise TargetError(_unreachable(spec, port, error)) from None

    def _open_socket(self, host: str, port: int) -> socket.socket:
        """A connection whose greeting is an SSH one; any other is named at once instead of a 60 s wait."""
        sock = socket.create_connection((host, port), TIMEOUT)
        first = _peek_greeting(sock)
        if first is not None and not first.startswith(b"SSH-") and re.match(rb"^[1-5]\d\d[ -]", first):
            sock.close()
            scheme = "ftps" if port == IMPLICIT_FTPS_PORT else "ftp"
            raise TargetError(f"พอร์ต {port} ของ {host} เป็นบริการ FTP ไม่ใช่ SFTP — ใช้ ftps:// (เข้ารหัส) หรือ "
                              f"{scheme}:// เช่น ftps://{(self.spec.user + '@') if self.spec.user else ''}{host}"
                              f"{'' if port == 21 else f':{port}'}/{self.spec.path} หรือถามผู้ให้บริการว่า SFTP ใช้พอร์ตใด")
        if first is None and _speaks_tls(host, port):
            sock.close()
            raise TargetError(f"พอร์ต {port} ของ {host} เป็น FTPS แบบ implicit ไม่ใช่ SFTP — "
                              f"ใช้ ftps://{host}:{port}/{self.spec.path}")
        sock.setblocking(False)
        return sock

    def _host_key(self, host: str, port: int):
        """The key the host presents (to show its fingerprint), or None."""
        import asyncssh

        try:
            return self._run(asyncssh.get_server_host_key(host, port, config=None), timeout=TIMEOUT)
        except (OSError, asyncssh.Error, TimeoutError):  # only for a message: the refusal stands either way
            return None

    def _run(self, awaitable, timeout: float | None = None):
        async def wait():  # asyncssh.connect() is awaitable, not a coroutine
            return await awaitable

        return asyncio.run_coroutine_threadsafe(wait(), self._loop).result(timeout)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(TIMEOUT)
        if not self._loop.is_running():
            self._loop.close()

    def _abs(self, path: str) -> str:
        # Relative paths are resolved by the server against the login (home) folder.
        return posixpath.join(self.root, path) if self.root else (path or ".")

    @contextmanager
    def _guard(self, action: str, path: str) -> Iterator[None]:
        import asyncssh

        try:
            yield
        except TargetError:
            raise
        except (OSError, asyncssh.Error) as error:
            raise TargetError(f"{action} {self._abs(path)} บน {self.where} ไม่ได้: {_reason(error)}",
                              rerun=_transient(error)) from None

    def _lstat(self, path: str):
        import asyncssh

        try:
            return self._run(self._sftp.lstat(self._abs(path)))
        except (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath):
            return None

    def read(self, path: str, limit: int) -> bytes | None:
        async def read() -> bytes:
            async with self._sftp.open(self._abs(path), "rb") as stream:
                return await stream.read(limit + 1)

        with self._guard("อ่านไฟล์", path):
            attrs = self._lstat(path)
            if attrs is None:
                return None
            if attrs.permissions is not None and _is_link(attrs.permissions):
                raise LinkError(link_message(f"{self._abs(path)} บน {self.where}"))
            if attrs.size is not None and attrs.size > limit:
                raise TooLarge(f"{self._abs(path)} ใหญ่ {attrs.size} ไบต์")
            data = self._run(read())
            if len(data) > limit:
                raise TooLarge(f"{self._abs(path)} ใหญ่เกิน {limit} ไบต์")
            return data

    def entries(self, folder: str) -> dict[str, Kind] | None:
        import asyncssh

        with self._guard("อ่านรายชื่อไฟล์ใน", folder):
            try:
                names = self._run(self._sftp.readdir(self._abs(folder)))
            except (asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath):
                return None
            except asyncssh.SFTPPermissionDenied as error:
                raise ListingRefused(f"อ่านรายชื่อไฟล์ใน {self._abs(folder)} ไม่ได้: {_reason(error)}") from None
            found: dict[str, Kind] = {}
            for entry in names:
                name = entry.filename if isinstance(entry.filename, str) else os.fsdecode(entry.filename)
                if name not in (".", ".."):
                    mode = entry.attrs.permissions
                    found[name] = _kind_of_mode(mode) if mode is not None else "unknown"  # OpenSSH: lstat
            return found

    def kind(self, path: str) -> Kind | None:
        with self._guard("ตรวจ", path):
            attrs = self._lstat(path)
            if attrs is None:
                return None
            return _kind_of_mode(attrs.permissions) if attrs.permissions is not None else "unknown"

    def prepare_root(self) -> bool:
        if not self.root:
            return False
        with self._guard("สร้างโฟลเดอร์", ""):
            if self._run(self._sftp.isdir(self.root)):
                return False
            self._run(self._sftp.makedirs(self.root, exist_ok=True))
            return True

    def make_dir(self, folder: str) -> bool:
        import asyncssh

        with self._guard("สร้างโฟลเดอร์", folder):
            try:
                self._run(self._sftp.mkdir(self._abs(folder)))
                return True
            except asyncssh.SFTPError:
                attrs = self._lstat(folder)
                if attrs is not None and attrs.permissions is not None and stat.S_ISDIR(attrs.permissions):
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

    def set_mode(self, path: str, mode: int) -> bool:
        import asyncssh

        try:
            self._run(self._sftp.chmod(self._abs(path), mode))
            return True
        except asyncssh.SFTPError:
            return False
        except (OSError, asyncssh.Error) as error:
            raise TargetError(f"ตั้งสิทธิ์ {self._abs(path)} บน {self.where} ไม่ได้: {_reason(error)}",
                              rerun=_transient(error)) from None

    def close(self) -> None:
        async def goodbye() -> None:  # on the loop's thread: asyncssh objects are not thread-safe
            self._sftp.exit()
            self._conn.close()
            await self._conn.wait_closed()

        try:
            self._run(goodbye(), timeout=GOODBYE_WAIT)
        except Exception:  # the publish is done; a broken goodbye changes nothing
            pass
        finally:
            self._stop_loop()


def _remember_host_key(known_file: Path, host: str, port: int, key: object) -> None:
    """Add the key the officer confirmed to the known_hosts file, as ``ssh`` does on "yes"."""
    name = host if port == 22 else f"[{host}]:{port}"
    line = f"{name} {key.export_public_key().decode().strip()}\n"  # type: ignore[attr-defined]
    try:
        known_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with known_file.open("a", encoding="utf-8") as stream:
            stream.write(line)
    except OSError as error:
        raise TargetError(f"บันทึก host key ลงไฟล์ {known_file} ไม่ได้: {_reason(error)}") from None


# --- opening a target -------------------------------------------------------


def _unreachable(spec: TargetSpec, port: int, error: object) -> str:
    if isinstance(error, socket.gaierror):
        reason = "ไม่พบชื่อเครื่องนี้ (ตรวจการสะกด หรือการเชื่อมต่ออินเทอร์เน็ต)"
    elif isinstance(error, ConnectionRefusedError):
        reason = "เครื่องปลายทางปฏิเสธการเชื่อมต่อ (ตรวจหมายเลขพอร์ตและชนิด ftp/ftps/sftp)"
    elif isinstance(error, (TimeoutError, socket.timeout)):
        reason = "หมดเวลารอ (เครื่องปลายทางไม่ตอบ หรือไฟร์วอลล์ปิดกั้น)"
    elif isinstance(error, BaseException):
        reason = _reason(error)
    else:
        reason = str(error)
    return f"เชื่อมต่อ {spec.host} พอร์ต {port} ไม่ได้: {reason}"


def _login_refused(spec: TargetSpec, credentials: Credentials, said: str | None = None) -> str:
    user = credentials.user or "(ไม่ได้ระบุ)"
    if credentials.password is None:  # SFTP with keys only
        return (f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: เครื่องปลายทางไม่รับกุญแจ SSH ของผู้ใช้ {user} และไม่มีรหัสผ่าน "
                "— ตั้งตัวแปร OIT_PASSWORD หรือใส่ใน .netrc แล้วรันใหม่")
    answer = f" (เครื่องปลายทางตอบว่า \"{said}\")" if said else ""
    return (f"เข้าสู่ระบบ {spec.display()} ไม่สำเร็จ: ชื่อผู้ใช้ {user} หรือรหัสผ่านไม่ถูกต้อง{answer} "
            f"(รหัสผ่านจาก{credentials.source}) — ตรวจชื่อผู้ใช้ในที่อยู่ปลายทาง และรหัสผ่านในตัวแปร OIT_PASSWORD "
            "หรือไฟล์ .netrc แล้วรันใหม่")


def _certificate(spec: TargetSpec, error: ssl.SSLCertVerificationError) -> str:
    return (f"ใบรับรอง (certificate) ของ {spec.host} ตรวจสอบไม่ผ่าน: {error.verify_message} — "
            "ใช้ชื่อเครื่องตามที่ระบุในใบรับรองของผู้ให้บริการ หรือสอบถามผู้ให้บริการ; "
            "ถ้าผู้ให้บริการใช้ใบรับรองที่ออกเอง (self-signed) ให้ขอไฟล์ใบรับรองจากผู้ให้บริการ "
            "แล้วระบุด้วย --ca-file ไฟล์.pem; ถ้าไม่มี FTPS ที่ถูกต้อง ให้ใช้ sftp://")


def open_target(spec: TargetSpec, *, known_hosts: Path | None = None,
                ask_password: Callable[[], str] | None = None, ca_file: Path | None = None,
                trust_host_key: str | None = None) -> Target:
    """Connect and log in. ``ask_password`` is called only when no password is configured."""
    if spec.scheme == "folder":
        return FolderTarget(Path(spec.path).expanduser())
    credentials = find_credentials(spec.host or "", spec.user)
    if spec.scheme == "sftp":
        return SftpTarget(spec, credentials, known_hosts, ask_password, trust_host_key)
    if credentials.user is None:
        raise TargetError(f"ไม่ได้ระบุชื่อผู้ใช้ของ {spec.host} — ใส่ในที่อยู่ เช่น "
                          f"{spec.scheme}://ชื่อผู้ใช้@{spec.host}/{spec.path} หรือใน .netrc")
    if credentials.password is None:
        if ask_password is None:
            raise TargetError(f"ไม่มีรหัสผ่านสำหรับ {spec.display()} — ตั้งตัวแปร OIT_PASSWORD "
                              "หรือใส่ใน .netrc (machine … login … password …) หรือรันในหน้าต่างคำสั่งเพื่อพิมพ์รหัสผ่าน")
        credentials = Credentials(credentials.user, ask_password(), "ที่พิมพ์")
    return FtpTarget(spec, credentials, ca_file)
