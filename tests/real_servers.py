"""The servers municipal web hosts really run, started on loopback for the publish tests.

tests/servers.py (pyftpdlib, asyncssh's server) stays for speed; these are the real programs,
whose answers differ: vsftpd, ProFTPD and Pure-FTPd (FTP and explicit FTPS) and OpenSSH (SFTP).

How each one is started (all as root, on 127.0.0.1, on a port the system says is free, with
every file they read or write under one temporary folder made here and deleted at teardown;
never the system's /etc/vsftpd.conf, /etc/ssh/sshd_config, /etc/proftpd or a system service):

- vsftpd (Debian package `vsftpd`, /usr/sbin/vsftpd): ``vsftpd <tmp>/vsftpd.conf`` with
  listen=YES, background=NO, seccomp_sandbox=NO, secure_chroot_dir=<tmp>/empty,
  pam_service_name=vsftpd (Debian's /etc/pam.d/vsftpd: the user must not be in /etc/ftpusers
  and must have a shell listed in /etc/shells), local_root=<login folder>. `local_umask` is
  left unset unless a test asks (vsftpd's default is 077: files arrive 0600). FTPS is explicit
  (AUTH TLS) with vsftpd's own defaults: TLS required for login and data, data connections
  must reuse the control connection's TLS session. Commands are logged to <tmp>/vsftpd.log.
- OpenSSH (Debian package `openssh-server`, /usr/sbin/sshd): ``sshd -D -e -f <tmp>/sshd_config``
  with its own ed25519 host key (ssh-keygen into <tmp>), password login for the test user only,
  ``ForceCommand internal-sftp -d <login folder>``, PidFile in <tmp>; /run/sshd (its privilege
  separation folder) is created when missing. A known_hosts file trusting the key is written.
- ProFTPD 1.3.8 and Pure-FTPd 1.0.50: their Debian packages conflict with vsftpd, so .ci/run
  fetches the .debs (``apt-get download``) and unpacks them (``dpkg -x``) into $OIT_TEST_SERVERS
  (default /var/cache/oit-test-servers/root). They run from there with LD_LIBRARY_PATH pointing at
  the unpacked libraries. ProFTPD: ``proftpd -n -c <tmp>/proftpd.conf`` (ModulePath into the
  unpacked tree for mod_tls; `<Limit MLSD> DenyAll` and similar on request). Pure-FTPd:
  ``pure-ftpd -S 127.0.0.1,PORT -l puredb:<tmp>/pureftpd.pdb -E ...`` with a virtual user
  (as hosting panels set it up) mapped to the test user and chrooted at the login folder;
  `-x` forbids dot-files on request. Missing or unloadable → the test is skipped, saying why.
- The test user `oittest` is created with useradd when missing (shell /bin/sh, home
  /home/oittest) and kept; its random password lives in /var/cache/oit-test-servers/password
  (root only), so parallel test runs share it. Each server shows the user its own login
  folder (<tmp>/home, owned by the user, with an empty `public_html` inside).

Servers run in their own process group; teardown kills the group and every process it
forked (sshd's sessions leave the group), then deletes the temporary folder.
"""

from __future__ import annotations

import fcntl
import ftplib
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from servers import self_signed_certificate

USER = "oittest"
STATE = Path("/var/cache/oit-test-servers")  # the test user's password; .ci/run's unpacked .debs
UNPACKED = Path(os.environ.get("OIT_TEST_SERVERS", STATE / "root"))
VSFTPD = Path("/usr/sbin/vsftpd")
SSHD = Path("/usr/sbin/sshd")
PROFTPD = UNPACKED / "usr/sbin/proftpd"
PURE_FTPD = UNPACKED / "usr/sbin/pure-ftpd"
PURE_PW = UNPACKED / "usr/bin/pure-pw"
START_TIMEOUT = 15.0

# Every kind a test can parametrize over: server and scheme.
KINDS = ("vsftpd-ftp", "vsftpd-ftps", "sshd-sftp", "proftpd-ftp", "proftpd-ftps", "pure-ftpd-ftp", "pure-ftpd-ftps")


@dataclass
class RealServer:
    kind: str  # one of KINDS
    software: str  # name and version, as the program reports it
    scheme: str  # ftp, ftps, sftp
    port: int
    root: Path  # the login folder, on disk
    user: str
    password: str
    folder: Path  # the temporary folder holding config, keys and logs
    args: list[str] = field(default_factory=list)  # extra `oit publish` arguments it needs
    env: dict[str, str] = field(default_factory=dict)  # environment `oit publish` needs (SSL_CERT_FILE)
    log: Path | None = None
    certificate: Path | None = None  # FTPS: the self-signed certificate (for 127.0.0.1)
    known_hosts: Path | None = None  # SFTP: a known_hosts file trusting the host key
    host_key: str | None = None  # SFTP: "ssh-ed25519 AAAA…"
    fingerprint: str | None = None  # SFTP: "SHA256:…", as ssh shows it

    def url(self, path: str = "public_html/ita", user: str | None = None, scheme: str | None = None) -> str:
        """The target for `oit publish`; the path is relative to the login folder."""
        return f"{scheme or self.scheme}://{user or self.user}@127.0.0.1:{self.port}/{path}"

    def own(self, path: Path) -> None:
        """Give `path` (and everything in it) to the test user, as if the user had put it there."""
        uid, gid = user_ids()
        for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
            os.lchown(item, uid, gid)

    def place(self, relative: str, data: bytes, mtime_ns: int | None = None) -> Path:
        """A file of the host's own under the login folder, owned by the user like its folders."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o644)
        uid, gid = user_ids()
        for item in [path, *path.parents]:
            if item == self.root:
                break
            os.lchown(item, uid, gid)
        if mtime_ns is not None:
            os.utime(path, ns=(mtime_ns, mtime_ns))
        return path

    def ftp(self, tls: bool | None = None) -> ftplib.FTP:
        """A logged-in ftplib client (FTPS when the server speaks it, or as asked)."""
        assert self.scheme in ("ftp", "ftps")
        if tls if tls is not None else self.scheme == "ftps":
            context = ssl.create_default_context(cafile=str(self.certificate)) if self.certificate else None
            client: ftplib.FTP = ReusingFTP_TLS(context=context, timeout=10)
        else:
            client = ftplib.FTP(timeout=10)
        client.connect("127.0.0.1", self.port)
        client.login(self.user, self.password)
        if isinstance(client, ftplib.FTP_TLS):
            client.prot_p()
        return client

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log and self.log.exists() else ""


class ReusingFTP_TLS(ftplib.FTP_TLS):
    """Data connections reuse the control connection's TLS session, as vsftpd and ProFTPD require."""

    def ntransfercmd(self, cmd, rest=None):  # type: ignore[no-untyped-def]
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:  # type: ignore[attr-defined]
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)  # type: ignore[union-attr]
        return conn, size


# --- the machine: root, programs, the test user ---------------------------------------------


def require(*programs: Path) -> None:
    """Skip unless running as root with the programs present (CI is root and installs them)."""
    if os.geteuid() != 0:
        pytest.skip("real-server tests start vsftpd/sshd/ProFTPD/Pure-FTPd and create a user: they need root")
    for program in programs:
        if not program.is_file():
            hint = ("run .ci/run (apt-get download + dpkg -x into " f"{UNPACKED})" if UNPACKED in program.parents
                    else "apt-get install vsftpd openssh-server")
            pytest.skip(f"{program} is not installed: {hint}")


def _missing_libraries(program: Path) -> list[str]:
    result = subprocess.run(["ldd", str(program)], check=False, capture_output=True, text=True, env=_unpacked_env())
    return [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]


def require_unpacked(program: Path) -> None:
    require(program)
    missing = _missing_libraries(program)
    if missing:
        pytest.skip(f"{program} cannot load {', '.join(missing)}: add their .debs to .ci/run's list")


def _unpacked_env() -> dict[str, str]:
    libraries = [UNPACKED / "usr/lib/x86_64-linux-gnu", UNPACKED / "lib/x86_64-linux-gnu"]
    return {**os.environ, "LD_LIBRARY_PATH": ":".join(str(p) for p in libraries)}


_password: str | None = None


def local_user() -> tuple[str, str]:
    """The local user the servers log in: created when missing, kept afterwards; (name, password)."""
    global _password
    if _password is None:
        STATE.mkdir(parents=True, exist_ok=True)
        STATE.chmod(0o755)
        with open(STATE / ".lock", "w") as lock:  # parallel test runs share the user and its password
            fcntl.flock(lock, fcntl.LOCK_EX)
            secret = STATE / "password"
            if not secret.exists():
                secret.touch(mode=0o600)
                secret.write_text(secrets.token_urlsafe(18), encoding="utf-8")
            password = secret.read_text(encoding="utf-8").strip()
            try:
                if pwd.getpwnam(USER).pw_shell != "/bin/sh":  # PAM (vsftpd) wants a shell from /etc/shells
                    subprocess.run(["usermod", "--shell", "/bin/sh", USER], check=True, capture_output=True)
            except KeyError:
                subprocess.run(["useradd", "--create-home", "--home-dir", f"/home/{USER}", "--shell", "/bin/sh",
                                "--comment", "oit publish tests", USER], check=True, capture_output=True)
            subprocess.run(["chpasswd"], input=f"{USER}:{password}\n", text=True, check=True, capture_output=True)
        _password = password
    return USER, _password


def user_ids() -> tuple[int, int]:
    entry = pwd.getpwnam(USER)
    return entry.pw_uid, entry.pw_gid


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_range(count: int = 10) -> tuple[int, int]:
    """`count` consecutive ports that are free now (for a passive-mode range)."""
    for _ in range(200):
        first = secrets.randbelow(20000) + 30000
        probes = []
        try:
            for port in range(first, first + count):
                probe = socket.socket()
                probes.append(probe)
                probe.bind(("127.0.0.1", port))
            return first, first + count - 1
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no free port range on 127.0.0.1")


# --- processes ------------------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        forked = _descendants(process.pid)
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        for pid in forked:  # sessions that left the group (sshd calls setsid for each)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # any child left in the group
    except ProcessLookupError:
        pass


@contextmanager
def _running(command: list[str], folder: Path, port: int, name: str, logs: list[Path],
             env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run a server in its own process group until the block ends; wait until its port accepts."""
    output = folder / f"{name}.out"
    with open(output, "wb") as sink:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                text = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')}" for p in [output, *logs] if p.exists())
                raise RuntimeError(f"{name} did not start (exit {process.returncode}): {' '.join(command)}\n{text}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.settimeout(5)
                    if probe.recv(4):  # each greets first: "220 " or "SSH-"
                        break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        _stop(process)


@contextmanager
def _workspace() -> Iterator[tuple[Path, Path]]:
    """A temporary folder the test user can walk into, and the login folder inside it."""
    folder = Path(tempfile.mkdtemp(prefix="oit-real-"))
    try:
        folder.chmod(0o755)
        root = folder / "home"
        (root / "public_html").mkdir(parents=True)
        uid, gid = user_ids()
        for path in (root, root / "public_html"):
            os.chown(path, uid, gid)
            path.chmod(0o755)
        (folder / "empty").mkdir(mode=0o755)  # vsftpd's secure_chroot_dir
        yield folder, root
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _version(command: list[str], env: dict[str, str] | None = None, **options: object) -> str:
    result = subprocess.run(command, check=False, capture_output=True, text=True, env=env, **options)  # type: ignore[call-overload]
    return (result.stdout + result.stderr).strip().splitlines()[0]


def _yes(flag: bool) -> str:
    return "YES" if flag else "NO"


# --- the servers ----------------------------------------------------------------------------


@contextmanager
def vsftpd(*, tls: bool = False, ssl_required: bool = True, dirlist: bool = True, umask: str | None = None,
           chroot: bool = False, pasv_ports: tuple[int, int] | None = None,
           extra: dict[str, str] | None = None) -> Iterator[RealServer]:
    """vsftpd; `tls`: explicit FTPS (ssl_enable=YES), `ssl_required`: force_local_logins_ssl and
    force_local_data_ssl (vsftpd's default once TLS is on: plain logins get "530 Non-anonymous
    sessions must use encryption."); `dirlist`: dirlist_enable (NO: listings refused with 550);
    `umask`: local_umask (None: unset, vsftpd's 077); `chroot`: chroot_local_user (with
    allow_writeable_chroot, the login folder being the user's); `extra`: any other options."""
    require(VSFTPD)
    user, password = local_user()
    with _workspace() as (folder, root):
        port = free_port()
        log = folder / "vsftpd.log"
        options = {
            "listen": "YES", "listen_ipv6": "NO", "listen_address": "127.0.0.1", "listen_port": str(port),
            "background": "NO", "seccomp_sandbox": "NO", "secure_chroot_dir": str(folder / "empty"),
            "pam_service_name": "vsftpd", "anonymous_enable": "NO", "local_enable": "YES", "write_enable": "YES",
            "local_root": str(root), "chroot_local_user": _yes(chroot), "allow_writeable_chroot": _yes(chroot),
            "dirlist_enable": _yes(dirlist), "userlist_enable": "NO", "tcp_wrappers": "NO",
            "xferlog_enable": "YES", "xferlog_std_format": "NO", "log_ftp_protocol": "YES",
            "vsftpd_log_file": str(log), "syslog_enable": "NO", "connect_from_port_20": "NO",
            "ssl_enable": _yes(tls),
        }
        if umask is not None:
            options["local_umask"] = umask
        if pasv_ports:
            options["pasv_min_port"], options["pasv_max_port"] = map(str, pasv_ports)
        certificate = None
        if tls:
            certificate, key = self_signed_certificate(folder)
            options |= {"rsa_cert_file": str(certificate), "rsa_private_key_file": str(key),
                        "allow_anon_ssl": "NO", "force_local_logins_ssl": _yes(ssl_required),
                        "force_local_data_ssl": _yes(ssl_required)}
        options |= extra or {}
        config = folder / "vsftpd.conf"
        config.write_text("".join(f"{k}={v}\n" for k, v in options.items()), encoding="utf-8")
        config.chmod(0o600)  # vsftpd refuses a config file others may write
        version = _version(["sh", "-c", f"{VSFTPD} -v 0>&1"])  # vsftpd prints its version on fd 0
        with _running([str(VSFTPD), str(config)], folder, port, "vsftpd", [log]):
            yield RealServer("vsftpd-ftps" if tls else "vsftpd-ftp", version.replace("vsftpd: version", "vsftpd"),
                             "ftps" if tls else "ftp", port, root, user, password, folder,
                             env={"SSL_CERT_FILE": str(certificate)} if certificate else {},
                             log=log, certificate=certificate)


@contextmanager
def sshd(*, umask: str | None = None, extra: dict[str, str] | None = None) -> Iterator[RealServer]:
    """OpenSSH's sshd serving SFTP only (internal-sftp) to the test user with a password;
    `umask`: internal-sftp's -u (None: the session's, 022)."""
    require(SSHD, Path("/usr/bin/ssh-keygen"))
    user, password = local_user()
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation folder
    with _workspace() as (folder, root):
        port = free_port()
        key = folder / "ssh_host_ed25519_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "oit-test-host", "-f", str(key)],
                       check=True, capture_output=True)
        public = key.with_suffix(".pub").read_text(encoding="utf-8").split()
        host_key = f"{public[0]} {public[1]}"
        fingerprint = subprocess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", str(key)], check=True,
                                     capture_output=True, text=True).stdout.split()[1]
        known_hosts = folder / "known_hosts"
        known_hosts.write_text(f"[127.0.0.1]:{port} {host_key}\n", encoding="utf-8")
        sftp = f"internal-sftp -d {root}" + (f" -u {umask}" if umask else "")
        options = {
            "Port": str(port), "ListenAddress": "127.0.0.1", "HostKey": str(key), "PidFile": str(folder / "sshd.pid"),
            "AuthorizedKeysFile": "none", "PubkeyAuthentication": "no", "PasswordAuthentication": "yes",
            "KbdInteractiveAuthentication": "no", "PermitEmptyPasswords": "no", "PermitRootLogin": "no",
            "AllowUsers": user, "UsePAM": "no", "UseDNS": "no", "X11Forwarding": "no", "AllowTcpForwarding": "no",
            "AllowAgentForwarding": "no", "PermitTTY": "no", "PrintMotd": "no", "LogLevel": "VERBOSE",
            "Subsystem": f"sftp {sftp}", "ForceCommand": sftp,
        }
        options |= extra or {}
        config = folder / "sshd_config"
        config.write_text("".join(f"{k} {v}\n" for k, v in options.items()), encoding="utf-8")
        subprocess.run([str(SSHD), "-t", "-f", str(config)], check=True, capture_output=True)
        version = _version([str(SSHD), "-V"])
        log = folder / "sshd.out"  # -e: the log goes to stderr, which _running keeps in sshd.out
        with _running([str(SSHD), "-D", "-e", "-f", str(config)], folder, port, "sshd", []):
            yield RealServer("sshd-sftp", version.split(",")[0], "sftp", port, root, user, password, folder,
                             args=["--known-hosts", str(known_hosts)], log=log, known_hosts=known_hosts,
                             host_key=host_key, fingerprint=fingerprint)


@contextmanager
def proftpd(*, tls: bool = False, ssl_required: bool = False, deny: tuple[str, ...] = (), umask: str = "022",
            chroot: bool = False, pasv_ports: tuple[int, int] | None = None,
            extra: list[str] | None = None) -> Iterator[RealServer]:
    """ProFTPD from the unpacked .deb; `tls`: explicit FTPS through mod_tls (data connections must
    reuse the TLS session, mod_tls's default); `ssl_required`: TLSRequired on; `deny`: commands
    refused to everyone (`<Limit MLSD> DenyAll` answers 550); `umask`: Umask (ProFTPD's default
    022); `chroot`: DefaultRoot at the login folder; `extra`: more config lines."""
    require_unpacked(PROFTPD)
    user, password = local_user()
    env = _unpacked_env()
    with _workspace() as (folder, root):
        port = free_port()
        log = folder / "proftpd.log"
        lines = [
            'ServerName "oit test"', "ServerType standalone", "DefaultServer on", f"Port {port}",
            "DefaultAddress 127.0.0.1", "SocketBindTight on", "UseIPv6 off", "User nobody", "Group nogroup",
            f"Umask {umask}", f"PidFile {folder / 'proftpd.pid'}", f"ScoreboardFile {folder / 'proftpd.scoreboard'}",
            "DelayTable none", "WtmpLog off", "UseReverseDNS off", "TransferLog none", f"SystemLog {log}",
            f"ModulePath {UNPACKED / 'usr/lib/proftpd'}", "ControlsEngine off", "AuthPAM off",
            "AuthOrder mod_auth_unix.c", "RequireValidShell on", f"DefaultChdir {root}", "AllowOverwrite on",
        ]
        if chroot:
            lines.append(f"DefaultRoot {root}")
        if pasv_ports:
            lines.append(f"PassivePorts {pasv_ports[0]} {pasv_ports[1]}")
        certificate = None
        if tls:
            certificate, key = self_signed_certificate(folder)
            lines += ["LoadModule mod_tls.c", "TLSEngine on", "TLSProtocol TLSv1.2 TLSv1.3",
                      f"TLSECCertificateFile {certificate}", f"TLSECCertificateKeyFile {key}",
                      f"TLSRequired {'on' if ssl_required else 'off'}", f"TLSLog {folder / 'tls.log'}"]
        for command in deny:
            lines += [f"<Limit {command}>", "  DenyAll", "</Limit>"]
        lines += extra or []
        config = folder / "proftpd.conf"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        check = subprocess.run([str(PROFTPD), "-t", "-c", str(config)], check=False, capture_output=True, text=True, env=env)
        if check.returncode:
            raise RuntimeError(f"ProFTPD refuses {config}:\n{check.stdout}{check.stderr}")
        version = _version([str(PROFTPD), "-v"], env=env)
        with _running([str(PROFTPD), "-n", "-c", str(config)], folder, port, "proftpd", [log], env=env):
            yield RealServer("proftpd-ftps" if tls else "proftpd-ftp", version.replace(" Version", ""),
                             "ftps" if tls else "ftp", port, root, user, password, folder,
                             env={"SSL_CERT_FILE": str(certificate)} if certificate else {},
                             log=log, certificate=certificate)


@contextmanager
def pure_ftpd(*, tls: bool = False, ssl_required: bool = False, no_dotfiles: bool = False,
              umask: str = "133:022", pasv_ports: tuple[int, int] | None = None,
              extra: list[str] | None = None) -> Iterator[RealServer]:
    """Pure-FTPd from the unpacked .deb, with a virtual user (PureDB) chrooted at the login folder;
    `tls`: explicit FTPS (-Y 1), `ssl_required`: -Y 3 (no login or data in the clear);
    `no_dotfiles`: -x (files starting with a dot are refused: "553 Prohibited file name");
    `umask`: -U files:folders (Pure-FTPd's default 133:022); `extra`: more flags."""
    require_unpacked(PURE_FTPD)
    require(PURE_PW)
    user, password = local_user()
    env = _unpacked_env()
    uid, gid = user_ids()
    with _workspace() as (folder, root):
        port = free_port()
        hashed = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, text=True,
                                check=True, capture_output=True).stdout.strip()
        passwd, database = folder / "pureftpd.passwd", folder / "pureftpd.pdb"
        # name:hash:uid:gid:gecos:home — "/./" marks the chroot (the fields after are quotas, limits).
        passwd.write_text(f"{user}:{hashed}:{uid}:{gid}::{root}/./" + ":" * 12 + "\n", encoding="utf-8")
        subprocess.run([str(PURE_PW), "mkdb", str(database), "-f", str(passwd)], check=True, capture_output=True,
                       env=env)
        command = [str(PURE_FTPD), "-S", f"127.0.0.1,{port}", "-l", f"puredb:{database}", "-E", "-H", "-A",
                   "-U", umask, "-O", f"clf:{folder / 'transfer.log'}"]
        if no_dotfiles:
            command.append("-x")
        if pasv_ports:
            command += ["-p", f"{pasv_ports[0]}:{pasv_ports[1]}"]
        certificate = None
        if tls:
            certificate, key = self_signed_certificate(folder)
            command += ["-Y", "3" if ssl_required else "1", "-2", f"{certificate},{key}"]
        command += extra or []
        version = _version([str(PURE_FTPD), "--help"], env=env)
        with _running(command, folder, port, "pure-ftpd", [], env=env):
            yield RealServer("pure-ftpd-ftps" if tls else "pure-ftpd-ftp",
                             version.replace(" v", " ").split(" [")[0].replace("pure-ftpd", "Pure-FTPd"),
                             "ftps" if tls else "ftp", port, root, user, password, folder,
                             env={"SSL_CERT_FILE": str(certificate)} if certificate else {},
                             log=folder / "pure-ftpd.out", certificate=certificate)


STARTERS: dict[str, Callable[..., object]] = {
    "vsftpd-ftp": lambda **knobs: vsftpd(**knobs),
    "vsftpd-ftps": lambda **knobs: vsftpd(tls=True, **knobs),
    "sshd-sftp": lambda **knobs: sshd(**knobs),
    "proftpd-ftp": lambda **knobs: proftpd(**knobs),
    "proftpd-ftps": lambda **knobs: proftpd(tls=True, **knobs),
    "pure-ftpd-ftp": lambda **knobs: pure_ftpd(**knobs),
    "pure-ftpd-ftps": lambda **knobs: pure_ftpd(tls=True, **knobs),
}


@contextmanager
def real_server(kind: str, **knobs: object) -> Iterator[RealServer]:
    """The server of `kind` (one of KINDS) with its knobs; skipped when it cannot run here."""
    with STARTERS[kind](**knobs) as server:  # type: ignore[attr-defined]
        yield server


@pytest.fixture
def start_server() -> Iterator[Callable[..., RealServer]]:
    """``server = start_server("vsftpd-ftp", umask="022")``: stopped and cleaned up after the test."""
    with ExitStack() as stack:
        yield lambda kind, **knobs: stack.enter_context(real_server(kind, **knobs))
