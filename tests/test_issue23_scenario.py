"""Issue 23: a clerk's workbook — `new`, about 40 figures typed with openpyxl — through every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from budget_addin.cli import main

# (sheet, row, 本年预算数, 上年预算数): invented figures of a 县教育局 that agree with each other
TYPED = [
    ("收入支出", 4, 4900, 4400), ("收入支出", 5, 4900, 4400), ("收入支出", 6, 4600, 4150),
    ("收入支出", 7, 4600, 4150), ("收入支出", 11, 300, 250),
    ("收入支出", 18, 4900, 4400), ("收入支出", 19, 3400, 3200), ("收入支出", 20, 2700, 2530),
    ("收入支出", 21, 700, 670), ("收入支出", 22, 1500, 1200),
    ("机关运行经费", 4, 700, 670), ("机关运行经费", 5, 10, 8), ("机关运行经费", 6, 20, 25),
    ("三公经费预算", 4, 60, 50), ("三公经费预算", 5, 10, 10), ("三公经费预算", 6, 30, 20),
    ("三公经费预算", 7, 10, 5), ("三公经费预算", 8, 20, 15), ("三公经费预算", 9, 20, 20),
]


def clerk_workbook(folder: Path, name: str = "县教育局.xlsm", **changes: int) -> Path:
    """A `new` workbook with figures typed as a clerk types them (openpyxl: no cached values are left).

    ``changes`` overrides a figure: ``收入支出_B5=5000``.
    """
    path = folder / name
    assert main(["new", "--name", "某县教育局", "--code", "501001", "--year", "2024", str(path)]) == 0
    book = openpyxl.load_workbook(path, keep_vba=True)
    for sheet, row, current, prior in TYPED:
        book[sheet][f"B{row}"] = current
        book[sheet][f"C{row}"] = prior
    details = book["明细"]
    for row, (item, current, prior) in enumerate([("办公费", 420, 400), ("公用经费增加", 280, 270)], start=4):
        for col, value in zip("ABCDE", ("公用经费", "构成", item, current, prior), strict=True):
            details[f"{col}{row}"] = value
    for key, value in changes.items():
        sheet, cell = key.split("_")
        book[sheet][cell] = value
    book.save(path)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budget_addin.cli", *args], capture_output=True, text=True,
                          timeout=300)
