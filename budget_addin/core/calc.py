"""The arithmetic of a budget disclosure, once.

Pure functions on :class:`~decimal.Decimal`. Worksheet functions, rules, summaries
and the narrative all call these, so a figure is computed one way only.

Ratios (growth, share) are returned as fractions (``0.0783``); callers that show
percent multiply with :func:`as_percent`. Rounding of shown figures is judged the
way XBRL Calculations 1.1 does: a figure shown with ``d`` decimals stands for an
interval, and a stated figure is consistent when its interval meets the interval
computed from its parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Two amounts shown to the cent agree when they differ by less than half a cent: 0.004 is
# rounding noise, 0.005 already shows as a one-cent difference. Every 到分 comparison uses it.
CENT_TOLERANCE = Decimal("0.005")


def quantum(decimals: int) -> Decimal:
    """``10**-decimals`` as a Decimal."""
    cached = _QUANTA.get(decimals)  # every shown figure and every rounding asks: made once per process
    return cached if cached is not None else Decimal(1).scaleb(-decimals)


_QUANTA = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(-8, 17)}


def round_half_up(value: Decimal, decimals: int = 2) -> Decimal:
    """四舍五入 (half away from zero), unlike Python's banker's ``round``."""
    return value.quantize(quantum(decimals), rounding=ROUND_HALF_UP)


def same_to_the_cent(a: Decimal, b: Decimal) -> bool:
    """True when two amounts agree to the cent (differ by less than :data:`CENT_TOLERANCE`)."""
    return abs(a - b) < CENT_TOLERANCE


# A number format's decimals: the digit placeholders after the point of its first section.
_FORMAT_DECIMALS = re.compile(r"\.([0#?]+)")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
# The format codes of Excel's CELL("format", …): F2, ,2, C2, P2, S2 (decimals last).
_CELL_FORMAT_CODE = re.compile(r"^[FCPS,](\d+)-?(?:\(\))?$")


def shown_decimals(figure: Decimal | float | int | str | None = None, number_format: str | None = None) -> int:
    """How many decimals a figure shows — the one place that decides it.

    From the cell's ``number_format`` when it has one (``0.00%`` → 2, ``#,##0.0`` → 1,
    ``#,##0.##`` → the figure's own decimals up to 2, Excel's ``CELL("format")`` code
    ``P2`` → 2); otherwise from the figure as written: text (``"7.80%"`` → 2,
    ``"１，３０４．８５"`` → 2), a Decimal's exponent (``Decimal("5.30")`` → 2) or the
    shortest repr of a float (``0.053`` → 3). A percent format's decimals are those of
    the percentage; see :func:`percent_decimals` for a figure kept as a fraction.
    """
    written = _written_decimals(figure)
    if number_format is None or number_format.strip() in {"", "General", "@"}:
        return written
    code = _CELL_FORMAT_CODE.match(number_format.strip())
    if code:
        return int(code.group(1))
    section = _FORMAT_NOISE.sub("", number_format.split(";")[0])
    match = _FORMAT_DECIMALS.search(section)
    if match is None:
        return 0
    placeholders = match.group(1)
    fixed = placeholders.count("0")
    written_here = max(0, written - 2) if "%" in section else written
    return min(len(placeholders), max(fixed, written_here))


def _written_decimals(figure: Decimal | float | int | str | None) -> int:
    if isinstance(figure, float):
        figure = Decimal(repr(figure))  # nan and inf have no decimals: their exponent is not a number
    if isinstance(figure, Decimal):
        exponent = figure.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0
    text = str(figure).replace("．", ".")
    digits = re.search(r"\.(\d+)", text.translate(_FULLWIDTH_DIGITS))
    return len(digits.group(1)) if digits else 0


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def percent_decimals(fraction: Decimal | float | str | None, number_format: str | None = None) -> int:
    """Decimals in percent of a figure kept as a fraction (``Decimal("0.0530")`` → 2, ``0.053`` → 1).

    A percent format decides (``0.0%`` → 1); a fraction shown as such (no format, or
    ``General``) shows two decimals fewer as a percentage than it has.
    """
    if isinstance(fraction, str) and fraction.strip().endswith(("%", "％")):
        return shown_decimals(fraction)
    if number_format is not None and ("%" in number_format or number_format.strip().startswith("P")):
        return shown_decimals(fraction, number_format)
    return max(0, shown_decimals(fraction, number_format) - 2)


def truncate(value: Decimal, decimals: int = 0) -> Decimal:
    """截尾: drop digits beyond ``decimals`` (towards zero)."""
    return value.quantize(quantum(decimals), rounding=ROUND_DOWN)


def as_percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as percent (0.0783 → 7.83)."""
    return None if fraction is None else fraction * HUNDRED


def is_of_which(label: object) -> bool:
    """True for an of-which (其中) row label, which a total must skip."""
    return isinstance(label, str) and label.strip().startswith("其中")


def total(values: Iterable[Decimal | None], labels: Sequence[object] | None = None) -> Decimal | None:
    """Sum of the figures, skipping blanks and, when labels are given, 其中 rows.

    ``None`` when there is nothing to add (all blank): an empty total is not zero.
    """
    result: Decimal | None = None
    for index, value in enumerate(values):
        if value is None:
            continue
        if labels is not None and index < len(labels) and is_of_which(labels[index]):
            continue
        result = value if result is None else result + value
    return result


def variance(current: Decimal | None, prior: Decimal | None) -> Decimal | None:
    """增减额: current − prior; ``None`` when either is missing."""
    if current is None or prior is None:
        return None
    return current - prior


def prior_from_change(current: Decimal | None, change: Decimal | None) -> Decimal | None:
    """上年数 derived from this year's figure and the stated change."""
    if current is None or change is None:
        return None
    return current - change


def growth(current: Decimal | None, prior: Decimal | None) -> Decimal | None:
    """增减率 as a fraction of the prior year.

    Defined answer for a zero or missing base: ``None`` (the caller shows "—" or
    "新增"); a growth rate over nothing is not a number.
    """
    if current is None or prior is None or prior == ZERO:
        return None
    return (current - prior) / prior


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """占比 as a fraction; ``None`` for a zero or missing total."""
    if part is None or whole is None or whole == ZERO:
        return None
    return part / whole


def largest_remainder(values: Sequence[Decimal], decimals: int = 2, target: Decimal = HUNDRED) -> list[Decimal]:
    """舍位平衡: percent shares of ``values`` rounded to ``decimals`` that sum to ``target``.

    Each share is truncated, then the units left over go to the largest
    remainders (ties to the earlier row), the Hare–Niemeyer method.
    """
    whole = sum(values, ZERO)
    if whole == ZERO:
        return [ZERO.quantize(quantum(decimals)) for _ in values]
    exact = [value / whole * target for value in values]
    step = quantum(decimals)
    floors = [x.quantize(step, rounding=ROUND_FLOOR) for x in exact]
    left = int(((target - sum(floors, ZERO)) / step).to_integral_value(rounding=ROUND_HALF_UP))
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    result = list(floors)
    for i in order[: max(left, 0)]:
        result[i] += step
    return result


@dataclass(frozen=True)
class Interval:
    """A closed-or-half-open range of values a shown figure may stand for."""

    lo: Decimal
    hi: Decimal
    hi_open: bool = False
    lo_open: bool = False

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo, self.hi + other.hi, self.hi_open or other.hi_open, self.lo_open or other.lo_open
        )

    def __sub__(self, other: Interval) -> Interval:
        return Interval(
            self.lo - other.hi, self.hi - other.lo, self.hi_open or other.lo_open, self.lo_open or other.hi_open
        )

    def scale(self, factor: Decimal) -> Interval:
        """Multiply by a positive constant."""
        return Interval(self.lo * factor, self.hi * factor, self.hi_open, self.lo_open)

    def meets(self, other: Interval) -> bool:
        """True when the two ranges share at least one value."""
        if self.hi < other.lo or other.hi < self.lo:
            return False
        if self.hi == other.lo and (self.hi_open or other.lo_open):
            return False
        if other.hi == self.lo and (other.hi_open or self.lo_open):
            return False
        return True

    @property
    def mid(self) -> Decimal:
        """The middle of the range (the exact value for a point)."""
        return (self.lo + self.hi) / 2


def exact(value: Decimal) -> Interval:
    """A figure known exactly."""
    return Interval(value, value)


def shown(value: Decimal, decimals: int, mode: str = "round") -> Interval:
    """The interval a figure shown with ``decimals`` stands for.

    ``round``: [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; ``truncate``: [v, v + 10⁻ᵈ) for v ≥ 0
    and (v − 10⁻ᵈ, v] below zero.
    """
    step = quantum(decimals)
    if mode == "round":
        half = step / 2
        return Interval(value - half, value + half)
    if mode == "truncate":
        if value >= ZERO:
            return Interval(value, value + step, hi_open=True)
        return Interval(value - step, value, lo_open=True)
    raise ValueError(f"unknown rounding mode {mode!r}")


def sum_interval(parts: Iterable[Interval]) -> Interval:
    """Interval of a sum of shown figures."""
    result = exact(ZERO)
    for part in parts:
        result = result + part
    return result


def ratio_interval(part: Interval, whole: Interval) -> Interval | None:
    """Interval of part ÷ whole for positive wholes (``None`` if the whole may be 0)."""
    if whole.lo <= ZERO:
        return None
    candidates = [part.lo / whole.lo, part.lo / whole.hi, part.hi / whole.lo, part.hi / whole.hi]
    return Interval(min(candidates), max(candidates))


@dataclass(frozen=True)
class Judgement:
    """How a stated figure relates to the value computed from its parts."""

    stated: Decimal
    decimals: int
    computed: Interval
    rounded_ok: bool
    truncated_ok: bool

    @property
    def consistent(self) -> bool:
        """Consistent under 四舍五入 (the policy of the official templates)."""
        return self.rounded_ok

    @property
    def severity(self) -> str:
        """``ok`` when it holds rounded, ``warning`` when only truncated (a common slip), else ``error``."""
        return "ok" if self.rounded_ok else "warning" if self.truncated_ok else "error"

    @property
    def expected(self) -> Decimal:
        """The computed value shown with the stated decimals, rounded half up."""
        return round_half_up(self.computed.mid, self.decimals)

    @property
    def mode_note(self) -> str:
        """Which rounding mode, if any, makes the stated figure consistent (Chinese)."""
        if self.rounded_ok:
            return "按四舍五入一致"
        if self.truncated_ok:
            return f"仅在截尾取整时成立，四舍五入应为 {fmt(self.expected, self.decimals)}"
        return f"四舍五入与截尾均不成立，应为 {fmt(self.expected, self.decimals)}"


def judge(stated: Decimal, decimals: int, computed: Interval) -> Judgement:
    """Judge a stated figure shown with ``decimals`` against a computed interval."""
    # shown(stated, decimals, mode).meets(computed) for both modes, the bounds written out (the same Decimal
    # operations as shown() and Interval.meets): every claim of every text is judged, and two intervals made
    # and compared for each cost more than the judgement itself.
    step = quantum(decimals)
    half = step / 2
    lo, hi, lo_open, hi_open = computed.lo, computed.hi, computed.lo_open, computed.hi_open
    low, high = stated - half, stated + half  # round: closed both ends
    rounded_ok = not (high < lo or hi < low or (high == lo and lo_open) or (hi == low and hi_open))
    if stated >= ZERO:  # truncate: [stated, stated + step)
        high = stated + step
        truncated_ok = not (high < lo or hi < stated or high == lo or (hi == stated and hi_open))
    else:  # truncate: (stated − step, stated]
        low = stated - step
        truncated_ok = not (stated < lo or hi < low or (stated == lo and lo_open) or hi == low)
    return Judgement(stated=stated, decimals=decimals, computed=computed, rounded_ok=rounded_ok,
                     truncated_ok=truncated_ok)


def judge_percent(stated_percent: Decimal, decimals: int, part: Decimal, whole: Decimal) -> Judgement | None:
    """Judge a stated percentage against part ÷ whole of figures exact to the cent.

    The figures stand for their ±½ cent intervals; ``None`` when the whole may be zero.
    """
    interval = ratio_interval(shown(part, 2), shown(whole, 2))
    if interval is None:
        return None
    return judge(stated_percent, decimals, interval.scale(HUNDRED))


def fmt(value: Decimal | None, decimals: int = 2) -> str:
    """A figure as Chinese finance staff write it: half-up rounded, no grouping."""
    if value is None:
        return "未披露"
    text = f"{round_half_up(value, decimals):f}"
    return "0" if text in {"-0", "-0.00"} else text


def fmt_amount(value: Decimal | None) -> str:
    """An amount in 万元 with trailing zeros dropped, as the disclosure writes it (1117.2)."""
    if value is None:
        return "未披露"
    text = fmt(value, 2)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
