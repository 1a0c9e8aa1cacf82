"""Whole-file writes: every file oit writes appears complete or not at all.

A file is written under a temporary name in its own folder (created with ``O_EXCL``,
so nothing planted there is followed or reused), flushed to disk, then renamed over
its name. A write that fails (a full disk, a kill) leaves at most that temporary
file, removed on the way out; the file's previous content stays as it was.
A full disk is said in Thai (:class:`WriteError`), never as an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

# "No space left" and "quota exceeded": both mean the officer must free space.
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


class WriteError(OSError):
    """A file could not be written whole; its message is Thai and names the file."""


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _DISK_FULL


def disk_full_message(where: os.PathLike[str] | str) -> str:
    return (f"พื้นที่ดิสก์เต็ม จึงเขียน {where} ไม่ได้ — ไฟล์เดิมไม่ถูกเปลี่ยน "
            "ลบไฟล์ที่ไม่ใช้ให้มีที่ว่าง แล้วรันคำสั่งเดิมอีกครั้ง")


def _disk_full(where: os.PathLike[str] | str) -> WriteError:
    error = WriteError(disk_full_message(where))
    error.errno = errno.ENOSPC
    return error


def write_bytes(path: os.PathLike[str] | str, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` as the whole of ``path``.

    ``replace=False`` never replaces an existing file (``FileExistsError``), as ``open(…, "x")``.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(temporary, flags, 0o644)
    except OSError as error:
        if is_disk_full(error):
            raise _disk_full(path) from None
        raise
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _rename_new(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if is_disk_full(error):
            raise _disk_full(path) from None
        raise


def write_text(path: os.PathLike[str] | str, text: str, *, replace: bool = True) -> None:
    """``text`` as UTF-8, line endings exactly as given."""
    write_bytes(path, text.encode("utf-8"), replace=replace)


def _rename_new(temporary: Path, path: Path) -> None:
    """Give ``temporary`` the name ``path`` only if no file has it."""
    try:
        os.link(temporary, path)  # fails if ``path`` exists: never replaces
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some shares)
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.rename(temporary, path)  # refuses an existing name on Windows; the check above elsewhere
        return
    os.unlink(temporary)


def create_files(root: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write new files under ``root``, all or none.

    Never replaces a file (``FileExistsError``). If one write fails, the files and
    folders this call created are removed again, so the same command can simply be run again.
    """
    root = Path(root)
    created_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for relative, content in files.items():
            path = root / relative
            missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                created_dirs.append(folder)
            write_bytes(path, content.encode("utf-8") if isinstance(content, str) else content, replace=False)
            written.append(path)
    except BaseException as error:
        for path in reversed(written):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(created_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if is_disk_full(error) and not isinstance(error, WriteError):
            raise _disk_full(root) from None
        raise
    return written


__all__ = ["WriteError", "create_files", "disk_full_message", "is_disk_full", "write_bytes", "write_text"]
