"""Link-audit benchmark: oit links, LinkChecker and linkinator on the same generated site.

A static site of 21 pages links ~2,000 URLs over 10 loopback hosts (127.0.0.2–127.0.0.11),
each answering after 50 ms, with a known verdict for every URL (404, 410, 500, 503 then
200, 429 then 200, redirects, loops, HEAD refused, slow, hanging, reset, DNS failure,
soft-404s, empty PDFs, Thai paths, fragments, a WAF). Every host also answers 429 to a
fifth simultaneous request, like a shared host's rate limiter. Each tool runs against a
fresh server; the server records the peak number of requests in flight per host.

    python bench/links.py                       # all tools (installs the peers on first use)
    python bench/links.py --peers ""            # just oit links
    python bench/links.py --peers linkinator    # oit links and linkinator only
    python bench/links.py --tools /tmp/x        # where LinkChecker and linkinator are installed

The peers are installed into --tools (default /tmp/oit-bench-tools), never into the repository.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from loopback_http import Hang, LoopbackServer, Reply, Reset  # noqa: E402

HOSTS = tuple(f"127.0.0.{n}" for n in range(2, 12))
SOFT_HOST = HOSTS[-1]  # answers 200 with its home page to any unknown path
LATENCY = 0.05
PER_HOST_CEILING = 4
SLOW = 1.5
RETRY_AFTER = 1.0
DEAD = {"broken", "timeout", "unreachable"}


def _pdf(path: str) -> bytes:
    """A small PDF whose bytes are its own (the archive stores equal bytes once)."""
    return b"%PDF-1.4\n" + f"% bench evidence {path}\n".encode() * 20 + b"%%EOF\n"

# (case, per host, expected verdict, minimal requests a correct checker sends, extra serial seconds)
CASES: list[tuple[str, int, str, int, float]] = [
    ("ok", 117, "ok", 1, 0),
    ("doc", 15, "ok", 1, 0),
    ("gone404", 8, "broken", 1, 0),
    ("gone410", 3, "broken", 1, 0),
    ("error500", 2, "unreachable", 1, 0),
    ("flaky503", 3, "ok", 2, 0),
    ("limited429", 3, "ok", 2, RETRY_AFTER),
    ("moved", 4, "redirected", 2, 0),
    ("chain", 2, "redirected", 4, 0),
    ("loop", 2, "broken", 2, 0),
    ("head405", 3, "ok", 1, 0),
    ("head404", 3, "ok", 1, 0),
    ("empty", 3, "broken", 1, 0),
    ("slow", 2, "ok", 1, SLOW),
    ("hang", 1, "timeout", 1, 0),
    ("reset", 2, "unreachable", 1, 0),
    ("soft_th", 3, "broken", 1, 0),
    ("soft_en", 3, "broken", 1, 0),
    ("thai", 5, "ok", 1, 0),
    ("frag_ok", 5, "ok", 1, 0),
    ("frag_missing", 4, "broken", 1, 0),
    ("waf", 2, "blocked", 1, 0),
]
SOFT_HOST_REMOVED = 5   # pages of SOFT_HOST that were removed: it shows its home page (soft-404)
DNS_FAILURES = 5        # links to names that do not exist (.invalid)


def _page(title: str, text: str, ids: tuple[str, ...] = ()) -> bytes:
    anchors = "".join(f'<h2 id="{i}">{i}</h2><p>{text}</p>' for i in ids)
    return (f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><p>{text}</p>{anchors}</body></html>").encode()


def _home(host: str) -> bytes:
    return _page(f"เทศบาลตำบล {host}", "ยินดีต้อนรับ ข่าวประชาสัมพันธ์ ติดต่อเรา ผลการดำเนินงาน " * 8)


def route(host: str):  # type: ignore[no-untyped-def]
    def answer(method: str, path: str, nth: int):  # type: ignore[no-untyped-def]
        parts = path.strip("/").split("/")
        case = parts[1] if len(parts) >= 3 and parts[0] == "c" else ""
        n = parts[-1] if parts else ""
        html = "text/html; charset=utf-8"
        if case == "ok":
            return Reply(200, _page(f"หน้าที่ {n} ของ {host}", f"เนื้อหาของหน้า {n} รายงานผลการดำเนินงาน " * 4))
        if case in ("doc", "head405", "head404"):
            if method == "HEAD" and case != "doc":
                return Reply(405 if case == "head405" else 404, b"", content_type="application/pdf")
            return Reply(200, _pdf(path), content_type="application/pdf")
        if case == "gone404":
            return Reply(404, _page("404 Not Found", "ไม่พบหน้า"))
        if case == "gone410":
            return Reply(410, _page("410 Gone", "ถูกลบแล้ว"))
        if case == "error500":
            return Reply(500, _page("500", "Internal Server Error"))
        if case == "flaky503":
            return Reply(503, _page("503", "busy")) if nth == 1 else Reply(200, _page(f"ข้อมูล {n}", "กลับมาแล้ว"))
        if case == "limited429":
            if nth == 1:
                return Reply(429, b"", (("Retry-After", f"{RETRY_AFTER:.0f}"),))
            return Reply(200, _page(f"ประกาศ {n}", "ข้อมูลประกาศ"))
        if case == "moved":
            return Reply(301, b"", (("Location", f"/c/ok/moved-{n}"),))
        if case == "chain":
            hop = int(parts[2]) if len(parts) == 4 else 0
            if hop < 3:
                return Reply(302, b"", (("Location", f"/c/chain/{hop + 1}/{n}"),))
            return Reply(200, _page(f"ปลายทาง {n}", "หน้าใหม่"))
        if case == "loop":
            side = "b" if parts[2] == "a" else "a"
            return Reply(302, b"", (("Location", f"/c/loop/{side}/{n}"),))
        if case == "empty":
            return Reply(200, b"", content_type="application/pdf")
        if case == "slow":
            return Reply(200, _page(f"ช้า {n}", "มาช้าแต่มา"), delay=SLOW)
        if case == "hang":
            return Hang()
        if case == "reset":
            return Reset()
        if case == "soft_th":
            return Reply(200, _page("ขออภัย ไม่พบหน้าที่คุณต้องการ", "กรุณาตรวจสอบที่อยู่อีกครั้ง"), content_type=html)
        if case == "soft_en":
            return Reply(200, _page("Page not found", "Sorry, the page you requested does not exist."))
        if case == "thai":
            return Reply(200, _page(f"เอกสาร {n}", "แผนปฏิบัติการ"))
        if case in ("frag_ok", "frag_missing"):
            return Reply(200, _page(f"หัวข้อ {n}", "มีหลายหัวข้อ", ("evidence", "progress")))
        if case == "waf":
            return Reply(403, b"<html><head><title>Request Rejected</title></head><body>The requested URL was "
                              b"rejected. Please consult with your administrator.<br>Your support ID is: 42</body>"
                              b"</html>")
        if host == SOFT_HOST:
            return Reply(200, _home(host))
        return Reply(404, _page("404 Not Found", "Not Found"))
    return answer


@dataclass
class Link:
    url: str
    case: str
    expected: str
    host: str
    requests: int
    serial: float


def ground_truth(port: int) -> list[Link]:
    links: list[Link] = []
    for host in HOSTS:
        base = f"http://{host}:{port}"
        for case, count, expected, requests, serial in CASES:
            for i in range(count):
                n = f"{host.rsplit('.', 1)[1]}-{i}"
                path = {
                    "doc": f"/c/doc/{n}.pdf", "head405": f"/c/head405/{n}.pdf", "head404": f"/c/head404/{n}.pdf",
                    "empty": f"/c/empty/{n}.pdf", "chain": f"/c/chain/{n}", "loop": f"/c/loop/a/{n}",
                    "thai": "/c/thai/" + quote(f"แผนปฏิบัติการ-{n}"),
                    "frag_ok": f"/c/frag_ok/{n}#evidence", "frag_missing": f"/c/frag_missing/{n}#no-such-part",
                }.get(case, f"/c/{case}/{n}")
                links.append(Link(base + path, case, expected, host, requests, serial))
        if host == SOFT_HOST:
            for i in range(SOFT_HOST_REMOVED):
                links.append(Link(f"{base}/news/removed-{i}", "soft_home", "broken", host, 1, 0))
    for i in range(DNS_FAILURES):
        links.append(Link(f"http://agency-{i}.invalid/o{i}", "dns", "broken", f"agency-{i}.invalid", 1, 0))
    return links


def write_site(folder: Path, links: list[Link], pages: int = 20) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [links[i::pages] for i in range(pages)]
    index = "".join(f'<li><a href="p{i}.html">หน้า {i}</a></li>' for i in range(pages))
    (folder / "index.html").write_text(
        f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>OIT</title></head><body>"
        f"<h1>หลักฐาน OIT</h1><ul>{index}</ul></body></html>", encoding="utf-8")
    for i, chunk in enumerate(chunks):
        items = "".join(f'<li><a href="{link.url}">หลักฐาน {link.case}</a></li>' for link in chunk)
        (folder / f"p{i}.html").write_text(
            f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>หน้า {i}</title></head><body>"
            f"<h1 id='top'>หน้า {i}</h1><ul>{items}</ul><p><a href='index.html'>กลับ</a></p></body></html>",
            encoding="utf-8")


def write_project(folder: Path, links: list[Link], port: int, items: int = 26) -> None:
    """A project whose data lists every link as OIT evidence (for the archive's cost: documents are kept)."""
    (folder / "data" / "2569").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "agency.yml").write_text(
        "name: เทศบาลตำบลทดสอบ\ntype: เทศบาลตำบล\nprovince: มหาสารคาม\n"
        f"website: http://{SOFT_HOST}:{port}/\n", encoding="utf-8")
    lines = ["year: 2569", "items:"]
    for n in range(items):
        lines += [f"  O{n + 1}:", "    links:"]
        lines += [f'      - url: "{link.url}"' for link in links[n::items]]
    (folder / "data" / "2569" / "oit.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the tools --------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    command: list[str]
    parse: str                      # "oit" | "linkchecker" | "linkinator"
    parallel: int                   # requests in flight it allows per host (for the lower bound)
    shared: bool                    # True: the limit is global (all hosts share it)
    timeout: float
    attempts_on_timeout: int
    retries_5xx: int
    min_backoff: float              # least wait before a retry, seconds
    honours_retry_after: bool
    env: dict[str, str] = field(default_factory=dict)
    output: Path | None = None


@dataclass
class Run:
    tool: Tool
    wall: float
    dead: set[str]
    verdicts: dict[str, str]
    peak: dict[str, int]
    requests: int
    limited: int
    error: str = ""


def _peers(tools_dir: Path, site: Path, out: Path, timeout: float) -> list[Tool]:
    node_bin = tools_dir / "npm/node_modules/node/bin"
    linkinator = tools_dir / "npm/node_modules/.bin/linkinator"
    linkchecker = tools_dir / "lc/bin/linkchecker"
    env = {"PATH": f"{node_bin}:{os.environ.get('PATH', '')}"}
    peers: list[Tool] = []
    if linkchecker.is_file():
        for threads in (10,):  # its default; its own rate limit keeps it to 1 per host
            rc = out / f"linkcheckerrc-{threads}"
            rc.write_text(f"[checking]\nthreads={threads}\ntimeout={timeout:g}\n[filtering]\ncheckextern=1\n"
                          "[AnchorCheck]\n", encoding="utf-8")
            rc.chmod(0o644)
            peers.append(Tool(f"LinkChecker (threads {threads})",
                              [str(linkchecker), "-f", str(rc), "--no-status", "-v", "-o", "csv", "--check-extern",
                               str(site / "index.html")], "linkchecker", threads, True, timeout, 1, 0, 0, False))
    if linkinator.is_file():
        common = [str(linkinator), str(site), "--recurse", "--format", "json", "--timeout", str(int(timeout * 1000)),
                  "--check-fragments"]
        peers.append(Tool("linkinator (concurrency 4)", common + ["--concurrency", "4"], "linkinator", 4, True,
                          timeout, 1, 0, 0, False, env))
        peers.append(Tool("linkinator (concurrency 4, retries)",
                          common + ["--concurrency", "4", "--retry", "--retry-errors", "--retry-errors-count", "2"],
                          "linkinator", 4, True, timeout, 3, 2, 0, True, env))
        peers.append(Tool("linkinator (default 100, retries)",
                          common + ["--retry", "--retry-errors", "--retry-errors-count", "2"],
                          "linkinator", 100, True, timeout, 3, 2, 0, True, env))
    return peers


DEFAULTS = "oit links (default settings)"


def _oit(site: Path, out: Path, per_host: int | None, timeout: float) -> Tool:
    """oit links with ``per_host`` (and 64 in all), or with every default setting (``per_host`` None)."""
    output = out / f"oit-{per_host or 'defaults'}.json"
    command = [sys.executable, "-m", "site_builder.cli", "links", "--site", str(site), "--no-history",
               "--format", "json", "--output", str(output), "--timeout", f"{timeout:g}"]
    if per_host is None:  # the defaults: 2 per host, 16 in all, no retry of a timeout within the run
        return Tool(DEFAULTS, command, "oit", 2, False, timeout, 1, 2, 0.25, True, output=output)
    return Tool(f"oit links (per host {per_host})", command + ["--per-host", str(per_host), "--concurrency", "64"],
                "oit", per_host, False, timeout, 1, 2, 0.25, True, output=output)


def _oit_project(project: Path, out: Path, archive: bool, timeout: float, run: int) -> Tool:
    """oit links on a project whose evidence is the bench's links, with or without its archive."""
    output = out / f"oit-project-{'archive' if archive else 'no-archive'}-{run}.json"
    command = [sys.executable, "-m", "site_builder.cli", "links", str(project), "--no-history", "--format", "json",
               "--output", str(output), "--timeout", f"{timeout:g}"] + ([] if archive else ["--no-archive"])
    name = f"oit links (project, archive {'on' if archive else 'off'}) #{run}"
    return Tool(name, command, "oit", 4, False, timeout, 1, 2, 0.25, True, output=output)


# The least wall time of any checker at the politeness limit (4 per host), whatever its settings:
# every request once, and a hanging URL waited on once for the timeout. The "× lower bound" column.
IDEAL = Tool("ideal", [], "oit", PER_HOST_CEILING, False, 10.0, 1, 0, 0.0, True)


def _key(url: str) -> str:
    return unquote(url)


def _parse(tool: Tool, stdout: str) -> tuple[set[str], dict[str, str]]:
    """(URLs the tool calls dead, its word for each URL), keyed by the URL as linked."""
    dead: set[str] = set()
    words: dict[str, str] = {}
    if tool.parse == "oit":
        assert tool.output is not None
        data = json.loads(tool.output.read_text(encoding="utf-8"))
        for result in data["results"]:
            words[_key(result["url"])] = result["verdict"]
            if result["verdict"] in DEAD:
                dead.add(_key(result["url"]))
    elif tool.parse == "linkchecker":
        rows = [line for line in stdout.splitlines() if line and not line.startswith("#")]
        for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
            url = row.get("urlname") or ""
            if not url.startswith("http"):
                continue
            words[_key(url)] = (row.get("result") or "").strip()[:40]
            if row.get("valid") == "False":
                dead.add(_key(url))
    else:
        data = json.loads(stdout[stdout.index("{"):])
        for link in data.get("links", []):
            url = link.get("url", "")
            words[_key(url)] = f"{link.get('state')} {link.get('status')}"
            if link.get("state") == "BROKEN":
                dead.add(_key(url))
    return dead, words


def lower_bound(tool: Tool, links: list[Link]) -> float:
    """The least wall time any checker with this tool's limits, timeout and retries could take.

    - throughput: each host's minimal requests (plus the tool's retries of persistent 5xx),
      ``parallel`` at a time per host (or in all, for a global limit), each taking the latency;
    - the longest serial chain of one URL: a hanging URL costs the timeout per attempt,
      a slow one its delay, a 429 its Retry-After, a retried 5xx its backoff.
    """
    per_host: dict[str, int] = {}
    for link in links:
        extra = tool.retries_5xx if link.case == "error500" else 0
        per_host[link.host] = per_host.get(link.host, 0) + link.requests + extra
    if tool.shared:
        throughput = math.ceil(sum(per_host.values()) / tool.parallel) * LATENCY
    else:
        throughput = max(math.ceil(n / min(tool.parallel, PER_HOST_CEILING)) * LATENCY for n in per_host.values())
    chains = [SLOW + LATENCY]
    chains.append(tool.attempts_on_timeout * tool.timeout + (tool.attempts_on_timeout - 1) * tool.min_backoff)
    if tool.honours_retry_after:
        chains.append(RETRY_AFTER + 2 * LATENCY)
    chains.append((1 + tool.retries_5xx) * LATENCY + tool.retries_5xx * tool.min_backoff)
    return max([throughput] + chains)


def _install(tools_dir: Path) -> None:
    tools_dir.mkdir(parents=True, exist_ok=True)
    if not (tools_dir / "lc/bin/linkchecker").is_file():
        print(f"installing LinkChecker into {tools_dir}/lc …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(tools_dir / "lc")], check=True)
        subprocess.run([str(tools_dir / "lc/bin/pip"), "install", "-q", "linkchecker"], check=True)
    if not (tools_dir / "npm/node_modules/.bin/linkinator").is_file():
        print(f"installing node 22 and linkinator 8 into {tools_dir}/npm …", flush=True)
        npm = tools_dir / "npm"
        npm.mkdir(exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=npm, check=True, capture_output=True)
        subprocess.run(["npm", "install", "node@22"], cwd=npm, check=True, capture_output=True)
        env = dict(os.environ, PATH=f"{npm / 'node_modules/node/bin'}:{os.environ.get('PATH', '')}")
        subprocess.run(["npm", "install", "linkinator@8"], cwd=npm, check=True, capture_output=True, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tools", type=Path, default=Path("/tmp/oit-bench-tools"))
    parser.add_argument("--peers", default="linkchecker,linkinator",
                        help="peers to run, comma-separated (linkchecker, linkinator); empty: oit links only")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="per-request timeout given to every tool (default: oit links' own, 10 s)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the site and outputs here")
    parser.add_argument("--no-install", action="store_true")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="oit-links-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.chmod(work, 0o755)
    # One port for every run: find it with a first server, then each run binds it again.
    with LoopbackServer(lambda m, p, n: Reply(404), hosts=HOSTS) as probe:
        port = probe.port
    links = ground_truth(port)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    write_site(site, links)

    tools = [_oit(site, work, None, args.timeout), _oit(site, work, 4, args.timeout)]
    wanted = {name.strip().lower() for name in args.peers.split(",") if name.strip()}
    if wanted:
        if not args.no_install:
            _install(args.tools)
        tools += [tool for tool in _peers(args.tools, site, work, args.timeout) if tool.parse in wanted]
    truth = {_key(link.url): link for link in links}
    dead_truth = {url for url, link in truth.items() if link.expected in DEAD}
    print(f"site: {len(links)} links over {len(HOSTS)} hosts + {DNS_FAILURES} unresolvable, {LATENCY * 1000:.0f} ms "
          f"latency, hosts answer 429 beyond {PER_HOST_CEILING} at once; {len(dead_truth)} dead by the ground truth; "
          f"timeout {args.timeout:g} s for every tool; load {os.getloadavg()[0]:.2f}", flush=True)
    ideal = Tool(IDEAL.name, [], "oit", PER_HOST_CEILING, False, args.timeout, 1, 0, 0.0, True)
    floor = lower_bound(ideal, links)
    print(f"lower bound of any checker at {PER_HOST_CEILING} per host (each request once, a hanging URL waited on "
          f"once): {floor:.1f} s")
    header = (f"{'tool':38} {'wall s':>7} {'bound s':>8} {'×bound':>7} {'×lower bound':>12} {'precision':>9} {'recall':>7} "
              f"{'false dead':>10} {'missed':>6} {'peak/host':>9} {'requests':>8} {'429s':>5}")
    print(header)
    print("-" * len(header), flush=True)
    runs: list[Run] = []
    table = []
    for tool in tools:
        run = _run_on_port(tool, port)
        runs.append(run)
        judged = {u for u in run.dead if u in truth}
        true_pos = len(judged & dead_truth)
        precision = true_pos / len(judged) if judged else 0.0
        recall = true_pos / len(dead_truth)
        bound = lower_bound(run.tool, links)
        peak = max(run.peak.values())
        table.append((run, precision, recall, bound, peak))
        print(f"{run.tool.name:38} {run.wall:7.1f} {bound:8.1f} {run.wall / bound:7.2f} {run.wall / floor:12.2f} "
              f"{precision:9.1%} "
              f"{recall:7.1%} {len(judged - dead_truth):10d} {len(dead_truth - judged):6d} {peak:9d} "
              f"{run.requests:8d} {run.limited:5d}" + (f"  ({run.error})" if run.error else ""), flush=True)
    print()
    # Which cases each tool got wrong (dead or not), and oit's exact verdicts.
    for run, *_ in table:
        wrong: dict[str, int] = {}
        for url, link in truth.items():
            said_dead = url in run.dead
            if said_dead != (link.expected in DEAD):
                wrong[link.case] = wrong.get(link.case, 0) + 1
        missing = [u for u in truth if u not in run.verdicts and u.split("#")[0] not in run.verdicts]
        note = f"; {len(missing)} links not in its report" if missing else ""
        print(f"{run.tool.name}: wrong on " + (", ".join(f"{c} ×{n}" for c, n in sorted(wrong.items())) or "nothing")
              + note)
        if run.tool.parse == "oit":
            exact = sum(1 for url, link in truth.items() if run.verdicts.get(url) == link.expected)
            off = {}
            for url, link in truth.items():
                if run.verdicts.get(url) != link.expected:
                    off[f"{link.case}: {run.verdicts.get(url)} (expected {link.expected})"] = off.get(
                        f"{link.case}: {run.verdicts.get(url)} (expected {link.expected})", 0) + 1
            print(f"  exact verdicts {exact}/{len(truth)}" + ("" if not off else "; " + "; ".join(
                f"{k} ×{n}" for k, n in off.items())))
    print()
    ours = next(row for row in table if row[0].tool.name == DEFAULTS)
    polite_peers = [row for row in table if row[0].tool.parse != "oit" and row[4] <= PER_HOST_CEILING
                    and not row[0].error]
    fastest = min(polite_peers, key=lambda row: row[0].wall) if polite_peers else None
    run, precision, recall, bound, peak = ours
    exact = all(run.verdicts.get(url) == link.expected for url, link in truth.items())
    checks = [
        ("precision and recall 100% (every case, soft-404, empty file and fragments included)",
         precision == 1 and recall == 1),
        ("every verdict exactly as the ground truth", exact),
        (f"never more than {PER_HOST_CEILING} in flight per host (peak {peak})", peak <= PER_HOST_CEILING),
        (f"default settings: wall time within 1.5x of the lower bound of any checker at {PER_HOST_CEILING} per host "
         f"({run.wall:.1f} s vs {floor:.1f} s: {run.wall / floor:.2f}x)", run.wall <= 1.5 * floor),
    ]
    if fastest is not None:
        checks.append((f"at least 2x faster than the fastest peer that keeps to {PER_HOST_CEILING} per host "
                       f"({fastest[0].tool.name}: {fastest[0].wall:.1f} s, {fastest[0].wall / run.wall:.1f}x)",
                       fastest[0].wall >= 2 * run.wall))
    for label, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    checks += _archive_cost(work, links, port, truth, dead_truth, args.timeout)
    for label, passed in checks[-1:]:
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(passed for _, passed in checks) else 1


def _archive_cost(work: Path, links: list[Link], port: int, truth: dict[str, Link], dead_truth: set[str],
                  timeout: float) -> list[tuple[str, bool]]:
    """The same links as a project's evidence, audited with the archive off and on (alternating, twice each).

    Each run starts from an empty archive/ (the first audit of a month keeps every document);
    the figure compared is each setting's better run, so one noisy run does not decide."""
    print("\nthe archive's cost: the links as OIT evidence of a project (documents are kept in archive/)")
    walls: dict[bool, list[float]] = {False: [], True: []}
    for run in (1, 2):
        for archive in (False, True):
            project = work / f"project-{run}-{archive}"
            shutil.rmtree(project, ignore_errors=True)
            write_project(project, links, port)
            result = _run_on_port(_oit_project(project, work, archive, timeout, run), port)
            judged = {u for u in result.dead if u in truth}
            kept = sum(1 for path in (project / "archive" / "files").glob("*/*") if path.is_file()) \
                if (project / "archive" / "files").is_dir() else 0
            exact = sum(1 for url, link in truth.items() if result.verdicts.get(url) == link.expected)
            print(f"  {result.tool.name:40} {result.wall:6.1f} s  precision "
                  f"{(len(judged & dead_truth) / len(judged) if judged else 0):.1%}  recall "
                  f"{len(judged & dead_truth) / len(dead_truth):.1%}  exact {exact}/{len(truth)}  "
                  f"files kept {kept}" + (f"  ({result.error})" if result.error else ""), flush=True)
            walls[archive].append(result.wall)
    off, on = min(walls[False]), min(walls[True])
    return [(f"archive on within 10% of archive off on the same links ({on:.1f} s vs {off:.1f} s: "
             f"{on / off:.2f}x)", on <= 1.10 * off)]


def _run_on_port(tool: Tool, port: int) -> Run:
    """Run ``tool`` against a fresh server (fresh counters) on the port the site was generated for."""
    routes = {host: route(host) for host in HOSTS}
    with LoopbackServer(lambda m, p, n: Reply(404), hosts=HOSTS, latency=LATENCY, max_in_flight=PER_HOST_CEILING,
                        port=port, host_route=lambda h, m, p, n: routes[h](m, p, n)) as server:
        env = dict(os.environ, **tool.env)
        started = time.monotonic()
        try:
            done = subprocess.run(tool.command, capture_output=True, text=True, env=env, timeout=900)
            error = "" if done.returncode in (0, 1) else f"exit {done.returncode}: {done.stderr[-300:]}"
            stdout = done.stdout
        except subprocess.TimeoutExpired:
            stdout, error = "", "did not finish in 900 s"
        wall = time.monotonic() - started
        peak = {host: server.stats.peak.get(host, 0) for host in HOSTS}
        requests, limited = server.stats.total, server.stats.limited
    try:
        dead, words = _parse(tool, stdout)
    except Exception as problem:  # a peer's output format changed: say so, keep going
        dead, words, error = set(), {}, error or f"could not read its output: {problem!r}"
    return Run(tool, wall, dead, words, peak, requests, limited, error)


if __name__ == "__main__":
    sys.exit(main())
