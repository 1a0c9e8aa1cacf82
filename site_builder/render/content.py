"""Hand-written pages (``content/**/*.md``) made safe for readers' browsers.

``content/`` is edited by the same officers as ``data/``, so its HTML is sanitised as
data text is (``text.py``), with a wider allowlist: what Markdown, its usual extensions
and the theme produce (headings with their anchors, tables, images, code, ``details``,
admonitions, footnotes, task lists, tabs). Scripts, event handlers, ``javascript:``
links, forms, styles beyond alignment and size, and iframes from hosts the agency did
not list are removed; their text stays. An agency may turn this off in ``mkdocs.yml``
(``sanitize_content: false``), deliberately.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe",
    "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style"},
    "a": {"href", "target", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading", "referrerpolicy"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "div": {"data-tabs"},
    "time": {"datetime"},
    "abbr": {"title"},
    "label": {"for"},
    "input": {"type", "checked", "disabled", "name"},  # task lists (checkbox) and tabs (radio)
}
_STYLES = {"text-align", "width", "height", "max-width", "vertical-align"}
_SCHEMES = {"http", "https", "mailto", "tel"}
_INPUT_TYPES = {"checkbox", "radio"}
# The theme finds its parts by id (``#__config`` holds its settings, ``#__drawer``…):
# no look-alikes, except the ids Markdown's tabs and code annotations give.
_THEME_IDS = ("__", "md-", "oit-")
_CONTENT_IDS = ("__tabbed_", "__code_")
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL | re.IGNORECASE)


def _host(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return (parts.hostname or "").lower() if parts.scheme.lower() == "https" else ""


def sanitize(html: str, iframe_hosts: Iterable[str] = ()) -> str:
    """The page's content HTML with only what the allowlist keeps.

    An iframe stays only when its ``src`` is ``https://`` on one of ``iframe_hosts``.
    """
    hosts = {host.strip().lower() for host in iframe_hosts if host.strip()}

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            return value if _host(value) in hosts else None
        if tag == "input" and attribute == "type":
            return value if value.lower() in _INPUT_TYPES else None
        if attribute == "id" and value.startswith(_THEME_IDS) and not value.startswith(_CONTENT_IDS):
            return None
        return value

    cleaned = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                        attribute_filter=keep, filter_style_properties=_STYLES,
                        clean_content_tags={"script", "style"}, strip_comments=True,
                        link_rel="noopener noreferrer")
    return _EMPTY_IFRAME.sub("", cleaned)  # an iframe refused its source would be an empty box


def escape_meta(value: object) -> object:
    """A front matter value as the theme may print it: strings HTML-escaped, lists and maps within."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    return value
