"""A long procurement table (issue 13: checking is linear): time and peak memory of ``check``.

Run: python benchmarks/long_tables.py [ROWS]   (default 200,000; the issue asks < 10 s and < 1 GB)

The workbook is the seed workbook with its 政府采购预算 sheet replaced by ROWS generated
records (inline strings, formulas without cached values, as a script would write them).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "workbook" / "Changjiang2020.xlsm"
PROCUREMENT_PART = "xl/worksheets/sheet10.xml"  # 政府采购预算 in the built seed workbook
CATALOG = ("A02010104", "C1204", "B0101")


def procurement_sheet(template: bytes, rows: int) -> bytes:
    """The seed's procurement sheet with ``rows`` records after its header and subtotal row."""
    text = template.decode("utf-8")
    start = text.index('<row r="5"')
    end = text.index("</sheetData>")
    body = []
    for index in range(rows):
        r = 5 + index
        quantity, price = index % 7 + 1, (index % 13 + 1) / 10
        body.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{index % 500}</t></is></c><c r="B{r}"><v>90</v></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>物品{index % 97}</t></is></c>'
            f'<c r="D{r}" t="inlineStr"><is><t>{CATALOG[index % 3]}</t></is></c>'
            f'<c r="E{r}" t="inlineStr"><is><t>台</t></is></c><c r="F{r}"><v>{quantity}</v></c>'
            f'<c r="G{r}"><v>{price}</v></c><c r="H{r}"><v>{round(quantity * price, 2)}</v></c>'
            f'<c r="I{r}"><v>{round(quantity * price, 2)}</v></c>'
            f'<c r="N{r}" t="str"><f>YS_CATEGORY(D{r})</f></c>'
            f'<c r="O{r}" t="str"><f>YS_CHECKPRODUCT(H{r},F{r},G{r})</f></c></row>'
        )
    return (text[:start] + "".join(body) + text[end:]).encode("utf-8")


def long_workbook(rows: int, out: Path, seed: Path = SEED) -> Path:
    """Write the seed workbook with a procurement table of ``rows`` records to ``out``."""
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == PROCUREMENT_PART:
                data = procurement_sheet(data, rows)
            target.writestr(info.filename, data)
    return out


_MEASURE = """
import sys, time
from budget_addin.cli import check_workbook
start, cpu = time.perf_counter(), time.process_time()
report = check_workbook(sys.argv[1])
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = int([line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]) / 1024
longest = max((len(f.message) for f in report.findings), default=0)
print(f"check {elapsed:.1f} s ({cpu:.1f} s of CPU; the machine may be shared), peak memory {peak:.0f} MB "
      f"(the whole process), {len(report.findings)} findings, longest message {longest} characters")
"""


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as folder:
        path = long_workbook(rows, Path(folder) / "long.xlsm")
        size = path.stat().st_size / 1024 / 1024
        result = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
    print(f"{rows} procurement rows ({size:.1f} MB file): {result.stdout.strip()}")


if __name__ == "__main__":
    main()
