"""The ``oit`` command: parse arguments, run one stage, map its findings to an exit status.

Exit status: 0 nothing wrong (warnings allowed), 1 problems found in the data,
2 the command could not run (no project, bad arguments, internal failure).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"oit: {message}", err=True)
    sys.exit(EXIT_CANNOT_RUN)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="oit")
def main() -> None:
    """เครื่องมือจัดทำเว็บไซต์เปิดเผยข้อมูล ITA/OIT ของหน่วยงาน"""


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="แสดงผลเป็น JSON (สำหรับโปรแกรมอื่น)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def check(project_dir: Path, as_json: bool, debug: bool) -> None:
    """ตรวจข้อมูลใน data/ กับเกณฑ์ OIT ของแต่ละปี โดยไม่เขียนไฟล์ใด ๆ"""
    from .check import ProjectError, run_check
    from .findings import errors
    from .report import to_json, to_text

    try:
        report = run_check(project_dir)
    except ProjectError as error:
        _fail(str(error))
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        if debug:
            traceback.print_exc()
        _fail("เกิดข้อผิดพลาดภายในโปรแกรม (โปรดแจ้งผู้พัฒนา พร้อมแนบไฟล์ใน data/; ใช้ --debug เพื่อดูรายละเอียด)")
    click.echo(to_json(report) if as_json else to_text(report))
    sys.exit(EXIT_PROBLEMS if errors(report.findings) else EXIT_OK)


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--site-dir", type=click.Path(path_type=Path), default=None,
              help="โฟลเดอร์ที่จะสร้างเว็บไซต์ (ค่าเริ่มต้น: site/ ในโครงการ)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def build(project_dir: Path, site_dir: Path | None, debug: bool) -> None:
    """ตรวจข้อมูลแล้วสร้างเว็บไซต์ (เว็บไซต์เดิมไม่เปลี่ยนถ้าสร้างไม่สำเร็จ)"""
    from .build import BuildRefused, build_site
    from .check import ProjectError
    from .findings import warnings
    from .report import to_text

    try:
        result = build_site(project_dir, site_dir)
    except (ProjectError, BuildRefused) as error:
        _fail(str(error))
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        if debug:
            traceback.print_exc()
        _fail("เกิดข้อผิดพลาดภายในโปรแกรม (เว็บไซต์เดิมไม่ถูกเปลี่ยน; ใช้ --debug เพื่อดูรายละเอียด)")
    if result.site_dir is None:
        click.echo(to_text(result.report))
        click.echo("ไม่ได้สร้างเว็บไซต์เพราะข้อมูลมีข้อผิดพลาด เว็บไซต์เดิม (ถ้ามี) ไม่ถูกเปลี่ยน", err=True)
        sys.exit(EXIT_PROBLEMS)
    count = len(warnings(result.report.findings))
    if count:
        click.echo(f"คำเตือน {count} รายการ (ดูรายละเอียดด้วย oit check)")
    click.echo(f"สร้างเว็บไซต์แล้วที่ {result.site_dir}")
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
