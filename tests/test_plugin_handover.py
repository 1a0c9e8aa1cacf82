"""The checked project reaches the plugin through its instance in the loaded MkDocs config.

`oit build` loads and checks once (check.run_check), then hands that project to the plugin
(plugin.hand_over): the plugin builds from it and does not read data/ a second time. Without
a hand-over (a plain `mkdocs build`), the plugin loads and checks the data itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import MKDOCS_YML, write_project
from site_builder.build import _run_engine
from site_builder.check import run_check


def test_the_handed_project_is_the_one_built(tmp_path: Path) -> None:
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML})
    checked = run_check(root)
    assert not [f for f in checked.findings if f.severity == "error"]
    # data/ turns bad after the check: the plugin must build from the project it was handed.
    (root / "data" / "agency.yml").write_text("name: [unclosed\n", encoding="utf-8")
    site = tmp_path / "site"
    _run_engine(root / "mkdocs.yml", site, "0", checked.project)
    name = checked.project.agency.name.strip()
    assert name in (site / "index.html").read_text(encoding="utf-8")


def test_without_a_hand_over_the_plugin_checks_the_data_itself(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    root = write_project(tmp_path / "agency", {"mkdocs.yml": MKDOCS_YML})
    (root / "data" / "agency.yml").write_text("name: [unclosed\n", encoding="utf-8")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):  # MkDocs turns the plugin's PluginError into its Abort
        build(config)
    assert "ข้อมูลมีข้อผิดพลาด 1 รายการ (เช่น data/agency.yml:1" in caplog.text
