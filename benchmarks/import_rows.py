"""Importing a long CSV table into the template (issue 26: "100,000 CSV rows imported in seconds").

Run: python benchmarks/import_rows.py [ROWS …]   (default 10,000 and 100,000)

For each size a CSV of a 一般公共预算支出表 with ROWS 项 lines is written and imported in a new process,
as ``budget-addin import X.csv -o out.xlsm`` does; it prints the CPU seconds of each step (read and find
the table, place the figures, write the workbook), the peak memory, and the cost per row, so the ratio
of two sizes shows whether the work stays linear. CPU seconds, not wall time: other work on the machine
does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from budget_addin.files.build import build_bytes
from budget_addin.files.importer.run import import_sources

source = Path(sys.argv[1])
started = time.process_time()
result = import_sources([source])
imported = time.process_time()
data = build_bytes(result.data)
written = time.process_time()
print(json.dumps({"import": imported - started, "write": written - imported, "bytes": len(data),
                  "placed": len(result.placer.sources),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def csv_text(rows: int) -> str:
    lines = [f"2010{i:05d},项目{i},{i}.50,{i}.50,0" for i in range(rows)]
    return "一般公共预算支出表\n单位：万元\n科目编码,科目名称,合计,基本支出,项目支出\n" + "\n".join(lines) + "\n"


def measure(rows: int, folder: Path) -> dict[str, float]:
    source = folder / f"{rows}.csv"
    source.write_text(csv_text(rows), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", CHILD, str(source)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main(argv: list[str]) -> int:
    sizes = [int(a.replace(",", "").replace("_", "")) for a in argv] or [10_000, 100_000]
    per_row: list[float] = []
    print(f"{'rows':>9} {'import s':>9} {'write s':>8} {'total s':>8} {'µs/row':>7} {'peak MB':>8} {'xlsm MB':>8}")
    with tempfile.TemporaryDirectory(prefix="budget_addin-import-rows-") as folder:
        for rows in sizes:
            m = measure(rows, Path(folder))
            total = m["import"] + m["write"]
            per_row.append(total / rows * 1e6)
            print(f"{rows:>9,} {m['import']:>9.2f} {m['write']:>8.2f} {total:>8.2f} {per_row[-1]:>7.0f} "
                  f"{m['peak_mb']:>8.0f} {m['bytes'] / 1e6:>8.1f}")
    if len(per_row) > 1:
        print(f"cost per row, largest ÷ smallest size: {per_row[-1] / per_row[0]:.2f} (1.00 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
