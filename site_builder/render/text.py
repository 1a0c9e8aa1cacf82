"""Text from the data, made safe for the page.

Nothing an agency types can execute: raw HTML is escaped before Markdown sees it,
and the HTML Markdown makes is sanitised again (nh3) so a ``javascript:`` link or
an ``onerror=`` attribute cannot slip through.
"""

from __future__ import annotations

import functools
import html

import markdown
import nh3

_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "code", "blockquote",
                 "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "sub", "sup"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto", "tel"}

_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def escape(text: object) -> str:
    """Plain text for HTML (element content or a quoted attribute)."""
    return html.escape(str(text if text is not None else ""), quote=True)


def inline(text: object) -> str:
    """One-line text for a Markdown line: HTML escaped, Markdown specials too."""
    escaped = escape(text)
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def rich(text: object) -> str:
    """A Markdown field (introduction, analysis, note) as sanitised HTML."""
    return _rich(str(text or "").strip())


@functools.lru_cache(maxsize=4096)  # an analysis text is shown on three pages
def _rich(source: str) -> str:
    if not source:
        return ""
    # Escaping first turns any HTML the officer pasted into visible, inert text.
    rendered = _MARKDOWN.reset().convert(source.replace("<", "&lt;"))
    return nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def lines(text: object) -> str:
    """Short free text (a period, a step) as escaped HTML, keeping its line breaks."""
    return "<br>".join(escape(line.strip()) for line in str(text or "").strip().splitlines() if line.strip())
