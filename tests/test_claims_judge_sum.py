"""judge_sum: a stated total against stated parts, each standing for the interval its shown decimals allow
(``10`` is 9.5–10.5, ``4.4`` is 4.35–4.45). Values worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budget_addin.core import calc
from budget_addin.narrative.claims import judge_sum


@pytest.mark.parametrize(("total", "parts", "severity", "exact", "lo", "hi"), [
    ((D(10), 0), [(D(6), 0), (D(4), 0)], "ok", D(10), D(9), D(11)),  # 6 + 4 = 10 exactly
    ((D(10), 0), [(D(6), 0), (D("4.4"), 1)], "info", D("10.4"), D("9.85"), D("10.95")),  # only by rounding
    ((D(10), 0), [(D(6), 0), (D(5), 0)], "info", D(11), D(10), D(12)),  # 10–12 meets 9.5–10.5 (10 ≤ 10.5)
    ((D(10), 0), [(D(6), 0), (D("5.6"), 1)], "error", D("11.6"), D("11.05"), D("12.15")),  # beyond 10.5
    ((D(10), 0), [(D(3), 0), (D("5.4"), 1)], "error", D("8.4"), D("7.85"), D("8.95")),  # short of 9.5
    # meets at 10.000–10.005
    ((D("10.00"), 2), [(D("6.00"), 2), (D("4.01"), 2)], "info", D("10.01"), D("10.000"), D("10.020")),
    # 10.010 > 10.005
    ((D("10.00"), 2), [(D("6.00"), 2), (D("4.02"), 2)], "error", D("10.02"), D("10.010"), D("10.030")),
])
def test_a_complete_list_must_meet_its_total(total: tuple[D, int], parts: list[tuple[D, int]], severity: str,
                                             exact: D, lo: D, hi: D) -> None:
    verdict = judge_sum(total, parts, True)
    assert verdict is not None
    assert (verdict.severity, verdict.parts_sum, verdict.parts_interval, verdict.complete) == (
        severity, exact, calc.Interval(lo, hi), True)


@pytest.mark.parametrize(("total", "parts", "severity"), [
    ((D(10), 0), [(D(6), 0), (D(4), 0)], "ok"),
    ((D(10), 0), [(D(6), 0), (D(5), 0)], "ok"),  # 10–12 may be as little as 10, within 10.5
    ((D(10), 0), [(D(6), 0), (D("5.1"), 1)], "error"),  # at least 10.55: more than 10.5
    ((D(10), 0), [(D(3), 0)], "ok"),  # a 其中 list may hold less than its total
    ((D(0), 0), [(D(0), 0), (D(0), 0)], "ok"),
])
def test_a_partial_list_may_not_exceed_its_total(total: tuple[D, int], parts: list[tuple[D, int]],
                                                  severity: str) -> None:
    verdict = judge_sum(total, parts, False)
    assert verdict is not None and (verdict.severity, verdict.complete) == (severity, False)
    assert verdict.parts_sum == sum(value for value, _ in parts)


@pytest.mark.parametrize(("total", "parts"), [((D(-10), 0), [(D(3), 0)]), ((D(10), 0), [(D(3), 0), (D(-1), 0)])])
def test_nothing_is_said_of_a_partial_list_with_a_sign_against_it(total: tuple[D, int],
                                                                   parts: list[tuple[D, int]]) -> None:
    assert judge_sum(total, parts, False) is None
