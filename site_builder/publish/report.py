"""What ``oit publish`` tells the officer: the plan (``--dry-run``), conflicts and the summary, in Thai."""

from __future__ import annotations

from ..formatting import file_size
from . import PublishResult
from .manifest import Plan

REASONS = {"new": "ใหม่", "changed": "เปลี่ยน", "resume": "ทำต่อจากครั้งก่อน", "adopt": "แทนที่ไฟล์เดิม (--adopt)"}
LISTED = 20  # conflicts listed by name before "and N more"


def plan_text(plan: Plan, where: str) -> str:
    out = [f"แผนการเผยแพร่ไปที่ {where} (--dry-run: ยังไม่ได้ส่ง ลบ หรือเปลี่ยนสิ่งใดบนปลายทาง)"]
    if plan.uploads:
        out.append(f"จะส่งขึ้น {len(plan.uploads)} ไฟล์ ({file_size(plan.upload_bytes, exact=True)}) ตามลำดับนี้:")
        out += [f"  + {f.path} ({REASONS[plan.reasons[f.path]]})" for f in plan.uploads]
    if plan.removals:
        out.append(f"จะลบ {len(plan.removals)} ไฟล์ (เผยแพร่ไว้ครั้งก่อน แต่ไม่มีในเว็บไซต์ที่สร้างใหม่):")
        out += [f"  - {path}" for path in plan.removals]
    out += conflict_lines(plan, limit=None)
    out += blocked_lines(plan, limit=None)
    out.append(f"ไม่เปลี่ยน {len(plan.unchanged)} ไฟล์")
    return "\n".join(out)


def blocked_lines(plan: Plan, limit: int | None = LISTED) -> list[str]:
    if not plan.blocked:
        return []
    shown = plan.blocked if limit is None else plan.blocked[:limit]
    out = [(f"ไม่แตะต้อง {len(plan.blocked)} ที่ ซึ่งบนปลายทางมีลิงก์ (symbolic link) หรือโฟลเดอร์อยู่ตรงนั้น "
            "หรืออยู่ระหว่างทาง (oit ไม่เขียนผ่านและไม่ลบลิงก์ เพราะอาจชี้ไปยังไฟล์ของผู้อื่น):")]
    out += [f"  ! {path}" for path in shown]
    if len(plan.blocked) > len(shown):
        out.append(f"  … และอีก {len(plan.blocked) - len(shown)} ที่ (ดูทั้งหมดด้วย --dry-run)")
    out.append("  วิธีแก้: ตรวจสอบกับผู้ดูแลเครื่องว่าใครสร้างลิงก์นั้น ลบออกถ้าไม่ต้องการ แล้วรันคำสั่งเดิมอีกครั้ง")
    return out


def skipped_lines(entries: tuple[str, ...]) -> list[str]:
    if not entries:
        return []
    return ([(f"ข้าม {len(entries)} รายการที่เสียในไฟล์บันทึกการเผยแพร่บนปลายทาง (ชื่อมีอักขระควบคุม เช่น ขึ้นบรรทัดใหม่) "
              "— ไม่แตะต้องไฟล์ตามรายการนั้น และตัดรายการออกจากไฟล์บันทึก:")]
            + [f"  ? {path!r}" for path in entries[:LISTED]])


def mode_lines(paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return []
    return [(f"คำเตือน: ตั้งสิทธิ์ให้เครื่องให้บริการเว็บอ่านไฟล์ได้ไม่สำเร็จ {len(paths)} รายการ เช่น {paths[0] or '(โฟลเดอร์ปลายทาง)'} "
             "— เครื่องปลายทางไม่รับคำสั่ง SITE CHMOD/chmod หน้าเว็บอาจเปิดไม่ได้ (403 Forbidden): "
             "ให้ขอผู้ให้บริการตั้ง umask เป็น 022 (vsftpd: local_umask=022) หรือตั้งสิทธิ์ไฟล์เป็น 644 และโฟลเดอร์เป็น 755 "
             "ผ่านหน้าจัดการโฮสติ้ง; ถ้าเว็บไซต์เปิดได้ตามปกติ (เช่น โฮสต์ Windows) "
             "ให้ใช้ --file-mode keep --dir-mode keep เพื่อไม่ตั้งสิทธิ์")]


def conflict_lines(plan: Plan, limit: int | None = LISTED) -> list[str]:
    if not plan.conflicts:
        return []
    shown = plan.conflicts if limit is None else plan.conflicts[:limit]
    out = [f"ไม่เขียนทับ {len(plan.conflicts)} ไฟล์ที่มีอยู่บนปลายทางแต่ไม่ได้เผยแพร่ด้วย oit "
           "(อาจเป็นไฟล์ของเว็บไซต์หลักของหน่วยงาน):"]
    out += [f"  ! {f.path}" for f in shown]
    if len(plan.conflicts) > len(shown):
        out.append(f"  … และอีก {len(plan.conflicts) - len(shown)} ไฟล์ (ดูทั้งหมดด้วย --dry-run)")
    out.append("  วิธีแก้: เผยแพร่ไปที่โฟลเดอร์ย่อยที่ว่าง เช่น …/ita หรือ ถ้าแน่ใจว่าไฟล์เหล่านี้แทนที่ได้ ให้รันอีกครั้งพร้อม --adopt")
    return out


def summary_text(result: PublishResult, where: str) -> str:
    untouched = result.conflicts or result.plan.blocked
    out = [f"เผยแพร่ไปที่ {where} แล้ว" if not untouched else f"เผยแพร่ไปที่ {where} แล้ว ยกเว้นไฟล์ที่ชนกัน"]
    out.append(f"  ส่งขึ้น      {result.uploaded} ไฟล์ ({file_size(result.bytes_sent, exact=True)})")
    out.append(f"  ไม่เปลี่ยน   {result.unchanged} ไฟล์")
    out.append(f"  ลบ          {result.removed} ไฟล์")
    if result.conflicts:
        out.append(f"  ไม่เขียนทับ  {result.conflicts} ไฟล์")
    if result.plan.blocked:
        out.append(f"  ไม่แตะต้อง   {len(result.plan.blocked)} ไฟล์ (ลิงก์)")
    out.append(f"  เวลา        {result.seconds:.1f} วินาที")
    out += conflict_lines(result.plan)
    out += blocked_lines(result.plan)
    out += skipped_lines(result.skipped_entries)
    out += mode_lines(result.modes_not_set)
    return "\n".join(out)
