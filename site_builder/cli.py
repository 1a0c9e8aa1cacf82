"""The ``oit`` command: parse arguments, run one stage, map its findings to an exit status.

Exit status: 0 nothing wrong (warnings allowed), 1 problems found in the data,
2 the command could not run (no project, bad arguments, internal failure).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .cli_thai import ThaiGroup

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"oit: {message}", err=True)
    sys.exit(EXIT_CANNOT_RUN)


PROJECT = "โฟลเดอร์โครงการ"  # how the help names the project folder argument


@click.group(cls=ThaiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="oit", message="%(prog)s รุ่น %(version)s",
                      help="แสดงรุ่นของโปรแกรม")
def main() -> None:
    """เครื่องมือจัดทำเว็บไซต์เปิดเผยข้อมูล ITA/OIT ของหน่วยงาน

    ดูวิธีใช้ของแต่ละคำสั่งด้วย oit คำสั่ง --help เช่น oit check --help

    คู่มือกรอกข้อมูล: oit help data
    """


@main.command(short_help="ตรวจข้อมูลใน data/")
@click.argument("project_dir", default=".", metavar=f"[{PROJECT}]", type=click.Path(path_type=Path, file_okay=False))
@click.option("--errors", "errors_only", is_flag=True, help="แสดงเฉพาะข้อผิดพลาด (ไม่แสดงคำเตือน)")
@click.option("--json", "as_json", is_flag=True, help="แสดงผลเป็น JSON (สำหรับโปรแกรมอื่น)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def check(project_dir: Path, errors_only: bool, as_json: bool, debug: bool) -> None:
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
    click.echo(to_json(report, errors_only) if as_json else to_text(report, errors_only))
    sys.exit(EXIT_PROBLEMS if errors(report.findings) else EXIT_OK)


@main.command(short_help="ตรวจข้อมูลแล้วสร้างเว็บไซต์")
@click.argument("project_dir", default=".", metavar=f"[{PROJECT}]", type=click.Path(path_type=Path, file_okay=False))
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, metavar="โฟลเดอร์",
              help="โฟลเดอร์ที่จะสร้างเว็บไซต์ (ค่าเริ่มต้น: site/ ในโครงการ)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def build(project_dir: Path, site_dir: Path | None, debug: bool) -> None:
    """ตรวจข้อมูลแล้วสร้างเว็บไซต์ (เว็บไซต์เดิมไม่เปลี่ยนถ้าสร้างไม่สำเร็จ)"""
    from .build import BuildRefused, build_site
    from .check import ProjectError
    from .findings import warnings
    from .report import actionable, to_text

    try:
        result = build_site(project_dir, site_dir)
    except (ProjectError, BuildRefused) as error:
        _fail(str(error))
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        if debug:
            traceback.print_exc()
        _fail("เกิดข้อผิดพลาดภายในโปรแกรม (เว็บไซต์เดิมไม่ถูกเปลี่ยน; ใช้ --debug เพื่อดูรายละเอียด)")
    if result.site_dir is None:
        click.echo(to_text(result.report, errors_only=True))
        click.echo("ไม่ได้สร้างเว็บไซต์เพราะข้อมูลมีข้อผิดพลาด เว็บไซต์เดิม (ถ้ามี) ไม่ถูกเปลี่ยน", err=True)
        sys.exit(EXIT_PROBLEMS)
    count = len(warnings(actionable(result.report.findings)))
    if count:
        click.echo(f"คำเตือน {count} รายการ (ดูรายละเอียดด้วย oit check)")
    click.echo(f"สร้างเว็บไซต์แล้วที่ {result.site_dir}")
    sys.exit(EXIT_OK)


def _interactive() -> bool:
    """Someone is at the keyboard (not cron, not a pipe): questions may be asked."""
    return sys.stdin.isatty()


def _internal_error(debug: bool, what: str) -> None:
    if debug:
        traceback.print_exc()
    _fail(f"เกิดข้อผิดพลาดภายในโปรแกรม ({what}; ใช้ --debug เพื่อดูรายละเอียด)")


@contextlib.contextmanager
def _upload_progress(total_bytes: int):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; nothing at all when the output goes to a file or CI log."""
    if not sys.stderr.isatty() or total_bytes == 0:
        yield lambda file: None
        return
    with click.progressbar(length=total_bytes, label="กำลังส่งไฟล์", file=sys.stderr,
                           item_show_func=lambda path: path or "") as bar:
        yield lambda file: bar.update(file.size, file.path)


@main.command("publish", short_help="ส่งเว็บไซต์ขึ้นเครื่องให้บริการเว็บ")
@click.argument("target", metavar="ปลายทาง")
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"), metavar="โฟลเดอร์",
              show_default=True, help="โฟลเดอร์เว็บไซต์ที่ oit build สร้าง")
@click.option("--dry-run", is_flag=True, help="แสดงแผน (ไฟล์ที่จะส่งและจะลบ) โดยไม่เปลี่ยนสิ่งใดบนปลายทาง")
@click.option("--adopt", is_flag=True,
              help="แทนที่ไฟล์บนปลายทางที่ชื่อตรงกับไฟล์ของเว็บไซต์แต่ไม่ได้เผยแพร่ด้วย oit (แล้วนับเป็นของ oit)")
@click.option("--force", is_flag=True, help="เผยแพร่โฟลเดอร์ที่ไม่ได้สร้างด้วย oit build")
@click.option("--known-hosts", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="ไฟล์",
              help="ไฟล์ known_hosts สำหรับ sftp:// (ค่าเริ่มต้น: ~/.ssh/known_hosts)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def publish_site(target: str, site_dir: Path, dry_run: bool, adopt: bool, force: bool, known_hosts: Path | None,
                 debug: bool) -> None:
    """ส่งเว็บไซต์ขึ้นเครื่องให้บริการเว็บ เฉพาะไฟล์ที่เปลี่ยน (ปลายทาง: โฟลเดอร์, ftp://, ftps://, sftp://)

    รหัสผ่านมาจากตัวแปร OIT_PASSWORD, ไฟล์ .netrc หรือพิมพ์เมื่อโปรแกรมถาม ไม่ถูกเก็บหรือแสดง
    """
    from .publish import Publication, PublishError, parse_target
    from .publish.report import plan_text, summary_text
    from .publish.targets import TargetError

    try:
        where = parse_target(target).display()
    except TargetError as error:
        _fail(str(error))

    def ask_password() -> str:
        return click.prompt(f"รหัสผ่านของ {where}", hide_input=True, err=True)

    try:
        with Publication(site_dir, target, adopt=adopt, force=force, known_hosts=known_hosts,
                         ask_password=ask_password if sys.stdin.isatty() else None) as publication:
            if dry_run:
                click.echo(plan_text(publication.plan, where))
                sys.exit(EXIT_PROBLEMS if publication.plan.conflicts else EXIT_OK)
            with _upload_progress(publication.plan.upload_bytes) as advance:
                result = publication.execute(advance)
    except PublishError as error:
        _fail(str(error))
    except (KeyboardInterrupt, click.Abort):
        _fail("หยุดกลางคัน — สิ่งที่ส่งไปแล้วถูกบันทึกไว้ รันคำสั่งเดิมอีกครั้งเพื่อทำต่อให้เสร็จ")
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        _internal_error(debug, "รันคำสั่งเดิมอีกครั้งได้อย่างปลอดภัย")
    click.echo(summary_text(result, where))
    sys.exit(EXIT_PROBLEMS if result.conflicts else EXIT_OK)


@main.command("new", short_help="สร้างโครงการของหน่วยงานใหม่")
@click.argument("project_dir", metavar="โฟลเดอร์ใหม่", type=click.Path(path_type=Path, file_okay=False))
@click.option("--year", type=int, default=None, metavar="ปี", help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน)")
@click.option("--site-url", default=None, metavar="ที่อยู่",
              help="ที่อยู่สาธารณะของเว็บไซต์ เช่น https://www.example.go.th/ita/ (ไม่ระบุ: ถามเมื่อรันเอง)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def new(project_dir: Path, year: int | None, site_url: str | None, debug: bool) -> None:
    """สร้างโครงการเว็บไซต์ของหน่วยงานใหม่: mkdocs.yml, data/agency.yml, oit.yml, แม่แบบ scores.yml และ measures.yml และคู่มือ docs/data.md"""
    from .scaffold import ScaffoldError, new_project, normalize_site_url

    if year is not None and not 2500 <= year <= 2800:
        _fail(f"ปี {year} ไม่ใช่ปีงบประมาณ พ.ศ. — ใช้ปี พ.ศ. เช่น --year 2570")
    try:
        if site_url is not None:
            site_url = normalize_site_url(site_url)
        elif _interactive():
            while True:
                answer = click.prompt("ที่อยู่ของเว็บไซต์ ITA ที่จะเผยแพร่ เช่น https://www.example.go.th/ita/ "
                                      "(ยังไม่ทราบ: กด Enter)", default="", show_default=False, err=True)
                try:
                    site_url = normalize_site_url(answer) if answer.strip() else None
                    break
                except ScaffoldError as error:
                    click.echo(str(error), err=True)
        created = new_project(project_dir, year, site_url=site_url)
    except ScaffoldError as error:
        _fail(str(error))
    except (KeyboardInterrupt, click.Abort):
        _fail("ยกเลิกแล้ว ไม่มีไฟล์ถูกสร้าง")
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        _internal_error(debug, "ไม่มีไฟล์เดิมถูกเขียนทับ")
    year = created.year
    click.echo(f"สร้างโครงการแล้วที่ {created.root}")
    click.echo("\n".join(f"  {path.relative_to(created.root).as_posix()}" for path in created.files))
    if created.edition != year:
        click.echo(f"หมายเหตุ: ยังไม่มีเกณฑ์ OIT ปี {year} ในโปรแกรม จึงใช้เกณฑ์ปี {created.edition} ไปก่อน")
    if created.unverified:
        click.echo(f"หมายเหตุ: ชื่อข้อ {', '.join(created.unverified)} ของเกณฑ์ปี {created.edition} ยังไม่ได้ยืนยันกับคู่มือ"
                   f"ของสำนักงาน ป.ป.ช. (ใช้งานได้ตามปกติ ถ้าคู่มือเขียนต่างไป แก้ได้ใน data/criteria/{created.edition}.yml)")
    steps = ["กรอก data/agency.yml (ชื่อ ประเภท จังหวัด เว็บไซต์ และรายชื่อกอง/สำนัก)",
             f"ใส่ลิงก์หลักฐานของแต่ละข้อใน data/{year}/oit.yml (ไฟล์ PDF วางไว้ที่ content/files/{year}/)",
             (f"ใส่ผลคะแนน ITA ปี {year - 1} จากหนังสือแจ้งผลใน data/{year - 1}/scores.yml "
              f"แล้ววิเคราะห์ผลและเขียนมาตรการใน data/{year}/measures.yml"),
             f"cd {created.root} แล้วรัน oit check เพื่อดูว่ายังขาดอะไร (คู่มือกรอกข้อมูล: docs/data.md)",
             "oit serve เพื่อดูตัวอย่างเว็บไซต์ แล้ว oit build และ oit publish"]
    if site_url is None:
        steps.insert(0, "ใส่ที่อยู่เว็บไซต์ (site_url) ใน mkdocs.yml เมื่อทราบ")
    click.echo("ขั้นต่อไป:\n" + "\n".join(f"  {n}. {step}" for n, step in enumerate(steps, 1)))
    sys.exit(EXIT_OK)


@main.command("new-year", short_help="เริ่มปีงบประมาณใหม่")
@click.argument("year", metavar="ปี", type=int)
@click.argument("project_dir", default=".", metavar=f"[{PROJECT}]", type=click.Path(path_type=Path, file_okay=False))
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def new_year(year: int, project_dir: Path, debug: bool) -> None:
    """เริ่มปีงบประมาณใหม่จากปีก่อน: ยกหลักฐานที่ยังใช้ได้ สร้าง oit.yml และ measures.yml แล้วแสดงรายการที่ต้องทำ"""
    from .check import ProjectError
    from .newyear import start_year
    from .scaffold import ScaffoldError

    if not 2500 <= year <= 2800:
        _fail(f"ปี {year} ไม่ใช่ปีงบประมาณ พ.ศ. — ใช้ปี พ.ศ. เช่น oit new-year 2570")
    try:
        started = start_year(project_dir, year)
    except (ProjectError, ScaffoldError) as error:
        _fail(str(error))
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        _internal_error(debug, "ไม่มีไฟล์เดิมถูกเขียนทับ")
    click.echo(started.checklist)
    _add_guide(project_dir)
    sys.exit(EXIT_OK)


def _add_guide(project_dir: Path) -> None:
    """A project made before the guide shipped gets it: the files the checklist names point to it."""
    from .guide import GUIDE_PATH, data_guide
    from .scaffold import ScaffoldError, create_files

    if (project_dir / GUIDE_PATH).exists():
        return
    with contextlib.suppress(ScaffoldError, OSError):
        create_files(project_dir, {GUIDE_PATH: data_guide()})
        click.echo(f"เพิ่มคู่มือกรอกข้อมูลไว้ที่ {GUIDE_PATH} (แสดงได้ด้วย oit help data)")


@main.command(short_help="แสดงตัวอย่างเว็บไซต์บนเครื่องนี้")
@click.argument("project_dir", default=".", metavar=f"[{PROJECT}]", type=click.Path(path_type=Path, file_okay=False))
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT",
              help="ที่อยู่ของหน้าตัวอย่าง (ค่าเริ่มต้น: 127.0.0.1:8000)")
@click.option("--open", "open_browser", is_flag=True, help="เปิดเบราว์เซอร์ให้ด้วย")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def serve(project_dir: Path, dev_addr: str | None, open_browser: bool, debug: bool) -> None:
    """แสดงตัวอย่างเว็บไซต์บนเครื่องนี้ และสร้างใหม่ทันทีเมื่อแก้ไฟล์ใน data/ หรือ content/"""
    from .check import ProjectError, run_check
    from .findings import errors
    from .report import to_text
    from .serve import ServeError
    from .serve import serve as run_preview

    try:
        report = run_check(project_dir)
        if errors(report.findings):
            click.echo(to_text(report, errors_only=True))
            click.echo("แก้ข้อผิดพลาดในข้อมูลก่อน แล้วรัน oit serve อีกครั้ง", err=True)
            sys.exit(EXIT_PROBLEMS)
        run_preview(project_dir, dev_addr, open_browser, echo=click.echo)
    except (ProjectError, ServeError) as error:
        _fail(str(error))
    except Exception:  # a bug of ours: say so plainly, never a bare traceback
        _internal_error(debug, "แสดงตัวอย่างไม่ได้")
    sys.exit(EXIT_OK)


@main.command(short_help="ตรวจลิงก์หลักฐาน")
@click.argument("project_dir", default=".", metavar=f"[{PROJECT}]", type=click.Path(path_type=Path, file_okay=False))
@click.option("--site", "site_dir", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="โฟลเดอร์",
              help="ตรวจเฉพาะเว็บไซต์ที่สร้างแล้วในโฟลเดอร์นี้ (เว็บไซต์ static ใดก็ได้)")
@click.option("--url", "start_url", default=None, metavar="ที่อยู่", help="ตรวจเว็บไซต์จากที่อยู่นี้ ไล่ตามลิงก์ภายในเว็บไซต์เดียวกัน")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "markdown", "junit"]), default="text",
              metavar="[text|json|csv|markdown|junit]",
              show_default=True, help="รูปแบบรายงาน")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="ไฟล์",
              help="เขียนรายงานลงไฟล์นี้")
@click.option("--per-host", metavar="จำนวน", type=click.IntRange(1, 4), default=2, show_default=True,
              help="จำนวนคำขอพร้อมกันต่อเว็บไซต์ (สูงสุด 4)")
@click.option("--concurrency", metavar="จำนวน", type=click.IntRange(1, 256), default=16, show_default=True,
              help="จำนวนคำขอพร้อมกันทั้งหมด")
@click.option("--timeout", metavar="วินาที", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="วินาทีที่รอแต่ละคำขอ")
@click.option("--retries", metavar="ครั้ง", type=click.IntRange(0, 10), default=2, show_default=True,
              help="จำนวนครั้งที่ลองใหม่เมื่อเซิร์ฟเวอร์ขัดข้องหรือขอให้รอ")
@click.option("--timeout-retries", metavar="ครั้ง", type=click.IntRange(0, 3), default=0, show_default=True,
              help="จำนวนครั้งที่ลองใหม่ในรอบเดียวกันเมื่อไม่ตอบภายในเวลา (0: รอการตรวจครั้งถัดไปยืนยัน)")
@click.option("--deadline", metavar="วินาที", type=click.FloatRange(1), default=1800, show_default=True,
              help="วินาทีสูงสุดของการตรวจทั้งหมด")
@click.option("--confirm-after", metavar="ชั่วโมง", type=click.FloatRange(0), default=24.0, show_default=True,
              help="ชั่วโมง: ลิงก์นับเป็นลิงก์เสียเมื่อพบปัญหาซ้ำห่างกันอย่างน้อยเท่านี้")
@click.option("--cache-days", metavar="วัน", type=click.FloatRange(0), default=30.0, show_default=True,
              help="ใช้ผลที่ใช้ได้ซึ่งตรวจไว้ไม่เกินกี่วัน (0 = ตรวจใหม่ทุกลิงก์) ลิงก์ที่มีปัญหาและลิงก์ใหม่ตรวจทุกครั้ง")
@click.option("--cache-hours", type=click.FloatRange(0), default=None, hidden=True,
              help="the same in hours (older option; overrides --cache-days)")
@click.option("--audits", "audits_dir", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="โฟลเดอร์",
              help="โฟลเดอร์เก็บประวัติการตรวจ (ค่าเริ่มต้น: audits/ ในโครงการ)")
@click.option("--no-history", is_flag=True, help="ไม่บันทึกและไม่ใช้ประวัติการตรวจ")
@click.option("--network-check", "network_check", multiple=True, metavar="URL",
              help="เว็บไซต์ที่ใช้ทดสอบว่าเครื่องต่ออินเทอร์เน็ตได้ เมื่อติดต่อเว็บไซต์ปลายทางไม่ได้เลยสักแห่ง "
                   "(ใส่ได้หลายครั้ง ค่าเริ่มต้น: Google และ สำนักงาน ป.ป.ช.)")
@click.option("--debug", is_flag=True, hidden=True, help="show a traceback on internal errors")
def links(project_dir: Path, site_dir: Path | None, start_url: str | None, fmt: str, output: Path | None,
          per_host: int, concurrency: int, timeout: float, retries: int, timeout_retries: int, deadline: float, confirm_after: float,
          cache_days: float, cache_hours: float | None, audits_dir: Path | None, no_history: bool, network_check: tuple[str, ...],
          debug: bool) -> None:
    """ตรวจลิงก์หลักฐานทุกข้อ ลิงก์ในเว็บไซต์ และลิงก์ใน content/ (แนะนำให้รันทุกวัน: ลิงก์ที่ใช้ได้ตรวจซ้ำเดือนละครั้ง)

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
    cache_for = dt.timedelta(hours=cache_hours) if cache_hours is not None else dt.timedelta(days=cache_days)
    options = AuditOptions(
        per_host=per_host, concurrency=concurrency, deadline=deadline,
        check=CheckOptions(timeout=timeout, retry=RetryPolicy(retries=retries, timeout_retries=timeout_retries)),
        confirm_after=dt.timedelta(hours=confirm_after), cache_for=cache_for,
        network_check=network_check or AuditOptions.network_check)
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
    except Exception:  # a bug of ours: say so plainly, never a bare traceback, never a verdict
        _internal_error(debug, "ไม่ได้บันทึกผลการตรวจ")
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


HELP_TOPICS = {"data": "คู่มือกรอกข้อมูล: ทุกไฟล์ใน data/ ทุกฟิลด์ ตัวอย่าง รูปแบบวันที่และตัวเลข และรหัสข้อ OIT ของแต่ละปี"}


@main.command("help", short_help="แสดงคู่มือ (oit help data)")
@click.argument("topic", metavar="[หัวข้อ]", required=False)
@click.pass_context
def help_topic(ctx: click.Context, topic: str | None) -> None:
    """แสดงคู่มือ: oit help data แสดงคู่มือกรอกข้อมูล (ฉบับเดียวกับ docs/data.md ที่ oit new สร้าง)"""
    if topic is None:
        click.echo(ctx.parent.get_help() if ctx.parent is not None else ctx.get_help())
        click.echo("\nหัวข้อ:\n" + "\n".join(f"  oit help {name}  {about}" for name, about in HELP_TOPICS.items()))
        sys.exit(EXIT_OK)
    if topic not in HELP_TOPICS:
        _fail(f"ไม่มีหัวข้อ {topic!r} — หัวข้อที่มี: " + ", ".join(HELP_TOPICS))
    from .guide import data_guide

    click.echo(data_guide(), nl=False)
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
