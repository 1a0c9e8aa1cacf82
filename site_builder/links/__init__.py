"""``oit links``: the link audit. ``audit(...)`` is the whole public API.

Data flows one way: collect (what to check, with sources) → checker (one URL → one
verdict, under per-host limits) → history (confirmation, changes, audits/<date>.json,
cache) → report (text, JSON, CSV, Markdown, JUnit). The checker reads the model and
the built site; it never reaches back into render or templates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..audit import without_credentials
from ..base.errors import OitError
from .checker import USER_AGENT, Checker, CheckOptions, now, split_fragment, unusable
from .collect import Source, Target, from_content, from_project, from_site, is_checked, merge, web_address
from .copies import Archiver, ArchiveReport, Settings, plan
from .history import Audit, Changes, changes, confirm, previous_audit, read_cache, save_audit, write_cache
from .ratelimit import MAX_PER_HOST, HostLimits
from .retry import RetryPolicy
from .verdicts import FAILING, LABELS, VERDICTS, Outcome, Result, public

__all__ = ["audit", "AuditOptions", "Audit", "Result", "Outcome", "CheckOptions", "RetryPolicy", "VERDICTS",
           "LABELS", "FAILING", "MAX_PER_HOST", "USER_AGENT", "LinksError", "NoNetwork", "Changes", "ArchiveReport",
           "slowest_first"]

Progress = Callable[[int, int], None]  # (checked so far, known so far)


class LinksError(OitError):
    """The audit cannot run: no project, no site folder, a bad start URL."""


class NoNetwork(LinksError):
    """No external host could be reached, nor any well-known site: the machine is offline.

    Nothing is recorded: without a network every link would look dead.
    """


# Asked only when no host of the run could be reached, to tell "offline" from "those hosts are down".
NETWORK_CHECK = ("https://www.google.com/", "https://www.nacc.go.th/")


@dataclass(frozen=True)
class AuditOptions:
    # Requests in flight per host (1–4): fewer than the 6 a browser opens for one page, and
    # fewer still while a host answers 429 (ratelimit.py).
    per_host: int = 4
    # Requests in flight in all: a bound on our own sockets, not politeness (per_host is). A
    # hanging URL holds its slot for the whole timeout, so this stays well above a few hosts' worth.
    concurrency: int = 64
    check: CheckOptions = field(default_factory=CheckOptions)
    deadline: float = 1800.0                # seconds for the whole run; what is left is "not checked"
    confirm_after: dt.timedelta = dt.timedelta(days=1)
    # Working results are reused this long (0: no cache): a daily run re-checks only failing,
    # unconfirmed and new links, and each host sees one full sweep a month.
    cache_for: dt.timedelta = dt.timedelta(days=30)
    max_pages: int = 5000                   # pages crawled with --url
    network_check: tuple[str, ...] = NETWORK_CHECK   # well-known sites that tell "offline" from "hosts down"
    # Keep copies of evidence documents in the project's archive/ from the audit's own requests
    # (links/copies.py); only a project's audit archives, never --site or --url.
    archive: bool = True


@dataclass
class _Run:
    """The state of one run: targets as discovered, their sources, their checks."""

    targets: dict[str, Target] = field(default_factory=dict)
    sources: dict[str, list[Source]] = field(default_factory=dict)
    tasks: dict[str, asyncio.Future[Outcome]] = field(default_factory=dict)
    checked_at: dict[str, dt.datetime] = field(default_factory=dict)
    cached: dict[str, Result] = field(default_factory=dict)
    crawled: set[str] = field(default_factory=set)
    done: int = 0
    crash: BaseException | None = None     # the first error of ours in a check

    def add(self, target: Target) -> bool:
        """Record a target (or a new source of a known one); True when it is new."""
        known = self.sources.setdefault(target.url, [])
        known.extend(s for s in target.sources if s not in known)
        if target.url in self.targets:
            return False
        self.targets[target.url] = target
        return True


def _same_site(url: str, origin: str) -> bool:
    try:
        parts, start = urlsplit(url), urlsplit(origin)
    except ValueError:  # a malformed address: checked (and reported broken), never crawled
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == start.netloc.lower()


class _Sweep:
    """The checks of one run in flight: schedules targets, crawls the start site's pages, notes a crash."""

    def __init__(self, run: _Run, checker: Checker, options: AuditOptions, start_url: str | None,
                 progress: Progress | None) -> None:
        self.run, self.checker, self.options = run, checker, options
        self.start_url, self.progress = start_url, progress
        self.outstanding = 0
        self.all_done = asyncio.Event()
        self.all_done.set()

    def crawls(self, url: str) -> bool:
        return self.start_url is not None and _same_site(url, self.start_url)

    def finished(self, task: asyncio.Future[Outcome]) -> None:
        run = self.run
        self.outstanding -= 1
        if not task.cancelled() and task.exception() is not None and run.crash is None:
            run.crash = task.exception()  # a bug of ours: stop at once, record nothing
            self.all_done.set()
        if self.outstanding == 0:
            self.all_done.set()

    async def check(self, target: Target) -> Outcome:
        run = self.run
        try:
            if target.root is not None:
                return self.checker.check_local(target.url, target.root)
            outcome = await self.checker.check(target.url)
            if self.crawls(target.url):
                await self.crawl(target.url)
            return outcome
        finally:
            run.checked_at[target.url] = now()
            run.done += 1
            if self.progress is not None:
                self.progress(run.done, len(run.targets))

    async def crawl(self, url: str) -> None:
        run = self.run
        base, _ = split_fragment(url)
        if base in run.crawled or len(run.crawled) >= self.options.max_pages:
            return
        run.crawled.add(base)
        resource = await self.checker.resource(base)
        if resource.page is None:
            return
        final = resource.outcome.final_url or base
        for link in resource.page.links:
            if not is_checked(link.url):
                continue
            absolute = web_address(final, resource.page.base, link.url)  # malformed: as written
            if absolute is not None:
                self.schedule(Target(absolute, (Source(page=base, line=link.line),)))

    def schedule(self, target: Target) -> None:
        run = self.run
        if not run.add(target):
            return
        hit = run.cached.get(target.url)
        if hit is not None and target.root is None and not self.crawls(target.url):
            run.done += 1
            return
        task = asyncio.ensure_future(self.check(target))
        run.tasks[target.url] = task
        self.outstanding += 1
        self.all_done.clear()
        task.add_done_callback(self.finished)


async def _check_all(targets: list[Target], options: AuditOptions, start_url: str | None,
                     progress: Progress | None, cached: dict[str, Result],
                     archiver: Archiver | None = None) -> tuple[list[Result], list[str]]:
    run = _Run(cached=cached)
    limits = HostLimits(options.per_host, options.concurrency)
    notes: list[str] = []
    async with Checker(limits, options.check, archive=archiver) as checker:
        sweep = _Sweep(run, checker, options, start_url, progress)
        for target in targets:
            sweep.schedule(target)
        if start_url is not None:
            sweep.schedule(Target(start_url, (Source(page="(start)"),)))
        try:
            await asyncio.wait_for(sweep.all_done.wait(), options.deadline)
        except TimeoutError:
            notes.append(f"ครบเวลาที่กำหนดของการตรวจทั้งหมด ({options.deadline:g} วินาที) "
                         f"ยังไม่ได้ตรวจ {await _cancel_pending(run)} ลิงก์")
        if run.crash is not None:
            await _cancel_pending(run)
            raise run.crash
        if checker.nothing_reached and not await checker.network_up(options.network_check):
            raise NoNetwork(_offline_message(len(checker.asked)))
    return _results(run), notes


async def _cancel_pending(run: _Run) -> int:
    """Cancel the checks still running and wait for them to end; how many there were."""
    pending = [task for task in run.tasks.values() if not task.done()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return len(pending)


def _results(run: _Run) -> list[Result]:
    """Every target of the run with its outcome: checked, from the cache, or not reached in time."""
    results = []
    for url, target in run.targets.items():
        sources = tuple(run.sources[url])
        task = run.tasks.get(url)
        if task is None:  # from the cache
            hit = run.cached[url]
            results.append(Result(url, hit.outcome, sources, hit.checked, False))
        elif task.cancelled():  # the deadline came first: listed, never claimed
            reason = "ไม่ได้ตรวจ: ครบเวลาที่กำหนดของการตรวจทั้งหมด"
            results.append(Result(url, Outcome("timeout", reason, None, url), sources, None, target.local))
        else:
            # A malformed or file: link is as certain as a missing local file: no need to see it fail twice.
            certain = target.local or unusable(url) is not None
            results.append(Result(url, task.result(), sources, run.checked_at.get(url), certain))
    return [public(result) for result in results]


def slowest_first(targets: list[Target], earlier: Audit | None) -> list[Target]:
    """The targets, those that timed out in the last audit first (otherwise in their order).

    A URL that hangs costs the whole timeout; started last, it adds that timeout to the run's
    end. The daily run knows yesterday's timeouts: starting them first hides their wait
    behind everyone else's checks."""
    if earlier is None:
        return targets
    slow = {result.url for result in earlier.results if result.outcome.verdict == "timeout"}
    return sorted(targets, key=lambda target: without_credentials(target.url) not in slow)


def _duration(span: dt.timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours / 24:g} วัน" if hours >= 48 else f"{hours:g} ชั่วโมง"


def _offline_message(hosts: int) -> str:
    return (f"เครื่องนี้ต่ออินเทอร์เน็ตไม่ได้: ติดต่อเว็บไซต์ปลายทางไม่ได้เลยทั้ง {hosts} แห่ง "
            "(หาชื่อโดเมนไม่พบหรือเชื่อมต่อไม่ได้) และเว็บไซต์ที่ใช้ทดสอบการเชื่อมต่อก็ติดต่อไม่ได้ "
            "จึงไม่ได้บันทึกผลการตรวจ เพราะลิงก์ทุกลิงก์จะดูเหมือนเสียทั้งหมด — "
            "ตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วรัน oit links อีกครั้ง")


def _project_targets(project_dir: Path, options: AuditOptions, notes: list[str]) -> tuple[list[Target],
                                                                                        Archiver | None]:
    """A project's targets (its data, its built site, content/) and the archive of its evidence."""
    from ..findings import errors
    from ..load import ProjectError, load_project

    try:
        loaded = load_project(project_dir)
    except ProjectError as error:
        raise LinksError(str(error)) from None
    if errors(loaded.findings):
        notes.append("ข้อมูลบางไฟล์อ่านไม่ได้ จึงไม่ได้ตรวจลิงก์ในไฟล์นั้น (รัน oit check เพื่อดูรายละเอียด)")
    built = project_dir / "site"
    targets = from_project(loaded.project, built)
    if built.is_dir() and any(built.glob("*.html")):
        targets += from_site(built)
    else:
        notes.append("ยังไม่ได้สร้างเว็บไซต์ (site/) จึงตรวจเฉพาะลิงก์ในข้อมูลและ content/ — รัน oit build ก่อน")
    targets += from_content(project_dir)
    archiver = None
    if options.archive:
        settings = Settings.of(loaded.project.agency)
        archiver = Archiver(project_dir, plan(loaded.project, settings), settings)
    return targets, archiver


def audit(project_dir: Path | None = None, *, site_dir: Path | None = None, start_url: str | None = None,
          audits_dir: Path | None = None, options: AuditOptions | None = None,
          progress: Progress | None = None) -> Audit:
    """Check the links of a project (data, built site, content/), of a site folder, or of a site by URL.

    - ``project_dir`` alone: the data's links, the site built in ``project_dir/site``
      (when built), and ``content/*.md``;
    - ``site_dir``: that folder's pages only; ``start_url``: crawl that site (same host) only;
    - ``audits_dir``: keep the history there (confirmation, cache, ``<date>.json``);
      without it every failure counts at once.
    """
    options = options or AuditOptions()
    if not 1 <= options.per_host <= MAX_PER_HOST:
        raise LinksError(f"จำนวนคำขอต่อเว็บไซต์ต้องอยู่ระหว่าง 1 ถึง {MAX_PER_HOST}")
    started = now()
    notes: list[str] = []
    targets: list[Target] = []
    archiver: Archiver | None = None
    scope: dict[str, str | None] = {"project": None, "site": None, "url": None}
    if start_url is not None:
        if urlsplit(start_url).scheme not in ("http", "https") or not urlsplit(start_url).netloc:
            raise LinksError(f"ที่อยู่เริ่มต้นต้องเป็นลิงก์ http:// หรือ https:// ({start_url})")
        scope["url"] = without_credentials(start_url)
    elif site_dir is not None:
        if not site_dir.is_dir():
            raise LinksError(f"ไม่พบโฟลเดอร์เว็บไซต์ {site_dir}")
        if not any(site_dir.rglob("*.html")):
            raise LinksError(f"โฟลเดอร์ {site_dir} ไม่มีหน้าเว็บ (.html)")
        scope["site"] = str(site_dir)
        targets += from_site(site_dir)
    elif project_dir is not None:
        scope["project"] = str(project_dir)
        project_targets, archiver = _project_targets(project_dir, options, notes)
        targets += project_targets
        if (project_dir / "site").is_dir() and any((project_dir / "site").glob("*.html")):
            scope["site"] = str(project_dir / "site")
    else:
        raise LinksError("ไม่ได้ระบุสิ่งที่จะตรวจ")

    history = audits_dir is not None
    cached = read_cache(audits_dir, started, options.cache_for) if audits_dir is not None and options.cache_for else {}
    if archiver is not None:
        # A link whose copy was never tried is fetched now, not taken from the cache (once).
        fresh = archiver.uncached()
        cached = {url: hit for url, hit in cached.items() if url not in fresh}
    previous = previous_audit(audits_dir, started.date()) if audits_dir is not None else None
    ordered = slowest_first(merge(targets), previous[1] if previous else None)
    results, run_notes = asyncio.run(_check_all(ordered, options, start_url, progress, cached, archiver))
    notes += run_notes
    report = archiver.report() if archiver is not None else None
    if report is not None and report.copies:
        notes.append(report.note())
    finished = now()
    earlier = previous[1] if previous else None
    results = confirm(results, earlier, started, options.confirm_after if history else dt.timedelta(0))
    found = changes(results, earlier)
    if cached:
        used = sum(1 for r in results if r.url in cached and r.checked == cached[r.url].checked)
        if used:
            notes.append(f"ใช้ผลที่ตรวจไว้ไม่เกิน {_duration(options.cache_for)} {used} ลิงก์ "
                         "(เฉพาะลิงก์ที่ใช้ได้ ลิงก์ที่มีปัญหาและลิงก์ใหม่ตรวจทุกครั้ง)")
    result = Audit(started, finished, results, previous[0].isoformat() if previous else None, found, tuple(notes),
                   scope, archive=report)
    if history:
        assert audits_dir is not None
        saved = save_audit(audits_dir, result)
        if options.cache_for:
            write_cache(audits_dir, results, finished, options.cache_for)
        result = replace(result, saved=saved)
    return result

