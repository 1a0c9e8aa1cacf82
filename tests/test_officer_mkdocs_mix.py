"""`mkdocs build` and `oit build` share site/: either replaces the other's site, a failed build of
either leaves the previous site, and `mkdocs serve` shows bad data as a page instead of failing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from conftest import MKDOCS_YML, REPO, write_project
from site_builder.cli import main


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def oit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def mkdocs(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    # The real `mkdocs` command (it calls the plugin's on_startup), with this checkout's plugin.
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, **kwargs)


def break_data(root: Path) -> None:
    (root / "data/2568/scores.yml").write_text("year: 2568\ntotal: 197\n", encoding="utf-8")


def test_failed_mkdocs_build_leaves_the_oit_build_site_and_oit_build_replaces_a_mkdocs_site(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert oit("build", str(root))[0] == 0
    before = tree(root / "site")
    good = (root / "data/2568/scores.yml").read_text(encoding="utf-8")

    break_data(root)
    done = mkdocs(root, "build")
    assert done.returncode != 0
    assert tree(root / "site") == before  # MkDocs would have emptied it
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []

    (root / "data/2568/scores.yml").write_text(good, encoding="utf-8")
    done = mkdocs(root, "build")
    assert done.returncode == 0, done.stderr
    assert (root / "site/.oit-build").is_file()
    assert (root / "site/2569/oit/o1/index.html").is_file()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []

    # oit build accepts the site mkdocs built, and oit publish accepts either.
    status, output = oit("build", str(root))
    assert status == 0, output
    status, output = oit("publish", str(tmp_path / "www"), "--site-dir", str(root / "site"))
    assert status == 0, output
    assert (tmp_path / "www/2569/oit/o1/index.html").is_file()


def test_oit_build_replaces_a_site_that_mkdocs_built_first(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    done = mkdocs(root, "build")
    assert done.returncode == 0, done.stderr
    status, output = oit("build", str(root))
    assert status == 0, output
    # And a site an older plugin built (no marker yet) is still recognised as ours.
    (root / "site/.oit-build").unlink()
    assert oit("build", str(root))[0] == 0


def test_a_folder_of_other_files_is_still_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    (root / "site").mkdir()
    (root / "site/index.html").write_text("<p>another site</p>", encoding="utf-8")
    status, output = oit("build", str(root))
    assert status == 2 and "ไม่เขียนทับ" in output
    assert tree(root / "site") == {"index.html": b"<p>another site</p>"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_serve_shows_bad_data_as_a_page(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    break_data(root)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _attempt in range(600):  # until the server answers or exits (not a speed assertion)
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        assert body is not None
        assert "ข้อมูลมีข้อผิดพลาด" in body
        assert "data/2568/scores.yml" in body and "197" in body
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_strict_mkdocs_build_that_aborts_on_warnings_leaves_the_previous_site(tmp_path: Path) -> None:
    root = write_project(tmp_path / "a", {"mkdocs.yml": MKDOCS_YML})
    assert oit("build", str(root))[0] == 0
    before = tree(root / "site")
    # A hand-written page with a broken relative link: a warning, fatal under --strict.
    (root / "content/about.md").write_text("# เกี่ยวกับ\n\n[ไม่มี](missing.md)\n", encoding="utf-8")
    done = mkdocs(root, "build", "--strict")
    assert done.returncode != 0
    assert tree(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
