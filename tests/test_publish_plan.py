"""The publish plan and manifest (pure): ownership, order, resume, and the target URL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from site_builder.publish.manifest import (
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_ENTRIES,
    FileEntry,
    LocalFile,
    Manifest,
    ManifestError,
    claim,
    dirs_to_prune,
    dump_manifest,
    parse_manifest,
    paths_to_probe,
    plan_publish,
    record_dirs,
    record_removed,
    record_uploaded,
)
from site_builder.publish.targets import TargetError, _parse_list, parse_target

NOW = dt.datetime(2026, 11, 22, 4, 0, tzinfo=dt.UTC)


def local(*specs: tuple[str, str]) -> dict[str, LocalFile]:
    return {path: LocalFile(path, digest, len(digest)) for path, digest in specs}


def entry(digest: str) -> FileEntry:
    return FileEntry(digest, len(digest))


def test_each_file_is_new_changed_unchanged_resumed_or_a_conflict() -> None:
    site = local(("a.css", "1"), ("b.html", "2"), ("c.html", "3"), ("d.js", "4"), ("e.html", "5"))
    manifest = Manifest(files={"a.css": entry("1"), "b.html": entry("old"), "gone.html": entry("9")},
                        pending=frozenset({"c.html", "half.pdf"}))
    assert paths_to_probe(site, manifest) == ["d.js", "e.html"]
    plan = plan_publish(site, manifest, present={"e.html"})
    assert [f.path for f in plan.unchanged] == ["a.css"]
    assert dict(plan.reasons) == {"b.html": "changed", "c.html": "resume", "d.js": "new"}
    assert [f.path for f in plan.conflicts] == ["e.html"]  # on the target, not ours: left alone
    assert plan.removals == ("gone.html", "half.pdf")  # ours (even half-done) and no longer built
    adopted = plan_publish(site, manifest, present={"e.html"}, adopt=True)
    assert adopted.reasons["e.html"] == "adopt" and not adopted.conflicts


def test_assets_go_up_before_pages_and_the_home_page_last() -> None:
    site = local(("index.html", "1"), ("2569/index.html", "2"), ("sitemap.xml", "3"),
                 ("assets/oit.css", "4"), ("files/2569/o1.pdf", "5"), ("2569/data/scores.csv", "6"))
    order = [f.path for f in plan_publish(site, Manifest(), present=set()).uploads]
    assert order == ["2569/data/scores.csv", "assets/oit.css", "files/2569/o1.pdf",
                     "2569/index.html", "sitemap.xml", "index.html"]


def test_manifest_updates_keep_ownership_until_the_work_is_confirmed() -> None:
    manifest = Manifest(files={"a.html": entry("1"), "b.html": entry("2")})
    claimed = claim(manifest, ["a.html", "c.html", "b.html"])
    assert set(claimed.files) == set() and claimed.pending == {"a.html", "b.html", "c.html"}
    done = record_uploaded(claimed, [LocalFile("a.html", "7", 1)])
    assert done.files == {"a.html": FileEntry("7", 1)} and done.pending == {"b.html", "c.html"}
    removed = record_removed(done, ["b.html"])
    assert removed.owned == {"a.html", "c.html"}


def test_only_folders_oit_created_and_emptied_are_pruned_deepest_first() -> None:
    manifest = record_dirs(Manifest(files={"2569/index.html": entry("1")}),
                           created=["2566", "2566/oit", "2566/oit/o1", "2569"])
    assert dirs_to_prune(manifest) == ["2566/oit/o1", "2566/oit", "2566"]
    assert dirs_to_prune(record_dirs(manifest, removed=["2566/oit/o1"])) == ["2566/oit", "2566"]


def test_manifest_round_trip_and_refusals() -> None:
    manifest = Manifest(files={"a b/ก.html": entry("1")}, pending=frozenset({"x.css"}), dirs=frozenset({"a b"}))
    assert parse_manifest(dump_manifest(manifest, "oit test", NOW)) == manifest
    for hostile in ("../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "./a"):
        with pytest.raises(ManifestError):
            parse_manifest(dump_manifest(Manifest(pending=frozenset({hostile})), "oit", NOW))
    for broken in (b"{", b"[]", b'{"format": "other"}', b'{"format": "oit-publish", "version": 99}',
                   b'{"format": "oit-publish", "version": 1, "files": {"a": {"size": 1}}}', b"\xff"):
        with pytest.raises(ManifestError):
            parse_manifest(broken)


@pytest.mark.parametrize(("text", "scheme", "host", "port", "user", "path"), [
    ("/var/www/ita", "folder", None, None, None, "/var/www/ita"),
    ("site-copy", "folder", None, None, None, "site-copy"),
    ("file:///srv/www/ita", "folder", None, None, None, "/srv/www/ita"),
    (r"C:\inetpub\wwwroot", "folder", None, None, None, r"C:\inetpub\wwwroot"),
    ("ftp://webmaster@ftp.example.go.th/public_html/ita/", "ftp", "ftp.example.go.th", None, "webmaster",
     "public_html/ita"),
    ("ftps://a%40b@host:2121/", "ftps", "host", 2121, "a@b", ""),
    ("sftp://deploy@host//var/www/ita", "sftp", "host", None, "deploy", "/var/www/ita"),
    ("ftp://host/%2Fvar/www", "ftp", "host", None, None, "/var/www"),
])
def test_target_addresses(text: str, scheme: str, host: str | None, port: int | None, user: str | None,
                          path: str) -> None:
    spec = parse_target(text)
    assert (spec.scheme, spec.host, spec.port, spec.user, spec.path) == (scheme, host, port, user, path)


@pytest.mark.parametrize("text", ["ftp://user:secret@host/ita", "http://host/ita", "ftp:///ita",
                                  "sftp://host:99999/x", "ftp:/u:secret@h", "ftps//u:secret@h/ita", "ftp:host/ita",
                                  "ftp:\\\\host\\ita", "SFTP//host/ita", "ftp://u:secret@h:99999/x"])
def test_target_addresses_refused(text: str) -> None:
    with pytest.raises(TargetError) as refused:
        parse_target(text)
    assert "secret" not in str(refused.value)


def test_a_link_or_folder_in_the_way_is_blocked_even_when_adopting() -> None:
    site = local(("a.html", "1"), ("b.html", "2"), ("c/d.html", "3"))
    manifest = Manifest(files={"a.html": entry("old"), "gone.html": entry("9")})
    plan = plan_publish(site, manifest, present={"b.html"}, adopt=True, blocked={"a.html", "b.html", "gone.html"})
    assert [f.path for f in plan.uploads] == ["c/d.html"]
    assert plan.removals == () and plan.blocked == ("a.html", "b.html", "gone.html")
    assert not plan.conflicts


def test_a_manifest_entry_with_a_control_character_is_skipped_not_fatal() -> None:
    data = dump_manifest(Manifest(files={"a.html": entry("1"), "b\r\nDELE x": entry("2")},
                                  pending=frozenset({"c\n.html", "d.html"}), dirs=frozenset({"e\tf"})), "oit", NOW)
    manifest = parse_manifest(data)
    assert set(manifest.files) == {"a.html"} and manifest.pending == {"d.html"} and manifest.dirs == frozenset()
    assert manifest.skipped == ("b\r\nDELE x", "c\n.html", "e\tf")


def test_manifest_size_limits() -> None:
    with pytest.raises(ManifestError, match="ใหญ่ผิดปกติ"):
        parse_manifest(b" " * (MAX_MANIFEST_BYTES + 1))
    many = {"format": "oit-publish", "version": 1, "dirs": [f"d{i}" for i in range(MAX_MANIFEST_ENTRIES + 1)]}
    with pytest.raises(ManifestError, match="มากผิดปกติ"):
        parse_manifest(json.dumps(many).encode())


@pytest.mark.parametrize(("lines", "expected"), [
    (["total 8", "drwxr-xr-x    2 1001     1001         4096 Nov 30 11:00 2566",
      "-rw-r--r--    1 1001     1001           12 Nov 30  2025 ไฟล์ มี ช่องว่าง.html",
      "lrwxrwxrwx    1 1001     1001            9 Nov 30 11:00 evil -> ../outside"],
     {"2566": "dir", "ไฟล์ มี ช่องว่าง.html": "file", "evil": "link"}),
    (["11-30-26  11:00AM       <DIR>          assets", "11-30-26  11:00AM                 12 index.html"],
     {"assets": "dir", "index.html": "file"}),
    (["something a server made up"], None),
])
def test_ftp_list_answers(lines: list[str], expected: dict[str, str] | None) -> None:
    assert _parse_list(lines) == expected
