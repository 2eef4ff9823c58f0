"""Checking the seed workbook headless vs merely opening it with openpyxl (issue: ratio ≤ 1).

Run: python benchmarks/check_vs_load.py [WORKBOOK]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import openpyxl

from budget_addin.cli import check_workbook

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn, repeat: int = 7) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "workbook" / "Changjiang2020.xlsm"
    check_workbook(path)  # warm imports and the rule catalogue
    load = best_of(lambda: openpyxl.load_workbook(path))
    check = best_of(lambda: check_workbook(path))
    report = check_workbook(path)
    print(f"workbook: {path.name}, rules run: {len(report.ledger)}, findings: {len(report.findings)}")
    print(f"openpyxl.load_workbook: {load * 1000:8.1f} ms")
    print(f"budget-addin check    : {check * 1000:8.1f} ms (read + all rules)")
    print(f"ratio check / load    : {check / load:8.2f}")


if __name__ == "__main__":
    main()
