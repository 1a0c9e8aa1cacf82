"""The MkDocs plugin: hands the rendered pages and data files to MkDocs as generated files.

Nothing is written into ``content/`` or ``data/``: pages exist only in MkDocs'
file collection (``File.generated``), so ``mkdocs build`` and ``mkdocs serve``
work as MkDocs users expect. All data-to-page logic lives in ``render/``; this
module is only the glue to the engine.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import archive, atomic, content_links, search, theme_dir
from .check import ProjectError, run_check
from .findings import Finding, errors
from .model import Project
from .render import localize, render_site
from .render.content import escape_meta, sanitize
from .render.copies import site_copies, without_versions
from .render.format import DigitStyle, localize_text
from .report import to_text
from .sitedir import Staging

log = logging.getLogger("mkdocs.plugins.oit")

def _checked_project(root: Path) -> Project:
    try:
        report = run_check(root)
    except ProjectError as error:
        raise PluginError(str(error)) from None
    problems = errors(report.findings)
    if problems:
        first = problems[0]
        where = f"{first.file}:{first.line}" if first.line is not None else first.file
        raise PluginError(f"ข้อมูลมีข้อผิดพลาด {len(problems)} รายการ (เช่น {where} "
                          f"{first.message}) — รัน oit check เพื่อดูทั้งหมด")
    return report.project


def _checked_or_problem(root: Path) -> tuple[Project | None, str | None]:
    """The checked project, or the data's errors as `oit check` words them."""
    try:
        report = run_check(root)
    except ProjectError as error:
        return None, str(error)
    if errors(report.findings):
        return None, to_text(report, errors_only=True)
    return report.project, None


def _error_files(files: Files, config: MkDocsConfig, problem: str) -> Files:
    """A preview of one page: what is wrong with the data, as text."""
    fence = "~~~~"
    page = (f"# ข้อมูลมีข้อผิดพลาด\n\nแก้ตามรายการนี้แล้วบันทึกไฟล์ หน้านี้จะสร้างใหม่เอง\n\n{fence}text\n"
            f"{problem.replace(fence, '~ ~ ~ ~')}\n{fence}\n")
    kept = Files([file for file in files if not file.is_documentation_page()])
    kept.append(File.generated(config, "index.md", content=page))
    return kept


def _strict_warnings() -> bool:
    """Whether `mkdocs build --strict` counted warnings (it aborts after on_post_build if so)."""
    from mkdocs.utils import CountHandler

    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def publish_copies(project: Project, site_dir: Path) -> tuple[Project, dict[str, archive.Version], list[Finding]]:
    """Copy the evidence copies the site offers (``render.copies``) into the site being built.

    Each is copied whole and only when its bytes still match the sha256 it is named by; a
    damaged or edited file is not published, and the project (for the pages) then offers the
    newest good version instead, if any. Returns that project, the copies made (site path →
    version) and a Thai warning per damaged file.
    """
    copied: dict[str, archive.Version] = {}
    damaged: set[str] = set()
    while True:
        found: set[str] = set()
        for path, version in site_copies(project).items():
            if path in copied:
                continue
            if archive.copy_verified(project.root, version, site_dir / path):
                copied[path] = version
            else:
                found.add(version.sha256)
        if not found:
            break
        damaged |= found
        project = replace(project, archive=without_versions(project, damaged))
    warnings = [Finding("warning", "archive-damaged",
                        "สำเนาหลักฐานไฟล์นี้เสียหายหรือถูกแก้ไข (เนื้อไฟล์ไม่ตรงกับค่า sha256 ที่เป็นชื่อไฟล์) "
                        "จึงไม่นำขึ้นเว็บไซต์",
                        "อย่าแก้ไขไฟล์ใน archive/ เอง: กู้ไฟล์คืนจากสำเนาสำรอง (backup) ของโฟลเดอร์ archive/ "
                        "หรือรัน oit links เพื่อเก็บสำเนาใหม่จากต้นฉบับ",
                        archive.file_path(project.root, sha).relative_to(project.root).as_posix())
                for sha in sorted(damaged)]
    return project, copied, warnings


class OitConfig(base.Config):
    # The agency project (holds data/); default: the folder of mkdocs.yml.
    project_dir = c.Optional(c.Dir(exists=True))
    # Digits of every number the site prints: Thai (๒๕๖๙) or Arabic (2569).
    digits = c.Choice(("arabic", "thai"), default="arabic")
    # The site's own Thai search (index segmented at build time, loaded on demand).
    search = c.Type(bool, default=True)
    # Hand-written pages (content/) keep only safe HTML (render/content.py). Turning this
    # off lets any script in content/ run in readers' browsers: a deliberate choice.
    sanitize_content = c.Type(bool, default=True)
    # Hosts whose https:// iframes hand-written pages may embed (e.g. www.youtube.com).
    iframe_hosts = c.ListOfItems(c.Type(str), default=[])


# The site's name: the agency's, from data/agency.yml (the one source of truth).
SITE_NAME = "{agency} — การเปิดเผยข้อมูล ITA"


class OitPlugin(BasePlugin[OitConfig]):
    # The MkDocs command that loaded the plugin ("build", "serve", "gh-deploy"); None when a
    # program drives the build itself (`oit build` stages its own build).
    _command: str | None = None
    _dirty = False
    _staging: Staging | None = None
    # The project `oit build` or `oit serve` already loaded and checked (see `hand_over`):
    # the plugin then need not read and check the data a second time.
    checked: Project | None = None
    # What the build itself found (a damaged archive copy not published), for `oit build` to print.
    notes: list[Finding] = []  # noqa: RUF012 - replaced per build (on_config), never mutated in place

    @property
    def _digits(self) -> DigitStyle:
        return "thai" if self.config.digits == "thai" else "arabic"  # c.Choice allows only these two

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command, self._dirty = command, dirty

    def _project_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.project_dir or Path(config.config_file_path).parent)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self._project_dir(config)
        self.notes = []
        self._project: Project | None
        self._problem: str | None = None
        if self.checked is not None and self.checked.root.resolve() == root.resolve():
            self._project = self.checked
        elif self._command == "serve":
            self._project, self._problem = _checked_or_problem(root)
        else:
            self._project = _checked_project(root)
        if self._project is not None and self._project.agency is not None:
            # mkdocs.yml's site_name is only MkDocs' required placeholder: a copied
            # mkdocs.yml never shows another agency's name. The theme prints site_name
            # unescaped in places (aria-label, header): as Markup it is escaped text everywhere.
            config.site_name = escape(SITE_NAME.format(agency=self._project.agency.name.strip()))
        # Generated headings carry explicit ASCII ids (`## หลักฐาน { #evidence }`): Python
        # Markdown would otherwise turn Thai headings into ids like `_1`.
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        # The contract's addresses are folders (/2569/oit/o1/), and generated pages link
        # to them relatively: directory URLs are part of the contract, not a choice.
        if not config.use_directory_urls:
            log.warning("oit: use_directory_urls: false ใช้ไม่ได้กับที่อยู่ของรายการ OIT จึงใช้ true")
            config.use_directory_urls = True
        self._nav_given = config.nav is not None
        # The bundled theme (Thai font, oit.css, corrected Thai strings) sits under the
        # agency's own overrides (theme.custom_dir) and above mkdocs-material.
        theme = str(theme_dir())
        if theme not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme)
        if self._command == "build" and not self._dirty:
            # `mkdocs build` as `oit build` does it: MkDocs empties site_dir before the data is read,
            # so build aside and swap the new site in only when the build succeeds.
            self._staging = Staging(Path(config.site_dir))
            config.site_dir = str(self._staging.folder)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self._project is None:
            # `mkdocs serve` with bad data: one page that says what to fix (reloaded when it is
            # fixed), not a failed build that leaves the browser facing an emptied folder.
            return _error_files(files, config, self._problem or "")
        # A link in content/ to outside it (or to nothing) never reaches the site, even when
        # `oit check` was bypassed: oit check reports it as an error.
        refused = content_links.bad_links(Path(config.docs_dir))
        for file in [f for f in files if f.generated_by is None and content_links.is_under(f.src_uri, refused)]:
            log.warning("oit: ไม่นำ content/%s ขึ้นเว็บไซต์: เป็นลิงก์ที่ชี้ออกนอก content/ (ดู oit check)", file.src_uri)
            files.remove(file)
        # The kept copies of evidence (archive/) go straight into the site being built (a staging
        # folder under `oit build`); the pages then offer only the copies that were published.
        project, copied, self.notes = publish_copies(self._project, Path(config.site_dir))
        for note in self.notes:
            log.warning("oit: %s: %s", note.file, note.message)
        site = render_site(project, site_url=config.site_url or "")
        for src_uri, text in site.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                continue  # a hand-written page in content/ takes precedence
            files.append(File.generated(config, src_uri, content=text))
        for path, content in site.files.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for path in copied:
            if files.get_file_from_path(path) is None:
                # Written into site_dir already: MkDocs' copy is then a no-op (its SameFileError case).
                files.append(File.generated(config, path, abs_src_path=str(Path(config.site_dir) / path)))
        if not self._nav_given:
            config.nav = site.nav
            # Item and indicator pages are reached from their year, not the menu.
            config.validation.nav.omitted_files = logging.DEBUG
        return files

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        # The pages come from data/, which MkDocs does not watch: `mkdocs serve` rebuilds on its changes too.
        data_dir = self._project_dir(config) / "data"
        if data_dir.is_dir():
            server.watch(str(data_dir))
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._search_entries: list[search.Entry] = []

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.sanitize_content and page.file.generated_by is None:
            # The theme prints front matter (title, description…) into the page unescaped.
            page.meta = {key: escape_meta(value) for key, value in page.meta.items()}
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.sanitize_content and page.file.generated_by is None:  # written by hand in content/
            html = sanitize(html, self.config.iframe_hosts)
        if self.config.search:
            url = page.url
            title = search.page_text(page.title or "")  # titles reach the theme HTML-escaped
            # Results print the title as the pages do: in the site's digits.
            title = localize_text(title, self._digits)
            self._search_entries.append(search.Entry(url, title, search.page_text(html)))
        return html

    @event_priority(-100)  # last: the staged site is swapped in after every plugin has written to it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search:
            target = Path(config.site_dir) / "search" / "index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, search.build_index(self._search_entries))
        if self._staging is not None:
            staging, self._staging = self._staging, None
            config.site_dir = str(staging.site_dir)
            if config.strict and _strict_warnings():
                staging.discard()  # MkDocs aborts right after this event: keep the previous site
            else:
                staging.finish()

    def on_build_error(self, *, error: Exception) -> None:
        if self._staging is not None:
            staging, self._staging = self._staging, None
            staging.discard()  # the previous site stays as it was

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return localize(output, self._digits)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        # Static templates (404.html) print the navigation too.
        return localize(output_content, self._digits) if template_name.endswith(".html") else output_content



def build_notes(config: MkDocsConfig) -> list[Finding]:
    """The warnings the oit plugin of ``config`` found while building (after ``build``)."""
    return [note for plugin in config.plugins.values() if isinstance(plugin, OitPlugin)
            for note in plugin.notes]


def hand_over(config: MkDocsConfig, project: Project) -> None:
    """Give the oit plugin of a loaded MkDocs ``config`` the ``project`` already loaded and checked.

    ``oit build`` and ``oit serve`` check before they build (a failed check must not empty a
    site folder); the plugin then builds from that same project instead of reading data/ again.
    """
    for plugin in config.plugins.values():
        if isinstance(plugin, OitPlugin):
            plugin.checked = project
