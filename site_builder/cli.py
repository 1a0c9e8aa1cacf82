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


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--site", "site_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="ตรวจเฉพาะเว็บไซต์ที่สร้างแล้วในโฟลเดอร์นี้ (เว็บไซต์ static ใดก็ได้)")
@click.option("--url", "start_url", default=None, help="ตรวจเว็บไซต์จากที่อยู่นี้ ไล่ตามลิงก์ภายในเว็บไซต์เดียวกัน")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown", "junit"]), default="text",
              show_default=True, help="รูปแบบรายงาน")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="เขียนรายงานลงไฟล์นี้")
@click.option("--per-host", type=click.IntRange(1, 4), default=2, show_default=True,
              help="จำนวนคำขอพร้อมกันต่อเว็บไซต์ (สูงสุด 4)")
@click.option("--concurrency", type=click.IntRange(1, 256), default=16, show_default=True,
              help="จำนวนคำขอพร้อมกันทั้งหมด")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="วินาทีที่รอแต่ละคำขอ")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="จำนวนครั้งที่ลองใหม่เมื่อเซิร์ฟเวอร์ขัดข้องหรือขอให้รอ")
@click.option("--deadline", type=click.FloatRange(1), default=1800, show_default=True,
              help="วินาทีสูงสุดของการตรวจทั้งหมด")
@click.option("--confirm-after", type=click.FloatRange(0), default=24.0, show_default=True,
              help="ชั่วโมง: ลิงก์นับเป็นลิงก์เสียเมื่อพบปัญหาซ้ำห่างกันอย่างน้อยเท่านี้")
@click.option("--cache-hours", type=click.FloatRange(0), default=12.0, show_default=True,
              help="ใช้ผลที่ใช้ได้ซึ่งตรวจไว้ไม่เกินกี่ชั่วโมง (0 = ไม่ใช้)")
@click.option("--audits", "audits_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="โฟลเดอร์เก็บประวัติการตรวจ (ค่าเริ่มต้น: audits/ ในโครงการ)")
@click.option("--no-history", is_flag=True, help="ไม่บันทึกและไม่ใช้ประวัติการตรวจ")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def links(project_dir: Path, site_dir: Path | None, start_url: str | None, fmt: str, output: Path | None,
          per_host: int, concurrency: int, timeout: float, retries: int, deadline: float, confirm_after: float,
          cache_hours: float, audits_dir: Path | None, no_history: bool, debug: bool) -> None:
    """ตรวจลิงก์หลักฐานทุกข้อ ลิงก์ในเว็บไซต์ และลิงก์ใน content/ (แนะนำให้รันทุกเดือน)

    ผลลัพธ์: 0 ไม่พบลิงก์เสีย · 1 พบลิงก์เสีย (ยืนยันแล้ว) · 2 รันคำสั่งไม่ได้
    """
    import contextlib
    import datetime as dt

    from .links import AuditOptions, CheckOptions, LinksError, RetryPolicy, audit
    from .links.report import render, to_text

    if site_dir is not None and start_url is not None:
        _fail("เลือกได้อย่างเดียว: --site หรือ --url")
    if audits_dir is None and not no_history and site_dir is None and start_url is None:
        audits_dir = project_dir / "audits"
    if no_history:
        audits_dir = None
    options = AuditOptions(
        per_host=per_host, concurrency=concurrency, deadline=deadline,
        check=CheckOptions(timeout=timeout, retry=RetryPolicy(retries=retries, timeout_retries=min(retries, 1))),
        confirm_after=dt.timedelta(hours=confirm_after), cache_for=dt.timedelta(hours=cache_hours))
    bar = None
    if sys.stderr.isatty():  # quiet under cron and in pipes
        bar = click.progressbar(length=1, label="ตรวจลิงก์", file=sys.stderr, show_pos=True)

    def progress(done: int, known: int) -> None:
        if bar is not None:
            bar.length = max(known, 1)
            bar.update(done - bar.pos)

    try:
        with bar if bar is not None else contextlib.nullcontext():
            result = audit(None if (site_dir or start_url) else project_dir, site_dir=site_dir, start_url=start_url,
                           audits_dir=audits_dir, options=options, progress=progress)
    except LinksError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"อ่านหรือเขียนไฟล์ไม่ได้: {error}")
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        if debug:
            traceback.print_exc()
        _fail("เกิดข้อผิดพลาดภายในโปรแกรม (ใช้ --debug เพื่อดูรายละเอียด)")
    report = render(result, fmt, confirm_after)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8", newline="")
        except OSError as error:
            _fail(f"เขียนรายงานลงไฟล์ {output} ไม่ได้: {error}")
        click.echo(to_text(result, confirm_after) if fmt != "text" else f"บันทึกรายงานไว้ที่ {output}")
    else:
        click.echo(report, nl=False)
    sys.exit(EXIT_PROBLEMS if result.dead else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
