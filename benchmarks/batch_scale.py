"""A reviewer's batch at scale: seconds per workbook, peak memory, and the floor of reading a file.

Prints, in one run:
- the in-process check of one workbook against python-calamine reading all its sheets and
  ``openpyxl.load_workbook`` (best of several runs, wall and CPU time; target: check ≤ 3 × calamine);
- ``budget-addin check FOLDER --format jsonl`` at N = 1, 100, 1,000 with 1 and 2 jobs: wall seconds,
  seconds per workbook, CPU seconds of all processes, peak memory of the largest process
  (target: 1,000 workbooks ≤ 10 s wall with 2 jobs);
- peak memory at N = 1,000 vs 3,000 (jsonl, text, json and xlsx; 2 jobs; target: within 10 %).

The folders hold copies of the seed workbook; every fifth copy has a changed figure (一般公共预算拨款 in 收入支出), so
those report more findings. Timings on a shared machine are noisy: compare the CPU columns too.

Run: python benchmarks/batch_scale.py [--quick] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "workbook" / "Changjiang2020.xlsm"
CLI = [sys.executable, "-m", "budget_addin.cli"]


def perturbed(seed: bytes, amount: str) -> bytes:
    """The seed with 一般公共预算拨款 (the 收入支出 cell holding 2792.05) set to ``amount``, changed at zip level."""
    from budget_addin.files.grid import sheet_paths

    source = zipfile.ZipFile(io.BytesIO(seed))
    part = sheet_paths(source)["收入支出"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data, count = re.subn(
                    rb'(<c r="B[0-9]+"[^>]*><v>)2792\.05(</v>)', rb"\g<1>" + amount.encode() + rb"\g<2>", data
                )
                assert count == 1, "一般公共预算拨款 2792.05 not found in 收入支出"
            target.writestr(item, data)
    return out.getvalue()


def make_folder(folder: Path, count: int) -> Path:
    """``count`` copies of the seed, every fifth with a changed figure."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_bytes()
    for index in range(count):
        name = folder / f"dept{index:05d}.xlsm"
        if index % 5 == 4:
            name.write_bytes(perturbed(seed, f"{2792.05 + index % 97:.2f}"))
        else:
            shutil.copyfile(SEED, name)
    return folder


def best(fn: Callable[[], object], repeat: int = 15) -> tuple[float, float]:
    """Best wall and best CPU seconds of ``fn``."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def in_process() -> None:
    import openpyxl
    from python_calamine import CalamineWorkbook

    from budget_addin.batch import check_workbook, warm

    def calamine() -> None:
        book = CalamineWorkbook.from_path(str(SEED))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    warm()
    check_workbook(SEED)
    floor = best(calamine)
    check = best(lambda: check_workbook(SEED))
    load = best(lambda: openpyxl.load_workbook(SEED), 7)
    print("One workbook in process (best of runs; wall / CPU ms)")
    for label, (wall, cpu) in (("python-calamine, all sheets", floor), ("openpyxl.load_workbook", load),
                               ("budget-addin check (read + rules)", check)):
        print(f"  {label:<36}{wall * 1e3:8.1f} {cpu * 1e3:8.1f}")
    print(f"  check / calamine: {check[0] / floor[0]:.1f}× wall, {check[1] / floor[1]:.1f}× CPU (target ≤ 3)")
    print(f"  check / openpyxl.load_workbook: {check[0] / load[0]:.2f}× wall")


def batch(folder: Path, jobs: int, fmt: str = "jsonl") -> tuple[float, float, float, int]:
    """Wall s, CPU s (all processes), peak RSS MB of the largest process, exit code.

    GNU time runs the command: its rusage covers the command and its (waited) workers, and, unlike
    wait4 from this process, does not count the pages of this larger process at fork time.
    """
    out = folder.parent / f"out.{fmt}"
    command = [*CLI, "check", str(folder), "--format", fmt, "--jobs", str(jobs), "--quiet", "-o", str(out)]
    timer = shutil.which("time") or "/usr/bin/time"
    if Path(timer).exists():
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
            start = time.perf_counter()
            code = subprocess.call([timer, "-o", report.name, "-f", "%M %U %S", *command],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            last = report.read().strip().splitlines()[-1].split()
        return wall, float(last[1]) + float(last[2]), int(last[0]) / 1024, code
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, \
        os.waitstatus_to_exitcode(status)


def scale(base: Path, quick: bool) -> None:
    sizes = (1, 100) if quick else (1, 100, 1000)
    print("\nbudget-addin check FOLDER --format jsonl (subprocess; N workbooks, 1/5 with a changed figure)")
    print(f"  {'N':>6} {'jobs':>4} {'wall s':>8} {'s/workbook':>11} {'CPU s':>8} {'peak MB':>8} {'workbooks/min':>14}")
    for count in sizes:
        folder = make_folder(base / f"n{count}" / "in", count)
        for jobs in (1, 2):
            wall, cpu, peak, code = batch(folder, jobs)
            assert code in (0, 1), f"exit {code}"
            print(f"  {count:>6} {jobs:>4} {wall:>8.2f} {wall / count:>11.4f} {cpu:>8.2f} {peak:>8.1f} "
                  f"{count / wall * 60:>14.0f}")
        if count == 1000:
            print(f"  target: 1,000 workbooks ≤ 10 s wall with 2 jobs; per core: {count / cpu * 60:.0f} workbooks/min "
                  "of CPU")
    if quick:
        return
    print("\nPeak memory against N (2 jobs; largest process)")
    print(f"  {'format':<6} {'N=1000 MB':>10} {'N=3000 MB':>10} {'ratio':>6} {'wall 3000 s':>12}")
    big = make_folder(base / "n3000" / "in", 3000)
    small = base / "n1000" / "in"
    for fmt in ("jsonl", "text", "json", "xlsx"):
        one = batch(small, 2, fmt)
        three = batch(big, 2, fmt)
        print(f"  {fmt:<6} {one[2]:>10.1f} {three[2]:>10.1f} {three[2] / one[2]:>6.2f} {three[0]:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 1 and 100 only")
    parser.add_argument("--keep", help="build the folders here and keep them")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work shares the cores)")
    in_process()
    if args.keep:
        scale(Path(args.keep), args.quick)
    else:
        with tempfile.TemporaryDirectory() as temp:
            scale(Path(temp), args.quick)


if __name__ == "__main__":
    main()
