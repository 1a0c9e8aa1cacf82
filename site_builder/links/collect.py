"""What to check, and where each link was written (data file and line, or site page).

- the data: every ``url:``/``file:`` of every year's ``oit.yml``, the links of
  ``progress`` in ``measures.yml``, the agency's ``website``;
- the built site: every link and asset of every page (local ones are checked on disk,
  with ``#fragments`` against the ids of the target page), CSS ``url()`` assets;
- ``content/*.md``: the external links the agency wrote by hand.

Local addresses are written from the site root (``/2569/oit/o1/#evidence``,
``/files/2569/o1.pdf``), the way the site serves them; a data ``file:`` becomes the
address the site gives it, so the item pages and the data share one result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from ..audit import file_address
from .extract import css_urls, markdown_urls, parse_html

SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "about:", "blob:", "sms:", "line:", "ftp:")


@dataclass(frozen=True)
class Source:
    """Where a link was written: a data/content file and line, or a page of the site."""

    file: str | None = None   # relative to the project, e.g. "data/2569/oit.yml"
    page: str | None = None   # site address, e.g. "/2569/oit/o1/"
    line: int | None = None
    year: int | None = None   # data links of a year
    item: str | None = None   # the OIT item whose evidence this is, e.g. "O1"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in ("file", "page", "line", "year", "item"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        return cls(**{k: data.get(k) for k in ("file", "page", "line", "year", "item")})

    def label(self) -> str:
        where = self.file or self.page or "?"
        return f"{where}:{self.line}" if self.line else where


@dataclass(frozen=True)
class Target:
    url: str                          # absolute http(s) URL, or a site address for local files
    sources: tuple[Source, ...] = ()
    root: Path | None = None          # local: the folder the address is resolved in (site or content/)

    @property
    def local(self) -> bool:
        return self.root is not None


def merge(targets: Iterable[Target]) -> list[Target]:
    """One target per URL (first seen order), with every place it was written."""
    merged: dict[str, Target] = {}
    for target in targets:
        known = merged.get(target.url)
        if known is None:
            merged[target.url] = target
        else:
            extra = tuple(s for s in target.sources if s not in known.sources)
            merged[target.url] = Target(known.url, known.sources + extra, known.root or target.root)
    return list(merged.values())


def is_checked(url: str) -> bool:
    """False for empty links, a bare ``#`` and schemes that are not fetched (mailto:, tel: …)."""
    lowered = url.strip().lower()
    return lowered not in ("", "#") and not lowered.startswith(SKIPPED_SCHEMES)


# --- the data -----------------------------------------------------------------------


def link_key(url: str | None, file: str | None) -> str:
    """The URL a data link is checked at: the URL as written (its password too), or the
    site address of a ``file:``. Once stored (``verdicts.public``) it is ``audit.audit_key``."""
    return url.strip() if url is not None else file_address(str(file))


def from_project(project: Any, site_dir: Path | None = None) -> list[Target]:
    """Every link of the data (``project`` is a :class:`site_builder.model.Project`)."""
    local_root = site_dir if site_dir is not None and site_dir.is_dir() else project.content_dir
    targets: list[Target] = []

    def add(link: Any, source: Source) -> None:
        key = link_key(link.url, link.file)
        if link.url is not None:
            if is_checked(key):
                targets.append(Target(key, (source,)))
        else:
            targets.append(Target(key, (source,), local_root))

    if project.agency is not None and project.agency.website:
        targets.append(Target(project.agency.website.strip(),
                              (Source(file=project.agency.source.relpath, line=project.agency.line("website")),)))
    for year, data in sorted(project.years.items()):
        if data.oit is not None:
            file = data.oit.source.relpath
            for code, evidence in data.oit.items.items():
                for i, link in enumerate(evidence.links):
                    add(link, Source(file=file, line=data.oit.line("items", code, "links", i), year=year, item=code))
        if data.measures is not None:
            file = data.measures.source.relpath
            for m, measure in enumerate(data.measures.measures):
                for p, progress in enumerate(measure.progress):
                    for i, link in enumerate(progress.links):
                        add(link, Source(file=file, line=data.measures.line("measures", m, "progress", p, "links", i),
                                         year=year))
    return targets


# --- the built site ----------------------------------------------------------------


def page_address(path: Path, site_dir: Path) -> str:
    """``site/2569/oit/o1/index.html`` → ``/2569/oit/o1/``."""
    relative = path.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def site_base(site_dir: Path) -> str | None:
    """The public URL of the site, from the home page's canonical link (when ``site_url`` is set)."""
    home = site_dir / "index.html"
    if not home.is_file():
        return None
    canonical = parse_html(home.read_text(encoding="utf-8", errors="replace")).canonical
    if not canonical or not canonical.startswith(("http://", "https://")):
        return None
    canonical = canonical.split("#")[0].split("?")[0]
    return canonical if canonical.endswith("/") else canonical.rsplit("/", 1)[0] + "/"


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
SITE_ORIGIN = "https://site.invalid"   # stands for the site's own host while resolving its pages' links


def scheme_of(url: str) -> str:
    """The scheme as written (lower case), or "" for a relative address; never raises."""
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""


def is_web_or_file(url: str) -> bool:
    """Links that get a verdict: http(s), and ``file:``/``C:\\`` ones (the officer's own disk)."""
    scheme = scheme_of(url)
    return scheme in ("http", "https", "file") or len(scheme) == 1


def _remove_dots(path: str) -> str:
    """RFC 3986 §5.2.4, keeping empty segments: ``/a//b/../c`` → ``/a//c`` (what a browser requests)."""
    parts = path.split("/")
    out: list[str] = []
    for i, segment in enumerate(parts):
        last = i == len(parts) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def resolve(base: str, reference: str) -> str:
    """``reference`` resolved against the absolute ``base`` (RFC 3986 §5.2, as browsers do).

    Unlike ``urllib.parse.urljoin`` it keeps empty path segments: ``a//b.pdf`` is requested
    as written. Raises ValueError on a malformed address (``http://[x``)."""
    ref, here = urlsplit(reference), urlsplit(base)
    head = reference.split("#", 1)[0]
    if ref.scheme:
        return urlunsplit((ref.scheme, ref.netloc, _remove_dots(ref.path), ref.query, ref.fragment))
    if reference.startswith("//"):
        return urlunsplit((here.scheme, ref.netloc, _remove_dots(ref.path), ref.query, ref.fragment))
    if not ref.path:
        query = ref.query if "?" in head else here.query
        return urlunsplit((here.scheme, here.netloc, here.path, query, ref.fragment))
    if ref.path.startswith("/"):
        path = ref.path
    else:
        directory = here.path[: here.path.rfind("/") + 1] if here.path else "/"
        path = directory + ref.path
    return urlunsplit((here.scheme, here.netloc, _remove_dots(path), ref.query, ref.fragment))


def web_address(page_url: str, base_href: str | None, url: str) -> str | None:
    """A link of the page at ``page_url`` as the absolute address a browser follows, or None
    when it is not followed (mailto: …). A malformed link is returned as written (checked, broken).

    Tabs and line breaks inside the address are dropped, as browsers do (WHATWG URL parser)."""
    url = _TAB_OR_NEWLINE.sub("", url.strip())
    if scheme_of(url):
        return url if is_web_or_file(url) else None
    here = page_url
    if base_href:
        try:
            here = resolve(page_url, base_href.strip())
        except ValueError:  # a malformed <base>: browsers keep the page's own address
            pass
    try:
        return resolve(here, url)
    except ValueError:
        return url


def _site_link(url: str, page: str, base_href: str | None, base_url: str | None) -> tuple[str, bool] | None:
    """(address, local) of a link of a site page: a site address checked on disk, or a URL."""
    absolute = web_address(SITE_ORIGIN + page, base_href, url)
    if absolute is None:
        return None
    if absolute.startswith(SITE_ORIGIN + "/"):
        return absolute[len(SITE_ORIGIN):], True
    if base_url and absolute.startswith(base_url):
        return "/" + absolute[len(base_url):], True
    if absolute.startswith(SITE_ORIGIN):  # resolved nowhere else: a malformed link, as written
        return url.strip(), False
    return absolute, False


def from_site(site_dir: Path) -> list[Target]:
    """Every link and asset of the built site: local ones resolved on disk, the others by HTTP."""
    base_url = site_base(site_dir)
    targets: list[Target] = []

    def add(url: str, source: Source, page: str, base_href: str | None, fragment: bool = True) -> None:
        if not is_checked(url):
            return
        found = _site_link(url, page, base_href, base_url)
        if found is None:
            return
        address, local = found
        if local:
            targets.append(Target(address if fragment else address.split("#")[0], (source,), site_dir))
        else:
            targets.append(Target(address, (source,)))

    for path in sorted(site_dir.rglob("*.html")):
        page = page_address(path, site_dir)
        parsed = parse_html(path.read_text(encoding="utf-8", errors="replace"))
        for link in parsed.links:
            add(link.url, Source(page=page, line=link.line), page, parsed.base)
    for path in sorted(site_dir.rglob("*.css")):
        page = page_address(path, site_dir)
        for url, line in css_urls(path.read_text(encoding="utf-8", errors="replace")):
            if not url.startswith("#"):  # an SVG filter reference, not a file
                add(url, Source(page=page, line=line), page, None, fragment=False)
    return targets


def from_content(project_root: Path) -> list[Target]:
    """The external links written by hand in ``content/**/*.md``."""
    content = project_root / "content"
    targets: list[Target] = []
    if not content.is_dir():
        return targets
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(project_root).as_posix()
        for url, line in markdown_urls(path.read_text(encoding="utf-8", errors="replace")):
            targets.append(Target(url, (Source(file=relative, line=line),)))
    return targets


# --- local files ---------------------------------------------------------------------


def local_file(root: Path, address: str) -> Path | None:
    """The file a site address names under ``root`` (a folder means its index.html), or None."""
    path_part = unquote(urlsplit(address).path).lstrip("/")
    candidate = (root / path_part) if path_part else root
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@dataclass
class LocalIds:
    """The ids of local pages, read once each (for ``#fragment`` checks)."""

    cache: dict[Path, set[str]] = field(default_factory=dict)

    def of(self, path: Path) -> set[str]:
        if path not in self.cache:
            self.cache[path] = parse_html(path.read_text(encoding="utf-8", errors="replace")).ids
        return self.cache[path]
