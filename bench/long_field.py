#!/usr/bin/env python3
"""Long-field benchmark: `oit build` of a small agency with one huge unspaced Thai field.

    python bench/long_field.py                  # 0.25, 1 and 4 MB
    python bench/long_field.py --sizes 1,4,16   # sizes in MB (10^6 characters)

The field is an item's `note:` in `oit.yml`: dictionary words repeated with no space, the
worst case for the Thai segmenter of the search index (issue 14 item 8). Each build runs in
its own process; the script prints its wall time, peak RSS and the search index size. It
asserts nothing: the times depend on the machine. Run from the repository root.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import MKDOCS_YML, oit_2569, write_project  # noqa: E402

WORDS = ["มาตรการ", "ป้องกัน", "การทุจริต", "ความโปร่งใส", "เทศบาล", "ประชาชน"]


def project(folder: Path, characters: int) -> Path:
    rng = random.Random(1)
    parts: list[str] = []
    length = 0
    while length < characters:
        parts.append(rng.choice(WORDS))
        length += len(parts[-1])
    oit = oit_2569().replace("    responsible: สำนักปลัด\n", f"    note: {''.join(parts)}\n    responsible: สำนักปลัด\n", 1)
    return write_project(folder, {"mkdocs.yml": MKDOCS_YML, "data/2569/oit.yml": oit})


def timed_build(root: Path) -> tuple[float, int, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHAINLP_OFFLINE="1")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "site_builder.cli", "build", str(root)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {child.stderr.read().decode() if child.stderr else ''}")
    return seconds, usage.ru_maxrss // 1024, (root / "site/search/index.json").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.25,1,4", help="field sizes in MB (10^6 characters)")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"{'field':>8}  {'build s':>8}  {'peak RSS MiB':>12}  {'index KiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (float(s) for s in args.sizes.split(",")):
            root = project(Path(tmp) / f"a{size}", int(size * 1_000_000))
            seconds, rss, index = timed_build(root)
            print(f"{size:>6g}MB  {seconds:>8.1f}  {rss:>12}  {index / 1024:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
