"""Every file oit writes is whole: a full disk leaves nothing half-written and is said in Thai.

Issue 14, items 6 and 7. A full disk is real: a small tmpfs mounted for the test (needs
root, as in CI; skipped elsewhere).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MKDOCS_YML, write_project
from site_builder import atomic
from site_builder.build import MARKER
from site_builder.cli import main

DEAD_PID = 4194400  # above Linux's largest pid_max (2**22): never a running process


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


class Disk:
    """A small file system of its own; ``fill`` leaves only ``free`` bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self, free: int = 0) -> None:
        chunk = b"\0" * 4096
        descriptor = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(descriptor, chunk)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(descriptor)
        if free:
            size = self.filler.stat().st_size
            os.truncate(self.filler, max(0, size - free))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", f"oit-test-{uuid.uuid4().hex[:8]}", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield Disk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or ".building-" in p.name)


def test_write_on_a_full_disk_keeps_the_old_file_and_says_so_in_thai(disk: Disk) -> None:
    target = disk.root / "audit.json"
    target.write_text("old\n", encoding="utf-8")
    disk.fill()
    with pytest.raises(atomic.WriteError) as raised:
        atomic.write_text(target, "x" * 200_000)
    assert raised.value.errno == errno.ENOSPC
    assert "พื้นที่ดิสก์เต็ม" in str(raised.value) and "audit.json" in str(raised.value)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(disk.root) == []


def test_write_never_follows_a_planted_temporary_name(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    folder = tmp_path / "audits"
    folder.mkdir()
    for n in range(50):  # whatever name is drawn, a link already there is refused (O_EXCL), never written through
        (folder / f".x.json.{os.getpid()}-{n:08x}.tmp").symlink_to(outside)
    atomic.write_text(folder / "x.json", "new\n")
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert (folder / "x.json").read_text(encoding="utf-8") == "new\n"


def test_new_year_on_a_full_disk_leaves_nothing_and_can_run_again(disk: Disk) -> None:
    root = write_project(disk.root / "agency", {"mkdocs.yml": MKDOCS_YML})
    disk.fill(free=8192)  # room for a part of oit.yml only
    status, output = run("new-year", "2570", str(root))
    assert status == 2
    assert "พื้นที่ดิสก์เต็ม" in output and "ภายใน" not in output
    assert not (root / "data/2570").exists()
    assert leftovers(root) == []
    disk.free()
    status, output = run("new-year", "2570", str(root))
    assert status == 0, output
    assert run("check", str(root))[0] in (0, 1)
    assert "O26" in (root / "data/2570/oit.yml").read_text(encoding="utf-8")


def test_new_project_on_a_full_disk_leaves_no_partial_project(disk: Disk) -> None:
    disk.fill(free=8192)
    status, output = run("new", str(disk.root / "agency"), "--year", "2569")
    assert status == 2
    assert "พื้นที่ดิสก์เต็ม" in output
    assert not (disk.root / "agency" / "data").exists()
    assert not (disk.root / "agency" / "mkdocs.yml").exists()


def test_build_onto_a_full_disk_keeps_the_site_and_says_disk_full(disk: Disk) -> None:
    root = write_project(disk.root / "agency", {"mkdocs.yml": MKDOCS_YML})
    assert run("build", str(root))[0] == 0
    before = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    disk.fill()
    status, output = run("build", str(root))
    assert status == 2
    assert "พื้นที่ดิสก์เต็ม" in output and "ภายใน" not in output
    after = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert leftovers(disk.root) == []


def test_build_removes_work_folders_of_killed_builds_and_only_those(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert run("build", str(root))[0] == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        abandoned = [root / f".site.building-{DEAD_PID}", root / f".site.previous-{DEAD_PID + 1}"]
        for folder in abandoned:
            (folder / "assets").mkdir(parents=True)
            (folder / "index.html").write_text("old", encoding="utf-8")
        (abandoned[1] / MARKER).write_text("built by oit build\n", encoding="utf-8")
        kept = [root / f".site.building-{sleeper.pid}",  # a build still running
                root / f".other.building-{DEAD_PID}",  # another site's
                root / ".site.building-old"]  # not a name a build gives
        for folder in kept:
            folder.mkdir()
            (folder / "f").write_text("x", encoding="utf-8")
        link = root / f".site.previous-{DEAD_PID + 2}"
        link.symlink_to(outside, target_is_directory=True)
        assert run("build", str(root))[0] == 0
        assert [f for f in abandoned if f.exists()] == []
        assert all((f / "f").is_file() for f in kept)
        assert link.is_symlink() and (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_link_audit_onto_a_full_disk_says_so_and_keeps_the_previous_audit(tmp_path: Path, disk: Disk) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><title>ก</title><a href="a.html">a</a>', encoding="utf-8")
    (site / "a.html").write_text("<!doctype html><title>a</title>", encoding="utf-8")
    audits = disk.root / "audits"
    audits.mkdir()
    status, _ = run("links", "--site", str(site), "--audits", str(audits))
    assert status == 0
    before = {p.name: p.read_bytes() for p in audits.glob("*.json")}
    assert before  # today's audit
    (site / "b.html").write_text("<!doctype html><title>b</title>", encoding="utf-8")
    (site / "index.html").write_text('<!doctype html><title>ก</title><a href="a.html">a</a><a href="b.html">b</a>'
                                     + "<a href='x.html'>x</a>" * 2000, encoding="utf-8")
    disk.fill()
    status, output = run("links", "--site", str(site), "--audits", str(audits))
    assert status == 2
    assert "พื้นที่ดิสก์เต็ม" in output
    assert {p.name: p.read_bytes() for p in audits.glob("*.json")} == before
    assert leftovers(disk.root) == []
