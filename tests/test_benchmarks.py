"""The benchmarks build their inputs from the seed workbook: those builders must follow its layout.

The batch benchmark once failed outright after the general template moved 一般公共预算拨款 off
收入支出!B5; these tests catch such a drift in seconds instead of at the next measurement.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from budget_addin.batch import check_workbook
from budget_addin.files.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import batch_scale  # noqa: E402
import long_tables  # noqa: E402


def test_batch_copies_change_one_figure(tmp_path: Path) -> None:
    folder = batch_scale.make_folder(tmp_path / "in", 5)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"dept{i:05d}.xlsm" for i in range(5)]
    plain, changed = read_workbook(folder / "dept00000.xlsm").book, read_workbook(folder / "dept00004.xlsm").book
    assert plain.number("income_expenditure", "gp_appropriation", "amount") == Decimal("2792.05")
    assert changed.number("income_expenditure", "gp_appropriation", "amount") == Decimal("2792.05") + 4 % 97
    # the changed copy breaks a total, so its report differs from the seed's
    assert len(check_workbook(folder / "dept00004.xlsm").errors) > len(check_workbook(folder / "dept00000.xlsm").errors)


def test_long_table_has_the_rows_asked(tmp_path: Path) -> None:
    path = long_tables.long_workbook(300, tmp_path / "long.xlsm")
    records = read_workbook(path).book.data["procurement"]
    assert len(records) == 1 + 300  # the seed's subtotal row, then the generated records
    assert "小计" in records[0]["project"]
    assert records[1]["item"] == "物品0" and records[300]["quantity"] == Decimal(299 % 7 + 1)
