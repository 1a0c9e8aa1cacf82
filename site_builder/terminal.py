"""Text for a terminal: display width and line wrapping that respect Thai.

A Thai word is several code points of which the vowel and tone marks take no column
(``len("ไม่ได้")`` is 6, its width is 4), and Thai writes no space between words: a
wrapper that counts code points misaligns columns, and one that breaks long "words" at
a column cuts syllables ("ไม่ไ/ด้"). Lines here break only at spaces and at the word
boundaries PyThaiNLP finds, and columns are measured in display cells.
"""

from __future__ import annotations

import re
import unicodedata

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def display_width(text: str) -> int:
    """Terminal cells: combining marks and format characters take none, East Asian wide take two."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display cells."""
    return text + " " * max(0, width - display_width(text))


def _pieces(chunk: str) -> list[str]:
    """A space-free chunk split where a line may break: between two Thai words only."""
    if not _THAI.search(chunk):
        return [chunk]
    # Imported only when a Thai chunk must be broken: most help lines fit as they are.
    from pythainlp.tokenize import word_tokenize

    pieces: list[str] = []
    for token in word_tokenize(chunk, engine="newmm", keep_whitespace=False):
        if pieces and _THAI.search(token) and _THAI.search(pieces[-1][-1]):
            pieces.append(token)
        elif pieces:
            pieces[-1] += token  # punctuation, digits, Latin: glued to the word before
        else:
            pieces.append(token)
    return pieces or [chunk]


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
         split_thai: bool = True) -> list[str]:
    """One paragraph as lines of at most ``width`` cells where possible; a word is never cut.

    ``split_thai=False`` breaks at spaces only (a usage line: ``[โฟลเดอร์โครงการ]`` stays whole).
    """
    lines: list[str] = []
    line, line_width = initial_indent, display_width(initial_indent)
    fresh = True  # nothing but the indent on the line yet

    def flush() -> None:
        nonlocal line, line_width, fresh
        lines.append(line.rstrip())
        line, line_width, fresh = subsequent_indent, display_width(subsequent_indent), True

    for chunk in text.split():
        chunk_width = display_width(chunk)
        space = 0 if fresh else 1
        if line_width + space + chunk_width <= width:
            line += " " * space + chunk
            line_width += space + chunk_width
            fresh = False
            continue
        pieces = _pieces(chunk) if split_thai else [chunk]
        for index, piece in enumerate(pieces):
            piece_width = display_width(piece)
            space = 0 if fresh else (1 if index == 0 else 0)
            if not fresh and line_width + space + piece_width > width:
                flush()
                space = 0
            line += " " * space + piece
            line_width += space + piece_width
            fresh = False
    if not fresh or not lines:
        lines.append(line.rstrip())
    return lines


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Paragraphs (separated by a blank line) wrapped with :func:`wrap`; a ``\\b`` block is kept as is."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        body = paragraph.splitlines()
        if body and body[0].strip() == "\b":
            out.append("\n".join(indent + line for line in body[1:]))
        else:
            out.append("\n".join(wrap(" ".join(body), width, indent, indent)))
    return "\n\n".join(out)

