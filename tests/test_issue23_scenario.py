"""Issue 23: a clerk's workbook — `new`, about 40 figures typed with openpyxl — through every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

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


def _rendered(path: Path, folder: Path) -> dict[str, str]:
    """Every sheet of a workbook as LibreOffice shows it (headless, one CSV per sheet)."""
    from conftest import soffice

    folder.mkdir()
    subprocess.run([soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=300)
    return {p.stem.removeprefix(f"{path.stem}-"): p.read_text(encoding="utf-8") for p in folder.glob("*.csv")}


def test_report_of_an_openpyxl_edited_workbook_shows_every_computed_value_in_libreoffice(tmp_path: Path) -> None:
    workbook = clerk_workbook(tmp_path)
    result = run("report", str(workbook), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    sheets = _rendered(tmp_path / "out" / "县教育局-汇总.xlsm", tmp_path / "csv")
    assert len(sheets) > 30
    errors = {name: text.count("#VALUE!") + text.count("#NAME?") for name, text in sheets.items()}
    assert {name: n for name, n in errors.items() if n} == {}
    income = next(line for line in sheets["收入支出"].splitlines() if line.startswith("本年收入合计"))
    assert income.endswith(",✓,✓")  # 同比校验 and 校验 as the engine computed them


def test_summarize_says_it_filled_the_missing_results(tmp_path: Path) -> None:
    workbook = clerk_workbook(tmp_path)
    result = run("summarize", str(workbook), "-o", str(tmp_path / "汇总.xlsm"))
    assert result.returncode == 0 and "已填入本程序计算的值" in result.stdout


def test_a_clerk_runs_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`new`, figures typed, then every command: each exits as documented and says what it wrote."""
    workbook = clerk_workbook(tmp_path)

    def command(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    code, out, _ = command("check", str(workbook))
    assert code == 0 and "错误 0 项，警告 0 项" in out
    code, out, _ = command("check", str(workbook), "--format", "json")
    assert code == 0 and json.loads(out)["ledger"]["rules"]["BN-001"] == "passed"
    assert command("check", str(workbook), "--format", "xlsx", "-o", str(tmp_path / "审核.xlsx"))[0] == 0
    code, out, _ = command("narrative", str(workbook), "-o", str(tmp_path / "说明.txt"))
    assert code == 0 and "已写入" in out
    assert command("narrative", str(workbook), "-o", str(tmp_path / "说明.docx"))[0] == 0
    code, out, _ = command("claims", str(workbook), "--text", str(tmp_path / "说明.txt"))
    assert code == 0 and "错误 0，警告 0，提示 0" in out
    code, out, _ = command("check", str(workbook), "--text", str(tmp_path / "说明.txt"), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    assert command("indicators", str(workbook))[0] == 0
    code, out, _ = command("summarize", str(workbook), "-o", str(tmp_path / "汇总.xlsm"))
    assert code == 0 and "收支结构" in out and "已填入本程序计算的值" in out
    code, out, _ = command("publish", str(workbook), "-o", str(tmp_path / "发布版.xlsx"))
    assert code == 0 and "已导出发布版" in out
    assert command("check", str(tmp_path / "发布版.xlsx"))[0] == 0
    assert command("import", str(tmp_path / "发布版.xlsx"), "-o", str(tmp_path / "导入.xlsm"))[0] == 0
    assert command("new", "--from", str(workbook), str(tmp_path / "2025.xlsm"))[0] == 0
    code, out, _ = command("report", str(workbook), "-o", str(tmp_path / "out"))
    assert code == 0 and "已写入" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["审核报告.txt", "审核报告.json", "县教育局-汇总.xlsm", "情况说明（生成）.docx"])
    code, out, err = command("check", str(workbook), str(tmp_path / "2025.xlsm"), "--jobs", "1")
    assert code == 3 and "没有可校验的内容" in out  # next year's workbook holds no figures of its own yet

    # the clerk types 5000 instead of 4900: the cell, the rule and the text all say so
    typo = clerk_workbook(tmp_path, "笔误.xlsm", 收入支出_B4=5000, 收入支出_B5=5000)
    code, out, _ = command("check", str(typo), "--format", "json")
    found = {(f["rule"], f["severity"]) for f in json.loads(out)["findings"]}
    assert ("BN-001", "warning") in found and json.loads(out)["ledger"]["rules"]["BN-001"] == "failed"
    code, out, _ = command("narrative", str(typo), "-o", "-")
    assert "【待核：表中本年收入合计为 5000 万元" in out
