"""The text of a published disclosure against its own tables (BG-101…BG-105): a figure the text binds to an item is
compared with that item's row; growth rates without a prior figure in the text are judged with the table's 上年
column; an item whose tables of different scope disagree is judged only when the sentence names its scope.
Texts and tables are invented (tests/published_samples.py's 江苏-style set, or written here)."""

from __future__ import annotations

from decimal import Decimal

from published_samples import jiangsu_text
from table_builders import jiangsu_tables, shanghai_tables, table

from budget_addin.core.findings import Finding, Report
from budget_addin.core.published import Table
from budget_addin.narrative.figures import as_paragraphs
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.narrative.text_check import check_document
from budget_addin.rules.published import check_published

D = Decimal


def check(text: list[str], tables: list[Table]) -> Report:
    return check_published(as_paragraphs(text), tables, "测试")


def only(report: Report, rule: str) -> Finding:
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f.message for f in report.findings]
    return found[0]


def comparison_table() -> Table:
    """A function table with 本年 and 上年 columns (no 增减 column), scope 一般公共预算."""
    return table(
        3,
        "2021年一般公共预算支出预算表",
        ["本年预算数", "上年预算数"],
        [
            ("合计", "", ["600.00", "550.00"]),
            ("文化旅游体育与传媒支出", "207", ["480.00", "440.00"]),
            ("文化和旅游", "20701", ["480.00", "440.00"]),
            ("行政运行", "2070101", ["300.00", "280.00"]),
            ("文化创作与保护", "2070111", ["180.00", "160.00"]),
            ("社会保障和就业支出", "208", ["120.00", "110.00"]),
            ("行政事业单位养老支出", "20805", ["120.00", "110.00"]),
            ("机关事业单位基本养老保险缴费支出", "2080505", ["0.00", "110.00"]),
            ("机关事业单位职业年金缴费支出", "2080506", ["120.00", "0.00"]),
        ],
        scope="一般公共预算",
        page=7,
    )


def test_the_consistent_jiangsu_text_agrees_with_its_tables() -> None:
    report = check(jiangsu_text(), jiangsu_tables())
    assert report.findings == []
    assert report.ledger["BG-101"] == "passed" and report.ledger["BG-104"] == "passed"
    # the tables print no 上年 column: a change or a rate is not judged, and the ledger says so
    assert report.ledger["BG-102"] == "not_applicable" and report.ledger["BG-103"] == "not_applicable"


def test_a_text_amount_unequal_to_its_row_is_an_error_naming_both() -> None:
    text = jiangsu_text()
    text[4] = text[4].replace("312.45", "312.54", 1)
    finding = only(check(text, jiangsu_tables()), "BG-101")
    assert finding.severity == "error"
    assert finding.cells == ("第5段", "第6页 表4 行政运行 · 合计")
    assert finding.message.startswith(
        "第5段 行政运行 312.54 万元 ≠ 第6页 表4 2070101 行政运行 · 合计 312.45 万元（差 0.09）。"
        "原文：“行政运行（项）312.54万元，比上年增加14.35万元"
    )
    assert (finding.expected, finding.actual) == (D("312.45"), D("312.54"))


def test_a_page_of_a_pdf_is_named() -> None:
    paragraphs = [Paragraph(12, 3, "行政运行（项）312.54万元。")]
    finding = only(check_published(paragraphs, jiangsu_tables(), "测试"), "BG-101")
    assert finding.cells[0] == "第3页第12段" and finding.message.startswith("第3页第12段 行政运行")


def test_a_whole_number_in_the_text_holds_only_as_a_rounding_a_warning() -> None:
    finding = only(check(["住房公积金（项）24万元。"], jiangsu_tables()), "BG-101")
    assert finding.severity == "warning" and "整数" in finding.message


def test_a_growth_rate_without_a_prior_figure_is_judged_with_the_tables_prior_column() -> None:
    """300 against 280: 7.14%, not 7.41%; the text states neither the prior figure nor the change."""
    report = check(["行政运行（项）支出300.00万元，比上年增长7.41%。"], [comparison_table()])
    finding = only(report, "BG-103")
    assert finding.severity == "error"
    assert finding.cells == ("第1段", "第7页 表3 行政运行 · 本年预算数", "第7页 表3 行政运行 · 上年预算数")
    assert (
        "第1段 行政运行支出增减率 (300.00 − 280.00)÷280.00=7.14%（本年、上年数取自第7页 表3），文中写 7.41%"
        in finding.message
    )
    assert finding.expected == D("7.14")
    assert check(["行政运行（项）支出300.00万元，比上年增长7.14%。"], [comparison_table()]).ledger["BG-103"] == "passed"


def test_a_rate_over_a_zero_prior_is_an_error() -> None:
    report = check(["机关事业单位职业年金缴费支出120.00万元，比上年增长100%。"], [comparison_table()])
    finding = only(report, "BG-103")
    assert "上年数为 0，增减率无从计算" in finding.message


def test_a_change_unequal_to_the_tables_current_minus_prior_is_an_error() -> None:
    finding = only(check(["文化创作与保护（项）180.00万元，比上年增加25.00万元。"], [comparison_table()]), "BG-102")
    assert "本年 180.00 − 上年 160.00 = 20.00 万元" in finding.message
    assert finding.actual == D("25.00") and finding.expected == D("20.00")
    assert (
        check(["文化创作与保护（项）180.00万元，比上年增加20.00万元。"], [comparison_table()]).ledger["BG-102"]
        == "passed"
    )


def test_a_share_without_its_whole_in_the_text_is_judged_with_the_tables_total() -> None:
    finding = only(check(["项目支出209.90万元，占35.95%。"], jiangsu_tables()), "BG-104")
    assert "项目支出占比 209.90÷600.61=34.95%" in finding.message
    assert "第3页 表1 本年支出合计 · 支出·金额" in finding.cells


def test_a_share_of_a_whole_the_text_names_is_judged_with_that_row() -> None:
    finding = only(check(["项目支出209.90万元，占本年支出合计的35.95%。"], jiangsu_tables()), "BG-104")
    assert "项目支出占比 209.90÷600.61=34.95%" in finding.message
    assert check(["项目支出209.90万元，占本年支出合计的34.95%。"], jiangsu_tables()).ledger["BG-104"] == "passed"


def test_what_the_text_check_already_reports_is_not_said_twice() -> None:
    text = jiangsu_text()
    text[3] = text[3].replace("65.05", "65.50")
    paragraphs = as_paragraphs(text)
    alone = check_published(paragraphs, jiangsu_tables(), "测试")
    assert [f.rule for f in alone.findings] == ["BG-104"]
    both = check_published(paragraphs, jiangsu_tables(), "测试", check_document(paragraphs, "测试"))
    assert [f.rule for f in both.findings if f.severity == "error"] == ["TX-SHARE"]
    assert both.ledger["TX-SHARE"] == "failed" and "BG-104" in both.ledger


def scoped_tables() -> list[Table]:
    """群众文化: 128.30 of all funds (部门), 88.30 of 一般公共预算 — both right."""
    return [table(1, "部门支出预算表", ["合计"], [("群众文化", "2070109", ["128.30"])], scope="部门"),
            table(2, "一般公共预算支出表", ["合计"], [("群众文化", "2070109", ["88.30"])], scope="一般公共预算")]


def test_an_ambiguous_label_is_not_judged_but_listed_as_unmatched() -> None:
    report = check(["群众文化（项）100.00万元。"], scoped_tables())
    assert [f.severity for f in report.findings] == ["info"]
    finding = only(report, "BG-105")
    assert "未能对应" in finding.message and "128.30" in finding.message and "88.30" in finding.message
    assert report.ledger["BG-101"] == "not_applicable"


def test_a_figure_agreeing_with_one_scope_is_consistent() -> None:
    assert [f for f in check(["群众文化（项）88.30万元。"], scoped_tables()).findings if f.rule == "BG-101"] == []


def test_a_sentence_naming_its_scope_is_judged_in_that_scope() -> None:
    finding = only(check(["一般公共预算支出中，群众文化（项）100.00万元。"], scoped_tables()), "BG-101")
    assert "第2页" not in finding.message and "表2 2070109 群众文化 · 合计 88.30 万元（差 11.70）" in finding.message


def test_a_section_of_another_scope_is_not_matched_to_department_tables() -> None:
    """Under a 一般公共预算 heading, 基本支出 350 is not the 部门 基本支出 390.71 of the tables: not judged."""
    text = ["三、一般公共预算支出预算情况", "基本支出350.00万元，项目支出169.90万元。"]
    report = check(text, jiangsu_tables())
    assert [f for f in report.findings if f.severity != "info"] == []
    assert any("上下文为一般公共预算口径" in f.message for f in report.findings if f.rule == "BG-105")
    assert [f.rule for f in check(["基本支出350.00万元。"], jiangsu_tables()).findings] == ["BG-101"]


def test_an_unbound_figure_is_never_judged() -> None:
    """A figure whose clause names no item stays unbound: no table figure is compared with it."""
    report = check(["比上年增加25.00万元。", "312.54万元。"], [comparison_table(), *jiangsu_tables()])
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []


def test_tables_in_yuan_are_compared_in_wanyuan() -> None:
    yuan = table(1, "一般公共预算支出功能分类预算表", ["合计"], [("行政运行", "2070101", ["3,124,500.00"])], unit="元",
                 scope="一般公共预算", page=2)
    assert check(["行政运行（项）312.45万元。"], [yuan]).ledger["BG-101"] == "passed"
    finding = only(check(["行政运行（项）312.54万元。"], [yuan]), "BG-101")
    assert "第2页 表1 2070101 行政运行 · 合计 312.45 万元（差 0.09）" in finding.message


def test_a_text_without_paragraphs_is_not_applicable() -> None:
    report = check_published([], jiangsu_tables(), "测试")
    assert {report.ledger[f"BG-10{i}"] for i in range(1, 6)} == {"not_applicable"}


def test_the_three_public_text_against_a_three_level_table_with_both_years() -> None:
    """The 上海-style 三公 table: 2024 合计 9.00 against 2023 10.50; 公务接待费 3.00 against 3.50."""
    right = (
        "2024年“三公”经费预算9.00万元，比上年减少1.50万元，下降14.29%。其中，公务接待费3.00万元，比上年减少0.50万元。"
    )
    report = check([right], shanghai_tables())
    assert report.findings == []
    assert {report.ledger[r] for r in ("BG-101", "BG-102", "BG-103")} == {"passed"}
    wrong = right.replace("下降14.29%", "下降15.29%").replace("减少0.50万元", "减少0.60万元")
    report = check([wrong], shanghai_tables())
    rate, change = only(report, "BG-103"), only(report, "BG-102")
    assert rate.cells == ("第1段", "第3页 表2 第1行 · 2024年预算数·合计", "第3页 表2 第1行 · 2023年预算数·合计")
    assert "(9.00 − 10.50)÷10.50=-14.29%（本年、上年数取自第3页 表2），文中写 15.29%" in rate.message
    assert "公务接待费增减 -0.60 万元，第3页 表2 公务接待费 本年 3.00 − 上年 3.50 = -0.50 万元" in change.message


def test_the_three_public_total_of_a_table_that_adds_meetings_and_training_is_the_sum_of_its_three_parts() -> None:
    """The 江苏 table's 合计 15.60 holds 会议费 and 培训费; the text's “三公”经费 9.00 is 出国 + 车 + 接待."""
    text = jiangsu_text()
    assert "“三公”经费预算9.00万元" in text[5]
    assert check(text, jiangsu_tables()).findings == []
    text[5] = text[5].replace("预算9.00", "预算9.50")
    finding = only(check(text, jiangsu_tables()), "BG-101")
    assert finding.message.startswith("第6段 “三公”经费预算 9.50 万元 ≠ 第8页 表6 因公出国（境）费 0.00 + "
                                      "公务用车购置及运行费 6.00 + 公务接待费 3.00 = 9.00 万元（差 0.50）")
    assert finding.cells[1:] == ("第8页 表6 第1行 · 因公出国（境）费", "第8页 表6 第1行 · 公务用车购置及运行费·小计",
                                 "第8页 表6 第1行 · 公务接待费")


def income_half() -> Table:
    """The income half of a 收支总表: 本年收入合计 600.00, and with 上年结转 50.00 the 收入总计 650.00."""
    return table(
        1,
        "部门收支预算总表",
        [("收入", "金额")],
        [
            ("一、一般公共预算拨款收入", "", ["500.00"]),
            ("二、事业收入", "", ["100.00"]),
            ("本年收入合计", "", ["600.00"]),
            ("上年结转", "", ["50.00"]),
            ("收入总计", "", ["650.00"]),
        ],
        scope="部门",
        page=3,
        part="收入",
    )


def test_a_share_in_a_list_under_a_stated_total_is_judged_against_that_total_in_the_table() -> None:
    """收入预算 650.00，其中 … 占 s%: the shares are of 收入总计 650.00 (the total the sentence states), not of
    本年收入合计 600.00 — 500.00 of 650.00 is 76.92%, of 600.00 83.33%."""
    right = ("2024年收入预算650.00万元，其中：一般公共预算拨款收入500.00万元，占76.92%；事业收入100.00万元，占15.38%；"
             "上年结转50.00万元，占7.69%。")
    report = check([right], [income_half()])
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []
    assert report.ledger["BG-104"] == "passed"
    finding = only(check([right.replace("占76.92%", "占76.29%")], [income_half()]), "BG-104")
    assert "一般公共预算拨款收入占比 500.00÷650.00=76.92%" in finding.message and "与 收入总计" in finding.message
    assert finding.cells[2] == "第3页 表1 收入总计 · 收入·金额"
    # 83.33% holds against 本年收入合计, not against the 650.00 the sentence makes it a share of
    assert only(check([right.replace("占76.92%", "占83.33%")], [income_half()]), "BG-104").expected == D("76.92")


def test_a_share_under_a_stated_total_no_table_total_agrees_with_is_not_judged() -> None:
    """The sentence's total 640.00 is neither 600.00 nor 650.00: which whole its shares are of is unknown."""
    report = check(["2024年收入预算640.00万元，其中：一般公共预算拨款收入500.00万元，占78.13%。"], [income_half()])
    assert [f for f in report.findings if f.rule == "BG-104"] == []
    assert report.ledger["BG-104"] == "not_applicable"


def test_a_share_without_a_stated_total_may_be_of_any_total_the_table_prints() -> None:
    """Without a whole in the text, 83.33% (of 本年收入合计) and 76.92% (of 收入总计) both hold; 80.00% of
    neither."""
    for share in ("83.33", "76.92"):
        report = check([f"一般公共预算拨款收入500.00万元，占{share}%。"], [income_half()])
        assert report.ledger["BG-104"] == "passed", share
    finding = only(check(["一般公共预算拨款收入500.00万元，占80.00%。"], [income_half()]), "BG-104")
    assert finding.severity == "error"


def test_a_text_amount_with_one_decimal_stands_for_its_rounding() -> None:
    """59.7 written with one decimal is [59.65, 59.75): the table's 59.66 rounds to it — no finding at all; 59.8
    does not, an error (not a warning about whole numbers)."""
    tables = [table(2, "一般公共预算支出表", ["合计"], [("住房公积金", "2210201", ["59.66"]),
                                                       ("行政单位医疗", "2101101", ["42.51"])], scope="一般公共预算")]
    report = check(["住房公积金（项）59.7万元，行政单位医疗（项）42.5万元。"], tables)
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []
    assert report.ledger["BG-101"] == "passed"
    finding = only(check(["住房公积金（项）59.8万元。"], tables), "BG-101")
    assert finding.severity == "error" and "整数" not in finding.message
    assert finding.message.startswith(
        "第1段 住房公积金 59.8 万元 ≠ 表2 2210201 住房公积金 · 合计 59.66 万元（差 0.14）")


def two_admin_rows_table(split: bool = False) -> Table:
    """Two 行政运行 rows under different 款 of one 类 (300.00 under 文化和旅游, 40.00 under 文物); ``split`` prints
    the codes as a table with 类, 款 and 项 columns reads them (207 / 01 / 01)."""
    rows = [("合计", "", ["400.00", "360.00"]),
            ("文化旅游体育与传媒支出", "207", ["400.00", "360.00"]),
            ("文化和旅游", "20701", ["340.00", "300.00"]),
            ("行政运行", "2070101", ["300.00", "280.00"]),
            ("群众文化", "2070109", ["40.00", "20.00"]),
            ("文物", "20702", ["60.00", "60.00"]),
            ("行政运行", "2070201", ["40.00", "45.00"]),
            ("文物保护", "2070204", ["20.00", "15.00"])]
    if split:
        rows = [(label, code if len(code) <= 3 else code[-2:], printed) for label, code, printed in rows]
    return table(4, "一般公共预算支出表", ["2024年预算数", "2023年预算数"], rows, scope="一般公共预算", page=6)


def test_a_class_path_in_the_text_links_the_one_row_under_that_class_and_kuan() -> None:
    """文化旅游体育与传媒支出（类）文物（款）行政运行（项） is 2070201 (40.00, prior 45.00), not the 行政运行 of
    文化和旅游; written with its code or joined by hyphens it is the same row."""
    texts = ["文化旅游体育与传媒支出（类）文物（款）行政运行（项）2024年预算数为40.00万元，比上年减少5.00万元，"
             "下降11.11%。",
             "2070201行政运行40.00万元。",
             "“文化旅游体育与传媒支出-文物-行政运行”40.00万元。",
             "文化旅游体育与传媒支出（类）文化和旅游（款）行政运行（项）300.00万元，比上年增加20.00万元。"]
    for split in (False, True):
        report = check(texts, [two_admin_rows_table(split)])
        assert [f for f in report.findings if f.rule.startswith("BG-1")] == [], split
        assert {report.ledger[r] for r in ("BG-101", "BG-102", "BG-103")} == {"passed"}
        wrong = [texts[0].replace("40.00万元，比上年减少5.00", "42.00万元，比上年减少3.00")]
        report = check(wrong, [two_admin_rows_table(split)])
        amount, change = only(report, "BG-101"), only(report, "BG-102")
        code = "01" if split else "2070201"
        assert f"≠ 第6页 表4 {code} 行政运行 · 2024年预算数 40.00 万元（差 2.00）" in amount.message
        assert f"第6页 表4 {code} 行政运行 本年 40.00 − 上年 45.00 = -5.00 万元" in change.message
    for wrong in ("2070201行政运行42.00万元。", "“文化旅游体育与传媒支出-文物-行政运行”42.00万元。"):
        assert "40.00 万元（差 2.00）" in only(check([wrong], [two_admin_rows_table()]), "BG-101").message


def test_a_bare_item_name_of_several_rows_stays_unlinked() -> None:
    """行政运行（项） alone names both rows (300.00 and 40.00): listed as 未能对应, never judged."""
    report = check(["行政运行（项）42.00万元。"], [two_admin_rows_table()])
    assert [f.rule for f in report.findings] == ["BG-105"]
    # a path whose 款 is not the row's own names no row
    for split in (False, True):
        report = check(["文化旅游体育与传媒支出（类）文物（款）群众文化（项）42.00万元。"],
                       [two_admin_rows_table(split)])
        assert [f for f in report.findings if f.rule.startswith("BG-1")] == []


def totals_tables() -> list[Table]:
    """Invented tables whose 合计 rows the text states: 部门 900.00 (基本 600.00, 项目 300.00); 一般公共预算 800.00
    (上年 750.00), its 基本支出 500.00 (人员 400.00, 公用 100.00); 三公 10.00 (上年 12.00); 政府采购 50.00."""
    income = table(1, "部门收支预算总表", [("收入", "金额")],
                   [("一、一般公共预算拨款收入", "", ["800.00"]), ("二、事业收入", "", ["100.00"]),
                    ("本年收入合计", "", ["900.00"]), ("收入总计", "", ["900.00"])], scope="部门", part="收入")
    spending = table(1, "部门收支预算总表", [("支出", "金额")],
                     [("一、文化旅游体育与传媒支出", "", ["900.00"]), ("本年支出合计", "", ["900.00"]),
                      ("支出总计", "", ["900.00"])], scope="部门", part="支出")
    department = table(3, "部门支出预算总表", ["合计", "基本支出", "项目支出"],
                       [("合计", "", ["900.00", "600.00", "300.00"]),
                        ("文化旅游体育与传媒支出", "207", ["900.00", "600.00", "300.00"])], scope="部门")
    general = table(4, "一般公共预算支出表", ["2024年预算数", "2023年预算数"],
                    [("合计", "", ["800.00", "750.00"]), ("文化旅游体育与传媒支出", "207", ["800.00", "750.00"])],
                    scope="一般公共预算")
    basic = table(5, "一般公共预算基本支出表", ["合计", "人员经费", "公用经费"],
                  [("合计", "", ["500.00", "400.00", "100.00"]),
                   ("文化旅游体育与传媒支出", "207", ["500.00", "400.00", "100.00"])], scope="一般公共预算")
    three = table(6, "一般公共预算“三公”经费支出表", ["2024年预算数", "2023年预算数"],
                  [("合计", "", ["10.00", "12.00"]), ("因公出国（境）费", "", ["0.00", "0.00"]),
                   ("公务用车购置及运行维护费", "", ["6.00", "7.00"]), ("公务接待费", "", ["4.00", "5.00"])],
                  scope="三公")
    procurement = table(7, "政府采购预算表", ["合计", "货物", "工程", "服务"],
                        [("合计", "", ["50.00", "20.00", "20.00", "10.00"]),
                         ("办公设备购置", "", ["20.00", "20.00", "", ""])], scope="政府采购")
    return [income, spending, department, general, basic, three, procurement]


TOTALS_TEXT = [
    "一、收支预算总体情况", "2024年收支总预算900.00万元。",
    "三、支出预算情况", "2024年支出预算900.00万元，其中：基本支出600.00万元，占66.67%；项目支出300.00万元，占33.33%。",
    "五、一般公共预算支出情况", "2024年一般公共预算拨款支出800.00万元，比上年增加50.00万元，增长6.67%。",
    "六、一般公共预算基本支出情况",
    "2024年一般公共预算基本支出500.00万元，其中：人员经费400.00万元；公用经费100.00万元。",
    "七、“三公”经费预算情况", "2024年“三公”经费预算数为10.00万元，比上年减少2.00万元，下降16.67%。",
    "九、政府采购情况", "2024年政府采购预算总额50.00万元，其中：政府采购货物预算20.00万元、政府采购工程预算20.00万元、"
    "政府采购服务预算10.00万元。",
]


def test_text_totals_agreeing_with_the_total_rows_of_their_tables_are_consistent() -> None:
    report = check(TOTALS_TEXT, totals_tables())
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []
    assert {report.ledger[r] for r in ("BG-101", "BG-102", "BG-103", "BG-104")} == {"passed"}


def test_a_text_total_unequal_to_its_tables_total_row_is_found() -> None:
    """One planted difference at a time: each a single finding naming the 合计 cell of the table of its scope."""
    planted = [
        ("收支总预算900.00", "收支总预算910.00", "BG-101", "表1 收入总计 · 收入·金额 900.00 万元（差 10.00）"),
        ("项目支出300.00万元", "项目支出310.00万元", "BG-101", "表3 合计 · 项目支出 300.00 万元（差 10.00）"),
        ("基本支出600.00万元，占66.67%", "基本支出600.00万元，占67.67%", "BG-104",
         "基本支出占比 600.00÷900.00=66.67%（取自表3 合计·基本支出 与 合计·合计）"),
        ("一般公共预算拨款支出800.00", "一般公共预算拨款支出810.00", "BG-101", "表4 合计 · 2024年预算数 800.00 万元"),
        ("增长6.67%", "增长6.76%", "BG-103", "(800.00 − 750.00)÷750.00=6.67%"),
        ("人员经费400.00", "人员经费410.00", "BG-101", "表5 合计 · 人员经费 400.00 万元（差 10.00）"),
        ("一般公共预算基本支出500.00", "一般公共预算基本支出510.00", "BG-101", "表5 合计 · 合计 500.00 万元"),
        ("比上年减少2.00万元", "比上年减少2.10万元", "BG-102", "表6 合计 本年 10.00 − 上年 12.00 = -2.00 万元"),
        ("经费预算数为10.00", "经费预算数为10.10", "BG-101", "表6 合计 · 2024年预算数 10.00 万元（差 0.10）"),
        ("政府采购预算总额50.00", "政府采购预算总额51.00", "BG-101", "表7 合计 · 合计 50.00 万元（差 1.00）"),
        ("政府采购货物预算20.00", "政府采购货物预算21.00", "BG-101", "表7 合计 · 货物 20.00 万元（差 1.00）"),
    ]
    for old, new, rule, where in planted:
        text = [p.replace(old, new) for p in TOTALS_TEXT]
        assert text != TOTALS_TEXT, old
        found = [f for f in check(text, totals_tables()).findings if f.rule.startswith("BG-1")]
        assert [f.rule for f in found] == [rule], (old, [f.message for f in found])
        assert where in found[0].message and found[0].severity == "error", found[0].message


def test_a_text_total_is_linked_only_to_a_table_of_its_scope() -> None:
    """支出预算 with no scope named is the 部门 total: with only the 一般公共预算 table printed it is not compared
    (800.00 there is another scope's total), and 基本支出 under a 一般公共预算 heading is not the 部门 基本支出."""
    general_only = [t for t in totals_tables() if t.scope == "一般公共预算" and "基本" not in t.title]
    report = check(["三、支出预算情况", "2024年支出预算900.00万元。"], general_only)
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []
    department_only = [t for t in totals_tables() if t.scope == "部门"]
    report = check(["五、一般公共预算支出情况", "其中：基本支出450.00万元。"], department_only)
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == []


def test_a_total_word_qualified_by_its_sentence_is_not_the_tables_total() -> None:
    """基本支出 of a class, of a unit, or listed under a class's amount is that item's part, not the 部门 基本支出
    600.00: never compared with it; the same sentence under the 支出预算 total is."""
    for text in (["三、支出预算情况", "文化旅游体育与传媒支出900.00万元，其中：基本支出550.00万元。"],
                 ["三、支出预算情况", "文化旅游体育与传媒支出900.00万元。其中：基本支出550.00万元。"],
                 ["三、支出预算情况", "下属单位甲的基本支出550.00万元。"],
                 ["三、支出预算情况", "文化旅游体育与传媒支出（类）基本支出550.00万元。"]):
        report = check(text, totals_tables())
        assert [f.message for f in report.findings if "550.00" in f.message.split("原文")[0]] == [], text
    text = ["三、支出预算情况", "2024年支出预算900.00万元。其中：基本支出550.00万元。"]
    assert "表3 合计 · 基本支出 600.00 万元（差 50.00）" in only(check(text, totals_tables()), "BG-101").message


def test_a_text_amount_in_yiyuan_stands_for_its_rounding_too() -> None:
    """1.2亿元 is 11500 … 12500 万元: 12034.56 in the table agrees, no finding; 1.3亿元 does not — an error."""
    tables = [table(2, "一般公共预算支出表", ["合计"], [("住房公积金", "2210201", ["12034.56"])], scope="一般公共预算")]
    report = check(["住房公积金（项）1.2亿元。"], tables)
    assert [f for f in report.findings if f.rule.startswith("BG-1")] == [] and report.ledger["BG-101"] == "passed"
    finding = only(check(["住房公积金（项）1.3亿元。"], tables), "BG-101")
    assert finding.severity == "error" and "整数" not in finding.message


def test_a_grand_total_of_the_text_is_not_read_as_a_spending_tables_total() -> None:
    """支出总计 holds 结转下年, which the 部门支出预算总表's 合计 900.00 does not: without a 收支总表 it is not
    compared; 支出预算 is."""
    tables = [t for t in totals_tables() if t.number == 3]
    assert [f for f in check(["2024年支出总计950.00万元。"], tables).findings if f.rule.startswith("BG-1")] == []
    finding = only(check(["2024年支出预算950.00万元。"], tables), "BG-101")
    assert "表3 合计 · 合计 900.00 万元（差 50.00）" in finding.message


def test_an_unmatched_figure_names_the_unread_table_of_its_scope() -> None:
    """The 一般公共预算 table could not be read: the figure of that scope is listed as 未能对应, naming that table."""
    unread = table(2, "一般公共预算支出表", ["合计"], [("群众文化", "2070109", ["88.30"])], scope="一般公共预算",
                   problem="表中没有数据行")
    tables = [scoped_tables()[0], unread]
    finding = only(check(["一般公共预算支出中，群众文化（项）100.00万元。"], tables), "BG-105")
    assert "上下文为一般公共预算口径，表格中没有该口径的唯一数字，表2为该口径表格但未能读取（" in finding.message
    assert "未能读取" not in only(check(["一般公共预算支出中，群众文化（项）100.00万元。"],
                                       [scoped_tables()[0]]), "BG-105").message
