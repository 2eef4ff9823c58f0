"""budget-addin on the command line: outputs, exit codes, folders, unreadable files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED, ROOT

from budget_addin.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budget_addin.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_help_is_chinese_and_english() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "校验" in result.stdout and "check" in result.stdout


def test_check_text_report_and_exit_code_one_for_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COMMITTED)]) == 1
    out = capsys.readouterr().out
    assert "【错误】" in out and "【警告】" in out
    assert "国有资产!D10" in out and "72.11÷404.13=17.84%" in out
    assert "【未运行的规则】" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(COMMITTED), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["workbook"] == str(COMMITTED)
    assert payload["rules_version"]
    rules = {f["rule"] for f in payload["findings"]}
    assert {"BN-013", "BN-020", "BN-015", "SM-GROWTH", "JX-001"} <= rules
    growth = next(f for f in payload["findings"] if f["rule"] == "BN-015")
    assert growth["expected"] == 7.83 and growth["actual"] == 7  # percent, not fractions
    assert payload["ledger"]["rules"]["BN-023"] == "missing_data"
    assert len(payload["ledger"]["rules"]) >= 40


def test_consistent_workbook_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from decimal import Decimal

    from test_rules import consistent

    from budget_addin.core.model import Book
    from budget_addin.files.build import build
    from budget_addin.narrative.generate import generate

    data = consistent()
    section, records = "", []
    for number, paragraph in enumerate(generate(Book(data)), start=1):  # a published text that matches the tables
        if paragraph.kind == "heading" and paragraph.text[0] in "一二三四五六七八九":
            section = paragraph.text[0]
        records.append({"no": Decimal(number), "section": section, "kind": paragraph.kind, "text": paragraph.text})
    data["narrative"] = records
    path = build(data, tmp_path / "ok.xlsm")
    code = main(["check", str(path), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    # the missing 指标值 remains
    assert [f["rule"] for f in payload["findings"] if f["severity"] == "error"] == ["JX-001"]
    assert code == 1
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["分项绩效目标"]["D21"] = book["分项绩效目标"]["D21"].value.replace(
        "信访事项受理及时率；", "信访事项受理及时率 100%；"
    )
    book.save(path)
    assert main(["check", str(path)]) == 0


def test_folder_with_an_unreadable_file_exits_two_and_lists_every_workbook(tmp_path: Path) -> None:
    shutil.copy(COMMITTED, tmp_path / "a.xlsm")
    (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert "汇总" in result.stdout and "a.xlsm" in result.stdout and "b.xlsx" in result.stdout
    assert "无法读取" in result.stderr and "已损坏" in result.stderr
    assert "Traceback" not in result.stderr


def test_xlsx_output(tmp_path: Path) -> None:
    out = tmp_path / "审核.xlsx"
    assert main(["check", str(COMMITTED), "--format", "xlsx", "-o", str(out)]) == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["审核结果", "规则执行情况"]
    rows = list(book["审核结果"].iter_rows(values_only=True))
    assert rows[0][:4] == ("工作簿", "规则", "级别", "范围")
    assert any(row[1] == "BN-013" and "国有资产!D10" in row[4] for row in rows[1:])


def test_report_writes_every_output(tmp_path: Path) -> None:
    result = run("report", str(COMMITTED), "-o", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr  # the seed has error findings: report says so by its exit code
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(["审核报告.txt", "审核报告.json", "Changjiang2020-汇总.xlsm", "情况说明（生成）.docx"])


def test_build_and_new(tmp_path: Path) -> None:
    assert main(["new", "--name", "某街道办事处", "--code", "438099", "--year", "2021", str(tmp_path / "n.xlsm")]) == 0
    assert (tmp_path / "n.xlsm").stat().st_size > 10_000
    macros = shutil.copytree(ROOT / "macros", tmp_path / "macros")
    (macros / "xlwings_udfs.bas").write_text("stale", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (ROOT / "macros").iterdir()}
    assert main(["build", "-o", str(tmp_path / "b.xlsm"), "--macros", str(macros)]) == 0
    assert (tmp_path / "b.xlsm").exists()
    assert (macros / "xlwings_udfs.bas").read_bytes() == before["xlwings_udfs.bas"]  # regenerated from udfs.py
    assert {p.name: p.read_bytes() for p in (ROOT / "macros").iterdir()} == before  # the source tree is untouched


def test_file_errors_are_chinese_messages_not_tracebacks(tmp_path: Path) -> None:
    garbage = tmp_path / "乱码.docx"
    garbage.write_bytes(b"garbage")
    for args, words in (
        (("claims", str(COMMITTED), "--text", str(tmp_path / "无.docx")), "找不到文件"),
        (("claims", str(COMMITTED), "--text", str(garbage)), "无法读取文本"),
        (("narrative", str(COMMITTED), "-o", str(tmp_path / "无此目录" / "x.docx")), "找不到文件或文件夹"),
        (("summarize", str(garbage)), "无法读取"),
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert words in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
