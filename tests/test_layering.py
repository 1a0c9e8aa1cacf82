"""The import rule of docs/architecture.md: no import runs back up the pipeline.

Stages, first to last: base → model → load → check → setup → render → build → links → publish → cli.
A module may import its own stage and earlier ones, never a later one (read from the source
with ``ast``, so imports inside functions count too). And a stage must not drag in engines it
does not use: uploading files never loads MkDocs, Jinja2 or PyThaiNLP.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"

# Module (or package prefix) → stage. Every module of the package must be listed here.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("site_builder", "site_builder.base", "site_builder.findings", "site_builder.atomic",
              "site_builder.terminal", "site_builder.formatting", "site_builder.audit",
              "site_builder.archive")),
    ("model", ("site_builder.model", "site_builder.catalogs", "site_builder.guide")),
    ("load", ("site_builder.load",)),
    ("check", ("site_builder.check", "site_builder.report", "site_builder.content_links")),
    ("setup", ("site_builder.scaffold", "site_builder.newyear")),
    ("render", ("site_builder.render", "site_builder.search")),
    ("build", ("site_builder.build", "site_builder.plugin", "site_builder.serve", "site_builder.sitedir")),
    ("links", ("site_builder.links",)),
    ("publish", ("site_builder.publish",)),
    ("cli", ("site_builder.cli", "site_builder.cli_thai")),
]


def stage_of(module: str) -> int:
    """The rank of the longest listed name that is ``module`` or a package holding it."""
    best: tuple[int, int] | None = None
    for rank, (_name, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), rank)
    if best is None:
        raise AssertionError(f"{module} belongs to no stage: add it to STAGES (and docs/architecture.md)")
    return best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The package's modules that ``path`` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                target = ".".join(parts + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import atomic` imports the module site_builder.atomic
                candidate = f"{target}.{alias.name}"
                is_module = ((PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").is_file()
                             or (PACKAGE.parent / candidate.replace(".", "/")).is_dir())
                found.add(candidate if is_module else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {module for module in found if module.split(".")[0] == "site_builder"}


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_stage() -> None:
    for path in MODULES:
        stage_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_import_runs_back_up_the_pipeline(path: Path) -> None:
    name = module_name(path)
    later = sorted(module for module in imported(path) if stage_of(module) > stage_of(name))
    assert later == [], f"{name} ({STAGES[stage_of(name)][0]}) imports a later stage: {later}"


def test_the_rule_sees_a_backward_import() -> None:
    """The check itself works: the model importing the loader is what the rule forbids."""
    assert stage_of("site_builder.model") < stage_of("site_builder.load")
    assert stage_of("site_builder.load.audits") == stage_of("site_builder.load")
    assert stage_of("site_builder.publish.targets") > stage_of("site_builder.build")


def loaded_after_import(module: str) -> list[str]:
    code = ("import json, sys, " + module + "; print(json.dumps(sorted(sys.modules)))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent).stdout
    return json.loads(output)


def test_publishing_loads_no_site_engine() -> None:
    engines = {"mkdocs", "jinja2", "pythainlp", "material"}
    loaded = loaded_after_import("site_builder.publish")
    assert [m for m in loaded if m.split(".")[0] in engines] == []
    assert "site_builder.build" not in loaded


@pytest.mark.parametrize("module", ["site_builder.model", "site_builder.load", "site_builder.check",
                                   "site_builder.render", "site_builder.links", "site_builder.publish"])
def test_importing_a_stage_loads_no_later_stage(module: str) -> None:
    own = stage_of(module)
    later = [m for m in loaded_after_import(module) if m.split(".")[0] == "site_builder" and stage_of(m) > own]
    assert later == []
