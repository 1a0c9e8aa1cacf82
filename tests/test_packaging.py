"""The wheel holds every package and the theme (fonts, CSS, overrides)."""

from __future__ import annotations

import tomllib

from setuptools import find_packages

from conftest import REPO


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(find_packages(str(REPO), include=["site_builder*"]))
    assert set(config["packages"]) == found | {"site_builder.theme"}
    assert config["package-dir"]["site_builder.theme"] == "themes"


def test_installed_theme_has_the_font_and_css() -> None:
    from site_builder import theme_dir

    theme = theme_dir()
    assert (theme / "main.html").is_file()
    assert (theme / "assets/stylesheets/oit.css").is_file()
    assert list((theme / "assets/fonts/sarabun").glob("*.woff2"))
