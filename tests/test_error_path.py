"""One error path: every "cannot run" error is an OitError; the CLI maps it, and bugs, in one place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from site_builder import cli
from site_builder.base.errors import OitError
from site_builder.build import BuildRefused
from site_builder.links import AuditOptions, CheckOptions, LinksError, NoNetwork, RetryPolicy
from site_builder.load import ProjectError
from site_builder.publish import PublishError
from site_builder.publish.targets import AuthError, TargetError
from site_builder.scaffold import ScaffoldError
from site_builder.serve import ServeError


@pytest.mark.parametrize("error", [ProjectError, BuildRefused, PublishError, TargetError, AuthError, LinksError,
                                   NoNetwork, ScaffoldError, ServeError])
def test_every_cannot_run_error_is_an_oit_error_with_status_2(error: type[Exception]) -> None:
    assert issubclass(error, OitError)
    assert error.exit_status == 2  # type: ignore[attr-defined]


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli.main, list(args))


def test_a_cannot_run_error_is_one_thai_line_and_status_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.output.strip() == f"oit: ไม่พบโฟลเดอร์ {tmp_path / 'nowhere'}"


def _bug(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug of ours")


def test_a_bug_is_said_plainly_and_debug_on_the_group_shows_the_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("site_builder.check.run_check", _bug)
    plain = run("check", str(tmp_path))
    assert plain.exit_code == 2
    assert "เกิดข้อผิดพลาดภายในโปรแกรม (โปรดแจ้งผู้พัฒนา พร้อมแนบไฟล์ใน data/; ใช้ --debug เพื่อดูรายละเอียด)" in plain.output
    assert "Traceback" not in plain.output and "a bug of ours" not in plain.output
    for args in (["--debug", "check", str(tmp_path)], ["check", str(tmp_path), "--debug"]):
        debug = run(*args)
        assert debug.exit_code == 2
        assert "Traceback" in debug.output and "RuntimeError: a bug of ours" in debug.output


def test_the_error_path_lets_a_command_status_through() -> None:
    @click.command()
    def command() -> None:
        with cli.cannot_run("x"):
            raise SystemExit(1)

    assert CliRunner().invoke(command).exit_code == 1


def _option(command: str, name: str) -> click.Option:
    found = [p for p in cli.main.commands[command].params if isinstance(p, click.Option) and name in p.opts]
    assert len(found) == 1
    return found[0]


def test_links_options_show_the_librarys_defaults() -> None:
    # The literals are the documented defaults; the library is the one place they live.
    assert (AuditOptions.per_host, AuditOptions.concurrency, CheckOptions.timeout, RetryPolicy.retries) == (4, 64, 10.0, 2)
    assert _option("links", "--per-host").default == AuditOptions.per_host
    assert _option("links", "--concurrency").default == AuditOptions.concurrency
    assert _option("links", "--timeout").default == CheckOptions.timeout
    assert _option("links", "--retries").default == RetryPolicy.retries
    assert _option("links", "--timeout-retries").default == RetryPolicy.timeout_retries == 0
    assert _option("links", "--deadline").default == AuditOptions.deadline == 1800
    assert _option("links", "--confirm-after").default == 24.0 == AuditOptions.confirm_after / dt.timedelta(hours=1)
    assert _option("links", "--cache-days").default == 30.0 == AuditOptions.cache_for / dt.timedelta(days=1)
    assert list(_option("links", "--format").type.choices) == ["text", "json", "csv", "markdown", "junit"]  # type: ignore[attr-defined]
    assert (_option("publish", "--file-mode").default, _option("publish", "--dir-mode").default) == ("644", "755")
