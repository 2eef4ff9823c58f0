"""Issue 23: small things a user notices — report needs its workbook, check -o says 已写入, the published copy
holds only what is published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from test_issue23_scenario import clerk_workbook

from budget_addin.cli import main


def test_report_without_a_workbook_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "budget_addin.cli", "report"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode == 2 and "缺少参数：workbook" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no ./out made from the sample workbook


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_check_to_a_file_says_written(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = clerk_workbook(tmp_path)
    capsys.readouterr()
    out = tmp_path / f"审核.{'txt' if fmt == 'text' else fmt}"
    assert main(["check", str(workbook), "--format", fmt, "-o", str(out)]) == 0
    assert f"已写入 {out}" in capsys.readouterr().err and out.stat().st_size > 0


def test_the_published_copy_holds_what_is_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = clerk_workbook(tmp_path)
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    book["机关运行经费"]["B4"] = "700.00"  # typed as text, as from a pasted table
    book["收入支出"]["C22"] = "1,200.00"
    book.save(workbook)
    out = tmp_path / "发布版.xlsx"
    assert main(["publish", str(workbook), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 个以文本形式输入的数字已按数值写入发布版" in said and "不含校验列" in said
    published = openpyxl.load_workbook(out)
    assert "xlwings.conf" not in published.sheetnames
    assert published["收入支出"]["C22"].value == 1200 and published["机关运行经费"]["B4"].value == 700
    headers = {c.value for ws in published for c in ws[3]}
    assert "校验" not in headers and "同比校验" not in headers and "增减率（计算）" in headers
    assert published["收入支出"]["H2"].value == "单位：万元"  # the unit line stays
    assert published["收入支出"].column_dimensions["G"].hidden
    assert not [c.value for ws in published for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and (c.value.startswith(("✓", "✗")))]
    assert main(["check", str(out)]) == 0  # and it still reads back as a workbook
