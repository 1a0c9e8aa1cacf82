"""`oit check` never writes anything anywhere.

The real command runs in a child process under a Python audit hook that records
every file opened for writing and every file-system change; HOME, the temporary
folder and the working folder are also snapshotted before and after.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, write_project

CHILD = r"""
import json, sys
events = []
WRITE_EVENTS = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.unlink", "os.symlink",
                "os.link", "os.truncate", "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.move",
                "shutil.copyfile", "shutil.copytree"}
def hook(event, args):
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3)  # O_WRONLY | O_RDWR
        if writing and path not in ("/dev/null",):
            events.append(["open-for-write", str(path)])
    elif event in WRITE_EVENTS:
        events.append([event, str(args[0]) if args else ""])
sys.addaudithook(hook)
from site_builder.cli import main
try:
    main(["check", sys.argv[1]] + sys.argv[2:])
except SystemExit as end:
    status = end.code
sys.stderr.write("\nAUDIT " + json.dumps({"status": status, "events": events}) + "\n")
"""


def _snapshot(folder: Path) -> dict[str, str]:
    state = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        state[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[key + "@mtime"] = str(path.stat().st_mtime_ns)
    return state


def _run_audited(root: Path, home: Path, work: Path, *args: str) -> dict:
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home / "tmp"), "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(root), *args], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("AUDIT "))
    return json.loads(line[len("AUDIT "):])


def test_check_writes_nothing_on_a_valid_project(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency")
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "tmp").mkdir(parents=True)
    work.mkdir()
    before = [_snapshot(root), _snapshot(home), _snapshot(work)]
    audit = _run_audited(root, home, work)
    assert audit["status"] == 0
    assert audit["events"] == []
    assert [_snapshot(root), _snapshot(home), _snapshot(work)] == before


def test_check_writes_nothing_on_a_broken_project_with_json(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {
        "data/2569/oit.yml": "year: 2569\nitems:\n  O99: {links: [javascript:x]}\n",
        "data/2568/scores.yml": "year: [\n",
    })
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "tmp").mkdir(parents=True)
    work.mkdir()
    before = [_snapshot(root), _snapshot(home), _snapshot(work)]
    audit = _run_audited(root, home, work, "--json")
    assert audit["status"] == 1
    assert audit["events"] == []
    assert [_snapshot(root), _snapshot(home), _snapshot(work)] == before


def test_audit_hook_would_see_a_write(tmp_path: Path) -> None:
    """The harness itself is honest: a write in the child is recorded."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}
    child = CHILD.replace("from site_builder.cli import main",
                          f"open({str(tmp_path / 'x.txt')!r}, 'w').close()\nfrom site_builder.cli import main")
    root = write_project(tmp_path / "agency")
    result = subprocess.run([sys.executable, "-c", child, str(root)], env=env, capture_output=True, text=True,
                            timeout=120)
    line = next(line for line in result.stderr.splitlines() if line.startswith("AUDIT "))
    assert ["open-for-write", str(tmp_path / "x.txt")] in json.loads(line[len("AUDIT "):])["events"]
