"""How the site prints values: scores, dates in the Buddhist Era, Thai or Arabic digits.

Pages are written with Arabic digits; :func:`localize_digits` turns the text of a
finished HTML page into the agency's choice in one pass, so no template can forget
a number. Identifiers stay as they are: item codes (``O19``, ``EIT2``), URLs,
attributes, code and scripts.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from pythainlp.util import thai_strftime

DigitStyle = Literal["arabic", "thai"]

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def score(value: Decimal | None) -> str:
    """``97.6`` → ``"97.60"``: ITA scores are announced with two decimals."""
    if value is None:
        return "–"
    return f"{value.quantize(Decimal('0.01')):,.2f}"


def change(value: Decimal | None) -> str:
    """A signed difference between two scores: ``+1.25``, ``-0.40``, ``0.00``."""
    if value is None:
        return ""
    text = score(abs(value))
    return ("+" if value > 0 else "-" if value < 0 else "±") + text


def file_size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def thai_date(value: dt.date | None, long: bool = False) -> str:
    """A date in the Buddhist Era: ``10 ม.ค. 2569`` (``10 มกราคม 2569`` when ``long``)."""
    if value is None:
        return ""
    moment = dt.datetime(value.year, value.month, value.day)
    return thai_strftime(moment, "%-d %B %Y" if long else "%-d %b %Y")


# A whole URL, an HTML entity, or a word that starts with Latin letters (O19, EIT2,
# A4) is kept; any other digit is translated.
_TOKEN = re.compile(r"https?://[^\s<]+|&#?[0-9A-Za-z]+;|[A-Za-z][A-Za-z0-9]*|[0-9]+")
# Tags whose content is not prose: code, scripts, styles.
_VERBATIM = re.compile(r"(<(script|style|code|pre|kbd|samp)\b[^>]*>.*?</\2\s*>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")


def _thai_text(text: str) -> str:
    return _TOKEN.sub(lambda m: m.group(0).translate(_THAI_DIGITS) if m.group(0)[0].isdigit() else m.group(0),
                      text)


def localize_digits(page_html: str, style: DigitStyle) -> str:
    """The page with every number in its text written in ``style`` digits."""
    if style != "thai":
        return page_html
    out: list[str] = []
    for i, chunk in enumerate(_VERBATIM.split(page_html)):
        # split() with two groups yields: text, whole verbatim element, tag name, text, …
        if i % 3 == 1:
            out.append(chunk)
        elif i % 3 == 0:
            out.append("".join(part if part.startswith("<") else _thai_text(part)
                               for part in _TAG.split(chunk)))
    return "".join(out)


def localize_text(text: str, style: DigitStyle) -> str:
    """Plain text (a title, a label) in ``style`` digits."""
    return _thai_text(text) if style == "thai" else text
