"""A reader's path: home → the year's OIT index → an item page → its evidence file."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .conftest import ITEM, OIT_INDEX


def _path(url: str) -> str:
    return urlsplit(url).path


def test_home_to_oit_index_to_item_to_evidence_file(visit):
    v = visit()
    page = v.page
    v.goto("", wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "th"

    # home → OIT index, by the link in the page's own content
    page.locator(f'article a[href="{OIT_INDEX}"]').first.click()
    page.wait_for_url("**/" + OIT_INDEX)
    assert page.locator("h1").first.inner_text().strip()
    assert _path(page.url) == "/" + OIT_INDEX

    # OIT index → item O1
    page.locator('article a[href="o1/"]').first.click()
    page.wait_for_url("**/" + ITEM)
    assert "O1" in page.locator("h1").first.inner_text()

    # item → its evidence: every file link under #evidence answers 200 with the file
    links = page.locator('article .oit-evidence a[href*="files/"]')
    assert links.count() >= 1, "the O1 page links no evidence file"
    hrefs = [urljoin(page.url, links.nth(i).get_attribute("href")) for i in range(links.count())]
    pdfs = [h for h in hrefs if h.endswith(".pdf")]
    assert pdfs, f"no PDF among the O1 evidence links: {hrefs}"
    for href in hrefs:
        assert _path(href).startswith("/files/"), href
        response = page.request.get(href)
        assert response.status == 200, (href, response.status)
        if href.endswith(".pdf"):
            assert response.body().startswith(b"%PDF"), href
            assert response.headers["content-type"].startswith("application/pdf")

    # the reader clicks the first PDF: it loads (Chromium shows it) with 200
    with page.expect_response(lambda r: r.url == pdfs[0]) as response_info:
        page.locator('article .oit-evidence a[href$=".pdf"]').first.click()
    assert response_info.value.status == 200
    page.wait_for_url(pdfs[0])


def test_every_evidence_file_on_the_oit_index_is_served(visit):
    """Each local evidence link of the 2569 OIT index answers 200 (no broken file link)."""
    v = visit()
    v.goto(OIT_INDEX, wait_until="load")
    hrefs = v.page.eval_on_selector_all("article a[href]", "as => as.map(a => a.href)")
    local = sorted({h for h in hrefs if urlsplit(h).netloc == v.host and "/files/" in h})
    assert len(local) >= 20, local
    for href in local:
        response = v.page.request.head(href)
        assert response.status == 200, href
