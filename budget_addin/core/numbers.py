"""Reading figures the way preparers type them.

Accepts numbers, ``"1,304.85"``, full-width digits ``"３８０５．７７"``, a trailing
``万元``/``元``, ``%``, and treats blanks, ``"—"``/``"-"`` as empty. Anything else is
a :class:`NumberError` carrying a short Chinese reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budget_addin.core.calc import shown_decimals

EMPTY_MARKS = frozenset({"", "—", "-", "－", "–", "——", "/", "无"})
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％　",
    "0123456789.,-+% ",
)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
#: No figure of a department budget comes near this (10^15 万元); larger values are typing or file errors.
MAX_MAGNITUDE = Decimal("1e15")
_STORED = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")


def visible(text: object) -> str:
    """Text with invisible characters shown as escapes (``"1\u200b2"`` → ``1\\u200b2``).

    Zero-width spaces, direction marks, control characters and unusual spaces would
    otherwise be echoed invisibly in a message and leave the reader guessing.
    """
    shown = []
    for ch in str(text):
        if ch == " " or unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cs", "Cn"}:
            shown.append(ch)
        else:
            shown.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return "".join(shown)


class NumberError(ValueError):
    """A cell whose content is not a figure; ``reason`` is Chinese."""

    def __init__(self, raw: object, reason: str = "无法识别的数值") -> None:
        super().__init__(f'{reason} "{visible(raw)}"')
        self.raw = raw
        self.reason = reason


@dataclass(frozen=True)
class Figure:
    """A parsed figure: its value, shown decimals and unit as typed."""

    value: Decimal
    decimals: int
    unit: str = ""  # "万元", "元", "%" or ""

    @property
    def in_wanyuan(self) -> Decimal:
        """The amount in 万元 (元 divided by 10,000)."""
        return self.value / 10000 if self.unit == "元" else self.value


def to_decimal(value: float | int | Decimal) -> Decimal:
    """A float as the decimal a person would read: its shortest repr (``0.1`` → ``Decimal('0.1')``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise NumberError(value, "逻辑值不是数值")
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def sane(value: Decimal, raw: object = None) -> Decimal:
    """``value`` when finite and below :data:`MAX_MAGNITUDE`; else :class:`NumberError`."""
    if not value.is_finite():
        raise NumberError(value if raw is None else raw, "不是有效数值（非有限数）")
    if abs(value) >= MAX_MAGNITUDE:
        raise NumberError(value if raw is None else raw, "数值过大（超过 10 的 15 次方），请检查")
    return value


def stored_number(text: str | None) -> Decimal:
    """A number as a file stores it (``"562.1799999999999"``, ``"1E-3"``), finite and of sane magnitude."""
    raw = (text or "").strip()
    if not _STORED.fullmatch(raw):
        finite = raw.lower().lstrip("+-") not in {"nan", "inf", "infinity", "snan"}
        raise NumberError(text, "无法识别的数值" if finite else "不是有效数值（非有限数）")
    try:
        return sane(Decimal(raw), text)
    except InvalidOperation:  # pragma: no cover - the pattern guards this
        raise NumberError(text) from None


# Decimals shown by a figure as written (``Decimal('5.30')`` → 2): the one rule of :mod:`calc`.
decimals_of = shown_decimals


def parse_figure(raw: object) -> Figure | None:
    """Parse what a user typed into a number cell; ``None`` for empty.

    Raises :class:`NumberError` (Chinese reason) for text that is not a figure.
    """
    if raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        if isinstance(raw, float) and (raw != raw or raw in (float("inf"), float("-inf"))):
            raise NumberError(raw, "不是有效数值（非有限数）")
        value = sane(to_decimal(raw), raw)
        return Figure(value, decimals_of(value))
    if not isinstance(raw, str):
        raise NumberError(raw)
    text = raw.translate(_FULLWIDTH).strip().replace(" ", "")
    if text in EMPTY_MARKS:
        return None
    unit = ""
    for suffix in ("万元", "万", "元", "%"):
        if text.endswith(suffix):
            unit = {"万": "万元"}.get(suffix, suffix)
            text = text[: -len(suffix)]
            break
    if text.startswith("(") and text.endswith(")"):  # accounting negative
        text = "-" + text[1:-1]
    if not text or not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        raise NumberError(raw)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise NumberError(raw) from exc
    return Figure(sane(value, raw), decimals_of(value), unit)


def parse_amount(raw: object, unit: str = "万元") -> Decimal | None:
    """An amount in ``unit`` (万元 by default); ``元`` input is converted."""
    figure = parse_figure(raw)
    if figure is None:
        return None
    if figure.unit == "%":
        raise NumberError(raw, "此处应为金额，不是百分比")
    if unit == "万元" and figure.unit == "元":
        return figure.value / 10000
    return figure.value
