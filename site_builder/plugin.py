"""The MkDocs plugin: hands the rendered pages to MkDocs as generated files.

Nothing is written into ``content/`` or ``data/``: pages exist only in MkDocs'
file collection (``File.generated``), so ``mkdocs build`` and ``mkdocs serve``
work as MkDocs users expect. All data-to-page logic lives in ``render/``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .check import check_project
from .findings import errors
from .load import ProjectError, load_project
from .render import render_pages


class OitConfig(base.Config):
    # The agency project (holds data/); default: the folder of mkdocs.yml.
    project_dir = c.Optional(c.Dir(exists=True))


class OitPlugin(BasePlugin[OitConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Generated headings carry explicit ASCII ids (`## หลักฐาน { #evidence }`): Python
        # Markdown would otherwise turn Thai headings into ids like `_1`.
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            loaded = load_project(root)
        except ProjectError as error:
            raise PluginError(str(error)) from None
        findings, _coverage = check_project(loaded.project)
        problems = errors(loaded.findings + findings)
        if problems:
            first = problems[0]
            raise PluginError(f"ข้อมูลมีข้อผิดพลาด {len(problems)} รายการ (เช่น {first.file}:{first.line} "
                              f"{first.message}) — รัน oit check เพื่อดูทั้งหมด")
        for src_uri, text in render_pages(loaded.project).items():
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page in content/ takes precedence
            files.append(File.generated(config, src_uri, content=text))
        return files
