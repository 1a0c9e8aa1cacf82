"""``oit new``: a new agency project, and the YAML writers ``oit new-year`` shares.

Files are written with the requirements of each catalog item as comments, so the
officer fills in links next to what the assessor checks. Text is generated (not dumped
by PyYAML) to keep those comments; every value goes through :func:`yaml_text`, which
proves that it reads back as written. Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import atomic
from .base.errors import OitError
from .base.values import BE_OFFSET
from .catalogs import Catalog, CatalogItem, load_catalogs
from .formatting import be_iso_date, time_for_year
from .guide import GUIDE_PATH, data_guide
from .model import INDICATORS, Evidence, edition_for

ANALYSIS_STATUSES = "strength (จุดแข็ง) | maintain (รักษามาตรฐาน) | improve (ควรพัฒนา) | urgent (ต้องพัฒนาเร่งด่วน)"


class ScaffoldError(OitError):
    """The files cannot be created: they exist, or the year cannot be started (oit new, oit new-year)."""


NO_CATALOG = "ไม่พบเกณฑ์การประเมิน (catalog) ของปีใดเลย — ติดตั้ง oit ใหม่ให้ครบแล้วลองอีกครั้ง"


def current_fiscal_year(today: dt.date) -> int:
    """Thai fiscal year (BE) of ``today``: it starts on 1 October (FY2570 = 1 Oct 2026 – 30 Sep 2027)."""
    return today.year + BE_OFFSET + (1 if today.month >= 10 else 0)


def indicator_about(catalog: Catalog, number: int) -> str:
    """The comment naming an indicator above its analysis in a measures.yml template."""
    info = catalog.indicators.get(number)
    about = f"ตัวชี้วัดที่ {number} {one_line(catalog.indicator_name(number))}"
    return about + f" ({info.tool})" if info is not None else about


def one_line(text: str) -> str:
    """Text that is safe inside a ``#`` comment."""
    return " ".join(str(text).split())


def yaml_text(value: str) -> str:
    """A scalar as officers like to read it (plain), quoted only when plain would read back differently."""
    plain = str(value)
    try:
        if plain and yaml.safe_load(f"k: {plain}") == {"k": plain}:
            return plain
    except yaml.YAMLError:
        pass
    return json.dumps(plain, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def yaml_block(key: str, text: str, indent: int) -> list[str]:
    """``key: |`` with the text below it when it reads back unchanged; else one quoted line."""
    pad = " " * indent
    if "\n" in text.strip():
        lines = [f"{pad}{key}: |"] + [f"{pad}  {line}".rstrip() for line in text.rstrip("\n").split("\n")]
        try:
            if yaml.safe_load("\n".join(line[indent:] for line in lines)) == {key: text.rstrip("\n") + "\n"}:
                return lines
        except yaml.YAMLError:
            pass
    return [f"{pad}{key}: {yaml_text(text)}"]


def time_label(item: CatalogItem, year: int) -> str | None:
    return time_for_year(item.time, year)


def evidence_lines(evidence: Evidence) -> list[str]:
    """One item's evidence as ``oit.yml`` writes it (under the item's code, indented 4)."""
    lines: list[str] = []
    if evidence.links:
        lines.append("    links:")
        for link in evidence.links:
            kind, target = ("url", link.url) if link.url is not None else ("file", link.file)
            lines.append(f"      - {kind}: {yaml_text(str(target))}")
            if link.title:
                lines.append(f"        title: {yaml_text(link.title)}")
    if evidence.published is not None:
        lines.append(f"    published: {be_iso_date(evidence.published)}")
    if evidence.responsible:
        lines.append("    responsible:")
        lines += [f"      - {yaml_text(unit)}" for unit in evidence.responsible]
    if evidence.note:
        lines += yaml_block("note", evidence.note, 4)
    return lines


EMPTY_LINKS = ["    # links:", "    #   - url: https://", "    #     title: "]


def item_lines(item: CatalogItem, year: int, body: Sequence[str] | None = None,
               notes: Iterable[str] = ()) -> list[str]:
    """One catalog item in ``oit.yml``: what it requires as comments, then its code and ``body``."""
    lines = [f"  # {item.code} {one_line(item.title)}"]
    if not item.verified:
        lines.append("  #   (ชื่อข้อนี้ยังไม่ได้ยืนยันกับคู่มือของสำนักงาน ป.ป.ช.)")
    label = time_label(item, year)
    if label:
        lines.append(f"  #   ช่วงเวลา: {label}")
    for index, requirement in enumerate(item.requires):
        lines.append(("  #   ต้องมี: " if index == 0 else "  #           ") + one_line(requirement))
    lines += [f"  #   {one_line(note)}" for note in notes]
    lines.append(f"  {item.code}:")
    if body is not None:
        lines += body
    elif item.generated == "measures":
        lines += [f"    generated: measures  # เว็บไซต์สร้างหน้านี้จาก data/{year}/measures.yml"]
    elif item.generated == "measures-report":
        lines += [f"    generated: measures-report  # เว็บไซต์สร้างจาก progress ของมาตรการใน data/{year - 1}/measures.yml"]
    else:
        lines += EMPTY_LINKS
    return lines


def oit_header(year: int, catalog: Catalog) -> list[str]:
    lines = [
        f"# หลักฐานการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {year} — เกณฑ์ปี {catalog.edition}, "
        f"{len(catalog.items)} ข้อ",
        "# ใต้รหัสแต่ละข้อ ใส่หลักฐาน: ลบเครื่องหมาย # หน้าบรรทัด links: และบรรทัดตัวอย่าง แล้วกรอก",
        "#   - url: ลิงก์หน้าเว็บที่ขึ้นต้นด้วย https://  หรือ  file: ไฟล์ใน content/ เช่น "
        f"files/{year}/o1-structure.pdf",
        "#     title: ชื่อเอกสารที่จะแสดงบนเว็บไซต์",
        "# เพิ่มได้: published: วันที่เผยแพร่ (เช่น 1 ต.ค. 2569), responsible: หน่วยงานจากรายชื่อ units ใน data/agency.yml",
        "# แล้วรัน oit check เพื่อดูว่ายังขาดข้อใด",
    ]
    if catalog.edition != year:
        lines.append(f"# ยังไม่มีเกณฑ์ปี {year} ในโปรแกรม จึงใช้เกณฑ์ปี {catalog.edition} ไปก่อน (บรรทัด criteria:) — "
                     f"เมื่อ ป.ป.ช. ประกาศเกณฑ์ใหม่ ให้เพิ่ม data/criteria/{year}.yml แล้วลบบรรทัด criteria:")
    lines.append(f"year: {year}")
    if catalog.edition != year:
        lines.append(f"criteria: {catalog.edition}")
    lines.append("items:")
    return lines


def indicator_header(catalog: Catalog, number: int | None) -> str:
    if number is None:
        return "  # ===== ข้ออื่น ๆ ====="
    return f"  # ===== ตัวชี้วัดที่ {number} {one_line(catalog.indicator_name(number))} ====="


def oit_yaml(year: int, catalog: Catalog, bodies: Mapping[str, Sequence[str]] | None = None,
             notes: Mapping[str, Sequence[str]] | None = None) -> str:
    """A whole ``oit.yml``: every catalog item grouped by indicator; ``bodies`` fill some items in."""
    lines = oit_header(year, catalog)
    current: object = object()
    for item in catalog.items:
        if item.indicator != current:
            current = item.indicator
            lines += ["", indicator_header(catalog, item.indicator)]
        lines.append("")
        lines += item_lines(item, year, (bodies or {}).get(item.code), (notes or {}).get(item.code, ()))
    return "\n".join(lines) + "\n"


def scores_template(year: int) -> str:
    """``data/<year>/scores.yml`` all in comments: a file to fill in when the NACC memo arrives."""
    return f"""\
# ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year} — คัดลอกจากหนังสือแจ้งผลของสำนักงาน ป.ป.ช.
#
# ไฟล์นี้อยู่ในโฟลเดอร์ของ "ปีที่ประเมิน": หนังสือแจ้งผล ITA ปี {year} ใส่ที่ data/{year}/scores.yml
# (แม้จะได้รับหนังสือเมื่อเข้าปีงบประมาณ {year + 1} แล้ว) ผลของปีนี้ใช้วิเคราะห์ใน
# data/{year + 1}/measures.yml ซึ่งเป็นมาตรการของปีถัดไป
# เมื่อได้ผลของปีอื่น ให้คัดลอกไฟล์นี้ไปไว้ในโฟลเดอร์ของปีนั้น แล้วแก้ year:
#
# วิธีกรอก: ลบ # หน้าบรรทัดข้างล่าง (ตั้งแต่ year:) แล้วแก้ตัวเลขให้ตรงกับหนังสือแจ้งผล
# ใช้จุดทศนิยม (94.86 ไม่ใช่ 94,86) เลขไทยใส่ในเครื่องหมายคำพูด เช่น "๙๔.๘๖"
# ยังไม่ได้กรอก oit check จะเตือนว่าไฟล์ว่าง — ไม่เป็นไร หรือลบไฟล์นี้ก่อนก็ได้
# คู่มือ: docs/data.md หัวข้อ scores.yml
#
# year: {year}
# announced: 5 กันยายน {year}          # วันที่ประกาศผล (ไม่บังคับ)
# total: 96.91                        # คะแนนรวม (ต้องมี)
# level: ผ่านดี                        # ระดับผลการประเมิน (ไม่บังคับ)
# rank: {{position: 402, of: 2247, group: เทศบาลตำบล}}   # ลำดับ (ไม่บังคับ ใส่เท่าที่หนังสือระบุ)
# tools:                              # คะแนนรายเครื่องมือ (ควรใส่ เพื่อให้ตรวจระดับได้)
#   IIT: 98.52
#   EIT1: 97.80
#   EIT2: 91.20
#   OIT: 97.50
# indicators:                         # คะแนนครบ 10 ตัวชี้วัด (ต้องมี)
#   1: 99.10
#   2: 98.45
#   3: 99.30
#   4: 96.85
#   5: 98.90
#   6: 96.80
#   7: 94.60
#   8: 92.10
#   9: 95.00
#   10: 100.00
"""


def measures_template(year: int, catalog: Catalog) -> str:
    """``data/<year>/measures.yml``: the analysis of ``year - 1`` and the measures run in ``year``."""
    based_on = year - 1
    lines = [
        f"# การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}",
        "#",
        f"# ไฟล์นี้อยู่ในโฟลเดอร์ของ \"ปีที่ทำมาตรการ\" ({year}) และวิเคราะห์ผลการประเมินของปีก่อน ({based_on}):",
        f"# คะแนนที่วิเคราะห์อ่านจาก data/{based_on}/scores.yml (บรรทัด based_on: ข้างล่าง)",
        f"# เว็บไซต์สร้างหน้า /{year}/analysis/ และ /{year}/measures/ จากไฟล์นี้",
        "#",
        "# วิธีกรอก: 1) ใต้ analysis: ใส่ผลการวิเคราะห์ให้ครบทั้ง 10 ตัวชี้วัด",
        f"#   status: {ANALYSIS_STATUSES}",
        "#   text: ผลการวิเคราะห์ (หลายบรรทัด: เขียน text: | แล้วขึ้นบรรทัดใหม่ย่อหน้าเข้าไป 6 ช่อง)",
        "# 2) ใต้ measures: แทน [] ด้วยมาตรการ ตามตัวอย่างท้ายไฟล์ แล้วรัน oit check",
        "# คู่มือ: docs/data.md หัวข้อ measures.yml",
        f"year: {year}",
        f"based_on: {based_on}",
        f"title: การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. {year}",
        "",
        "analysis:",
    ]
    for number in INDICATORS:
        about = indicator_about(catalog, number)
        lines += [f"  # {about}", f"  {number}:", "    status:", '    text: ""']
    lines += [
        "",
        "# มาตรการ: แทน [] ด้วยรายการมาตรการ (ลบ # ข้างหน้าและเว้นวรรคให้ตรงกัน) เช่น",
        "#   - title: มาตรการการสื่อสารเชิงรุกผ่านช่องทางต่าง ๆ      # (1) ชื่อมาตรการ โครงการ หรือกิจกรรม",
        "#     indicators: [7]                                      # (2) ตัวชี้วัดที่มาตรการนี้ตอบ",
        "#     steps:                                               # (3) ขั้นตอนหรือวิธีการดำเนินการ",
        "#       - เพิ่มช่องทางสื่อสารผ่าน LINE OA",
        "#       - จัดทำคำถามที่พบบ่อย (FAQ)",
        f"#     period: ตลอดปีงบประมาณ พ.ศ. {year}                   # (4) ช่วงระยะเวลา",
        f"#     start: 1 ต.ค. {year - 1}",
        f"#     end: 30 ก.ย. {year}",
        "#     responsible: [สำนักปลัด]                              # (5) ผู้รับผิดชอบ (ชื่อจาก units ใน agency.yml)",
        "#     progress:                                            # ผลการดำเนินงาน (เพิ่มเมื่อทำแล้ว)",
        f"#       - date: 31 มี.ค. {year}",
        "#         status: in-progress   # not-started | in-progress | done | cancelled",
        "#         note: เปิด LINE OA แล้ว",
        "measures: []",
    ]
    return "\n".join(lines) + "\n"


AGENCY_YML = """\
# ข้อมูลหน่วยงาน — กรอกค่าหลังเครื่องหมาย : ให้ครบ แล้วรัน oit check
name:        # ต้องมี: ชื่อหน่วยงาน เช่น เทศบาลตำบลตัวอย่าง
type:        # ต้องมี: เทศบาลนคร | เทศบาลเมือง | เทศบาลตำบล | องค์การบริหารส่วนตำบล | องค์การบริหารส่วนจังหวัด
province:    # ต้องมี: จังหวัด เช่น ขอนแก่น
website:     # ต้องมี: เว็บไซต์หลักของหน่วยงาน เช่น https://www.example.go.th/
# district: อำเภอ
# address: ที่อยู่
# phone: "0 4300 0000"
# email: saraban@example.go.th
# logo: files/logo.png        # ไฟล์ใน content/

# ส่วนราชการของหน่วยงาน (ตัวอย่าง: แก้ให้ตรงกับหน่วยงานจริง)
# ช่อง responsible ในทุกไฟล์ต้องใช้ชื่อจากรายการนี้ทุกตัวอักษร
units:
  - สำนักปลัด
  - กองคลัง
  - กองช่าง
  - กองการศึกษา
  - กองสาธารณสุขและสิ่งแวดล้อม
"""

MKDOCS_HEAD = """\
# การตั้งค่าเว็บไซต์ (MkDocs) — ชื่อเว็บไซต์มาจาก name ใน data/agency.yml (site_name ด้านล่างไม่ต้องแก้)
# ธีม ฟอนต์ภาษาไทย และหน้าต่าง ๆ มาจากปลั๊กอิน oit; หน้าที่เขียนเองใส่ในโฟลเดอร์ content/
site_name: การเปิดเผยข้อมูล ITA
"""

MKDOCS_TAIL = """\
docs_dir: content
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: th
  font: false  # ไม่โหลดฟอนต์จาก Google: เว็บไซต์ใช้ฟอนต์ Sarabun ที่มากับโปรแกรม
plugins:
  - oit  # ตัวเลขแบบเลขไทยทั้งเว็บไซต์: เปลี่ยนเป็น  - oit: {digits: thai}
"""


def normalize_site_url(text: str) -> str:
    """The public address as ``site_url`` wants it (http(s), ending in ``/``); raises ScaffoldError."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in url) \
            or parts.query or parts.fragment:
        raise ScaffoldError(f"ที่อยู่เว็บไซต์ {text!r} ใช้ไม่ได้ — ใส่ที่อยู่เต็มที่ขึ้นต้นด้วย https:// "
                            "เช่น https://www.example.go.th/ita/")
    return url if url.endswith("/") else url + "/"


def mkdocs_yaml(site_url: str | None) -> str:
    """``mkdocs.yml`` of a new project; ``site_url`` is where the site will be published."""
    lines = ["# ที่อยู่สาธารณะของเว็บไซต์นี้ (โฟลเดอร์ที่ oit publish ส่งไป) ใช้ทำลิงก์ของหน้า 404 และแผนผังเว็บไซต์"]
    if site_url:
        lines.append(f"site_url: {yaml_text(site_url)}")
    else:
        lines += ["# ยังไม่ได้ระบุ: ลบ # หน้าบรรทัดล่างนี้ แล้วแก้เป็นที่อยู่จริง",
                  "# site_url: https://www.example.go.th/ita/"]
    return MKDOCS_HEAD + "\n".join(lines) + "\n" + MKDOCS_TAIL


def create_files(root: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` under ``root``; refuse before writing anything if one of them exists."""
    existing = [relative for relative in files if (root / relative).exists()]
    if existing:
        raise ScaffoldError("มีไฟล์นี้อยู่แล้ว จึงไม่เขียนทับ: " + ", ".join(str(root / e) for e in existing))
    try:  # all or none, each file whole (temporary name, then rename); never replaces a file
        return atomic.create_files(root, files)
    except atomic.WriteError as error:
        raise ScaffoldError(str(error)) from None


@dataclass(frozen=True)
class NewProject:
    root: Path
    year: int
    edition: int
    files: list[Path]
    unverified: tuple[str, ...] = ()  # codes whose catalog title is not confirmed (said once, here)


def new_project(root: Path, year: int | None = None, today: dt.date | None = None,
                site_url: str | None = None) -> NewProject:
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} เป็นไฟล์ ไม่ใช่โฟลเดอร์")
    if (root / "data").exists() or (root / "mkdocs.yml").exists():
        raise ScaffoldError(f"โฟลเดอร์ {root} เป็นโครงการอยู่แล้ว (มี data/ หรือ mkdocs.yml) จึงไม่สร้างทับ "
                            "— เลือกโฟลเดอร์ใหม่ หรือใช้ oit new-year เพื่อเริ่มปีงบประมาณใหม่")
    year = year if year is not None else current_fiscal_year(today or dt.date.today())
    site_url = normalize_site_url(site_url) if site_url else None
    catalogs, _problems = load_catalogs(root / "data")
    edition = edition_for(year, catalogs)
    if edition is None:
        raise ScaffoldError(NO_CATALOG)
    files = {
        "mkdocs.yml": mkdocs_yaml(site_url),
        "data/agency.yml": AGENCY_YML,
        f"data/{year}/oit.yml": oit_yaml(year, catalogs[edition]),
        f"data/{year}/measures.yml": measures_template(year, catalogs[edition]),
        f"data/{year - 1}/scores.yml": scores_template(year - 1),
        GUIDE_PATH: data_guide(),
    }
    written = create_files(root, files)
    (root / "content" / "files" / str(year)).mkdir(parents=True, exist_ok=True)
    unverified = tuple(item.code for item in catalogs[edition].items if not item.verified)
    return NewProject(root, year, edition, written, unverified)
