"""The checks of a published disclosure's tables as printed (表格, BG-001…BG-008): consistent tables pass every rule
that applies, each planted slip is found by its rule with its cells and arithmetic, rounding within the intervals and
figures of different scope are left alone. Tables are invented (tests/published_samples.py, or written here)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from table_builders import figure, final_accounts_table, jiangsu_tables, shanghai_tables, table

from budget_addin.core.findings import PUBLISHED_CATALOGUE, Finding, Report
from budget_addin.core.published import Column, Table, numbering, plain_label
from budget_addin.rules import load_catalogue
from budget_addin.rules.published import check_published
from budget_addin.rules.tables import judge_sum

D = Decimal
GENERAL = "一般公共预算支出预算表"


def check(tables: list[Table]) -> Report:
    return check_published([], tables, "测试")


def errors(report: Report, rule: str | None = None) -> list[Finding]:
    return [f for f in report.findings if f.severity != "info" and (rule is None or f.rule == rule)]


def only(report: Report, rule: str) -> Finding:
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f.message for f in report.findings]
    return found[0]


def year_on_year_table(number: int = 8, **plant: str) -> Table:
    """A function table with 本年 / 上年 / 增减额 / 增减率 columns and a 其中 row (figures invented, consistent)."""
    rows = {
        "合计": ("合计", "", ["600.00", "550.00", "50.00", "9.09%"]),
        "207": ("文化旅游体育与传媒支出", "207", ["480.00", "440.00", "40.00", "9.09%"]),
        "20701": ("  文化和旅游", "20701", ["480.00", "440.00", "40.00", "9.09%"]),
        "2070101": ("    行政运行", "2070101", ["300.00", "280.00", "20.00", "7.14%"]),
        "其中": ("      其中：在职人员", "", ["250.00", "240.00", "10.00", "4.17%"]),
        "2070111": ("    文化创作与保护", "2070111", ["180.00", "160.00", "20.00", "12.50%"]),
        "208": ("社会保障和就业支出", "208", ["120.00", "110.00", "10.00", "9.09%"]),
        "20805": ("  行政事业单位养老支出", "20805", ["120.00", "110.00", "10.00", "9.09%"]),
        "2080505": ("    机关事业单位基本养老保险缴费支出", "2080505", ["100.00", "110.00", "-10.00", "-9.09%"]),
        "2080506": ("    机关事业单位职业年金缴费支出", "2080506", ["20.00", "0.00", "20.00", "新增"]),
    }
    for key, text in plant.items():
        code, column = key.rsplit("_", 1)
        label, row_code, figures = rows[code.replace("x", "")]
        figures = list(figures)
        figures[int(column)] = text
        rows[code.replace("x", "")] = (label, row_code, figures)
    return table(number, "2021年一般公共预算支出预算增减情况表", ["本年预算数", "上年预算数", "增减额", "增减率"],
                 list(rows.values()), scope="一般公共预算", page=10)


def final_table(**plant: str) -> Table:
    """A 决算 table whose 完成率 is 决算数 ÷ 调整预算数 as its header says."""
    rows = {"合计": ["500.00", "520.00", "507.00", "97.50%"],
            "207": ["500.00", "520.00", "507.00", "97.50%"],
            "2070101": ["300.00", "310.00", "305.00", "98.39%"],
            "2070109": ["200.00", "210.00", "202.00", "96.19%"]}
    for code, text in plant.items():
        rows[code][3] = text
    names = {"合计": "合计", "207": "文化旅游体育与传媒支出", "2070101": "行政运行", "2070109": "群众文化"}
    return table(1, "2022年一般公共预算财政拨款支出决算表",
                 ["年初预算数", "调整预算数", "决算数", "完成调整预算%"],
                 [(names[c], "" if c == "合计" else c, v) for c, v in rows.items()], scope="一般公共预算", page=4)


# -- the catalogue and the ledger ---------------------------------------------------------------------------------


def test_table_rules_have_a_catalogue_of_their_own_that_the_workbook_runner_never_runs() -> None:
    check([])  # registers them
    ids = {f"BG-00{i}" for i in range(1, 9)}
    assert ids <= set(PUBLISHED_CATALOGUE)
    assert all(PUBLISHED_CATALOGUE[i].scope == "表格" for i in ids)
    assert ids.isdisjoint(load_catalogue())


def test_consistent_jiangsu_tables_give_no_finding_and_every_applicable_rule_passes() -> None:
    report = check(jiangsu_tables())
    assert report.findings == []
    assert {r: s for r, s in report.ledger.items() if r.startswith("BG-0")} == {
        "BG-001": "passed", "BG-002": "passed", "BG-003": "not_applicable", "BG-004": "passed",
        "BG-005": "not_applicable", "BG-006": "not_applicable", "BG-007": "passed", "BG-008": "passed",
        "BG-009": "passed"}


def test_consistent_year_on_year_final_and_shanghai_tables_pass_too() -> None:
    reports = [check([year_on_year_table()]), check([final_table()]), check(shanghai_tables()),
               check(jiangsu_tables()[5:6] + shanghai_tables()[:1])]
    assert [r.findings for r in reports] == [[], [], [], []]
    passed = {rule for r in reports for rule, status in r.ledger.items() if status == "passed"}
    assert {"BG-001", "BG-003", "BG-004", "BG-005", "BG-006", "BG-008"} <= passed


def test_no_tables_is_nothing_checked_not_passed() -> None:
    report = check([])
    assert report.nothing_checked
    assert {report.ledger[f"BG-00{i}"] for i in range(1, 9)} == {"not_applicable"}


def test_a_problem_table_is_never_judged_and_is_listed() -> None:
    tables = jiangsu_tables({(GENERAL, "207", 2): "482.53"})
    tables[5].problem = "表头无法解析"
    report = check(tables)
    assert not [f for f in report.findings if "表4" in " ".join(f.cells)]
    assert any("表4" in issue and "表头无法解析" in issue for issue in report.read_issues)


def test_blank_figures_only_is_missing_data() -> None:
    blank = table(1, "支出预算表", ["合计", "基本支出", "项目支出"],
                  [("合计", "", ["", "", ""]), ("文化旅游体育与传媒支出", "207", ["", "", ""]),
                   ("文化和旅游", "20701", ["", "", ""])])
    report = check([blank])
    assert report.ledger["BG-001"] == "missing_data"
    assert report.ledger["BG-004"] == "missing_data"


# -- BG-001 code hierarchy ---------------------------------------------------------------------------------------


def test_a_class_total_off_by_0_18_is_an_error_with_its_cells_and_arithmetic() -> None:
    report = check(jiangsu_tables({(GENERAL, "207", 2): "482.53"}))
    found = {f.message: f for f in errors(report, "BG-001")}
    finding = found["第6页 表4 207 文化旅游体育与传媒支出 · 合计 482.53 ≠ 各款之和 482.35（差 0.18）"]
    assert finding.severity == "error"
    assert finding.cells == ("第6页 表4 文化旅游体育与传媒支出 · 合计", "第6页 表4 文化和旅游 · 合计")
    assert (finding.expected, finding.actual) == (D("482.35"), D("482.53"))
    # the printed class is also the 合计 row's part, and its own 基本 + 项目 columns no longer add up to it
    assert "第6页 表4 合计 · 合计 560.61 ≠ 各类之和 560.79（482.53 + 38.72 + 15.36 + 24.18，差 0.18）" in found
    assert [f.rule for f in errors(report)].count("BG-004") == 1


def test_an_item_sum_lists_its_parts() -> None:
    report = check(jiangsu_tables({(GENERAL, "2070109", 2): "88.03", (GENERAL, "2070109", 4): "88.03"}))
    finding = next(f for f in errors(report, "BG-001") if "· 合计" in f.message)
    assert (
        "20701 文化和旅游 · 合计 482.35 ≠ 各项之和 482.08（312.45 + 45.60 + 88.03 + 36.00，差 0.27）" in finding.message
    )
    assert "第6页 表4 群众文化 · 合计" in finding.cells


def test_a_class_without_its_items_is_a_gap_not_an_error() -> None:
    tables = jiangsu_tables()
    general = tables[5]
    general.rows = [r for r in general.rows if r.code != "2080505"]  # 20805 printed without its 项
    report = check(tables)
    assert report.findings == [] and report.ledger["BG-001"] == "passed"


def test_rounded_parts_within_their_intervals_are_not_errors() -> None:
    """Three parts each rounded: their sum may be 0.01 off the rounded total (3 × 0.005 + 0.005)."""
    rows = [("合计", "", ["100.01"]), ("一般公共服务支出", "201", ["33.33"]), ("教育支出", "205", ["33.33"]),
            ("科学技术支出", "206", ["33.34"])]
    assert check([table(1, "支出表", ["合计"], rows)]).ledger["BG-001"] == "passed"
    rows[0] = ("合计", "", ["100.03"])
    assert only(check([table(1, "支出表", ["合计"], rows)]), "BG-001").severity == "error"


def test_judge_sum_reads_whole_numbers_among_two_decimal_figures_as_exact() -> None:
    assert judge_sum((D("100.00"), 2), [(D("60.40"), 2), (D("39.60"), 2)], 2).severity is None
    # 120 beside 3456.78: exact; it holds only when read as rounded to ±0.5, so a warning that says so
    verdict = judge_sum((D("120"), 0), [(D("60.30"), 2), (D("59.90"), 2)], 2)
    assert verdict.severity == "warning" and "整数" in verdict.note
    # every figure whole: ±0.5 is the reading, a gap of 1 a warning at most
    assert judge_sum((D("10"), 0), [(D("2"), 0), (D("3"), 0), (D("4"), 0)], 0).severity is None
    assert judge_sum((D("11"), 0), [(D("5"), 0), (D("5"), 0)], 0).severity is None  # 9–11 meets 10.5–11.5
    assert judge_sum((D("13"), 0), [(D("5"), 0), (D("5"), 0)], 0).severity == "error"


# -- BG-002 numbering ---------------------------------------------------------------------------------------------


def test_numbered_items_against_their_total_and_sub_items_against_their_parent() -> None:
    rows = [
        ("收入合计", "", ["300.00"]),
        ("一、财政拨款收入", "", ["250.00"]),
        ("（一）一般公共预算拨款", "", ["200.00"]),
        ("（二）政府性基金预算拨款", "", ["40.00"]),
        ("二、其他收入", "", ["50.00"]),
    ]
    report = check([table(1, "收入预算总表", ["金额"], rows, scope="部门", page=2)])
    finding = only(report, "BG-002")
    assert finding.severity == "error"
    assert finding.message == "第2页 表1 财政拨款收入 · 金额 250.00 ≠ 所列各项之和 240.00（200.00 + 40.00，差 10.00）"
    rows[3] = ("（二）政府性基金预算拨款", "", ["50.00"])
    assert check([table(1, "收入预算总表", ["金额"], rows)]).ledger["BG-002"] == "passed"
    rows[0] = ("收入合计", "", ["310.00"])
    finding = only(check([table(1, "收入预算总表", ["金额"], rows)]), "BG-002")
    assert "收入合计 · 金额 310.00 ≠ 各项之和 300.00（250.00 + 50.00，差 10.00）" in finding.message


def test_a_total_the_numbering_continues_after_is_not_summed() -> None:
    """一、… 本年收入合计, then 二、上年结转: what the total holds is not certain."""
    rows = [("一、一般公共预算拨款", "", ["200.00"]), ("二、其他收入", "", ["50.00"]), ("本年收入合计", "", ["230.00"]),
            ("三、上年结转", "", ["20.00"]), ("收入总计", "", ["250.00"])]
    assert errors(check([table(1, "收入表", ["金额"], rows)]), "BG-002") == []


def test_a_numbered_list_is_summed_only_when_it_is_the_whole_list() -> None:
    """收入合计 above 一、二、 and an unnumbered 上年结转 (收入合计 holds it): not summed; a skipped number: not summed;
    sub-items between the numbered items and a total below them: summed."""
    carried = [("收入合计", "", ["320.00"]), ("一、一般公共预算拨款", "", ["250.00"]), ("二、其他收入", "", ["50.00"]),
               ("上年结转", "", ["20.00"])]
    assert check([table(1, "收入预算总表", ["金额"], carried)]).ledger["BG-002"] == "not_applicable"
    gap = [("收入合计", "", ["300.00"]), ("一、一般公共预算拨款", "", ["250.00"]), ("二、其他收入", "", ["30.00"]),
           ("四、事业收入", "", ["20.00"])]
    assert check([table(1, "收入预算总表", ["金额"], gap)]).ledger["BG-002"] == "not_applicable"
    below = [
        ("一、财政拨款收入", "", ["250.00"]),
        ("（一）一般公共预算拨款", "", ["200.00"]),
        ("（二）政府性基金预算拨款", "", ["50.00"]),
        ("二、其他收入", "", ["50.00"]),
        ("本年收入合计", "", ["310.00"]),
    ]
    finding = only(check([table(1, "收入预算总表", ["金额"], below)]), "BG-002")
    assert finding.message.startswith("表1 本年收入合计 · 金额 310.00 ≠ 各项之和 300.00")


def test_a_numbered_total_off_in_the_summary_table() -> None:
    report = check(jiangsu_tables({("收支预算总表", "三、其他收入", 1): "20.50"}))
    finding = only(report, "BG-002")
    assert finding.message.startswith("第3页 表1 本年收入合计 · 收入·金额 580.61 ≠ 各项之和 581.11")
    assert "第3页 表1 三、其他收入 · 收入·金额" in finding.cells


# -- BG-003 其中 ---------------------------------------------------------------------------------------------------


def test_an_of_which_row_larger_than_its_parent_is_an_error() -> None:
    report = check([year_on_year_table(其中_0="310.00")])
    finding = only(report, "BG-003")
    assert finding.severity == "error"
    assert finding.cells == ("第10页 表8 行政运行 · 本年预算数", "第10页 表8 其中：在职人员 · 本年预算数")
    assert finding.message.startswith(
        "第10页 表8 2070101 行政运行 · 本年预算数 300.00，其中 在职人员 310.00 超过它 10.00"
    )


def test_an_of_which_row_is_not_summed_into_the_total() -> None:
    report = check([year_on_year_table()])
    assert report.ledger["BG-001"] == "passed" and report.ledger["BG-003"] == "passed"


# -- BG-004 columns -----------------------------------------------------------------------------------------------


def test_a_total_column_off_its_basic_and_project_columns_is_an_error() -> None:
    report = check(jiangsu_tables({("支出预算总表", "600.61", 2): "209.99"}))
    finding = only(report, "BG-004")
    assert finding.severity == "error"
    assert finding.message.startswith("第5页 表3 第1行 · 合计 600.61 ≠ 各列之和 600.70（390.71 + 209.99，差 0.09）")
    assert finding.cells == ("第5页 表3 第1行 · 合计", "第5页 表3 第1行 · 基本支出", "第5页 表3 第1行 · 项目支出")


def test_a_total_above_its_parts_with_a_blank_part_is_a_warning_naming_the_blank() -> None:
    report = check(jiangsu_tables({("支出预算总表", "600.61", 2): "209.00"}))
    finding = only(report, "BG-004")
    assert finding.severity == "warning"
    assert "单位预留机动经费为空（空白不是 0）" in finding.message


def test_staff_and_public_columns_and_the_car_group_column() -> None:
    report = check(jiangsu_tables({("基本支出预算表", "30211", 4): "8.60"}))
    finding = next(f for f in report.findings if f.rule == "BG-004")
    assert finding.message.startswith("第7页 表5 30211 差旅费 · 合计 8.50 ≠ 各列之和 8.60")
    tables = shanghai_tables()
    tables[1].rows[0].figures[10] = figure("1.00")  # 2024 购置费 0 → 1: the 小计 no longer its parts' sum
    report = check(tables)
    assert errors(report, "BG-004") == []  # a 三公 table's 合计 and 小计 are BG-009's, through its header tree
    finding = only(report, "BG-009")  # the 合计 holds the 小计 as printed: only the 小计 is named
    assert finding.message.startswith(
        "第3页 表2 第1行 · 2024年预算数·公务用车购置及运行费·小计 6.00 ≠ 购置费与运行费之和 7.00")


def test_the_three_public_total_may_or_may_not_hold_meeting_and_training_costs() -> None:
    holds = jiangsu_tables()  # 合计 15.60 = 9.00 三公 + 2.40 会议费 + 4.20 培训费
    assert check(holds).ledger["BG-009"] == "passed"
    without = jiangsu_tables({("三公", "15.60", 0): "9.00"})
    assert errors(check(without), "BG-009") == []
    neither = jiangsu_tables({("三公", "15.60", 0): "12.00"})
    assert only(check(neither), "BG-009").severity == "error"
    assert errors(check(neither), "BG-004") == []


def test_a_carry_over_column_may_or_may_not_be_in_the_total() -> None:
    income = table(1, "部门收入总表", ["合计", "一般公共预算拨款", "其他收入", "上年结转"],
                   [("合计", "", ["300.00", "250.00", "30.00", "20.00"])], scope="部门")
    assert check([income]).ledger["BG-004"] == "passed"
    income.rows[0].figures[1] = figure("280.00")  # 本年 only: also a reading some tables print
    assert check([income]).ledger["BG-004"] == "passed"
    income.rows[0].figures[1] = figure("290.00")
    finding = only(check([income]), "BG-004")
    assert finding.message.startswith("表1 合计 · 合计 290.00 ≠ 各列之和 280.00（250.00 + 30.00，差 10.00）")


# -- BG-005 year on year ------------------------------------------------------------------------------------------


def test_a_change_that_is_not_current_minus_prior_is_an_error() -> None:
    report = check([year_on_year_table(**{"2070111_2": "2.00"})])
    finding = only(report, "BG-005")
    assert [f.rule for f in report.findings] == ["BG-001", "BG-005"]  # 20701's 增减额 is its items' sum too
    assert finding.message == ("第10页 表8 2070111 文化创作与保护：本年预算数 180.00 − 上年预算数 160.00 = 20.00，"
                               "增减额 列为 2.00，差 18.00")
    assert finding.cells[0] == "第10页 表8 文化创作与保护 · 增减额"


def test_a_rate_slip_is_an_error_and_a_truncated_rate_a_warning() -> None:
    finding = only(check([year_on_year_table(**{"2070101_3": "7.41%"})]), "BG-005")
    assert finding.severity == "error"
    assert "增减率 20.00÷280.00=7.14%，增减率 列为 7.41%：四舍五入与截尾均不成立，应为 7.14%" in finding.message
    truncated = only(check([year_on_year_table(**{"207_3": "9.0%"})]), "BG-005")  # 9.0909 → 9.1 rounded, 9.0 truncated
    assert truncated.severity == "warning" and "仅在截尾取整时成立" in truncated.message


def test_a_prior_slip_shows_in_the_change_and_the_rate() -> None:
    found = errors(check([year_on_year_table(**{"2070101_1": "282.00"})]))
    assert {f.rule for f in found} >= {"BG-005", "BG-001"}
    assert any("上年预算数 282.00 = 18.00" in f.message for f in found if f.rule == "BG-005")


def test_a_zero_base_has_no_rate() -> None:
    assert check([year_on_year_table()]).ledger["BG-005"] == "passed"  # 新增 over 0
    finding = only(check([year_on_year_table(**{"2080506_3": "100.00%"})]), "BG-005")
    assert "上年数为 0，增减率无从计算" in finding.message and finding.expected == "新增"


def three_public_by_year(**plant: str) -> Table:
    """A 三公 table whose rows are the years and the change (as many are printed): items as columns."""
    rows = {"2021年预算数": ["9.00", "0.00", "6.00", "3.00"], "2020年预算数": ["10.50", "0.00", "7.00", "3.50"],
            "增减额": ["-1.50", "0.00", "-1.00", "-0.50"], "增减率（%）": ["-14.29", "", "-14.29", "-14.29"]}
    for key, text in plant.items():
        label, column = key.rsplit("_", 1)
        rows[label][int(column)] = text
    return table(6, "2021年“三公”经费支出预算表", ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
                 [(label, "", figures) for label, figures in rows.items()], scope="三公", page=8)


def test_year_on_year_rows_under_item_columns() -> None:
    report = check([three_public_by_year()])
    assert report.findings == [] and report.ledger["BG-005"] == "passed" and report.ledger["BG-009"] == "passed"
    finding = only(check([three_public_by_year(增减额_3="-0.05")]), "BG-005")
    assert (
        finding.message
        == "第8页 表6 公务接待费：2021年预算数 3.00 − 2020年预算数 3.50 = -0.50，增减额 行为 -0.05，差 0.45"
    )
    assert finding.cells == ("第8页 表6 增减额 · 公务接待费", "第8页 表6 2021年预算数 · 公务接待费",
                             "第8页 表6 2020年预算数 · 公务接待费")
    rate = only(check([three_public_by_year(**{"增减率（%）_2": "-12.50"})]), "BG-005")
    assert "第8页 表6 公务用车购置及运行费：增减率 -1.00÷7.00=-14.29%，增减率（%） 行为 -12.50" in rate.message


# -- BG-006 completion rates --------------------------------------------------------------------------------------


def test_a_completion_rate_slip_is_an_error_against_the_base_the_header_names() -> None:
    assert check([final_table()]).ledger["BG-006"] == "passed"
    finding = only(check([final_table(**{"2070109": "101.00%"})]), "BG-006")
    assert finding.severity == "error"
    assert "完成率 202.00÷210.00（调整预算数）=96.19%，完成调整预算% 列为 101.00%" in finding.message
    assert finding.cells == ("第4页 表1 群众文化 · 完成调整预算%", "第4页 表1 群众文化 · 决算数",
                             "第4页 表1 群众文化 · 调整预算数")


def test_a_rate_column_does_not_make_every_row_a_row_of_rates() -> None:
    """Each row of a 决算 table ends in a 完成率: its amounts are still summed (207 lists its 项 without a 款, a gap
    that is not summed, so the 合计 row is where the slip shows)."""
    final = final_table()
    final.rows[1].figures[3] = figure("507.30")
    finding = only(check([final]), "BG-001")
    assert finding.message == "第4页 表1 合计 · 决算数 507.00 ≠ 各类之和 507.30（差 0.30）"


def test_a_bare_completion_rate_accepts_either_budget_as_its_base() -> None:
    sample = final_accounts_table()  # 完成率 = 决算 ÷ 调整预算
    assert sample.columns[3].path == ("完成率",)
    report = check([sample])
    assert report.ledger["BG-006"] == "passed"
    assert report.notes["BG-006"] == "第4页 表1 的“完成率”未写明基数：按调整预算数核对，按年初预算数成立的也视为一致"
    assert "BG-006" not in check([final_table()]).notes  # its header names the base
    on_initial = final_table(**{"2070101": "101.67%"})  # 305 ÷ 300: against 年初预算数
    on_initial.columns[3] = Column(4, ("完成率",))
    assert check([on_initial]).ledger["BG-006"] == "passed"


# -- BG-007 balances ----------------------------------------------------------------------------------------------


def test_income_total_unequal_to_spending_total_is_one_error_naming_both_sides() -> None:
    report = check(
        jiangsu_tables({("收支预算总表", "收入总计", 1): "600.16", ("收支预算总表", "上年结转", 1): "19.55"})
    )
    finding = only(report, "BG-007")
    assert finding.severity == "error"
    assert finding.message.startswith("第3页 表1 收入总计 600.16 ≠ 支出总计 600.61（差 0.45）")
    assert finding.cells[0] == "第3页 表1 收入总计 · 收入·金额" and len(finding.cells) == 3


def test_this_years_income_plus_carry_over_must_make_the_income_total() -> None:
    report = check(jiangsu_tables({("收支预算总表", "上年结转", 1): "21.00"}))
    finding = only(report, "BG-007")
    assert finding.message == ("第3页 表1 收入总计 · 收入·金额 600.61 ≠ 本年收入合计、上年结转之和 601.61"
                               "（580.61 + 21.00，差 1.00）")


def test_balances_of_a_summary_with_this_and_last_years_columns() -> None:
    paths = [("收入", "本年预算数"), ("收入", "上年预算数")]
    income = table(
        1,
        "部门收支总表",
        paths,
        [
            ("本年收入合计", "", ["580.00", "500.00"]),
            ("上年结转", "", ["20.00", "10.00"]),
            ("收入总计", "", ["600.00", "510.00"]),
        ],
        scope="部门",
        page=2,
        part="收入",
    )
    spending = table(1, "部门收支总表", [("支出", "本年预算数"), ("支出", "上年预算数")],
                     [("本年支出合计", "", ["600.00", "510.00"]), ("支出总计", "", ["600.00", "510.00"])],
                     scope="部门", page=2, part="支出")
    assert check([income, spending]).ledger["BG-007"] == "passed"
    spending.rows[1].figures[1] = figure("601.00")
    assert "第2页 表1 支出总计 · 支出·本年预算数 601.00 ≠ 本年支出合计 600.00（差 1.00）" in [
        f.message for f in check([income, spending]).findings]
    spending.rows[0].figures[1] = figure("601.00")
    finding = only(check([income, spending]), "BG-007")
    assert finding.message.startswith("第2页 表1 收入总计 600.00 ≠ 支出总计 601.00（差 1.00）")


# -- BG-008 the same item in two tables ----------------------------------------------------------------------------


def test_the_same_item_different_in_two_tables_of_the_same_scope_is_an_error() -> None:
    report = check(
        jiangsu_tables({("收入预算总表", "一般公共预算拨款", 1): "560.16", ("收入预算总表", "收入合计", 1): "600.16"})
    )
    finding = only(report, "BG-008")
    assert finding.message == ("部门口径：第3页 表1 一般公共预算拨款 · 收入·金额 560.61 ≠ "
                               "第4页 表2 一般公共预算拨款 · 金额 560.16，差 0.45")
    assert finding.cells == ("第3页 表1 一、一般公共预算拨款 · 收入·金额", "第4页 表2 一般公共预算拨款 · 金额")


def test_a_class_is_met_by_its_name_in_a_table_without_codes() -> None:
    """The 收支总表 lists 类 by name (一、文化旅游体育与传媒支出); a 部门 支出总表 by code: the same figure, compared
    once."""
    by_code = table(9, "部门支出总表", ["合计", "基本支出", "项目支出"],
                    [("文化旅游体育与传媒支出", "207", ["522.35", "312.45", "209.90"]),
                     ("文化和旅游", "20701", ["522.35", "312.45", "209.90"])], scope="部门", page=12)
    assert check(jiangsu_tables() + [by_code]).findings == []
    by_code.rows[0].figures[1] = figure("522.53")
    report = check(jiangsu_tables() + [by_code])
    same = [f for f in report.findings if f.rule == "BG-008"]
    assert len(same) == 1
    assert same[0].message == ("部门口径：第3页 表1 文化旅游体育与传媒支出 · 支出·金额 522.35 ≠ "
                               "第12页 表9 207 文化旅游体育与传媒支出 · 合计 522.53，差 0.18")


def test_an_item_printed_twice_in_one_table_is_not_compared() -> None:
    twice = table(
        1, "政府采购表", ["金额"], [("办公设备购置", "", ["6.00"]), ("办公设备购置", "", ["4.00"])], scope="政府采购"
    )
    other = table(2, "政府采购明细", ["金额"], [("办公设备购置", "", ["10.00"])], scope="政府采购")
    report = check([twice, other])
    assert report.ledger["BG-008"] == "not_applicable" and report.notes["BG-008"] == "同一口径的表格中没有共同的项目"


def test_tables_in_yuan_and_in_wanyuan_are_compared_exactly() -> None:
    tables = jiangsu_tables() + shanghai_tables()
    assert check(tables).ledger["BG-008"] == "passed"
    yuan = tables[-2]
    row = next(r for r in yuan.rows if r.code == "2070101")
    row.figures[1] = figure("3,124,600.00")  # 312.46 万元 against 312.45
    report = check(tables)
    found = [f for f in report.findings if f.rule == "BG-008"]
    assert len(found) == 1
    assert "行政运行 · 合计 312.45 ≠ 第2页 表1 2070101 行政运行 · 合计 312.46（万元），差 0.01" in found[0].message


def test_different_scopes_are_never_compared() -> None:
    """群众文化 is 128.30 in the 部门 tables and 88.30 of 一般公共预算: both right."""
    department = table(11, "部门支出预算表", ["合计"], [("群众文化", "2070109", ["128.30"])], scope="部门")
    general = table(12, "一般公共预算支出表", ["合计"], [("群众文化", "2070109", ["88.30"])], scope="一般公共预算")
    report = check([department, general])
    assert report.ledger["BG-008"] == "not_applicable"
    same = table(13, "财政拨款支出表", ["合计"], [("群众文化", "2070109", ["88.30"])], scope="一般公共预算")
    assert check([department, general, same]).ledger["BG-008"] == "passed"


def test_an_appropriation_is_the_same_money_in_a_department_and_a_fiscal_table() -> None:
    fiscal = table(10, "财政拨款收支总表", [("收入", "金额")], [("一、一般公共预算拨款收入", "", ["560.61"]),
                                                         ("收入总计", "", ["560.61"])], scope="财政拨款", part="收入")
    assert check(jiangsu_tables() + [fiscal]).ledger["BG-008"] == "passed"
    fiscal.rows[0].figures[1] = figure("560.16")
    found = [f for f in check(jiangsu_tables() + [fiscal]).findings if f.rule == "BG-008"]
    assert [f.message for f in found] == [
        "财政拨款收入来源（各口径相同）：第3页 表1 一般公共预算拨款 · 收入·金额 560.61 ≠ "
        "表10 一般公共预算拨款收入 · 收入·金额 560.16，差 0.45"
    ]


def test_a_basic_expenditure_table_by_function_is_not_compared_with_the_whole_row() -> None:
    whole = table(
        1,
        "一般公共预算支出表",
        ["合计", "基本支出", "项目支出"],
        [("行政运行", "2070101", ["330.00", "300.00", "30.00"])],
        scope="一般公共预算",
    )
    basic = table(2, "一般公共预算基本支出表", ["合计"], [("行政运行", "2070101", ["300.00"])], scope="一般公共预算")
    report = check([whole, basic])
    assert report.ledger["BG-008"] == "passed"
    basic.rows[0].figures[1] = figure("303.00")
    assert "≠" in only(check([whole, basic]), "BG-008").message


# -- labels -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "mark", "plain"), [
    ("一、一般公共预算拨款", (1, 1), "一般公共预算拨款"), ("（十二）其他支出", (2, 12), "其他支出"),
    ("3.办公费", (3, 3), "办公费"), ("（2）差旅费", (4, 2), "差旅费"), ("  其中：行政运行（项）", None, "行政运行"),
    ("2070101 行政运行", None, "行政运行"), ("2021年预算数", None, "2021年预算数"), ("合计", None, "合计"),
])
def test_labels_as_printed(label: str, mark: tuple[int, int] | None, plain: str) -> None:
    assert numbering(label) == mark and plain_label(label) == plain
