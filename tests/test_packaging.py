"""The wheel holds every package and the theme (fonts, CSS, overrides).

The wheel is built from a copy of the checkout (``pip wheel``, offline, with the installed
setuptools) and read as a zip file: the checkout itself would shadow the installed package,
so only the built artefact shows what an agency's ``pip install`` really gets.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

from conftest import REPO


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(find_packages(str(REPO), include=["site_builder*"]))
    assert set(config["packages"]) == found | {"site_builder.theme"}
    assert config["package-dir"]["site_builder.theme"] == "themes"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for folder in ("site_builder", "themes"):  # a copy: building writes build/ and *.egg-info beside the sources
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", str(out), str(source)], check=True, capture_output=True)
    [built] = list(out.glob("oit_site_builder-*.whl"))
    return zipfile.ZipFile(built)


def _source_files(folder: Path, pattern: str) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob(pattern)
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_every_module_and_data_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    package = REPO / "site_builder"
    expected = {f"site_builder/{name}" for pattern in ("*.py", "*.yml", "*.md", "*.j2")
                for name in _source_files(package, pattern)}
    assert expected - names == set()
    # Spot checks that do not depend on the listing above.
    assert {"site_builder/base/values.py", "site_builder/catalogs/2569.yml", "site_builder/guide/data.md",
            "site_builder/render/templates/home.md.j2"} <= names


def test_the_wheel_holds_the_theme(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {f"site_builder/theme/{name}" for name in _source_files(REPO / "themes", "*")} - names == set()
    assert "site_builder/theme/main.html" in names
    assert "site_builder/theme/assets/stylesheets/oit.css" in names
    assert [n for n in names if n.startswith("site_builder/theme/assets/fonts/sarabun/") and n.endswith(".woff2")]


def test_the_wheel_declares_the_command_and_the_plugin(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode("utf-8")
    assert "oit = site_builder.cli:main" in text
    assert "oit = site_builder.plugin:OitPlugin" in text
