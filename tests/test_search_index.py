"""The search index built at build time: Thai words, digits, codes; lazy and deterministic."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO
from site_builder import search
from site_builder.cli import main


def test_words_segment_thai_and_keep_codes_and_digits():
    assert search.words("ความเสี่ยงเรื่องสินบน") == ["ความเสี่ยง", "เรื่อง", "สินบน"]
    assert "จัดซื้อจัดจ้าง" in search.words("สรุปผลการจัดซื้อจัดจ้างรายเดือน")  # an ITA term stays whole
    assert search.words("ข้อ O19 ปี ๒๕๖๘ คะแนน ๙๗.๖๔") == ["ข้อ", "o19", "ปี", "2568", "คะแนน", "97.64"]


def test_set_dictionary_segments_like_pythainlp_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    trie = dict_trie(set(thai_words()) | search.ITA_TERMS)
    text = ("การนำผลการประเมินไปสู่การพัฒนาองค์กร มาตรการป้องกันการรับสินบน ช่องทางแจ้งเรื่องร้องเรียน"
            "การทุจริตและประพฤติมิชอบ แผนปฏิบัติการป้องกันการทุจริตประจำปีงบประมาณ")
    assert word_tokenize(text, custom_dict=search._dictionary(), engine="newmm") == \
        word_tokenize(text, custom_dict=trie, engine="newmm")


def test_index_is_built_deterministically_and_lists_every_page(tmp_path: Path):
    sites = []
    for name in ("one", "two"):
        result = CliRunner().invoke(main, ["build", str(REPO), "--site-dir", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        sites.append((tmp_path / name / "search" / "index.json").read_bytes())
    assert sites[0] == sites[1]
    index = json.loads(sites[0])
    urls = {url for url, _title in index["pages"]}
    pages = {p.parent.relative_to(tmp_path / "one").as_posix() + "/"
             for p in (tmp_path / "one").rglob("index.html")}
    assert urls == {("" if u == "./" else u) for u in pages}
    o19 = index["pages"].index(["2569/oit/o19/", "O19 ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน"])
    assert o19 in index["words"]["o19"][0::2]
    assert "สินบน" in index["words"] and "2568" in index["words"]
    # Pages only name it for the search script (fetched when the reader opens the search;
    # the browser tests check that nothing requests it before).
    home = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert 'data-index="search/index.json"' in home
