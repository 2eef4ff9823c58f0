"""What a text finding quotes and says of a sum: the sentence as written, cut to about 70 characters around the
figures judged (40 before, 25 after; from the first part on when the list comes before its total), with … where
it is cut; a sum of changes says 增减; a sum reconciled by rounding is not reported. Texts are invented."""

from __future__ import annotations

from budget_addin.narrative import text_check as tx
from budget_addin.narrative.text_check import check_paragraphs

# 42 characters, no figure
BEFORE = "本部门认真贯彻落实各项决策部署并结合实际工作需要统筹安排各项资金确保重点工作顺利推进"
AFTER = "全部用于保障机构正常运转和完成年度各项工作任务并严格执行预算管理制度"
TAIL = "已全部到岗并参加岗前培训和业务学习"


def quoted(paragraphs: list[str]) -> str:
    (finding,) = check_paragraphs(paragraphs)
    return finding.message.split("原文：", 1)[1]


def test_a_long_sentence_is_quoted_from_forty_characters_before_the_total_to_twenty_five_after() -> None:
    text = f"{BEFORE}，支出总计 100 万元，其中基本支出 60 万元、项目支出 50 万元，{AFTER}。"
    # the total " 100 万元" starts at 47 (its space): the quote runs from 7 to 25 characters past its end
    assert quoted([text]) == ("“…落实各项决策部署并结合实际工作需要统筹安排各项资金确保重点工作顺利推进，"
                              "支出总计 100 万元，"
                              "其中基本支出 60 万元、项目支出 50 万元，全部用于…”")


def test_a_list_before_its_total_is_quoted_from_ten_characters_before_its_first_part() -> None:
    text = ("截至年底本街道社区工作者队伍中原有网格员 20 人，"
            "今年按照市区两级统一部署要求面向社会公开招聘并经过严格考试考核层层选拔，"
            "分配至本单位 5 人，共计 27 人，已全部到岗并参加岗前培训。")
    assert quoted([text]) == ("“…作者队伍中原有网格员 20 人，"
                              "今年按照市区两级统一部署要求面向社会公开招聘并经过严格考试考核层层选拔，"
                              "分配至本单位 5 人，共计 27 人，已全部到岗并参加岗前培训。”")


def test_a_sentence_of_seventy_characters_is_quoted_whole_and_of_seventy_one_is_cut() -> None:
    head = "原有网格员 20 人，分配至本单位 5 人，共计 27 人，"  # 6 of its spaces are dropped when read: 70 = 76 - 6
    whole = head + (TAIL * 3)[:45] + "。"
    assert quoted([whole]) == f"“{whole}”"
    longer = head + (TAIL * 3)[:46] + "。"
    assert quoted([longer]) == ("“原有网格员 20 人，分配至本单位 5 人，共计 27 人，"
                                "已全部到岗并参加岗前培训和业务学习已全部到岗并参…”")


def test_a_short_second_sentence_is_quoted_whole() -> None:
    text = "第一句话没有数字但写得比较长一些用来占位置。原有网格员 20 人，分配至本单位 5 人，共计 27 人，" \
           "已全部到岗并参加岗前培训和业务学习以及各项日常管理工作。"
    assert quoted([text]) == ("“原有网格员 20 人，分配至本单位 5 人，共计 27 人，"
                              "已全部到岗并参加岗前培训和业务学习以及各项日常管理工作。”")


def test_a_sum_of_changes_is_worded_as_changes() -> None:
    (finding,) = check_paragraphs(["支出总计比上年增加 100 万元，其中基本支出增加 10 万元，项目支出增加 100 万元。"])
    assert finding.rule == tx.SUM
    assert finding.message.startswith("支出总计：文中写增减 100 万元，所列各项增减 10+100=110 万元，相差 10 万元")


def test_parts_reconciled_only_by_reading_whole_figures_as_rounded_are_a_warning_that_says_so() -> None:
    """60 + 40.4 = 100.4, which the 100 stated fits only if 60 and 100 are rounded to the unit: beside a figure with
    decimals they are usually exact (DOMAIN.md), so a warning says so; figures all of one precision are not."""
    (finding,) = check_paragraphs(["基本支出 100 万元，其中人员经费 60 万元，日常公用经费 40.4 万元。"])
    assert (finding.rule, finding.severity) == (tx.SUM, "warning")
    assert "仅当整数按四舍五入到个位理解时成立" in finding.message
    assert check_paragraphs(["基本支出 100.0 万元，其中人员经费 60.0 万元，日常公用经费 40.0 万元。"]) == []
    assert check_paragraphs(["基本支出 100 万元，其中人员经费 60 万元，日常公用经费 40 万元。"]) == []
