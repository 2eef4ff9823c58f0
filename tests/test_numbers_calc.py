"""What preparers type, and the arithmetic every figure goes through."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget_addin.core import calc
from budget_addin.core.numbers import NumberError, parse_amount, parse_figure


@pytest.mark.parametrize(
    ("typed", "value", "decimals"),
    [
        ("1,304.85", D("1304.85"), 2),
        ("３８０５．７７", D("3805.77"), 2),
        ("2792.05万元", D("2792.05"), 2),
        (" 94.8 万 ", D("94.8"), 1),
        ("7%", D("7"), 0),
        ("(5)", D("-5"), 0),
        (1117.2, D("1117.2"), 1),
        (0, D("0"), 0),
    ],
)
def test_reads_what_users_type(typed: object, value: D, decimals: int) -> None:
    figure = parse_figure(typed)
    assert figure is not None
    assert figure.value == value
    assert figure.decimals == decimals


@pytest.mark.parametrize("typed", [None, "", "—", "-", "－", "  "])
def test_blank_and_dash_are_empty(typed: object) -> None:
    assert parse_figure(typed) is None


@pytest.mark.parametrize("typed", ["三千八百", "12.3.4", "约100", "1,30", "abc万元", True])
def test_rejects_what_is_not_a_figure_with_a_chinese_reason(typed: object) -> None:
    with pytest.raises(NumberError) as caught:
        parse_figure(typed)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.reason)


def test_yuan_is_converted_to_wanyuan() -> None:
    assert parse_amount("132800元") == D("13.28")
    with pytest.raises(NumberError):
        parse_amount("7%")


def test_round_half_up_is_not_bankers_rounding() -> None:
    assert calc.round_half_up(D("2.675"), 2) == D("2.68")
    assert calc.round_half_up(D("0.125"), 2) == D("0.13")
    assert round(0.125, 2) == 0.12  # what Python would have done
    assert calc.truncate(D("7.834"), 0) == D("7")


def test_total_skips_of_which_rows_and_blanks() -> None:
    values = [D("1304.85"), D("1117.2"), D("187.65"), None, D("2500.92")]
    labels = ["基本支出", "其中：人员经费", "其中：公用经费", "空行", "项目支出"]
    assert calc.total(values, labels) == D("3805.77")
    assert calc.total([None, None]) is None


def test_growth_has_a_defined_answer_for_a_zero_or_missing_base() -> None:
    assert calc.growth(D("15.3"), D("0")) is None
    assert calc.growth(D("15.3"), None) is None
    assert calc.round_half_up(calc.growth(D("1304.85"), D("1210.05")) * 100, 2) == D("7.83")


def test_rounding_verdicts_of_the_seed() -> None:
    interval = calc.ratio_interval(calc.shown(D("94.8"), 2), calc.shown(D("1210.05"), 2)).scale(calc.HUNDRED)
    verdict = calc.judge(D("7"), 0, interval)
    assert not verdict.rounded_ok and verdict.truncated_ok
    assert verdict.expected == D("8")
    assert "截尾" in verdict.mode_note
    share = calc.ratio_interval(calc.shown(D("6"), 2), calc.shown(D("9"), 2)).scale(calc.HUNDRED)
    assert calc.judge(D("66.67"), 2, share).rounded_ok


def test_largest_remainder_of_the_asset_shares() -> None:
    amounts = [D("19.12"), D("301.76"), D("5.29"), D("0"), D("5.85"), D("72.11")]
    shares = calc.largest_remainder(amounts, 1)
    assert sum(shares) == D("100")
    assert shares[-1] == D("17.8")


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(money, min_size=1, max_size=12), st.integers(min_value=0, max_value=3))
def test_largest_remainder_always_sums_to_100_and_stays_within_one_step(values: list[D], places: int) -> None:
    shares = calc.largest_remainder(values, places)
    whole = sum(values, D(0))
    if whole == 0:
        assert all(s == 0 for s in shares)
        return
    assert sum(shares) == D(100)
    step = calc.quantum(places)
    for value, got in zip(values, shares, strict=True):
        assert abs(value / whole * 100 - got) < step


@given(money, st.integers(min_value=0, max_value=4))
def test_a_rounded_figure_is_consistent_with_its_exact_value(value: D, places: int) -> None:
    shown = calc.round_half_up(value, places)
    assert calc.judge(shown, places, calc.exact(value)).rounded_ok
    truncated = calc.truncate(value, places)
    assert calc.judge(truncated, places, calc.exact(value)).truncated_ok


@given(money, money)
def test_growth_and_prior_are_inverse(current: D, change: D) -> None:
    prior = calc.prior_from_change(current, change)
    assert calc.variance(current, prior) == change
    growth = calc.growth(current, prior)
    if prior:
        assert growth is not None
        assert abs(growth * prior - change) < D("1e-18") * max(D(1), abs(change))


@given(st.lists(money, min_size=1, max_size=8))
def test_sum_interval_contains_the_exact_sum_of_rounded_parts(values: list[D]) -> None:
    interval = calc.sum_interval(calc.shown(calc.round_half_up(v, 0), 0) for v in values)
    assert interval.meets(calc.exact(sum(values, D(0))))
