"""Links, ids and visible text of one HTML page; the links of a style sheet.

Used on the pages of a built site (with line numbers, for the report) and on pages
fetched from other hosts (ids for ``#fragments``, title and text for soft-404s).

Pages are parsed as a browser parses them, by the WHATWG HTML standard's tokenizer and
tree construction (``justhtml``, pure Python, tested against the html5lib/WPT tree tests):
what is inside ``<textarea>``, ``<title>``, ``<script>``, ``<plaintext>`` or a comment
(``<!-->`` ends one) is text, not a tag; of duplicate attributes the first counts;
``&copy=`` in an attribute stays as written; NUL becomes U+FFFD. Scripting counts as
enabled, as in every browser, so ``<noscript>`` holds text (lychee and htmltest skip it
too); ``<template>`` contents, inert in a browser, are still read (markup a script will
show). Each link carries the 1-based line of its start tag, as the parser recorded it
(html5lib 1.1 records no positions; html5-parser has no wheel); an element the parser
re-created (the adoption agency's clones) is read once. Another host's page is parsed
without positions: its links are never reported, and the tree of a hostile page is a
third smaller (tests/test_links_html5.py bounds it).
CSS with ``tinycss2`` (comments, strings and ``url()`` as the CSS Syntax standard
tokenizes them); ``srcset`` with the HTML standard's algorithm. docs/links.md lists
every element and attribute read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tinycss2  # type: ignore[import-untyped]
from justhtml import Element, JustHTML, Node, Text

# Attributes of HTML elements that point at something a reader (or the browser) will fetch.
_URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "form": (),
}
# SVG elements a browser follows or loads: ``href``, else the older ``xlink:href``.
_SVG_URL_TAGS = frozenset({"a", "image"})
_BACKGROUND_TAGS = frozenset({"body", "table", "thead", "tbody", "tfoot", "tr", "td", "th"})
# <link rel=…> values that name a host or a hint, not a resource to check.
_LINK_RELS_SKIPPED = {"preconnect", "dns-prefetch", "canonical", "alternate", "search", "me", "pingback"}
# Elements whose text is not the page's visible text (template: inert until a script shows it).
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg"}
_HEADINGS = {"h1", "h2"}
_HTML = "html"
_SVG = "svg"
_SPACES = re.compile(r"\s+")
TEXT_LIMIT = 4000  # characters of visible text kept: enough to recognise a not-found page


@dataclass(frozen=True)
class PageLink:
    url: str        # as written in the attribute (entities decoded)
    line: int       # 1-based line of the tag
    tag: str


@dataclass
class Page:
    links: list[PageLink] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    title: str = ""
    headings: list[str] = field(default_factory=list)
    text: str = ""
    base: str | None = None
    canonical: str | None = None


class _Reader:
    """One walk over the parsed document in tree order, without recursion (nesting is unbounded)."""

    def __init__(self) -> None:
        self.page = Page()
        self._title: str | None = None
        self._text: list[str] = []
        self._size = 0
        self._headings: list[list[str]] = []
        self._line = 1                 # the last line seen: for an element the parser made up
        self._seen: set[int] = set()   # source offsets of the start tags with attributes read

    def read(self, root: Node) -> Page:
        # (node, its text is visible, the heading collecting its text, inside <template> contents)
        stack: list[tuple[Node | Text, bool, list[str] | None, bool]] = [(root, True, None, False)]
        while stack:
            node, visible, heading, inert = stack.pop()
            if isinstance(node, Text):
                if visible:
                    self._add_text(node.data or "", heading)
                continue
            if isinstance(node, Element):
                visible, heading = self._element(node, visible, heading, inert)
                if node.template_content is not None:
                    stack.append((node.template_content, False, None, True))
            stack.extend((child, visible, heading, inert) for child in reversed(node.children or ()))
        self.page.title = _SPACES.sub(" ", self._title or "").strip()
        self.page.text = _SPACES.sub(" ", " ".join(self._text)).strip()[:TEXT_LIMIT]
        headings = (_SPACES.sub(" ", "".join(parts)).strip() for parts in self._headings)
        self.page.headings = [text for text in headings if text]
        return self.page

    def _element(self, node: Element, visible: bool, heading: list[str] | None,
                 inert: bool) -> tuple[bool, list[str] | None]:
        """Read one element; say what its children's text counts for."""
        name, html = node.name, node.namespace in (None, _HTML)
        if node.origin_line is not None:
            self._line = node.origin_line
        values = {key: value for key, value in node.attrs.items() if value is not None}
        clone = bool(values) and self._is_clone(node.origin_offset)
        if values and not clone:
            self._note_page(name, values, html, inert)
            if html and not (name == "link" and _rels(values) & _LINK_RELS_SKIPPED):
                self._add_urls(name, values, self._line)
            elif node.namespace == _SVG and name in _SVG_URL_TAGS:
                self._add(values.get("href") or values.get("xlink:href"), self._line, name)
            if values.get("style"):
                for url, _ in css_urls(values["style"], declarations=True):
                    self._add(url, self._line, name)
        if name == "style":
            self._style(node)
        if name in _SKIPPED_TAGS:
            return False, None
        if html and name == "title":
            if self._title is None and not inert:  # the document's title is its first <title>
                self._title = "".join(child.data or "" for child in node.children if isinstance(child, Text))
            return False, None
        if html and name in _HEADINGS and visible:
            self._headings.append([])
            return visible, self._headings[-1]
        return visible, heading

    def _is_clone(self, offset: int | None) -> bool:
        """Whether this element's start tag was read already: a formatting element the parser
        re-opened (``<p><a href=x>1</p><p>2`` puts an ``a`` in both paragraphs, from one tag)."""
        if offset is None:
            return False
        seen = offset in self._seen
        self._seen.add(offset)
        return seen

    def _note_page(self, tag: str, values: dict[str, str], html: bool, inert: bool) -> None:
        """What the page says about itself: its ids (fragments), <base>, its canonical address."""
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        if not html or inert:
            return
        if tag == "base" and values.get("href") and self.page.base is None:
            self.page.base = values["href"].strip()
        if tag == "link" and "canonical" in _rels(values) and values.get("href"):
            self.page.canonical = values["href"].strip()

    def _add_urls(self, tag: str, values: dict[str, str], line: int) -> None:
        """Every address this HTML element makes a browser load or follow."""
        for name in _URL_ATTRS.get(tag, ()):
            self._add(values.get(name), line, tag)
        if tag == "input" and (values.get("type") or "").strip().lower() == "image":
            self._add(values.get("src"), line, tag)
        srcset = values.get("imagesrcset") if tag == "link" else values.get("srcset")
        if tag in ("img", "source", "link") and srcset:
            for url in srcset_urls(srcset):
                self._add(url, line, tag)
        if tag in _BACKGROUND_TAGS:  # obsolete, still loaded by every browser (and common on older sites)
            self._add(values.get("background"), line, tag)
        if tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
            self._add(refresh_url(values.get("content") or ""), line, tag)

    def _style(self, node: Element) -> None:
        """The ``url()``s of a <style> block, each on its own line of the page."""
        texts = [child for child in node.children if isinstance(child, Text)]
        if texts:
            first = texts[0].origin_line or self._line
            for url, number in css_urls("".join(child.data or "" for child in texts)):
                self._add(url, first + number - 1, "style")

    def _add(self, value: str | None, line: int, tag: str) -> None:
        if value and value.strip():
            self.page.links.append(PageLink(value.strip(), line, tag))

    def _add_text(self, data: str, heading: list[str] | None) -> None:
        if heading is not None:
            heading.append(data)
        if self._size < TEXT_LIMIT:
            self._text.append(data)
            self._size += len(data)


def _rels(values: dict[str, str]) -> set[str]:
    return set((values.get("rel") or "").lower().split())


_SRCSET_SPACE = " \t\n\x0c\r"


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset``, by the HTML standard's "parse a srcset attribute".

    A URL runs to the next whitespace (so it may contain commas); trailing commas end
    the candidate; otherwise descriptors follow, up to a comma outside parentheses.
    https://html.spec.whatwg.org/multipage/images.html#parsing-a-srcset-attribute
    """
    urls: list[str] = []
    position, end = 0, len(value)
    while True:
        while position < end and (value[position] in _SRCSET_SPACE or value[position] == ","):
            position += 1
        if position >= end:
            return urls
        start = position
        while position < end and value[position] not in _SRCSET_SPACE:
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # descriptors: up to a comma that is not inside parentheses
            depth = 0
            while position < end:
                char = value[position]
                if char == "(":
                    depth += 1
                elif char == ")" and depth:
                    depth -= 1
                elif char == "," and not depth:
                    position += 1
                    break
                position += 1
        if url:
            urls.append(url)


_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$""", re.IGNORECASE | re.DOTALL)


def refresh_url(content: str) -> str | None:
    """The URL of ``<meta http-equiv="refresh" content="5; url=next.html">`` (None: a plain reload)."""
    match = _REFRESH.match(content)
    url = match.group(1).strip() if match else ""
    if url[:1] in ("'", '"'):
        quote = url[0]
        url = url[1:].split(quote, 1)[0]
    return url or None


_URL_FUNCTIONS = {"url", "src"}
_SET_FUNCTIONS = {"image-set", "-webkit-image-set"}


def css_urls(text: str, declarations: bool = False) -> list[tuple[str, int]]:
    """The URLs a style sheet (or a ``style=""`` attribute) loads, with their 1-based lines.

    ``url()`` anywhere (comments skipped, as browsers do), the strings of ``@import``
    and of ``image-set()``."""
    found: list[tuple[str, int]] = []

    def walk(tokens: list, in_set: bool = False) -> None:
        for token in tokens or ():
            kind = token.type
            if kind == "url":
                found.append((token.value.strip(), token.source_line))
            elif kind == "function":
                name = token.lower_name
                if name in _URL_FUNCTIONS:
                    strings = [t for t in token.arguments if t.type == "string"]
                    if strings:
                        found.append((strings[0].value.strip(), strings[0].source_line))
                else:
                    walk(token.arguments, name in _SET_FUNCTIONS)
            elif kind == "string" and in_set:
                found.append((token.value.strip(), token.source_line))
            elif kind in ("() block", "[] block", "{} block"):
                walk(token.content)
            elif kind == "at-rule":
                if token.lower_at_keyword == "import":
                    first = next((t for t in token.prelude if t.type not in ("whitespace", "comment")), None)
                    if first is not None and first.type == "string":
                        found.append((first.value.strip(), first.source_line))
                walk(token.prelude)
                walk(token.content or [])
            elif kind == "qualified-rule":
                walk(token.prelude)
                walk(token.content)
            elif kind == "declaration":
                walk(token.value)

    if declarations:
        walk(tinycss2.parse_blocks_contents(text, skip_comments=True))
    else:
        walk(tinycss2.parse_stylesheet(text, skip_comments=True))
    return [(url, line) for url, line in found if url]


def parse_html(text: str, *, lines: bool = True) -> Page:
    """Links (with lines), ids, title, top headings and the start of the visible text.

    ``lines=False`` (a page of another host: its ids and text are read, never its links'
    lines) skips recording where each node came from, a third of the tree's memory."""
    document = JustHTML(text, sanitize=False, track_node_locations=lines, scripting_enabled=True)
    return _Reader().read(document.root)


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def decode_html(body: bytes, header_charset: str | None) -> str:
    """The page's text: the charset of the header, else of a ``<meta>``, else UTF-8 (then TIS-620)."""
    candidates = [header_charset] if header_charset else []
    match = _CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for charset in candidates + ["utf-8"]:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp874", "replace")


# Markdown (content/*.md): [text](url), <url> and bare http(s) URLs.
_MD_URL = re.compile(r"""\]\(\s*<?(https?://[^)\s>]+)|<(https?://[^>\s]+)>|(?<![(<\["'=])(https?://[^\s<>()"'\]]+)""")


def markdown_urls(text: str) -> list[tuple[str, int]]:
    """The external URLs of a Markdown text with their 1-based lines."""
    found: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _MD_URL.finditer(line):
            url = next(group for group in match.groups() if group)
            found.append((url.rstrip(".,;:"), number))
    return found
