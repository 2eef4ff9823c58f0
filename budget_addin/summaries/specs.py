"""The summary sheets as plain data: what each sheet shows, computed once.

Pure core: a :class:`SheetSpec` holds titles, values, number formats, column
widths, fills, hyperlinks and charts; nothing here knows Excel. Two writers
turn a spec into a sheet: :mod:`budget_addin.files.sheetxml` (headless, package
parts) and :mod:`budget_addin.excel.xl_writer` (xlwings, inside Excel). All
arithmetic goes through :mod:`budget_addin.core.calc`.

Every sheet is stamped in cell A2 with when it was made and a fingerprint of
the input values it was made from (:func:`fingerprint`); :func:`stale_sheets`
compares stamps with the inputs of the moment.

Settings (documented, per workbook): the ``xlwings.conf`` sheet may carry a row
``同比变动阈值 | 20%``; year-on-year growth whose magnitude reaches the
threshold is highlighted on 同比分析. Default :data:`DEFAULT_GROWTH_THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from budget_addin.core import calc
from budget_addin.core.dataset import DASH, Dataset, percent_decimals, to_number
from budget_addin.core.findings import LEDGER_NAMES, SEVERITY_NAMES, Finding, Report
from budget_addin.core.layout import col_letter
from budget_addin.core.model import Book, RowKey, year_on_year
from budget_addin.core.numbers import NumberError, parse_figure
from budget_addin.core.schema import OWNED_SHEETS, TABLES_BY_KEY

Value = Decimal | int | float | str | None

# -- sheet names, cells, colours, formats ----------------------------------------------------------

FINDINGS_SHEET = "审核结果"
YEAR_ON_YEAR_SHEET = "同比分析"
STRUCTURE_SHEET = "收支结构"
THREE_PUBLIC_SHEET = "三公经费"
PROCUREMENT_SHEET = "政府采购汇总"
ASSETS_SHEET = "资产结构"
INDICATORS_SHEET = "绩效指标审查"
NARRATIVE_SHEET = "情况说明（生成）"
#: The sheets ``make_summaries`` / ``budget-addin summarize`` write, in workbook order.
SUMMARY_SHEETS: tuple[str, ...] = tuple(name for name in OWNED_SHEETS if name != NARRATIVE_SHEET)
assert set(SUMMARY_SHEETS) | {NARRATIVE_SHEET} == set(OWNED_SHEETS)

TITLE_CELL, STAMP_CELL = "A1", "A2"
FIRST_ROW = 4  # first row below title, stamp and a blank row

AMOUNT, PERCENT, COUNT, QUANTITY, TEXT, GENERAL = "#,##0.00", "0.00%", "#,##0", "General", "@", "General"
HEADER_FILL = "#D9D9D9"
HIGHLIGHT_FILL = "#FFEB9C"  # large year-on-year change
SEVERITY_FILLS = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}
MISSING = "未披露"
UNFILLED = "未填"  # a list with no rows: nothing typed, not a sum of 0
CENT = Decimal("0.005")
NEW, FLAT = "新增", "持平"

DEFAULT_GROWTH_THRESHOLD = Decimal("0.20")
THRESHOLD_KEY = "同比变动阈值"
STALE_RULE = "HZ-001"
CHART_WIDTH, CHART_HEIGHT = 380.0, 230.0  # points
CHART_ROWS = 18  # rows kept free for a chart placed beside a table
TITLE_HEIGHT, LINE_HEIGHT, DEFAULT_HEIGHT = 24.0, 13.5, 15.0  # points


# -- the spec ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A table on a summary sheet: an optional caption row, a header row at ``top``, records below."""

    top: int
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    formats: tuple[str, ...]  # number format per column
    caption: str = ""  # written in the row above the header
    wrap: frozenset[int] = frozenset()  # columns whose text wraps
    bold_rows: frozenset[int] = frozenset()  # totals
    fills: Mapping[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → "#RRGGBB"
    links: Mapping[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → "sheet!A1"

    @property
    def width(self) -> int:
        return len(self.headers)

    @property
    def bottom(self) -> int:
        """Sheet row of the last record (the header row when there are none)."""
        return self.top + len(self.rows)

    def address(self, row: int, col: int) -> str:
        """``B5`` of record ``row`` (``-1``: the header) and column ``col`` (0-based)."""
        return f"{col_letter(col + 1)}{self.top + 1 + row}"

    def column(self, col: int, first: int = 0, last: int | None = None) -> str:
        """``B5:B9``: records ``first``..``last`` (inclusive) of a column."""
        last = len(self.rows) - 1 if last is None else last
        return f"{self.address(first, col)}:{self.address(last, col)}"


@dataclass(frozen=True)
class Series:
    """One data series of a chart: its name cell and its values range (on the chart's sheet)."""

    name: str
    name_cell: str
    values: str


@dataclass(frozen=True)
class Chart:
    """A native chart: ``pie``, ``bar`` (horizontal) or ``column``.

    ``source`` is the rectangle Excel's ``set_source_data`` takes: the header row
    and the category column, then the series columns to its right.
    """

    kind: str
    title: str
    categories: str
    series: tuple[Series, ...]
    source: str
    anchor: str  # top-left cell
    width: float = CHART_WIDTH
    height: float = CHART_HEIGHT
    value_format: str = "#,##0.00"


@dataclass(frozen=True)
class SheetSpec:
    """Everything a writer needs to make one summary sheet."""

    name: str
    title: str
    stamp: str
    widths: tuple[float, ...]
    blocks: tuple[Block, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[tuple[int, str], ...] = ()  # (row, text) lines below the tables
    row_heights: tuple[tuple[int, float], ...] = ()  # (row, points) where text wraps
    landscape: bool = True

    def cells(self) -> dict[str, Value]:
        """Every written cell by address (title, stamp, captions, headers, records, notes)."""
        result: dict[str, Value] = {TITLE_CELL: self.title, STAMP_CELL: self.stamp}
        for block in self.blocks:
            if block.caption:
                result[f"A{block.top - 1}"] = block.caption
            for col, header in enumerate(block.headers):
                if header:
                    result[block.address(-1, col)] = header
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    if value is not None and value != "":
                        result[block.address(r, c)] = value
        for row, text in self.notes:
            result[f"A{row}"] = text
        return result


# -- fingerprint and stamp -------------------------------------------------------------------------


def _canonical(value: object) -> object:
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return f"{float(value):.12g}"  # the precision both adapters read
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def fingerprint(data: Dataset) -> str:
    """A short hash of the input values (same values, same fingerprint, whichever adapter read them)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_canonical, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_STAMP = re.compile(r"输入指纹：([0-9a-f]{16})")


def stamp(now: datetime, digest: str) -> str:
    """The A2 line of every summary sheet: when it was made and the :func:`fingerprint` of its inputs."""
    return f"生成时间：{now:%Y-%m-%d %H:%M:%S}　输入指纹：{digest}（输入变更后请重新生成）"


def stamped_fingerprint(text: object) -> str | None:
    """The fingerprint written in a stamp line, or None."""
    match = _STAMP.search(str(text or ""))
    return match.group(1) if match else None


def stale_sheets(stamps: Mapping[str, object], current: str) -> list[str]:
    """Owned sheets (name → their A2 text) whose fingerprint is not ``current``, in sheet order."""
    return [name for name in OWNED_SHEETS if name in stamps and stamped_fingerprint(stamps[name]) != current]


def add_stale_findings(report: Report, stamps: Mapping[str, object], current: str,
                       regenerated: Iterable[str] = ()) -> list[str]:
    """Add a warning to ``report`` for each stale owned sheet that is not being regenerated; returns their names."""
    kept = {name: text for name, text in stamps.items() if name not in set(regenerated)}
    names = stale_sheets(kept, current)
    report.findings.extend(stale_finding(name, kept[name], current) for name in names)
    return names


def stale_finding(name: str, stamp_text: object, current: str) -> Finding:
    """A warning that a summary sheet was made from other inputs than the workbook has now."""
    old = stamped_fingerprint(stamp_text) or "无"
    how = {NARRATIVE_SHEET: "请点击“生成情况说明”重新生成", FINDINGS_SHEET: "请点击“全面校验”重新校验"}.get(
        name, "请点击“生成汇总表”或运行 budget-addin summarize 重新生成"
    )
    return Finding(STALE_RULE, "warning", "表间", (f"{name}!{STAMP_CELL}",),
                   f"“{name}”生成后输入数据已变更（生成时指纹 {old}，现为 {current}），{how}", current, old)


# -- settings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Per-workbook settings of the summaries."""

    growth_threshold: Decimal = DEFAULT_GROWTH_THRESHOLD


def settings_from_config(pairs: Mapping[str, object]) -> Settings:
    """Settings from the ``xlwings.conf`` rows (key → value); unreadable values keep the default."""
    raw = pairs.get(THRESHOLD_KEY)
    if raw is None or raw == "":
        return Settings()
    try:
        figure = parse_figure(raw)
    except NumberError:
        return Settings()
    if figure is None:
        return Settings()
    value = figure.value / 100 if figure.unit == "%" or figure.value > 1 else figure.value
    return Settings(growth_threshold=abs(value))


# -- helpers -------------------------------------------------------------------------------------


def _figure(value: Decimal | None) -> Value:
    return MISSING if value is None else value


def _ratio(value: Decimal | None) -> Value:
    return DASH if value is None else value


def _stated_percent(value: Decimal | None) -> Value:
    """A percentage as the text states it (0.053 → ``5.3%``)."""
    if value is None:
        return DASH
    return f"{calc.fmt(calc.as_percent(value), percent_decimals(value))}%"


def _growth(current: Decimal | None, prior: Decimal | None) -> Value:
    """增减率 as a fraction, or 新增 / 持平 over a zero base."""
    if current is not None and prior == 0:
        return NEW if current != 0 else FLAT
    return _ratio(calc.growth(current, prior))


def _direction(change: Decimal | None, prior: Decimal | None) -> str:
    if change is None:
        return DASH
    if prior == 0 and change != 0:
        return NEW
    return "增加" if change > 0 else "减少" if change < 0 else FLAT


def _label(table: str, row: str) -> str:
    return TABLES_BY_KEY[table].row(row).label


def _plain_label(table: str, row: str) -> str:
    return _label(table, row).removeprefix("其中：").strip()


class _Sheet:
    """Lays blocks, charts and notes out top to bottom."""

    def __init__(self, name: str, title: str, stamp_text: str, widths: Sequence[float]) -> None:
        self.name, self.title, self.stamp, self.widths = name, title, stamp_text, tuple(widths)
        self.row = FIRST_ROW
        self.blocks: list[Block] = []
        self.charts: list[Chart] = []
        self.notes: list[tuple[int, str]] = []

    def block(self, headers: Sequence[str], rows: Sequence[Sequence[Value]], formats: Sequence[str],
              caption: str = "", **extra: Any) -> Block:
        if caption:
            self.row += 1
        block = Block(self.row, tuple(headers), tuple(tuple(r) for r in rows), tuple(formats), caption, **extra)
        assert all(len(r) == len(headers) for r in block.rows) and len(formats) == len(headers)
        self.blocks.append(block)
        self.row = block.bottom + 2
        return block

    def chart(self, block: Block, kind: str, title: str, series_cols: Sequence[int], rows: int,
              beside: bool = True, value_format: str = AMOUNT) -> None:
        """A chart of the first ``rows`` records: column 0 as categories, ``series_cols`` as series."""
        assert list(series_cols) == list(range(1, len(series_cols) + 1)), "series must follow the category column"
        last = rows - 1
        series = tuple(
            Series(str(block.headers[c]), block.address(-1, c), block.column(c, 0, last)) for c in series_cols
        )
        source = f"{block.address(-1, 0)}:{block.address(last, series_cols[-1])}"
        if beside:
            anchor = f"{col_letter(len(self.widths) + 2)}{block.top - (1 if block.caption else 0)}"
            self.row = max(self.row, block.top + CHART_ROWS)
        else:
            anchor = f"A{self.row}"
            self.row += CHART_ROWS + 1
        self.charts.append(Chart(kind, title, block.column(0, 0, last), series, source, anchor,
                                 value_format=value_format))

    def note(self, text: str) -> None:
        self.notes.append((self.row, text))
        self.row += 1

    def heights(self) -> tuple[tuple[int, float], ...]:
        """Row heights that fit wrapped text (headers wrap too), so every renderer shows it whole."""
        heights = {1: TITLE_HEIGHT}
        for block in self.blocks:
            header = max(_lines(str(h), self._width(c)) for c, h in enumerate(block.headers))
            if header > 1:
                heights[block.top] = _height(header)
            for r, row in enumerate(block.rows):
                count = max((_lines(str(row[c] or ""), self._width(c)) for c in block.wrap), default=1)
                if count > 1:
                    heights[block.top + 1 + r] = _height(count)
        return tuple(sorted(heights.items()))

    def _width(self, col: int) -> float:
        return self.widths[col] if col < len(self.widths) else 8.43

    def spec(self) -> SheetSpec:
        return SheetSpec(self.name, self.title, self.stamp, self.widths, tuple(self.blocks), tuple(self.charts),
                         tuple(self.notes), self.heights())


def text_width(text: str) -> float:
    """Width of a text in column-width units (a Chinese character is about two digits wide)."""
    return sum(1.9 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def _height(lines: int) -> float:
    return max(DEFAULT_HEIGHT, LINE_HEIGHT * lines + 2)


def _department(book: Book) -> str:
    return book.text("department", "short_name", "value") or book.text("department", "name", "value")


def title_for(book: Book, what: str) -> str:
    """A sheet title naming the department and year: ``长江街道办事处2020年收支结构``."""
    year = book.text("department", "year", "value")
    department = _department(book)
    prefix = f"{department}{year}年" if department and year else department or (f"{year}年" if year else "")
    return f"{prefix}{what}"


# -- 同比分析 --------------------------------------------------------------------------------------

# Form tables whose rows carry 本年 and 上年 figures (the 明细 rows follow them).
PRIOR_YEAR_TABLES = ("income_expenditure", "office_costs", "three_public", "procurement_summary")
DETAILS = "details"


@dataclass(frozen=True)
class _Compared:
    """One row of 同比分析: a figure of this year and of the prior year (stated or derived)."""

    label: str
    table: str
    row: RowKey
    current: Decimal
    prior: Decimal
    total: bool  # a totals row (shown bold)


def _compared_rows(book: Book) -> list[_Compared]:
    """Every row with this year's figure and a prior-year figure, stated or derived (model.year_on_year)."""
    found = []
    for table in PRIOR_YEAR_TABLES:
        if not book.has_table(table):
            continue
        for row in book.rows(table):
            yoy = year_on_year(book, table, row)
            if yoy.current is not None and yoy.prior is not None:
                level = TABLES_BY_KEY[table].row(str(row)).level
                found.append(_Compared(_label(table, str(row)), table, row, yoy.current, yoy.prior, level == 0))
    if book.has_table(DETAILS):
        for index in book.rows(DETAILS):
            yoy = year_on_year(book, DETAILS, index)
            item = book.text(DETAILS, index, "item").strip()
            if yoy.current is None or yoy.prior is None or not item:
                continue
            parent = book.text(DETAILS, index, "parent").strip()
            found.append(_Compared(f"{item}（{parent}）" if parent else item, DETAILS, index, yoy.current, yoy.prior,
                                   False))
    return found


def year_on_year_spec(book: Book, stamp_text: str, settings: Settings = Settings()) -> SheetSpec:
    """同比分析: every figure with a prior-year value (stated, or derived from the stated change or parts)."""
    sheet = _Sheet(YEAR_ON_YEAR_SHEET, title_for(book, "预算同比分析"), stamp_text, (34, 14, 14, 14, 12, 10, 16, 18))
    rows: list[tuple[Value, ...]] = []
    fills: dict[tuple[int, int], str] = {}
    links: dict[tuple[int, int], str] = {}
    bold: set[int] = set()
    for index, item in enumerate(_compared_rows(book)):
        change = calc.variance(item.current, item.prior)
        growth = _growth(item.current, item.prior)
        ref = book.ref(item.table, item.row, "amount")
        rows.append((item.label, item.current, item.prior, change, growth, _direction(change, item.prior),
                     TABLES_BY_KEY[item.table].sheet, ref))
        links[(index, 7)] = ref
        if item.total:
            bold.add(index)
        if isinstance(growth, Decimal) and abs(growth) >= settings.growth_threshold:
            fills[(index, 4)] = HIGHLIGHT_FILL
            fills[(index, 5)] = HIGHLIGHT_FILL
    comparator = book.comparator
    headers = ("项目", "本年预算数", comparator, "增减额", "增减率", "变动方向", "所在表", "来源单元格")
    formats = (TEXT, AMOUNT, AMOUNT, AMOUNT, PERCENT, TEXT, TEXT, TEXT)
    block = sheet.block(
        headers, rows, formats, caption="单位：万元", bold_rows=frozenset(bold), fills=fills, links=links
    )
    threshold = calc.fmt(calc.as_percent(settings.growth_threshold), 2).rstrip("0").rstrip(".")
    sheet.note(f"注：增减率绝对值达到 {threshold}% 的以黄色标示（阈值可在 xlwings.conf 表中以“{THRESHOLD_KEY}”设置）。")
    sheet.note(f"注：上年数为{comparator}；未填上年数的按 本年预算数 − 所列增减额 推算，合计未填的按其组成推算；"
               "上年为零的项目列为“新增”。")
    overview = _leading_rows(rows, TABLES_BY_KEY["income_expenditure"].sheet)
    if overview:
        sheet.chart(block, "column", f"本年预算数与{comparator}对比（万元）", (1, 2), overview, beside=False)
    return sheet.spec()


def _leading_rows(rows: Sequence[tuple[Value, ...]], sheet_name: str, limit: int = 3) -> int:
    """How many of the first rows come from ``sheet_name`` (at most ``limit``)."""
    count = 0
    for row in rows[:limit]:
        if row[6] != sheet_name:
            break
        count += 1
    return count


# -- 收支结构 --------------------------------------------------------------------------------------


def _sources(book: Book, table: str, row: str, kept_whole: list[str] | None = None) -> list[str]:
    """The stated income sources under ``row``: a part gives way to its own stated parts when they make it up.

    A part whose stated parts do not make it up is listed whole; ``kept_whole`` receives a note saying so.
    """
    found = []
    for part in TABLES_BY_KEY[table].row(row).parts:
        stated = book.number(table, part, "amount")
        inner = _sources(book, table, part, kept_whole) if TABLES_BY_KEY[table].row(part).parts else []
        summed = calc.total(book.figure(table, r, "amount") for r in inner)
        if inner and (stated is None or (summed is not None and abs(summed - stated) < CENT)):
            found.extend(inner)
        elif stated is not None:
            found.append(part)
            if inner and summed is not None and kept_whole is not None:
                kept_whole.append(
                    f"注：{_plain_label(table, part)} {calc.fmt_amount(stated)} "
                    f"万元（{book.ref(table, part, 'amount')}）"
                    f"与其组成 {'、'.join(_plain_label(table, r) for r in inner)} 之和 "
                    f"{calc.fmt_amount(summed)} 万元不符，"
                    f"表中按{_plain_label(table, part)}整体列示，未展开其组成。"
                )
    return found


EXPENDITURE_USES = ("basic", "project", "reserve", "operating_expenditure", "carry_forward")


def structure_spec(book: Book, stamp_text: str) -> SheetSpec:
    """收支结构: every stated income source and every stated use of the expenditure, with shares and charts."""
    sheet = _Sheet(STRUCTURE_SHEET, title_for(book, "收支结构"), stamp_text, (30, 14, 10, 16))
    table = "income_expenditure"
    if not book.has_table(table):
        sheet.note(f"缺少工作表“{TABLES_BY_KEY[table].sheet}”，无法生成收支结构。")
        return sheet.spec()

    def amount(row: str) -> Decimal | None:
        return book.figure(table, row, "amount")

    headers_tail = ("金额（万元）", "占比", "来源单元格")
    formats = (TEXT, AMOUNT, PERCENT, TEXT)

    kept_whole: list[str] = []
    sources = _sources(book, table, "income_total", kept_whole)
    listed = calc.total(amount(r) for r in sources)
    income_total = amount("income_total")
    if income_total is None:
        income_total = listed
    rows, links = [], {}
    for index, row in enumerate([*sources, "income_total"]):
        value = income_total if row == "income_total" else amount(row)
        rows.append((_plain_label(table, row), _figure(value), _ratio(calc.share(value, income_total)),
                     book.ref(table, row, "amount")))
        links[(index, 3)] = book.ref(table, row, "amount")
    income = sheet.block(("收入来源", *headers_tail), rows, formats, caption="一、收入（按来源）",
                         bold_rows=frozenset({len(rows) - 1}), links=links)
    if sources:
        sheet.chart(income, "bar", "收入来源构成（万元）", (1,), len(sources))

    uses = [r for r in EXPENDITURE_USES if amount(r) is not None]
    expenditure_total = amount("expenditure_total")
    if expenditure_total is None:
        expenditure_total = calc.total(amount(r) for r in uses)
    basic_parts = [r for r in ("personnel", "public") if amount(r) is not None]
    order = [*uses, "expenditure_total", *basic_parts]
    rows, links = [], {}
    for index, row in enumerate(order):
        value = expenditure_total if row == "expenditure_total" else amount(row)
        label = f"基本支出中：{_plain_label(table, row)}" if row in basic_parts else _plain_label(table, row)
        rows.append((label, _figure(value), _ratio(calc.share(value, expenditure_total)),
                     book.ref(table, row, "amount")))
        links[(index, 3)] = book.ref(table, row, "amount")
    spending = sheet.block(("支出类型", *headers_tail), rows, formats, caption="二、支出（按用途）",
                           bold_rows=frozenset({len(uses)}), links=links)
    if uses:
        sheet.chart(spending, "pie", "支出按用途构成（占比）", (1,), len(uses))
    if listed is not None and income_total is not None and abs(listed - income_total) >= CENT:
        sheet.note(f"注：所列收入来源之和 {calc.fmt_amount(listed)} 万元与收入总计 {calc.fmt_amount(income_total)} 万元"
                   f"相差 {calc.fmt_amount(abs(listed - income_total))} 万元，请核对“{TABLES_BY_KEY[table].sheet}”表。")
    for note in kept_whole:
        sheet.note(note)
    sheet.note("注：占比 = 金额 ÷ 收入（支出）总计；人员经费、公用经费为基本支出的组成部分；只列出已填写的项目。")
    return sheet.spec()


# -- 三公经费 --------------------------------------------------------------------------------------

THREE_PUBLIC_ORDER = (("abroad", None), ("vehicles", None), ("reception", None), ("total", None),
                      ("vehicle_purchase", "公务用车购置及运行费中：购置费"),
                      ("vehicle_operation", "公务用车购置及运行费中：运行维护费"))


def three_public_spec(book: Book, stamp_text: str) -> SheetSpec:
    """三公经费: items, shares, change against the prior year (stated or derived), chart."""
    sheet = _Sheet(THREE_PUBLIC_SHEET, title_for(book, "“三公”经费预算分析"), stamp_text, (34, 14, 14, 12, 12, 10, 18))
    table = "three_public"
    if not book.has_table(table):
        sheet.note(f"缺少工作表“{TABLES_BY_KEY[table].sheet}”，无法生成三公经费分析。")
        return sheet.spec()
    whole = book.figure(table, "total", "amount")
    rows, links, fills = [], {}, {}
    beyond = []
    for index, (row, label) in enumerate(THREE_PUBLIC_ORDER):
        yoy = year_on_year(book, table, row)
        current, prior = yoy.current, yoy.prior
        change = calc.variance(current, prior)
        share = calc.share(current, whole)
        rows.append(
            (
                label or _label(table, row),
                _figure(current),
                _figure(prior),
                _figure(change) if prior is not None else DASH,
                _growth(current, prior) if prior is not None else DASH,
                _ratio(share),
                book.ref(table, row, "amount"),
            )
        )
        links[(index, 6)] = book.ref(table, row, "amount")
        if share is not None and row != "total" and (share > 1 or share < 0):  # a part above its total: 待核
            fills[(index, 5)] = SEVERITY_FILLS["error"]
            beyond.append(label or _label(table, row))
    comparator = book.comparator
    headers = ("项目", "本年预算数", comparator, "增减额", "增减率", "占比", "来源单元格")
    formats = (TEXT, AMOUNT, AMOUNT, AMOUNT, PERCENT, PERCENT, TEXT)
    block = sheet.block(headers, rows, formats, caption="单位：万元", bold_rows=frozenset({3}), links=links,
                        fills=fills)
    sheet.chart(block, "column", f"“三公”经费本年预算数与{comparator}（万元）", (1, 2), 3, beside=False)
    if beyond:
        sheet.note(f"注：{'、'.join(beyond)}的占比超过 100% 或小于 0（以红色标示），请核对“三公”经费合计与各项。")
    sheet.note(f"注：占比 = 项目金额 ÷ “三公”经费合计；上年数为{comparator}，未填的按 本年预算数 − 所列增减额 推算，"
               "公务用车购置及运行费、合计未填的按其组成推算。")
    return sheet.spec()


# -- 政府采购汇总 ----------------------------------------------------------------------------------

CATEGORIES = ("goods", "works", "services")


def _procurement_items(book: Book) -> list[int]:
    """Records of the procurement list that are purchases (not the department subtotal line)."""
    return [i for i in book.rows("procurement")
            if book.text("procurement", i, "catalog") or book.text("procurement", i, "item")]


def procurement_spec(book: Book, stamp_text: str) -> SheetSpec:
    """政府采购汇总: by category (goods/works/services) and by project, shares, chart."""
    sheet = _Sheet(PROCUREMENT_SHEET, title_for(book, "政府采购预算汇总"), stamp_text, (44, 14, 10, 16, 12, 18))
    summary = "procurement_summary"
    listed = book.has_table("procurement") and bool(_procurement_items(book))
    if book.has_table(summary):
        # the 按明细 figures are sums over the procurement list: an empty list is missing, never 0
        detail_total = book.number(summary, "total", "detail") if listed else None
        rows, links = [], {}
        for index, row in enumerate([*CATEGORIES, "total"]):
            detail = book.number(summary, row, "detail") if listed else None
            stated = book.number(summary, row, "amount")
            rows.append((_label(summary, row), _figure(detail) if listed else UNFILLED,
                         _ratio(calc.share(detail, detail_total)),
                         _figure(stated), _stated_percent(book.number(summary, row, "stated_share")),
                         book.ref(summary, row, "amount")))
            links[(index, 5)] = book.ref(summary, row, "amount")
        block = sheet.block(("品目类别", "金额（按明细）", "占比", "说明所列金额", "说明所列占比", "来源单元格"), rows,
                            (TEXT, AMOUNT, PERCENT, AMOUNT, TEXT, TEXT), caption="一、按品目类别（万元）",
                            bold_rows=frozenset({len(CATEGORIES)}), links=links)
        sheet.chart(block, "pie", "政府采购预算构成（按品目类别）", (1,), len(CATEGORIES), beside=False)
    if book.has_table("procurement"):
        items = _procurement_items(book)
        projects: dict[str, list[int]] = {}
        for i in items:
            projects.setdefault(book.text("procurement", i, "project") or "（未填项目名称）", []).append(i)
        grand = calc.total(book.number("procurement", i, "amount") for i in items)
        rows, links = [], {}
        for index, (name, members) in enumerate(projects.items()):
            amount = calc.total(book.number("procurement", i, "amount") for i in members)
            kinds = "、".join(dict.fromkeys(book.text("procurement", i, "category") or "未识别" for i in members))
            goods = "、".join(
                dict.fromkeys(
                    book.text("procurement", i, "item") for i in members if book.text("procurement", i, "item")
                )
            )
            rows.append((name, _figure(amount), _ratio(calc.share(amount, grand)), goods, kinds,
                         book.ref("procurement", members[0], "amount")))
            links[(index, 5)] = book.ref("procurement", members[0], "amount")
        rows.append(("合计", _figure(grand) if items else UNFILLED, _ratio(calc.share(grand, grand)), "", "", ""))
        sheet.block(("项目名称", "采购金额", "占比", "采购品目", "品目类别", "来源单元格"), rows,
                    (TEXT, AMOUNT, PERCENT, TEXT, TEXT, TEXT), caption="二、按项目（万元）",
                    wrap=frozenset({0, 3}), bold_rows=frozenset({len(rows) - 1}), links=links)
    sheet.note("注：品目类别按政府采购目录序号判定（A 货物、B 工程、C 服务）；占比 = 金额 ÷ 明细合计。")
    return sheet.spec()


# -- 资产结构 --------------------------------------------------------------------------------------

# assets row → fixed_assets row holding its quantity
ASSET_ROWS = (("land_buildings", "buildings"), ("general_equipment", "general_equipment"),
              ("special_equipment", "special_equipment"), ("cultural_relics", "cultural"),
              ("books", "books"), ("furniture", "furniture"))
ASSET_DETAIL_ROWS = ("office_space", "vehicles", "expensive_equipment", "book_materials")


def _quantity(book: Book, row: str) -> Value:
    value = book.value("fixed_assets", row, "quantity")
    number = to_number(value)
    if number is not None:
        return number
    return DASH if value == DASH else MISSING


def assets_spec(book: Book, stamp_text: str) -> SheetSpec:
    """资产结构: fixed-asset categories with amounts, shares and quantities, chart."""
    sheet = _Sheet(ASSETS_SHEET, title_for(book, "国有资产（固定资产）结构"), stamp_text, (34, 14, 10, 10, 34, 18))
    has_assets, has_fixed = book.has_table("assets"), book.has_table("fixed_assets")
    if not (has_assets or has_fixed):
        sheet.note("缺少工作表“国有资产”和“固定资产占用情况表”，无法生成资产结构。")
        return sheet.spec()

    def amount(asset_row: str, fixed_row: str) -> tuple[Decimal | None, str]:
        if has_assets and book.number("assets", asset_row, "amount") is not None:
            return book.number("assets", asset_row, "amount"), book.ref("assets", asset_row, "amount")
        return (book.number("fixed_assets", fixed_row, "value") if has_fixed else None,
                book.ref("fixed_assets", fixed_row, "value"))

    total, total_ref = amount("total", "total")
    if total is None:
        total = calc.total(amount(a, f)[0] for a, f in ASSET_ROWS)
    rows, links = [], {}
    for index, (asset_row, fixed_row) in enumerate([*ASSET_ROWS, ("total", "total")]):
        value, ref = (total, total_ref) if asset_row == "total" else amount(asset_row, fixed_row)
        quantity = _quantity(book, fixed_row) if has_fixed else MISSING
        basis = _label("fixed_assets", fixed_row) if has_fixed else ""
        rows.append(
            (_label("assets", asset_row), _figure(value), _ratio(calc.share(value, total)), quantity, basis, ref)
        )
        links[(index, 5)] = ref
    block = sheet.block(("资产类别", "金额（万元）", "占比", "数量", "数量口径（固定资产占用情况表）", "来源单元格"),
                        rows, (TEXT, AMOUNT, PERCENT, QUANTITY, TEXT, TEXT), caption="一、固定资产构成",
                        bold_rows=frozenset({len(ASSET_ROWS)}), links=links)
    sheet.chart(block, "bar", "固定资产构成（万元）", (1,), len(ASSET_ROWS), beside=False)
    if has_fixed:
        rows, links = [], {}
        for index, row in enumerate(ASSET_DETAIL_ROWS):
            value = book.number("fixed_assets", row, "value")
            rows.append((_plain_label("fixed_assets", row), _figure(value), _ratio(calc.share(value, total)),
                         _quantity(book, row), "", book.ref("fixed_assets", row, "value")))
            links[(index, 5)] = book.ref("fixed_assets", row, "value")
        if has_assets:
            planned = book.number("assets", "planned_purchase", "amount")
            rows.append((_label("assets", "planned_purchase"), _figure(planned), DASH, DASH, "",
                         book.ref("assets", "planned_purchase", "amount")))
            links[(len(rows) - 1, 5)] = book.ref("assets", "planned_purchase", "amount")
        sheet.block(("其中及其他", "金额（万元）", "占比", "数量", "说明", "来源单元格"), rows,
                    (TEXT, AMOUNT, PERCENT, QUANTITY, TEXT, TEXT), caption="二、其中项与拟购置资产", links=links)
    sheet.note("注：占比 = 金额 ÷ 固定资产合计；数量单位见固定资产占用情况表（房屋、办公用房按平方米，车辆按台、辆）。")
    return sheet.spec()


# -- 绩效指标审查 ----------------------------------------------------------------------------------


def indicators_spec(book: Book, stamp_text: str) -> SheetSpec:
    """绩效指标审查: the indicator checks, counted by source and table, then one row per indicator."""
    from budget_addin.rules.indicator_review import review_rows

    review = review_rows(book)
    sheet = _Sheet(INDICATORS_SHEET, title_for(book, "绩效指标审查"), stamp_text, (8, 6, 20, 10, 12, 22, 16, 6, 44, 16))
    count_headers = ("类别", "表序号", "项目/分项", "指标数", "量化指标数", "量化占比", "问题数")
    count_formats = (TEXT, COUNT, TEXT, COUNT, COUNT, PERCENT, COUNT)

    def counts(item: Mapping[str, Any]) -> tuple[Value, ...]:
        return (item["source"], item["table_no"] if item["table_no"] is not None else DASH, item["table_name"],
                item["indicators"], item["quantified"], _ratio(item["quantified_share"]), item["findings"])

    totals = [counts(t) for t in review.totals]
    sheet.block(count_headers, totals, count_formats, caption="一、汇总", bold_rows=frozenset({len(totals) - 1}),
                fills={(i, 6): SEVERITY_FILLS["warning"] for i, t in enumerate(review.totals) if t["findings"]})
    per_table = [counts(t) for t in review.tables]
    sheet.block(count_headers, per_table, count_formats, caption="二、按表", wrap=frozenset({2}),
                fills={(i, 6): SEVERITY_FILLS["warning"] for i, t in enumerate(review.tables) if t["findings"]})
    rows, fills, links = [], {}, {}
    for index, item in enumerate(review.rows):
        rows.append((item["source"], item["table_no"], item["table_name"], item["level1"] or DASH,
                     item["level2"] or DASH, item["name"], item["written"] or "（空）", item["kind"],
                     item["verdict"], item["cell"]))
        links[(index, 9)] = item["cell"]
        if item["findings"]:
            fills[(index, 8)] = SEVERITY_FILLS["warning"]
    sheet.block(
        (
            "类别",
            "表序号",
            "项目/分项",
            "一级指标",
            "二级指标",
            "指标名称",
            "指标值（原文）",
            "类型",
            "审查结论",
            "单元格",
        ),
        rows,
        (TEXT, COUNT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT),
        caption="三、逐项审查",
        wrap=frozenset({2, 3, 4, 5, 6, 8}),
        fills=fills,
        links=links,
    )
    sheet.note("注：量化指标指有比较符、数值和单位的指标值；审查结论中的规则编号见“审核结果”表。")
    return sheet.spec()


# -- 审核结果 --------------------------------------------------------------------------------------


def _short_ref(ref: str, first: str) -> str:
    """``C16`` when on the same sheet as ``first``, else the full ``sheet!C16``."""
    sheet, _, cell = ref.rpartition("!")
    return cell if sheet and sheet == first.rpartition("!")[0] else ref


def _shown(value: object) -> Value:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value
    return str(value)


def findings_spec(
    report: Report, stamp_text: str, title: str = "审核结果", read_issues: Iterable[str] = ()
) -> SheetSpec:
    """审核结果: one row per finding with a hyperlink to each of its cells, then what did not run."""
    from budget_addin.core.findings import CATALOGUE

    most = max((len(f.cells) for f in report.findings), default=1)
    rows, fills, links = [], {}, {}
    for index, finding in enumerate(report.findings):
        cells = list(finding.cells)
        first = cells[0] if cells else ""
        shown = [first, *(_short_ref(c, first) for c in cells[1:])]
        rows.append((index + 1, SEVERITY_NAMES[finding.severity], finding.scope, finding.rule, finding.message,
                     _shown(finding.expected), _shown(finding.actual), *shown, *([""] * (most - len(shown)))))
        fills[(index, 1)] = SEVERITY_FILLS[finding.severity]
        for position, ref in enumerate(cells):
            links[(index, 7 + position)] = ref
    if not rows:
        rows.append(("", "", "", "", "未发现问题。", "", "", *([""] * most)))
    # link columns as wide as their longest address, so the sheet prints legibly
    link_widths = [max(6.0, *(text_width(str(row[7 + i])) + 1.5 for row in rows)) for i in range(most)]
    sheet = _Sheet(FINDINGS_SHEET, title, stamp_text, (5, 6, 6, 9, 56, 10, 10, *link_widths))
    counts = report.counts()
    ledger: dict[str, int] = {}
    for status in report.ledger.values():
        ledger[status] = ledger.get(status, 0) + 1
    sheet.note(
        f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项；规则 "
        f"{len(report.ledger)} 条：" + "，".join(f"{LEDGER_NAMES.get(k, k)} {v}" for k, v in sorted(ledger.items()))
    )
    sheet.row += 1
    headers = (
        "序号",
        "级别",
        "范围",
        "规则",
        "问题说明",
        "应为",
        "实为",
        "单元格",
        *(f"相关{i}" for i in range(2, most + 1)),
    )
    sheet.block(headers, rows, (COUNT, TEXT, TEXT, TEXT, TEXT, GENERAL, GENERAL, *([TEXT] * most)),
                wrap=frozenset({4, 5, 6}), fills=fills, links=links)
    skipped = [(rule, status) for rule, status in sorted(report.ledger.items())
               if status in {"missing_data", "not_applicable", "crashed"}]
    if skipped:
        sheet.block(("序号", "结果", "范围", "规则", "原因"),
                    [(i + 1, LEDGER_NAMES.get(status, status), CATALOGUE[rule].scope if rule in CATALOGUE else "", rule,
                      report.notes.get(rule, "")) for i, (rule, status) in enumerate(skipped)],
                    (COUNT, TEXT, TEXT, TEXT, TEXT), caption="未运行的规则（未运行不算通过）", wrap=frozenset({4}))
    issues = list(read_issues)
    if issues:
        sheet.block(
            ("序号", "类别", "范围", "规则", "说明"),
            [(i + 1, "读取", "", "", text) for i, text in enumerate(issues)],
            (COUNT, TEXT, TEXT, TEXT, TEXT),
            caption="读取问题（这些单元格按空值处理，其余内容照常校验）",
            wrap=frozenset({4}),
        )
    return sheet.spec()


# -- 情况说明（生成） ------------------------------------------------------------------------------


def narrative_spec(
    paragraphs: Sequence[Any], stamp_text: str, title: str = "部门预算公开情况说明（生成稿）"
) -> SheetSpec:
    """情况说明（生成）: one row per generated paragraph (objects with ``.kind`` and ``.text``)."""
    sheet = _Sheet(NARRATIVE_SHEET, title, stamp_text, (6, 10, 110))
    rows = [(index + 1, str(getattr(p, "kind", "")), str(getattr(p, "text", ""))) for index, p in enumerate(paragraphs)]
    sheet.block(("段落", "类型", "文本"), rows, (COUNT, TEXT, TEXT), wrap=frozenset({2}))
    sheet.note("注：本表由工具根据各表数据生成，请核对后再用于公开文本。")
    return sheet.spec()


# -- all summaries ---------------------------------------------------------------------------------


def summary_specs(book: Book, report: Report, now: datetime, settings: Settings = Settings(),
                  read_issues: Iterable[str] = ()) -> list[SheetSpec]:
    """The seven summary sheets of a book, in :data:`SUMMARY_SHEETS` order."""
    text = stamp(now, fingerprint(book.data))
    made = {
        FINDINGS_SHEET: findings_spec(report, text, title_for(book, "审核结果"), read_issues),
        YEAR_ON_YEAR_SHEET: year_on_year_spec(book, text, settings),
        STRUCTURE_SHEET: structure_spec(book, text),
        THREE_PUBLIC_SHEET: three_public_spec(book, text),
        PROCUREMENT_SHEET: procurement_spec(book, text),
        ASSETS_SHEET: assets_spec(book, text),
        INDICATORS_SHEET: indicators_spec(book, text),
    }
    return [made[name] for name in SUMMARY_SHEETS]


__all__ = [
    "SUMMARY_SHEETS",
    "Block",
    "add_stale_findings",
    "title_for",
    "Chart",
    "Series",
    "SheetSpec",
    "Settings",
    "fingerprint",
    "stamp",
    "stamped_fingerprint",
    "stale_sheets",
    "stale_finding",
    "settings_from_config",
    "summary_specs",
    "findings_spec",
    "narrative_spec",
    "year_on_year_spec",
    "structure_spec",
    "three_public_spec",
    "procurement_spec",
    "assets_spec",
    "indicators_spec",
]
