"""What a batch check shows, field by field: the text, JSON, JSON-lines and xlsx outputs, the closing summary, the
messages on standard error and the exit code, for files of every outcome (clean, with errors, blank, unreadable,
crashed) in every order.

Fast on purpose (the mutation run's batch scope runs it per mutant): reports and outcomes are invented here, small
texts are written here, and the one workbook is a copy of ``workbook/Changjiang2020.xlsm``. Every expected value is
written out from the invented input, never taken from the code under test.
"""

from __future__ import annotations

import errno
import io
import json
import shutil
import sys
import zipfile
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from conftest import COMMITTED
from published_samples import rows_xlsx
from test_documents import pdf_bytes

from budget_addin import batch
from budget_addin.core.findings import RULES_VERSION, Finding, Report
from budget_addin.files.grid import ReadError

W = 40  # the summary pads each file's name to this width


@pytest.fixture(autouse=True)
def _bar_without_threads_or_process_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """tqdm as the tests need it: no monitor thread, and a thread lock instead of a multiprocessing one. The mutation
    run forks a process per mutant; there, a bar's first multiprocessing lock (a semaphore and its resource tracker)
    or a monitor thread's lock held at the fork left the test waiting until its timeout."""
    from tqdm import std, tqdm

    monkeypatch.setattr(tqdm, "monitor_interval", 0)
    monkeypatch.setattr(std.TqdmDefaultWriteLock, "mp_lock", None, raising=False)
    monkeypatch.setattr(tqdm, "_lock", std.TqdmDefaultWriteLock(), raising=False)


def pad(name: str) -> str:
    return name + " " * (W - len(name))


# -- one report as text --------------------------------------------------------------------------------------

FULL = Report(
    "甲.xlsm",
    findings=[
        Finding("R-2", "warning", "表间", ("表一!B5",), "警告甲", D("1.50"), D("2")),
        Finding("R-1", "error", "表内", ("表一!B4", "表二!C4"), "错误甲", D("17.900"), "（空）"),
        Finding("R-3", "info", "说明", (), "提示甲"),
        Finding("R-4", "error", "表内", ("表三!A1",), "错误乙", 3, 2.5),
    ],
    ledger={
        "R-1": "failed",
        "R-2": "failed",
        "R-3": "failed",
        "R-4": "failed",
        "R-5": "passed",
        "R-6": "missing_data",
        "R-7": "not_applicable",
        "R-8": "crashed",
        "R-0": "not_applicable",
    },
    notes={"R-6": "缺数", "R-8": "规则出错", "R-0": "没有此表", "R-5": "不显示"},
    read_issues=["表一!B9 无法识别", "表二!C2 过长"],
)


def test_a_report_as_text_lists_findings_by_severity_then_rules_not_run_then_read_issues() -> None:
    assert batch.render_text(FULL).split("\n") == [
        f"审核报告：甲.xlsm（规则版本 {RULES_VERSION}）",
        "错误 2 项，警告 1 项，提示 1 项；规则 9 条：出错 1，未通过 4，缺数未运行 1，不适用 2，通过 1",
        "",
        "【错误】",
        "  1. [R-1 表内] 表一!B4、表二!C4",
        "     错误甲",
        "  2. [R-4 表内] 表三!A1",
        "     错误乙",
        "",
        "【警告】",
        "  1. [R-2 表间] 表一!B5",
        "     警告甲",
        "",
        "【提示】",
        "  1. [R-3 说明] ",
        "     提示甲",
        "",
        "【未运行的规则】（未运行不算通过）",
        "  R-0 不适用：没有此表",
        "  R-6 缺数未运行：缺数",
        "  R-7 不适用：",
        "  R-8 出错：规则出错",
        "",
        "【读取问题】（这些单元格按空值处理，其余内容照常校验）",
        "  表一!B9 无法识别",
        "  表二!C2 过长",
    ]


def test_a_report_with_nothing_to_check_says_so_once() -> None:
    blank = Report("乙.xlsm", ledger={"R-1": "missing_data", "R-2": "not_applicable"}, notes={"R-1": "没有数字"})
    assert batch.render_text(blank).split("\n") == [
        f"审核报告：乙.xlsm（规则版本 {RULES_VERSION}）",
        "错误 0 项，警告 0 项，提示 0 项；规则 2 条：缺数未运行 1，不适用 1",
        "没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check",
        "",
        "【未运行的规则】（未运行不算通过）",
        "  R-1 缺数未运行：没有数字",
        "  R-2 不适用：",
    ]
    # the reader already said the workbook holds no figure: not said a second time
    read_blank = Report("丙.xlsm", read_issues=["工作簿中没有填写任何数字，没有可校验的内容"])
    assert batch.render_text(read_blank).split("\n") == [
        f"审核报告：丙.xlsm（规则版本 {RULES_VERSION}）",
        "错误 0 项，警告 0 项，提示 0 项；规则 0 条：",
        "",
        "【读取问题】（这些单元格按空值处理，其余内容照常校验）",
        "  工作簿中没有填写任何数字，没有可校验的内容",
    ]


def test_a_severity_without_findings_is_left_out() -> None:
    report = Report(
        "己.xlsm",
        findings=[Finding("R-1", "error", "表内", ("A1",), "错"), Finding("R-2", "info", "表内", ("B1",), "提示")],
        ledger={"R-1": "failed"},
    )
    assert batch.render_text(report).split("\n")[2:] == [
        "",
        "【错误】",
        "  1. [R-1 表内] A1",
        "     错",
        "",
        "【提示】",
        "  1. [R-2 表内] B1",
        "     提示",
    ]


def test_a_clean_report_is_two_lines() -> None:
    clean = Report("丁.xlsm", ledger={"R-1": "passed", "R-2": "passed"})
    assert batch.render_text(clean) == (
        f"审核报告：丁.xlsm（规则版本 {RULES_VERSION}）\n错误 0 项，警告 0 项，提示 0 项；规则 2 条：通过 2"
    )


# -- one report as rows and as JSON ----------------------------------------------------------------------------


def test_findings_as_rows_of_the_result_sheet() -> None:
    rows = batch.finding_rows(FULL)
    assert rows == [
        ("甲.xlsm", "R-2", "警告", "表间", "表一!B5", "警告甲", 1.5, 2.0),
        ("甲.xlsm", "R-1", "错误", "表内", "表一!B4、表二!C4", "错误甲", 17.9, "（空）"),
        ("甲.xlsm", "R-3", "提示", "说明", "", "提示甲", None, None),
        ("甲.xlsm", "R-4", "错误", "表内", "表三!A1", "错误乙", 3, 2.5),
    ]
    assert [(type(r[6]), type(r[7])) for r in rows] == [(float, float), (float, str), (type(None),) * 2, (int, float)]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, None),
        (D("17.900"), 17.9),
        (D("-0.5"), -0.5),
        (7, 7),
        (2.25, 2.25),
        (True, "True"),
        (False, "False"),
        (D("NaN"), "NaN"),
        (D("Infinity"), "Infinity"),
        ("（空）", "（空）"),
        ((1, 2), "(1, 2)"),
    ],
)
def test_expected_and_actual_cells_are_numbers_when_they_are_numbers(value: object, cell: object) -> None:
    got = batch._figure_cell(value)
    assert got == cell and type(got) is type(cell)


def test_a_file_name_with_undecodable_bytes_is_shown_escaped() -> None:
    report = Report(
        "坏\udcff名.xlsm",
        findings=[Finding("R-1", "error", "表内", ("A1",), "错")],
        ledger={"R-1": "failed", "R-0": "crashed"},
        notes={"R-0": "异常"},
    )
    assert batch.printable("坏\udcff名.xlsm") == "坏\\udcff名.xlsm"
    assert batch.finding_rows(report)[0][0] == "坏\\udcff名.xlsm"
    assert batch.ledger_rows(report) == [
        ("坏\\udcff名.xlsm", "R-0", "出错", "异常"),
        ("坏\\udcff名.xlsm", "R-1", "未通过", ""),
    ]


def test_the_ledger_as_rows_in_rule_order_with_the_reason() -> None:
    assert batch.ledger_rows(FULL) == [
        ("甲.xlsm", "R-0", "不适用", "没有此表"),
        ("甲.xlsm", "R-1", "未通过", ""),
        ("甲.xlsm", "R-2", "未通过", ""),
        ("甲.xlsm", "R-3", "未通过", ""),
        ("甲.xlsm", "R-4", "未通过", ""),
        ("甲.xlsm", "R-5", "通过", "不显示"),
        ("甲.xlsm", "R-6", "缺数未运行", "缺数"),
        ("甲.xlsm", "R-7", "不适用", ""),
        ("甲.xlsm", "R-8", "出错", "规则出错"),
    ]


SMALL = Report(
    "戊", findings=[Finding("R-1", "error", "表内", ("A1",), "错", D("1.5"), None)], ledger={"R-1": "failed"}
)
SMALL_JSON = {
    "workbook": "戊",
    "rules_version": RULES_VERSION,
    "findings": [
        {
            "rule": "R-1",
            "severity": "error",
            "scope": "表内",
            "cells": ["A1"],
            "message": "错",
            "expected": 1.5,
            "actual": None,
        }
    ],
    "ledger": {"rules": {"R-1": "failed"}, "reasons": {}, "summary": {"failed": 1}},
    "read_issues": [],
    "nothing_checked": False,
}


def test_the_payload_of_each_format() -> None:
    line = batch.render_payload(SMALL, "jsonl")
    assert "\n" not in line and '"workbook": "戊"' in line and json.loads(line) == SMALL_JSON
    pretty = batch.render_payload(SMALL, "json")
    assert pretty.split("\n")[:3] == ["{", '  "workbook": "戊",', f'  "rules_version": "{RULES_VERSION}",']
    assert json.loads(pretty) == SMALL_JSON
    assert batch.render_payload(SMALL, "text").split("\n")[2:] == ["", "【错误】", "  1. [R-1 表内] A1", "     错"]
    assert batch.render_payload(SMALL, "xlsx") == (
        [("戊", "R-1", "错误", "表内", "A1", "错", 1.5, None)],
        [("戊", "R-1", "未通过", "")],
    )


# -- the summary and the exit code -----------------------------------------------------------------------------

A = batch.Outcome("a.xlsm", (2, 1, 0), payload="A")
B = batch.Outcome("b.xlsm", payload="B", nothing_checked=True)
C = batch.Outcome("c.xlsx", unreadable="坏文件")
DD = batch.Outcome("d.xlsm", crashed="程序内部错误")
E = batch.Outcome("e.xlsm", (0, 3, 4), payload="E", rule_crashed=True, note="已写入批注版")
CLEAN = batch.Outcome("f.xlsm", payload="F")


def test_the_tally_keeps_one_line_per_file_and_the_lists_the_user_is_told() -> None:
    tally = batch.Tally()
    for outcome in (A, B, C, DD, E, CLEAN, batch.Outcome("g.xlsm", (1, 0, 0), "G"), B):
        tally.add(outcome)
    assert tally.lines == [
        pad("a.xlsm") + "    2     1     0",
        pad("b.xlsm") + " 没有可校验的内容",
        pad("c.xlsx") + " 无法读取",
        pad("d.xlsm") + " 程序出错，未能校验",
        pad("e.xlsm") + "    0     3     4",
        pad("f.xlsm") + "    0     0     0",
        pad("g.xlsm") + "    1     0     0",
        pad("b.xlsm") + " 没有可校验的内容",
    ]
    assert (tally.checked, tally.with_errors, tally.nothing_checked) == (6, 2, 2)
    assert tally.blank == ["b.xlsm", "b.xlsm"] and tally.rule_crashed == ["e.xlsm"]
    assert tally.unreadable == [("c.xlsx", "坏文件")] and tally.crashed == [("d.xlsm", "程序内部错误")]
    assert tally.notes == ["已写入批注版"]
    assert tally.consolidated().split("\n") == ["汇总 / Summary", pad("工作簿") + " 错误  警告  提示", *tally.lines]
    assert A.errors == 2 and E.errors == 0


def test_a_long_name_is_not_cut_in_the_summary() -> None:
    tally = batch.Tally()
    name = "很长的名字" * 10
    tally.add(batch.Outcome(name, (1, 22, 333)))
    assert tally.lines == [name + "    1    22   333"]


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([], 0),
        ([CLEAN], 0),
        ([batch.Outcome("w", (0, 5, 5))], 0),
        ([A], 1),
        ([B], 3),
        ([C], 2),
        ([DD], 4),
        ([batch.Outcome("r", rule_crashed=True)], 4),
        ([CLEAN, B], 3),
        ([B, CLEAN], 3),
        ([CLEAN, C], 2),
        ([C, CLEAN], 2),
        ([A, B], 1),
        ([B, A], 1),
        ([A, C], 2),
        ([C, A], 2),
        ([C, B], 2),
        ([A, DD], 4),
        ([DD, C], 4),
        ([C, DD], 4),
        ([CLEAN, E], 4),
        ([B, C, A, CLEAN], 2),
    ],
)
def test_a_batch_exits_with_the_worst_code_four_two_one_three_zero(outcomes: list[batch.Outcome], code: int) -> None:
    tally = batch.Tally()
    for outcome in outcomes:
        tally.add(outcome)
    assert tally.exit_code() == code


# -- the writers -----------------------------------------------------------------------------------------------


class Flushed(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes: list[str] = []

    def flush(self) -> None:
        self.flushes.append(self.getvalue())


def test_text_output_is_the_reports_then_the_summary() -> None:
    out, tally = io.StringIO(), batch.Tally()
    batch._write_text(iter([A, C, B, DD]), tally, out, 4)
    summary = "\n".join(
        [
            "汇总 / Summary",
            pad("工作簿") + " 错误  警告  提示",
            pad("a.xlsm") + "    2     1     0",
            pad("c.xlsx") + " 无法读取",
            pad("b.xlsm") + " 没有可校验的内容",
            pad("d.xlsm") + " 程序出错，未能校验",
        ]
    )
    assert out.getvalue() == "A\n\nB\n\n" + summary + "\n"
    assert tally.checked == 2


def test_text_output_of_one_file_has_no_summary() -> None:
    out = io.StringIO()
    batch._write_text(iter([A]), batch.Tally(), out, 1)
    assert out.getvalue() == "A\n"
    out = io.StringIO()
    batch._write_text(iter([C]), batch.Tally(), out, 1)
    assert out.getvalue() == "\n"


def test_text_output_without_any_report_is_the_summary_alone() -> None:
    out, tally = io.StringIO(), batch.Tally()
    batch._write_text(iter([C, DD]), tally, out, 2)
    assert (
        out.getvalue()
        == "\n".join(
            [
                "汇总 / Summary",
                pad("工作簿") + " 错误  警告  提示",
                pad("c.xlsx") + " 无法读取",
                pad("d.xlsm") + " 程序出错，未能校验",
            ]
        )
        + "\n"
    )


def test_jsonl_is_one_line_per_file_each_flushed_as_it_comes() -> None:
    out, tally = Flushed(), batch.Tally()
    batch._write_jsonl(iter([A, C, DD, B]), tally, out)
    expected = [
        "A",
        '{"workbook": "c.xlsx", "status": "unreadable", "reason": "坏文件"}',
        '{"workbook": "d.xlsm", "status": "crashed", "reason": "程序内部错误"}',
        "B",
    ]
    assert out.getvalue() == "\n".join(expected) + "\n"
    assert out.flushes == ["\n".join(expected[:n]) + "\n" for n in range(1, 5)]
    assert tally.unreadable == [("c.xlsx", "坏文件")] and tally.checked == 2


def test_json_of_one_file_is_its_report_alone() -> None:
    out, tally = io.StringIO(), batch.Tally()
    batch._write_json(iter([batch.Outcome("x", payload='{\n  "x": 1\n}')]), tally, out, 1)
    assert out.getvalue() == '{\n  "x": 1\n}\n' and tally.checked == 1


def test_json_of_one_unreadable_file_lists_it() -> None:
    out, tally = io.StringIO(), batch.Tally()
    batch._write_json(iter([C]), tally, out, 1)
    assert out.getvalue() == (
        '{\n  "reports": [],\n  "unreadable": [\n    {\n      "workbook": "c.xlsx",\n'
        '      "reason": "坏文件"\n    }\n  ]\n}\n'
    )
    assert tally.unreadable == [("c.xlsx", "坏文件")]


def test_json_of_many_files_nests_each_report_and_lists_the_problems() -> None:
    out, tally = io.StringIO(), batch.Tally()
    one, two = batch.Outcome("x", payload='{\n  "x": 1\n}'), batch.Outcome("y", payload='{\n  "y": 2\n}')
    batch._write_json(iter([one, DD, C, two]), tally, out, 4)
    assert out.getvalue() == "\n".join(
        [
            "{",
            '  "reports": [',
            "    {",
            '      "x": 1',
            "    },",
            "    {",
            '      "y": 2',
            "    }",
            "  ],",
            '  "unreadable": [',
            "    {",
            '      "workbook": "c.xlsx",',
            '      "reason": "坏文件"',
            "    },",
            "    {",
            '      "workbook": "d.xlsm",',
            '      "reason": "程序内部错误",',
            '      "internal_error": true',
            "    }",
            "  ]",
            "}",
            "",
        ]
    )
    assert json.loads(out.getvalue())["reports"] == [{"x": 1}, {"y": 2}]


def test_json_of_many_files_without_problems() -> None:
    out = io.StringIO()
    batch._write_json(iter([batch.Outcome("x", payload="{}"), B]), batch.Tally(), out, 2)
    assert out.getvalue() == '{\n  "reports": [\n    {},\n    B\n  ],\n  "unreadable": []\n}\n'


ROW_A = ("a.xlsm", "R-1", "错误", "表内", "A1", "=1+1", 1.5, "（空）")
ROW_B = ("a.xlsm", "R-2", "提示", "表间", "B2", "http://example.invalid/x", None, 2)
LEDGER_A = [("a.xlsm", "R-1", "未通过", ""), ("a.xlsm", "R-2", "未通过", "0123")]


def _xlsx(outcomes: list[batch.Outcome], **options: object) -> openpyxl.Workbook:
    out, tally = io.BytesIO(), batch.Tally()
    batch._write_xlsx(iter(outcomes), tally, out, **options)  # type: ignore[arg-type]
    assert len(tally.lines) == len(outcomes)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("constant_memory", [True, False])
def test_xlsx_has_a_row_per_finding_and_one_for_each_file_without_findings_of_its_own(constant_memory: bool) -> None:
    with_rows = batch.Outcome("a.xlsm", (1, 0, 1), payload=([ROW_A, ROW_B], LEDGER_A))
    blank = batch.Outcome(
        "坏\udcff.xlsm", payload=([], [("坏\\udcff.xlsm", "R-1", "缺数未运行", "没有数字")]), nothing_checked=True
    )
    book = _xlsx(
        [C, with_rows, blank, DD, batch.Outcome("clean.xlsm", payload=([], []))], constant_memory=constant_memory
    )
    assert book.sheetnames == ["审核结果", "规则执行情况"]
    results = book["审核结果"]
    assert list(results.iter_rows(values_only=True)) == [
        ("工作簿", "规则", "级别", "范围", "单元格", "说明", "应为", "实为"),
        ("c.xlsx", "—", "无法读取", "—", None, "坏文件", None, None),
        ROW_A,
        ROW_B,
        (
            "坏\\udcff.xlsm",
            "—",
            "没有可校验的内容",
            "—",
            None,
            "没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check",
            None,
            None,
        ),
        ("d.xlsm", "—", "程序出错，未能校验", "—", None, "程序内部错误", None, None),
    ]
    assert results["F3"].value == "=1+1" and results["F3"].data_type == "s"  # text stays text: no formula,
    assert results["F4"].hyperlink is None and results["F4"].data_type == "s"  # no link,
    assert (
        results["F4"].value == "http://example.invalid/x" and book["规则执行情况"]["D3"].data_type == "s"
    )  # no number
    assert [c.font.b for c in results[1]] == [True] * 8 and results["A2"].font.b is not True
    assert [c.font.b for c in book["规则执行情况"][1]] == [True] * 4
    assert list(book["规则执行情况"].iter_rows(values_only=True)) == [
        ("工作簿", "规则", "结果", "原因"),
        ("a.xlsm", "R-1", "未通过", None),
        ("a.xlsm", "R-2", "未通过", "0123"),
        ("坏\\udcff.xlsm", "R-1", "缺数未运行", "没有数字"),
    ]


def test_a_full_sheet_continues_on_the_next() -> None:
    rows = [(f"w{n}", f"R-{n}", "错误", "表内", "", "x", None, None) for n in range(5)]
    ledger = [("w", f"R-{n}", "通过", "") for n in range(3)]
    book = _xlsx([batch.Outcome("w", payload=(rows, ledger))], max_rows=3)
    assert book.sheetnames == ["审核结果", "规则执行情况", "审核结果（续2）", "审核结果（续3）", "规则执行情况（续2）"]
    assert [[r[1] for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames] == [
        ["规则", "R-0", "R-1"],
        ["规则", "R-0", "R-1"],
        ["规则", "R-2", "R-3"],
        ["规则", "R-4"],
        ["规则", "R-2"],
    ]
    assert all(book[name]["A1"].font.b for name in book.sheetnames)


def _shared_strings(**options: object) -> bool:
    out = io.BytesIO()
    batch._write_xlsx(iter([batch.Outcome("w", payload=([ROW_A], LEDGER_A))]), batch.Tally(), out, **options)
    return "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(out.getvalue())).namelist()


def test_rows_go_to_disk_as_they_come_unless_asked_to_share_strings() -> None:
    assert not _shared_strings() and not _shared_strings(constant_memory=True)
    assert _shared_strings(constant_memory=False)


def test_xlsx_keeps_the_calculation_settings_of_excel() -> None:
    out = io.BytesIO()
    batch._write_xlsx(iter([batch.Outcome("a", payload=([], []))]), batch.Tally(), out)
    workbook_xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/workbook.xml").decode()
    assert 'calcId="191029"' in workbook_xml and "fullCalcOnLoad" not in workbook_xml


@pytest.mark.parametrize(
    ("cause", "code", "text"),
    [(OSError(errno.ENOSPC, "磁盘已满"), errno.ENOSPC, "磁盘已满"), ("没有临时文件", errno.EIO, "没有临时文件")],
)
def test_xlsx_that_cannot_be_made_is_a_plain_os_error(
    monkeypatch: pytest.MonkeyPatch, cause: object, code: int, text: str
) -> None:
    import xlsxwriter

    def fail(self: object) -> None:
        raise xlsxwriter.exceptions.FileCreateError(cause)

    monkeypatch.setattr(xlsxwriter.Workbook, "close", fail)
    out = io.BytesIO()
    out.name = "审核.xlsx"  # type: ignore[attr-defined]
    with pytest.raises(OSError) as caught:
        batch._write_xlsx(iter([batch.Outcome("a", payload=([], []))]), batch.Tally(), out)
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (code, text, "审核.xlsx")
    assert caught.value.__suppress_context__ and out.getvalue() == b""
    with pytest.raises(OSError) as caught:  # a stream without a name
        batch._write_xlsx(iter([]), batch.Tally(), io.BytesIO())
    assert (caught.value.errno, caught.value.filename) == (code, None)


# -- checking one file -----------------------------------------------------------------------------------------

DEPT = "白石镇人民政府"
OK_TEXT = f"{DEPT}2021年部门预算\n支出总计 100 万元，其中基本支出 60 万元、项目支出 40 万元。\n"
ERR_TEXT = f"{DEPT}2021年部门预算\n支出总计 100 万元，其中基本支出 60 万元、项目支出 50 万元。\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outputs")
    (root / "ok.txt").write_text(OK_TEXT, encoding="utf-8")
    (root / "err.txt").write_text(ERR_TEXT, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "2020.txt").write_text(f"{DEPT}2020年部门预算\n行政运行（项）88.50万元。\n", encoding="utf-8")
    (root / "2021.txt").write_text(
        f"{DEPT}2021年部门预算\n行政运行（项）90.00万元，比上年增加1.00万元。\n", encoding="utf-8"
    )
    (root / "ok.csv").write_text(f"{DEPT}2021年部门预算\n项目,金额\n基本支出,60\n", encoding="utf-8")
    shutil.copy(COMMITTED, root / "book.xlsm")
    rows_xlsx(
        root / "tables.xlsx", [[f"{DEPT}2021年部门预算收支总表"], ["单位：万元"], ["项目", "金额"], ["基本支出", 60]]
    )
    return root


def test_a_clean_and_an_erring_text(files: Path) -> None:
    ok = batch.check_one(files / "ok.txt", "text")
    assert (ok.workbook, ok.counts, ok.unreadable, ok.crashed, ok.note) == (
        str(files / "ok.txt"),
        (0, 0, 0),
        None,
        None,
        None,
    )
    assert not ok.nothing_checked and not ok.rule_crashed
    assert ok.payload.split("\n")[0] == f"审核报告：{files / 'ok.txt'}（规则版本 {RULES_VERSION}）"
    assert (ok.identity.department, ok.identity.year, ok.identity.kind) == (DEPT, 2021, "预算")
    err = batch.check_one(files / "err.txt", "jsonl")
    assert err.counts == (1, 0, 0) and err.errors == 1
    (finding,) = json.loads(err.payload)["findings"]
    assert (finding["rule"], finding["cells"], finding["expected"], finding["actual"]) == (
        "TX-SUM",
        ["第2段"],
        110,
        100,
    )


def test_the_committed_workbook(files: Path) -> None:
    outcome = batch.check_one(files / "book.xlsm", "xlsx")
    findings, ledger = outcome.payload
    assert outcome.counts == (5, 9, 8) and len(findings) == 22 and not outcome.nothing_checked
    assert (outcome.identity.year, outcome.identity.code) == (2020, "438002")
    # 国有资产: 72.11 ÷ 404.13 = 17.84%, printed as 17.9%
    assert ("BN-013", "错误", "表内", 17.84, 17.9) in [(r[1], r[2], r[3], r[6], r[7]) for r in findings]
    assert {r[0] for r in findings + ledger} == {str(files / "book.xlsm")}


def test_summary_sheets_made_from_other_inputs_are_reported(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from budget_addin.files import summarize

    stale = Finding("ST-1", "warning", "表间", ("汇总!A1",), "汇总表不是由当前数据生成")
    asked = []

    def stale_findings(path: Path, grid: dict, data: object) -> list[Finding]:
        asked.append((path, "收入支出" in grid, data))
        return [stale]

    monkeypatch.setattr(summarize, "stale_findings", stale_findings)
    report, book = batch.check_workbook_book(files / "book.xlsm")
    assert report.findings[-1] is stale and len(report.findings) == 23 and book.source == str(files / "book.xlsm")
    assert asked == [(files / "book.xlsm", True, book.data)]


def test_a_workbook_checked_with_its_text(files: Path) -> None:
    outcome = batch.check_one(files / "book.xlsm", "xlsx", text=files / "err.txt")
    assert outcome.counts == (9, 9, 8) and [r[4] for r in outcome.payload[0]].count("err.txt 第2段、收入支出!B18") == 2
    alone = batch.check_workbook(files / "book.xlsm")
    with_text = batch.check_workbook(files / "book.xlsm", files / "err.txt")
    added = with_text.findings[len(alone.findings) :]
    assert with_text.findings[: len(alone.findings)] == alone.findings
    # the text's 100 = 60 + 50 against the workbook's 支出总计 3805.77, 基本支出 1304.85, 项目支出 2500.92
    assert [(f.rule, f.cells, f.expected, f.actual) for f in added] == [
        ("SM-AMOUNT", ("err.txt 第2段", "收入支出!B18"), D("3805.77"), D("100")),
        ("SM-SUM", ("err.txt 第2段", "收入支出!B18"), D("110"), D("100")),
        ("SM-AMOUNT", ("err.txt 第2段", "收入支出!B19"), D("1304.85"), D("60")),
        ("SM-AMOUNT", ("err.txt 第2段", "收入支出!B22"), D("2500.92"), D("50")),
    ]


def test_spreadsheets_of_a_disclosures_tables_are_checked_as_published(files: Path) -> None:
    for name, blank in (("tables.xlsx", True), ("ok.csv", False)):
        outcome = batch.check_one(files / name, "text")
        assert outcome.unreadable is None and outcome.crashed is None, outcome
        assert outcome.payload.startswith(f"审核报告：{files / name}") and outcome.nothing_checked is blank
        assert "BG-001 不适用" in outcome.payload  # the published rules ran
        # whose and which year: from the text (the .csv's first line), else from a table's title (the .xlsx)
        assert (outcome.identity.department, outcome.identity.year) == (DEPT, 2021)


@pytest.mark.parametrize(
    ("name", "why"), [("empty.txt", "empty.txt 中没有文字"), ("gone.txt", "找不到文件 {root}/gone.txt")]
)
def test_an_unreadable_file_gives_its_reason(files: Path, name: str, why: str) -> None:
    outcome = batch.check_one(files / name, "text")
    assert outcome == batch.Outcome(str(files / name), unreadable=why.format(root=files))


def test_a_broken_workbook_is_unreadable(files: Path) -> None:
    outcome = batch.check_one(files / "broken.xlsx", "json")
    assert outcome.payload is None and outcome.crashed is None and outcome.identity is None
    assert "不是 Excel 工作簿" in outcome.unreadable


def test_a_locked_file_and_a_crash(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(path: Path) -> None:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(batch, "check_published_document", locked)
    assert batch.check_one(files / "ok.txt", "text") == batch.Outcome(
        str(files / "ok.txt"),
        unreadable=f"没有权限或文件被占用：{files / 'ok.txt'}（如已在 Excel/WPS 中打开，请先关闭）",
    )

    def broken(path: Path) -> None:
        raise RuntimeError("规则引擎故障")

    monkeypatch.setattr(batch, "check_published_document", broken)
    outcome = batch.check_one(files / "ok.txt", "text")
    assert outcome.unreadable is None and outcome.payload is None and outcome.workbook == str(files / "ok.txt")
    assert outcome.crashed.startswith("程序内部错误（RuntimeError），这是程序缺陷而非文件问题")


def test_a_rule_that_crashed_is_told(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_published_document

    def one_rule_crashes(path: Path) -> tuple[Report, object]:
        report, document = real(path)
        report.ledger["BG-001"] = "crashed"
        return report, document

    monkeypatch.setattr(batch, "check_published_document", one_rule_crashes)
    outcome = batch.check_one(files / "ok.txt", "text")
    assert outcome.rule_crashed and outcome.counts == (0, 0, 0) and "BG-001 出错" in outcome.payload


def test_an_annotated_copy_is_made_only_of_a_pdf(files: Path, tmp_path: Path) -> None:
    outcome = batch.check_one(files / "ok.txt", "text", annotate=tmp_path)
    assert outcome.note == "ok.txt 不是 PDF，未生成批注版（批注版只为 PDF 生成）" and outcome.counts == (0, 0, 0)
    assert list(tmp_path.iterdir()) == []


def test_an_annotated_copy_of_a_pdf_into_a_folder_or_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.pdf").write_bytes(pdf_bytes(["Budget of 2021.", "Spending is 100."]))
    into = tmp_path / "批注"
    into.mkdir()
    outcome = batch.check_one(tmp_path / "a.pdf", "text", annotate=into)
    assert outcome.note == f"已写入批注版 {into / 'a.批注.pdf'}：标注 0 处" and outcome.counts == (0, 0, 0)
    assert (into / "a.批注.pdf").read_bytes().startswith(b"%PDF")
    assert batch.check_one(tmp_path / "a.pdf", "text", annotate=tmp_path / "b.pdf").note == (
        f"已写入批注版 {tmp_path / 'b.pdf'}：标注 0 处"
    )
    assert batch.check_one(tmp_path / "a.pdf", "text", annotate=tmp_path / "a.pdf").note == (
        f"a.pdf 未生成批注版：输出文件就是输入文件：{tmp_path / 'a.pdf'}（会覆盖原文件），请换一个文件名"
    )
    from budget_addin.files.published import annotate

    for error in (annotate.AnnotateError("已加密，不允许批注"), OSError(28, "磁盘已满")):

        def fail(*args: object, error: Exception = error) -> int:
            raise error

        monkeypatch.setattr(annotate, "annotate", fail)
        assert batch.check_one(tmp_path / "a.pdf", "text", annotate=tmp_path / "c.pdf").note == (
            f"a.pdf 未生成批注版：{error}"
        )
    assert not (tmp_path / "c.pdf").exists() and batch.check_one(tmp_path / "a.pdf", "text").note is None


# -- many files: order, pairing of years, what is written and said ---------------------------------------------


def test_the_years_of_a_department_are_compared_after_the_files(files: Path) -> None:
    streamed = list(
        batch._and_across_years(
            (batch.check_one(files / n, "text") for n in ("2021.txt", "ok.txt", "empty.txt", "2020.txt")), "text"
        )
    )
    names = [o.workbook for o in streamed]
    assert names[:4] == [str(files / n) for n in ("2021.txt", "ok.txt", "empty.txt", "2020.txt")]
    # 2021 states 90.00 − 1.00 = 89.00 for 2020; 2020 published 88.50
    assert names[4:] == [
        f"跨年比对：{DEPT} 2020→2021（2020.txt → 2021.txt）",
        f"跨年比对：{DEPT} 2020→2021（2020.txt → ok.txt）",
    ]
    assert streamed[4].counts == (1, 0, 0) and streamed[5].counts == (0, 0, 0)
    assert "KN-001" in streamed[4].payload and "KN-001" not in streamed[5].payload
    assert "所列上年数 89 万元（90 − 1）" in streamed[4].payload
    assert streamed[4].payload.startswith(f"审核报告：跨年比对：{DEPT} 2020→2021（2020.txt → 2021.txt）（规则版本")
    differ, agree = batch.across_years(
        [
            (str(files / "2020.txt"), streamed[3].identity),
            (str(files / "2021.txt"), streamed[0].identity),
            (str(files / "ok.txt"), streamed[1].identity),
        ],
        "jsonl",
    )
    assert json.loads(differ.payload)["ledger"]["rules"] == {"KN-001": "failed"}
    assert json.loads(agree.payload)["ledger"]["rules"] == {"KN-001": "passed"}
    assert json.loads(agree.payload)["workbook"] == f"跨年比对：{DEPT} 2020→2021（2020.txt → ok.txt）"


def test_a_comparison_that_cannot_read_or_crashes_is_reported_not_raised(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = [(str(files / n), batch.check_one(files / n, "text").identity) for n in ("2020.txt", "2021.txt", "ok.txt")]
    names = [f"跨年比对：{DEPT} 2020→2021（2020.txt → {n}）" for n in ("2021.txt", "ok.txt")]

    def gone(path: Path) -> None:
        raise ReadError(f"读不到 {path.name}")

    monkeypatch.setattr(batch, "disclosure_of", gone)
    assert list(batch.across_years(seen, "text")) == [batch.Outcome(n, unreadable="读不到 2020.txt") for n in names]

    def broken(path: Path) -> None:
        raise RuntimeError("故障")

    monkeypatch.setattr(batch, "disclosure_of", broken)
    crashed = list(batch.across_years(seen, "text"))
    assert [o.workbook for o in crashed] == names
    assert all(o.crashed.startswith("程序内部错误（RuntimeError）") and o.payload is None for o in crashed)
    assert list(batch.across_years(seen[:1], "text")) == []


def test_what_a_workbook_and_a_text_disclose(files: Path) -> None:
    book = batch.disclosure_of(files / "book.xlsm")
    assert book.name == "book.xlsm" and book.identity.year == 2020 and len(book.current) > 0
    text = batch.disclosure_of(files / "2021.txt")
    assert text.name == "2021.txt" and [str(s.value) for s in text.prior] == ["89.00"]
    tables = batch.disclosure_of(files / "tables.xlsx")
    assert tables.name == "tables.xlsx" and [s.value for s in tables.current] == [60]
    csv = batch.disclosure_of(files / "ok.csv")  # read as a published table, never as a workbook
    assert (csv.name, csv.identity.department, [s.value for s in csv.current]) == ("ok.csv", DEPT, [60])


def test_an_old_excel_file_is_read_as_published_tables(files: Path, tmp_path: Path) -> None:
    (tmp_path / "旧.xls").write_bytes(b"not an xls")
    with pytest.raises(ReadError, match="^无法读取 .xls 文件：.*旧.xls"):
        batch.disclosure_of(tmp_path / "旧.xls")
    assert batch.check_one(tmp_path / "旧.xls", "text").unreadable.startswith("无法读取 .xls 文件：")


def test_a_document_checked_on_its_own(files: Path) -> None:
    report = batch.check_document(files / "err.txt")
    assert report.workbook == str(files / "err.txt") and report.counts() == {"error": 1, "warning": 0, "info": 0}


FAKE = {"a.xlsm": A, "b.xlsm": B, "c.xlsx": C, "d.xlsm": DD, "e.xlsm": E, "f.xlsm": CLEAN}


class Asked(list):
    """The files check_one was asked for, and beside them the text and the annotation target it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.extras: list[tuple[Path | None, Path | None]] = []


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """check_one answers with the invented outcome of each name (a.xlsm … f.xlsm), recording what it was asked."""
    asked = Asked()

    def check_one(path: Path, fmt: str, text: Path | None = None, annotate: Path | None = None) -> batch.Outcome:
        asked.append((path.name, fmt))
        asked.extras.append((text, annotate))
        outcome = FAKE.get(path.name, CLEAN)
        if fmt == "xlsx" and outcome.payload is not None:
            return batch.Outcome(
                outcome.workbook,
                outcome.counts,
                ([], []),
                outcome.unreadable,
                outcome.crashed,
                outcome.nothing_checked,
                outcome.rule_crashed,
                note=outcome.note,
            )
        return outcome

    monkeypatch.setattr(batch, "check_one", check_one)
    return asked


def _run(names: str, fmt: str = "text", output: str | None = None, **options: object) -> tuple[int, list[str]]:
    said: list[str] = []
    code = batch.run_check(
        [Path(n) for n in names.split()], fmt, output, jobs=1, quiet=True, err=said.append, **options
    )  # type: ignore[arg-type]
    return code, said


def test_every_file_that_was_not_checked_is_told_with_its_reason(
    fake: list, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = _run("a.xlsm c.xlsx d.xlsm e.xlsm b.xlsm f.xlsm")
    assert code == 4
    assert said == [
        "已写入批注版",
        "无法读取 c.xlsx：坏文件",
        "内部错误，d.xlsm 未能校验（不是校验结果，请把此文件发给维护人员）：程序内部错误",
        f"e.xlsm：有规则运行出错（程序缺陷），其余规则照常运行；详情已写入日志 {batch.log_path()}",
        "b.xlsm：没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check",
    ]
    out = capsys.readouterr().out
    assert out.startswith("A\n\nE\n\nB\n\nF\n\n汇总 / Summary\n") and out.endswith(
        pad("f.xlsm") + "    0     0     0\n"
    )
    assert fake == [(n, "text") for n in ("a.xlsm", "c.xlsx", "d.xlsm", "e.xlsm", "b.xlsm", "f.xlsm")]


@pytest.mark.parametrize(
    ("names", "code", "said"),
    [
        ("f.xlsm", 0, []),
        ("a.xlsm", 1, []),
        ("c.xlsx", 2, ["无法读取 c.xlsx：坏文件"]),
        ("b.xlsm", 3, ["没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check"]),
        (
            "f.xlsm b.xlsm",
            3,
            ["b.xlsm：没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check"],
        ),
        (
            "a.xlsm b.xlsm",
            1,
            ["b.xlsm：没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check"],
        ),
        (
            "b.xlsm c.xlsx",
            2,
            [
                "无法读取 c.xlsx：坏文件",
                "b.xlsm：没有可校验的内容：工作簿中没有填写任何数字，或没有可以相互核对的数字 / nothing to check",
            ],
        ),
        ("c.xlsx f.xlsm", 2, ["无法读取 c.xlsx：坏文件"]),
    ],
)
def test_the_exit_code_and_the_messages_of_mixed_outcomes(fake: list, names: str, code: int, said: list[str]) -> None:
    assert _run(names) == (code, said)


def test_nothing_to_check_and_xlsx_without_a_file(fake: list) -> None:
    assert _run("") == (3, ["没有找到要校验的工作簿（.xlsx/.xlsm）/ nothing to check"])
    assert _run("a.xlsm", "xlsx") == (2, ["--format xlsx 需要 -o 输出文件 / needs -o FILE"])
    assert _run("a.xlsm", "xlsx", "-") == (2, ["--format xlsx 需要 -o 输出文件 / needs -o FILE"])
    assert fake == []


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "xlsx"])
def test_every_format_written_to_a_file_says_so(fake: list, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"审核.{fmt}"
    assert _run("f.xlsm c.xlsx", fmt, str(target)) == (2, [f"已写入 {target}", "无法读取 c.xlsx：坏文件"])
    assert fake == [("f.xlsm", fmt), ("c.xlsx", fmt)]
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(target)["审核结果"].iter_rows(values_only=True))
        assert rows[1:] == [("c.xlsx", "—", "无法读取", "—", None, "坏文件", None, None)]
    elif fmt == "jsonl":
        assert (
            target.read_text(encoding="utf-8")
            == 'F\n{"workbook": "c.xlsx", "status": "unreadable", "reason": "坏文件"}\n'
        )
    elif fmt == "json":
        assert json.loads(target.read_text(encoding="utf-8").replace("F", "{}"))["unreadable"] == [
            {"workbook": "c.xlsx", "reason": "坏文件"}
        ]
    else:
        assert target.read_text(encoding="utf-8").startswith("F\n\n汇总 / Summary\n")


def test_the_text_and_the_annotation_folder_go_to_every_check(fake: Asked) -> None:
    said: list[str] = []
    batch.run_check([Path("a.xlsm"), Path("f.xlsm")], "jsonl", None, 1, True, said.append, Path("t.txt"), Path("批注"))
    assert fake == [("a.xlsm", "jsonl"), ("f.xlsm", "jsonl")] and fake.extras == [(Path("t.txt"), Path("批注"))] * 2


@pytest.mark.parametrize(("count", "shared"), [(1, True), (200, True), (201, False)])
def test_up_to_200_files_the_xlsx_shares_its_strings_as_excel_does(
    fake: list, tmp_path: Path, count: int, shared: bool
) -> None:
    target = tmp_path / "审核.xlsx"
    assert _run(" ".join(f"{n}.xlsm" for n in range(count)), "xlsx", str(target))[0] == 0
    assert ("xl/sharedStrings.xml" in zipfile.ZipFile(target).namelist()) is shared


def test_json_of_one_file_to_standard_output(fake: list, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("a.xlsm", "json") == (1, [])
    assert capsys.readouterr().out == "A\n"
    assert _run("a.xlsm f.xlsm", "json", "-") == (1, [])
    assert capsys.readouterr().out == '{\n  "reports": [\n    A,\n    F\n  ],\n  "unreadable": []\n}\n'


def test_real_files_by_default_as_text_with_the_years_compared(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said: list[str] = []
    assert batch.run_check([files / "ok.txt"], jobs=1, err=said.append) == 0
    assert (
        capsys.readouterr().out.startswith(f"审核报告：{files / 'ok.txt'}（规则版本 {RULES_VERSION}）\n") and said == []
    )
    assert batch.run_check([files / "2020.txt", files / "2021.txt"], "jsonl", jobs=1, quiet=True, err=said.append) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["workbook"] for line in lines] == [
        str(files / "2020.txt"),
        str(files / "2021.txt"),
        f"跨年比对：{DEPT} 2020→2021（2020.txt → 2021.txt）",
    ]
    assert [f["rule"] for f in lines[2]["findings"]] == ["KN-001"]


def test_real_files_of_every_outcome_end_to_end(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [files / n for n in ("err.txt", "empty.txt", "ok.txt")]
    said: list[str] = []
    assert batch.run_check(paths, "jsonl", jobs=1, quiet=True, err=said.append) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["workbook"] for line in lines] == [str(p) for p in paths]
    assert [len(line.get("findings", [])) for line in lines] == [1, 0, 0]
    assert lines[1] == {"workbook": str(files / "empty.txt"), "status": "unreadable", "reason": "empty.txt 中没有文字"}
    assert said == [f"无法读取 {files / 'empty.txt'}：empty.txt 中没有文字"]


# -- handing files to workers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "jobs", "sizes"),
    [
        (0, 1, []),
        (1, 1, [1]),
        (5, 1, [1] * 5),
        (9, 1, [1, 1, 1, 1, 1, 1, 1, 1, 1]),
        (16, 1, [2] + [1] * 14),
        (40, 1, [5, 4, 3, 3, 3, 2, 2, 2, 2] + [1] * 14),
        (40, 2, [2] * 5 + [1] * 30),
        (300, 1, [16] * 11 + [15, 13, 12, 10, 9, 8, 7, 6, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2] + [1] * 14),
    ],
)
def test_pieces_are_handed_out_in_order_and_shrink(count: int, jobs: int, sizes: list[int]) -> None:
    paths = [Path(f"{n}.xlsm") for n in range(count)]
    pieces = batch.chunks(paths, jobs)
    assert [p for piece in pieces for p in piece] == paths
    assert [len(p) for p in pieces] == sizes


def test_default_jobs_is_every_core_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert batch.default_jobs() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(), raising=False)
    assert batch.default_jobs() == 1
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert batch.default_jobs() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert batch.default_jobs() == 1


class FakePool:
    """A process pool run in this process: records how it was made and what it was handed."""

    made: list[dict] = []
    fail_after: int | None = None
    error: BaseException = RuntimeError("x")

    def __init__(self, max_workers: int, initializer: object) -> None:
        FakePool.made.append({"max_workers": max_workers, "initializer": initializer, "pieces": []})

    def __enter__(self) -> FakePool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, function, *columns):  # noqa: ANN001, ANN202
        for n, arguments in enumerate(zip(*columns, strict=True)):
            if FakePool.fail_after is not None and n == FakePool.fail_after:
                raise FakePool.error
            FakePool.made[-1]["pieces"].append(arguments)
            yield function(*arguments)

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        FakePool.made[-1]["shutdown"] = (wait, cancel_futures)


@pytest.fixture()
def pool(monkeypatch: pytest.MonkeyPatch, fake: list) -> type[FakePool]:
    import concurrent.futures

    FakePool.made, FakePool.fail_after = [], None
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", FakePool)
    return FakePool


def test_workers_get_the_files_in_pieces_and_results_keep_the_input_order(pool: type[FakePool]) -> None:
    paths = [Path(n) for n in ("a.xlsm", "b.xlsm", "c.xlsx", "d.xlsm", "e.xlsm", "f.xlsm")] * 3
    got = list(batch.outcomes(paths, "jsonl", 4, Path("t.txt"), Path("out")))
    assert [o.workbook for o in got] == [p.name for p in paths]
    (made,) = pool.made
    assert made["max_workers"] == 4 and made["initializer"] is batch.warm
    assert [len(piece[0]) for piece in made["pieces"]] == [1] * 18
    assert {piece[1:] for piece in made["pieces"]} == {("jsonl", Path("t.txt"), Path("out"))}
    assert list(batch.outcomes(paths[:2], "text", 9)) == [A, B] and pool.made[-1]["max_workers"] == 2


def test_one_job_or_one_file_needs_no_pool(pool: type[FakePool], fake: Asked) -> None:
    assert list(batch.outcomes([Path("a.xlsm"), Path("c.xlsx")], "text", 1, Path("t.txt"), Path("批注"))) == [A, C]
    assert fake.extras == [(Path("t.txt"), Path("批注"))] * 2
    assert list(batch.outcomes([Path("b.xlsm")], "text", 4)) == [B]
    assert list(batch.outcomes([Path("b.xlsm")], "text", 0)) == [B]
    assert pool.made == []


@pytest.mark.parametrize(
    ("error", "why"), [("broken", "校验进程意外退出"), (ValueError("坏结果"), "校验进程出错（ValueError：坏结果）")]
)
def test_a_pool_that_fails_makes_the_rest_internal_errors(pool: type[FakePool], error: object, why: str) -> None:
    from concurrent.futures.process import BrokenProcessPool

    pool.fail_after, pool.error = 2, BrokenProcessPool("gone") if error == "broken" else error
    paths = [Path(n) for n in ("a.xlsm", "f.xlsm", "b.xlsm", "e.xlsm", "c.xlsx")]
    assert list(batch.outcomes(paths, "text", 2)) == [
        A,
        CLEAN,
        *(batch.Outcome(n, crashed=why) for n in ("b.xlsm", "e.xlsm", "c.xlsx")),
    ]


def test_an_interrupted_pool_is_shut_down_without_waiting(pool: type[FakePool]) -> None:
    pool.fail_after, pool.error = 1, KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        list(batch.outcomes([Path("a.xlsm"), Path("f.xlsm")], "text", 2))
    assert pool.made[-1]["shutdown"] == (False, True)


def test_warm_loads_the_rule_catalogue() -> None:
    from budget_addin.core.findings import CATALOGUE

    batch.warm()
    assert "BN-013" in CATALOGUE and "budget_addin.files.summarize" in sys.modules


# -- standard output and the progress bar ----------------------------------------------------------------------


class Closed(io.StringIO):
    def __init__(self, fail_on: str) -> None:
        super().__init__()
        self.fail_on, self.calls = fail_on, 0

    def write(self, text: str) -> int:
        self.calls += 1
        if self.fail_on == "write":
            raise BrokenPipeError
        return super().write(text)

    def flush(self) -> None:
        self.calls += 1
        if self.fail_on == "flush":
            raise BrokenPipeError


@pytest.mark.parametrize("fail_on", ["write", "flush"])
def test_a_closed_pipe_silences_the_rest(monkeypatch: pytest.MonkeyPatch, fail_on: str) -> None:
    silenced: list[bool] = []
    monkeypatch.setattr(batch, "silence_stdout", lambda: silenced.append(True))
    out = Closed(fail_on)
    safe = batch.PipeSafe(out)
    safe.write("一")
    safe.flush()
    assert safe.closed_by_reader and silenced == [True] and out.calls == (1 if fail_on == "write" else 2)
    safe.write("二")
    safe.flush()
    assert out.calls == (1 if fail_on == "write" else 2) and silenced == [True]


def test_an_open_pipe_is_written_through() -> None:
    out = Closed("none")
    safe = batch.PipeSafe(out)
    safe.write("一")
    safe.write("二")
    safe.flush()
    assert out.getvalue() == "一二" and out.calls == 3 and not safe.closed_by_reader


def test_silencing_points_standard_output_at_the_null_device(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    target = tmp_path / "out.txt"
    with target.open("w", encoding="utf-8") as handle:
        monkeypatch.setattr(sys, "stdout", handle)
        batch.silence_stdout()
        os.write(handle.fileno(), b"lost")
    assert target.read_text(encoding="utf-8") == ""
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # no descriptor: nothing to do, nothing raised
    batch.silence_stdout()
    closed = (tmp_path / "closed.txt").open("w", encoding="utf-8")
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)  # fileno() of a closed file: ValueError
    batch.silence_stdout()

    class Invalid:
        def fileno(self) -> int:
            return -1  # dup2 onto it: OSError

    monkeypatch.setattr(sys, "stdout", Invalid())
    batch.silence_stdout()


def test_standard_output_as_destination(capsys: pytest.CaptureFixture[str]) -> None:
    with batch._destination("-") as out:
        assert isinstance(out, batch.PipeSafe)
        out.write("乙")
    with batch._destination(None) as out:
        out.write("甲")
    assert capsys.readouterr().out == "乙甲"
    with pytest.raises(ValueError, match="binary output needs a file"), batch._destination(None, binary=True):
        pass


def test_a_file_destination_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    with batch._destination(str(target)) as out:
        out.write("第一行\udcff\n")
        assert not target.exists()
    assert target.read_bytes() == "第一行\\udcff\n".encode()
    with batch._destination(str(tmp_path / "r.bin"), binary=True) as out:
        out.write(b"\x00\x01")
    assert (tmp_path / "r.bin").read_bytes() == b"\x00\x01"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_counts_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(batch._progress(iter([A, B, C]), 3)) == [A, B, C]
    shown = err.getvalue().split("\r")
    assert shown[1].startswith("校验:   0%|") and shown[1].endswith("| 0/3 [00:00<?, ?个/s]")
    assert shown[-1].startswith("校验: 100%|") and " 3/3 [00:00<00:00, " in shown[-1] and shown[-1].endswith("个/s]\n")


def test_the_bar_follows_the_width_of_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from tqdm import std

    widths = iter([50, 50, 70, 70, 70, 70, 70, 70])
    monkeypatch.setattr(std, "_screen_shape_wrapper", lambda: lambda file: (next(widths), 20))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    list(batch._progress(iter([A, B]), 2))
    lines = [line for line in err.getvalue().rstrip("\n").split("\r") if line]
    assert len(lines) == 2 and len(lines[1]) - len(lines[0]) == 20  # the window was widened by 20 after the first


def test_writes_step_around_the_bar() -> None:
    out = Flushed()
    bar = batch._BarSafe(out)
    bar.write("一")
    bar.flush()
    assert out.getvalue() == "一" and out.flushes == ["一"]
    from tqdm import tqdm

    with tqdm(total=2, file=out, desc="校验", ncols=40) as shown:
        before = len(out.getvalue())
        bar.write("二\n")
        written = out.getvalue()[before:]
        # the bar's line is cleared, the text written, the bar drawn again below it
        assert written.startswith("\r" + " " * 40 + "\r二\n\r校验:   0%") and written.endswith("0/2 [00:00<?, ?it/s]")
        shown.update(0)


@pytest.mark.parametrize(
    ("quiet", "names", "terminal", "bar"),
    [
        (False, "a.xlsm f.xlsm", True, True),
        (True, "a.xlsm f.xlsm", True, False),
        (False, "a.xlsm", True, False),
        (False, "a.xlsm f.xlsm", False, False),
    ],
)
def test_the_bar_only_on_a_terminal_for_many_files_and_not_with_quiet(
    fake: list,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    quiet: bool,
    names: str,
    terminal: bool,
    bar: bool,
) -> None:
    err = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    said: list[str] = []
    batch.run_check([Path(n) for n in names.split()], "text", jobs=1, quiet=quiet, err=said.append)
    assert ("2/2 [" in err.getvalue()) is bar and ("个/s]" in err.getvalue()) is bar
    assert capsys.readouterr().out.startswith("A\n")


def test_the_bar_is_shown_unless_asked_to_be_quiet(
    fake: list, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    batch.run_check([Path("a.xlsm"), Path("f.xlsm")], "text", jobs=1, err=lambda text: None)
    assert "校验: 100%" in err.getvalue() and " 2/2 [" in err.getvalue()
    capsys.readouterr()


def test_the_bar_steps_aside_for_each_report_written_to_the_terminal(
    fake: list, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    batch.run_check([Path("a.xlsm"), Path("f.xlsm")], "text", jobs=1, err=lambda text: None)
    assert capsys.readouterr().out.startswith("A\n\nF\n\n汇总")
    # the bar's line is cleared before each report is written, then drawn again (it is closed before the summary)
    assert err.getvalue().count("\r" + " " * 10) == 2


def test_messages_go_to_standard_error_by_default(fake: list, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch.run_check([Path("c.xlsx")], "jsonl", jobs=1, quiet=True) == 2
    assert capsys.readouterr().err == "无法读取 c.xlsx：坏文件\n"
    assert batch.run_check([Path("a.xlsm"), Path("f.xlsm")], jobs=1, quiet=True) == 1  # text by default
    assert capsys.readouterr().out.startswith("A\n\nF\n\n汇总 / Summary\n")


@pytest.mark.parametrize("jobs", [None, 0, -1])
def test_no_jobs_means_every_core(
    fake: list, pool: type[FakePool], monkeypatch: pytest.MonkeyPatch, jobs: int | None
) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 3)
    batch.run_check(
        [Path(n) for n in ("a.xlsm", "f.xlsm", "b.xlsm", "e.xlsm")],
        "jsonl",
        jobs=jobs,
        quiet=True,
        err=lambda text: None,
    )
    assert pool.made[-1]["max_workers"] == 3
