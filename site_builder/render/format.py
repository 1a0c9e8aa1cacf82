"""How the site prints values: Thai or Arabic digits (scores, sizes and Buddhist-Era dates
are ``site_builder/formatting.py``'s, shared with check, links and publish).

Pages are written with Arabic digits; :func:`localize_digits` turns the text of a
finished HTML page into the agency's choice in one pass, so no template can forget
a number. Identifiers stay as they are: item codes (``O19``, ``EIT2``), URLs,
attributes, code and scripts.
"""

from __future__ import annotations

import re
from typing import Literal

from ..formatting import change, file_size, score, thai_date

__all__ = ["DigitStyle", "change", "file_size", "localize_digits", "localize_text", "score", "thai_date"]

DigitStyle = Literal["arabic", "thai"]

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


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
