"""Compile a Thai local government's ITA/OIT disclosures into a checked static website.

The pipeline, one package or module per stage, imports running one way only:
``base`` (value parsers, YAML with file:line, errors) → ``model`` (typed, immutable) → ``load``
→ ``check`` (findings) → ``render`` → ``build`` → ``links`` → ``publish`` → ``cli``
(docs/architecture.md; tests/test_layering.py keeps it so).
"""

import os
from pathlib import Path

# PyThaiNLP must never download data nor create ~/pythainlp-data: the tool runs
# offline and `oit check` writes nothing anywhere.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

__version__ = "0.1.0"


def theme_dir() -> Path:
    """The bundled mkdocs-material overrides (fonts, CSS, Thai strings).

    In an installed wheel they are the package ``site_builder.theme``; in a source
    checkout (editable install, tests) they are the repository's ``themes/``.
    """
    here = Path(__file__).resolve().parent
    bundled = here / "theme"
    return bundled if bundled.is_dir() else here.parent / "themes"
