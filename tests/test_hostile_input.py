"""Hostile and careless input (issue 13): never lose a file, never crash, never run out of memory.

One group of tests per numbered finding of the issue; every hostile file is made here from the
seed workbook (see ``tests/hostile.py``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hostile import (
    INCOME_SHEET,
    PROCUREMENT_SHEET,
    SHARED_STRINGS,
    edit_part,
    fake_size,
    rename_sheet,
    repack,
    set_cell,
)

from budget_addin.cli import main
from budget_addin.core.findings import CATALOGUE, Rule
from budget_addin.core.numbers import NumberError, parse_figure, stored_number, visible
from budget_addin.exit_codes import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_NOTHING, EXIT_OK, EXIT_UNREADABLE, worst
from budget_addin.files.grid import ReadError, read_grid
from budget_addin.files.reader import read_workbook, similar_sheet
from budget_addin.rules import MAX_CELLS_LISTED, readable, run_rules

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "Changjiang2020.xlsm"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budget_addin.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture()
def seed(tmp_path: Path) -> Path:
    target = tmp_path / "w.xlsm"
    shutil.copy(COMMITTED, target)
    return target


# -- 1. -o never overwrites an input -----------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("check", "{w}", "-o", "{w}"),
    ("check", "{w}", "--format", "xlsx", "-o", "{w}"),
    ("check", "{w}", "--format", "json", "-o", "{link}"),
    ("narrative", "{w}", "-o", "{w}"),
    ("indicators", "{w}", "-o", "{w}"),
    ("claims", "{w}", "-o", "{w}"),
    ("summarize", "{w}", "-o", "{link}"),
    ("publish", "{w}", "-o", "{w}"),
])
def test_no_command_writes_onto_its_input(
    seed: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    link = seed.with_name("link.xlsm")
    link.symlink_to(seed)
    before = digest(seed)
    assert main([a.format(w=seed, link=link) for a in args]) == EXIT_UNREADABLE
    assert "已拒绝" in capsys.readouterr().err
    assert digest(seed) == before


def test_check_output_into_the_checked_folder_is_refused(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(seed)
    assert main(["check", str(seed.parent), "--format", "xlsx", "-o", str(seed)]) == EXIT_UNREADABLE
    assert "输出文件就是输入文件" in capsys.readouterr().err and digest(seed) == before
    copy = seed.with_name("w2.xlsx")
    shutil.copy(seed, copy)
    assert main(["check", str(copy), str(seed), "--format", "xlsx", "-o", str(copy)]) == EXIT_UNREADABLE
    assert "输出文件就是输入文件" in capsys.readouterr().err


def test_a_report_left_in_the_checked_folder_is_skipped_not_checked(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = seed.with_name("审核结果.xlsx")
    assert main(["check", str(seed.parent), "--format", "xlsx", "-o", str(out)]) == EXIT_FINDINGS
    first = openpyxl.load_workbook(out)["审核结果"].max_row
    capsys.readouterr()
    assert main(["check", str(seed.parent), "--format", "xlsx", "-o", str(out)]) == EXIT_FINDINGS  # run again
    assert "已跳过输出文件本身" in capsys.readouterr().err
    assert openpyxl.load_workbook(out)["审核结果"].max_row == first  # the old report was not checked as a workbook
    other = seed.with_name("某单位.xlsx")  # a department's workbook in the folder is an input, never replaced
    shutil.copy(seed, other)
    before = digest(other)
    assert main(["check", str(seed.parent), "--format", "xlsx", "-o", str(other)]) == EXIT_UNREADABLE
    assert digest(other) == before


# -- 2 and 6. publish: validated input, engine values, nothing unsafe copied ----------------------

def test_publish_fills_formulas_without_cached_values_and_says_so(seed: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.load_workbook(seed, keep_vba=True)  # openpyxl saves formulas without their values
    book.save(seed)
    out = tmp_path / "发布版.xlsx"
    assert main(["publish", str(seed), "-o", str(out)]) == EXIT_OK
    said = capsys.readouterr().out
    assert "已填入本程序计算的值" in said
    published = openpyxl.load_workbook(out)
    growth = published["收入支出"]["F19"].value  # 基本支出增幅 = 94.8 ÷ 1210.05
    assert growth == pytest.approx(94.8 / 1210.05, abs=1e-9)
    assert published["政府采购预算"]["N5"].value == "货物"  # a formula's text result (YS_CATEGORY)
    assert published["收入支出"]["H18"].value is None  # the check columns are not published (issue 23)


def test_publish_refuses_what_is_not_a_workbook(tmp_path: Path, seed: Path) -> None:
    word = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    pdf = tmp_path / "doc.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    doctype = repack(seed, tmp_path / "dtd.xlsm", edit_part(SHARED_STRINGS, lambda d: d.replace(
        b"?>", b'?><!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)))
    for source, words in ((word, "Word"), (empty, "空的"), (xls, ".xls"), (pdf, "PDF"), (doctype, "DOCTYPE")):
        out = tmp_path / f"out-{source.stem}.xlsx"
        result = cli("publish", str(source), "-o", str(out))
        assert result.returncode == EXIT_UNREADABLE, (source, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()


def test_publish_drops_non_finite_numbers_and_the_copy_opens(seed: Path, tmp_path: Path) -> None:
    hostile = set_cell(seed, tmp_path / "nan.xlsm", INCOME_SHEET, "B7", '<c r="B7"><v>NaN</v></c>')
    hostile = set_cell(hostile, tmp_path / "nan2.xlsm", INCOME_SHEET, "B8", '<c r="B8"><v>1E+400</v></c>')
    out = tmp_path / "发布版.xlsx"
    result = cli("publish", str(hostile), "-o", str(out))
    assert result.returncode == EXIT_OK, result.stderr
    assert "2 个单元格的值无效" in result.stdout
    sheet = openpyxl.load_workbook(out)["收入支出"]
    assert sheet["B7"].value is None and sheet["B8"].value is None
    assert sheet["B4"].value == pytest.approx(3805.77)


# -- 3. no crash: non-finite numbers, lower-case refs, bad shared strings --------------------------

@pytest.mark.parametrize("stored", ["NaN", "INF", "-inf", "1E+400", "1e26", "12abc"])
def test_a_number_that_is_not_a_sane_figure_is_a_read_issue_naming_the_cell(
    seed: Path, tmp_path: Path, stored: str
) -> None:
    hostile = set_cell(seed, tmp_path / "n.xlsm", INCOME_SHEET, "B7", f'<c r="B7"><v>{stored}</v></c>')
    result = read_workbook(hostile)
    assert [i for i in result.issues if i.startswith("收入支出!B7：")], result.issues
    assert result.book.raw("income_expenditure", "gp_appropriation", "amount") is None
    assert run_rules(result.book).ledger  # the rules run on


def test_stored_numbers_are_finite_and_of_sane_magnitude() -> None:
    assert stored_number("562.1799999999999") == Decimal("562.1799999999999")
    assert stored_number("1E-3") == Decimal("0.001")
    for bad in ("NaN", "inf", "1E+400", "1e15", "", "0x10"):
        with pytest.raises(NumberError):
            stored_number(bad)
    with pytest.raises(NumberError, match="过大"):
        parse_figure("99999999999999999999999999")
    with pytest.raises(NumberError, match="非有限"):
        parse_figure(float("inf"))


def test_cell_references_are_case_insensitive(seed: Path, tmp_path: Path) -> None:
    hostile = set_cell(seed, tmp_path / "lower.xlsm", INCOME_SHEET, "B7", '<c r="b7"><v>2792.05</v></c>')
    result = read_workbook(hostile)
    assert result.book.raw("income_expenditure", "gp_appropriation", "amount") == Decimal("2792.05")


def test_a_shared_string_index_out_of_range_is_a_read_issue(seed: Path, tmp_path: Path) -> None:
    hostile = set_cell(seed, tmp_path / "sst.xlsm", INCOME_SHEET, "A5", '<c r="A5" t="s"><v>99999</v></c>')
    result = read_workbook(hostile)
    assert any(i.startswith("收入支出!A5：共享字符串编号无效") for i in result.issues), result.issues
    missing = repack(seed, tmp_path / "nosst.xlsm", lambda name, data: None if name == SHARED_STRINGS else data)
    issues = [i for i in read_workbook(missing).issues if "共享字符串" in i]
    from budget_addin.core.schema import TABLES

    assert len(issues) <= len(TABLES) and all("按空值处理" in i for i in issues)  # at most one per sheet


def test_a_folder_with_broken_files_reports_every_file_and_the_worst_code(seed: Path, tmp_path: Path) -> None:
    set_cell(seed, tmp_path / "b_nan.xlsm", INCOME_SHEET, "B7", '<c r="B7"><v>NaN</v></c>')
    (tmp_path / "c_empty.xlsx").write_bytes(b"")
    (tmp_path / "d_truncated.xlsm").write_bytes(COMMITTED.read_bytes()[:5000])
    result = cli("check", str(tmp_path))
    assert result.returncode == EXIT_UNREADABLE
    for name in ("w.xlsm", "b_nan.xlsm", "c_empty.xlsx", "d_truncated.xlsm"):
        assert name in result.stdout, name
    assert "收入支出!B7" in result.stdout  # the readable files are fully reported
    assert result.stderr.count("无法读取") == 2 and "Traceback" not in result.stderr


def test_worst_exit_code_of_a_batch() -> None:
    assert worst([]) == EXIT_OK
    assert worst([EXIT_OK, EXIT_NOTHING]) == EXIT_NOTHING
    assert worst([EXIT_NOTHING, EXIT_FINDINGS]) == EXIT_FINDINGS
    assert worst([EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_OK]) == EXIT_UNREADABLE
    assert worst([EXIT_UNREADABLE, EXIT_INTERNAL]) == EXIT_INTERNAL


# -- 4. bounded reading -----------------------------------------------------------------------------

def test_a_part_unpacking_past_the_limit_is_refused_from_the_directory_alone(seed: Path) -> None:
    fake_size(seed, PROCUREMENT_SHEET, 3_000_000_000)  # claims 3 GB: never unpacked
    start = time.perf_counter()
    with pytest.raises(ReadError, match="单个部件解压后大小上限 256 MB"):
        read_grid(seed)
    assert time.perf_counter() - start < 1


def test_a_zip_bomb_of_empty_rows_is_refused_fast(seed: Path, tmp_path: Path) -> None:
    rows = b"<row/>" * 3_000_000  # 18 MB unpacked, a few KB packed
    bomb = repack(seed, tmp_path / "bomb.xlsm", edit_part(PROCUREMENT_SHEET, lambda d: d.replace(
        b"<sheetData>", b"<sheetData>" + rows, 1)))
    assert bomb.stat().st_size < 200_000
    result = cli("check", str(bomb))
    assert result.returncode == EXIT_UNREADABLE, result.stderr
    assert "压缩比上限 200 倍" in result.stderr and "BUDGET_ADDIN_MAX_RATIO" in result.stderr
    measured = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from budget_addin.cli import main\n"
                # imports are not the refusal
                "import budget_addin.files.reader, budget_addin.files.summarize, budget_addin.rules\n"
                "start = time.perf_counter()\n"
                f"code = main(['check', {str(bomb)!r}])\n"
                # kB since exec
                "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0].split()[1]\n"
                "print(time.perf_counter() - start, int(peak) // 1024)\n"
                "sys.exit(code)"
            ),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    seconds, megabytes = measured.stdout.split()
    assert measured.returncode == EXIT_UNREADABLE, measured.stderr
    assert float(seconds) < 1 and int(megabytes) < 200, (seconds, megabytes)


def test_limits_are_settings(seed: Path) -> None:
    with pytest.raises(ReadError, match="部件数量上限 5 个"):
        read_grid(seed, limits=__import__("budget_addin.files.limits", fromlist=["Limits"]).Limits(max_parts=5))
    result = cli("check", str(seed), env={"BUDGET_ADDIN_MAX_TOTAL_MB": "0", "BUDGET_ADDIN_MAX_PARTS": "10"})
    assert result.returncode == EXIT_UNREADABLE and "部件数量上限 10 个" in result.stderr


@pytest.mark.parametrize("ref", ["A2000000", "XFE5"])
def test_a_cell_beyond_excel_s_grid_is_refused(seed: Path, tmp_path: Path, ref: str) -> None:
    hostile = set_cell(seed, tmp_path / "far.xlsm", INCOME_SHEET, "B7", f'<c r="{ref}"><v>1</v></c>')
    with pytest.raises(ReadError, match="上限"):
        read_workbook(hostile)


def test_a_lone_cell_far_down_costs_nothing(seed: Path, tmp_path: Path) -> None:
    hostile = set_cell(seed, tmp_path / "far.xlsm", PROCUREMENT_SHEET, "A23",
                       '<c r="A1048576" t="inlineStr"><is><t>末行</t></is></c>')
    start = time.perf_counter()
    result = read_workbook(hostile)
    assert time.perf_counter() - start < 2
    assert len(result.book.data["procurement"]) == len(read_workbook(seed).book.data["procurement"]) + 1


def test_a_doctype_is_refused_and_no_entity_is_expanded(seed: Path, tmp_path: Path) -> None:
    laughs = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    hostile = repack(
        seed, tmp_path / "laughs.xlsm", edit_part(INCOME_SHEET, lambda d: d.replace(b"?>", b"?>" + laughs, 1))
    )
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_workbook(hostile)


# -- 5. long tables: readable findings ---------------------------------------------------------------

def test_a_finding_lists_at_most_twenty_cells_and_says_how_many_more() -> None:
    rule = Rule("BN-X", "表内", "error", "测试", lambda book: [])
    finding = readable(rule.finding([f"政府采购预算!H{n}" for n in range(5, 105)], "金额不一致"))
    assert len(finding.cells) == MAX_CELLS_LISTED == 20
    assert finding.message == "金额不一致（共涉及 100 个单元格，此处列出前 20 个，另有 80 个未列出）"
    long = readable(rule.finding(["A1"], "很" * 5000))
    assert len(long.message) < 700 and "已截断" in long.message


# -- 7. silence that reads as OK ---------------------------------------------------------------------

def test_nothing_to_check_exits_three_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    nested = tmp_path / "nested"
    (nested / "2020").mkdir(parents=True)
    shutil.copy(COMMITTED, nested / "2020" / "w.xlsm")
    blank = tmp_path / "blank.xlsm"
    assert main(["new", "--name", "某街道办事处", "--code", "438099", "--year", "2021", str(blank)]) == EXIT_OK
    for target, words in ((empty, "没有工作簿"), (nested, "子文件夹中有 1 个"), (blank, "没有填写任何数字")):
        result = cli("check", str(target))
        assert result.returncode == EXIT_NOTHING, (target, result.stderr)
        assert words in result.stderr


def test_report_on_an_unreadable_file_leaves_no_folder(tmp_path: Path) -> None:
    broken = tmp_path / "坏.xlsm"
    broken.write_bytes(b"PK\x03\x04 broken")
    result = cli("report", str(broken), "-o", str(tmp_path / "out"))
    assert result.returncode == EXIT_UNREADABLE and "无法读取" in result.stderr
    assert not (tmp_path / "out").exists()


# -- 8. a missing sheet is one finding with a suggestion ------------------------------------------

@pytest.mark.parametrize("renamed, words", [
    ("收入支出 ", "名称首尾多了空格"),
    ("收入\u200b支出", "不可见字符"),
    ("收入支出表", "名称不同"),
])
def test_a_renamed_sheet_is_one_finding_naming_the_sheet_meant(
    seed: Path, tmp_path: Path, renamed: str, words: str
) -> None:
    hostile = rename_sheet(seed, tmp_path / "renamed.xlsm", "收入支出", renamed)
    result = read_workbook(hostile)
    assert [f.rule for f in result.findings] == ["BK-SHEET"]
    message = result.findings[0].message
    assert message.startswith("缺少工作表“收入支出”") and words in message and "\u200b" not in message
    report = result.attach(run_rules(result.book))
    assert report.ledger["BN-001"] == "missing_data"
    blank_cells = [
        f for f in report.findings if f.rule == "SM-BLANK" and any(c.startswith("收入支出!") for c in f.cells)
    ]
    assert blank_cells == []  # no 未填 for the cells of a sheet that is not there
    assert not [i for i in result.issues if "缺少工作表" in i]


def test_similar_sheet_names() -> None:
    assert similar_sheet("收支（总表）", ["收支(总表)", "其他"]) == (
        "收支(总表)",
        "名称中有全角/半角或大小写不同的字符",
    )
    assert similar_sheet("三公经费预算", ["三公经费预算表"]) == ("三公经费预算表", "名称不同")
    assert similar_sheet("三公经费预算", ["名词解释"]) is None


# -- 9. Chinese messages, invisible characters shown ------------------------------------------------

def test_invisible_characters_are_shown_escaped(seed: Path, tmp_path: Path) -> None:
    assert visible("12\u200b3\u202e") == "12\\u200b3\\u202e"
    hostile = set_cell(seed, tmp_path / "zw.xlsm", INCOME_SHEET, "B7",
                       '<c r="B7" t="inlineStr"><is><t>2792\u200b.05</t></is></c>')
    issues = read_workbook(hostile).issues
    assert '收入支出!B7：无法识别的数值 "2792\\u200b.05"' in issues


@pytest.mark.parametrize("damage", ["truncate", "no_workbook", "bad_xml"])
def test_broken_packages_get_chinese_messages(seed: Path, tmp_path: Path, damage: str) -> None:
    target = tmp_path / f"{damage}.xlsm"
    if damage == "truncate":
        target.write_bytes(seed.read_bytes()[: seed.stat().st_size - 3000])
    elif damage == "no_workbook":
        repack(seed, target, lambda name, data: None if name == "xl/workbook.xml" else data)
    else:
        repack(seed, target, edit_part(INCOME_SHEET, lambda d: d[: len(d) // 2]))
    result = cli("check", str(target))
    assert result.returncode == EXIT_UNREADABLE
    assert "Traceback" not in result.stderr
    for english in ("There is no item", "line ", "column", "out of memory", "Error"):
        assert english not in result.stderr, result.stderr


# -- 10. the extension names the format ----------------------------------------------------------------

def test_outputs_match_their_extensions(seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--name", "x", "--code", "1", "--year", "2021", str(tmp_path / "n.xlsx")]) == EXIT_UNREADABLE
    assert main(["summarize", str(seed), "-o", str(tmp_path / "w.docx")]) == EXIT_UNREADABLE
    assert main(["check", str(seed), "-o", str(tmp_path / "r.xlsx")]) == EXIT_UNREADABLE  # text under .xlsx
    assert main(["narrative", str(seed), "-o", str(tmp_path / "n.pdf")]) == EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert err.count("扩展名应为") == 4
    assert not [p for p in tmp_path.iterdir() if p.name != "w.xlsm"]
    assert main(["narrative", str(seed), "-o", str(tmp_path / "说明.txt")]) == EXIT_OK
    text = (tmp_path / "说明.txt").read_text(encoding="utf-8")
    assert text.startswith("石家庄市高新技术产业开发区长江街道办事处") and not zipfile.is_zipfile(tmp_path / "说明.txt")


# -- rule crashes and the exit-code contract -----------------------------------------------------------

def test_a_rule_that_raises_is_isolated_and_the_command_exits_four(seed: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    original = CATALOGUE["BN-001"]

    def broken(book: object) -> list:
        raise TypeError("unsupported operand type(s)")

    monkeypatch.setitem(
        CATALOGUE, "BN-001", Rule(original.id, original.scope, original.severity, original.title, broken)
    )
    log = tmp_path / "错误.log"
    monkeypatch.setenv("BUDGET_ADDIN_LOG", str(log))
    import logging

    for handler in list(logging.getLogger("budget_addin").handlers):  # a fresh log file for this test
        logging.getLogger("budget_addin").removeHandler(handler)
    assert main(["check", str(seed), "--format", "json"]) == EXIT_INTERNAL
    captured = capsys.readouterr()
    assert '"BN-001": "crashed"' in captured.out and '"BN-002": "passed"' in captured.out
    assert "规则运行出错" in captured.out
    assert str(log) in captured.err and "Traceback" not in captured.err
    assert "Traceback" in log.read_text(encoding="utf-8") and "unsupported operand" in log.read_text(encoding="utf-8")


def test_exit_codes_are_in_the_help() -> None:
    result = cli("--help")
    for line in (
        "0  校验完成，无错误",
        "1  校验完成，有错误",
        "2  输入无法读取或命令被拒绝",
        "3  没有可校验的内容",
        "4  程序内部错误",
    ):
        assert line in result.stdout


def test_argument_errors_are_chinese() -> None:
    result = cli("check")
    assert result.returncode == EXIT_UNREADABLE and "缺少参数" in result.stderr
    assert "required" not in result.stderr.split("\n")[-2]


@pytest.mark.parametrize("command", ["summarize", "publish"])
def test_no_command_copies_a_part_with_a_doctype(seed: Path, tmp_path: Path, command: str) -> None:
    entity = b'<!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    hostile = repack(
        seed, tmp_path / "dtd.xlsm", edit_part("[Content_Types].xml", lambda d: d.replace(b"?>", b"?>" + entity, 1))
    )
    out = tmp_path / ("out.xlsm" if command == "summarize" else "out.xlsx")
    result = cli(command, str(hostile), "-o", str(out))
    assert result.returncode == EXIT_UNREADABLE and "DOCTYPE" in result.stderr
    assert not out.exists()


def test_giant_merged_ranges_are_refused(seed: Path, tmp_path: Path) -> None:
    merges = b"".join(b'<mergeCell ref="%s1:%s1048576"/>' % (c.encode(), c.encode()) for c in
                      ["A", "B", "C", "D", "E", "F", "G", "H"])
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    hostile = repack(
        seed,
        tmp_path / "merges.xlsm",
        edit_part(
            PROCUREMENT_SHEET,
            lambda d: d.replace(b"</sheetData>", far + b"</sheetData>", 1).replace(
                b'<mergeCell ref="A1:O1"/>', b'<mergeCell ref="A1:O1"/>' + merges, 1
            ),
        ),
    )
    start = time.perf_counter()
    with pytest.raises(ReadError, match="合并单元格过多或过大"):
        read_grid(hostile)
    assert time.perf_counter() - start < 2


def test_devices_and_xlsb_are_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="不是普通文件"):
        read_grid(Path("/dev/null"))
    xlsb = tmp_path / "b.xlsx"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00")
    with pytest.raises(ReadError, match="xlsb"):
        read_grid(xlsb)


def test_libreoffice_opens_a_publication_copy_made_from_a_careless_file(seed: Path, tmp_path: Path) -> None:
    from conftest import soffice

    book = openpyxl.load_workbook(seed, keep_vba=True)  # no cached values …
    book.save(seed)
    hostile = set_cell(seed, tmp_path / "nan.xlsm", INCOME_SHEET, "B7", '<c r="B7"><v>NaN</v></c>')  # … and a NaN
    out = tmp_path / "发布版.xlsx"
    assert main(["publish", str(hostile), "-o", str(out)]) == EXIT_OK
    converted = tmp_path / "pdf"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(converted), str(out)], check=True, capture_output=True, timeout=300)
    assert (converted / "发布版.pdf").stat().st_size > 10_000


def test_claims_text_of_the_wrong_kind_is_refused_in_chinese(seed: Path, tmp_path: Path) -> None:
    fake = tmp_path / "说明.docx"
    shutil.copy(seed, fake)  # a workbook under a Word name
    result = cli("claims", str(seed), "--text", str(fake))
    assert result.returncode == EXIT_UNREADABLE and "无法读取文本" in result.stderr
    assert "Traceback" not in result.stderr and "not a Word file" not in result.stderr


# -- any text a cell may hold ------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402 - kept with the properties below
from hypothesis import strategies as st  # noqa: E402

_FIGURE_LIKE = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[+-]?[0-9０-９,.]{1,30}(e[+-]?[0-9]{1,4})?(万元|元|%)?", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
)


@settings(max_examples=400, deadline=None)
@given(_FIGURE_LIKE)
def test_any_typed_figure_is_a_sane_number_or_a_chinese_reason(raw: object) -> None:
    try:
        figure = parse_figure(raw)
    except NumberError as exc:
        said = str(exc).split('"')[0]  # the reason, before the quoted input
        assert said.strip() and not re.search(r"[A-Za-z]{3,}", said), said
        return
    if figure is not None:
        assert figure.value.is_finite() and abs(figure.value) < Decimal("1e15")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_any_stored_number_text_is_finite_or_refused(text: str) -> None:
    try:
        value = stored_number(text)
    except NumberError as exc:
        assert "\u200b" not in str(exc) and "\u202e" not in str(exc)  # invisible characters are shown escaped
        return
    assert value.is_finite() and abs(value) < Decimal("1e15")


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(tmp_path: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff\xfe\xe9t\xe9.xlsm"))
    shutil.copy(COMMITTED, odd)
    for extra in (
        (),
        ("--format", "json", "-o", str(tmp_path / "r.json")),
        ("--format", "xlsx", "-o", str(tmp_path / "r.xlsx")),
    ):
        result = cli("check", str(tmp_path), *extra)
        assert result.returncode == EXIT_FINDINGS, (extra, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_text_formula_without_a_cached_value_gets_the_engine_s_text() -> None:
    from budget_addin.files.publish import Tally, values_only

    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="str"><f>YS_CATEGORY(D1)</f></c><c r="B1" t="str"><f>YS_X()</f><v></v></c>'
           b'<c r="C1"><f>1/0</f></c></row></sheetData></worksheet>')
    tally = Tally()
    cleaned = values_only(xml, {(1, 1): "货物"}, tally)
    assert cleaned is not None
    assert '<c r="A1" t="inlineStr"><is><t>货物</t></is></c>'.encode() in cleaned
    assert b'<c r="B1"/>' in cleaned and b'<c r="C1"/>' in cleaned  # a cached empty text; nothing known for C1
    assert (tally.computed, tally.blank) == (1, 1)
