"""Import of standard tables, texts and last year's workbook (budget-addin import / new --from).

Every table here is written by the test itself (made-up department, made-up figures); expected
values are worked out by hand from those tables (元 ÷ 10000 = 万元).
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl

from budget_addin.cli import main
from budget_addin.core.dataset import load_seed_data
from budget_addin.files.build import build
from budget_addin.files.importer.run import import_sources, render
from budget_addin.files.publish import publish
from budget_addin.files.reader import read_workbook

D = Decimal


def _sheet(wb: openpyxl.Workbook, title: str, rows: list[list[object]], merges: tuple[str, ...] = (),
           first: bool = False) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for merge in merges:
        ws.merge_cells(merge)


def _summary_side_by_side() -> list[list[object]]:
    """部门收支总表, income left and expenditure right, in 元 with thousands separators and a dash."""
    return [
        ["2021年样例局部门收支总表"],
        ["部门：样例局", None, None, "单位：元"],
        ["收入", None, "支出", None],
        ["项目", "预算数", "项目", "预算数"],
        ["一、财政拨款收入", "12,345,600.00", "一、基本支出", 8000000],
        ["  1.一般公共预算拨款", 10345600, "二、项目支出", 4345600],
        ["  2.政府性基金预算拨款", 2000000, "201 一般公共服务支出", 12345600],
        ["二、事业收入", "—", None, None],
        ["本年收入合计", 12345600, "本年支出合计", 12345600],
        ["收 入 总 计", 12345600, "支出总计", 12345600],
    ]


def _imported(tmp_path: Path, *sources: Path, year: str = "2021") -> tuple[dict, object, int]:
    out = tmp_path / "out.xlsm"
    status = main(["import", *map(str, sources), "-o", str(out), "--name", "样例局", "--code", "901", "--year", year])
    return read_workbook(out).book.data, out, status


def test_side_by_side_summary_in_yuan_lands_in_the_summary_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "表一", _summary_side_by_side(), ("A1:D1", "A3:B3", "C3:D3"), first=True)
    wb.save(tmp_path / "a.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "a.xlsx")
    summary = data["summary_table"]
    assert summary["fiscal_appropriation"]["amount"] == D("1234.56")
    assert summary["gp_appropriation"]["amount"] == D("1034.56")
    assert summary["fund_appropriation"]["amount"] == D("200")
    assert summary["basic"]["amount"] == D("800") and summary["project"]["amount"] == D("434.56")
    assert summary["income_total"]["amount"] == D("1234.56") and summary["expenditure_total"]["amount"] == D("1234.56")
    assert "business_income" not in summary  # "—" is no figure
    # the function-class line of the 支出 side goes to the class table
    assert data["expenditure_table"] == [{"code": "201", "name": "一般公共服务支出", "total": D("1234.56")}]
    assert status == 0
    sources = {s["cell"]: s["source"] for s in data["sources"] if s.get("cell")}
    assert sources["部门收支总表!B4"] == "a.xlsx › 表一!B5"
    assert sources["部门支出总表!C4"] == "a.xlsx › 表一!D7"


def test_several_tables_on_one_sheet_with_two_level_headers(tmp_path: Path) -> None:
    rows = [
        ["一般公共预算基本支出表"],
        ["单位：万元"],
        ["科目编码", "科目名称", "本年预算数", None, None],
        [None, None, "合计", "人员经费", "公用经费"],
        [None, "合计", 150.5, 120.25, 30.25],
        [301, "工资福利支出", 120.25, 120.25, None],
        [302, "商品和服务支出", 30.25, None, 30.25],
        [],
        ["一般公共预算“三公”经费支出表"],
        ["单位：万元"],
        ["项目", "本年预算数", "上年预算数", "增减额", "增长率（%）"],
        ["合计", 12, 10, 2, 20],
        ["1.因公出国（境）费", 0, 0, 0, None],
        ["2.公务用车购置及运行费", 8, 6, 2, 33.33],
        ["  其中：公务用车购置费", 0, 0, None, None],
        ["        公务用车运行维护费", 8, 6, None, None],
        ["3.公务接待费", 4, 4, 0, 0],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "公开表", rows, ("A3:A4", "B3:B4", "C3:E3"), first=True)
    wb.save(tmp_path / "b.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "b.xlsx")
    assert data["gp_basic_table"] == [
        {"name": "合计", "total": D("150.5"), "personnel": D("120.25"), "public": D("30.25")},
        {"code": "301", "name": "工资福利支出", "total": D("120.25"), "personnel": D("120.25")},
        {"code": "302", "name": "商品和服务支出", "total": D("30.25"), "public": D("30.25")},
    ]
    three = data["gp_three_public_table"]
    assert three["total"] == {"amount": D("12"), "prior": D("10")}
    assert three["vehicle_operation"] == {"amount": D("8"), "prior": D("6")}
    assert three["reception"]["amount"] == D("4")
    # change and rate have no column in the standard table: they go to the 三公经费预算 rows
    assert data["three_public"]["total"]["change"] == D("2")
    assert data["three_public"]["total"]["stated_growth"] == D("0.20")
    assert data["three_public"]["vehicles"]["stated_growth"] == D("0.3333")
    assert status == 0


def test_three_public_laid_across_with_merged_item_headers(tmp_path: Path) -> None:
    rows = [
        ["三公经费支出预算表"],
        ["单位：元"],
        ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
        [None, None, None, "小计", "购置费", "运行费", None],
        ["本年预算数", 90000, 0, 60000, 0, 60000, 30000],
        ["上年预算数", 80000, 0, 50000, 0, 50000, 30000],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "三公", rows, ("D3:F3", "A3:A4", "B3:B4", "C3:C4", "G3:G4"), first=True)
    wb.save(tmp_path / "c.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "c.xlsx")
    three = data["gp_three_public_table"]
    assert three["total"] == {"amount": D("9"), "prior": D("8")}
    assert three["vehicles"] == {"amount": D("6"), "prior": D("5")}
    assert three["vehicle_purchase"] == {"amount": D("0"), "prior": D("0")}
    assert three["vehicle_operation"] == {"amount": D("6"), "prior": D("5")}
    assert three["reception"] == {"amount": D("3"), "prior": D("3")}
    assert status == 0


def test_gbk_csv_with_codes_in_front_of_names(tmp_path: Path) -> None:
    text = ("一般公共预算支出表\n单位：万元\n科目名称,合计,基本支出,项目支出\n合计,300.00,200.00,100.00\n"
            "201 一般公共服务支出,300.00,200.00,100.00\n20103 政府办公厅（室）及相关机构事务,300.00,200.00,100.00\n"
            "2010301 行政运行,200.00,200.00,\n2010350 事业运行,100.00,,100.00\n")
    path = tmp_path / "gp.csv"
    path.write_bytes(text.encode("gbk"))
    data, _out, status = _imported(tmp_path, path)
    rows = data["gp_expenditure_table"]
    assert [r.get("code") for r in rows] == [None, "201", "20103", "2010301", "2010350"]
    assert rows[3] == {"code": "2010301", "name": "行政运行", "total": D("200"), "basic": D("200")}
    assert rows[4] == {"code": "2010350", "name": "事业运行", "total": D("100"), "project": D("100")}
    assert status == 0


def test_unknown_rows_and_ambiguous_labels_are_listed_not_placed(tmp_path: Path) -> None:
    rows = [
        ["部门收支总表"],
        ["单位：万元"],
        ["项目", "本年预算数"],
        ["一般公共预算拨款", 100],
        ["神秘收入", 5],
        ["合计", 100],  # 本年收入合计 or 本年支出合计? one column, no side: not decided
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "Sheet1", rows, first=True)
    wb.save(tmp_path / "d.xlsx")
    result = import_sources([tmp_path / "d.xlsx"], year="2021")
    assert result.status == 1
    reasons = {u.item: u.reason for u in result.placer.unplaced}
    assert "不是模板部门收支总表中的行" in reasons["神秘收入"]
    assert "本年收入合计" in reasons["合计"] and "本年支出合计" in reasons["合计"] and "未自动判断" in reasons["合计"]
    report = render(result)
    assert "d.xlsx › Sheet1!B5 神秘收入 5" in report and "未放入 2 项" in report
    listed = [s for s in result.data["sources"] if s.get("note", "").startswith("未放入")]
    assert {s["item"] for s in listed} == {"神秘收入", "合计"}


def test_two_sources_stating_one_cell_differently_are_a_conflict(tmp_path: Path) -> None:
    for name, total in (("e1.xlsx", 300), ("e2.xlsx", 310)):
        wb = openpyxl.Workbook()
        _sheet(wb, "支出", [["部门支出总表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                           [None, "合计", total, 200, 100]], first=True)
        wb.save(tmp_path / name)
    result = import_sources([tmp_path / "e1.xlsx", tmp_path / "e2.xlsx"])
    assert result.data["expenditure_table"][0]["total"] == D("300")  # the first is kept
    assert len(result.placer.conflicts) == 1
    conflict = result.placer.conflicts[0]
    assert conflict.where == "e2.xlsx › 支出!C4" and conflict.value == D("310")
    assert "e1.xlsx › 支出!C4" in conflict.reason and "300" in conflict.reason
    assert result.status == 1


def test_sheet_without_a_known_title_and_unreadable_source(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "杂表", [["随便什么表"], ["项目", "金额"], ["甲", 1]], first=True)
    wb.save(tmp_path / "f.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    result = import_sources([tmp_path / "f.xlsx"])
    assert result.status == 1 and "没有找到标准表的标题" in result.placer.unplaced[0].reason
    assert main(["import", str(tmp_path / "broken.xlsx"), "-o", str(tmp_path / "g.xlsm")]) == 2
    assert main(["import", str(tmp_path / "f.xlsx"), "-o", str(tmp_path / "f.xlsx")]) == 2  # never over a source
    assert (tmp_path / "f.xlsx").read_bytes()[:2] == b"PK"


def test_xls_converted_by_libreoffice_reads_like_the_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "表一", _summary_side_by_side(), ("A1:D1", "A3:B3", "C3:D3"), first=True)
    wb.save(tmp_path / "a.xlsx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed to write the .xls under test"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(tmp_path / "a.xlsx")], check=True, capture_output=True, timeout=180)
    from_xls = import_sources([tmp_path / "a.xls"]).data
    from_xlsx = import_sources([tmp_path / "a.xlsx"]).data
    assert from_xls["summary_table"] == from_xlsx["summary_table"]
    assert from_xls["summary_table"]["gp_appropriation"]["amount"] == D("1034.56")


def test_published_seed_reimported_gives_the_same_figures_in_the_same_cells(tmp_path: Path) -> None:
    seed = tmp_path / "seed.xlsm"
    build(load_seed_data(), seed)
    publish(seed, tmp_path / "pub.xlsx")
    out = tmp_path / "again.xlsm"
    assert main(["import", str(tmp_path / "pub.xlsx"), "-o", str(out)]) == 0
    before = read_workbook(seed).book
    after = read_workbook(out).book
    for key, body in before.data.items():
        if key != "sources":
            assert after.data[key] == body, key
    cells = [(t, r, c) for t, body in before.data.items() if t != "sources"
             for r in (body if isinstance(body, dict) else range(len(body)))
             for c in (body[r] if isinstance(body, dict) else body[r])]
    assert len(cells) > 300
    assert all(after.ref(*key) == before.ref(*key) for key in cells)
    # importing the same source again writes the same workbook, byte for byte
    out2 = tmp_path / "again2.xlsm"
    main(["import", str(tmp_path / "pub.xlsx"), "-o", str(out2)])
    assert out.read_bytes() == out2.read_bytes()
    # every imported value names its source cell
    sources = {s["cell"]: s["source"] for s in after.data["sources"] if s.get("cell")}
    assert sources["收入支出!B4"] == "pub.xlsx › 收入支出!B4"


def test_new_from_last_year_carries_lists_and_turns_figures_into_prior(tmp_path: Path) -> None:
    seed = tmp_path / "2020.xlsm"
    build(load_seed_data(), seed)
    out = tmp_path / "2021.xlsm"
    assert main(["new", "--from", str(seed), str(out)]) in (0, 1)
    data = read_workbook(out).book.data
    assert data["department"]["year"]["value"] == "2021"
    assert data["department"]["name"]["value"] == "石家庄高新技术产业开发区长江街道办事处"
    assert data["income_expenditure"]["income_total"] == {"prior": D("3805.77")}
    assert data["income_expenditure"]["basic"] == {"prior": D("1304.85")}
    assert data["three_public"]["reception"] == {"prior": D("3")}
    assert data["narrative"] == [] and "text" not in (data.get("overall_goal") or {})
    seed_data = load_seed_data()
    assert data["institutions"] == seed_data["institutions"]
    assert len(data["project_indicators"]) == len(seed_data["project_indicators"])
    assert all("amount" not in r for r in data["procurement"])
    assert [r.get("item") for r in data["procurement"]] == [r.get("item") for r in seed_data["procurement"]]
    assert data["procurement"][1] == {"project": "9 个居委会办公经费", "item": "其他办公消耗用品及类似物品",
                                      "catalog": "A0999", "measure": "批"}
    sources = {s["cell"]: s["source"] for s in data["sources"] if s.get("cell")}
    assert sources["收入支出!C4"].startswith("2020.xlsm › 收入支出!B4")


def test_text_in_gbk_goes_to_the_narrative_sheet_one_paragraph_per_row(tmp_path: Path) -> None:
    text = ("第一部分 样例局概况\n一、部门职责\n负责样例工作。\n第二部分 2021年部门预算情况说明\n"
            "一、收支预算总体情况\n2021年收入总计1234.56万元。\n")
    path = tmp_path / "说明.txt"
    path.write_bytes(text.encode("gb18030"))
    data, _out, status = _imported(tmp_path, path)
    rows = data["narrative"]
    assert [r["text"] for r in rows] == [line for line in text.splitlines()]
    assert [r["kind"] for r in rows] == ["heading", "heading", "text", "heading", "heading", "text"]
    assert rows[5]["section"] == "二" and rows[2]["section"] == "一"
    assert status == 0
    sources = [s for s in data["sources"] if s.get("cell", "").startswith("情况说明!")]
    assert any(s["source"] == "说明.txt › 第6段" for s in sources)


def test_year_headers_and_stated_change_fill_the_totals_rows(tmp_path: Path) -> None:
    rows = [
        ["公开01表"],
        ["样例局收支预算总表"],
        ["编制单位：样例局", None, None, None, "单位：万元"],
        ["项目", "2021年预算数", "2020年预算数", "比上年增减", None],
        [None, None, None, "金额", "百分比"],
        ["收入总计", 1200, 1000, 200, "20%"],
        ["（一）一般公共预算拨款收入", 1200, 1000, 200, "20.0%"],
        ["支出总计", 1200, 1000, 200, "20%"],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "01", rows, ("A4:A5", "B4:B5", "C4:C5", "D4:E4"), first=True)
    wb.save(tmp_path / "h.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "h.xlsx")
    assert data["summary_table"]["income_total"] == {"amount": D("1200")}
    assert data["summary_table"]["gp_appropriation"] == {"amount": D("1200")}
    totals = data["income_expenditure"]
    assert totals["income_total"] == {"amount": D("1200"), "prior": D("1000"), "change": D("200"),
                                      "stated_growth": D("0.20")}
    assert totals["gp_appropriation"]["stated_growth"] == D("0.200")  # 20.0% keeps its shown decimal
    assert totals["expenditure_total"]["prior"] == D("1000")
    assert status == 0


def test_income_table_with_fund_columns_under_a_parent_and_code_split_over_columns(tmp_path: Path) -> None:
    rows = [
        ["部门收入总表"],
        ["单位：元"],
        ["科目编码", None, None, "科目名称", "合计", "财政拨款", None, "事业收入", "上年结转"],
        ["类", "款", "项", None, None, "一般公共预算", "政府性基金预算", None, None],
        [None, None, None, "合计", 1500000, 1000000, 300000, 150000, 50000],
        ["201", None, None, "一般公共服务支出", 1500000, 1000000, 300000, 150000, 50000],
        ["201", "03", None, "政府办公厅（室）及相关机构事务", 1500000, 1000000, 300000, 150000, 50000],
        ["201", "03", "01", "行政运行", 1500000, 1000000, 300000, 150000, 50000],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "收入", rows, ("A3:C3", "D3:D4", "E3:E4", "F3:G3", "H3:H4", "I3:I4"), first=True)
    wb.save(tmp_path / "i.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "i.xlsx")
    income = data["income_table"]
    assert [r.get("code") for r in income] == [None, "201", "20103", "2010301"]
    assert income[3] == {"code": "2010301", "name": "行政运行", "total": D("150"), "gp": D("100"), "fund": D("30"),
                         "business": D("15"), "carryover": D("5")}
    assert status == 0


def test_three_public_by_year_rows_with_a_change_row(tmp_path: Path) -> None:
    rows = [
        ["“三公”经费支出预算表"],
        ["单位：万元"],
        ["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
        ["2021年预算数", 9, 0, 6, 3],
        ["2020年预算数", 10, 1, 6, 3],
        ["增减额", -1, -1, 0, 0],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "三公", rows, first=True)
    wb.save(tmp_path / "j.xlsx")
    data, _out, status = _imported(tmp_path, tmp_path / "j.xlsx")
    assert data["gp_three_public_table"]["total"] == {"amount": D("9"), "prior": D("10")}
    assert data["gp_three_public_table"]["abroad"] == {"amount": D("0"), "prior": D("1")}
    assert data["three_public"]["total"]["change"] == D("-1")
    assert data["three_public"]["reception"]["change"] == D("0")
    assert status == 0


def test_docx_text_with_unnumbered_and_numbered_headings(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in ("样例局2021年部门预算情况说明", "一、部门职责", "负责样例工作，共有预算单位 2 家。",
                 "二、收支预算总体情况", "（一）收入预算", "收入总计 1200 万元，比上年增加 200 万元。"):
        document.add_paragraph(line)
    document.save(tmp_path / "说明.docx")
    data, _out, status = _imported(tmp_path, tmp_path / "说明.docx")
    rows = data["narrative"]
    assert [r["text"] for r in rows][1:] == [
        "一、部门职责",
        "负责样例工作，共有预算单位 2 家。",
        "二、收支预算总体情况",
        "（一）收入预算",
        "收入总计 1200 万元，比上年增加 200 万元。",
    ]
    assert [r["kind"] for r in rows][1:] == ["heading", "text", "heading", "heading", "text"]
    assert rows[-1]["section"] == "二"
    assert status == 0


def test_import_of_last_years_workbook_with_a_later_year_starts_the_new_year(tmp_path: Path) -> None:
    seed = tmp_path / "2020.xlsm"
    build(load_seed_data(), seed)
    wb = openpyxl.Workbook()
    _sheet(wb, "表一", _summary_side_by_side(), ("A1:D1", "A3:B3", "C3:D3"), first=True)
    wb.save(tmp_path / "a.xlsx")
    data, _out, status = _imported(tmp_path, seed, tmp_path / "a.xlsx", year="2021")
    assert data["department"]["year"]["value"] == "2021"
    assert data["department"]["name"]["value"] == "样例局"  # the argument, not last year's name
    assert data["income_expenditure"]["income_total"]["prior"] == D("3805.77")
    assert data["summary_table"]["income_total"]["amount"] == D("1234.56")
    assert data["narrative"] == []
    assert status == 0  # last year's department name gives way to the one given, with a note


def test_fiscal_table_function_classes_go_to_the_fund_tables(tmp_path: Path) -> None:
    rows = [
        ["财政拨款收支总表"],
        ["单位：万元"],
        ["收入", None, "支出", None, None, None],
        ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
        ["一、一般公共预算拨款", 100, "201 一般公共服务支出", 90, 90, None],
        ["二、政府性基金预算拨款", 20, "212 城乡社区支出", 30, 10, 20],
        ["本年收入合计", 120, "一、本年支出", 120, 100, 20],
        ["收入总计", 120, "支出总计", 125, None, None],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "04", rows, ("A3:B3", "C3:F3"), first=True)
    wb.save(tmp_path / "k.xlsx")
    result = import_sources([tmp_path / "k.xlsx"])
    data = result.data
    fiscal = data["fiscal_table"]
    assert fiscal["gp_appropriation"]["amount"] == D("100") and fiscal["fund_appropriation"]["amount"] == D("20")
    assert fiscal["income_total"]["amount"] == D("120") and fiscal["expenditure_total"]["amount"] == D("125")
    assert fiscal["gp_expenditure"]["amount"] == D("100") and fiscal["fund_expenditure"]["amount"] == D("20")
    assert data["gp_expenditure_table"] == [{"code": "201", "name": "一般公共服务支出", "total": D("90")},
                                            {"code": "212", "name": "城乡社区支出", "total": D("10")}]
    assert data["gov_fund_table"] == [{"code": "212", "name": "城乡社区支出", "total": D("20")}]
    # the 合计 of each class line agrees with its fund columns: checked, nothing left over; 本年收入合计
    # has no row in the template's 财政拨款收支总表 and is listed
    assert [u.item for u in result.placer.unplaced] == ["本年收入合计"]
    # 4 left, 9 right; 1 left over
    assert (result.placer.reports[0].figures, result.placer.reports[0].placed) == (13, 12)


def test_project_goal_table_fills_goals_and_indicators(tmp_path: Path) -> None:
    rows = [
        ["样例项目支出绩效目标表"],
        ["项目名称", "社区活动经费", None, None],
        ["主管部门", "901 样例局", "实施单位", "样例局"],
        ["项目资金（万元）", "年度资金总额", 12.5, None],
        ["年度绩效目标", "举办社区活动 6 场，居民满意度不低于 90%。", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "活动场次", "6 场"],
        [None, "质量指标", "活动完成率", "100%"],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "绩效", rows, ("A7:A8",), first=True)
    wb.save(tmp_path / "p.xlsx")
    result = import_sources([tmp_path / "p.xlsx"])
    goal = result.data["project_goals"][0]
    assert goal == {"group": "预算项目", "no": D(1), "title": "样例项目支出绩效目标表", "name": "社区活动经费",
                    "department": "901 样例局", "goal": "举办社区活动 6 场，居民满意度不低于 90%。"}
    indicators = result.data["project_indicators"]
    assert [(i["level1"], i["level2"], i["level3"], i["target"]) for i in indicators] == [
        ("产出指标", "数量指标", "活动场次", "6 场"), ("产出指标", "质量指标", "活动完成率", "100%"),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%")]
    # the project's amount has no cell in the template: listed, with its cell
    assert [(u.where, u.value) for u in result.placer.unplaced] == [("p.xlsx › 绩效!C4", D("12.5"))]


def test_a_scanned_pdf_is_unreadable_with_a_clear_message(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    import pypdfium2 as pdfium

    scanned = pdfium.PdfDocument.new()
    scanned.new_page(595, 842)  # a page without a text layer
    scanned.save(str(tmp_path / "scan.pdf"))
    assert main(["import", str(tmp_path / "scan.pdf"), "-o", str(tmp_path / "out.xlsm")]) == 2
    captured = capsys.readouterr()
    assert "scan.pdf" in captured.err and "没有文字层" in captured.err


def test_a_csv_without_a_title_is_named_by_its_file(tmp_path: Path) -> None:
    path = tmp_path / "部门支出总表.csv"
    path.write_text("科目编码,科目名称,合计,基本支出,项目支出\n,合计,\"1,000.00\",600.00,400.00\n", encoding="utf-8")
    result = import_sources([path])
    assert result.data["expenditure_table"] == [{"name": "合计", "total": D("1000"), "basic": D("600"),
                                                 "project": D("400")}]
    assert result.status == 0


def test_a_table_of_contents_and_an_empty_table_are_not_losses(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "目录", [["目录"], ["1", "部门收支总表"], ["2", "政府性基金预算支出表"]], first=True)
    _sheet(
        wb,
        "08",
        [
            ["政府性基金预算支出表"],
            ["单位：万元"],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            [None, "本部门没有政府性基金预算支出，本表为空表。"],
        ],
    )
    wb.save(tmp_path / "m.xlsx")
    result = import_sources([tmp_path / "m.xlsx"])
    assert result.status == 0 and result.placer.unplaced == []
    assert result.data["gov_fund_table"] == []
    assert "没有数字（空表或目录中的表名）" in render(result)


def test_check_of_an_import_finds_the_tables_real_inconsistency_and_no_false_one(tmp_path: Path) -> None:
    from budget_addin.cli import check_workbook

    wb = openpyxl.Workbook()
    _sheet(wb, "2", [["部门收入总表"], ["单位：万元"],
                     ["科目编码", "科目名称", "合计", "一般公共预算拨款", "事业收入", "上年结转"],
                     [None, "合计", 1050, 900, 100, 50], ["201", "一般公共服务支出", 1050, 900, 100, 50]], first=True)
    _sheet(wb, "3", [["部门支出总表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                     [None, "合计", 1000, 600, 400], ["201", "一般公共服务支出", 1000, 600, 390]])
    wb.save(tmp_path / "n.xlsx")
    _data, out, status = _imported(tmp_path, tmp_path / "n.xlsx")
    assert status == 0
    errors = [f for f in check_workbook(out).findings if f.severity == "error"]
    # 600 + 390 ≠ 1000 on 部门支出总表 row 5; 900 + 100 + 50 = 1050 on 部门收入总表 is consistent
    assert [(f.rule, f.cells[0]) for f in errors] == [("BN-022", "部门支出总表!C5")]


def test_unit_and_department_from_the_unit_line_and_year_from_the_title(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    # 元氏县 starts with 元: the unit is what follows 单位：, not the first 元 in the line
    _sheet(
        wb,
        "3",
        [
            ["2022年元氏县样例局部门支出总表"],
            ["编制单位：元氏县样例局", None, None, None, "单位：万元"],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            [None, "合计", 12.5, 10, 2.5],
        ],
        first=True,
    )
    wb.save(tmp_path / "o.xlsx")
    result = import_sources([tmp_path / "o.xlsx"])
    assert result.data["expenditure_table"][0]["total"] == D("12.5")
    assert result.data["department"]["name"] == {"value": "元氏县样例局"}
    assert result.data["department"]["year"] == {"value": "2022"}
    sources = {s["cell"]: s["source"] for s in result.data["sources"] if s.get("cell")}
    assert sources["部门基本信息!B5"] == "o.xlsx › 3!A2"
    # given on the command line, the identity stands
    given = import_sources([tmp_path / "o.xlsx"], name="另一个局", year="2022")
    assert given.data["department"]["name"] == {"value": "另一个局"}


def test_three_public_with_year_groups_side_by_side(tmp_path: Path) -> None:
    items = ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"]
    rows = [
        ["一般公共预算“三公”经费支出预算表"],
        ["单位：万元"],
        ["2021年预算数", None, None, None, None, None, "2020年预算数", None, None, None, None, None],
        items + items,
        [None, None, "小计", "购置费", "运行费", None] * 2,
        [9, 0, 6, 0, 6, 3, 10, 1, 6, 0, 6, 3],
    ]
    merges = ("A3:F3", "G3:L3", "C4:E4", "I4:K4", "A4:A5", "B4:B5", "F4:F5", "G4:G5", "H4:H5", "L4:L5")
    wb = openpyxl.Workbook()
    _sheet(wb, "07", rows, merges, first=True)
    wb.save(tmp_path / "q.xlsx")
    result = import_sources([tmp_path / "q.xlsx"])
    three = result.data["gp_three_public_table"]
    assert three["total"] == {"amount": D("9"), "prior": D("10")}
    assert three["abroad"] == {"amount": D("0"), "prior": D("1")}
    assert three["vehicles"] == {"amount": D("6"), "prior": D("6")}
    assert three["vehicle_purchase"] == {"amount": D("0"), "prior": D("0")}
    assert three["reception"] == {"amount": D("3"), "prior": D("3")}
    assert result.status == 0


def test_basic_expenditure_subtotal_under_its_parent_is_not_the_total(tmp_path: Path) -> None:
    rows = [
        ["一般公共预算支出表"],
        ["单位：万元"],
        ["科目编码", "科目名称", "合计", "基本支出", None, None, "项目支出"],
        [None, None, None, "小计", "人员经费", "公用经费", None],
        [None, "合计", 100, 70, 60, 10, 30],
    ]
    wb = openpyxl.Workbook()
    _sheet(wb, "05", rows, ("A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4"), first=True)
    wb.save(tmp_path / "r.xlsx")
    result = import_sources([tmp_path / "r.xlsx"])
    assert result.data["gp_expenditure_table"] == [{"name": "合计", "total": D("100"), "basic": D("70"),
                                                    "project": D("30")}]
    # 人员经费 and 公用经费 have no column in this template table: listed, never put in 基本支出
    assert sorted(u.where for u in result.placer.unplaced) == ["r.xlsx › 05!E5", "r.xlsx › 05!F5"]
    assert result.placer.conflicts == []


def test_a_stored_whole_rate_keeps_no_decimals(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "7", [["三公经费支出表"], ["单位：万元"], ["项目", "本年预算数", "上年预算数", "增长率（%）"],
                     ["合计", 12, 10, 20]], first=True)
    wb.save(tmp_path / "s.xlsx")
    growth = import_sources([tmp_path / "s.xlsx"]).data["three_public"]["total"]["stated_growth"]
    assert str(growth) == "0.20"  # 20 typed: 20%, shown without decimals


def test_a_table_the_template_has_no_sheet_for_is_listed_not_read_as_another(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    # "项目支出预算表" contains "支出预算表" (部门支出总表's other title): it must not be read as that table
    _sheet(wb, "10", [["2021年项目支出预算表"], ["单位：万元"], ["项目名称", "金额"], ["社区活动经费", 12.5],
                      ["环境整治", 30]], first=True)
    wb.save(tmp_path / "t.xlsx")
    result = import_sources([tmp_path / "t.xlsx"])
    assert result.data["expenditure_table"] == []
    (entry,) = result.placer.unplaced
    assert entry.item == "2021年项目支出预算表" and "模板中没有这张表，其中 2 个数字未读取" in entry.reason
    assert result.status == 1


def test_an_income_table_by_budget_unit_is_listed_with_the_reason(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "02", [["部门收入总表"], ["单位：万元"], ["单位编码", "单位名称", "合计", "一般公共预算拨款"],
                      ["901001", "样例局本级", 80, 80]], first=True)
    wb.save(tmp_path / "u.xlsx")
    result = import_sources([tmp_path / "u.xlsx"])
    assert result.data["income_table"] == []
    assert {u.reason for u in result.placer.unplaced} == {"按预算单位列示，模板的部门收入总表按科目列示"}


def test_every_alias_names_a_row_column_or_table_of_the_schema() -> None:
    """Other names hang on the schema's own labels: a renamed label in the schema shows up here."""
    from budget_addin.core.schema import TABLES, TABLES_BY_KEY
    from budget_addin.files.importer import aliases

    row_labels = {aliases.bare_label(r.label) for t in TABLES for r in t.rows}
    headers = {aliases.header_text(h)[0] for t in TABLES for c in t.columns for h in c.headers}
    for group in aliases.ROW_SYNONYMS:
        assert group & row_labels, sorted(group)
    for label in aliases.COLUMN_SYNONYMS:
        assert label in headers, label
    for key in aliases.TITLE_SYNONYMS:
        assert key in TABLES_BY_KEY and TABLES_BY_KEY[key].title


def test_line_numbers_are_read_past(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(wb, "01", [["部门收支总表"], ["单位：万元"], ["项目", "行次", "预算数"], ["一般公共预算拨款", 1, 80],
                      ["收入总计", 2, 80]], first=True)
    wb.save(tmp_path / "v.xlsx")
    result = import_sources([tmp_path / "v.xlsx"])
    assert result.data["summary_table"] == {
        "gp_appropriation": {"amount": D("80")},
        "income_total": {"amount": D("80")},
    }
    assert result.status == 0 and result.placer.reports[0].figures == 2


def test_a_figure_in_yuan_and_the_same_rounded_to_wanyuan_agree(tmp_path: Path) -> None:
    for name, unit, total in (("w1.xlsx", "元", 12345678), ("w2.xlsx", "万元", 1234.57), ("w3.xlsx", "万元", 1234.58)):
        wb = openpyxl.Workbook()
        _sheet(wb, "3", [["部门支出总表"], [f"单位：{unit}"], ["科目编码", "科目名称", "合计"], [None, "合计", total]],
               first=True)
        wb.save(tmp_path / name)
    agree = import_sources([tmp_path / "w1.xlsx", tmp_path / "w2.xlsx"])
    assert agree.data["expenditure_table"][0]["total"] == D("1234.5678") and agree.placer.conflicts == []
    # 1234.58 is not 1234.5678 at two decimals: a conflict
    differ = import_sources([tmp_path / "w1.xlsx", tmp_path / "w3.xlsx"])
    assert len(differ.placer.conflicts) == 1


def test_procurement_rows_keep_their_text_and_figures(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(
        wb,
        "采购",
        [
            ["政府采购预算表"],
            ["单位：元"],
            ["项目名称", "采购物品名称", "政府采购目录序号", "数量", "单价", "合计", "一般公共预算拨款", "备用金"],
            ["办公设备购置", "台式计算机", "A02010104", 4, 5000, 20000, 20000, None],
            [None, None, None, None, None, None, None, 7],
        ],
        first=True,
    )
    wb.save(tmp_path / "x.xlsx")
    result = import_sources([tmp_path / "x.xlsx"])
    assert result.data["procurement"] == [{"project": "办公设备购置", "item": "台式计算机", "catalog": "A02010104",
                                           "quantity": D("4"), "unit_price": D("0.5"), "amount": D("2"), "gp": D("2")}]
    # a column the template has no place for: its figure is listed, and no empty record is left behind
    assert [(u.where, u.value) for u in result.placer.unplaced] == [("x.xlsx › 采购!H5", D("7"))]


def test_new_from_last_year_compared_with_outturn_leaves_prior_blank(tmp_path: Path) -> None:
    seed = tmp_path / "2020.xlsm"
    build(load_seed_data(), seed)
    out = tmp_path / "2021.xlsm"
    assert main(["new", "--from", str(seed), "--comparator", "上年执行数", str(out)]) == 0
    data = read_workbook(out).book.data
    assert data["department"]["comparator"]["value"] == "上年执行数"
    assert "income_total" not in data["income_expenditure"]  # a budget figure is no 执行数
    assert data["institutions"] == load_seed_data()["institutions"]


def test_a_table_inside_the_word_text_is_read_under_its_title_paragraph(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("三、“三公”经费预算情况")
    document.add_paragraph("2021年“三公”经费预算 10 万元。")
    document.add_paragraph("一般公共预算“三公”经费支出表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=4, cols=3)
    for r, values in enumerate((("项目", "本年预算数", "上年预算数"), ("合计", "10.00", "12.00"),
                                ("公务用车购置及运行费", "6.00", "8.00"), ("公务接待费", "4.00", "4.00"))):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    layout = document.add_table(rows=1, cols=2)  # a table with no title: its text stays in the narrative only
    layout.cell(0, 0).text = "备注"
    layout.cell(0, 1).text = "5"
    document.save(tmp_path / "说明.docx")
    data, _out, status = _imported(tmp_path, tmp_path / "说明.docx")
    three = data["gp_three_public_table"]
    assert three["total"] == {"amount": D("10.00"), "prior": D("12.00")}
    assert three["reception"] == {"amount": D("4.00"), "prior": D("4.00")}
    assert any(r["text"] == "2021年“三公”经费预算 10 万元。" for r in data["narrative"])
    sources = {s["cell"]: s["source"] for s in data["sources"] if s.get("cell")}
    assert sources["一般公共预算三公经费支出表!B4"] == "说明.docx › 第1个表格第2行第2列"
    assert status == 0


def test_a_table_of_a_web_page_with_colspan_and_rowspan(tmp_path: Path) -> None:
    page = """<html><head><meta charset="gbk"><title>样例局2021年部门预算</title></head><body>
    <p>一、部门职责</p><p>负责样例工作。</p>
    <p><b>部门支出总表</b></p><p>单位：<span>元</span></p>
    <table border="1">
      <tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">本年预算数</th></tr>
      <tr><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
      <tr><td></td><td>合计</td><td>1,000,000.00</td><td>600,000.00</td><td>400,000.00</td></tr>
      <tr><td>201</td><td>一般公共服务支出</td><td>1,000,000.00</td><td>600,000.00</td><td>400,000.00</td></tr>
    </table></body></html>"""
    path = tmp_path / "公开.html"
    path.write_bytes(page.encode("gbk"))
    data, _out, status = _imported(tmp_path, path)
    assert data["expenditure_table"] == [
        {"name": "合计", "total": D("100"), "basic": D("60"), "project": D("40")},
        {"code": "201", "name": "一般公共服务支出", "total": D("100"), "basic": D("60"), "project": D("40")}]
    assert data["narrative"][1]["text"] == "负责样例工作。"
    sources = {s["cell"]: s["source"] for s in data["sources"] if s.get("cell")}
    assert sources["部门支出总表!C5"] == "公开.html › 第1个表格第4行第3列"
    assert status == 0


def test_economic_class_lines_of_the_summary_are_not_function_classes(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(
        wb,
        "01",
        [
            ["部门收支总表"],
            ["单位：万元"],
            ["收入", None, "支出", None],
            ["项目", "预算数", "项目", "预算数"],
            ["一般公共预算拨款", 100, "工资福利支出", 60],
            [None, None, "302 商品和服务支出", 40],
            [None, None, "一、一般公共服务支出", 100],
        ],
        ("A3:B3", "C3:D3"),
        first=True,
    )
    wb.save(tmp_path / "y.xlsx")
    result = import_sources([tmp_path / "y.xlsx"])
    assert result.data["expenditure_table"] == [{"name": "一般公共服务支出", "total": D("100")}]
    assert sorted(u.where for u in result.placer.unplaced) == ["y.xlsx › 01!D5", "y.xlsx › 01!D6"]
    assert all("经济分类" in u.reason for u in result.placer.unplaced)


def test_a_formula_saved_without_its_result_is_listed_with_what_to_do(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()  # openpyxl writes formulas without results, as a program-made export may
    _sheet(wb, "3", [["部门支出总表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                     [None, "合计", "=D4+E4", 60, 40]], first=True)
    wb.save(tmp_path / "z.xlsx")
    result = import_sources([tmp_path / "z.xlsx"])
    assert result.data["expenditure_table"] == [{"name": "合计", "basic": D("60"), "project": D("40")}]
    (entry,) = result.placer.unplaced
    assert entry.where == "z.xlsx › 3!C4" and "公式没有保存计算结果" in entry.reason


def test_thousands_of_yuan_and_yuan_in_a_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(
        wb,
        "3",
        [
            ["部门支出总表"],
            ["金额单位：人民币千元"],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            [None, "合计", 1250, 1000, 250],
        ],
        first=True,
    )
    _sheet(wb, "5", [["一般公共预算支出表"], ["科目编码", "科目名称", "合计（元）", "基本支出（元）", "项目支出（元）"],
                     [None, "合计", 1250000, 1000000, 250000]])
    wb.save(tmp_path / "k2.xlsx")
    result = import_sources([tmp_path / "k2.xlsx"])
    assert result.data["expenditure_table"] == [
        {"name": "合计", "total": D("125"), "basic": D("100"), "project": D("25")}
    ]
    assert result.data["gp_expenditure_table"] == [{"name": "合计", "total": D("125"), "basic": D("100"),
                                                    "project": D("25")}]
    assert result.status == 0


def test_a_cell_of_a_tools_workbook_that_cannot_be_read_is_listed(tmp_path: Path) -> None:
    seed = tmp_path / "seed.xlsm"
    build(load_seed_data(), seed)
    publish(seed, tmp_path / "pub.xlsx")
    book = openpyxl.load_workbook(tmp_path / "pub.xlsx")
    book["收入支出"]["B4"] = "三千八百"  # a figure typed in words
    book.save(tmp_path / "edited.xlsx")
    result = import_sources([tmp_path / "edited.xlsx"])
    assert [u.where for u in result.placer.unplaced] == ["edited.xlsx › 收入支出!B4"]
    assert "三千八百" in result.placer.unplaced[0].reason and result.status == 1


def test_a_prior_year_of_outturn_sets_the_comparator(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(
        wb,
        "7",
        [["三公经费支出表"], ["单位：万元"], ["项目", "本年预算数", "上年执行数"], ["合计", 12, 10]],
        first=True,
    )
    wb.save(tmp_path / "c1.xlsx")
    _sheet(wb, "7b", [["三公经费支出表"], ["单位：万元"], ["项目", "本年预算数", "上年预算数"], ["合计", 12, 10]])
    wb.save(tmp_path / "c2.xlsx")
    data, out, status = _imported(tmp_path, tmp_path / "c1.xlsx")
    assert data["department"]["comparator"] == {"value": "上年执行数"} and status == 0
    assert openpyxl.load_workbook(out)["一般公共预算三公经费支出表"]["C3"].value == "上年执行数"  # the header says so
    # one table compares with 执行数, the other with 预算数: reported, the first kept
    both = import_sources([tmp_path / "c2.xlsx"])
    assert both.data["department"]["comparator"] == {"value": "上年执行数"}
    assert [c.value for c in both.placer.conflicts] == ["上年预算数"]


def test_an_outturn_column_without_a_year_is_the_prior_year(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _sheet(
        wb, "7", [["三公经费支出表"], ["单位：万元"], ["项目", "预算数", "2020年执行数"], ["合计", 12, 9.5]], first=True
    )
    wb.save(tmp_path / "e.xlsx")
    result = import_sources([tmp_path / "e.xlsx"])
    assert result.data["gp_three_public_table"]["total"] == {"amount": D("12"), "prior": D("9.5")}
    assert result.data["department"]["comparator"] == {"value": "上年执行数"}
