"""An item page's first view: at most 400 KiB before any interaction, and no search index."""

from __future__ import annotations

from .conftest import ITEM
from .harness import first_view, is_search_index

BUDGET_KIB = 400


def test_item_page_first_view_is_light_and_loads_no_search_index(visit, figures):
    v = visit()
    total, sizes = first_view(v, ITEM)
    listing = "\n".join(f"  {size / 1024:8.1f} KiB  {path}" for path, size in sorted(sizes, key=lambda s: -s[1]))
    figures.append(f"first view of /{ITEM}: {total / 1024:.1f} KiB in {len(sizes)} responses "
                   f"(budget {BUDGET_KIB} KiB)\n{listing}")
    assert total <= BUDGET_KIB * 1024, f"first view {total / 1024:.1f} KiB > {BUDGET_KIB} KiB:\n{listing}"
    early = [url for url in v.requests if is_search_index(url)]
    assert not early, f"the search index loads before any interaction: {early}"
