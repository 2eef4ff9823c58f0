"""Bodies of the worksheet functions (YS_*), free of xlwings.

They take what Excel hands over (floats, text, blanks, 2-D lists for ranges)
and answer with a number, a short Chinese verdict, or a Chinese error text —
never an exception. ``udfs`` wraps them for xlwings, the builder evaluates
them for cached values, and tests register them with the ``formulas`` package.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from budget_addin.core import calc
from budget_addin.core.layout import col_letter, split_ref
from budget_addin.core.numbers import NumberError, parse_figure, to_decimal

Value = Any  # float | int | str | None | list[list[...]]
REGISTRY: dict[str, Callable[..., Any]] = {}
OK = "✓"
# What a function answers when there is nothing to compute. A dash, not an empty string:
# an empty cached result makes LibreOffice and WPS recalculate the cell without the add-in.
NOTHING = "—"


def udf(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function body under its worksheet name."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any) -> Any:
            try:
                return func(*args)
            except ArgError as exc:
                return exc.text()
            except (ArithmeticError, ValueError, TypeError) as exc:  # never a traceback in a cell
                return f"#计算错误：{exc}"

        guarded.__name__ = func.__name__
        guarded.__doc__ = func.__doc__
        guarded.__wrapped__ = func  # type: ignore[attr-defined]
        REGISTRY[name] = guarded
        return guarded

    return register


class ArgError(ValueError):
    """A value a function cannot read: which argument, where in its range, what."""

    def __init__(self, arg: int, row: int, col: int, raw: object, reason: str, address: str | None = None) -> None:
        super().__init__(reason)
        self.arg, self.row, self.col, self.raw, self.reason, self.address = arg, row, col, raw, reason, address

    def text(self) -> str:
        """``#数值错误：B5 "三千八百"`` (or the position when the address is unknown)."""
        where = self.address or f"第{self.arg + 1}个参数第{self.row + 1}行第{self.col + 1}列"
        return f'#数值错误：{where} "{self.raw}"（{self.reason}）'


def cells(value: Value) -> Iterator[tuple[int, int, object]]:
    """(row, col, raw) of a scalar or a 2-D range, row by row."""
    if isinstance(value, (list, tuple)):
        for r, row in enumerate(value):
            if isinstance(row, (list, tuple)):
                for c, item in enumerate(row):
                    yield r, c, item
            else:
                yield r, 0, row
    elif hasattr(value, "tolist"):  # numpy arrays from the formulas package
        yield from cells(value.tolist())
    else:
        yield 0, 0, value


_FLOAT, _INT, _DECIMAL = float, int, Decimal
_AS_IS = frozenset({str, Decimal, type(None)})  # what _plain hands back unchanged, known without asking


def _num(raw: object, arg: int, row: int = 0, col: int = 0) -> Decimal | None:
    kind = type(raw)
    if kind is _FLOAT:  # what Excel hands over for a number: the fast path
        return Decimal(repr(raw)) if raw == raw else _bad(raw, arg, row, col)  # type: ignore[comparison-overlap]
    if kind is _DECIMAL:
        return raw  # type: ignore[return-value]  # immutable: Decimal(raw) would be an equal copy
    if kind is _INT:
        return Decimal(raw)  # type: ignore[arg-type]
    if raw is None:
        return None
    if isinstance(raw, str) and raw.startswith("#"):
        raise ArgError(arg, row, col, raw, "引用的单元格有错误")
    try:
        figure = parse_figure(_plain(raw))
    except NumberError as exc:
        raise ArgError(arg, row, col, raw, exc.reason) from None
    if figure is None:
        return None
    return figure.value / 100 if figure.unit == "%" else figure.in_wanyuan


def _bad(raw: object, arg: int, row: int, col: int) -> Decimal:
    raise ArgError(arg, row, col, raw, "不是有效数值")


def _plain(raw: object) -> object:
    """Unwrap the ``formulas`` package's empty marker and numpy scalars."""
    if raw is None or type(raw).__name__ in {"XlError", "_EmptyValue", "EmptyValue"} and str(raw) in {"", "empty"}:
        return None
    if hasattr(raw, "item") and not isinstance(raw, (str, bytes)):
        return raw.item()
    return raw


def numbers(value: Value, arg: int = 0) -> list[Decimal | None]:
    """All figures of a range, blanks as None."""
    kind = type(value)
    if value is None or kind is _DECIMAL:  # one cell as a template hands it over: nothing to walk
        return [value]
    if kind is _FLOAT or kind is str:  # one cell (a nested function's result): what cells() would yield, (0, 0, value)
        return [_num(value, arg, 0, 0)]
    if isinstance(value, list):  # a column (a list table's 200,000 rows): one pass, no call for a Decimal or a blank
        found: list[Decimal | None] = []
        append = found.append
        for r, row in enumerate(value):
            if type(row) is not list or len(row) != 1:
                break  # not a column after all: read it cell by cell below (a bad value above raised as there)
            raw = row[0]
            append(raw if raw is None or type(raw) is _DECIMAL else _num(raw, arg, r, 0))
        else:
            return found
    return [_num(raw, arg, r, c) for r, c, raw in cells(value)]


def scalar(value: Value, arg: int = 0) -> Decimal | None:
    """One figure (the first cell of a range)."""
    values = numbers(value, arg)
    return values[0] if values else None


def labels(value: Value) -> list[object]:
    if isinstance(value, list):  # a column: one pass; text, Decimals and blanks are as they are
        found: list[object] = []
        append = found.append
        for row in value:
            if type(row) is not list or len(row) != 1:
                break
            raw = row[0]
            append(raw if type(raw) in _AS_IS else _plain(raw))
        else:
            return found
    return [_plain(raw) for _, _, raw in cells(value)]


def out(value: Decimal | None) -> float | str:
    """A Decimal as the float Excel stores (nothing to compute shows as a dash)."""
    return NOTHING if value is None else float(value)


def percent_places(decimals: Value, stated: Decimal) -> int:
    """Percent decimals of a stated percentage, decided by :func:`calc.percent_decimals`.

    ``decimals`` is a count (``2``), a number format (``"0.00%"``) or what Excel's
    ``CELL("format", …)`` answers (``"P2"``); when absent, the figure as it arrives
    (a Decimal keeps its exponent, a float its shortest digits: 0.053 → 1).
    """
    given = _plain(labels(decimals)[0]) if decimals is not None else None
    if given is None or given == "":
        return calc.percent_decimals(stated)
    if isinstance(given, str) and not given.strip().isdigit():
        return calc.percent_decimals(stated, given)
    return int(scalar(decimals, 3) or 0)


@udf("YS_TOTAL")
def ys_total(values: Value, row_labels: Value = None) -> float | str:
    """合计：对区域求和，跳过空白和“其中”行（第二参数为行标签区域）。"""
    found = numbers(values, 0)
    names = labels(row_labels) if row_labels is not None else None
    return out(calc.total(found, names))


@udf("YS_VARIANCE")
def ys_variance(current: Value, prior: Value) -> float | str:
    """增减额：本年数 − 上年数；任一为空则为空。"""
    return out(calc.variance(scalar(current, 0), scalar(prior, 1)))


@udf("YS_PRIOR")
def ys_prior(current: Value, change: Value, prior: Value = None) -> float | str:
    """上年数：已填上年数时取上年数，否则按 本年数 − 所列增减额 推算。"""
    stated = scalar(prior, 2)
    if stated is not None:
        return out(stated)
    return out(calc.prior_from_change(scalar(current, 0), scalar(change, 1)))


@udf("YS_SUBTOTAL")
def ys_subtotal(stated: Value, *parts: Value) -> float | str:
    """小计：已填则取所填数，未填则按各组成部分之和推算（全部为空时为空）。"""
    total, computed = _stated_and_parts(stated, parts)
    return out(total if total is not None else computed)


@udf("YS_GROWTH")
def ys_growth(current: Value, prior: Value) -> float | str:
    """增减率：(本年 − 上年) ÷ 上年；上年为零时返回“新增”，缺数时为空。"""
    now, before = scalar(current, 0), scalar(prior, 1)
    if now is not None and before == 0:
        return "新增" if now != 0 else "持平"
    return out(calc.growth(now, before))


@udf("YS_SHARE")
def ys_share(part: Value, whole: Value) -> float | str:
    """占比：部分 ÷ 合计（合计为零或空时为空）。"""
    return out(calc.share(scalar(part, 0), scalar(whole, 1)))


@udf("YS_ROUND")
def ys_round(value: Value, decimals: Value = 2) -> float | str:
    """四舍五入到指定小数位（不同于银行家舍入）。"""
    places = scalar(decimals, 1)
    figure = scalar(value, 0)
    return NOTHING if figure is None else out(calc.round_half_up(figure, int(places or 0)))


def _difference_text(difference: Decimal) -> str:
    return f"✗ 差 {calc.fmt(abs(difference))}"


def _stated_and_parts(stated: Value, parts: tuple[Value, ...]) -> tuple[Decimal | None, Decimal | None]:
    """The stated total and the sum of the parts (each part a cell or a range; argument 1 onwards)."""
    found: list[Decimal | None] = []
    for index, part in enumerate(parts, start=1):
        found.extend(numbers(part, index))
    return scalar(stated, 0), calc.total(found)


@udf("YS_CHECKSUM")
def ys_checksum(stated: Value, *parts: Value) -> str:
    """校验合计：所列合计与各组成部分之和是否相等（到分），返回“✓”或“✗ 差 x”。"""
    total, computed = _stated_and_parts(stated, parts)
    if total is None:
        return NOTHING if computed is None else f"＝ {calc.fmt(computed)}（按各项推算）"
    if computed is None:
        return "缺少组成数据"
    if calc.same_to_the_cent(computed, total):
        return OK
    return _difference_text(calc.round_half_up(computed - total, 2))


@udf("YS_CHECKPART")
def ys_checkpart(stated: Value, *parts: Value) -> str:
    """校验“其中”项：所列部分之和不得超过总数，返回“✓”或“✗ 超出 x”。"""
    total, computed = _stated_and_parts(stated, parts)
    if total is None or computed is None:
        return NOTHING
    if computed - total < calc.CENT_TOLERANCE:
        return OK
    return f"✗ 超出 {calc.fmt(computed - total)}"


@udf("YS_CHECKRATIO")
def ys_checkratio(stated: Value, part: Value, whole: Value, decimals: Value = None) -> str:
    """校验百分比：所列百分比与 部分÷整体 的计算值是否在所示精度内一致（四舍五入/截尾）。"""
    shown = scalar(stated, 0)
    if shown is None:
        return NOTHING
    numerator, denominator = scalar(part, 1), scalar(whole, 2)
    if numerator is None or denominator is None:
        return "缺少数据"
    places = percent_places(decimals, shown)
    return _ratio_verdict(shown, numerator, denominator, places)


def _ratio_verdict(shown: Decimal, numerator: Decimal, denominator: Decimal, places: int) -> str:
    """✓, or what the stated percentage should be (and whether truncation explains it)."""
    # the percentage as the cell shows it (0.125 as 0% is 13%), 四舍五入 as the reader reads it
    verdict = calc.judge_percent(calc.round_half_up(shown * 100, places), places, numerator, denominator)
    if verdict is None:
        return "分母为零"
    if verdict.rounded_ok:
        return OK
    if verdict.truncated_ok:
        return f"✗ 截尾才成立，应为 {calc.fmt(verdict.expected, places)}%"
    return f"✗ 应为 {calc.fmt(verdict.expected, places)}%"


@udf("YS_CHECKYOY")
def ys_checkyoy(current: Value, prior: Value, change: Value, stated_growth: Value, decimals: Value = None) -> str:
    """同比校验：本年 − 上年 = 所列增减额（到分），所列增减率与 增减额 ÷ 上年数 在所示精度内一致。"""
    now, before, diff, rate = scalar(current, 0), scalar(prior, 1), scalar(change, 2), scalar(stated_growth, 3)
    if before is None and diff is None and rate is None:
        return NOTHING
    if now is not None and before is not None and diff is not None:
        gap = calc.round_half_up(now - before - diff, 2)
        if gap != 0:
            return f"✗ 增减额应为 {calc.fmt(now - before)}"
    if rate is None:
        return OK if now is not None and (before is not None or diff is not None) else NOTHING
    used_prior = before if before is not None else calc.prior_from_change(now, diff)
    used_change = diff if diff is not None else calc.variance(now, before)
    if used_prior is None or used_change is None:
        return "缺少数据"
    return _ratio_verdict(rate, used_change, used_prior, percent_places(decimals, rate))


@udf("YS_CHECKPRODUCT")
def ys_checkproduct(amount: Value, quantity: Value, unit_price: Value) -> str:
    """校验金额 = 数量 × 单价（到分）。"""
    total, count, price = scalar(amount, 0), scalar(quantity, 1), scalar(unit_price, 2)
    if count is None or price is None or total is None:
        return NOTHING
    if calc.same_to_the_cent(count * price, total):
        return OK
    return _difference_text(calc.round_half_up(count * price - total, 2))


CATEGORY_BY_PREFIX = {"A": "货物", "B": "工程", "C": "服务"}
# 政府采购品目分类目录: A01–A06 are fixed assets (土地房屋、通用设备、专用设备、文物陈列品、图书档案、家具用具).
ASSET_PREFIXES = ("A01", "A02", "A03", "A04", "A05", "A06")


def category(code: object) -> str | None:
    """货物/工程/服务 of a 政府采购目录序号 (A…/B…/C…)."""
    text = str(_plain(code) or "").strip().upper()
    return CATEGORY_BY_PREFIX.get(text[:1]) if text else None


@udf("YS_CATEGORY")
def ys_category(code: Value) -> str:
    """政府采购品目类别：目录序号以 A 开头为货物、B 为工程、C 为服务。"""
    values = labels(code)
    found = category(values[0] if values else None)
    if found is None and values and values[0] not in (None, ""):
        return f'#目录序号无法识别 "{values[0]}"'
    return found or NOTHING


def _kinds_of(code: object) -> frozenset[str]:
    """The kinds a 目录序号 is summed under by YS_SUMCATEGORY (its category, 全部, 资产)."""
    text = str(code or "").strip().upper()
    kinds = set()
    found = CATEGORY_BY_PREFIX.get(text[:1]) if text else None
    if found is not None:
        kinds.update((found, "全部"))
    if text.startswith(ASSET_PREFIXES):
        kinds.add("资产")
    return frozenset(kinds)


_KINDS: dict[object, frozenset[str]] = {}  # 目录序号 → kinds: a long list repeats a few codes


class SharedRange(list):  # type: ignore[type-arg]
    """A range handed unchanged to several formulas (the model's whole list column, made once per book).

    Never changed once made, so a function may keep what it derived from one (by weak reference:
    nothing outlives the book).
    """

    __slots__ = ("__weakref__",)


Grouped = tuple[weakref.ref[SharedRange], weakref.ref[SharedRange], dict[str, list[Decimal | None]]]
_GROUPED: list[Grouped | None] = [None]  # the last shared columns grouped; forgotten when either is gone


def _forget(_gone: object) -> None:
    _GROUPED[0] = None


def _by_kind(amounts: Value, codes: Value) -> dict[str, list[Decimal | None]]:
    """The figures summed under each kind (货物, 工程, 服务, 全部, 资产), in row order.

    A book's five YS_SUMCATEGORY formulas read the same two shared columns: they are grouped once.
    """
    last = _GROUPED[0]
    if last is not None and last[0]() is amounts and last[1]() is codes:
        return last[2]
    figures = numbers(amounts, 0)
    catalog = labels(codes)
    grouped: dict[str, list[Decimal | None]] = {}
    for figure, code in zip(figures, catalog, strict=False):
        kinds = _KINDS.get(code)
        if kinds is None:
            kinds = _kinds_of(code)
            if len(_KINDS) < 4096 and isinstance(code, (str, int, float, type(None))):
                _KINDS[code] = kinds
        for kind in kinds:
            found = grouped.get(kind)
            if found is None:
                grouped[kind] = [figure]
            else:
                found.append(figure)
    if type(amounts) is SharedRange and type(codes) is SharedRange:
        _GROUPED[0] = (weakref.ref(amounts, _forget), weakref.ref(codes, _forget), grouped)
    return grouped


@udf("YS_SUMCATEGORY")
def ys_sumcategory(amounts: Value, codes: Value, kind: Value) -> float | str:
    """按品目类别汇总采购金额：类别为“货物”“工程”“服务”“全部”或“资产”（A01–A06 固定资产类）。"""
    wanted = str(_plain(kind))
    grouped = _by_kind(amounts, codes)
    if not grouped:  # an empty procurement list is missing data, never a sum of 0
        return NOTHING
    selected = grouped.get(wanted)
    return out(calc.total(selected) if selected else Decimal(0))


def registered() -> Sequence[str]:
    """Names of all worksheet functions."""
    return sorted(REGISTRY)


__all__ = ["REGISTRY", "ArgError", "to_decimal", "registered"]


def _split_args(formula: str) -> list[str]:
    """Top-level arguments of the outermost call in ``=NAME(a,b,…)``."""
    start = formula.find("(")
    if start < 0:
        return []
    args, depth, quoted, current = [], 0, False, ""
    for ch in formula[start + 1:]:
        if ch in "\"'":
            quoted = not quoted
        if not quoted:
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                args.append(current.strip())
                current = ""
                continue
        current += ch
    args.append(current.strip())
    return args


_ARG_REF = re.compile(r"(?:(.+)!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?")


def arg_address(formula: str | None, arg: int, row: int, col: int) -> str | None:
    """The address of item (row, col) of argument ``arg`` in a formula, e.g. ``B5``."""
    if not formula:
        return None
    args = _split_args(formula)
    if arg >= len(args):
        return None
    match = _ARG_REF.fullmatch(args[arg])
    if not match:
        return None
    sheet, letters, digits = match.groups()
    first_row, first_col = split_ref(f"{letters}{digits}")
    prefix = f"{sheet.strip(chr(39))}!" if sheet else ""
    return f"{prefix}{col_letter(first_col + col)}{first_row + row}"


def call(name: str, args: Sequence[Any], formula: Callable[[], str | None] | None = None) -> Any:
    """Run a worksheet function; a bad value is answered with its cell address when the formula is known."""
    body = REGISTRY[name].__wrapped__  # type: ignore[attr-defined]
    try:
        return body(*args)
    except ArgError as exc:
        try:
            exc.address = arg_address(formula() if formula else None, exc.arg, exc.row, exc.col)
        except Exception:  # noqa: BLE001 - the address is a courtesy; the message still stands
            exc.address = None
        return exc.text()
    except (ArithmeticError, ValueError, TypeError) as exc:
        return f"#计算错误：{exc}"
