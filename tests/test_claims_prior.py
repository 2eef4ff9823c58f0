"""A prior-year figure stated in the text against the workbook's 上年 (issue 22): the seed's 支出总计 is
3805.77 万元 with a change of 636.47 (收入支出!B18, D18), so its 上年预算数 is 3169.30; 基本支出 1304.85 − 94.8
= 1210.05."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from budget_addin.core.dataset import Dataset, load_seed
from budget_addin.core.model import Book
from budget_addin.narrative.claims import PRIOR, extract, link_and_judge


@pytest.fixture(scope="module")
def seed() -> Book:
    return Book(load_seed().data, source="seed")


def _prior_checks(book: Book, text: str) -> list[tuple[str, str, D | None, D | None, str]]:
    return [(c.rule, c.severity, c.expected, c.actual, j.cell or "")
            for j in link_and_judge(book, extract([text])) if j.claim.kind == "prior" for c in j.checks]


@pytest.mark.parametrize("text", ["支出总计3805.77万元，比上年预算数3169.30万元增加636.47万元。",
                                  "2020 年支出预算总计 3805.77 万元，上年 3169.3 万元。",
                                  "支出总计 3805.77 万元，上年预算数 3169.3 万元，其中基本支出 1304.85 万元。",
                                  "基本支出上年预算数为 12,100,500 元。"])
def test_a_prior_that_agrees_with_the_table_is_linked_and_passes(seed: Book, text: str) -> None:
    checks = _prior_checks(seed, text)
    assert [(rule, severity) for rule, severity, *_ in checks] == [(PRIOR, "ok")]
    assert checks[0][2] in (D("3169.30"), D("1210.05"))


def test_a_wrong_prior_is_an_error_naming_both_cells(seed: Book) -> None:
    judged = [j for j in link_and_judge(seed, extract(["2020 年支出预算总计 3805.77 万元，上年预算 3200 万元。"]))
              if j.claim.kind == "prior"]
    [check] = judged[0].checks
    assert (check.rule, check.severity, check.expected, check.actual) == (PRIOR, "error", D("3169.30"), D("3200"))
    assert "表中上年预算数为 3169.3 万元（收入支出!B18−收入支出!D18），相差 30.7 万元" in check.message


def test_a_prior_one_cent_off_is_an_error_and_a_rounded_one_is_not(seed: Book) -> None:
    assert _prior_checks(seed, "支出总计上年预算数 3169.31 万元。")[0][1] == "error"
    assert _prior_checks(seed, "支出总计上年预算数 3169 万元。")[0][1] == "ok"  # 3169.30 shown in whole 万元


@pytest.mark.parametrize("basis", ["执行数", "决算数"])
def test_a_prior_of_another_basis_is_not_judged(seed: Book, basis: str) -> None:
    """The seed compares with 上年预算数: a 上年执行数 of another figure is no error, only a note."""
    checks = _prior_checks(seed, f"支出总计上年{basis} 3000 万元。")
    assert [(rule, severity) for rule, severity, *_ in checks] == [(PRIOR, "info")]


def test_a_stated_prior_column_is_read_as_stated(seed: Book) -> None:
    data: Dataset = copy.deepcopy(load_seed().data)
    data["income_expenditure"]["expenditure_total"]["prior"] = D("3100")  # the 上年 column, stated
    book = Book(data, source="seed with a prior")
    checks = _prior_checks(book, "支出总计上年预算数 3169.30 万元。")
    assert [(rule, severity, expected) for rule, severity, expected, *_ in checks] == [(PRIOR, "error", D("3100"))]
    assert checks[0][4] == "收入支出!C18"
