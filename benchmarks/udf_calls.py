"""Per-call cost of each worksheet-function body (what Excel pays per cell, before the xlwings/COM hop).

Targets (issue): under 50 µs per scalar call, under 2 ms per 1,000-cell range call.
Run: python benchmarks/udf_calls.py
"""

from __future__ import annotations

import random
import timeit

from budget_addin.core.functions import REGISTRY
from budget_addin.excel import composed  # noqa: F401 - registers YS_TARGET

random.seed(2020)
RANGE = [[round(random.uniform(0, 5000), 2)] for _ in range(1000)]
LABELS = [["其中：明细" if i % 7 == 0 else "项目"] for i in range(1000)]
CODES = [[random.choice(["A0999", "B07", "C01", "A060205"])] for _ in range(1000)]
CASES = {
    "YS_TOTAL (1,000 cells)": ("YS_TOTAL", (RANGE, LABELS)),
    "YS_CHECKSUM (1,000 cells)": ("YS_CHECKSUM", (1234.5, RANGE)),
    "YS_SUMCATEGORY (1,000 cells)": ("YS_SUMCATEGORY", (RANGE, CODES, "货物")),
    "YS_VARIANCE": ("YS_VARIANCE", (3805.77, 3169.30)),
    "YS_PRIOR": ("YS_PRIOR", (1304.85, 94.8)),
    "YS_GROWTH": ("YS_GROWTH", (1304.85, 1210.05)),
    "YS_SHARE": ("YS_SHARE", (6, 9)),
    "YS_ROUND": ("YS_ROUND", (2.675, 2)),
    "YS_CHECKRATIO": ("YS_CHECKRATIO", (0.07, 94.8, 1210.05)),
    "YS_CHECKPRODUCT": ("YS_CHECKPRODUCT", (1.28, 16, 0.08)),
    "YS_CHECKPART": ("YS_CHECKPART", (2500.92, 2500.92)),
    "YS_CATEGORY": ("YS_CATEGORY", ("A060205",)),
    "YS_TARGET": ("YS_TARGET", ("$\\geq 90\\%$",)),
}


def main() -> None:
    print(f"{'function':<32}{'per call':>14}{'target':>12}{'ratio':>9}")
    for label, (name, args) in CASES.items():
        body = REGISTRY[name]
        number = 200 if "1,000" in label else 20000
        best = min(timeit.repeat(lambda b=body, a=args: b(*a), number=number, repeat=5)) / number
        target = 2e-3 if "1,000" in label else 50e-6
        print(f"{label:<32}{best * 1e6:>11.1f} µs{target * 1e6:>9.0f} µs{best / target:>9.2f}")
    for name in sorted(REGISTRY):
        if not any(name == case[0] for case in CASES.values()):
            print(f"{name:<32}{'not benchmarked':>14}")


if __name__ == "__main__":
    main()
