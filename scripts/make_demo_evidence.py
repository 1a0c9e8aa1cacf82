#!/usr/bin/env python3
"""Regenerate the demo agency's evidence files (content/files/**).

The demo agency (เทศบาลตำบลหนองบัวงาม) is fictional. Its data files in ``data/`` point
to local evidence files under ``content/``; this script writes every one of them: small
but real PDFs (a Thai heading with the agency name, the document title, the fiscal
year and a few lines of plausible content) and a few PNG/JPEG pictures, plus
``content/files/logo.png``. The generated files are committed, so the script is only
needed to regenerate them after the data changes.

What it reads: ``data/agency.yml``, ``data/<year>/oit.yml`` (each ``file:`` link and
its ``title``) and ``data/<year>/measures.yml`` (``file:`` links in ``progress``).
The body of each document comes from the table ``BODIES`` below, chosen by the file
name (``o12-procurement-report-2567.pdf`` → kind ``procurement-report``, year 2567).

Requirements (generation time only, not needed by the site):

* ``pip install fpdf2 uharfbuzz pillow pyyaml`` (uharfbuzz gives proper Thai shaping)
* a Thai TTF font; by default the Laksaman family of Debian's ``fonts-thai-tlwg``
  (``apt-get install fonts-thai-tlwg``) at ``/usr/share/fonts/truetype/tlwg/``.
  Another folder can be given with ``--font-dir`` (it must hold ``Laksaman.ttf`` and
  ``Laksaman-Bold.ttf``).

Output is deterministic: the PDF creation date is the evidence's ``published`` date
(or the progress date), never the clock, and fake figures come from a random
generator seeded with the file name, so a re-run gives the same bytes (for the same
fpdf2, Pillow and font versions).

Usage::

    python scripts/make_demo_evidence.py            # from the repository root
    python scripts/make_demo_evidence.py --check    # only list missing / extra files
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_REGULAR = "Laksaman.ttf"
FONT_BOLD = "Laksaman-Bold.ttf"

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS = {
    "ม.ค.": 1, "มกราคม": 1, "ก.พ.": 2, "กุมภาพันธ์": 2, "มี.ค.": 3, "มีนาคม": 3,
    "เม.ย.": 4, "เมษายน": 4, "พ.ค.": 5, "พฤษภาคม": 5, "มิ.ย.": 6, "มิถุนายน": 6,
    "ก.ค.": 7, "กรกฎาคม": 7, "ส.ค.": 8, "สิงหาคม": 8, "ก.ย.": 9, "กันยายน": 9,
    "ต.ค.": 10, "ตุลาคม": 10, "พ.ย.": 11, "พฤศจิกายน": 11, "ธ.ค.": 12, "ธันวาคม": 12,
}
MONTH_ABBR = ["", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
              "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
MONTH_FULL = ["", "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
              "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

# ---------------------------------------------------------------------------
# Fictional people and places of the demo agency (used in the documents only)
# ---------------------------------------------------------------------------
MAYOR = "นายประเสริฐ บัวศรีงาม"
DEPUTIES = ["นายสุริยา ทองมา", "นางบุญเรือน แสนสุข"]
SECRETARY = "นายวีระพงษ์ คำภู"
COUNCIL_CHAIR = "นายทองใบ ศรีสุวรรณ"
CLERK = "นางสาวกนกพร วงศ์ไชย"
DEPUTY_CLERK = "นายอนุชา พลศรี"
HEADS = {
    "สำนักปลัดเทศบาล": ("หัวหน้าสำนักปลัดเทศบาล", "นางจิราพร สายบุญ", 14),
    "กองคลัง": ("ผู้อำนวยการกองคลัง", "นางสุภาวดี มีชัย", 9),
    "กองช่าง": ("ผู้อำนวยการกองช่าง", "นายธนากร ภูมิโคตร", 11),
    "กองการศึกษา": ("ผู้อำนวยการกองการศึกษา", "นางวิไลวรรณ ศรีประเสริฐ", 12),
    "กองสาธารณสุขและสิ่งแวดล้อม": ("ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม", "นายปิยะพงษ์ จันทร์หอม", 16),
    "กองสวัสดิการสังคม": ("ผู้อำนวยการกองสวัสดิการสังคม", "นางสาวรัชนี ทองดี", 5),
    "หน่วยตรวจสอบภายใน": ("นักวิชาการตรวจสอบภายใน", "นางสาวพิมพ์ชนก บุญมา", 1),
}
VILLAGES = ["บ้านหนองบัว", "บ้านโนนสวรรค์", "บ้านดอนหัน", "บ้านหนองบัวงาม", "บ้านโคกกลาง",
            "บ้านหนองแวง", "บ้านนาดี", "บ้านดอนม่วง", "บ้านหนองบัวงามเหนือ", "บ้านโนนทอง",
            "บ้านสร้างแก้ว", "บ้านหนองบัวพัฒนา"]
SITE = "www.nongbuangam.go.th"


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
def be_date(value) -> dt.date:
    """A date from the data files (BE) as a Gregorian date."""
    if isinstance(value, dt.date):
        y, m, d = value.year, value.month, value.day
    else:
        s = str(value).translate(ARABIC_DIGITS).strip()
        mt = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if mt:
            y, m, d = map(int, mt.groups())
        else:
            mt = re.fullmatch(r"(\d{1,2})\s+(\S+)\s+(\d{4})", s)
            if not mt or mt.group(2) not in MONTHS:
                raise ValueError(f"unreadable date: {value!r}")
            d, m, y = int(mt.group(1)), MONTHS[mt.group(2)], int(mt.group(3))
    if y > 2400:
        y -= 543
    return dt.date(y, m, d)


def thai_date(day: dt.date, full: bool = False) -> str:
    months = MONTH_FULL if full else MONTH_ABBR
    return f"{day.day} {months[day.month]} {day.year + 543}"


def money(x: float) -> str:
    return f"{x:,.2f}"


def fy_months(year: int, upto: int = 12):
    """(label, month, BE year) of fiscal year `year`, October first."""
    out = []
    for i in range(upto):
        m = (10 + i - 1) % 12 + 1
        y = year - 1 if m >= 10 else year
        out.append((f"{MONTH_ABBR[m]} {str(y)[2:]}", m, y))
    return out


# ---------------------------------------------------------------------------
# Document bodies: each returns a list of blocks
#   ("h", text)  sub-heading     ("p", text)  paragraph
#   ("ul", [items])              ("table", [header], [[cells]], [widths])
# ctx: year (folder FY), ryear (the FY the document is about), title, rng
# ---------------------------------------------------------------------------
def short(pos: str) -> str:
    """A position as officers abbreviate it in tables (fpdf2 breaks Thai only at spaces)."""
    return (pos.replace("ผู้อำนวยการ", "ผอ.").replace("และสิ่งแวดล้อม", "ฯ")
            .replace("หัวหน้าสำนักปลัดเทศบาล", "หน.สำนักปลัดฯ"))


def body_structure(c):
    rows = [[u, short(HEADS[u][0]), HEADS[u][1], str(HEADS[u][2])] for u in HEADS]
    blocks = [
        ("h", "ฝ่ายการเมือง"),
        ("ul", [f"นายกเทศมนตรี : {MAYOR}",
                f"รองนายกเทศมนตรี : {DEPUTIES[0]} และ {DEPUTIES[1]}",
                f"เลขานุการนายกเทศมนตรี : {SECRETARY}",
                f"สภาเทศบาล : สมาชิกสภาเทศบาล 12 คน ประธานสภาเทศบาล {COUNCIL_CHAIR}"]),
        ("h", "ฝ่ายประจำ"),
        ("p", f"ปลัดเทศบาล {CLERK} รองปลัดเทศบาล {DEPUTY_CLERK} แบ่งส่วนราชการเป็น 1 สำนัก 5 กอง และ 1 หน่วย"),
        ("table", ["ส่วนราชการ", "ตำแหน่งหัวหน้าส่วน", "ชื่อ-สกุล", "อัตรา"], rows, [60, 48, 54, 14]),
    ]
    if "authority" in c["name"]:
        blocks += [("h", "หน้าที่และอำนาจโดยสรุป")] + [("ul", AUTHORITY[:5])]
    return blocks


AUTHORITY = [
    "รักษาความสงบเรียบร้อยของประชาชน (มาตรา 50 พ.ร.บ.เทศบาล พ.ศ. 2496)",
    "จัดให้มีและบำรุงทางบกและทางน้ำ รักษาความสะอาดของถนน ทางเดิน และที่สาธารณะ",
    "ป้องกันและระงับโรคติดต่อ และจัดให้มีเครื่องใช้ในการดับเพลิง",
    "ให้ราษฎรได้รับการศึกษาอบรม บำรุงศิลปะ จารีตประเพณี และวัฒนธรรมอันดีของท้องถิ่น",
    "ส่งเสริมการพัฒนาสตรี เด็ก เยาวชน ผู้สูงอายุ และผู้พิการ",
    "จัดให้มีน้ำสะอาดหรือการประปา และจัดให้มีตลาด ท่าเทียบเรือ และท่าข้าม (มาตรา 51)",
    "จัดทำแผนพัฒนาท้องถิ่นของตนเอง ตาม พ.ร.บ.กำหนดแผนและขั้นตอนการกระจายอำนาจฯ พ.ศ. 2542 มาตรา 16",
]


def body_authority(c):
    return [("p", "เทศบาลตำบลหนองบัวงาม มีหน้าที่และอำนาจตามพระราชบัญญัติเทศบาล พ.ศ. 2496 "
                  "และพระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น "
                  "พ.ศ. 2542 ดังนี้"), ("ul", AUTHORITY)]


def body_executives(c):
    rows = [["นายกเทศมนตรี", MAYOR, "08 1234 5001"],
            ["รองนายกเทศมนตรี", DEPUTIES[0], "08 1234 5002"],
            ["รองนายกเทศมนตรี", DEPUTIES[1], "08 1234 5003"],
            ["ปลัดเทศบาล", CLERK, "08 1234 5010"],
            ["รองปลัดเทศบาล", DEPUTY_CLERK, "08 1234 5011"]]
    return [("p", "ข้อมูลผู้บริหารสูงสุดและรองผู้บริหารสูงสุด ทั้งฝ่ายการเมืองและฝ่ายประจำ "
                  f"พร้อมรูปถ่ายเผยแพร่ที่ https://{SITE}/about/executives"),
            ("table", ["ตำแหน่ง", "ชื่อ-สกุล", "โทรศัพท์"], rows, [60, 70, 50]),
            ("p", "ติดต่อผู้บริหารทางอีเมล mayor@nongbuangam.go.th หรือ LINE Official Account ของเทศบาล")]


def body_contact(c):
    return [("ul", ["ที่ตั้ง : 199 หมู่ 4 ตำบลหนองบัวงาม อำเภอกันทรวิชัย จังหวัดมหาสารคาม 44150",
                    "โทรศัพท์ : 0 4370 2199   โทรสาร : 0 4370 2198",
                    "อีเมล : saraban@nongbuangam.go.th",
                    f"เว็บไซต์ : https://{SITE}/",
                    "เวลาทำการ : วันจันทร์ – วันศุกร์ เวลา 08.30 – 16.30 น. (เว้นวันหยุดราชการ)",
                    "ศูนย์ป้องกันและบรรเทาสาธารณภัย : โทร 199 ตลอด 24 ชั่วโมง"]),
            ("p", "แผนที่ : สำนักงานเทศบาลตั้งอยู่ริมทางหลวงชนบท มค.3012 ห่างจากที่ว่าการอำเภอกันทรวิชัย ประมาณ 9 กิโลเมตร")]


STRATEGIES = ["การพัฒนาโครงสร้างพื้นฐาน", "การพัฒนาคุณภาพชีวิตและสังคม",
              "การพัฒนาการศึกษา ศาสนา และวัฒนธรรม", "การพัฒนาเศรษฐกิจชุมชนและการเกษตร",
              "การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม", "การบริหารจัดการบ้านเมืองที่ดี"]


def body_dev_plan(c):
    blocks = [("p", "วิสัยทัศน์ : \"หนองบัวงามน่าอยู่ เศรษฐกิจพอเพียง ประชาชนมีส่วนร่วม บริหารโปร่งใส\""),
              ("h", "ยุทธศาสตร์การพัฒนา")]
    blocks.append(("ul", [f"ยุทธศาสตร์ที่ {i} {s}" for i, s in enumerate(STRATEGIES, 1)]))
    rows = []
    for i, s in enumerate(STRATEGIES, 1):
        rows.append([f"{i}. {s}", str(c["rng"].randint(6, 40)), money(c["rng"].randint(8, 160) * 100000)])
    title = "บัญชีโครงการพัฒนา (แบบ ผ.01) โดยสรุป"
    if "amend" in c["name"] or "เปลี่ยนแปลง" in c["title"]:
        title = "โครงการที่เพิ่มเติม/เปลี่ยนแปลง โดยสรุป"
    blocks += [("h", title), ("table", ["ยุทธศาสตร์", "โครงการ", "งบประมาณ (บาท)"], rows, [100, 25, 55])]
    return blocks


def body_action_plan(c):
    rng = c["rng"]
    rows = [[f"{i}. {s}", str(rng.randint(4, 25)), money(rng.randint(5, 90) * 100000)]
            for i, s in enumerate(STRATEGIES, 1)]
    return [("p", f"แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. {c['ryear']} จัดทำตามระเบียบกระทรวงมหาดไทย "
                  "ว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548 และที่แก้ไขเพิ่มเติม "
                  "เพื่อแสดงโครงการและกิจกรรมที่จะดำเนินการจริงในปีงบประมาณ"),
            ("table", ["ยุทธศาสตร์", "โครงการ", "งบประมาณ (บาท)"], rows, [100, 25, 55])]


def body_progress(c):
    rng = c["rng"]
    rows = []
    for i, s in enumerate(STRATEGIES, 1):
        n = rng.randint(6, 22)
        rows.append([f"{i}. {s}", str(n), str(rng.randint(n // 3, n // 2 + 1)), f"{rng.uniform(35, 62):.1f}"])
    y = c["ryear"]
    return [("p", f"รายงานความก้าวหน้าการดำเนินงานและการใช้จ่ายงบประมาณ รอบ 6 เดือน "
                  f"(1 ตุลาคม {y - 1} – 31 มีนาคม {y})"),
            ("table", ["ยุทธศาสตร์", "ตามแผน", "ดำเนินการแล้ว", "เบิกจ่าย (%)"], rows, [90, 25, 35, 30]),
            ("p", "ปัญหาอุปสรรค : โครงการก่อสร้างบางโครงการอยู่ระหว่างรอฤดูแล้ง จะดำเนินการในไตรมาสที่ 3")]


def body_annual_report(c):
    rng = c["rng"]
    y = c["ryear"]
    planned = rng.randint(95, 130)
    done = planned - rng.randint(5, 14)
    return [("p", f"ในปีงบประมาณ พ.ศ. {y} เทศบาลตำบลหนองบัวงามมีโครงการตามแผนการดำเนินงาน {planned} โครงการ "
                  f"ดำเนินการแล้วเสร็จ {done} โครงการ คิดเป็นร้อยละ {done * 100 / planned:.2f}"),
            ("table", ["รายการ", "จำนวน"],
             [["งบประมาณรายจ่ายตามเทศบัญญัติ (บาท)", money(rng.randint(520, 580) * 100000)],
              ["เบิกจ่ายจริง (บาท)", money(rng.randint(470, 515) * 100000)],
              ["ผู้รับบริการ ณ ศูนย์บริการร่วม (ราย)", f"{rng.randint(5200, 7400):,}"],
              ["คำร้องออนไลน์ (E-Service) (ราย)", f"{rng.randint(180, 900):,}"]], [120, 60]),
            ("h", "ผลการดำเนินงานที่สำคัญ"),
            ("ul", ["ก่อสร้างถนนคอนกรีตเสริมเหล็ก 7 สาย ระยะทางรวม 3.4 กิโลเมตร",
                    "จ่ายเบี้ยยังชีพผู้สูงอายุ ผู้พิการ และผู้ป่วยเอดส์ ครบทุกเดือน",
                    "จัดกิจกรรมส่งเสริมคุณธรรมและความโปร่งใส ตามแผนปฏิบัติการป้องกันการทุจริต"])]


def body_staff_manual(c):
    return [("p", "คู่มือนี้จัดทำขึ้นเพื่อให้เจ้าหน้าที่ปฏิบัติงานเป็นมาตรฐานเดียวกัน ลดการใช้ดุลพินิจ "
                  "และผู้บังคับบัญชาสามารถตรวจสอบการปฏิบัติงานได้"),
            ("h", "ตัวอย่าง : กระบวนงานรับเรื่องราวร้องทุกข์ทั่วไป"),
            ("table", ["ขั้นตอน", "รายละเอียด", "ระยะเวลา"],
             [["1", "รับคำร้อง ลงทะเบียน และออกเลขรับ", "10 นาที"],
              ["2", "เสนอหัวหน้าส่วนราชการที่เกี่ยวข้องพิจารณา", "1 วันทำการ"],
              ["3", "ตรวจสอบข้อเท็จจริงและดำเนินการแก้ไข", "7 วันทำการ"],
              ["4", "แจ้งผลให้ผู้ร้องทราบ", "1 วันทำการ"]], [20, 120, 40]),
            ("p", "กระบวนงานอื่นในคู่มือ : งานสารบรรณ งานทะเบียนพาณิชย์ งานจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง "
                  "งานขออนุญาตก่อสร้าง งานจัดซื้อจัดจ้าง และงานเบี้ยยังชีพ")]


def body_service_manual(c):
    rows = [["ขอรับเบี้ยยังชีพผู้สูงอายุ", "กองสวัสดิการสังคม", "1 วัน"],
            ["จดทะเบียนพาณิชย์", "กองคลัง", "1 ชั่วโมง"],
            ["ชำระภาษีที่ดินและสิ่งปลูกสร้าง", "กองคลัง", "15 นาที"],
            ["ขออนุญาตก่อสร้างอาคาร", "กองช่าง", "30 วัน"],
            ["ขออนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ", "กองสาธารณสุขฯ", "15 วัน"],
            ["ขอรับการช่วยเหลือสาธารณภัย", "สำนักปลัดเทศบาล", "1 วัน"]]
    blocks = [("p", "คู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาต "
                    "ของทางราชการ พ.ศ. 2558 แสดงขั้นตอน ระยะเวลา และเอกสารที่ต้องใช้ของแต่ละงานบริการ"),
              ("table", ["งานบริการ", "ผู้รับผิดชอบ", "ระยะเวลา"], rows, [90, 55, 35])]
    if c["year"] >= 2569:
        blocks.append(("p", "ฉบับปรับปรุง : ยื่นคำร้องได้ที่ศูนย์บริการร่วม (One Stop Service) ชั้น 1 "
                            f"หรือผ่านระบบ E-Service https://{SITE}/eservice และชำระภาษีผ่าน QR Code ได้"))
    return blocks


def _monthly_table(c, header, gen, upto=6):
    rows = [[label] + gen(c["rng"]) for label, _, _ in fy_months(c["ryear"], upto)]
    return ("table", ["เดือน"] + header, rows, [40] + [int(140 / len(header))] * len(header))


def body_service_stats(c):
    # ITA 2567 (O12) did not score: only four months were published when it was checked
    upto = 4 if c["year"] == 2567 else 6
    return [("p", "สถิติผู้รับบริการจำแนกตามงานบริการ (ราย)"),
            _monthly_table(c, ["ทะเบียน/ภาษี", "ขออนุญาต", "สวัสดิการ", "ร้องทุกข์"],
                           lambda r: [str(r.randint(180, 420)), str(r.randint(8, 35)),
                                      str(r.randint(60, 160)), str(r.randint(3, 18))], upto)]


def body_eservice_stats(c):
    return [("p", f"จำนวนคำร้องที่ยื่นผ่านระบบ E-Service (https://{SITE}/eservice)"),
            _monthly_table(c, ["คำร้องทั่วไป", "ขอรับน้ำประปา", "ขออนุญาตก่อสร้าง", "จัดเก็บขยะ"],
                           lambda r: [str(r.randint(20, 70)), str(r.randint(2, 12)),
                                      str(r.randint(1, 9)), str(r.randint(5, 25))]),
            ("p", "ดำเนินการแล้วเสร็จร้อยละ 96.4 ระยะเวลาเฉลี่ย 2.1 วันทำการ")]


PROC_ITEMS = [("จัดซื้อวัสดุสำนักงาน", "เฉพาะเจาะจง", 18500), ("จ้างซ่อมแซมรถบรรทุกขยะ", "เฉพาะเจาะจง", 42800),
              ("จัดซื้ออาหารเสริม (นม) โรงเรียน", "เฉพาะเจาะจง", 286400),
              ("จ้างก่อสร้างถนน คสล. หมู่ที่ 7", "e-bidding", 1485000),
              ("จัดซื้อวัสดุไฟฟ้าและวิทยุ", "เฉพาะเจาะจง", 24950), ("จ้างเหมาจัดเก็บขยะมูลฝอย", "เฉพาะเจาะจง", 96000),
              ("จ้างปรับปรุงรางระบายน้ำ หมู่ที่ 3", "เฉพาะเจาะจง", 389000),
              ("จัดซื้อครุภัณฑ์คอมพิวเตอร์", "เฉพาะเจาะจง", 68000)]


def body_procurement_table(c):
    rng = c["rng"]
    rows = []
    for i, (item, method, price) in enumerate(rng.sample(PROC_ITEMS, 6), 1):
        bid = price * rng.uniform(0.93, 1.0)
        rows.append([str(i), item, method, money(price), money(bid)])
    return [("p", "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1) แสดงรายการ วิธีจัดหา วงเงิน และราคาที่ตกลง"),
            ("table", ["ที่", "งานที่จัดซื้อจัดจ้าง", "วิธี", "วงเงิน (บาท)", "ราคาที่ตกลง"],
             rows, [10, 70, 30, 35, 35]),
            ("p", "สถานะ : ดำเนินการแล้วเสร็จ 5 รายการ อยู่ระหว่างดำเนินการ 1 รายการ")]


def body_procurement_plan(c):
    rng = c["rng"]
    rows = [[item, method, money(price), f"{MONTH_ABBR[rng.choice([11, 12, 1, 2, 3])]}"]
            for item, method, price in PROC_ITEMS[:6]]
    return [("p", f"แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {c['ryear']} ตามพระราชบัญญัติการจัดซื้อจัดจ้าง "
                  "และการบริหารพัสดุภาครัฐ พ.ศ. 2560 มาตรา 11"),
            ("table", ["รายการ", "วิธีจัดหา", "วงเงิน (บาท)", "คาดว่าจะประกาศ"], rows, [75, 30, 40, 35])]


def body_procurement_report(c):
    rng = c["rng"]
    n1, n2 = rng.randint(140, 210), rng.randint(6, 14)
    v1, v2 = rng.randint(60, 95) * 100000, rng.randint(90, 180) * 100000
    return [("p", f"รายงานสรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. {c['ryear']}"),
            ("table", ["วิธีการจัดซื้อจัดจ้าง", "จำนวน (โครงการ)", "งบประมาณ (บาท)"],
             [["วิธีเฉพาะเจาะจง", str(n1), money(v1)],
              ["วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", str(n2), money(v2)],
              ["รวม", str(n1 + n2), money(v1 + v2)]], [90, 40, 50]),
            ("h", "ปัญหา อุปสรรค และข้อเสนอแนะ"),
            ("ul", ["ผู้ประกอบการในพื้นที่มีน้อย ราคากลางบางรายการสูงกว่าราคาตลาด",
                    "ควรจัดทำแผนการจัดซื้อจัดจ้างให้แล้วเสร็จภายในไตรมาสแรกของปีงบประมาณ"])]


def body_procurement_notice(c):
    return [("p", "ด้วยเทศบาลตำบลหนองบัวงาม มีความประสงค์จะประกวดราคาจ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก "
                  "หมู่ที่ 7 บ้านนาดี ขนาดกว้าง 5.00 เมตร ยาว 850 เมตร หนา 0.15 เมตร "
                  "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding) ราคากลางของงานก่อสร้าง 1,485,000.00 บาท"),
            ("ul", ["ผู้ยื่นข้อเสนอต้องมีคุณสมบัติตามเอกสารประกวดราคา",
                    "กำหนดยื่นข้อเสนอในวันที่ 28 กุมภาพันธ์ 2567 ระหว่างเวลา 08.30 – 16.30 น.",
                    "ดูรายละเอียดได้ที่ www.gprocurement.go.th และเว็บไซต์ของเทศบาล"]),
            ("p", f"ประกาศ ณ วันที่ 14 กุมภาพันธ์ พ.ศ. 2567   ({MAYOR} นายกเทศมนตรีตำบลหนองบัวงาม)")]


def body_hr_plan(c):
    return [("p", "แผนพัฒนาบุคลากรจัดทำตามประกาศคณะกรรมการพนักงานเทศบาลจังหวัดมหาสารคาม "
                  "เรื่อง มาตรฐานทั่วไปเกี่ยวกับการพัฒนาบุคลากร เพื่อให้บุคลากรทุกตำแหน่งได้รับการพัฒนาอย่างน้อยปีละ 1 ครั้ง"),
            ("h", "หลักเกณฑ์การบริหารทรัพยากรบุคคล"),
            ("ul", ["การสรรหาและเลือกสรร : ดำเนินการตามประกาศ ก.ท.จ. เปิดเผยและเป็นธรรม",
                    "การประเมินผลการปฏิบัติงาน : ปีละ 2 รอบ ประกาศหลักเกณฑ์ล่วงหน้า",
                    "การเลื่อนขั้นเงินเดือน : พิจารณาจากผลการประเมินและพฤติกรรมตามประมวลจริยธรรม",
                    "การให้คุณให้โทษ : ยกย่องผู้ปฏิบัติงานดีเด่น และดำเนินการทางวินัยตามระเบียบ"]),
            ("table", ["หลักสูตร", "กลุ่มเป้าหมาย", "วิธีการ"],
             [["การป้องกันผลประโยชน์ทับซ้อน", "บุคลากรทุกคน", "อบรมภายใน"],
              ["การจัดซื้อจัดจ้างภาครัฐ", "กองคลัง / กองช่าง", "ส่งเข้าอบรม"],
              ["ทักษะดิจิทัลสำหรับงานบริการ", "เจ้าหน้าที่ศูนย์บริการร่วม", "อบรมออนไลน์"]], [75, 60, 45])]


def body_hr_report(c):
    rng = c["rng"]
    return [("p", f"ผลการดำเนินการตามแผนการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {c['ryear']}"),
            ("table", ["ประเด็น", "ผลการดำเนินงาน"],
             [["บุคลากรที่ได้รับการพัฒนา", f"{rng.randint(62, 70)} คน (ร้อยละ 100)"],
              ["หลักสูตรที่จัด/ส่งเข้าอบรม", f"{rng.randint(14, 24)} หลักสูตร"],
              ["การสรรหาพนักงานจ้าง", f"{rng.randint(2, 6)} อัตรา"],
              ["ผู้ได้รับการยกย่องเชิดชูเกียรติ", f"{rng.randint(4, 7)} คน"]], [90, 90]),
            ("p", "ปัญหาอุปสรรค : ตำแหน่งนักวิชาการคอมพิวเตอร์ยังว่าง อยู่ระหว่างขอใช้บัญชีผู้สอบแข่งขันได้")]


def body_ethics_code(c):
    return [("p", "ประมวลจริยธรรมของพนักงานเทศบาล ลูกจ้างประจำ และพนักงานจ้าง เทศบาลตำบลหนองบัวงาม "
                  "ตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 ประกอบด้วยมาตรฐานทางจริยธรรม 7 ประการ"),
            ("ul", ["ยึดมั่นในสถาบันหลักของประเทศ", "ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่",
                    "กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม", "คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว",
                    "มุ่งผลสัมฤทธิ์ของงาน", "ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ",
                    "ดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ"])]


def body_ethics_drive(c):
    y = c["ryear"]
    return [("p", f"การขับเคลื่อนจริยธรรมของเทศบาลตำบลหนองบัวงาม ประจำปีงบประมาณ พ.ศ. {y}"),
            ("table", ["กิจกรรม", "ช่วงเวลา", "ผล"],
             [["แต่งตั้งผู้รับผิดชอบงานจริยธรรม", f"ต.ค. {str(y - 1)[2:]}", "ดำเนินการแล้ว"],
              ["เผยแพร่ประมวลจริยธรรมให้บุคลากรลงนามรับทราบ", f"พ.ย. {str(y - 1)[2:]}", "ลงนามครบทุกคน"],
              ["อบรมคุณธรรมจริยธรรมและผลประโยชน์ทับซ้อน", f"มี.ค. {str(y)[2:]}", "ผู้เข้าร่วม 61–68 คน"],
              ["ประเมินการรับรู้ประมวลจริยธรรม", f"ส.ค. {str(y)[2:]}", "ตามแผน"]], [90, 35, 55])]


def body_complaint_guideline(c):
    return [("p", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ของเทศบาลตำบลหนองบัวงาม"),
            ("table", ["ขั้นตอน", "ผู้รับผิดชอบ", "ระยะเวลา"],
             [["1. รับเรื่องร้องเรียนจากทุกช่องทาง ลงทะเบียน", "ศูนย์รับเรื่องร้องเรียน (สำนักปลัดเทศบาล)", "1 วันทำการ"],
              ["2. แจ้งผู้ร้องว่าได้รับเรื่องแล้ว", "ศูนย์รับเรื่องร้องเรียน", "3 วันทำการ"],
              ["3. เสนอนายกเทศมนตรีแต่งตั้งผู้ตรวจสอบข้อเท็จจริง", "ปลัดเทศบาล", "7 วันทำการ"],
              ["4. ตรวจสอบข้อเท็จจริงและรายงานผล", "คณะกรรมการตรวจสอบ", "30 วัน"],
              ["5. แจ้งผลการดำเนินการให้ผู้ร้องทราบ", "ศูนย์รับเรื่องร้องเรียน", "15 วัน"]], [85, 65, 30]),
            ("p", "ช่องทาง : ด้วยตนเอง / ตู้รับเรื่องร้องเรียน / โทร 0 4370 2199 / "
                  f"https://{SITE}/complaint / อีเมล saraban@nongbuangam.go.th "
                  "ผู้ร้องเรียนจะได้รับการคุ้มครองและเก็บรักษาข้อมูลเป็นความลับ")]


def body_complaint_stats(c):
    rng = c["rng"]
    full_year = c["ryear"] < c["year"]
    upto = 12 if full_year else 6
    rows = []
    total = done = 0
    for label, _, _ in fy_months(c["ryear"], upto):
        n = rng.choice([0, 0, 0, 1])
        total += n
        done += n
        rows.append([label, str(n), str(n), "0"])
    if total == 0:
        rows[3] = [rows[3][0], "1", "1", "0"]
        total = done = 1
    rows.append(["รวม", str(total), str(done), "0"])
    return [("p", "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ (เรื่อง)"),
            ("table", ["เดือน", "เรื่องทั้งหมด", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"], rows, [40, 40, 50, 50]),
            ("p", "หมายเหตุ : เรื่องร้องเรียนทั่วไป (ไฟฟ้าสาธารณะ ถนน ขยะ) แยกรายงานในสถิติการให้บริการ")]


def body_participation(c):
    y = c["ryear"]
    blocks = [("p", f"โครงการประชุมประชาคมเพื่อจัดทำและทบทวนแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. {y} "
                    "เปิดโอกาสให้ประชาชน ผู้นำชุมชน และภาคีเครือข่ายร่วมเสนอความต้องการและร่วมติดตามการดำเนินงาน")]
    if c["year"] == 2567:
        blocks.append(("table", ["หมู่บ้าน", "กำหนดการ"],
                       [[f"หมู่ที่ {i} {v}", f"{i + 1} มี.ค. 2567"] for i, v in enumerate(VILLAGES[:6], 1)],
                       [100, 80]))
        return blocks
    rng = c["rng"]
    blocks += [("table", ["ประเด็น", "ผล"],
                [["ผู้เข้าร่วม", f"{rng.randint(780, 900)} คน จาก 12 หมู่บ้าน"],
                 ["ข้อเสนอแนะที่ได้รับ", f"{rng.randint(60, 90)} เรื่อง"],
                 ["นำไปปรับปรุงงาน/บรรจุในแผน", f"{rng.randint(11, 20)} เรื่อง"]], [80, 100]),
               ("h", "ตัวอย่างการนำข้อเสนอแนะไปปรับปรุง"),
               ("ul", ["ขยายเวลาให้บริการศูนย์บริการร่วมช่วงพักเที่ยง",
                       "ติดตั้งไฟฟ้าส่องสว่างทางเข้าหมู่ที่ 5 และหมู่ที่ 9",
                       "ผู้แทนชุมชนร่วมเป็นกรรมการตรวจรับงานจ้างก่อสร้างในหมู่บ้าน"])]
    return blocks


def body_no_gift(c):
    y = c["ryear"]
    return [("p", f"ข้าพเจ้า {MAYOR} นายกเทศมนตรีตำบลหนองบัวงาม พร้อมด้วยคณะผู้บริหาร พนักงานเทศบาล "
                  "ลูกจ้าง และพนักงานจ้าง ขอประกาศเจตนารมณ์ว่าจะไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ "
                  "(No Gift Policy) และจะไม่ให้ของขวัญแก่ผู้บังคับบัญชาหรือผู้เกี่ยวข้องทุกโอกาส"),
            ("ul", ["การรับทรัพย์สินโดยธรรมจรรยาต้องไม่เกิน 3,000 บาท ต่อบุคคล ต่อโอกาส",
                    "หากได้รับของขวัญเกินกว่าที่กำหนด ให้รายงานผู้บังคับบัญชาภายใน 30 วัน",
                    "เผยแพร่สื่อรณรงค์ \"งดรับ งดให้\" ช่วงเทศกาลปีใหม่และสงกรานต์"]),
            ("p", f"ประกาศ ณ วันที่ 1 ธันวาคม พ.ศ. {y - 1}")]


def body_gift_report(c):
    rows = [[label, "0", "-", "-"] for label, _, _ in fy_months(c["ryear"], 12)]
    return [("p", f"รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา ประจำปีงบประมาณ พ.ศ. {c['ryear']}"),
            ("table", ["เดือน", "จำนวนครั้ง", "มูลค่า", "การดำเนินการ"], rows, [40, 40, 45, 55]),
            ("p", "สรุป : ไม่มีบุคลากรรายงานการรับทรัพย์สินหรือประโยชน์อื่นใดเกินมูลค่าที่กฎหมายกำหนด")]


RISKS = [["การพิจารณาอนุญาตก่อสร้างอาคาร", "เรียกรับเงินเพื่อเร่งรัดการอนุญาต", "สูง"],
         ["การจัดซื้อจัดจ้างวิธีเฉพาะเจาะจง", "กำหนดคุณลักษณะเอื้อผู้ขายรายใดรายหนึ่ง", "สูง"],
         ["การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง", "ลดหย่อนการประเมินภาษีโดยมิชอบ", "ปานกลาง"],
         ["การใช้รถส่วนกลาง", "นำรถไปใช้ประโยชน์ส่วนตัว", "ปานกลาง"]]


def body_risk_assessment(c):
    return [("p", f"การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {c['ryear']} "
                  "ในกระบวนงานด้านการพิจารณาอนุมัติ อนุญาต การใช้อำนาจ และการใช้จ่ายงบประมาณ"),
            ("table", ["กระบวนงาน", "เหตุการณ์ความเสี่ยง", "ระดับ"], RISKS, [60, 90, 30]),
            ("h", "มาตรการควบคุมความเสี่ยง"),
            ("ul", ["เผยแพร่ขั้นตอนและระยะเวลาการอนุญาตก่อสร้าง และรับคำร้องผ่าน E-Service",
                    "ให้ผู้แทนชุมชนร่วมเป็นกรรมการตรวจรับงาน และเผยแพร่ผลการจัดซื้อจัดจ้างรายเดือน",
                    "บันทึกการใช้รถส่วนกลางออนไลน์และสุ่มตรวจรายเดือน"])]


def body_risk_report(c):
    rows = [[r[0], r[2], "ต่ำ" if r[2] == "ปานกลาง" else "ปานกลาง", "ดำเนินการแล้ว"] for r in RISKS]
    if c["year"] == 2567:  # the report that did not score in ITA 2567: no per-measure results
        return [("p", f"รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {c['ryear']}"),
                ("p", "หน่วยงานได้ดำเนินการตามแผนบริหารจัดการความเสี่ยงครบทุกกระบวนงาน "
                      "ไม่พบเหตุการณ์ทุจริตในรอบปีงบประมาณ")]
    return [("p", f"รายงานผลการดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {c['ryear']} "
                  "(รอบ 12 เดือน) จำแนกรายมาตรการ"),
            ("table", ["กระบวนงาน", "ก่อน", "หลัง", "สถานะมาตรการ"], rows, [75, 30, 30, 45]),
            ("p", "สรุป : ไม่พบเหตุการณ์ทุจริตในรอบปีงบประมาณ ความเสี่ยงระดับสูงลดลงทั้ง 2 กระบวนงาน")]


def body_anti_corruption_plan(c):
    rng = c["rng"]
    rows = [["มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต", str(rng.randint(5, 8)), money(rng.randint(4, 12) * 10000)],
            ["มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต", str(rng.randint(6, 10)), money(rng.randint(1, 5) * 10000)],
            ["มิติที่ 3 การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน", str(rng.randint(4, 7)), money(rng.randint(3, 9) * 10000)],
            ["มิติที่ 4 การเสริมสร้างและปรับปรุงกลไกการตรวจสอบ", str(rng.randint(3, 6)), money(rng.randint(1, 4) * 10000)]]
    return [("p", f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {c['ryear']} "
                  "จัดทำตามแนวทางของสำนักงาน ป.ป.ช. และยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริต"),
            ("table", ["มิติ", "โครงการ/กิจกรรม", "งบประมาณ (บาท)"], rows, [110, 30, 40])]


def body_anti_corruption_report(c):
    rng = c["rng"]
    plan = rng.randint(20, 28)
    done = plan - rng.randint(0, 2)
    return [("p", f"รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {c['ryear']} "
                  f"ดำเนินการแล้ว {done} โครงการ/กิจกรรม จาก {plan} โครงการ/กิจกรรม"),
            ("ul", ["โครงการอบรมคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน",
                    "กิจกรรมประกาศเจตนารมณ์ No Gift Policy",
                    "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน",
                    "กิจกรรมให้ผู้แทนชุมชนร่วมตรวจรับงานจ้างก่อสร้าง"]),
            ("p", "ปัญหาอุปสรรค : กิจกรรมบางส่วนเลื่อนออกไปเนื่องจากภารกิจด้านสาธารณภัย")]


def body_integrity_report(c):
    return [("p", f"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                  f"ประจำปีงบประมาณ พ.ศ. {c['ryear']} (จัดทำเป็นเอกสาร ก่อนใช้ระบบเผยแพร่ข้อมูล ITA)"),
            ("table", ["มาตรการ", "ผล"],
             [["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "ดำเนินการแล้ว"],
              ["มาตรการให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วม", "ดำเนินการบางส่วน"],
              ["มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง", "ดำเนินการแล้ว"],
              ["มาตรการจัดการเรื่องร้องเรียนการทุจริต", "ดำเนินการแล้ว"],
              ["มาตรการป้องกันการรับสินบน", "ดำเนินการแล้ว"]], [120, 60])]


def body_budget_q4(c):
    rng = c["rng"]
    rows = []
    for s in STRATEGIES:
        budget = rng.randint(20, 120) * 100000
        rows.append([s, money(budget), f"{rng.uniform(86, 97):.1f}"])
    return [("p", "รายงานผลการเบิกจ่ายงบประมาณ ไตรมาสที่ 4 (ก.ค. – ก.ย. 2567) สะสมทั้งปี"),
            ("table", ["ยุทธศาสตร์", "งบประมาณ (บาท)", "เบิกจ่าย (%)"], rows, [100, 45, 35])]


def body_asset_guideline(c):
    return [("p", "แนวปฏิบัติการยืมพัสดุ ครุภัณฑ์ และการใช้รถส่วนกลางของเทศบาลตำบลหนองบัวงาม"),
            ("ul", ["ผู้ยืมยื่นแบบขอยืมพัสดุต่อหัวหน้าหน่วยพัสดุ ระบุวัตถุประสงค์และกำหนดส่งคืน",
                    "ห้ามนำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตัวหรือให้บุคคลภายนอกยืมโดยไม่ได้รับอนุญาต",
                    "ผู้ขับรถส่วนกลางต้องบันทึกเลขไมล์ สถานที่ และเวลาทุกครั้ง",
                    "หน่วยตรวจสอบภายในสุ่มตรวจสมุดบันทึกการใช้รถทุกเดือน"])]


def body_ita_team_order(c):
    rows = [[CLERK, "ปลัดเทศบาล", "ประธานคณะทำงาน"]]
    for u, (pos, name, _) in list(HEADS.items())[:6]:
        rows.append([name, short(pos), "คณะทำงาน"])
    rows.append([HEADS["หน่วยตรวจสอบภายใน"][1], "นักวิชาการตรวจสอบภายใน", "คณะทำงานและเลขานุการ"])
    return [("p", "คำสั่งเทศบาลตำบลหนองบัวงาม ที่ 412/2566 เรื่อง แต่งตั้งคณะทำงานการประเมินคุณธรรม "
                  "และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2567"),
            ("table", ["ชื่อ-สกุล", "ตำแหน่ง", "หน้าที่"], rows, [55, 80, 45]),
            ("p", "ให้คณะทำงานมอบหมายผู้รับผิดชอบข้อมูล OIT เป็นรายข้อ ตรวจสอบความครบถ้วน และบันทึกข้อมูลในระบบ ITAS "
                  f"สั่ง ณ วันที่ 20 ตุลาคม พ.ศ. 2566   ({MAYOR} นายกเทศมนตรีตำบลหนองบัวงาม)")]


def body_risk_followup(c):
    rows = [[r[0], "ดำเนินการตามแผน", "ไม่พบเหตุการณ์"] for r in RISKS]
    return [("p", "รายงานการติดตามผลการดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริต รอบ 6 เดือน "
                  "(1 ตุลาคม 2567 – 31 มีนาคม 2568)"),
            ("table", ["กระบวนงาน", "ผลการดำเนินการ", "เหตุการณ์ทุจริต"], rows, [80, 55, 45])]


# kind (from the file name) -> body; the first pattern that matches wins
BODIES = [
    (r"structure-authority|structure$", body_structure),
    (r"authority", body_authority),
    (r"executives", body_executives),
    (r"contact", body_contact),
    (r"local-development-plan", body_dev_plan),
    (r"action-plan", body_action_plan),
    (r"progress-6m", body_progress),
    (r"annual-report", body_annual_report),
    (r"staff-manual", body_staff_manual),
    (r"service-manual", body_service_manual),
    (r"eservice-stats", body_eservice_stats),
    (r"service-stats", body_service_stats),
    (r"procurement-plan", body_procurement_plan),
    (r"procurement-notice", body_procurement_notice),
    (r"procurement-report", body_procurement_report),
    (r"procurement-(monthly|progress)", body_procurement_table),
    (r"hr-report", body_hr_report),
    (r"hr-", body_hr_plan),
    (r"ethics-code", body_ethics_code),
    (r"ethics-drive", body_ethics_drive),
    (r"complaint-guideline", body_complaint_guideline),
    (r"complaint-stats", body_complaint_stats),
    (r"participation", body_participation),
    (r"gift-receipt-report|no-gift-report", body_gift_report),
    (r"no-gift", body_no_gift),
    (r"risk-assessment", body_risk_assessment),
    (r"risk-report", body_risk_report),
    (r"risk-followup", body_risk_followup),
    (r"anti-corruption-plan", body_anti_corruption_plan),
    (r"anti-corruption-report", body_anti_corruption_report),
    (r"integrity-measures-report", body_integrity_report),
    (r"budget-spending", body_budget_q4),
    (r"asset-guideline", body_asset_guideline),
    (r"ita-team-order", body_ita_team_order),
]


# ---------------------------------------------------------------------------
# What to make: every `file:` in the data
# ---------------------------------------------------------------------------
def load_yaml(path: Path):
    with path.open(encoding="utf-8-sig") as f:
        return yaml.safe_load(f)


def collect(root: Path) -> dict[str, dict]:
    """path under content/ -> {title, date}; the earliest date wins."""
    wanted: dict[str, dict] = {}

    def add(link, when):
        f = link.get("file")
        if not f:
            return
        if ".." in Path(f).parts or f.startswith("/"):
            raise SystemExit(f"refusing path outside content/: {f}")
        when = be_date(when) if when is not None else None
        cur = wanted.setdefault(f, {"title": link.get("title") or Path(f).stem, "date": when})
        if when and (cur["date"] is None or when < cur["date"]):
            cur["date"] = when

    for year_dir in sorted(p for p in (root / "data").iterdir() if p.is_dir() and p.name.isdigit()):
        oit = year_dir / "oit.yml"
        if oit.exists():
            for item in (load_yaml(oit).get("items") or {}).values():
                for link in item.get("links") or []:
                    add(link, item.get("published"))
        measures = year_dir / "measures.yml"
        if measures.exists():
            for m in load_yaml(measures).get("measures") or []:
                for p in m.get("progress") or []:
                    for link in p.get("links") or []:
                        add(link, p.get("date"))
    return wanted


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------
def prepare_fonts(font_dir: Path, work: Path) -> Path:
    """Copies of the fonts without hinting (a PDF does not need it): a third smaller.

    The head table's timestamp is kept, so the copies (and the PDFs) are the same on
    every run.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    for name in (FONT_REGULAR, FONT_BOLD):
        opts = subset.Options()
        opts.hinting = False
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.drop_tables += ["FFTM"]
        font = TTFont(str(font_dir / name), recalcTimestamp=False)
        sub = subset.Subsetter(opts)
        sub.populate(glyphs=font.getGlyphOrder())
        sub.subset(font)
        font.save(str(work / name))
    return work


def make_pdf(out: Path, rel: str, title: str, when: dt.date | None, agency: dict, font_dir: Path):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    name = Path(rel).stem
    year = int(Path(rel).parts[1])
    m = re.search(r"-(25\d\d)$", name)
    ryear = int(m.group(1)) if m else year
    kind = re.sub(r"^[om]\d+-", "", name)
    kind = re.sub(r"-25\d\d$", "", kind)
    ctx = {"name": kind, "year": year, "ryear": ryear, "title": title,
           "rng": random.Random(hashlib.sha256(rel.encode()).hexdigest())}
    body = next((fn for pat, fn in BODIES if re.search(pat, kind)), None)
    if body is None:
        raise SystemExit(f"no body for {rel} (kind {kind!r}); add one to BODIES")
    blocks = body(ctx)

    created = when or dt.date(year - 544, 10, 1)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(created.year, created.month, created.day, 9, 0,
                                      tzinfo=dt.timezone(dt.timedelta(hours=7))))
    pdf.set_title(title)
    pdf.set_author(agency["name"])
    pdf.set_subject(f"ITA ประจำปีงบประมาณ พ.ศ. {year}")
    pdf.set_creator("scripts/make_demo_evidence.py")
    pdf.set_lang("th")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, 18)
    pdf.add_font("th", fname=str(font_dir / FONT_REGULAR))
    pdf.add_font("th", style="B", fname=str(font_dir / FONT_BOLD))
    try:
        pdf.set_text_shaping(True)
    except Exception:  # no uharfbuzz: plain rendering is acceptable
        pass
    pdf.add_page()

    def para(text, size=14, style="", align="L", h=7):
        pdf.set_font("th", style, size)
        pdf.multi_cell(0, h, text, align=align, new_x="LMARGIN", new_y="NEXT")

    # heading: agency, place, title, fiscal year
    para(agency["name"], 20, "B", "C", 10)
    para(f"อำเภอ{agency.get('district', '')} จังหวัด{agency['province']}", 14, "", "C")
    pdf.set_draw_color(30, 90, 60)
    pdf.set_line_width(0.6)
    pdf.line(20, pdf.get_y() + 2, 190, pdf.get_y() + 2)
    pdf.ln(5)
    para(title, 17, "B", "C", 8)
    if str(ryear) not in title:
        para(f"ประจำปีงบประมาณ พ.ศ. {ryear}", 15, "B", "C")
    para(f"(เอกสารประกอบการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year})", 12, "", "C", 6)
    pdf.ln(3)

    for block in blocks:
        kind_ = block[0]
        if kind_ == "h":
            pdf.ln(1)
            para(block[1], 15, "B")
        elif kind_ == "p":
            para(block[1])
            pdf.ln(1)
        elif kind_ == "ul":
            pdf.set_font("th", "", 14)
            for item in block[1]:
                pdf.set_x(25)
                pdf.cell(6, 7, "•")
                pdf.multi_cell(0, 7, item, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind_ == "table":
            _, header, rows, widths = block
            pdf.set_font("th", "", 13)
            head_style = FontFace(emphasis="BOLD", fill_color=(220, 236, 226))
            with pdf.table(col_widths=widths, width=pdf.epw, line_height=6.5,
                           headings_style=head_style, text_align="LEFT") as table:
                for row in [header] + rows:
                    r = table.row()
                    for cell in row:
                        r.cell(str(cell))
            pdf.ln(3)

    # footer note
    pdf.set_y(-30)
    pdf.set_font("th", "", 11)
    pdf.set_text_color(110, 110, 110)
    stamp = thai_date(created, full=True)
    pdf.multi_cell(0, 5, f"เผยแพร่เมื่อ {stamp}   |   https://{SITE}/\n"
                         "เอกสารตัวอย่างของหน่วยงานสมมติ ใช้สาธิตระบบเผยแพร่ข้อมูล ITA เท่านั้น",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


# ---------------------------------------------------------------------------
# Pictures (Pillow with raqm renders Thai correctly)
# ---------------------------------------------------------------------------
GREEN = (30, 110, 70)
LOTUS = (214, 92, 140)
CREAM = (250, 247, 238)


def _font(font_dir, size, bold=False):
    from PIL import ImageFont
    return ImageFont.truetype(str(font_dir / (FONT_BOLD if bold else FONT_REGULAR)), size)


def _fit(draw, text, font_dir, size, width, bold=False):
    """The largest font (down from `size`) in which `text` fits `width` pixels."""
    while size > 10:
        font = _font(font_dir, size, bold)
        l, _, r, _ = draw.textbbox((0, 0), text, font=font)
        if r - l <= width:
            return font
        size -= 1
    return _font(font_dir, size, bold)


def _center(draw, box, text, font, fill):
    x0, y0, x1, y1 = box
    l, t, r, b = draw.textbbox((0, 0), text, font=font)
    draw.text(((x0 + x1 - (r - l)) / 2 - l, (y0 + y1 - (b - t)) / 2 - t), text, font=font, fill=fill)


def _lotus(draw, cx, cy, s, color=LOTUS):
    # a stylised lotus: five petals and a base
    import math

    for dx, h, w, lean in [(-0.6, 0.6, 0.26, -0.35), (0.6, 0.6, 0.26, 0.35), (-0.32, 0.85, 0.28, -0.15),
                           (0.32, 0.85, 0.28, 0.15), (0, 1.05, 0.3, 0)]:
        x, left, right = cx + dx * s, [], []
        for i in range(21):  # a pointed petal: zero width at the base and at the tip
            t = i / 20
            half = w * s * math.sin(math.pi * t) ** 0.7
            px, py = x + lean * s * t, cy + 0.15 * s - (h + 0.15) * s * t
            left.append((px - half, py))
            right.append((px + half, py))
        draw.polygon(left + right[::-1], fill=color, outline=(150, 40, 90))
    draw.chord([cx - 0.9 * s, cy - 0.1 * s, cx + 0.9 * s, cy + 0.5 * s], 0, 180, fill=GREEN)


def _save_png(img, out: Path):
    """A 64-colour palette PNG: the drawings are flat colours, so this keeps them small."""
    from PIL import Image
    img.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, optimize=True)


def make_logo(out: Path, agency: dict, font_dir: Path):
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([6, 6, 250, 250], fill=(255, 255, 255, 255), outline=GREEN, width=10)
    d.ellipse([30, 30, 226, 226], fill=(235, 245, 238, 255))
    _lotus(d, 128, 138, 70)
    _center(d, (30, 182, 226, 222), "หนองบัวงาม", _font(font_dir, 26, True), GREEN)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, optimize=True)


def make_picture(out: Path, rel: str, title: str, agency: dict, font_dir: Path):
    from PIL import Image, ImageDraw
    rng = random.Random(hashlib.sha256(rel.encode()).hexdigest())
    name = Path(rel).stem
    big = _font(font_dir, 30, True)
    mid = _font(font_dir, 22)
    small = _font(font_dir, 18)

    if "structure-chart" in name:
        img = Image.new("RGB", (900, 560), "white")
        d = ImageDraw.Draw(img)
        _center(d, (0, 10, 900, 60), f"แผนผังโครงสร้าง {agency['name']}", big, GREEN)
        boxes = [("นายกเทศมนตรี", (350, 70, 550, 120)), ("ปลัดเทศบาล", (350, 170, 550, 220))]
        d.line([450, 120, 450, 170], fill=GREEN, width=3)
        d.line([450, 220, 450, 270], fill=GREEN, width=3)
        units = agency["units"]
        w = 900 // len(units)
        d.line([w // 2, 270, 900 - w // 2, 270], fill=GREEN, width=3)
        for i, u in enumerate(units):
            x0 = i * w + 6
            d.line([x0 + w // 2 - 6, 270, x0 + w // 2 - 6, 300], fill=GREEN, width=3)
            d.rectangle([x0, 300, x0 + w - 12, 420], outline=GREEN, width=3, fill=(235, 245, 238))
            words = u.replace("และ", " และ").split(" ")
            top = 360 - 17 * len(words)
            for j, part in enumerate(words[:3]):
                f = _fit(d, part, font_dir, 20, w - 22)
                _center(d, (x0, top + j * 34, x0 + w - 12, top + 34 + j * 34), part, f, "black")
        for label, box in boxes:
            d.rectangle(box, outline=GREEN, width=3, fill=(235, 245, 238))
            _center(d, box, label, mid, "black")
        _center(d, (0, 470, 900, 520), f"ข้อมูล ณ ปีงบประมาณ พ.ศ. {Path(rel).parts[1]} (ข้อมูลสมมติเพื่อการสาธิต)",
                small, (120, 120, 120))
        _save_png(img, out)
        return

    if "complaint-channels" in name or "poster" in name:
        img = Image.new("RGB", (720, 900), CREAM)
        d = ImageDraw.Draw(img)
        d.rectangle([0, 0, 720, 130], fill=GREEN)
        head = "งดรับ งดให้" if "poster" in name else "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต"
        _center(d, (0, 20, 720, 80), head, _font(font_dir, 40, True), "white")
        _center(d, (0, 80, 720, 120), agency["name"], mid, "white")
        if "poster" in name:
            lines = ["ไม่รับของขวัญและของกำนัลทุกชนิด", "จากการปฏิบัติหน้าที่ (No Gift Policy)",
                     "ร่วมสร้างหนองบัวงามโปร่งใส", "แจ้งเบาะแสได้ที่ โทร 0 4370 2199"]
            _lotus(d, 360, 470, 120)
        else:
            lines = ["1. ด้วยตนเอง ณ ศูนย์บริการร่วม ชั้น 1", "2. ตู้รับเรื่องร้องเรียนหน้าสำนักงาน",
                     "3. โทรศัพท์ 0 4370 2199", f"4. ออนไลน์ {SITE}/complaint",
                     "5. อีเมล saraban@nongbuangam.go.th", "6. LINE Official Account ของเทศบาล"]
        y = 170 if "poster" not in name else 620
        for line in lines:
            if "poster" in name:
                _center(d, (0, y, 720, y + 50), line, mid, "black")
                y += 52
            else:
                d.rounded_rectangle([60, y, 660, y + 86], 18, fill="white", outline=GREEN, width=3)
                _center(d, (60, y, 660, y + 86), line, mid, "black")
                y += 110
        if "2569" in rel or "poster" in name:
            _center(d, (0, 850, 720, 890), "ผู้แจ้งได้รับการคุ้มครองและเก็บข้อมูลเป็นความลับ", small, GREEN)
        _save_png(img, out)
        return

    # "photos": a simple drawn scene with a caption (jpg)
    img = Image.new("RGB", (640, 420), (200, 225, 245))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 250, 640, 420], fill=(120, 170, 110))
    d.rectangle([120, 110, 520, 250], fill=(245, 240, 225), outline=(120, 100, 80), width=3)
    d.polygon([(100, 115), (320, 40), (540, 115)], fill=(170, 60, 50))
    d.rectangle([150, 140, 490, 175], fill=GREEN)
    if "mayor" in name:
        img = Image.new("RGB", (360, 450), (225, 232, 240))
        d = ImageDraw.Draw(img)
        d.ellipse([120, 60, 240, 190], fill=(205, 170, 140))
        d.pieslice([60, 180, 300, 430], 180, 360, fill=(60, 70, 90))
        d.rectangle([60, 305, 300, 450], fill=(60, 70, 90))
        d.polygon([(165, 190), (195, 190), (180, 260)], fill="white")
        d.rectangle([0, 380, 360, 450], fill=GREEN)
        _center(d, (0, 382, 360, 418), MAYOR, _font(font_dir, 24, True), "white")
        _center(d, (0, 414, 360, 446), "นายกเทศมนตรีตำบลหนองบัวงาม", small, "white")
        img.save(out, quality=72, optimize=True)
        return
    _center(d, (150, 140, 490, 175), agency["name"], small, "white")
    for i in range(rng.randint(7, 11)):  # people
        x = 40 + i * 55 + rng.randint(-8, 8)
        y = 300 + rng.randint(-10, 20)
        col = rng.choice([(40, 60, 120), (200, 120, 40), (90, 90, 90), (160, 40, 60), (30, 110, 70)])
        d.ellipse([x, y - 40, x + 26, y - 14], fill=(205, 170, 140))
        d.rounded_rectangle([x - 6, y - 12, x + 32, y + 50], 10, fill=col)
    d.rectangle([0, 370, 640, 420], fill=(0, 0, 0))
    _center(d, (0, 372, 640, 418), title, _fit(d, title, font_dir, 22, 610), "white")
    img.save(out, quality=72, optimize=True)


# ---------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this script's parent)")
    ap.add_argument("--font-dir", type=Path, default=FONT_DIR, help="folder with Laksaman.ttf and Laksaman-Bold.ttf")
    ap.add_argument("--check", action="store_true", help="only report missing and unreferenced files")
    args = ap.parse_args(argv)

    root = args.root
    content = root / "content"
    agency = load_yaml(root / "data" / "agency.yml")
    wanted = collect(root)
    logo = agency.get("logo")

    present = {p.relative_to(content).as_posix() for p in (content / "files").rglob("*") if p.is_file()}
    expected = set(wanted) | ({logo} if logo else set())
    if args.check:
        missing = sorted(expected - present)
        extra = sorted(present - expected)
        for f in missing:
            print("missing:", f)
        for f in extra:
            print("unreferenced:", f)
        return 1 if missing else 0

    if not (args.font_dir / FONT_REGULAR).exists():
        raise SystemExit(f"font not found: {args.font_dir / FONT_REGULAR} (apt-get install fonts-thai-tlwg)")
    import tempfile

    tmp = tempfile.TemporaryDirectory()
    pdf_fonts = prepare_fonts(args.font_dir, Path(tmp.name))
    if logo:
        make_logo(content / logo, agency, args.font_dir)
    for rel in sorted(wanted):
        out = content / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        info = wanted[rel]
        suffix = out.suffix.lower()
        if suffix == ".pdf":
            make_pdf(out, rel, info["title"], info["date"], agency, pdf_fonts)
        elif suffix in (".png", ".jpg", ".jpeg"):
            make_picture(out, rel, info["title"], agency, args.font_dir)
        else:
            raise SystemExit(f"don't know how to make {rel}")
    tmp.cleanup()
    total = sum((content / f).stat().st_size for f in expected)
    print(f"wrote {len(expected)} files, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
