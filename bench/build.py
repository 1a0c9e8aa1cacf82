#!/usr/bin/env python3
"""Build benchmark: `oit build` of a synthetic agency against `mkdocs build` of the same Markdown.

    python bench/build.py [--years 10] [--repeat N] [--keep DIR] [--sizes 2,5] [--seed N]

1. Writes a synthetic agency (bench/synthetic.py: full catalogs, 20 links per item,
   40 measures a year) and checks it with `oit check` (must exit 0).
2. Times `oit build` of it, and `mkdocs build` of a plain project holding the very
   pages the plugin generates (`render_site`), the same `content/` files, the same
   mkdocs.yml without the `oit` plugin and with `nav:` = `site_nav(project)` when the
   package has it. Both run as child processes of this one.
3. Builds the agency at smaller sizes too and prints site size against page count:
   per-page HTML must stay flat when size grows linearly with the number of pages.

Prints figures only (targets get PASS/FAIL beside them, nothing is asserted).
Exit status: 0, or 1 when a check or a build fails (its output is printed).

Time and peak memory of a build: a small launcher process starts the build and reaps
it with ``os.wait4``, which returns the rusage of that one child (ru_maxrss = its peak
resident set, KiB on Linux: the figure ``/usr/bin/time -v`` reports, which also uses
wait4). Why not simpler: ``getrusage(RUSAGE_CHILDREN)`` here gives the maximum over
every child reaped so far (a second, smaller build could not be told apart), and a
child started straight from this process would inherit this process's own peak RSS
(exec keeps the old high-water mark), which is high once the baseline is rendered.
The launcher is timed around the build only; its own start-up is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from synthetic import LAST_YEAR, LINKS_PER_ITEM, MEASURES_PER_YEAR, make_agency  # noqa: E402

TARGET_RATIO = 1.3
TARGET_SECONDS = 30.0
LINEAR_TOLERANCE = 0.15
MIB = 1024 * 1024
# Extensions MkDocs always loads: never written into the baseline's mkdocs.yml.
BUILTIN_EXTENSIONS = {"toc", "tables", "fenced_code"}


class Failed(Exception):
    """A check or a build failed: the benchmark stops with exit status 1."""


# --- running a child ---------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_kib: int
    cpu_seconds: float  # user + system: steadier than wall time when the disk is busy
    all_seconds: tuple[float, ...] = ()  # every run, when the figures above are medians


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's banner: noise on every run
    return env


# Runs one command and reports its wall time and rusage. It runs in a small process of
# its own: on Linux a child inherits, through fork and exec, the peak RSS of the process
# that started it (exec keeps the old memory's high-water mark in ru_maxrss), so children
# started straight from this process, which holds a rendered site in memory, would show
# its peak instead of their own.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    json.dump({"status": child.returncode, "seconds": seconds, "peak_rss_kib": usage.ru_maxrss,
               "cpu_seconds": usage.ru_utime + usage.ru_stime}, out)
"""


def run_child(command: list[str], log: Path) -> Run:
    """Run ``command`` to completion; its wall time and its own peak RSS."""
    figures = log.with_suffix(".json")
    with log.open("wb") as out:
        launcher = subprocess.run([sys.executable, "-c", _LAUNCHER, str(figures), *command],
                                  stdout=out, stderr=subprocess.STDOUT, env=_child_env(), check=False)
    output = log.read_text(encoding="utf-8", errors="replace").strip()
    if launcher.returncode != 0 or not figures.is_file():
        raise Failed(f"{' '.join(command)}\ncould not be run (launcher exit status {launcher.returncode})\n{output}")
    result = json.loads(figures.read_text(encoding="utf-8"))
    if result["status"] != 0:
        raise Failed(f"{' '.join(command)}\nexit status {result['status']}\n{output}")
    return Run(result["seconds"], result["peak_rss_kib"], result["cpu_seconds"])


def oit_build_command(project: Path, site: Path) -> list[str]:
    # `python -m site_builder.cli` is the `oit` console script, run by this interpreter
    # (the same one that runs the baseline's `python -m mkdocs`).
    return [sys.executable, "-m", "site_builder.cli", "build", str(project), "--site-dir", str(site)]


def mkdocs_build_command(config: Path, site: Path) -> list[str]:
    # -q: errors only, as `oit build` sets MkDocs' logger to ERROR.
    return [sys.executable, "-m", "mkdocs", "build", "-q", "--config-file", str(config), "--site-dir", str(site)]


def timed_builds(command_of: dict[str, Any], sites: dict[str, Path], logs: Path, repeat: int) -> dict[str, Run]:
    """Each build ``repeat`` times, interleaved (a, b, a, b, …); the median of each figure."""
    runs: dict[str, list[Run]] = {name: [] for name in command_of}
    for round_number in range(repeat):
        for name, command in command_of.items():
            shutil.rmtree(sites[name], ignore_errors=True)
            runs[name].append(run_child(command, logs / f"{name}-{round_number + 1}.log"))
    return {
        name: Run(statistics.median(r.seconds for r in results),
                  int(statistics.median(r.peak_rss_kib for r in results)),
                  statistics.median(r.cpu_seconds for r in results),
                  tuple(r.seconds for r in results))
        for name, results in runs.items()
    }


def oit_check(project: Path, log: Path) -> str:
    """`oit check` must pass (exit 0; warnings allowed). Returns its last line (the summary)."""
    run_child([sys.executable, "-m", "site_builder.cli", "check", str(project)], log)
    lines = [line.strip() for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- the baseline project ----------------------------------------------------


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _extension_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def plugin_added_extensions(config_file: Path) -> list[Any]:
    """Markdown extensions the project's plugins add in ``on_config`` (the `oit` plugin adds attr_list).

    The baseline has no `oit` plugin, so it must list them itself: otherwise its pages
    would be rendered differently (e.g. `{ #top }` left as text).
    """
    import logging

    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=str(config_file))
    declared = {_extension_name(e) for e in (yaml.safe_load(config_file.read_text(encoding="utf-8"))
                                             .get("markdown_extensions") or [])}
    config = config.plugins.on_config(config)
    added: list[Any] = []
    for name in config.markdown_extensions:
        if name in declared or name in BUILTIN_EXTENSIONS:
            continue
        options = config.mdx_configs.get(name)
        added.append({name: options} if options else name)
    return added


@dataclass(frozen=True)
class Baseline:
    config: Path
    pages: int  # Markdown pages written
    data_files: int  # other generated files written (CSV, JSON)
    nav: str  # how the navigation was set


def prepare_baseline(project: Path, out: Path) -> Baseline:
    """A plain MkDocs project with the pages the `oit` plugin would generate for ``project``."""
    from site_builder import render
    from site_builder.load import load_project

    if out.exists():
        shutil.rmtree(out)
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    loaded = load_project(project)
    render_site = getattr(render, "render_site", None)
    if render_site is not None:
        # The generated pages plus the data files (CSV/JSON) the plugin also emits.
        site = render_site(loaded.project, site_url=config.get("site_url") or "")
        pages, data_files = site.pages, site.files
    else:
        pages, data_files = render.render_pages(loaded.project), {}  # a package older than render_site
    docs = out / "docs"
    shutil.copytree(project / "content", docs)
    written = 0
    for src_uri, content in [*pages.items(), *data_files.items()]:
        path = docs / src_uri
        if path.exists():
            continue  # a hand-written file in content/ takes precedence, as in the plugin
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written += src_uri in pages
    # Keep the key even when empty: a missing `plugins:` would turn on MkDocs' default `search`.
    config["plugins"] = [p for p in (config.get("plugins") or []) if _plugin_name(p) != "oit"]
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    # The plugin puts its bundled theme (fonts, oit.css, header) under the agency's
    # overrides; the baseline gets the same theme so both sites print the same pages.
    from site_builder import theme_dir

    theme = dict(config.get("theme") or {})
    theme.setdefault("custom_dir", str(theme_dir()))
    config["theme"] = theme
    added = plugin_added_extensions(config_file)
    if added:
        config["markdown_extensions"] = list(config.get("markdown_extensions") or []) + added
    site_nav = getattr(render, "site_nav", None)
    if site_nav is not None:
        config["nav"] = site_nav(loaded.project)
        nav = "nav: site_nav(project) in both builds (the plugin's navigation)"
    else:
        config.pop("nav", None)
        nav = ("site_builder.render has no site_nav(): no explicit nav in either build "
               "(MkDocs' automatic navigation of every page)")
    extensions = ", ".join(_extension_name(e) for e in added) or "none"
    out.mkdir(parents=True, exist_ok=True)
    target = out / "mkdocs.yml"
    target.write_text("# Baseline: the synthetic agency's mkdocs.yml without the oit plugin "
                      f"(extensions it adds, listed here: {extensions}).\n"
                      + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Baseline(target, written, len(data_files), nav)


# --- measuring a site ---------------------------------------------------------

NAV_START = 'class="md-sidebar md-sidebar--primary"'
NAV_END = 'class="md-sidebar md-sidebar--secondary"'


@dataclass(frozen=True)
class SiteStats:
    pages: int  # HTML files, 404.html included
    html_bytes: int
    total_bytes: int
    files: int
    nav_bytes: int  # the primary navigation sidebar, summed over the pages
    largest: tuple[str, int]
    html_paths: frozenset[str]

    @property
    def html_per_page(self) -> float:
        return self.html_bytes / self.pages if self.pages else 0.0

    @property
    def nav_per_page(self) -> float:
        return self.nav_bytes / self.pages if self.pages else 0.0


def site_stats(site: Path) -> SiteStats:
    pages = html_bytes = total = files = nav = 0
    largest = ("", 0)
    paths = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix != ".html":
            continue
        pages += 1
        html_bytes += size
        relative = path.relative_to(site).as_posix()
        paths.append(relative)
        if size > largest[1]:
            largest = (relative, size)
        text = path.read_bytes()
        start, end = text.find(NAV_START.encode()), text.find(NAV_END.encode())
        if 0 <= start < end:
            nav += end - start
    return SiteStats(pages, html_bytes, total, files, nav, largest, frozenset(paths))


# --- output -----------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _mib(size: float) -> str:
    return f"{size / MIB:.1f}"


def _kib(size: float) -> str:
    return f"{size / 1024:.1f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_main(years: int, repeat: int, baseline: Baseline, check_summary: str, runs: dict[str, Run],
               stats: dict[str, SiteStats], sites: dict[str, Path]) -> float:
    oit, base = runs["oit"], runs["mkdocs"]
    ratio = oit.seconds / base.seconds
    first = LAST_YEAR - years + 1
    print(f"Build benchmark: synthetic agency, {years} fiscal years ({first}–{LAST_YEAR}), full catalogs, "
          f"{LINKS_PER_ITEM} links per item, {MEASURES_PER_YEAR} measures a year")
    print(f"machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, Python "
          f"{platform.python_version()}, MkDocs {_version('mkdocs')}, mkdocs-material {_version('mkdocs-material')}, "
          f"oit-site-builder {_version('oit-site-builder')}; load average {os.getloadavg()[0]:.2f} at the end "
          "(other work on the machine skews the times)")
    print(f"runs: {repeat} of each build (interleaved; median shown)" if repeat > 1 else
          "runs: 1 of each build (--repeat N for the median of N)")
    print(f"oit check: {check_summary}")
    print(f"navigation: {baseline.nav}")
    print(f"baseline: {baseline.pages} generated Markdown pages, {baseline.data_files} generated data files "
          "and the content/ files in a plain docs dir; mkdocs.yml without the oit plugin")
    print()
    spread = lambda run: f"{min(run.all_seconds):.2f}–{max(run.all_seconds):.2f}"  # noqa: E731
    rows = [
        ("wall time (s)", f"{oit.seconds:.2f}", f"{base.seconds:.2f}"),
        *([("  range of the runs (s)", spread(oit), spread(base))] if len(oit.all_seconds) > 1 else []),
        ("CPU time, user + system (s)", f"{oit.cpu_seconds:.2f}", f"{base.cpu_seconds:.2f}"),
        ("peak RSS (MiB)", f"{oit.peak_rss_kib / 1024:.0f}", f"{base.peak_rss_kib / 1024:.0f}"),
        ("HTML pages", str(stats["oit"].pages), str(stats["mkdocs"].pages)),
        ("total site size (MiB)", _mib(stats["oit"].total_bytes), _mib(stats["mkdocs"].total_bytes)),
        ("  of which HTML (MiB)", _mib(stats["oit"].html_bytes), _mib(stats["mkdocs"].html_bytes)),
        ("files in site", str(stats["oit"].files), str(stats["mkdocs"].files)),
        ("mean HTML per page (KiB)", _kib(stats["oit"].html_per_page), _kib(stats["mkdocs"].html_per_page)),
        ("  of which navigation (KiB)", _kib(stats["oit"].nav_per_page), _kib(stats["mkdocs"].nav_per_page)),
        ("largest page (KiB)", _kib(stats["oit"].largest[1]), _kib(stats["mkdocs"].largest[1])),
    ]
    print(f"{'':30}{'oit build':>14}{'mkdocs build':>16}")
    for label, left, right in rows:
        print(f"{label:30}{left:>14}{right:>16}")
    print(f"{'ratio oit/mkdocs (wall time)':30}{ratio:>14.2f}")
    print(f"{'ratio oit/mkdocs (CPU time)':30}{oit.cpu_seconds / base.cpu_seconds:>14.2f}")
    only_oit = stats["oit"].html_paths - stats["mkdocs"].html_paths
    only_base = stats["mkdocs"].html_paths - stats["oit"].html_paths
    if only_oit or only_base:
        print(f"note: the two sites differ in pages: {len(only_oit)} only in oit's "
              f"({', '.join(sorted(only_oit)[:3])}), {len(only_base)} only in mkdocs' "
              f"({', '.join(sorted(only_base)[:3])})")
    else:
        identical = sum(1 for page in stats["oit"].html_paths
                        if (sites["oit"] / page).read_bytes() == (sites["mkdocs"] / page).read_bytes())
        print(f"same HTML pages in both sites; {identical} of {stats['oit'].pages} byte-identical")
    print(f"largest page: {stats['oit'].largest[0]}")
    return ratio


@dataclass(frozen=True)
class SizePoint:
    years: int
    stats: SiteStats
    seconds: float
    peak_rss_kib: int


def print_scaling(points: list[SizePoint]) -> bool:
    print()
    print("Site size against number of pages (oit build; linear growth = flat HTML bytes per page)")
    print(f"{'years':>5}{'pages':>7}{'site MiB':>10}{'site B/page':>13}{'HTML B/page':>13}"
          f"{'vs smallest':>13}{'nav B/page':>12}{'added B/page':>14}{'build s':>9}{'RSS MiB':>9}")
    reference = points[0].stats.html_per_page
    flat = True
    previous: SizePoint | None = None
    for point in points:
        s = point.stats
        deviation = s.html_per_page / reference - 1
        flat = flat and abs(deviation) <= LINEAR_TOLERANCE
        added = ((s.total_bytes - previous.stats.total_bytes) / (s.pages - previous.stats.pages)
                 if previous and s.pages != previous.stats.pages else None)
        print(f"{point.years:>5}{s.pages:>7}{s.total_bytes / MIB:>10.1f}{s.total_bytes / s.pages:>13,.0f}"
              f"{s.html_per_page:>13,.0f}{deviation:>+13.0%}{s.nav_per_page:>12,.0f}"
              f"{(f'{added:,.0f}' if added is not None else '-'):>14}{point.seconds:>9.2f}"
              f"{point.peak_rss_kib / 1024:>9.0f}")
        previous = point
    print("(site B/page includes the fixed theme assets; added B/page = site bytes added per extra page "
          "between consecutive sizes)")
    return flat


# --- main --------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10, help="fiscal years of the main agency (default 10)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the median is shown")
    parser.add_argument("--sizes", default="2,5",
                        help="smaller agencies (years) for the linear-growth check, comma-separated (default 2,5)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write projects, sites and logs into DIR and keep them (default: a temp dir, removed)")
    parser.add_argument("--seed", type=int, default=2569, help="seed of the synthetic data")
    arguments = parser.parse_args(argv)
    if arguments.years < 1 or arguments.repeat < 1:
        parser.error("--years and --repeat must be at least 1")
    try:
        sizes = {int(part) for part in arguments.sizes.split(",") if part.strip()}
    except ValueError:
        parser.error("--sizes takes whole numbers of years, e.g. 2,5")
    arguments.size_list = sorted(size for size in sizes if 1 <= size < arguments.years) + [arguments.years]
    return arguments


def benchmark(arguments: argparse.Namespace, work: Path) -> None:
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # Untimed: load the modules both builds import once, so neither pays for a cold disk cache.
    run_child([sys.executable, "-c", "import mkdocs.commands.build, material, site_builder.plugin"],
              logs / "warm-up.log")
    points: list[SizePoint] = []
    for years in arguments.size_list:
        project = make_agency(work / f"agency-{years}y", years, arguments.seed)
        summary = oit_check(project, logs / f"check-{years}y.log")
        sites = {"oit": work / f"site-oit-{years}y"}
        commands: dict[str, list[str]] = {"oit": oit_build_command(project, sites["oit"])}
        main = years == arguments.years
        if main:
            baseline = prepare_baseline(project, work / f"baseline-{years}y")
            sites["mkdocs"] = work / f"site-mkdocs-{years}y"
            commands["mkdocs"] = mkdocs_build_command(baseline.config, sites["mkdocs"])
        print(f"[{years} years] building…", file=sys.stderr, flush=True)
        runs = timed_builds(commands, sites, logs, arguments.repeat)
        stats = {name: site_stats(site) for name, site in sites.items()}
        points.append(SizePoint(years, stats["oit"], runs["oit"].seconds, runs["oit"].peak_rss_kib))
        if main:
            main_result = (baseline, summary, runs, stats, sites)
    baseline, summary, runs, stats, sites = main_result
    ratio = print_main(arguments.years, arguments.repeat, baseline, summary, runs, stats, sites)
    flat = print_scaling(points) if len(points) > 1 else None
    print()
    seconds = runs["oit"].seconds
    print(f"{'Targets':34}{'measured':>10}   {'target':<14}")
    print(f"{'  time ratio oit/mkdocs':34}{ratio:>10.2f}   {'<= ' + str(TARGET_RATIO):<14}"
          f"{_verdict(ratio <= TARGET_RATIO)}")
    print(f"{'  oit build wall time':34}{seconds:>8.1f} s   {f'<= {TARGET_SECONDS:.0f} s':<14}"
          f"{_verdict(seconds <= TARGET_SECONDS)}")
    if flat is not None:
        spread = max(abs(p.stats.html_per_page / points[0].stats.html_per_page - 1) for p in points)
        print(f"{'  HTML bytes/page across sizes':34}{f'{spread:.0%}':>10}   {f'within ±{LINEAR_TOLERANCE:.0%}':<14}"
              f"{_verdict(flat)}  (site size {'linear' if flat else 'NOT linear'} in the number of pages)")
    if arguments.keep:
        print(f"\nprojects, sites and logs kept in {work}")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_args(argv)
    if arguments.keep:
        work = arguments.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="oit-bench-"))
    try:
        benchmark(arguments, work)
    except Failed as error:
        print(f"benchmark stopped: a step failed\n{error}", file=sys.stderr)
        return 1
    except Exception:  # e.g. the baseline could not be rendered: say where, exit 1
        import traceback

        traceback.print_exc()
        print("benchmark stopped: see the error above", file=sys.stderr)
        return 1
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
