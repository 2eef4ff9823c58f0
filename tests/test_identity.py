"""Whose disclosure a text is, of which year, 预算 or 决算: what pairs a department's disclosures across years."""

from __future__ import annotations

import pytest

from budget_addin.narrative.identity import Identity, identify, same_department


@pytest.mark.parametrize(("title", "department", "year", "kind"), [
    ("青山县文化广电和旅游局2021年部门预算", "青山县文化广电和旅游局", 2021, "预算"),
    ("2021年青山县文化广电和旅游局部门预算", "青山县文化广电和旅游局", 2021, "预算"),
    ("青山县文化广电和旅游局 2020 年度部门决算", "青山县文化广电和旅游局", 2020, "决算"),
    ("石家庄高新区长江街道办事处2020年部门预算公开情况说明", "石家庄高新区长江街道办事处", 2020, "预算"),
    ("中共青山县委宣传部2022年部门预算", "中共青山县委宣传部", 2022, "预算"),
])
def test_a_title_names_department_year_and_kind(title: str, department: str, year: int, kind: str) -> None:
    assert identify(["", title, "一、部门职责"]) == Identity(department, year, kind)


@pytest.mark.parametrize("lines", [["关于2021年部门预算的说明"], ["2019年度部门决算公开说明"], ["单位：万元"],
                                   ["本局2021年部门预算收入总计600万元，比上年增加50万元，主要用于文化惠民工程建设等方面。"]])
def test_no_identity_without_a_department_in_a_title(lines: list[str]) -> None:
    assert identify(lines) is None


def test_a_renamed_department_is_the_same_when_the_text_names_its_former_name() -> None:
    later = identify(["青山县文化广电和旅游局2021年部门预算", "本局由原青山县文化广电新闻出版局更名组建。"])
    earlier = identify(["青山县文化广电新闻出版局2020年部门预算"])
    assert later is not None and earlier is not None
    assert later.former == ("青山县文化广电新闻出版局",)
    assert same_department(later, earlier) and same_department(earlier, later)
    other = identify(["青山县水利局2020年部门预算"])
    assert other is not None and not same_department(later, other)
