"""Which kept copies of evidence the site offers: pure functions over ``Project.archive``.

``oit links`` keeps copies of evidence documents in ``archive/`` (``archive.py``); the
loader reads the indexes, keeping only versions whose bytes are there. The site offers,
for each ``url:`` evidence link of ``data/<year>/oit.yml``, the newest kept version at
``/archive/<sha256>/<name>`` (``archive.Version.site_path``) — never for a link or host the
agency opted out since (``archive: false``, ``skip_hosts``): a copy once kept is not
published once the agency says it must not be.
"""

from __future__ import annotations

from dataclasses import replace

from .. import archive
from ..model import ArchiveSettings, Link, Project


def _settings(project: Project) -> ArchiveSettings:
    return project.agency.archive if project.agency is not None else ArchiveSettings()


def archive_entry(project: Project, link: Link) -> archive.Entry | None:
    """The archive's index of an evidence link, unless the link is a file or opted out."""
    if link.url is None or archive.opted_out(link.url, link.archive, _settings(project).skip_hosts):
        return None
    return project.archive.get(link.audit_key)


def evidence_copy(project: Project, link: Link) -> archive.Version | None:
    """The copy the site offers for an evidence link: its newest kept version, or None."""
    entry = archive_entry(project, link)
    return entry.newest if entry is not None else None


def evidence_links(project: Project) -> list[tuple[int, str, int, Link]]:
    """Every evidence link of every year's oit.yml: (year, item code, index in its links, link)."""
    found = []
    for year, data in sorted(project.years.items()):
        for code, evidence in (data.oit.items.items() if data.oit is not None else ()):
            found += [(year, code, index, link) for index, link in enumerate(evidence.links)]
    return found


def site_copies(project: Project) -> dict[str, archive.Version]:
    """The copies the site publishes: site path (without the leading ``/``) → version."""
    copies: dict[str, archive.Version] = {}
    for _, _, _, link in evidence_links(project):
        version = evidence_copy(project, link)
        if version is not None:
            copies[version.site_path.lstrip("/")] = version
    return copies


def without_versions(project: Project, sha256s: set[str]) -> dict[str, archive.Entry]:
    """``project.archive`` without the versions of these bytes (found damaged: not published)."""
    return {url: replace(entry, versions=tuple(v for v in entry.versions if v.sha256 not in sha256s))
            for url, entry in project.archive.items()}
