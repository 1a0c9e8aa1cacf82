"""Links, ids and visible text of one HTML page; the links of a style sheet.

Used on the pages of a built site (with line numbers, for the report) and on pages
fetched from other hosts (ids for ``#fragments``, title and text for soft-404s).

Pages are read with the standard library's HTML tokenizer (it never raises on bad
markup and gives each tag's line); CSS with ``tinycss2`` (comments, strings and
``url()`` as the CSS Syntax standard tokenizes them); ``srcset`` with the HTML
standard's algorithm. docs/links.md lists every element and attribute read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import tinycss2  # type: ignore[import-untyped]

# Attributes that point at something a reader (or the browser) will fetch.
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
_BACKGROUND_TAGS = frozenset({"body", "table", "thead", "tbody", "tfoot", "tr", "td", "th"})
# <link rel=…> values that name a host or a hint, not a resource to check.
_LINK_RELS_SKIPPED = {"preconnect", "dns-prefetch", "canonical", "alternate", "search", "me", "pingback"}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg"}
_HEADINGS = {"h1", "h2"}
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


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0
        self._in_title = False
        self._heading: list[str] | None = None
        self._heading_depth = 0
        self._text: list[str] = []
        self._size = 0
        self._style: tuple[int, list[str]] | None = None   # a <style> block: its first line, its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        line = self.getpos()[0]
        self._note_page(tag, values)
        if not (tag == "link" and set((values.get("rel") or "").lower().split()) & _LINK_RELS_SKIPPED):
            self._add_urls(tag, values, line)
        self._enter(tag, line)

    def _note_page(self, tag: str, values: dict[str, str]) -> None:
        """What the page says about itself: its ids (fragments), <base>, its canonical address."""
        for name in ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        if tag == "base" and values.get("href") and self.page.base is None:
            self.page.base = values["href"].strip()
        if tag == "link":
            rels = set((values.get("rel") or "").lower().split())
            if "canonical" in rels and values.get("href"):
                self.page.canonical = values["href"].strip()

    def _add_urls(self, tag: str, values: dict[str, str], line: int) -> None:
        """Every address this tag makes a browser load or follow."""
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
        if values.get("style"):
            for url, _ in css_urls(values["style"], declarations=True):
                self._add(url, line, tag)

    def _enter(self, tag: str, line: int) -> None:
        if tag == "style":
            self._style = (line, [])
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self._heading = []
            self._heading_depth = 1

    def _add(self, value: str | None, line: int, tag: str) -> None:
        if value and value.strip():
            self.page.links.append(PageLink(value.strip(), line, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            first, parts = self._style
            self._style = None
            for url, number in css_urls("".join(parts)):
                self._add(url, first + number - 1, tag)
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in _HEADINGS and self._heading is not None:
            text = _SPACES.sub(" ", "".join(self._heading)).strip()
            if text:
                self.page.headings.append(text)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style[1].append(data)
            return
        if self._in_title:
            self.page.title += data
            return
        if self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._size < TEXT_LIMIT:
            self._text.append(data)
            self._size += len(data)

    def close(self) -> None:
        super().close()
        self.page.title = _SPACES.sub(" ", self.page.title).strip()
        self.page.text = _SPACES.sub(" ", " ".join(self._text)).strip()[:TEXT_LIMIT]


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


def parse_html(text: str) -> Page:
    """Links (with lines), ids, title, top headings and the start of the visible text."""
    parser = _Parser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # a broken page still yields what was read before the fault
        pass
    return parser.page


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
