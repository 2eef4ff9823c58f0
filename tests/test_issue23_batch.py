"""Issue 23: every file of a batch shows in its outputs; exit codes hold when the output is piped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED
from test_issue23_scenario import clerk_workbook

from budget_addin.cli import main


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """a: a clean clerk's workbook; b: a blank `new` workbook; c: not a workbook at all."""
    folder = tmp_path_factory.mktemp("mixed")
    clerk_workbook(folder, "a.xlsm")
    assert main(["new", "--name", "某镇", "--code", "1", "--year", "2024", str(folder / "b.xlsm")]) == 0
    (folder / "c.xlsx").write_bytes(b"not a workbook")
    return folder


def test_clean_and_blank_exits_three_and_the_summary_tells_them_apart(mixed: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(mixed / "a.xlsm"), "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["check", str(mixed / "a.xlsm"), str(mixed / "b.xlsm"), "--jobs", "1"]) == 3  # 3 outranks 0
    captured = capsys.readouterr()
    summary = captured.out.split("汇总 / Summary")[1]
    line_a = next(line for line in summary.splitlines() if "a.xlsm" in line)
    line_b = next(line for line in summary.splitlines() if "b.xlsm" in line)
    assert line_a.split()[1:] == ["0", "0", "0"]
    assert "没有可校验的内容" in line_b and "0" not in line_b.replace(str(mixed), "")
    assert "b.xlsm：没有可校验的内容" in captured.err


def test_exit_code_order_four_two_one_three_zero(mixed: Path, tmp_path: Path) -> None:
    assert main(["check", str(mixed), "--jobs", "1"]) == 2  # unreadable outranks blank
    errors = clerk_workbook(tmp_path, "d.xlsm", 收入支出_B5=4000)
    assert main(["check", str(errors), str(mixed / "b.xlsm"), "--jobs", "1"]) == 1  # findings outrank blank
    assert main(["check", str(errors), str(mixed / "c.xlsx"), "--jobs", "1"]) == 2


def test_xlsx_has_a_row_for_the_unreadable_and_the_blank_file(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "审核.xlsx"
    assert main(["check", str(mixed), "--format", "xlsx", "-o", str(out), "--jobs", "1"]) == 2
    rows = list(openpyxl.load_workbook(out)["审核结果"].iter_rows(values_only=True))[1:]
    by_file = {Path(row[0]).name: row for row in rows}
    assert by_file["b.xlsm"][2] == "没有可校验的内容"
    assert by_file["c.xlsx"][2] == "无法读取" and "不是 Excel 工作簿" in by_file["c.xlsx"][5]


@pytest.mark.parametrize("args,code", [((str(COMMITTED),), 1), (("{a}",), 0), (("{dir}", "--jobs", "2"), 2),
                                       (("{a}", "--format", "json"), 0)])
def test_a_closed_pipe_keeps_the_exit_code_and_says_nothing(mixed: Path, args: tuple[str, ...], code: int) -> None:
    argv = [a.format(a=mixed / "a.xlsm", dir=mixed) for a in args]
    for _ in range(3):  # the reader is gone before the first line is written: every write meets a closed pipe
        process = subprocess.Popen([sys.executable, "-m", "budget_addin.cli", "check", *argv],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        err = process.stderr.read().decode("utf-8")
        assert process.wait(timeout=300) == code, err
        assert "文件读写失败" not in err and "Traceback" not in err and "Broken" not in err
