"""``oit serve``: a live preview that rebuilds when a data file, a page or mkdocs.yml changes.

MkDocs' own ``serve`` watches only ``content/`` and ``mkdocs.yml``, and prints a
traceback when a rebuild fails. This is the same server (MkDocs' ``LiveReloadServer``)
with ``data/`` watched too, Thai messages, and a failed rebuild reported in one line
while the last good preview stays up. The preview is built in a temporary folder;
nothing is written into the project.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from .base.errors import OitError


class ServeError(OitError):
    """The preview cannot start."""


def serve(root: Path, dev_addr: str | None = None, open_browser: bool = False,
          echo: Callable[[str], None] = print) -> None:
    """Serve the project at ``root`` until interrupted (Ctrl+C)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from .check import ProjectError, run_check
    from .findings import errors
    from .plugin import hand_over

    config_file = Path(root) / "mkdocs.yml"
    if not config_file.is_file():
        raise ServeError(f"ไม่พบไฟล์ {config_file} (ตั้งค่าเว็บไซต์) — รันคำสั่งในโฟลเดอร์โครงการ หรือสร้างโครงการด้วย oit new")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # our own Thai lines say what happens
    site_dir = tempfile.mkdtemp(prefix="oit-serve-")
    options = {"dev_addr": dev_addr} if dev_addr else {}

    def load():
        return load_config(config_file=str(config_file), site_dir=site_dir, **options)

    try:
        try:
            config = load()
        except MkDocsException as error:
            raise ServeError(f"อ่าน {config_file} ไม่ได้: {error}") from None
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        url = f"http://{host}:{port}{mount_path}"

        def builder(config=None) -> None:
            # Check first: MkDocs empties the preview folder before the plugin reads the data, so a
            # build that fails on bad data would leave the officer looking at "404".
            try:
                report = run_check(root)
            except ProjectError as error:
                echo(f"สร้างหน้าเว็บใหม่ไม่สำเร็จ: {error}")
                return
            problems = errors(report.findings)
            if problems:
                first = problems[0]
                echo(f"สร้างหน้าเว็บใหม่ไม่สำเร็จ: ข้อมูลมีข้อผิดพลาด {len(problems)} รายการ (เช่น {first.file}"
                     f"{':' + str(first.line) if first.line else ''} {first.message}) — หน้าตัวอย่างยังเป็นแบบเดิม "
                     "แก้แล้วบันทึกไฟล์ ระบบจะสร้างใหม่เอง (ดูทั้งหมดด้วย oit check)")
                return
            try:
                config = config or load()
                config.site_url = url
                hand_over(config, report.project)  # the plugin need not read and check the data again
                build(config, serve_url=url)
            except MkDocsException as error:
                echo(f"สร้างหน้าเว็บใหม่ไม่สำเร็จ: {error} — แก้แล้วบันทึกไฟล์ ระบบจะสร้างใหม่เอง")
            else:
                echo("สร้างหน้าเว็บใหม่แล้ว")

        server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

        def error_page(code: int) -> bytes | None:
            page = Path(site_dir) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        builder(config)
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        # The oit plugin's on_serve adds data/ (the reason this command exists), as it does for `mkdocs serve`.
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.server_bind()
        except OSError as error:
            raise ServeError(f"เปิดที่อยู่ {host}:{port} ไม่ได้ ({error.strerror or error}) — "
                             "อาจมีโปรแกรมอื่นใช้พอร์ตนี้อยู่ ลองใช้ --dev-addr 127.0.0.1:8001") from None
        server.server_bind = lambda: None  # bound above, with a Thai error
        echo(f"ดูตัวอย่างเว็บไซต์ได้ที่ {url} — แก้ไฟล์ใน data/ หรือ content/ แล้วหน้าเว็บจะสร้างใหม่เอง (กด Ctrl+C เพื่อหยุด)")
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            echo("หยุดแสดงตัวอย่างแล้ว")
        finally:
            server.shutdown()
        config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
