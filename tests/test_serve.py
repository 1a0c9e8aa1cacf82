"""`oit serve`: the live preview rebuilds when a file in data/ changes, and survives a broken one."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import MKDOCS_YML, write_project

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, what: str, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_serve_rebuilds_when_data_changes(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML})
    port = free_port()
    page = f"http://127.0.0.1:{port}/2569/oit/o1/"
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder.cli", "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: "เอกสารข้อ 1" in (fetch(page) or ""), "the first preview")
        oit = root / "data/2569/oit.yml"
        oit.write_text(oit.read_text(encoding="utf-8").replace("title: เอกสารข้อ 1\n", "title: โครงสร้างฉบับแก้ไข\n"),
                       encoding="utf-8")
        wait_for(lambda: "โครงสร้างฉบับแก้ไข" in (fetch(page) or ""), "the rebuild after a data change")

        (root / "data/2568/scores.yml").write_text("year: 2568\ntotal: 197\n", encoding="utf-8")  # broken
        time.sleep(2)
        assert "โครงสร้างฉบับแก้ไข" in (fetch(page) or ""), "the last good preview stays up"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "ดูตัวอย่างเว็บไซต์ได้ที่" in output and "สร้างหน้าเว็บใหม่ไม่สำเร็จ" in output
    assert "Traceback" not in output
    assert not (root / "site").exists()  # the preview is built elsewhere; the project is not written


def test_serve_refuses_data_with_errors(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML,
                                               "data/2568/scores.yml": "year: 2568\ntotal: 197\n"})
    result = subprocess.run([sys.executable, "-m", "site_builder.cli", "serve", str(root), "--dev-addr",
                             f"127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "data/2568/scores.yml" in result.stdout and "Traceback" not in result.stdout + result.stderr
