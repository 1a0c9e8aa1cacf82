"""Where the host's password comes from: ``OIT_PASSWORD``, then ``.netrc``, then a prompt.

The password is never stored in the project and never printed; only where it came
from is named, so a wrong one can be traced without showing it.
"""

from __future__ import annotations

import netrc
import os
from dataclasses import dataclass
from pathlib import Path

PASSWORD_ENV = "OIT_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    user: str | None
    password: str | None
    source: str  # Thai, for messages: "ตัวแปร OIT_PASSWORD", ".netrc (...)", "ที่พิมพ์", "ไม่มี"

    def __repr__(self) -> str:  # a password must not leak through a debug print or a traceback
        return f"Credentials(user={self.user!r}, password={'***' if self.password else None}, source={self.source!r})"


def netrc_path() -> Path:
    """``$NETRC`` if set (as curl and git do), else ``~/.netrc``."""
    return Path(os.environ.get("NETRC") or Path.home() / ".netrc")


def _from_netrc(host: str, user: str | None) -> tuple[str | None, str | None]:
    path = netrc_path()
    if not path.is_file():
        return None, None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError, UnicodeDecodeError):
        return None, None
    if entry is None:
        return None, None
    login, _account, password = entry
    if user is not None and login and login != user:
        return None, None  # an entry for another account on the same host
    return login or None, password or None


def find_credentials(host: str, user: str | None) -> Credentials:
    """The user from the URL (or ``.netrc``) and a password if one is configured; never prompts."""
    env_password = os.environ.get(PASSWORD_ENV)
    if env_password:
        if user is None:
            login, _ = _from_netrc(host, None)
            user = login
        return Credentials(user, env_password, f"ตัวแปร {PASSWORD_ENV}")
    login, password = _from_netrc(host, user)
    if password is not None:
        return Credentials(user or login, password, f".netrc ({netrc_path()})")
    return Credentials(user or login, None, "ไม่มี")
