"""Import of a 10-table workbook with 500 function-class rows (issue: under 1 s).

Run: python benchmarks/import_tables.py [ROWS_PER_CLASS_TABLE…]   (default: 72, then 500)

The workbook is made up here (XlsxWriter): 部门收支总表 (side by side), 部门收入总表, 部门支出总表,
财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本支出表, 三公经费支出表, 政府性基金预算支出表,
国有资本经营预算支出表 and 政府采购预算表, amounts in 元. Timed: reading and placing every figure
(``import_sources``), and the whole command including writing the .xlsm.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from budget_addin.cli import main as cli
from budget_addin.files.importer.run import import_sources

CLASS_TITLES = ("部门支出总表", "一般公共预算支出表", "政府性基金预算支出表", "国有资本经营预算支出表")


def class_rows(n: int) -> list[tuple[str, str, int, int, int]]:
    rows = []
    for i in range(n):
        code = f"2{i // 100:02d}{(i // 10) % 10:02d}{i % 10:02d}"
        rows.append((code, f"科目{i}", 30000 + i, 20000 + i, 10000))
    return rows


def make(path: Path, n: int) -> None:
    wb = xlsxwriter.Workbook(str(path))
    merge = wb.add_format({"align": "center"})
    ws = wb.add_worksheet("收支总表")
    ws.write_row(0, 0, ["部门收支总表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.merge_range(2, 0, 2, 1, "收入", merge)
    ws.merge_range(2, 2, 2, 3, "支出", merge)
    ws.write_row(3, 0, ["项目", "本年预算数", "项目", "本年预算数"])
    ws.write_row(4, 0, ["一般公共预算拨款", 100000, "基本支出", 60000])
    ws.write_row(5, 0, ["本年收入合计", 100000, "项目支出", 40000])
    ws = wb.add_worksheet("收入总表")
    ws.write_row(0, 0, ["部门收入总表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.write_row(2, 0, ["科目编码", "科目名称", "合计", "一般公共预算拨款", "事业收入"])
    for r, (code, name, total, a, _b) in enumerate(class_rows(n), start=3):
        ws.write_row(r, 0, [code, name, total, a, total - a])
    for title in CLASS_TITLES:
        ws = wb.add_worksheet(title[:10])
        ws.write_row(0, 0, [title])
        ws.write_row(1, 0, ["单位：元"])
        ws.write_row(2, 0, ["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
        for r, row in enumerate(class_rows(n), start=3):
            ws.write_row(r, 0, list(row))
    ws = wb.add_worksheet("财政拨款")
    ws.write_row(0, 0, ["财政拨款收支总表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.write_row(2, 0, ["项目", "本年预算数", "项目", "本年预算数"])
    ws.write_row(3, 0, ["一般公共预算拨款", 100000, "一般公共预算支出", 100000])
    ws = wb.add_worksheet("基本支出")
    ws.write_row(0, 0, ["一般公共预算基本支出表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.write_row(2, 0, ["科目编码", "科目名称", "合计", "人员经费", "公用经费"])
    for r, (_code, name, total, a, _b) in enumerate(class_rows(n), start=3):
        ws.write_row(r, 0, [f"3{(r - 3) // 100:02d}{(r - 3) % 100:02d}", name, total, a, total - a])
    ws = wb.add_worksheet("三公")
    ws.write_row(0, 0, ["一般公共预算“三公”经费支出表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.write_row(2, 0, ["项目", "本年预算数", "上年预算数"])
    for r, label in enumerate(("合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"), start=3):
        ws.write_row(r, 0, [label, 1000 * r, 900 * r])
    ws = wb.add_worksheet("采购")
    ws.write_row(0, 0, ["政府采购预算表"])
    ws.write_row(1, 0, ["单位：元"])
    ws.write_row(2, 0, ["项目名称", "采购物品名称", "政府采购目录序号", "数量", "合计"])
    for r in range(3, 3 + n // 10):
        ws.write_row(r, 0, [f"项目{r}", "台式计算机", "A02010104", 2, 10000])
    wb.close()


def run(n: int) -> None:
    """Time the import of the 10 tables with ``n`` rows in each of the 7 class tables."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "tables.xlsx"
        make(source, n)
        import_sources([source])  # warm imports
        start = time.perf_counter()
        result = import_sources([source])
        placed = time.perf_counter() - start
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the import report itself is not timed output
            status = cli(["import", str(source), "-o", str(Path(folder) / "out.xlsm")])
        whole = time.perf_counter() - start
    figures = sum(r.figures for r in result.placer.reports)
    print(f"tables: {len(result.placer.reports)}, class rows: {7 * n} ({n} per class table), figures: {figures}, "
          f"placed: {sum(r.placed for r in result.placer.reports)}, not placed: {len(result.placer.unplaced)}")
    print(f"  read + place (import_sources):          {placed * 1000:8.1f} ms")
    print(f"  whole command incl. writing the .xlsm:  {whole * 1000:8.1f} ms (exit {status})")


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    for n in numbers or (72, 500):  # 504 class rows in all, then 500 in each class table
        run(n)


if __name__ == "__main__":
    main()
