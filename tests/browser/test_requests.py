"""No request leaves the site: every page loads only from its own host."""

from __future__ import annotations

import pytest

from .conftest import PAGES


@pytest.mark.parametrize("name", list(PAGES))
def test_every_request_goes_to_the_site_itself(desktop_view, name, figures):
    view = desktop_view(name)
    figures.append(f"requests on {name:<12} {len(view['requests']):3d}, off the site: {len(view['offsite'])}")
    assert view["requests"], "nothing was recorded"
    assert not view["offsite"], f"{name}: requests to other hosts: {view['offsite']}"
