"""A published disclosure's tables as data: every figure keeps where it stood.

A reviewer receives a disclosure as published (PDF, web page, Word file, spreadsheet). Its readers
(:mod:`budget_addin.files.published`) turn each table into a :class:`Table`: its title, unit and
scope, its figure columns with their header paths, and its rows with label, code and figures.
The rules (:mod:`budget_addin.rules.tables`) check the tables as they stand and the text against
them; the importer places a figure into the template only where its table's scope and its row's
and column's roles are certain.

Figures are kept in the unit the table prints them in (:attr:`Table.unit`); :meth:`Table.wanyuan`
converts one to 万元 exactly. A blank cell is ``None``, never 0; a column a table lacks is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

WANYUAN_PER: dict[str, Decimal] = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1),
                                   "亿元": Decimal(10000)}

# What a table is about, named as its title names it; the same item has different figures in tables
# of different scope (a 部门 total exceeds its 财政拨款 total by the other funds).
SCOPES = ("部门", "财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "财政专户", "三公", "机关运行经费",
          "政府采购", "项目", "绩效", "其他")


@dataclass(frozen=True)
class Figure:
    """One printed cell of a figure column: its value (None for blank, "—", "-" or text) and its text."""

    value: Decimal | None
    text: str = ""

    @property
    def decimals(self) -> int:
        """Decimals as printed (``1,234.50`` → 2), the precision a rounding check uses."""
        body = self.text.replace(",", "").replace("，", "").strip().rstrip("%％")
        return len(body.split(".", 1)[1]) if "." in body else 0


@dataclass(frozen=True)
class Column:
    """A figure column: its position as printed (1-based) and its header texts top-down."""

    index: int
    path: tuple[str, ...]
    unit: str | None = None  # a unit its own header names (元/万元/%); overrides the table's

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def name(self) -> str:
        """The header as one name: ``一般公共预算·基本支出``."""
        return "·".join(self.path)


@dataclass(frozen=True)
class Row:
    """A body row: its position (1-based, under the header), label as printed, code and figures by column."""

    index: int
    label: str
    code: str = ""  # 功能分类 201/20101/2010101, 经济分类 301/30101, or ""
    figures: dict[int, Figure] = field(default_factory=dict)
    source_row: int = 0  # the row of the grid it was read from (0: built by hand)

    def figure(self, column: int) -> Figure | None:
        return self.figures.get(column)


@dataclass
class Table:
    """A table of a published disclosure, as printed."""

    number: int  # 表N: its order in the document, from 1
    title: str
    unit: str = "万元"
    scope: str = "其他"
    page: int | None = None  # PDF page the table starts on
    sheet: str = ""  # sheet of a spreadsheet, or ``表格3`` of a Word file or web page
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problem: str | None = None  # why its columns could not be resolved: listed, its figures not judged
    part: str = ""  # "收入" / "支出" / "支出用途": the half of a side-by-side table this is
    source_col: int = 1  # the column of the grid that column index 1 was read from

    @property
    def where(self) -> str:
        """Where a reader finds it: ``第7页 表5`` / ``Sheet1 表2`` (a Word file's or web page's ``表格N`` is its
        number)."""
        named = self.sheet and not re.fullmatch(r"表格\d+", self.sheet)
        place = f"第{self.page}页 " if self.page else (f"{self.sheet} " if named else "")
        return f"{place}表{self.number}"

    def column(self, index: int) -> Column | None:
        return next((c for c in self.columns if c.index == index), None)

    def cell_name(self, row: Row, column: Column) -> str:
        """A figure as a finding names it: ``第7页 表5 行政运行 · 上年数``."""
        return f"{self.where} {row.label.strip() or row.code or f'第{row.index}行'} · {column.name}"

    def unit_of(self, column: Column) -> str:
        return column.unit if column.unit in WANYUAN_PER else self.unit

    def wanyuan(self, value: Decimal, column: Column) -> Decimal:
        """A figure of this table in 万元, exactly (元 × 0.0001)."""
        return value * WANYUAN_PER.get(self.unit_of(column), Decimal(1))


# -- row labels as printed: numbering, 其中, （类）（款）（项）, a code in front ------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Numbering styles by level: 一、 (1), （一） (2), 1. / 1、 (3), （1） (4).
_NUMBERING = re.compile(r"^\s*(?:(?P<cn>[一二三四五六七八九十]+)[、.．]|[（(](?P<cnp>[一二三四五六七八九十]+)[）)]|"
                        r"(?P<ar>\d{1,2})(?:、|[.．](?!\d))|[（(](?P<arp>\d{1,2})[）)])\s*")
_OF_WHICH = re.compile(r"^\s*其中\s*[:：]?\s*")
_CLASS_MARK = re.compile(r"[（(][类款项][）)]")
_LEADING_CODE = re.compile(r"^\s*(?:\d{7}|\d{5}|\d{3})(?![\d年月日号.．%])\s*")
_SPACES = re.compile(r"[\s\u3000]+")


def chinese_ordinal(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (up to 九十九); None for anything else."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@lru_cache(maxsize=8192)  # asked of every row by every rule: pure on the text
def numbering(label: str) -> tuple[int, int] | None:
    """The numbering a label opens with, as (level, ordinal): ``二、`` → (1, 2), ``（三）`` → (2, 3),
    ``4.`` → (3, 4), ``（5）`` → (4, 5); None without numbering (or after 其中)."""
    match = _NUMBERING.match(label)
    if match is None:
        return None
    for level, group in enumerate(("cn", "cnp", "ar", "arp"), start=1):
        text = match[group]
        if text:
            ordinal = chinese_ordinal(text) if level <= 2 else int(text)
            return (level, ordinal) if ordinal else None
    return None  # pragma: no cover - one group always matches


@lru_cache(maxsize=8192)  # asked of every row by every rule: pure on the text
def is_of_which(label: str) -> bool:
    """A 其中 row: a part of the row above, not an addition to the total."""
    return bool(_OF_WHICH.match(label))


@lru_cache(maxsize=8192)  # asked of every row by every rule: pure on the text
def plain_label(label: str) -> str:
    """A label as an item's name: without spaces, 其中, numbering, a code in front, （类）（款）（项）.

    ``"  其中：（一）行政运行（项）"`` → ``行政运行``; ``"2070101 行政运行"`` → ``行政运行``.
    """
    text = _OF_WHICH.sub("", label)
    text = _NUMBERING.sub("", text, count=1)
    text = _LEADING_CODE.sub("", text)
    text = _CLASS_MARK.sub("", text)
    return _SPACES.sub("", text).strip("：:")
