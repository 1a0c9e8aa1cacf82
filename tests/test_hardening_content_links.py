"""Nothing outside content/ reaches the site through a symbolic link (issue 14 item 3).

A link in content/ to a file or folder outside it, to nothing, or to a folder holding the
link is an error of `oit check` naming the link; the build never copies it, even when the
check is bypassed (the plugin alone, as in a plain `mkdocs build`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MKDOCS_YML, write_project
from site_builder.build import _run_engine
from site_builder.cli import main
from site_builder.load import load_project

SECRET = "root:x:0:0:secret-of-the-host"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "ภายใน" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "private").mkdir(parents=True)
    (outside / "passwd").write_text(SECRET, encoding="utf-8")
    (outside / "private" / "minutes.txt").write_text(SECRET, encoding="utf-8")
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML})
    content = root / "content"
    (content / "files" / "passwd.txt").symlink_to(outside / "passwd")
    (content / "files" / "private").symlink_to(outside / "private", target_is_directory=True)
    (content / "files" / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (content / "files" / "2569" / "loop").symlink_to(content / "files", target_is_directory=True)
    (content / "files" / "latest.pdf").symlink_to(Path("2569") / "o1.pdf")  # inside content/: fine
    return root


def test_check_names_every_link_that_leaves_content(linked: Path) -> None:
    status, output = run("check", str(linked), "--json")
    assert status == 1
    found = {f["file"]: f["message"] for f in json.loads(output)["findings"] if f["code"] == "content-link"}
    assert sorted(found) == ["content/files/2569/loop", "content/files/gone.pdf", "content/files/passwd.txt",
                             "content/files/private"]
    assert "ชี้ออกนอกโฟลเดอร์ content/" in found["content/files/passwd.txt"]
    assert "ไม่มีอยู่" in found["content/files/gone.pdf"]
    assert "วน" in found["content/files/2569/loop"]
    _, text = run("check", str(linked))
    assert "content/files/passwd.txt" in text


def test_build_refuses_and_copies_nothing(linked: Path) -> None:
    status, _ = run("build", str(linked))
    assert status == 1
    assert not (linked / "site").exists()


def test_a_dangling_link_alone_is_a_data_error_not_an_internal_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML})
    (root / "content" / "files" / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    status, output = run("build", str(root))
    assert status == 1
    assert "content/files/gone.pdf" in output


def test_with_the_check_bypassed_the_build_still_copies_nothing_from_outside(linked: Path) -> None:
    site = linked / "bypassed"
    # The plugin takes the handed project as checked.
    _run_engine(linked / "mkdocs.yml", site, "0", load_project(linked).project)
    copied = [p for p in site.rglob("*") if p.is_file()]
    assert all(SECRET not in p.read_text(encoding="utf-8", errors="replace") for p in copied)
    assert not (site / "files" / "passwd.txt").exists() and not (site / "files" / "private").exists()
    assert not (site / "files" / "2569" / "loop").exists()
    assert (site / "files" / "latest.pdf").read_bytes().startswith(b"%PDF")  # a link inside content/ is kept
    assert (site / "2569" / "oit" / "o1" / "index.html").is_file()
