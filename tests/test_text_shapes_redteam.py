"""Sentence shapes that gave false alarms or went unread, each written consistent (no finding) and with one figure
changed (found). Texts are invented; every figure was computed, rounded half-up to the digits shown."""

from __future__ import annotations

import pytest

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.figures import as_paragraphs, read_figures
from budget_addin.narrative.text_check import check_paragraphs


def _rules(text: str | list[str]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_paragraphs([text] if isinstance(text, str) else text)]


# -- 分别: the i-th figure after 分别 is of the i-th item listed before it ---------------------------------------

_RESPECTIVELY = ("2024年人员经费1602.11万元、公用经费254.32万元，分别比上年增加62.11万元、减少5.68万元，"
                 "分别增长{a}%、下降{b}%。")


def test_respectively_binds_changes_and_rates_in_order() -> None:
    assert check_paragraphs([_RESPECTIVELY.format(a="4.03", b="2.18")]) == []  # 62.11 ÷ 1540, 5.68 ÷ 260
    (finding,) = check_paragraphs([_RESPECTIVELY.format(a="4.30", b="2.18")])
    assert (finding.rule, finding.severity) == (tx.RATE, "error") and finding.message.startswith("人员经费增幅")
    (finding,) = check_paragraphs([_RESPECTIVELY.format(a="4.03", b="2.81")])
    assert finding.message.startswith("公用经费降幅 5.68÷260")


def test_respectively_after_a_list_of_names_binds_amounts_and_shares() -> None:
    text = "2024年支出预算3820.00万元，其中基本支出和项目支出分别为{a}万元和939.88万元，分别占{s}%和24.60%。"
    assert check_paragraphs([text.format(a="2880.12", s="75.40")]) == []
    found = _rules(text.format(a="2890.12", s="75.40"))  # 2890.12 + 939.88 = 3830
    assert (tx.SUM, "error") in found and (tx.SHARE, "error") in found


def test_respectively_with_counts_that_differ_binds_nothing() -> None:
    reading = read_figures(as_paragraphs(["人员经费1602.11万元、公用经费254.32万元、其他10.00万元，分别增加62.11万元、"
                                          "减少5.68万元。"]))
    assert [f.label for f in reading.figures if f.role == "change"] == ["", ""]


def test_two_items_joined_by_he_bind_to_neither() -> None:
    (figure,) = read_figures(as_paragraphs(["基本支出和项目支出合计3820.00万元。"])).figures
    assert figure.item is None
    (figure,) = read_figures(as_paragraphs(["社会保障和就业支出120.00万元。"])).figures
    assert figure.item is not None  # one item whose name holds 和


# -- 基本持平 is approximate; a standard is no amount ------------------------------------------------------------


def test_roughly_flat_is_no_contradiction_and_its_change_is_still_judged() -> None:
    assert check_paragraphs(["2024年人员经费1602.11万元，与上年基本持平，仅增加0.50万元，增长0.03%。"]) == []
    assert _rules("2024年人员经费1602.11万元，与上年基本持平，仅增加0.50万元，增长0.05%。") == [(tx.RATE, "error")]


@pytest.mark.parametrize("standard", ["按照每人每年2.20万元的标准核定", "人均2.20万元", "按2.20万元/人核定"])
def test_a_standard_per_person_is_no_part_of_a_list(standard: str) -> None:
    text = f"2024年基本支出1856.43万元，其中：人员经费1602.11万元，公用经费254.32万元，公用经费{standard}，共115人。"
    assert check_paragraphs([text]) == []
    assert _rules(text.replace("254.32", "264.32")) == [(tx.SUM, "error")]


# -- shares of a whole the sentence names; one wrong part does not make every share wrong ------------------------


@pytest.mark.parametrize("opening", ["本年收入中，", "在本年收入5230.40万元中，"])
def test_a_sentence_opening_with_its_whole_gives_its_shares_their_base(opening: str) -> None:
    lead = "2024年收入预算总计5500.00万元，其中：本年收入5230.40万元，上年结转269.60万元。"
    text = lead + opening + "一般公共预算拨款收入4800.00万元，占91.77%；政府性基金预算拨款收入300.00万元，占{b}%。"
    assert check_paragraphs([text.format(b="5.74")]) == []  # 4800 ÷ 5230.40, 300 ÷ 5230.40
    (finding,) = check_paragraphs([text.format(b="5.47")])
    assert finding.rule == tx.SHARE and "300÷5230.4=5.74%" in finding.message


def test_one_wrong_part_is_reported_and_the_shares_that_hold_against_the_total_are_not() -> None:
    text = ("2024年一般公共预算支出2100.00万元，其中：一般公共服务支出（类）{a}万元，占58.79%；"
            "教育支出（类）456.70万元，占21.75%；社会保障和就业支出（类）310.44万元，占14.78%；"
            "卫生健康支出（类）98.30万元，占4.68%。")
    assert check_paragraphs([text.format(a="1234.56")]) == []
    found = check_paragraphs([text.format(a="1334.56")])
    assert sorted(f.rule for f in found) == [tx.SHARE, tx.SUM]
    (share,) = [f for f in found if f.rule == tx.SHARE]
    assert share.message.startswith("一般公共服务支出占比 1334.56÷2100=")


def test_a_list_breaking_down_a_larger_whole_still_takes_its_sum_as_base() -> None:
    """财政拨款 X。其中一般公共预算 X，占 a%；其他资金 Y，占 b%: the shares are of X + Y (DOMAIN.md)."""
    assert check_paragraphs(["财政拨款收入预算总计 1,240.40 万元，其中一般公共预算收入 1,240.40 万元，占 99.30%；"
                             "其他资金 8.80 万元，占 0.70%。"]) == []


# -- the same change against two bases, a 持平 over parts of parts, 决算 against the adjusted budget ------------


@pytest.mark.parametrize("text", [
    ["2024年一般公共预算当年拨款2100.00万元，比2023年预算数增加100.00万元，增长5.00%；"
     "比2023年执行数增加150.00万元，增长7.69%。"],
    ["一、收入预算情况", "2024年一般公共预算拨款收入2100.00万元，比2023年预算数增加100.00万元，增长5.00%。",
     "二、一般公共预算当年拨款情况",
     "2024年一般公共预算当年拨款2100.00万元，比2023年执行数增加150.00万元，增长7.69%。"],
])
def test_changes_from_different_bases_are_not_one_change_stated_twice(text: list[str]) -> None:
    assert check_paragraphs(text) == []


def test_the_same_change_from_the_same_base_stated_twice_must_agree() -> None:
    text = ["一、收入预算情况", "2024年一般公共预算拨款收入2100.00万元，比上年增加100.00万元。",
            "二、一般公共预算当年拨款情况", "2024年一般公共预算拨款收入2100.00万元，比上年预算数增加100.30万元。"]
    assert (tx.REPEAT, "error") in _rules(text)


def test_flat_over_a_part_and_a_part_of_a_part_is_not_judged() -> None:
    assert check_paragraphs(["2024年“三公”经费预算20.00万元，与上年持平，其中：公务接待费5.00万元，"
                             "比上年减少1.00万元；公务用车运行维护费15.00万元，比上年增加1.00万元。"]) == []


_FINAL = ("一般公共预算财政拨款支出年初预算为621.35万元，调整预算为644.35万元，支出决算为625.79万元，"
          "完成{what}的{rate}%。")


@pytest.mark.parametrize(("what", "right", "wrong"), [("调整预算", "97.12", "97.21"), ("年初预算", "100.71", "100.17")])
def test_a_completion_rate_is_of_the_budget_it_names(what: str, right: str, wrong: str) -> None:
    assert check_paragraphs([_FINAL.format(what=what, rate=right)]) == []
    assert _rules(_FINAL.format(what=what, rate=wrong)) == [(tx.COMPLETION, "error")]


def test_a_completion_rate_of_an_unnamed_budget_beside_two_is_not_judged() -> None:
    assert check_paragraphs([_FINAL.format(what="预算", rate="97.12")]) == []
    assert check_paragraphs([_FINAL.format(what="预算", rate="100.71")]) == []


# -- rates stated before their change, or against a stated prior with no change --------------------------------


@pytest.mark.parametrize("text", ["2024年培训费预算64.80万元，同比增长{r}%，增加4.80万元。",
                                  "2024年项目支出64.80万元，增长{r}%，比上年增加4.80万元。"])
def test_a_rate_stated_before_its_change_is_judged_with_it(text: str) -> None:
    assert check_paragraphs([text.format(r="8.00")]) == []  # 4.80 ÷ 60
    assert _rules(text.format(r="8.80")) == [(tx.RATE, "error")]


@pytest.mark.parametrize("text", ["2024年项目支出1500.00万元，较2023年的600.00万元增长{r}%。",
                                  "2024年项目支出1500.00万元，上年为600.00万元，增幅为{r}%。"])
def test_a_rate_against_a_stated_prior_without_a_change(text: str) -> None:
    assert check_paragraphs([text.format(r="150")]) == []
    (finding,) = check_paragraphs([text.format(r="160")])
    assert finding.rule == tx.RATE and "(1500−600)÷600=150.00%" in finding.message


def test_a_whole_zero_among_figures_with_cents_is_read_as_exact_and_warned_about() -> None:
    text = ("2024年“三公”经费预算数为38.6万元，其中：因公出国（境）费0万元，公务接待费8.55万元，"
            "公务用车购置及运行维护费{v}万元。")
    assert check_paragraphs([text.format(v="30.05")]) == []
    (finding,) = check_paragraphs([text.format(v="30.25")])  # 38.80: holds only if 0 stands for up to 0.5
    assert (finding.rule, finding.severity) == (tx.SUM, "warning") and "仅当整数" in finding.message


# -- a list opened by another word than 其中 ---------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["包括：", "具体为：", "主要是：", "主要用于：", "主要用于以下方面：", "分别为：",
                                    "构成如下：", "按支出功能分类，"])
def test_a_list_opened_by_a_word_with_a_colon_is_checked_like_one_opened_by_qizhong(opener: str) -> None:
    text = ("2024年一般公共预算支出2100.00万元，" + opener + "一般公共服务支出（类）1234.56万元，占58.79%；"
            "教育支出（类）{e}万元，占{s}%；社会保障和就业支出（类）310.44万元，占14.78%；卫生健康支出（类）98.30万元，"
            "占4.68%。")
    assert check_paragraphs([text.format(e="456.70", s="21.75")]) == []
    assert (tx.SUM, "error") in _rules(text.format(e="466.70", s="21.75"))  # 2110 > 2100
    assert _rules(text.format(e="456.70", s="27.15")) == [(tx.SHARE, "error")]


def test_a_sub_list_under_an_opener_is_still_nested() -> None:
    reading = read_figures(as_paragraphs(["项目支出500.00万元，包括：A项目300.00万元，主要包括设备200.00万元；"
                                          "B项目200.00万元。"]))
    assert [(f.label, f.nested) for f in reading.figures] == [
        ("项目支出", False), ("A项目", False), ("设备", True), ("B项目", False)]


# -- what a change is measured from, written many ways; a prior in brackets; two subjects sharing one change -----


@pytest.mark.parametrize("compared", ["较2023年年初预算", "与2023年预算相比", "同口径比上年", "较上一年度预算数",
                                      "比去年", "比2023年调整预算"])
def test_a_change_measured_from_a_base_written_any_way_binds_to_its_item(compared: str) -> None:
    text = "2024年机关运行经费预算126.80万元，" + compared + "增加6.80万元，增长{r}%。"
    assert check_paragraphs([text.format(r="5.67")]) == []  # 6.80 ÷ 120
    assert _rules(text.format(r="5.76")) == [(tx.RATE, "error")]


@pytest.mark.parametrize("text", ["2024年会议费预算220.00万元，上年预算210.00万元，增加额为10.00万元，增长率为{r}%。",
                                  "2024年会议费预算220.00万元，较上年增加额为10.00万元，增长率为{r}%。"])
def test_changes_and_rates_written_as_nouns(text: str) -> None:
    assert check_paragraphs([text.format(r="4.76")]) == []
    assert _rules(text.format(r="4.67")) == [(tx.RATE, "error")]


def test_an_amount_alone_in_brackets_after_a_comparison_is_the_prior() -> None:
    text = "2024年会议费预算220.00万元，较上年（{p}万元）增加10.00万元，增长{r}%。"
    assert check_paragraphs([text.format(p="210.00", r="4.76")]) == []
    assert (tx.CHANGE, "error") in _rules(text.format(p="200.00", r="4.76"))  # 220 − 200 ≠ 10
    # after a name, an amount alone in brackets repeats it: no figure of its own
    assert read_figures(as_paragraphs(["项目支出（300.00万元）主要用于办公。"])).figures == []


def test_a_change_shared_by_income_and_expenditure_is_judged_for_each() -> None:
    text = ("2024年收入预算总计1250.00万元，支出预算总计{e}万元，与2023年相比，"
            "收、支预算总计各增加50.00万元，增长4.17%。")
    assert check_paragraphs([text.format(e="1250.00")]) == []  # 50 ÷ 1200 for both
    (finding,) = check_paragraphs([text.format(e="1260.00")])  # 50 ÷ 1210 = 4.13% for the expenditure
    assert finding.rule == tx.RATE and finding.message.startswith("支出预算总计增幅 50÷1210")


# -- signed figures, percentages written out, 比重, comma lists under 分别, lists nested in brackets ---------------


@pytest.mark.parametrize(("text", "rule"), [
    ("2024年培训费预算25.00万元，比上年增加-5.00万元，增长-16.76%。", tx.RATE),  # 5 ÷ 30 = 16.67%
    ("2024年培训费预算25.00万元，比上年增加-5.00万元，增长16.67%。", tx.DIRECTION),
    ("2024年培训费预算25.00万元，比上年减少5.00万元，增长-20.00%。", tx.RATE),
])
def test_signed_figures_after_their_direction_word(text: str, rule: str) -> None:
    assert check_paragraphs(["2024年培训费预算25.00万元，比上年增加-5.00万元，增长-16.67%。"]) == []
    assert [f.rule for f in check_paragraphs([text])] == [rule]


@pytest.mark.parametrize(("right", "wrong"), [("百分之5.67", "百分之5.76"), ("百分之五点六七", "百分之七点六五")])
def test_a_percentage_written_out(right: str, wrong: str) -> None:
    text = "2024年机关运行经费预算126.80万元，比上年增加6.80万元，增长{r}。"
    assert check_paragraphs([text.format(r=right)]) == []
    assert _rules(text.format(r=wrong)) == [(tx.RATE, "error")]


def test_shares_written_as_bizhong_and_bili() -> None:
    text = ("2024年部门预算收入8765.43万元，其中财政拨款收入7000.00万元，所占比重为79.86%；事业收入1200.00万元，"
            "比重{a}%；其他收入565.43万元，比例为6.45%。")
    assert check_paragraphs([text.format(a="13.69")]) == []
    assert _rules(text.format(a="13.96")) == [(tx.SHARE, "error")]


def test_shares_after_a_comma_list_under_respectively() -> None:
    text = "2023年“三公”经费预算10,049元，其中：公务接待费5,049元，公务用车运行维护费5,000元，分别占{a}%和49.76%。"
    assert check_paragraphs([text.format(a="50.24")]) == []
    (finding,) = check_paragraphs([text.format(a="50.00")])
    assert finding.message.startswith("公务接待费占比 0.5049÷1.0049=50.24%")  # 元 read in 万元, every digit shown


def test_units_counted_in_ge_by_kind() -> None:
    text = ("纳入本部门2024年部门预算编制范围的预算单位共计{n}个，其中：行政单位1个，"
            "参照公务员法管理的事业单位2个，其他事业单位4个。")
    assert check_paragraphs([text.format(n="7")]) == []
    assert _rules(text.format(n="8")) == [(tx.SUM, "warning")]


def test_a_list_whose_items_carry_their_own_list_in_brackets_is_summed() -> None:
    text = ("2024年支出预算3820.00万元，其中：基本支出2890.12万元（其中：人员经费2500.00万元，公用经费390.12万元），"
            "项目支出{p}万元（其中：专项业务费600.00万元，其他329.88万元）。")
    assert check_paragraphs([text.format(p="929.88")]) == []
    assert (tx.SUM, "error") in _rules(text.format(p="939.88"))  # 2890.12 + 939.88 = 3830


def test_a_scope_named_before_an_item_still_names_the_item() -> None:
    assert _rules("2024年一般公共预算基本支出1856.43万元，其中：人员经费1592.11万元，公用经费254.32万元。") == [
        (tx.SUM, "error")]  # 1846.43: 人员 and 公用 make the whole of 基本支出


def test_shares_stated_without_amounts_of_a_breakdown_add_up_to_a_hundred() -> None:
    text = "2024年支出预算3820.00万元，其中基本支出占75.66%，项目支出占{p}%。"
    assert check_paragraphs([text.format(p="24.34")]) == []
    (finding,) = check_paragraphs([text.format(p="34.34")])
    assert finding.rule == tx.SHARE and "75.66+34.34=110%，超过 100%" in finding.message
    assert check_paragraphs([text.format(p="20.34")]) == []  # 96%: 预留机动经费 and others may make the rest
    three = "2024年“三公”经费预算20万元，其中公务接待费占25%，公务用车购置及运行维护费占70%，因公出国（境）费占{a}%。"
    assert check_paragraphs([three.format(a="5")]) == []
    assert "不足 100%" in check_paragraphs([three.format(a="3")])[0].message  # every part listed: 98%


def test_respectively_lists_end_with_their_clause_chain_and_share_their_whole() -> None:
    text = ("基本支出和项目支出分别为9,860.20万元和13,420.20万元，分别占本年支出合计的{a}%和57.65%；"
            "本年支出合计23,280.40万元，年末结转和结余2,400.00万元。")
    assert check_paragraphs([text.format(a="42.35")]) == []
    (finding,) = check_paragraphs([text.format(a="42.66")])
    assert finding.message.startswith("基本支出占比 9860.2÷23280.4=42.35%")
