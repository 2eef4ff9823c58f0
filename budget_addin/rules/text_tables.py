"""说明 against its own tables: a figure the text binds to an item, compared with that item in the document's tables
(rules ``BG-101`` … ``BG-105``, in :data:`~budget_addin.core.findings.PUBLISHED_CATALOGUE`).

The text is read once by the text checks' own reader (:func:`budget_addin.narrative.figures.read_figures`): a figure
counts only when its own clause names its item (or merely continues the clause before); a figure bound to nothing is
never judged here. Its item is matched to table rows by name — the row label without numbering, 其中 and
（类）（款）（项）, against the label the reader bound; a coded row also by its code with its label
(2130101行政运行) and by its 类/款 path (农林水支出（类）农业农村（款）行政运行（项）: that one row of the many
行政运行); a total the text names by what a table is of (支出预算, 基本支出, 一般公共预算拨款支出, “三公”经费, 政府采购
预算总额, 收支总预算 …) is the 合计 row of that table, and only of a table of the scope its words name (部门 when
they name none) — and only an unambiguous match is judged: when the tables of
different scopes print different figures for that name, the words of the sentence (一般公共预算, 财政拨款 …) must
choose one scope, else the figure is listed as 未能对应 (info). A figure that agrees with any candidate is consistent.

An amount is compared with the row's current-year figure; a change, a growth rate or a prior-year figure with the
row's 上年 column of the same table (only where the table prints one); a share with the whole it names (a row of a
table of the same scope), else with the total row of the row's own table that agrees with the total its sentence
states (收入预算 X，其中 … 占 s%: X is 收入总计, not 本年收入合计), else — no total stated — with any total row of
that table; a share whose stated total agrees with none is not judged. A text amount stands for its rounding as
written (59.7 for 59.65 … 59.75); only a whole number of 万元 is first read as exact. Findings name the paragraph
(``第3页第12段``) and the table cell, and quote the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.findings import Finding, NotApplicable, Rule
from budget_addin.core.published import Column, Row, Table, is_of_which, numbering, plain_label
from budget_addin.narrative.figures import Figure as TextFigure
from budget_addin.narrative.figures import Reading, as_paragraphs, read_figures
from budget_addin.narrative.vocabulary import ITEMS_BY_KEY
from budget_addin.rules.tables import (
    TOTAL_WORDS,
    Cell,
    Disclosure,
    Tally,
    Verdict,
    amount_columns,
    cell,
    column_key,
    column_parts,
    column_role,
    has_figures,
    is_rate_row,
    is_total_row,
    judge_sum,
    measure,
    n,
    published_rule,
    role_groups,
    row_name,
)

NARRATIVE = "说明"
_NOISE = re.compile(r"[“”\"'‘’\s\u3000]|[（(][类款项][）)]|预算|(?<=[\u4e00-\u9fff）)])[-－—–](?=[\u4e00-\u9fff])")
_TAIL = ("安排", "金额", "数", "支出")  # 行政运行（项）支出 is the row 行政运行
# A scope word naming a scope, not an income source of a 部门 table (一般公共预算拨款, 财政拨款收入 …).
_SCOPE = re.compile(r"(一般公共预算|政府性基金|国有资本经营|财政拨款|财政专户)(?!(?:预算)?(?:拨款|收入|管理资金))")


def name_key(text: str) -> str:
    """A name as both sides are matched: quotes, spaces, （类）（款）（项） and the word 预算 dropped
    (``“三公”经费预算`` → ``三公经费``, ``收入预算总计`` → ``收入总计``)."""
    key = _NOISE.sub("", text)
    for tail in _TAIL:
        if key.endswith(tail) and len(key) > len(tail) + 1:
            key = key[: -len(tail)]
    return key


@dataclass(frozen=True)
class Candidate:
    """A table figure a text figure may speak of: the row's current-year cell, and the columns beside it."""

    cell: Cell
    prior: Column | None  # the 上年 column of the same item, when the table prints one
    change: Column | None
    parts: tuple[Cell, ...] = ()  # a figure the table does not print but whose parts it prints (then cell = parts[0])

    @property
    def terms(self) -> list[tuple[Decimal, int]]:
        """The figures it stands for, in 万元 with their decimals (one cell, or the parts of a sum)."""
        return [p.in_wanyuan() for p in self.parts] if self.parts else [self.cell.in_wanyuan()]

    @property
    def wanyuan(self) -> tuple[Decimal, int]:
        terms = self.terms
        return sum((v for v, _ in terms), Decimal(0)), max(places for _, places in terms)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parts] if self.parts else [self.cell.name]


def _beside(table: Table, column: Column) -> tuple[Column | None, Column | None]:
    """The 上年 and 增减 columns of a current-year column, where the table prints them."""
    for roles in role_groups(table).values():
        if roles.get("current") is column:
            return roles.get("prior"), roles.get("change")
    return None, None


def _candidates(table: Table) -> Iterator[tuple[str, Candidate]]:
    """(name, candidate) for every row or one-row column a text may name."""

    def beside(column: Column) -> tuple[Column | None, Column | None]:
        return _beside(table, column)

    rows = [row for row in table.rows if has_figures(row) and not is_rate_row(row)]
    labelled = [row for row in rows if plain_label(row.label)]
    if len(rows) == 1 and not labelled:  # one unlabelled row: its columns are the items (三公, 支出总表)
        optional = any(c.path[0] in ("会议费", "培训费") for c in table.columns)
        for column in amount_columns(table):
            if column_role(table, column) not in ("", "current"):
                continue
            key = column_key(column)
            name = key[-2] if len(key) > 1 and key[-1] in TOTAL_WORDS else (key[-1] if key else "")
            if name in TOTAL_WORDS:
                if table.scope != "三公":
                    continue
                if optional:  # its 合计 holds 会议费 and 培训费: the 三公 total is the sum of its three parts
                    yield from _three_public_sum(table, rows[0], column)
                    continue
                name = "三公经费"
            c = cell(table, rows[0], column)
            if name and c is not None:
                yield name_key(name), Candidate(c, *beside(column))
        return
    paths = _path_names(table)
    for row in labelled:
        label = plain_label(row.label)
        if label in TOTAL_WORDS or is_of_which(row.label):
            continue
        names = [name_key(label), *paths.get(row.index, ())]
        for column in amount_columns(table):
            if measure(table, column) != "合计":
                continue
            c = cell(table, row, column)
            if c is not None:
                for name in names:
                    yield name, Candidate(c, *beside(column))


def _path_names(table: Table) -> dict[int, list[str]]:
    """The names only one row of a coded table has, by row index: its code with its label (``2130101行政运行``),
    and for a 款 or 项 its label after those of its 类 and 款 (``农林水支出农业农村行政运行`` — the text's
    农林水支出（类）农业农村（款）行政运行（项） or “农林水支出-农业农村-行政运行”).

    With full codes (2130101) the 类 and 款 are the rows of its first 3 and 5 digits. A table printing 类, 款 and 项
    codes in columns of their own reads 213 / 01 / 01: a two-digit row is named after the 类 above it (as a 款) and
    after each two-digit row K between them (as K's 项) — unless a row of its own label stands between K and it (that
    row, not this one, is K's)."""
    coded = [row for row in table.rows if row.code.isdigit() and not is_of_which(row.label)]
    labels = {row.code: plain_label(row.label) for row in coded}
    names: dict[int, list[str]] = {}
    split = any(len(row.code) == 2 for row in coded)
    seen: list[Row] = []  # the two-digit rows since the last 类
    cls = ""
    for row in coded:
        label = plain_label(row.label)
        own = names.setdefault(row.index, [name_key(row.code + label)] if len(row.code) in (3, 5, 7) else [])
        if split:
            if len(row.code) == 3:
                cls, seen = label, []
            elif len(row.code) == 2 and cls:
                own.append(name_key(cls + label))
                for k, above in enumerate(seen):
                    if all(plain_label(r.label) != label for r in seen[k + 1:]):
                        own.append(name_key(cls + plain_label(above.label) + label))
                seen.append(row)
            continue
        ancestors = [labels.get(row.code[:length]) for length in (3, 5) if length < len(row.code)]
        if len(row.code) in (5, 7) and all(ancestors):
            own.append(name_key("".join(a for a in ancestors if a) + label))
    return names


def _three_public_sum(table: Table, row: Row, total: Column) -> Iterator[tuple[str, Candidate]]:
    """The “三公”经费 of a "三公"经费、会议费、培训费 table: 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费."""
    alternatives = column_parts(table, total)
    if alternatives is None or len(alternatives) < 2:
        return
    parts = [cell(table, row, column) for column in alternatives[-1]]
    present = [c for c in parts if c is not None]
    if present and len(present) == len(parts) and all("会议" not in c.column.name and "培训" not in c.column.name
                                                      for c in present):
        yield name_key("三公经费"), Candidate(present[0], None, None, tuple(present))


# -- totals: the 合计 row of a table, named by what the table is of --------------------------------------------

# What a column of a table's 合计 row totals, as the text's vocabulary names it (measure → item key).
_TOTAL_MEASURES = {"合计": "expenditure_total", "基本支出": "basic", "项目支出": "project", "人员经费": "personnel",
                   "公用经费": "public"}
_PROCUREMENT_MEASURES = {"合计": "procurement_total", "货物": "goods", "工程": "works", "服务": "services"}
_FUNDED = ("部门", "财政拨款", "一般公共预算", "政府性基金", "国有资本经营")
_NOT_EXPENDITURE = ("收入", "三公", "机关运行", "政府采购", "项目支出绩效", "绩效")
# A text item that is one table's total wherever it is named, and the scope of that table.
_SCOPED_ITEMS = {"three_total": ("three_total", "三公"), "procurement_total": ("procurement_total", "政府采购"),
                 "goods": ("goods", "政府采购"), "works": ("works", "政府采购"), "services": ("services", "政府采购"),
                 "gp_expenditure": ("expenditure_total", "一般公共预算")}
_DEPARTMENT_ITEMS = ("expenditure_total", "basic", "project", "personnel", "public")
_BALANCE = "收支总"  # 收支总预算 X: the 收入总计 (= 支出总计) of a 收支总表
_SCOPE_PREFIX = re.compile(r"^(一般公共预算|政府性基金|国有资本经营|财政拨款)(?:预算)?(?:拨款|财政拨款)?")
_SCOPED_NAMES = {"基本支出": "basic", "项目支出": "project", "支出": "expenditure_total", _BALANCE: _BALANCE}


def _total_candidates(table: Table) -> Iterator[tuple[str, Candidate]]:
    """(item, candidate) for the cells of a table's one 合计 row that a text names by what the table is of: a 支出
    table's 合计 (expenditure_total) and its 基本支出/项目支出/人员经费/公用经费 columns, the 三公 table's 合计
    (three_total), the 政府采购 table's 合计/货物/工程/服务, and the 收入总计 and 支出总计 of a 收支总表
    (收支总). A table whose 合计 may hold 会议费 or 培训费 names no 三公 total."""
    if table.part and "收支" in table.title:
        for row in table.rows:
            if plain_label(row.label) in ("收入总计", "支出总计"):
                for column in amount_columns(table):
                    c = cell(table, row, column)
                    if c is not None and column_role(table, column) in ("", "current"):
                        yield _BALANCE, Candidate(c, *_beside(table, column))
        return
    totals = [row for row in table.rows if is_total_row(row) and has_figures(row)]
    if len(totals) != 1 or table.part:
        return
    if table.scope == "三公":
        names = [table.title, *(plain_label(r.label) for r in table.rows), *(c.name for c in table.columns)]
        measures = {} if any("会议" in x or "培训" in x for x in names) else {"合计": "three_total"}
    elif table.scope == "政府采购":
        measures = _PROCUREMENT_MEASURES
    elif table.scope in _FUNDED and "支出" in table.title and not any(w in table.title for w in _NOT_EXPENDITURE):
        measures = _TOTAL_MEASURES
    else:
        return
    for column in amount_columns(table):
        item = measures.get(measure(table, column) or "")
        c = cell(table, totals[0], column)
        if item is not None and c is not None:
            yield item, Candidate(c, *_beside(table, column))


def _total_index(doc: Disclosure) -> dict[str, list[Candidate]]:
    return _indexed(doc, "text_table_totals", _total_candidates)


def _bare(label: str) -> tuple[str, str]:
    """A label without quotes and spaces, and that without a trailing 预算/预算数/数 (“三公”经费预算数 → 三公经费)."""
    raw = re.sub(r"[“”\"'‘’\s\u3000]", "", label)
    return raw, re.sub(r"(?:预算数|预算|数)$", "", raw)


def _names_exactly(f: TextFigure) -> bool:
    """The label is one of its item's own words (基本支出, 支出预算, 政府采购货物), nothing qualifying it
    (下属单位的基本支出 is some unit's, not the table's)."""
    item = ITEMS_BY_KEY.get(f.item or "")
    if item is None:
        return False
    words = {_bare(w)[0] for w in (*item.terms, *item.whole_only)}
    raw, key = _bare(f.label)
    return raw in words or key in words or (key.startswith("政府采购") and key[4:] in words)


# 支出总计 / 本年支出合计 are rows of a 收支总表 (matched by name there): 支出总计 holds 结转下年 too, which a
# 支出表's 合计 does not — never read as that 合计.
_GRAND = re.compile(r"总计|合计|本年")


def _named_total(reading: Reading, f: TextFigure) -> tuple[str, str] | None:
    """The table total a label names and the scope of its table, before the sentence is looked at."""
    if f.item in _SCOPED_ITEMS:
        return _SCOPED_ITEMS[f.item] if _names_exactly(f) else None
    raw, key = _bare(f.label)
    prefix = _SCOPE_PREFIX.match(key)
    if prefix is not None:
        item = _SCOPED_NAMES.get(key[prefix.end():])
        return (item, prefix.group(1)) if item is not None else None
    if key == _BALANCE:
        return _BALANCE, context_scope(reading, f) or "部门"
    if f.item in _DEPARTMENT_ITEMS and _names_exactly(f) and not (f.item == "expenditure_total" and _GRAND.search(raw)):
        return f.item, context_scope(reading, f) or "部门"
    return None


# Items whose amount a total may follow in its sentence (支出预算 X，其中：基本支出 Y): the totals themselves.
_TOTAL_HEADS = frozenset({"expenditure_total", "budget_arranged", "gp_expenditure", "basic", "project", "income_total",
                          "three_total", "procurement_total"})
_CLASS_MARK = re.compile(r"[（(][类款项][）)]")


def _stands_as_total(reading: Reading, f: TextFigure) -> bool:
    """Nothing before it in its sentence makes it some item's part: every amount before it is a total (支出预算 X，
    其中：基本支出 Y), and for a sentence opening with 其中, so is the last amount of the sentence before. 农林水支出
    X，其中：基本支出 Y is that class's 基本支出, not the department's: not a total."""
    s = reading.sentences[f.sentence]
    head = reading.texts[s.para][s.start:f.start]
    if _CLASS_MARK.search(head):
        return False
    before = [g for g in reading.figures if g.sentence == f.sentence and g.end <= f.start and g.role == "amount"
              and not g.aside]
    if not before and re.match(r"^\W*其中", head):
        previous = [g for g in reading.figures if g.sentence == f.sentence - 1 and g.para == f.para
                    and g.role == "amount" and not g.aside]
        if not previous:
            return False
        before = previous[-1:]
    return all(g.item in _TOTAL_HEADS or _named_total(reading, g) is not None for g in before)


def _total_item(reading: Reading, f: TextFigure) -> tuple[str, str] | None:
    """The table total a text figure names and the scope of its table: a 三公 or 政府采购 total and the
    一般公共预算支出 wherever named; a 支出/基本支出/项目支出/人员经费/公用经费 total or a 收支总预算 in the scope
    its label, sentence or section names — 部门 when none names one. None for anything else, for a label that
    qualifies its item, and for a figure its sentence makes a part of some other item."""
    named = _named_total(reading, f)
    return named if named is not None and _stands_as_total(reading, f) else None


def _total_match(doc: Disclosure, f: TextFigure) -> Match | None:
    """The 合计 cells a text total speaks of, in the tables of its scope only; None when it names none of them."""
    named = _total_item(reading_of(doc), f)
    if named is None:
        return None
    item, scope = named
    candidates = [c for c in _total_index(doc).get(item, []) if c.cell.table.scope == scope]
    if not candidates:
        return None
    return Match(f, candidates, []) if _agree(candidates) else Match(f, [], candidates)


def _index(doc: Disclosure) -> dict[str, list[Candidate]]:
    return _indexed(doc, "text_table_index", _candidates)


def _indexed(doc: Disclosure, key: str, candidates: Callable[[Table], Iterable[tuple[str, Candidate]]]
             ) -> dict[str, list[Candidate]]:
    """The candidates of the document's usable tables by name, made once per document (memo ``key``)."""
    def build() -> dict[str, list[Candidate]]:
        found: dict[str, list[Candidate]] = {}
        for table in doc.usable:
            for name, candidate in candidates(table):
                found.setdefault(name, []).append(candidate)
        return found

    return doc.memo(key, build)


def reading_of(doc: Disclosure) -> Reading:
    if not doc.paragraphs:
        raise NotApplicable("没有说明文字")
    return doc.memo("reading", lambda: read_figures(as_paragraphs(doc.paragraphs)))


# -- the match of one text figure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A text figure and the table figures of its item: ``chosen`` when unambiguous, else every candidate."""

    figure: TextFigure
    chosen: list[Candidate]
    ambiguous: list[Candidate]


def _sentence(reading: Reading, f: TextFigure) -> str:
    s = reading.sentences[f.sentence]
    return reading.texts[s.para][s.start:s.end]


def _agree(candidates: Sequence[Candidate]) -> bool:
    """The candidates print the same figure (each within the other's rounding)."""
    first = candidates[0].wanyuan
    return all(judge_sum(first, [c.wanyuan], 0).severity is None for c in candidates[1:])


def context_scope(reading: Reading, f: TextFigure) -> str | None:
    """The scope a figure's sentence names (一般公共预算, 财政拨款 …), else the one its section heading names; None
    when neither names exactly one."""
    words = set(_SCOPE.findall(_sentence(reading, f)))
    if not words:
        heading = next((p for p in reversed(reading.paragraphs[: f.para + 1]) if p.heading_level), None)
        words = set(_SCOPE.findall(heading.text)) if heading is not None else set()
    return words.pop() if len(words) == 1 else None


def match(doc: Disclosure, f: TextFigure) -> Match | None:
    """The table figures a bound text figure speaks of; None when no table row has its name.

    Candidates of the scope the context names are preferred; when the context names a scope none of them has, or
    they disagree and the context does not choose, nothing is chosen (the figure is 未能对应)."""
    if not f.label or f.unit not in ("万元", "%"):
        return None
    candidates = _index(doc).get(name_key(f.label), [])
    if not candidates:
        return _total_match(doc, f)
    scope = context_scope(reading_of(doc), f)
    if scope is not None:
        narrowed = [c for c in candidates if c.cell.table.scope == scope]
        return Match(f, narrowed, []) if narrowed and _agree(narrowed) else Match(f, [], candidates)
    if _agree(candidates):
        return Match(f, candidates, [])
    return Match(f, [], candidates)


def _matches(doc: Disclosure, roles: set[str]) -> list[Match]:
    """The matches of the text's bound figures in ``roles`` (every figure matched once per document)."""
    def all_matches() -> list[Match]:
        reading = reading_of(doc)
        return [m for f in reading.figures if not f.aside and (m := match(doc, f)) is not None]

    return [m for m in doc.memo("matches", all_matches) if m.figure.role in roles]


def quote(reading: Reading, f: TextFigure) -> str:
    """The sentence of a figure as written, cut to about 80 characters around it."""
    s = reading.sentences[f.sentence]
    lo, hi = s.start, s.end
    if hi - lo > 80:
        lo, hi = max(lo, f.start - 45), min(hi, f.end + 30)
    text = reading.original(f.para, lo, hi).strip()
    return "“" + ("…" if lo > s.start else "") + text + ("…" if hi < s.end else "") + "”"


def _where(doc: Disclosure, f: TextFigure) -> str:
    return reading_of(doc).paragraphs[f.para].where


def _judge_amount(stated: tuple[Decimal, int], terms: Sequence[tuple[Decimal, int]]) -> Verdict:
    """A text amount (value, shown decimals in 万元) against the table figures it stands for.

    A text figure stands for its rounding interval as written — 59.7 for [59.65, 59.75), 59.66 rounds to it; 1.2亿元
    for 11500 … 12500 万元 — and only a whole number of 万元 beside tables with decimals is first read as exact (it
    then holds only as a rounding: a warning). Each table figure is read with its table's printed decimals (59.7 in
    a two-decimal table is 59.70).
    """
    places = min(max(p for _, p in terms), 2)
    printed = [(v, max(p, places)) for v, p in terms]
    return judge_sum(stated, printed, places if stated[1] == 0 else min(stated[1], 0))


def _severity(verdict: calc.Judgement) -> str | None:
    """The finding's severity: None when the figure holds (no finding)."""
    return None if verdict.rounded_ok else verdict.severity


# -- BG-101 … BG-105 -------------------------------------------------------------------------------------------


@published_rule("BG-101", "error", "说明中的金额与表格中同一项目的数字一致", scope=NARRATIVE)
def text_amounts(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    reading = reading_of(doc)
    for m in _matches(doc, {"amount"}):
        if not m.chosen:
            continue
        tally.shapes += 1
        tally.judged += 1
        f = m.figure
        verdicts = [(c, _judge_amount((f.value, f.decimals), c.terms)) for c in m.chosen]
        if any(v.severity is None for _, v in verdicts):
            continue
        c, verdict = next(((c, v) for c, v in verdicts if v.severity == "warning"), verdicts[0])
        value, places = c.wanyuan
        shown = max(f.decimals, min(places, 2), 0)
        if c.parts:
            table_side = (
                f"{c.cell.table.where} "
                + " + ".join(f"{_item(p.column)} {n(p.value, p.places)}" for p in c.parts)
                + f" = {n(value, shown)} 万元"
            )
        else:
            table_side = f"{c.cell.table.where} {_row(c)} · {c.cell.column.name} {n(value, shown)} 万元"
        message = (f"{_where(doc, f)} {f.label} {n(f.value, f.decimals)} 万元 ≠ {table_side}"
                   f"（差 {n(abs(f.value - value), shown)}）")
        if verdict.note:
            message += f"；{verdict.note}"
        yield r.finding([_where(doc, f), *c.names], f"{message}。原文：{quote(reading, f)}",
                        expected=value, actual=f.value, severity=verdict.severity)
    tally.close("说明中没有与表格项目对应的金额", "说明中的金额在表格中对应的单元格为空")


def _item(column: Column) -> str:
    """A column's item: ``("公务用车购置及运行费", "小计")`` → 公务用车购置及运行费."""
    key = column_key(column)
    return "·".join(key[:-1] if len(key) > 1 and key[-1] in TOTAL_WORDS else key)


def _row(c: Candidate) -> str:
    """The item as a message names it: the row, or in a one-row table (三公) the column's item."""
    row = c.cell.row
    if plain_label(row.label) or row.code:
        return row_name(row)
    key = column_key(c.cell.column)
    return "·".join(key) if key else row_name(row)


def _prior_cell(c: Candidate) -> Cell | None:
    return cell(c.cell.table, c.cell.row, c.prior) if c.prior is not None else None


def _interval(c: Cell) -> calc.Interval:
    value, places = c.in_wanyuan()
    return calc.shown(value, places)


def _with_priors(doc: Disclosure, roles: set[str], tally: Tally
                 ) -> Iterator[tuple[TextFigure, list[tuple[Candidate, Cell]]]]:
    """The text's figures in ``roles`` with each matched table cell that has a 上年 cell beside it (counted)."""
    for m in _matches(doc, roles):
        usable = [(c, p) for c in m.chosen if (p := _prior_cell(c)) is not None]
        if usable:
            tally.shapes += 1
            tally.judged += 1
            yield m.figure, usable


@published_rule("BG-102", "error", "说明中的增减额、上年数与表格的本年数、上年数一致", scope=NARRATIVE)
def text_changes(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    reading = reading_of(doc)
    for f, usable in _with_priors(doc, {"change", "prior"}, tally):
        judged = []
        for c, p in usable:
            if f.role == "prior":
                computed, exact_value = _interval(p), p.in_wanyuan()[0]
            else:
                computed, exact_value = _interval(c.cell) - _interval(p), c.cell.in_wanyuan()[0] - p.in_wanyuan()[0]
            judged.append((c, p, exact_value, calc.judge(f.value, f.decimals, computed)))
        if any(v.rounded_ok for *_, v in judged):
            continue
        c, p, exact_value, verdict = next((j for j in judged if j[3].truncated_ok), judged[0])
        table = c.cell.table
        now, before = c.cell.in_wanyuan()[0], p.in_wanyuan()[0]
        if f.role == "prior":
            arithmetic = f"{table.where} {_row(c)} · {p.column.name} {n(before, 2)} 万元"
            what = "上年数"
        else:
            arithmetic = (f"{table.where} {_row(c)} 本年 {n(now, 2)} − 上年 {n(before, 2)} = {n(exact_value, 2)} 万元")
            what = "增减"
        message = (f"{_where(doc, f)} {f.label}{what} {n(f.value, f.decimals)} 万元，{arithmetic}："
                   f"{verdict.mode_note}。原文：{quote(reading, f)}")
        yield r.finding([_where(doc, f), c.cell.name, p.name], message, expected=exact_value, actual=f.value,
                        severity=_severity(verdict))
    tally.close("说明中没有能与表格上年数对应的增减额", "表格中对应的上年数为空")


@published_rule(
    "BG-103", "error", "说明中的增减率与表格的本年数、上年数一致（文中未写上年数时以表格为准）", scope=NARRATIVE
)
def text_rates(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    reading = reading_of(doc)
    for f, usable in _with_priors(doc, {"rate"}, tally):
        judged = []
        for c, p in usable:
            before = p.in_wanyuan()[0]
            if before == 0:
                judged.append((c, p, None, None))
                continue
            ratio = calc.ratio_interval(_interval(c.cell) - _interval(p), _interval(p))
            if ratio is not None:
                judged.append((c, p, (c.cell.in_wanyuan()[0] - before) / before * calc.HUNDRED,
                               calc.judge(f.value, f.decimals, ratio.scale(calc.HUNDRED))))
        if not judged or any(v is not None and v.rounded_ok for *_, v in judged):
            continue
        c, p, exact_rate, verdict = next((j for j in judged if j[3] is not None and j[3].truncated_ok), judged[0])
        table = c.cell.table
        now, before = c.cell.in_wanyuan()[0], p.in_wanyuan()[0]
        if verdict is None or exact_rate is None:
            yield r.finding([_where(doc, f), c.cell.name, p.name],
                            f"{_where(doc, f)} {f.label}增减率写作 {f.written}，但{table.where} {_row(c)} 上年数为 0，"
                            f"增减率无从计算（应写“新增”）。原文：{quote(reading, f)}", expected="新增", actual=f.value)
            continue
        message = (f"{_where(doc, f)} {f.label}增减率 ({n(now, 2)} − {n(before, 2)})÷{n(before, 2)}="
                   f"{calc.fmt(exact_rate, 2)}%（本年、上年数取自{table.where}），文中写 {f.written}："
                   f"{verdict.mode_note}%。原文：{quote(reading, f)}")
        yield r.finding([_where(doc, f), c.cell.name, p.name], message, expected=calc.round_half_up(exact_rate, 2),
                        actual=f.value, severity=_severity(verdict))
    tally.close("说明中没有能与表格上年数对应的增减率", "表格中对应的上年数为空")


def _wholes_of(c: Candidate) -> list[Cell]:
    """The totals a row is a direct part of in its own table: the 合计 rows above a 类 or a row numbered 一、 — every
    one the table prints (本年收入合计 and 收入总计 both), the share judged against any of them."""
    row = c.cell.row
    direct = len(row.code) == 3 or (not row.code and (numbering(row.label) or (0, 0))[0] == 1) or is_total_row(row)
    return _totals_beside(c) if direct else []


def _totals_beside(c: Candidate) -> list[Cell]:
    """The printed figures of the total rows of a row's table, in the row's column; for a column of the 合计 row
    itself (基本支出 of a 支出总表), that row's 合计 column."""
    table, row = c.cell.table, c.cell.row
    if is_total_row(row):
        return [w for column in amount_columns(table) if column is not c.cell.column
                and column_role(table, column) in ("", "current") and column_key(column)[-1:] == ("合计",)
                and (w := cell(table, row, column)) is not None]
    return [w for t in table.rows if is_total_row(t) and (w := cell(table, t, c.cell.column)) is not None]


def _stated_whole(reading: Reading, f: TextFigure) -> TextFigure | None:
    """The total a share's 其中 list hangs from, as its sentence states it (``收入预算 1799.52 万元，其中：A a 万元，
    占 s%``): the last amount before the one 其中 of the sentence that precedes the share. None when the sentence
    has no 其中 before it, more than one (a nested list), or none of its amounts before it."""
    s = reading.sentences[f.sentence]
    text = reading.texts[s.para][s.start:f.start]
    if text.count("其中") != 1:
        return None
    cut = s.start + text.index("其中")
    before = [g for g in reading.figures if g.sentence == f.sentence and g.end <= cut]
    amounts = [g for g in before if g.role == "amount" and not g.aside and g.unit == "万元"]
    return amounts[-1] if amounts else None


def _text_wholes(reading: Reading, f: TextFigure, c: Candidate) -> list[Cell]:
    """The wholes a share without a named whole is judged against: the totals of its row's table that agree with
    the total its sentence states (the whole the text makes it of), else — when the sentence states none — the
    totals a direct part stands under. When the sentence states a total none of the table's totals agrees with,
    the whole is not known: none."""
    stated = _stated_whole(reading, f)
    if stated is None:
        return _wholes_of(c)
    text_total = (stated.value, stated.decimals)
    return [w for w in _totals_beside(c) if _judge_amount(text_total, [w.in_wanyuan()]).severity != "error"]


def _named_whole(doc: Disclosure, c: Candidate, whole: str) -> Cell | None:
    """The whole a share names (占本年支出合计的 s%), printed once (or alike) in the tables of the part's scope."""
    wholes = [w for w in _index(doc).get(name_key(whole), [])
              if not w.parts and w.cell.table.scope == c.cell.table.scope]
    return wholes[0].cell if wholes and _agree(wholes) else None


@published_rule("BG-104", "error", "说明中的占比与表格中该项及其合计一致", scope=NARRATIVE)
def text_shares(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    tally = Tally()
    reading = reading_of(doc)
    for m in _matches(doc, {"share"}):
        f = m.figure
        usable = [(c, w) for c in m.chosen if not c.parts
                  for w in ([_named_whole(doc, c, f.whole)] if f.whole else _text_wholes(reading, f, c))
                  if w is not None]
        if not usable:
            continue
        tally.shapes += 1
        tally.judged += 1
        judged = []
        for c, w in usable:
            ratio = calc.ratio_interval(_interval(c.cell), _interval(w))
            if ratio is not None:
                judged.append((c, w, calc.judge(f.value, f.decimals, ratio.scale(calc.HUNDRED))))
        if not judged or any(v.rounded_ok for *_, v in judged):
            continue
        c, w, verdict = next((j for j in judged if j[2].truncated_ok), judged[0])
        part, whole = c.cell.in_wanyuan()[0], w.in_wanyuan()[0]
        exact_share = part / whole * calc.HUNDRED
        same_row = w.row is c.cell.row  # 基本支出 of the 合计 row of a 支出总表, of its 合计 column
        part_name = f"{_row(c)}·{_item(c.cell.column)}" if same_row else _row(c)
        whole_name = f"{plain_label(w.row.label)}·{_item(w.column)}" if same_row else plain_label(w.row.label)
        message = (f"{_where(doc, f)} {f.label}占比 {n(part, 2)}÷{n(whole, 2)}={calc.fmt(exact_share, 2)}%"
                   f"（取自{c.cell.table.where} {part_name} 与 {whole_name}），文中写 {f.written}："
                   f"{verdict.mode_note}%。原文：{quote(reading, f)}")
        yield r.finding([_where(doc, f), c.cell.name, w.name], message, expected=calc.round_half_up(exact_share, 2),
                        actual=f.value, severity=_severity(verdict))
    tally.close("说明中没有能与表格合计对应的占比", "表格中对应的数字为空")


@published_rule("BG-105", "info", "说明中的数字在表格中没有同一口径的唯一对应项，未能对应，未核对", scope=NARRATIVE)
def text_ambiguous(doc: Disclosure, r: Rule) -> Iterator[Finding]:
    reading = reading_of(doc)
    matched = _matches(doc, {"amount", "change", "rate", "share", "prior"})
    if not matched:
        raise NotApplicable("说明中没有与表格项目同名的数字")
    found = [m for m in matched if m.ambiguous]
    for m in found:
        f = m.figure
        listed = "；".join(f"{c.cell.table.where}（{c.cell.table.scope}）{n(c.wanyuan[0], 2)}" for c in m.ambiguous)
        scope = context_scope(reading, f)
        unread = [t for t in doc.tables if t.problem is not None and t.scope == scope]
        why = (f"上下文为{scope}口径，表格中没有该口径的唯一数字" if scope is not None
               else "表格中同名项目数字不同，文中未写明口径")
        if unread:  # the table of that scope is there but could not be read: say so, the clerk checks it by eye
            why += f"，{'、'.join(t.where for t in unread)}为该口径表格但未能读取"
        yield r.finding(
            [_where(doc, f), *(name for c in m.ambiguous for name in c.names)],
            f"{_where(doc, f)} {f.label} {f.written}：{why}（{listed}），未能对应，未核对。原文：{quote(reading, f)}",
        )
