"""Random input never crashes the loader: it loads, or it reports problems with file and line."""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_project
from site_builder.check import check_project
from site_builder.load import load_project

FIELD_NAMES = ["year", "total", "level", "tools", "indicators", "items", "links", "url", "file", "measures",
               "analysis", "status", "text", "steps", "period", "start", "end", "responsible", "based_on",
               "progress", "date", "O1", "O25", "IIT", "EIT1", 1, 7, 10, 11]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=string.printable + "กขคงจ๐๑๒๓๔๕๖๗๘๙ตุลาคม.:-/", max_size=20),
    st.sampled_from(["2568-10-01", "1 ต.ค. 2568", "๑ ตุลาคม ๒๕๖๘", "2568-02-30", "javascript:alert(1)",
                     "https://www.example.go.th/", "../../etc/passwd", "files/x.pdf", "strength", "๙๗.๖๔", "101"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=6),
    ),
    max_leaves=25,
)
# Raw text too: broken YAML, tabs, unclosed quotes, anchors, odd encodings.
raw_text = st.text(alphabet=string.printable + "กข๑๒: -[]{}&*!|>'\"\t", max_size=200)


def _check_never_raises(root: Path, relative: str, content: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    loaded = load_project(root)  # must not raise
    findings, _coverage = check_project(loaded.project)  # must not raise
    for finding in loaded.findings + findings:
        assert finding.message
        if finding.file == relative and finding.severity == "error":
            assert finding.line is None or finding.line >= 1


TARGETS = ["data/agency.yml", "data/2568/scores.yml", "data/2569/measures.yml", "data/2569/oit.yml",
           "data/criteria/2569.yml", "data/criteria/2570.yml"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), document=documents)
def test_random_yaml_documents_load_or_report(tmp_path_factory, target: str, document: object) -> None:
    root = write_project(tmp_path_factory.mktemp("p"))
    text = yaml.safe_dump(document, allow_unicode=True)
    _check_never_raises(root, target, text.encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), text=raw_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp874"]))
def test_random_text_loads_or_reports(tmp_path_factory, target: str, text: str, encoding: str) -> None:
    root = write_project(tmp_path_factory.mktemp("p"))
    _check_never_raises(root, target, text.encode(encoding, errors="replace"))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_load_or_report(tmp_path_factory, data: bytes) -> None:
    root = write_project(tmp_path_factory.mktemp("p"))
    _check_never_raises(root, "data/2569/oit.yml", data)


def test_alias_bomb_is_reported_not_expanded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 12):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    root = write_project(tmp_path / "agency", {"data/2569/oit.yml": "\n".join(lines) + "\n"})
    loaded = load_project(root)
    assert any(f.file == "data/2569/oit.yml" and f.severity == "error" for f in loaded.findings)
