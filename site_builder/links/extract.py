"""Links, ids and visible text of one HTML page (stdlib parser: no runtime dependency).

Used on the pages of a built site (with line numbers, for the report) and on pages
fetched from other hosts (ids for ``#fragments``, title and text for soft-404s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Attributes that point at something a reader (or the browser) will fetch.
_URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "form": (),
}
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        line = self.getpos()[0]
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
            if rels & _LINK_RELS_SKIPPED:
                return
        for name in _URL_ATTRS.get(tag, ()):
            value = values.get(name)
            if value and value.strip():
                self.page.links.append(PageLink(value.strip(), line, tag))
        if tag in ("img", "source") and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.page.links.append(PageLink(url, line, tag))
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _HEADINGS:
            self._heading = []
            self._heading_depth = 1

    def handle_endtag(self, tag: str) -> None:
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
