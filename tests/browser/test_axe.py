"""axe-core, WCAG 2.0/2.1 A and AA: no violation on the pages a reader and an assessor use."""

from __future__ import annotations

import pytest

from .conftest import HOME, PAGES
from .harness import describe_violations, run_axe
from .search import open_search, search


def _report(name: str, violations: list[dict], figures) -> None:
    figures.append(f"axe {name:<24} {len(violations)} violation(s)"
                   + (": " + ", ".join(f"{v['id']} ({len(v['targets'])})" for v in violations) if violations else ""))
    assert not violations, f"axe-core on {name}: {len(violations)} violation(s)\n{describe_violations(violations)}"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(desktop_view, name, figures):
    view = desktop_view(name)
    assert view["lang"] == "th", f"{name}: <html lang={view['lang']!r}>"
    _report(name, view["axe"], figures)


def test_no_axe_violations_with_the_search_dialog_open(visit, axe_js, figures):
    """The whole document with the dialog open: first empty, then with results."""
    v = visit()
    v.goto(HOME, wait_until="load")
    open_search(v.page)
    empty = run_axe(v.page, axe_js)
    assert search(v.page, "มาตรการ"), "no result to check"
    with_results = run_axe(v.page, axe_js)
    figures.append(f"axe {'search dialog (empty)':<24} {len(empty)} violation(s)"
                   + (": " + ", ".join(v["id"] for v in empty) if empty else ""))
    _report("search dialog (results)", with_results, figures)
    assert not empty, f"axe-core with the search dialog open: {describe_violations(empty)}"
