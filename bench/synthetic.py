"""A synthetic agency project for the build benchmark (deterministic for a given seed).

``make_agency(root, years=10)`` writes a complete project into ``root``: ``mkdocs.yml``
(the repository's, with ``custom_dir`` pointing at the repository's ``themes/``),
``data/agency.yml``, and for each fiscal year ending 2569 ``scores.yml``,
``measures.yml`` (ten-indicator analysis, 40 measures) and ``oit.yml`` (every item of
the year's catalog, 20 links each), the small evidence files those links point to
under ``content/files/<year>/``, and a full catalog in ``data/criteria/<year>.yml`` for
each year the package does not ship (copied from the nearest shipped edition).

Each year draws from its own random stream (seeded by ``seed`` and the year), so a
5-year project is exactly the last 5 years of the 10-year one: sizes compare cleanly.
Run ``python bench/synthetic.py DIR [--years N]`` to write one and look at it.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
LAST_YEAR = 2569
MEASURES_PER_YEAR = 40
LINKS_PER_ITEM = 20
FILE_LINKS_PER_ITEM = 7  # of the 20: local files under content/files/<year>/; the rest are https URLs
DEFAULT_SEED = 2569
MARKER = ".oit-bench-agency"  # written into every generated project: proof the folder may be replaced

AGENCY = {
    "name": "เทศบาลตำบลบ้านโคกสำราญ",
    "type": "เทศบาลตำบล",
    "province": "ร้อยเอ็ด",
    "district": "เสลภูมิ",
    "website": "https://www.khoksamran.go.th/",
    "address": "88 หมู่ 7 ตำบลโคกสำราญ อำเภอเสลภูมิ จังหวัดร้อยเอ็ด 45120",
    "phone": "0 4355 1088",
    "email": "saraban@khoksamran.go.th",
}
UNITS = [
    "สำนักปลัดเทศบาล",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองสวัสดิการสังคม",
    "กองยุทธศาสตร์และงบประมาณ",
    "หน่วยตรวจสอบภายใน",
]
SITE = AGENCY["website"].rstrip("/")

THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
THAI_MONTHS_FULL = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
                    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

# --- Thai text material ------------------------------------------------------

MEASURE_KINDS = ["มาตรการ", "โครงการ", "กิจกรรม"]
MEASURE_TOPICS = {
    1: ["ส่งเสริมการปฏิบัติหน้าที่ตามขั้นตอนและระยะเวลาที่ประกาศไว้",
        "เชิดชูเกียรติเจ้าหน้าที่ผู้ปฏิบัติงานดีเด่นและมีคุณธรรม",
        "จัดทำมาตรฐานการให้บริการและประกาศระยะเวลาแล้วเสร็จของงานบริการ",
        "ประเมินความพึงพอใจของผู้รับบริการ ณ จุดให้บริการ"],
    2: ["เผยแพร่แผนการใช้จ่ายงบประมาณรายไตรมาสให้บุคลากรและประชาชนรับทราบ",
        "ตรวจสอบการเบิกจ่ายงบประมาณให้เป็นไปตามวัตถุประสงค์และคุ้มค่า",
        "เปิดโอกาสให้ประชาชนมีส่วนร่วมตรวจสอบการจัดซื้อจัดจ้าง",
        "จัดทำรายงานสรุปผลการจัดซื้อจัดจ้างรายเดือนในรูปแบบที่นำไปใช้ต่อได้"],
    3: ["บริหารงานบุคคลตามระบบคุณธรรมและประกาศหลักเกณฑ์ล่วงหน้า",
        "เสริมสร้างภาวะผู้นำและการมอบหมายงานอย่างเป็นธรรม",
        "ป้องกันการใช้อำนาจโดยมิชอบในการพิจารณาความดีความชอบ",
        "เปิดช่องทางรับฟังความคิดเห็นของบุคลากรต่อการบริหารงาน"],
    4: ["ป้องกันการนำทรัพย์สินของราชการไปใช้ประโยชน์ส่วนตน",
        "ขยายระบบบันทึกการใช้รถส่วนกลางและน้ำมันเชื้อเพลิงแบบออนไลน์",
        "จัดทำคู่มือการยืมและการใช้ทรัพย์สินของทางราชการ",
        "ตรวจนับและรายงานสถานะครุภัณฑ์ประจำปีอย่างโปร่งใส"],
    5: ["สร้างวัฒนธรรมองค์กรต่อต้านการทุจริตและประพฤติมิชอบ",
        "รณรงค์ไม่รับ ไม่ให้ ของขวัญและผลประโยชน์ในช่วงเทศกาล",
        "ประชาสัมพันธ์ช่องทางแจ้งเบาะแสการทุจริตสู่ภาคประชาชน",
        "อบรมเสริมสร้างความรู้เรื่องผลประโยชน์ทับซ้อนแก่บุคลากร"],
    6: ["ลดขั้นตอนและระยะเวลาการให้บริการงานขออนุญาตก่อสร้าง",
        "ปรับปรุงศูนย์บริการร่วมแบบเบ็ดเสร็จ (One Stop Service)",
        "รับชำระภาษีที่ดินและสิ่งปลูกสร้างผ่านระบบ QR Code",
        "พัฒนาคุณภาพการให้บริการด้านสาธารณสุขและสิ่งแวดล้อม"],
    7: ["สื่อสารเชิงรุกผ่าน LINE Official Account และสื่อสังคมออนไลน์",
        "ปรับปรุงเว็บไซต์ให้ค้นหาข้อมูลได้ง่ายและรองรับอุปกรณ์เคลื่อนที่",
        "จัดทำคำถามที่พบบ่อย (FAQ) และระบบตอบกลับอัตโนมัติ",
        "เผยแพร่ข่าวสารกิจกรรมภายใน 3 วันทำการหลังจัดกิจกรรม"],
    8: ["นำข้อเสนอแนะจากผู้รับบริการมาปรับปรุงการทำงานอย่างเป็นรูปธรรม",
        "พัฒนาระบบ E-Service ให้เชื่อมโยงกับทะเบียนคุมคำร้องของทุกกอง",
        "จัดเวทีรับฟังความคิดเห็นภาคประชาชนเพื่อออกแบบการให้บริการ",
        "ทบทวนกระบวนงานและนำเทคโนโลยีดิจิทัลมาใช้ลดการใช้กระดาษ"],
    9: ["ยกระดับการเปิดเผยข้อมูลสาธารณะตามเกณฑ์ OIT",
        "ตรวจสอบสถานะลิงก์ข้อมูล OIT ทุกเดือน",
        "จัดหน้ารวมข้อมูลหนึ่งหน้าต่อหนึ่งข้อพร้อมลิงก์ถาวร",
        "ปรับปรุงข้อมูลบนเว็บไซต์ให้เป็นปัจจุบันทันทีที่มีการเปลี่ยนแปลง"],
    10: ["ประเมินความเสี่ยงการทุจริตและจัดทำแผนบริหารความเสี่ยง",
         "ขับเคลื่อนนโยบาย No Gift Policy ในทุกส่วนราชการ",
         "จัดทำแผนปฏิบัติการป้องกันการทุจริตและติดตามผลรายไตรมาส",
         "เสริมสร้างความร่วมมือกับภาคีเครือข่ายต่อต้านการทุจริต"],
}
GROUPS = ["ช่องทางและรูปแบบการประชาสัมพันธ์", "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูลสาธารณะ",
          "การป้องกันการทุจริต", "การบริหารงานบุคคลและงบประมาณ"]
STEPS = [
    "แต่งตั้งคณะทำงานและกำหนดบทบาทหน้าที่ของผู้รับผิดชอบแต่ละกอง",
    "ทบทวนผลการประเมินปีที่ผ่านมาและข้อเสนอแนะของสำนักงาน ป.ป.ช.",
    "จัดทำแผนการดำเนินงานพร้อมกำหนดตัวชี้วัดความสำเร็จที่วัดผลได้",
    "ประชุมชี้แจงแนวทางการดำเนินงานแก่บุคลากรทุกระดับ",
    "เผยแพร่ประกาศและแนวทางปฏิบัติทางเว็บไซต์และบอร์ดประชาสัมพันธ์ของเทศบาล",
    "จัดอบรมเชิงปฏิบัติการให้เจ้าหน้าที่ผู้ปฏิบัติงานโดยตรง",
    "เปิดรับฟังความคิดเห็นจากประชาชนผ่าน QR Code ที่จุดบริการและ LINE OA",
    "จัดทำสื่อประชาสัมพันธ์ในรูปแบบอินโฟกราฟิกและคลิปวิดีโอสั้น",
    "ติดตามความก้าวหน้ารายไตรมาสและรายงานผู้บริหารทราบ",
    "สรุปผลการดำเนินงานและปัญหาอุปสรรคเพื่อปรับปรุงในปีถัดไป",
    "หน่วยตรวจสอบภายในสุ่มตรวจการปฏิบัติตามมาตรการและรายงานผล",
    "ปรับปรุงคู่มือการปฏิบัติงานให้สอดคล้องกับขั้นตอนที่ปรับใหม่",
    "เชื่อมโยงข้อมูลระหว่างกองผ่านระบบสารบรรณอิเล็กทรอนิกส์",
    "ประกาศผลการดำเนินงานให้สาธารณชนทราบทางเว็บไซต์ภายใน 15 วัน",
    "จัดกิจกรรมลงนามบันทึกข้อตกลงร่วมกับผู้แทนชุมชนทุกหมู่บ้าน",
    "สำรวจความพึงพอใจของผู้รับบริการหลังการปรับปรุงขั้นตอน",
]
ANALYSIS_SENTENCES = [
    "ผลการประเมินสะท้อนว่าบุคลากรรับรู้และให้ความสำคัญกับประเด็นนี้อย่างต่อเนื่อง",
    "ผู้รับบริการส่วนใหญ่พึงพอใจ แต่ยังมีข้อเสนอแนะให้ลดขั้นตอนและระยะเวลาให้สั้นลง",
    "ข้อมูลที่เผยแพร่ยังกระจายอยู่หลายหน้าของเว็บไซต์ ทำให้ค้นหาได้ยาก",
    "ควรรักษามาตรฐานการดำเนินงานเอาไว้ และพัฒนาอย่างต่อเนื่องให้เป็นแบบอย่างแก่หน่วยงานอื่น",
    "ประชาชนบางกลุ่ม โดยเฉพาะผู้สูงอายุ ยังเข้าไม่ถึงช่องทางออนไลน์ ควรเพิ่มช่องทางที่เข้าถึงง่าย",
    "การสื่อสารภายในองค์กรยังไม่ทั่วถึง บุคลากรบางส่วนไม่ทราบแนวปฏิบัติที่ประกาศไว้",
    "ผู้บริหารให้ความสำคัญและกำกับติดตามอย่างใกล้ชิด ส่งผลให้คะแนนอยู่ในระดับสูง",
    "ควรนำข้อเสนอแนะจากการสำรวจมาปรับปรุงงานอย่างเป็นรูปธรรมและแจ้งผลให้ผู้เสนอทราบ",
    "การใช้จ่ายงบประมาณเป็นไปตามแผน แต่การรายงานผลต่อสาธารณะยังล่าช้ากว่ากำหนด",
    "มีการดำเนินการตามนโยบายไม่รับของขวัญและการประเมินความเสี่ยงการทุจริตครบถ้วน",
    "ระบบบันทึกการใช้ทรัพย์สินของราชการยังไม่ครอบคลุมทุกรายการ ควรขยายให้ครบ",
    "ควรทบทวนคู่มือและแนวทางปฏิบัติให้ทันสมัยและสอดคล้องกับกฎหมายที่เปลี่ยนแปลง",
]
DOC_KINDS = ["ประกาศเทศบาล", "รายงาน", "คำสั่งเทศบาล", "บันทึกข้อความ", "ภาพกิจกรรม", "สรุปผลการดำเนินงาน",
             "แผนการดำเนินงาน", "หนังสือเวียน", "ข่าวประชาสัมพันธ์", "เอกสารเผยแพร่"]
URL_SECTIONS = ["news", "announce", "plan", "report", "procurement", "hr", "ethics", "complaint", "eservice", "about"]
NOTES = [
    "เอกสารฉบับเต็มอยู่ในไฟล์แนบ หากเปิดไม่ได้โปรดติดต่อสำนักปลัดเทศบาล",
    "ข้อมูลปรับปรุงล่าสุดตามมติที่ประชุมคณะผู้บริหาร ครั้งที่ 3",
    "เผยแพร่ทางเว็บไซต์ของเทศบาลและบอร์ดประชาสัมพันธ์หน้าสำนักงาน",
]
PROGRESS_NOTES = [
    "ดำเนินการตามขั้นตอนที่ 1–2 แล้ว อยู่ระหว่างติดตามผลการดำเนินงานของแต่ละกอง",
    "จัดกิจกรรมแล้ว มีผู้เข้าร่วม 126 คน จากเป้าหมาย 120 คน",
    "เผยแพร่ข้อมูลครบทุกไตรมาส ผู้รับบริการเข้าถึงข้อมูลเพิ่มขึ้นร้อยละ 35",
    "เลื่อนการดำเนินงานบางส่วนเนื่องจากสถานการณ์อุทกภัยในพื้นที่",
    "ดำเนินการแล้วเสร็จตามแผน สรุปผลรายงานผู้บริหารเรียบร้อยแล้ว",
]

# A tiny but well-formed PDF: evidence files exist and are copied like real ones.
_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


# --- YAML output -------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Thai text unescaped; multi-line text as `|` blocks, as agencies write it."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _write_yaml(path: Path, data: Any, comment: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


# --- helpers -----------------------------------------------------------------


def _be(day: date) -> str:
    """``2569-01-10``: a date in the BE form the data contract uses."""
    return f"{day.year + 543:04d}-{day.month:02d}-{day.day:02d}"


def _fiscal_year(year: int) -> tuple[date, date]:
    return date(year - 544, 10, 1), date(year - 543, 9, 30)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _short_month(day: date) -> str:
    return f"{THAI_MONTHS[day.month - 1]} {str(day.year + 543)[-2:]}"


def _sentences(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.sample(ANALYSIS_SENTENCES, rng.randint(low, high)))


def _paragraph_lines(rng: random.Random, low: int, high: int) -> str:
    """A few sentences on two lines (the way officers wrap long text), ending in a newline."""
    picked = rng.sample(ANALYSIS_SENTENCES, rng.randint(low, high))
    cut = max(1, len(picked) - 2)
    return " ".join(picked[:cut]) + "\n" + " ".join(picked[cut:]) + "\n"


def _shipped_editions() -> list[int]:
    folder = resources.files("site_builder.catalogs")
    return sorted(int(entry.name[:-4]) for entry in folder.iterdir() if re.fullmatch(r"\d{4}\.yml", entry.name))


def _shipped_text(edition: int) -> str:
    return resources.files("site_builder.catalogs").joinpath(f"{edition}.yml").read_text(encoding="utf-8")


def nearest_shipped(year: int) -> int:
    return min(_shipped_editions(), key=lambda edition: (abs(edition - year), -edition))


# --- the parts of a project --------------------------------------------------


@dataclass(frozen=True)
class YearScores:
    total: float
    tools: dict[str, float]
    indicators: dict[int, float]
    level: str


def _level(total: float, tools: dict[str, float]) -> str:
    """The shipped catalogs' level rule: the first level whose minimums all hold."""
    lowest = min([total, *tools.values()])
    if lowest >= 95:
        return "ผ่านดีเยี่ยม"
    if lowest >= 85:
        return "ผ่านดี"
    return "ผ่าน"  # lower levels have no known thresholds: "ผ่าน" is always accepted


def _scores(seed: int, year: int) -> YearScores:
    rng = random.Random(f"{seed}-scores-{year}")
    # Improves year by year: ~84 in 2560 to ~97 in 2569.
    base = 84 + (year - 2560) * 1.45
    indicators = {n: round(min(100.0, max(60.0, base + rng.uniform(-4, 4.5))), 2) for n in range(1, 11)}
    mean = lambda numbers: sum(numbers) / len(numbers)  # noqa: E731
    tools = {
        "IIT": round(mean([indicators[n] for n in range(1, 6)]), 2),
        "EIT1": round(min(100.0, mean([indicators[n] for n in (6, 7, 8)]) + rng.uniform(0, 2)), 2),
        "EIT2": round(max(60.0, mean([indicators[n] for n in (6, 7, 8)]) - rng.uniform(0, 3)), 2),
        "OIT": round(mean([indicators[9], indicators[10]]), 2),
    }
    total = round(0.3 * tools["IIT"] + 0.15 * (tools["EIT1"] + tools["EIT2"]) + 0.4 * tools["OIT"], 2)
    return YearScores(total, tools, indicators, _level(total, tools))


def _scores_doc(year: int, scores: YearScores, rng: random.Random) -> dict[str, Any]:
    return {
        "year": year,
        "announced": _be(date(year - 543, 8, rng.randint(20, 30))),
        "total": scores.total,
        "level": scores.level,
        "rank": {"position": rng.randint(40, 900), "of": 2248, "group": AGENCY["type"]},
        "tools": scores.tools,
        "indicators": scores.indicators,
    }


def _status(score: float) -> str:
    return "strength" if score >= 97 else "maintain" if score >= 94 else "improve" if score >= 88 else "urgent"


STATUS_WORDS = {"strength": "จุดแข็ง", "maintain": "ดี", "improve": "ควรพัฒนา", "urgent": "ต้องพัฒนาเร่งด่วน"}


def _measures_doc(root: Path, year: int, previous: YearScores | None, indicator_names: dict[int, str],
                  rng: random.Random) -> dict[str, Any]:
    first, last = _fiscal_year(year)
    based_on = year - 1
    prev_total = f"{previous.total:.2f}" if previous else "-"
    analysis = {}
    for number in range(1, 11):
        score = previous.indicators[number] if previous else 90.0
        status = _status(score)
        analysis[number] = {
            "status": status,
            "text": f"{STATUS_WORDS[status]} ({score:.2f}) ตัวชี้วัด{indicator_names[number]} "
                    + _paragraph_lines(rng, 4, 7),
        }
    measures = []
    for index in range(MEASURES_PER_YEAR):
        primary = index % 10 + 1
        indicators = [primary]
        if rng.random() < 0.3:
            indicators.append(rng.choice([n for n in range(1, 11) if n != primary]))
        start = _random_day(rng, first, last - timedelta(days=60))
        end = _random_day(rng, start + timedelta(days=14), last)
        whole_year = rng.random() < 0.3
        if whole_year:
            start, end = first, last
        topic = MEASURE_TOPICS[primary][(index // 10) % len(MEASURE_TOPICS[primary])]
        measure: dict[str, Any] = {
            "title": f"{rng.choice(MEASURE_KINDS)}{topic} ประจำปีงบประมาณ พ.ศ. {year}",
            "indicators": indicators,
            "analysis": (f"คะแนน ({previous.indicators[primary]:.2f}) " if previous else "")
                        + _sentences(rng, 1, 2) + "\n",
            "steps": rng.sample(STEPS, rng.randint(3, 5)),
            "period": f"ตลอดปีงบประมาณ พ.ศ. {year}" if whole_year
                      else f"{_short_month(start)} – {_short_month(end)}",
            "start": _be(start),
            "end": _be(end),
            "responsible": rng.sample(UNITS, rng.randint(1, 3)),
        }
        if index % 3 == 0:
            measure["group"] = GROUPS[primary % len(GROUPS)]
        if index % 2 == 0:
            measure["followup"] = "รายงานความก้าวหน้า รอบ 6 เดือน / ณ สิ้นปีงบประมาณ"
            measure["progress"] = _progress(root, year, index, start, end, rng)
        measures.append(measure)
    return {
        "year": year,
        "based_on": based_on,
        "title": f"การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}",
        "introduction": (f"{AGENCY['name']} ได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
                         f"ของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {based_on} ครบทั้ง 10 ตัวชี้วัด "
                         "เพื่อกำหนดมาตรการ โครงการ และกิจกรรม สำหรับปรับปรุงและพัฒนาองค์กร\n\n"
                         + _sentences(rng, 2, 3) + "\n"),
        "summary": (f"ในปีงบประมาณ พ.ศ. {based_on} {AGENCY['name']} ได้รับคะแนนรวม **{prev_total} คะแนน**"
                    + (f" อยู่ในระดับ \"{previous.level}\"" if previous else "") + "\n\n"
                    + "".join(f"- {tool}: {score:.2f} คะแนน\n" for tool, score in (previous.tools if previous else {}).items())),
        "analysis": analysis,
        "measures": measures,
        "limitations": ["เจ้าหน้าที่ไม่เพียงพอต่อภารกิจที่เพิ่มขึ้น", "งบประมาณด้านเทคโนโลยีสารสนเทศมีจำกัด",
                        "ประชาชนบางกลุ่มยังเข้าไม่ถึงช่องทางออนไลน์"],
        "recommendations": ["ควรบูรณาการข้อมูลระหว่างกองผ่านระบบเดียวกัน",
                            "ควรติดตามผลการดำเนินงานตามมาตรการทุกไตรมาส"],
    }


def _progress(root: Path, year: int, index: int, start: date, end: date, rng: random.Random) -> list[dict[str, Any]]:
    entries = []
    middle = start + (end - start) / 2
    for number, (day, status) in enumerate([(middle, "in-progress"), (end, "done")][: rng.randint(1, 2)], 1):
        links: list[dict[str, str]] = []
        if rng.random() < 0.5:
            name = f"files/{year}/m{index + 1:02d}-progress-{number}.pdf"
            _write_file(root, name)
            links.append({"file": name, "title": f"รายงานความก้าวหน้า ครั้งที่ {number}"})
        else:
            links.append({"url": f"{SITE}/news/{year}/{index + 1:03d}{number}",
                          "title": f"ข่าวกิจกรรม ครั้งที่ {number}"})
        entries.append({"date": _be(day), "status": status, "note": rng.choice(PROGRESS_NOTES), "links": links})
    return entries


def _write_file(root: Path, name: str) -> None:
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_PDF)


def _oit_doc(root: Path, year: int, catalog: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    first, last = _fiscal_year(year)
    items: dict[str, Any] = {}
    for item in catalog["items"]:
        code, title = str(item["code"]), str(item["title"])
        if item.get("generated"):
            items[code] = {"generated": item["generated"]}  # the site makes this page from measures.yml
            continue
        file_slots = set(rng.sample(range(LINKS_PER_ITEM), FILE_LINKS_PER_ITEM))
        links = []
        for k in range(LINKS_PER_ITEM):
            day = _random_day(rng, first, last)
            label = (f"{rng.choice(DOC_KINDS)} {title} ฉบับที่ {k + 1}/{year} "
                     f"(ลงวันที่ {day.day} {THAI_MONTHS_FULL[day.month - 1]} {day.year + 543})")
            if k in file_slots:
                name = f"files/{year}/{code.lower()}-{k + 1:02d}.pdf"
                _write_file(root, name)
                links.append({"file": name, "title": label + " (PDF)"})
            else:
                links.append({"url": f"{SITE}/{rng.choice(URL_SECTIONS)}/{year}/{code.lower()}-{k + 1:02d}",
                              "title": label})
        evidence: dict[str, Any] = {
            "links": links,
            "published": _be(_random_day(rng, first, last)),
            "responsible": rng.sample(UNITS, rng.randint(1, 2)),
        }
        if rng.random() < 0.25:
            evidence["note"] = rng.choice(NOTES)
        items[code] = evidence
    return {"year": year, "criteria": year, "items": items}


def _catalog_for(root: Path, year: int) -> dict[str, Any]:
    """The year's catalog as data; writes data/criteria/<year>.yml when the package has none."""
    if year in _shipped_editions():
        return yaml.safe_load(_shipped_text(year))
    source = nearest_shipped(year)
    text = re.sub(r"(?m)^edition:\s*\d+\s*$", f"edition: {year}", _shipped_text(source), count=1)
    path = root / "data" / "criteria" / f"{year}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Synthetic: a full catalog for {year}, copied from the shipped edition {source}.\n" + text,
                    encoding="utf-8")
    return yaml.safe_load(text)


def _mkdocs_yml(root: Path) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = f"{AGENCY['name']} — การเปิดเผยข้อมูล ITA"
    config["docs_dir"] = "content"
    config["site_dir"] = "site"
    theme = config.setdefault("theme", {})
    custom_dir = theme.get("custom_dir", "themes")
    theme["custom_dir"] = str((REPO / custom_dir).resolve())
    (root / "mkdocs.yml").write_text(
        "# Synthetic benchmark agency: the repository's mkdocs.yml, theme overrides by absolute path.\n"
        + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_agency(root: Path, years: int = 10, seed: int = DEFAULT_SEED) -> Path:
    """Write a synthetic agency of ``years`` fiscal years ending 2569 into ``root``.

    ``root`` must be missing, empty, or a project this function wrote before (it is replaced).
    """
    root = Path(root)
    if root.exists():
        if any(root.iterdir()) and not (root / MARKER).is_file():
            raise FileExistsError(f"{root} is not empty and was not written by make_agency: not replacing it")
        shutil.rmtree(root)
    (root / "content" / "files").mkdir(parents=True)
    (root / MARKER).write_text("synthetic agency written by bench/synthetic.py\n", encoding="utf-8")
    _mkdocs_yml(root)
    _write_yaml(root / "data" / "agency.yml", {**AGENCY, "units": UNITS},
                "ข้อมูลหน่วยงาน (หน่วยงานสมมติ สร้างขึ้นเพื่อวัดประสิทธิภาพการสร้างเว็บไซต์)")
    span = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    scores = {year: _scores(seed, year) for year in span}
    for year in span:
        rng = random.Random(f"{seed}-{year}")
        catalog = _catalog_for(root, year)
        names = {int(n): str(info["name"]) for n, info in catalog["indicators"].items()}
        folder = root / "data" / str(year)
        _write_yaml(folder / "scores.yml", _scores_doc(year, scores[year], rng),
                    f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}")
        _write_yaml(folder / "measures.yml", _measures_doc(root, year, scores.get(year - 1), names, rng),
                    f"การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}")
        _write_yaml(folder / "oit.yml", _oit_doc(root, year, catalog, rng),
                    f"หลักฐานการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {year}")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a synthetic agency project (for the build benchmark).")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    arguments = parser.parse_args()
    print(make_agency(arguments.directory, arguments.years, arguments.seed))
