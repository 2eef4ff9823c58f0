"""A disclosure text checked on its own: its figures against each other, with the interval arithmetic of calc.

:func:`check_paragraphs` reads the figures (:mod:`.figures`) and judges, wherever the text states them:

- a total against its parts (收入 by source, 支出 = 基本 + 项目, 基本 = 人员 + 公用, 三公, 政府采购,
  资产 categories, function classes; any ``其中`` list, ``共计`` after a list, counts included);
- itemised changes against the stated change, and 持平/增长 0% against the item changes stated with it;
- a stated rate against change ÷ prior, a share against part ÷ total, current − prior against the change;
- performance indicators without a target value and template wording left in the text.

A shown figure stands for its rounding interval ("19 万元" = 18.5–19.5); a figure consistent only when
truncated is a warning that says so. A figure bound to no item is reported as info, never judged.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budget_addin.core import calc
from budget_addin.core.findings import Finding, Report, TextSpot
from budget_addin.narrative.claims import JudgedClaim, judge_sum
from budget_addin.narrative.figures import (
    NESTED,
    Figure,
    Reading,
    closed_asides_blanked,
    is_performance,
    is_table_row,
    label_of,
    list_opening,
    paragraphs_mapped,
    read_figures,
)
from budget_addin.narrative.marks import finditer_from, first_characters
from budget_addin.narrative.paragraphs import Paragraph
from budget_addin.narrative.vocabulary import GROUPS, ITEMS_BY_KEY, Group, item_of, wholes_of

SCOPE = "文本"
SUM, ITEMS, FLAT, RATE, SHARE = "TX-SUM", "TX-ITEMS", "TX-FLAT", "TX-RATE", "TX-SHARE"
CHANGE, DIRECTION, TARGET, TEMPLATE, UNBOUND = "TX-CHANGE", "TX-DIRECTION", "TX-TARGET", "TX-TEMPLATE", "TX-UNBOUND"
COMPLETION, REPEAT = "TX-COMPLETE", "TX-REPEAT"

# id → (default severity, Chinese title); registered in the catalogue by budget_addin.rules.text.
TEXT_RULES: dict[str, tuple[str, str]] = {
    SUM: ("error",
          "文中总数与所列各项之和一致（收入来源、基本+项目、人员+公用、三公、采购、资产、功能分类、其中/共计）"),
    ITEMS: ("warning", "文中所列增减明细与所述增减额相符"),
    FLAT: ("warning", "“持平”“增长0%”与同处所列各项增减相符"),
    RATE: ("error", "文中增减率与增减额÷上年数一致"),
    SHARE: ("error", "文中占比与部分÷总数一致"),
    CHANGE: ("error", "文中本年数−上年数与所述增减额一致"),
    COMPLETION: ("error", "决算完成率与决算数÷年初（调整）预算数一致"),
    REPEAT: ("error", "同一项目同一本年数在文中几处所写的增减额一致"),
    DIRECTION: ("error", "文中增加/减少、增长/下降用语前后一致"),
    TARGET: ("warning", "绩效指标写明目标值"),
    TEMPLATE: ("warning", "公开文本中未留模板用语（增加（减少）、部门应根据实际情况…）"),
    UNBOUND: ("info", "未写明所指项目、未能核对的数字"),
}


@dataclass(frozen=True)
class TextFinding:
    """A finding on a text: rule, severity, the paragraphs (0-based) and spans it is about, the message."""

    rule: str
    severity: str
    paragraphs: tuple[int, ...]
    spans: tuple[tuple[int, int, int], ...]  # (paragraph, start, end) of the figures judged, in the cleaned text
    message: str
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    anchor: tuple[int, Decimal] | None = None  # (paragraph, |value|) of the figure judged

    def is_about(self, paragraph: int, value: Decimal) -> bool:
        """True when the figure judged is ``value`` (in 万元, %, or its count unit) in that paragraph."""
        return self.anchor is not None and self.anchor == (paragraph, abs(value))


# -- helpers -------------------------------------------------------------------------------------


def _n(value: Decimal, decimals: int | None = None) -> str:
    """A figure for a message: to ``decimals``, else as exact as it is (up to 6 places: 元 read in 万元), no
    trailing zeros."""
    if decimals is not None:
        return calc.fmt(value, decimals)
    exponent = value.normalize().as_tuple().exponent
    places = min(max(-exponent, 2), 6) if isinstance(exponent, int) else 2
    text = calc.fmt(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _places(f: Figure) -> int:
    """Shown decimals that count: a count (家, 人, 辆…) is exact, not rounded."""
    return _EXACT if f.unit not in {"万元", "%"} else f.decimals


_EXACT = 9


def _shown(f: Figure) -> calc.Interval:
    return calc.shown(f.value, _places(f)) if f.role != "equal" else calc.exact(calc.ZERO)


def _written_value(f: Figure) -> str:
    return f"{_n(abs(f.value), max(f.decimals, 0))}" if f.decimals >= 0 else _n(abs(f.value))


class _Text:
    """The figures of a text with the look-ups the checks share."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.figures = reading.figures
        # Figures a check has judged as a total (a later sum check leaves them alone) or checked otherwise
        # (not listed as unbound); filled in the order the checks run.
        self.used: set[int] = set()
        self.block = self._blocks()
        self.by_sentence: dict[int, list[Figure]] = {}
        self.by_block: dict[int, list[Figure]] = {}
        # The figures of each block (None: of the whole text) by item and by label, in text order: the figures
        # :meth:`find` may return, without scanning a whole block for every figure asked about.
        self._of_item: dict[tuple[int | None, str | None], list[Figure]] = {}
        self._of_label: dict[tuple[int | None, str], list[Figure]] = {}
        for f in self.figures:
            block = self.block[f.para]
            self.by_sentence.setdefault(f.sentence, []).append(f)
            self.by_block.setdefault(block, []).append(f)
            for where in (block, None):
                self._of_item.setdefault((where, f.item), []).append(f)
                self._of_label.setdefault((where, f.label), []).append(f)

    def _blocks(self) -> list[int]:
        block, current = [], 0
        for index, paragraph in enumerate(self.reading.paragraphs):
            if paragraph.heading_level:
                current = index
            block.append(current)
        return block

    def quote(self, f: Figure, first: Figure | None = None) -> str:
        """The sentence of a figure as written, cut to about 70 characters around it (from ``first`` on, if given)."""
        sentence = self.reading.sentences[f.sentence]
        lo, hi = sentence.start, sentence.end
        begin = first.start if first is not None and first.sentence == f.sentence else f.start
        if hi - lo > 70:
            lo, hi = max(lo, min(begin - 10, f.start - 40)), min(hi, f.end + 25)
        text = self.reading.original(f.para, lo, hi).strip()
        return "“" + ("…" if lo > sentence.start else "") + text + ("…" if hi < sentence.end else "") + "”"

    def owner(self, part: Figure) -> Figure | None:
        """The total a figure's 其中 list hangs from: the last figure before 其中 in its sentence, in the same role."""
        sentence = self.reading.sentences[part.sentence]
        position = _open_of_which(sentence.text, part.start - sentence.start)
        if position < 0:
            return None
        cut = sentence.start + position
        roles = {"change", "equal"} if part.role in {"change", "equal"} else {part.role}
        if position == 0:  # a sentence opening with 其中: the figures of the text before it, in the same section
            before = [f for number in range(part.sentence - 3, part.sentence) for f in self.by_sentence.get(number, ())
                      if self.block[f.para] == self.block[part.para]]  # the three sentences before, in text order
        else:
            before = [f for f in self.by_sentence[part.sentence] if f.start < cut]
        candidates = [f for f in before if f.role in roles and not f.aside]
        return candidates[-1] if candidates else None

    def same(self, a: Figure, b: Figure) -> bool:
        """Two figures speak of the same item."""
        if a.item and b.item:
            return a.item == b.item
        return bool(a.label) and a.label == b.label

    def of_item(self, item: str) -> list[Figure]:
        """The figures of the text bound to ``item``, in text order."""
        return self._of_item.get((None, item), [])

    def of_label(self, label: str) -> list[Figure]:
        """The figures of the text labelled ``label``, in text order."""
        return self._of_label.get((None, label), [])

    def _may_fit(self, block: int | None, near: Figure, item: str | None) -> Iterable[Figure]:
        """The figures of a block (None: the whole text), in text order, that can be ``item``'s — or, without
        ``item``, :meth:`same` as ``near``: bound to its item, or (unbound, or when it is unbound) of its label."""
        if item:
            return self._of_item.get((block, item), [])
        if near.item:
            bound = self._of_item.get((block, near.item), [])
            if not near.label:
                return bound
            unbound = [f for f in self._of_label.get((block, near.label), []) if not f.item]
            return heapq.merge(bound, unbound, key=lambda f: f.index) if unbound else bound
        return self._of_label.get((block, near.label), []) if near.label else []

    def find(self, near: Figure, roles: set[str], *, item: str | None = None, unit: str | None = None,
             doc_wide: bool = True) -> Figure | None:
        """The figure of ``near``'s item (or ``item``) in a role: same sentence, else same block, else the text.

        ``None`` when the chosen scope states different values (the text is ambiguous there).
        """
        def fits(f: Figure) -> bool:
            if f.index == near.index or f.role not in roles or (unit and f.unit != unit):
                return False
            return f.item == item if item else self.same(near, f)

        key = item or near.item
        # The figures of each scope that may fit, in text order (grouped once, not filtered from all figures).
        scopes: list[Iterable[Figure]] = [self.by_sentence[near.sentence],
                                          self._may_fit(self.block[near.para], near, item)]
        if doc_wide and key:
            scopes.append(self._may_fit(None, near, item))
        for scope in scopes:
            hits = [f for f in scope if fits(f)]
            if hits:
                values = {(h.value, h.unit) for h in hits}
                return hits[0] if len(values) == 1 else None
        return None


def _open_of_which(sentence: str, position: int) -> int:
    """Where the 其中 a figure at ``position`` of a sentence is listed under starts (-1: none): the last one before
    it, unless a list nested in another (其中 A a，其中 A1 a1、A2 a2；B b) was closed by a semicolon before it."""
    if "）" in sentence or ")" in sentence:  # （其中：A1 a1，A2 a2）closed before the figure: not its list
        sentence = closed_asides_blanked(sentence[:position]) + sentence[position:]
    opening = list_opening(sentence, position)
    first = opening[0] if opening else -1
    last = max(sentence.rfind("其中", 0, position), first)
    while last > first and _LIST_CLOSE.search(sentence, last, position):
        last = max(sentence.rfind("其中", 0, last), first)
    return last


def _finding(rule: str, severity: str, figures: Sequence[Figure], message: str, expected: object = None,
             actual: object = None) -> TextFinding:
    paragraphs = tuple(dict.fromkeys(f.para for f in figures))
    spans = tuple((f.para, f.start, f.end) for f in figures)
    anchor = (figures[0].para, abs(figures[0].value)) if figures else None
    return TextFinding(rule, severity, paragraphs, spans, message, expected, actual, anchor)  # type: ignore[arg-type]


def _note(judgement: calc.Judgement, exact_value: Decimal, suffix: str = "") -> str:
    """Which rounding makes the stated figure hold, and the figure rounded from the exact value."""
    right = calc.fmt(exact_value, judgement.decimals) + suffix
    if judgement.truncated_ok:
        return f"仅在截尾取整时成立，四舍五入应为 {right}"
    return f"四舍五入与截尾均不成立，应为 {right}"


def _terms(parts: Sequence[Figure]) -> str:
    out = ""
    for i, p in enumerate(parts):
        sign = "-" if p.value < 0 else ("" if i == 0 else "+")
        out += sign + _n(abs(p.value))
    return out


def _unit(f: Figure) -> str:
    return f.unit or "万元"


# -- totals and parts ----------------------------------------------------------------------------


# The checks in the order they run (the order they are defined below): each declares the rules whose findings
# it makes. The sum checks come first, so a total one of them judged (``text.used``) is not judged again.
_CHECKS: list[tuple[tuple[str, ...], Callable[[_Text], Iterable[TextFinding]]]] = []


def _text_check(*rule_ids: str) -> Callable[[Callable[[_Text], Iterable[TextFinding]]],
                                            Callable[[_Text], Iterable[TextFinding]]]:
    """Register a check of a text, making findings of ``rule_ids`` (ids of :data:`TEXT_RULES`)."""
    assert all(rule_id in TEXT_RULES for rule_id in rule_ids)

    def register(check: Callable[[_Text], Iterable[TextFinding]]) -> Callable[[_Text], Iterable[TextFinding]]:
        _CHECKS.append((rule_ids, check))
        return check

    return register


def _sum_finding(text: _Text, total: Figure, parts: Sequence[Figure], complete: bool, what: str,
                 unlisted: Sequence[str] = ()) -> TextFinding | None:
    """A total against the parts listed after it; ``unlisted``: labels of parts the total may hold that the text
    does not state (单位预留机动经费, 事业单位经营支出 …): a shortfall is then a warning that names them."""
    verdict = judge_sum((total.value, _places(total)), [(p.value, _places(p)) for p in parts], complete)
    if verdict is None:
        return None
    whole_note = ""
    if verdict.severity in {"ok", "info"}:
        # A whole number among figures with decimals (0 万元 beside 8.55 万元) is usually exact: when the sum holds
        # only with it read as rounded to ±0.5, a warning says so (DOMAIN: arithmetic conventions).
        places = [_places(f) for f in (total, *parts) if f.role != "equal"]
        precision = max(places, default=0)
        if precision <= 0 or min(places) > 0:
            return None
        strict = judge_sum((total.value, max(_places(total), precision)),
                           [(p.value, max(_places(p), precision)) for p in parts], complete)
        if strict is None or strict.severity != "error":
            return None
        verdict, whole_note = strict, "（仅当整数按四舍五入到个位理解时成立，请核对是否为精确数）"
    unit = _unit(total)
    difference = total.value - verdict.parts_sum
    change = "增减" if total.role in {"change", "equal"} else ""
    head = (
        f"{total.label}：文中写{change} {_n(total.value)} {unit}"
        if total.label
        else f"{what} {_n(total.value)} {unit}："
    )
    terms = f"所列各项{change} {_terms(parts)}={_n(verdict.parts_sum)} {unit}"
    message = f"{head}，{terms}" if total.label else f"{head}{terms}"
    severity = "error"
    if complete:
        message += f"，相差 {_n(abs(difference))} {unit}"
        if difference > 0 and unlisted:  # the rest may be parts the text does not name
            severity = "warning"
            message += f"（文中未列{'、'.join(unlisted)}，如有，差额可能在其中，请核对）"
    else:
        message += f"，超过总数 {_n(-difference)} {unit}（所列各项之和不应大于总数）"
    if whole_note:
        severity, message = "warning", message + whole_note
    message += f"。原文：{text.quote(total, parts[0])}"
    return _finding(SUM, severity, [total, *parts], message, verdict.parts_sum, total.value)


@_text_check(SUM)
def _group_sums(text: _Text) -> Iterable[TextFinding]:
    """Known breakdowns (支出 = 基本 + 项目 …) stated within one heading block."""
    used = text.used
    blocks = sorted(set(text.block))
    for block in blocks:
        by_item: dict[str | None, list[Figure]] = {}  # the block's figures of each item, in text order
        for f in text.by_block.get(block, ()):
            by_item.setdefault(f.item, []).append(f)
        for group in GROUPS:
            if group.total not in by_item:
                continue
            for role in ("amount", "change"):
                roles = _roles(role)
                totals = [f for f in by_item[group.total] if f.role in roles]
                if len({t.value for t in totals}) != 1:
                    continue
                total = totals[0]
                parts: list[Figure] = []
                conflict = False
                for key in group.parts:
                    hits = [f for f in by_item.get(key, ()) if f.role in roles
                            and (f.unit == total.unit or f.role == "equal") and _owned_by(text, f, group)]
                    if len({h.value for h in hits}) > 1:
                        conflict = True
                    elif hits:
                        parts.append(hits[0])
                if conflict or not parts:
                    continue
                parts.sort(key=lambda f: f.index)  # in the order the text lists them
                complete = group.complete and all(any(p.item == k for p in parts) for k in group.required)
                if role == "change" and not complete:
                    continue
                stated = {p.item for p in parts}
                unlisted = [ITEMS_BY_KEY[k].label for k in group.parts if k not in stated and k not in group.required]
                found = _sum_finding(text, total, parts, complete, ITEMS_BY_KEY[group.total].label, unlisted)
                if found or complete:
                    used.add(total.index)  # a partial list that holds leaves the 其中 check free to add more parts
                if found:
                    yield found


def _owned_by(text: _Text, part: Figure, group: Group) -> bool:
    """False when the part belongs to another item: it stands in that item's 其中 list (一般公共预算拨款 X，
    其中基本支出 …) or in a sentence that opens with it (财政拨款支出 Y 万元，基本支出 A 万元 …)."""
    owner = text.owner(part)
    if owner is not None:
        return owner.item in {group.total, None}
    opener = text.by_sentence[part.sentence][0]
    if opener.index == part.index or not opener.named or opener.role != part.role:
        return True
    return opener.item == group.total or opener.item in group.parts


def _roles(role: str) -> set[str]:
    return {"change", "equal"} if role == "change" else {role}


_LIST_CLOSE = re.compile(r"[;；]")


_UNIT_KIND = re.compile(r"(?:行政|参公|参照公务员法管理|事业|全额拨款|差额拨款|自收自支|企业|其他)\S{0,8}单位")


# Persons counted by an attribute (党员, 女性, 35 周岁以下…) overlap: no breakdown of the whole
_ATTRIBUTE_COUNT = re.compile(
    r"党员|中共|女|男|周岁|岁以[上下]|学历|本科|研究生|大专|硕士|博士|民族|党外|职称|高级|中级|初级"
)
# 面向中小企业预留 X / 授予小微企业 Y: a part of the whole by another measure, never a sibling of its categories
_ANOTHER_MEASURE = re.compile(r"中小企业|小微企业|预留|面向")


def _siblings(text: _Text, parts: list[Figure]) -> list[Figure]:
    """The parts of a list that break its total down side by side: not a part of another part (项目支出中 A …,
    占授予中小企业合同金额的 …), not a part by another measure (面向中小企业预留 …); none when persons are
    counted by attributes that overlap (党员, 女性…)."""
    if any(p.unit in {"人", "名"} and _ATTRIBUTE_COUNT.search(p.label) for p in parts):
        return []
    labels = [p.label for p in parts]
    kept = []
    for p in parts:
        if _ANOTHER_MEASURE.search(p.label):
            continue
        if any(p.label != other and p.label.startswith(other) and "中" in p.label[len(other):len(other) + 2]
               for other in labels):
            continue  # 项目支出中教育类项目 …: a part of 项目支出
        after = [f for f in text.by_sentence[p.sentence] if f.index > p.index]
        if after and after[0].role == "share" and after[0].whole and any(after[0].whole == other for other in labels):
            continue  # 占授予中小企业合同金额的 69.01%: a part of another part
        kept.append(p)
    return kept


_COUNTED = frozenset({"人", "名", "辆", "个", "家", "台", "套"})


def _closed_count(total: Figure, parts: Sequence[Figure]) -> bool:
    """A count broken down completely: its list closes with 其他… (车辆 15 辆，其中…、其他用车 2 辆), or 编制 by
    kind (编制 79 名，其中行政编制 43 名，事业编制 29 名，工勤编制 5 名)."""
    if total.unit not in _COUNTED or len(parts) < 2:
        return False
    if parts[-1].label.startswith("其他"):
        return True
    return "编制" in total.label and all(p.label.endswith("编制") for p in parts)


def _unit_kinds(total: Figure, parts: Sequence[Figure]) -> bool:
    """A count of 预算单位 broken down by kind of unit (行政 and 事业 among them): the kinds make the whole."""
    labels = [p.label for p in parts]
    return (total.unit in {"家", "个"} and len(parts) >= 2 and all(_UNIT_KIND.search(label) for label in labels)
            and any("行政" in label for label in labels) and any("事业" in label for label in labels))


@_text_check(SUM)
def _of_which_sums(text: _Text) -> Iterable[TextFinding]:
    """``X，其中 A、B、C``: the parts of a 其中 list do not exceed the total that precedes it."""
    used = text.used
    for number, figures in text.by_sentence.items():
        sentence = text.reading.sentences[number]
        opening = list_opening(sentence.text)
        if opening is None:
            continue
        position = opening[0]
        cut = sentence.start + position
        if position == 0:  # 其中 opens the sentence: the total closes the sentence before, in the same section
            before = [
                f for f in text.by_sentence.get(number - 1, []) if text.block[f.para] == text.block[sentence.para]
            ]
        else:
            before = [f for f in figures if f.start < cut]
        after = [f for f in figures if f.start > cut and not f.nested and not f.aside]
        if not before or not after:
            continue
        first = after[0]
        if first.role not in {"amount", "count"}:
            continue
        close = _LIST_CLOSE.search(sentence.text, position)
        listed = [f for f in after if close and f.start < sentence.start + close.start()]
        if sum(f.role == first.role for f in listed) >= 2:
            # 其中 A、B；C…: a semicolon after a list of several closes it (in 其中 A；B；C it separates)
            after = listed
        candidates = [f for f in before if f.role == first.role and f.unit == first.unit and not f.aside]
        if not candidates:
            continue
        total = candidates[-1]
        if total.index in used:
            continue
        parts = _siblings(text, [f for f in after if f.role == total.role and f.unit == total.unit and f.named
                                 and not text.same(f, total)])
        if not parts or _list_of_the_whole(text, total, parts[0]) is not None:
            continue  # (a list whose shares make 100% of more than the total breaks down a larger whole)
        used.add(total.index)
        # 预算单位 N 家，其中行政 a 家、参公 b 家、事业 c 家: the kinds make the whole, so a shortfall is worth a look
        kinds = _unit_kinds(total, parts) and sum(p.value for p in parts) < total.value
        closed = not kinds and _closed_count(total, parts)
        found = _sum_finding(text, total, parts, kinds or closed, "总数", ("其他类型单位",) if kinds else ())
        if found and any(_sum_finding(text, other, parts, False, "总数") is None
                         for other in candidates[:-1] if other.named and other.sentence == total.sentence):
            continue  # 编制 20 人，实有 18 人，其中…: the list may hang from the earlier total
        if found:
            yield found


# 内设机构 5 个：A、B、C… / 下设 3 个事业单位（A、B）/ 所属 7 家单位，包括：A；B…: a count and the names it lists
_NAMED_COUNT = re.compile(
    r"(?P<n>\d{1,3})\s*(?P<unit>[个家])(?P<noun>[\u4e00-\u9fff]{0,10}?)\s*[，,]?\s*(?:分别(?:是|为)|包括|即|具体为)?\s*"
    r"(?P<open>[：:（(])(?P<names>[^。：:（）()\d]{2,400}?)(?:[）)。]|$)"
)
_NAME_SPLIT = re.compile(r"[、；;，,]")


@_text_check(SUM)
def _counted_names(text: _Text) -> Iterable[TextFinding]:
    """``内设机构 5 个：办公室、…`` (six names): a count of units or bodies against the names it lists, when the
    list is plainly complete (no 等, every name short)."""
    for number, figures in text.by_sentence.items():
        sentence = text.reading.sentences[number]
        if "个" not in sentence.text and "家" not in sentence.text:
            continue
        for match in _NAMED_COUNT.finditer(sentence.text):
            names = [n.strip() for n in _NAME_SPLIT.split(match["names"]) if n.strip()]
            if len(names) < 2 or "等" in match["names"] or any(len(n) > 20 or len(n) < 2 for n in names):
                continue
            stated = int(match["n"])
            if stated == len(names):
                continue
            count = next((f for f in figures if f.start - sentence.start == match.start("n")), None)
            if count is None or count.role != "count":
                continue
            noun = match["noun"] or count.label or "数量"
            message = (f"{noun}：文中写 {stated} {match['unit']}，所列名称 {len(names)} 个"
                       f"（{'、'.join(names)}）。原文：{text.quote(count)}")
            text.used.add(count.index)
            yield _finding(SUM, "error", [count], message, Decimal(len(names)), Decimal(stated))


@_text_check(SUM)
def _trailing_totals(text: _Text) -> Iterable[TextFinding]:
    """``A 33 人，B 18 人，共计 57 人``: a 共计/合计 after a list equals the items listed before it."""
    used = text.used
    for figures in text.by_sentence.values():
        for k, total in enumerate(figures):
            if not total.total_marker or total.role not in {"amount", "count"} or total.index in used:
                continue
            parts: list[Figure] = []
            for f in reversed(figures[:k]):
                if f.total_marker and f.unit == total.unit:
                    break
                if f.role == total.role and f.unit == total.unit and f.named and not f.aside and not _total_like(f):
                    parts.insert(0, f)
            if len(parts) < 2:
                continue
            span = text.reading.texts[total.para][parts[0].end:total.start]
            if any(word in span for word in NESTED):
                continue  # a sub-list between them: the levels are not clear
            used.add(total.index)
            marker = _TOTAL_WORD_BEFORE.search(text.reading.texts[total.para][:total.start])
            word = marker[1] if marker else "合计"
            found = _sum_finding(text, total, parts, True, word)
            if found and parts[0].index == figures[0].index and parts[0].value >= total.value:
                # 职工 50 人，在职 40 人，退休 8 人，共计 48 人: the sentence may open with a total of its own
                rest = parts[1:]
                if len(rest) < 2 or _sum_finding(text, total, rest, True, word) is None:
                    continue
                found = _sum_finding(text, total, rest, True, word)
            if found:
                yield found


_GROUP_TOTALS = {g.total for g in GROUPS}
# Compiled once (a pattern given as a string pays the re module's cache look-up on every call).
_TOTAL_WORD_BEFORE = re.compile(r"(共计|合计|总计|累计|共有|共)\s*(?:为|是|达)?\s*$")
_TOTAL_LABEL = re.compile(r"总计|合计|总额|总数|小计|共计")
_INDICATOR_LINE = re.compile(r"^\s*绩效指标\s*[：:]\s*")
_SEMICOLON_SPLIT = re.compile(r"([；;])")


def _total_like(f: Figure) -> bool:
    """A figure that is itself a total (支出总计, 合计 …), never a part of a list."""
    return f.item in _GROUP_TOTALS or bool(_TOTAL_LABEL.search(f.label))


# -- changes -------------------------------------------------------------------------------------


_MARKERS = ("其中", "主要原因", "主要是", "主要为", "包括", "具体", "分别", "：")


@_text_check(ITEMS)
def _itemised_changes(text: _Text) -> Iterable[TextFinding]:
    """Item changes listed after a stated change: not all one way beyond it; none at all under 持平/增长 0%."""
    used = text.used
    for sentence_no, figures in text.by_sentence.items():
        following = text.by_sentence.get(sentence_no + 1, [])
        next_text = text.reading.sentences[sentence_no + 1].text.lstrip() if sentence_no + 1 < len(
            text.reading.sentences) else ""
        for k, total in enumerate(figures):
            zero = total.role == "equal" or (total.role == "rate" and total.value == 0)
            if (total.role != "change" and not zero) or (zero and not total.named):
                continue
            if total.inherited and total.role == "equal" and k > 0 and figures[k - 1].role == "rate" \
                    and figures[k - 1].value == 0:
                continue  # 增长0%，与上年持平: one statement, judged once
            unit = "万元" if zero else total.unit
            rest = list(figures[k + 1:])
            if next_text.startswith(("其中", "主要原因", "具体")) and following and following[0].para == total.para:
                rest += following
            items: list[Figure] = []
            group = next((g for g in GROUPS if g.total == total.item), None)
            if group is not None and total.index in used:
                continue  # its known parts were added up already (TX-SUM)
            foreign = False  # a change of a known item outside the group (a part of a part): the list is not clear
            for f in rest:
                if f.role in {"change", "equal", "rate"} and f.named and not f.inherited and text.same(f, total):
                    break  # the same item again: a new statement
                if f.role != "change" or f.unit != unit or not f.named or text.same(f, total) \
                        or (f.inherited and not _own_amount_before(f, rest)):
                    continue
                if group is not None:
                    if f.item in group.parts:
                        items.append(f)
                    elif f.item is not None:
                        foreign = True
                    continue
                if f.item is not None:
                    break  # a known item of its own: its list starts there
                items.append(f)
            if not items or foreign:
                continue
            between = (
                text.reading.texts[total.para][total.end : items[0].start] if items[0].para == total.para else "其中"
            )
            if not any(marker in between for marker in _MARKERS):
                continue
            found = _judge_items(text, total, items, zero)
            if found:
                yield found


def _own_amount_before(change: Figure, figures: Sequence[Figure]) -> bool:
    """``行政运行（项）300 万元，比上年增加 20 万元``: a change whose item is named by its own amount, just before
    it in its sentence, is that item's change."""
    before = [f for f in figures if f.sentence == change.sentence and f.index < change.index]
    return (bool(before) and before[-1].role == "amount" and before[-1].label == change.label
            and not before[-1].inherited)


def _judge_items(text: _Text, total: Figure, items: Sequence[Figure], zero: bool) -> TextFinding | None:
    signs = {1 if f.value > 0 else -1 for f in items if f.value != 0}
    if len(signs) != 1:
        return None  # mixed or no changes: unlisted items may balance them
    summed = calc.sum_interval(_shown(f) for f in items)
    exact_sum = sum((f.value for f in items), calc.ZERO)
    name = total.label or "所述总额"
    if zero:
        if summed.meets(calc.exact(calc.ZERO)):
            return None
        message = (f"{name}：文中写“{total.written}”，但同处所列各项增减 {_terms(items)}={_n(exact_sum)} 万元，"
                   f"均为同一方向，与持平不符（除非另有未列项目反向变动）。原文：{text.quote(total)}")
        return _finding(FLAT, "warning", [total, *items], message, exact_sum, Decimal(0))
    stated = _shown(total)
    sign = signs.pop()
    if sign * total.value < 0:
        return None
    exceeds = summed.lo > stated.hi if sign > 0 else summed.hi < stated.lo
    if not exceeds:
        return None
    unit = _unit(total)
    message = (f"{name}：文中写增减 {_n(total.value)} {unit}，所列各项增减 {_terms(items)}={_n(exact_sum)} {unit}，"
               f"同一方向且超过所述总额 {_n(abs(exact_sum - total.value))} {unit}（除非另有未列项目反向变动）。"
               f"原文：{text.quote(total)}")
    return _finding(ITEMS, "warning", [total, *items], message, exact_sum, total.value)


@_text_check(FLAT)
def _flat_with_own_change(text: _Text) -> Iterable[TextFinding]:
    """``增加 5 万元，与上年持平``: an item said to be unchanged and changed in the same sentence."""
    for figures in text.by_sentence.values():
        for f in figures:
            if f.role != "equal" or not f.named:
                continue
            own = [g for g in figures if g.role == "change" and text.same(g, f) and g.value != 0
                   and not calc.shown(g.value, g.decimals).meets(calc.exact(calc.ZERO))]
            own = [g for g in own if _comparable(_basis_of(text, f), _basis_of(text, g))]
            if own:  # 比年初预算减少 2.70 万元；与上年决算持平: two bases, no contradiction
                g = own[0]
                yield _finding(FLAT, "error", [f, g], f"{f.label}：文中既写“{g.written}”又写“{f.written}”，前后矛盾。"
                                                      f"原文：{text.quote(f)}", Decimal(0), g.value)


def _prior_of(text: _Text, change: Figure) -> tuple[calc.Interval, Decimal, str, list[Figure]] | None:
    """The prior-year figure of a change's item: stated, else current − change."""
    prior = text.find(change, {"prior"}, unit="万元" if change.unit == "万元" else change.unit, doc_wide=False)
    if prior is not None:
        return _shown(prior), prior.value, _n(prior.value), [prior]
    current = text.find(change, {"amount", "count"}, unit=change.unit)
    if current is None:
        return None
    interval = _shown(current) - _shown(change)
    value = current.value - change.value
    sign = "-" if change.value >= 0 else "+"
    return interval, value, f"{_n(value)}（上年数={_n(current.value)}{sign}{_n(abs(change.value))}）", [current]


def _rate_against_prior(text: _Text, rate: Figure, before: Sequence[Figure]) -> TextFinding | None:
    """``本年 C，上年为 P，增幅为 R%`` (no change stated): R = (C − P) ÷ P, both figures of the rate's item in its
    sentence."""
    priors = [f for f in before if f.role == "prior" and f.unit == "万元" and text.same(f, rate)]
    currents = [f for f in before if f.role == "amount" and f.unit == "万元" and text.same(f, rate)]
    if len(priors) != 1 or len(currents) != 1 or priors[0].value <= 0:
        return None
    prior, current = priors[0], currents[0]
    difference = _shown(current) - _shown(prior)
    if rate.value and (rate.value > 0) != (current.value > prior.value):
        return None  # the direction is another check's (and a fall written 增幅 is unusual): not judged here
    ratio = calc.ratio_interval(difference if rate.value >= 0 else calc.Interval(-difference.hi, -difference.lo),
                                _shown(prior))
    if ratio is None:
        return None
    judgement = calc.judge(abs(rate.value), rate.decimals, ratio.scale(calc.HUNDRED))
    if judgement.severity == "ok":
        return None
    exact_pct = abs(current.value - prior.value) / prior.value * calc.HUNDRED
    message = (f"{rate.label}增减率 ({_n(current.value)}−{_n(prior.value)})÷{_n(prior.value)}={_n(exact_pct, 2)}%，"
               f"文中写 {_written_value(rate)}%：{_note(judgement, exact_pct, '%')}。原文：{text.quote(rate)}")
    return _finding(RATE, judgement.severity, [rate, current, prior], message, calc.round_half_up(exact_pct, 2),
                    abs(rate.value))


def _capped(text: _Text, stated: Figure, sources: Sequence[Figure], severity: str) -> str:
    """An error resting on a figure from another section of the text is a warning: it may speak of another scope."""
    far = any(text.block[s.para] != text.block[stated.para] for s in sources)
    return "warning" if far and severity == "error" else severity


@_text_check(RATE, DIRECTION)
def _rates(text: _Text) -> Iterable[TextFinding]:
    """增长 7%: the stated rate against change ÷ prior (for each subject of a change shared by two: 收、支…各增加)."""
    for figures in text.by_sentence.values():
        for k, rate in enumerate(figures):
            if rate.role != "rate" or not rate.named:
                continue
            change = next((f for f in reversed(figures[:k]) if f.role in {"change", "equal"} and text.same(f, rate)
                           and f.unit in {"万元", ""}), None)
            if change is None:  # 同比增长 8.80%，增加 4.80 万元: the change stated right after its rate
                after = figures[k + 1:k + 2]
                change = after[0] if after and after[0].role == "change" and after[0].unit == "万元" \
                    and text.same(after[0], rate) else None
            if change is None:
                found = _rate_against_prior(text, rate, figures[:k])
                if found is not None:
                    yield found
                continue
            for subject in _shared_subjects(rate.label) or [(rate.label, rate.item)]:
                label, item = subject
                found = _judge_rate(text, replace(rate, label=label, item=item),
                                    replace(change, label=label, item=item))
                if found is not None:
                    yield found
                    break


# 收、支预算总计各增加 X 万元，增长 Y%: one change stated for two subjects (DOMAIN: sentence shapes)
_SHARED = re.compile(r"^(收入?)[、和及与](支出?)(?P<rest>.*?)各$")


def _shared_subjects(label: str) -> list[tuple[str, str | None]]:
    """The subjects a change stated for two (收、支…各) speaks of, each as (label, item); [] for one subject."""
    match = _SHARED.match(label)
    if match is None:
        return []
    subjects = [label_of(head + match["rest"]) for head in ("收入", "支出")]
    return subjects if all(item for _, item in subjects) else []


def _judge_rate(text: _Text, rate: Figure, change: Figure) -> TextFinding | None:
    """A rate against its change ÷ the prior (stated, else current − change); a 持平 with a rate not 0; a rate
    whose direction is not the change's."""
    if change.role == "equal":
        if rate.value == 0:
            return None
        return _finding(RATE, "error", [change, rate], f"{rate.label}：文中写“{change.written}”，又写"
                        f"“{rate.written}”，持平时增减率应为 0%。原文：{text.quote(rate)}", Decimal(0), rate.value)
    if rate.value != 0 and change.value != 0 and (rate.value > 0) != (change.value > 0):
        return _finding(DIRECTION, "error", [change, rate], f"{rate.label}：文中增减额为 {_n(change.value)} 万元，"
                        f"增减率却写作“{rate.written}”，方向不一致。原文：{text.quote(rate)}", None, rate.written)
    prior = _prior_of(text, change)
    if prior is None:
        return None
    interval, prior_value, shown_prior, sources = prior
    if rate.value and change.value > 0 and prior_value == 0:  # 增加 X（= 本年 X），增长 100%: a new item
        return _finding(RATE, "warning", [rate, change, *sources], f"{rate.label}：上年数为 {shown_prior}，"
                        f"基数为 0 时增长率无从计算，应写“新增”，文中写 {rate.written}。原文：{text.quote(rate)}",
                        None, abs(rate.value))
    shown_change = _shown(change)
    ratio = calc.ratio_interval(
        shown_change if change.value >= 0 else calc.Interval(-shown_change.hi, -shown_change.lo), interval)
    if ratio is None:
        return None
    judgement = calc.judge(abs(rate.value), rate.decimals, ratio.scale(calc.HUNDRED))
    severity = _capped(text, rate, sources, judgement.severity)
    if severity == "ok":
        return None
    exact_pct = abs(change.value) / prior_value * calc.HUNDRED if prior_value else ratio.mid * calc.HUNDRED
    word = "降幅" if change.value < 0 else "增幅"  # nil is no fall (as claims._judge_growth has it)
    message = (f"{rate.label}{word} {_n(abs(change.value))}÷{shown_prior}={_n(exact_pct, 2)}%，文中写 "
               f"{_written_value(rate)}%：{_note(judgement, exact_pct, '%')}。原文：{text.quote(rate)}")
    return _finding(RATE, severity, [rate, change, *sources], message, calc.round_half_up(exact_pct, 2),
                    abs(rate.value))


@_text_check(SHARE)
def _shares(text: _Text) -> Iterable[TextFinding]:
    """占 5.3%: the stated share against part ÷ total (the total it names, else the total of its breakdown)."""
    for figures in text.by_sentence.values():
        for k, share in enumerate(figures):
            if share.role != "share" or not share.named:
                continue
            part = next(
                (f for f in reversed(figures[:k]) if f.role in {"amount", "count"} and text.same(f, share)), None
            )
            if part is None:
                continue
            wholes: list[Figure] = []
            opening = None if share.whole else _whole_of_opening(text, share, part.unit)
            if opening is not None:
                if not opening:
                    continue  # the sentence names its whole, and the text states no one figure for it
                wholes = opening
            elif share.whole:
                named = item_of(share.whole)
                whole = text.find(part, {"amount", "count"}, item=named.key, unit=part.unit) if named else None
                if whole is None and not named:
                    hits = [f for f in text.of_label(share.whole) if f.role == part.role]
                    whole = hits[0] if len({h.value for h in hits}) == 1 else None
                wholes = [whole] if whole else []
            elif part.item:
                for key in wholes_of(part.item):
                    whole = text.find(part, {"amount", "count"}, item=key, unit=part.unit)
                    if whole is not None:
                        wholes.append(whole)
            bases: list[tuple[list[Figure], Decimal, calc.Interval]] = [([w], w.value, _shown(w)) for w in wholes]
            owner = text.owner(part)
            listed = None
            if not share.whole and owner is not None and owner.unit == part.unit:
                listed = _list_of_the_whole(text, owner, part)
            if listed is not None:  # the list's shares make 100% of what its parts add up to, more than its total
                listed_sum = (listed, sum((f.value for f in listed), Decimal(0)),
                              calc.sum_interval(_shown(f) for f in listed))
                stated = ([owner], owner.value, _shown(owner))  # type: ignore[union-attr]  # listed needs an owner
                # one wrong part makes the list exceed its total: its other shares then hold against the total
                bases = sorted([listed_sum, stated], key=lambda base: -_shares_holding(text, listed, base[2]))
            elif not share.whole and owner is not None and owner.unit == part.unit and owner not in wholes:
                # 其中：A x 万元，占 y%: of the total the list hangs from (first), or of the item's whole
                bases.insert(0, ([owner], owner.value, _shown(owner)))
            judged = []
            for base in bases:
                ratio = calc.ratio_interval(_shown(part), base[2])
                if ratio is None:
                    continue
                judged.append((base, calc.judge(abs(share.value), share.decimals, ratio.scale(calc.HUNDRED))))
            if not judged or any(j.rounded_ok for _, j in judged):
                continue
            (sources, base_value, _interval), judgement = next(((b, j) for b, j in judged if j.truncated_ok), judged[0])
            severity = _capped(text, share, sources, judgement.severity)
            exact_pct = part.value / base_value * calc.HUNDRED
            shown_base = _n(base_value) if len(sources) == 1 else f"{_n(base_value)}（各项之和）"
            message = (f"{share.label}占比 {_n(part.value)}÷{shown_base}={_n(exact_pct, 2)}%，文中写 "
                       f"{_written_value(share)}%：{_note(judgement, exact_pct, '%')}。原文：{text.quote(share)}")
            yield _finding(SHARE, severity, [share, part, *sources], message, calc.round_half_up(exact_pct, 2),
                           abs(share.value))


def _shares_holding(text: _Text, parts: Sequence[Figure], whole: calc.Interval) -> int:
    """How many of the parts' own shares (the share stated right after each) hold against ``whole``."""
    held = 0
    for part in parts:
        after = [f for f in text.by_sentence[part.sentence] if f.index > part.index]
        if after and after[0].role == "share":
            ratio = calc.ratio_interval(_shown(part), whole)
            held += ratio is not None and calc.judge(
                abs(after[0].value), after[0].decimals, ratio.scale(calc.HUNDRED)).rounded_ok
    return held


# 本年收入中，… / 在本年收入 5230.40 万元中，…: the sentence names the whole its bare shares are of
_WHOLE_OPENING = re.compile(
    r"^\s*(?:在)?(?P<whole>[^，,。；;：:\d其]{2,20}?)(?:\s*[\d,.]+\s*(?:亿元|万元|元))?\s*中\s*[，,：:]"
)


def _whole_of_opening(text: _Text, share: Figure, unit: str) -> list[Figure] | None:
    """The whole a sentence opening with ``X 中，`` names for its shares: [its figure], [] when the text states
    none or several for it, None when the sentence opens otherwise."""
    sentence = text.reading.sentences[share.sentence]
    match = _WHOLE_OPENING.match(sentence.text)
    if match is None:
        return None
    inside = [f for f in text.by_sentence[share.sentence]
              if f.start < sentence.start + match.end() and f.role in {"amount", "count"}]
    if len(inside) == 1:
        return inside
    label, item = label_of(match["whole"])
    hits = [f for f in (text.figures if not item else text.of_item(item))
            if f.role in {"amount", "count"} and f.unit == unit and (f.item == item if item else f.label == label)]
    return hits[:1] if label and len({h.value for h in hits}) == 1 else []


def _list_of_the_whole(text: _Text, total: Figure, part: Figure) -> list[Figure] | None:
    """The parts of the 其中 list ``part`` stands in, when each states a share and they exceed ``total`` while
    their shares make 100% or one of them is the total itself: the list then breaks down the whole they add up to
    (财政拨款 X。其中，一般公共预算 X，占 a%；其他资金 Y，占 b%: 其他资金 is no part of 财政拨款). None otherwise."""
    sentence = text.reading.sentences[part.sentence]
    opening = list_opening(sentence.text)
    cut = sentence.start + (opening[0] if opening else 0)
    listed = [f for f in text.by_sentence[part.sentence] if f.start > cut and not f.nested and not f.aside]
    parts = [f for f in listed if f.role == part.role and f.unit == part.unit and f.named]
    shares = [f for f in listed if f.role == "share"]
    if (
        len(parts) < 2
        or len(shares) != len(parts)
        or calc.sum_interval(_shown(f) for f in parts).lo <= _shown(total).hi
    ):
        return None
    whole = calc.sum_interval(calc.shown(f.value, f.decimals) for f in shares).meets(calc.exact(calc.HUNDRED))
    return parts if whole or any(_shown(f).meets(_shown(total)) for f in parts) else None


@_text_check(SHARE)
def _shares_of_a_breakdown(text: _Text) -> Iterable[TextFinding]:
    """``基本支出占 75.66%，项目支出占 24.34%``: shares stated without their amounts, of the parts of a known
    breakdown, add up to 100% when every part is listed, and never to more."""
    for figures in text.by_sentence.values():
        shares = [f for f in figures if f.role == "share" and f.item and not f.whole]
        if len(shares) < 2 or len({f.item for f in shares}) != len(shares):
            continue
        if any(f.role in {"amount", "count"} and f.item in {s.item for s in shares} for f in figures):
            continue  # the amounts are stated: the share check judges each against them
        items = {f.item for f in shares}
        group = next((g for g in GROUPS if g.complete and items <= set(g.parts) and set(g.required) <= items), None)
        if group is None:
            continue
        summed = calc.sum_interval(calc.shown(abs(f.value), f.decimals) for f in shares)
        every = items == set(group.parts)
        if summed.lo <= calc.HUNDRED and (summed.hi >= calc.HUNDRED or not every):
            continue
        exact_sum = sum((abs(f.value) for f in shares), calc.ZERO)
        whole = ITEMS_BY_KEY[group.total].label
        message = (f"{whole}：所列各项占比 {'+'.join(_written_value(f) for f in shares)}={_n(exact_sum)}%，"
                   f"{'超过' if summed.lo > calc.HUNDRED else '不足'} 100%。原文：{text.quote(shares[0])}")
        yield _finding(SHARE, "error", shares, message, calc.HUNDRED, exact_sum)


@_text_check(CHANGE)
def _current_minus_prior(text: _Text) -> Iterable[TextFinding]:
    """本年 C，上年 P，增加 Δ: Δ = C − P."""
    if not any(f.role == "prior" for f in text.figures):
        return  # no prior-year figure to find for any change (most texts state none)
    for change in text.figures:
        if change.role not in {"change", "equal"} or not change.named:
            continue
        unit = change.unit or "万元"
        prior = text.find(change, {"prior"}, unit=unit, doc_wide=False)
        current = text.find(change, {"amount", "count"}, unit=unit, doc_wide=False) if prior else None
        before = [f for f in text.by_sentence[change.sentence] if f.index < change.index and f.role != "prior"]
        if before and before[-1].role == "budget" and text.same(before[-1], change):
            current = before[-1]  # 年初预算为 A，比上年预算 P 减少 Δ: the budget's change on last year's budget
        if prior is None or current is None or not _comparable(_basis_of(text, change), _basis_of(text, prior)):
            continue  # 比年初预算 18 万元减少…；与上年决算持平: the 持平 is not against that prior
        computed = _shown(current) - _shown(prior)
        if change.role == "equal":  # 与上年持平: current − prior must be nil
            if not computed.meets(calc.exact(calc.ZERO)):
                difference = current.value - prior.value
                yield _finding(CHANGE, "error", [change, current, prior],
                               f"{change.label}：文中写“{change.written}”，但本年 {_n(current.value)} − 上年 "
                               f"{_n(prior.value)} = {_n(difference)} {unit}。原文：{text.quote(change)}",
                               difference, Decimal(0))
            continue
        judgement = calc.judge(change.value, change.decimals, computed)
        severity = judgement.severity
        if severity == "ok":
            continue
        message = (f"{change.label}：本年 {_n(current.value)} − 上年 {_n(prior.value)} = "
                   f"{_n(current.value - prior.value)} {unit}，文中写增减 {_n(change.value)} {unit}："
                   f"{_note(judgement, current.value - prior.value)}。原文：{text.quote(change)}")
        yield _finding(CHANGE, severity, [change, current, prior], message, current.value - prior.value,
                       change.value)


# -- wording -------------------------------------------------------------------------------------


_TEMPLATE = re.compile(r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|上升（下降）|增加/减少|增长/下降|"
                       r"部门应根据[^。；]*|[（(][^（）()]{0,20}根据实际情况[^（）()]{0,30}[）)]|"
                       r"[XＸ×]{2,}\s*(?:万元|元|%|年|个|人)")
_TEMPLATE_START = first_characters(_TEMPLATE)  # the first character of every match of _TEMPLATE
_METRIC = re.compile(r"(?:率|数|量|度|比例|比率|次数|人数|覆盖面|时间|时限|成本|金额|天数)$")
# A target is a figure or a comparison; words such as 及时/满意 are part of an indicator's name (受理及时率).
_HAS_TARGET = re.compile(
    r"\d|≥|≤|>|<|%|达到|不低于|不少于|不高于|不超过|以上|以下|以内|[一二两三四五六七八九十百]+(?:次|个|项|人)"
)


_COMPLETION = re.compile(r"完成(?:了)?(?P<basis>年初|调整|全年)?预算(?:数)?的?\s*$")
_YEAR_AT = re.compile(r"(?:^|[，,；;：:。])\s*(?:其中)?\s*(\d{4})\s*年度?(?:[^，,；;：:。\d]{0,12}?)(?:为|是)?\s*$")
_CURRENT_AT = re.compile(r"^\s*(?:本年度?|今年|当年)(?:预算|决算)?数?\s*(?:为|是)?\s*$")
_THIS_YEAR = frozenset({"本年", "本年度", "今年", "当年", "本年预算", "本年决算", "本年度预算"})
_RATE_WORD = re.compile(r"(?:增长|减少|下降|增减|变动)率\s*(?:为|是)?\s*$|(?:增幅|降幅)\s*(?:为|是)?\s*$")


@_text_check(COMPLETION)
def _completion(text: _Text) -> Iterable[TextFinding]:
    """决算: ``年初预算为 X 万元，决算数为 Y 万元，完成年初预算的 Z%``: Z = Y ÷ X (a base of 0 has no rate)."""
    for figures in text.by_sentence.values():
        for k, rate in enumerate(figures):
            if rate.unit != "%" or rate.role not in {"percent", "rate", "share"}:
                continue
            region = text.reading.texts[rate.para][max(0, rate.start - 16):rate.start]
            completion = _COMPLETION.search(region)
            if not completion:
                continue
            sentence = text.reading.sentences[rate.sentence]  # its clause chain: after the last ； before it
            semicolons = [m.end() for m in _LIST_CLOSE.finditer(sentence.text, 0, rate.start - sentence.start)]
            chain_start = sentence.start + (semicolons[-1] if semicolons else 0)
            figures_before = [f for f in figures[:k] if f.start >= chain_start]
            # the budget, adjusted budget and final figures of the sentence's item: read, not unbound
            text.used.update(f.index for f in (*figures_before, rate) if f.unit in {"万元", "%"} and not f.label)
            adjusted = [f for f in figures_before
                        if f.unit == "万元" and re.search("调整|全年", _clause_before(text, f))]
            if completion["basis"] in {"调整", "全年"}:  # 完成调整预算的 Z%: of the adjusted (whole-year) budget
                budgets = adjusted
            elif adjusted and completion["basis"] != "年初":
                continue  # 年初 and 调整 both stated, and 完成预算的 says not which
            else:
                budgets = [f for f in figures_before
                           if f.role in {"prior", "budget"} and f.unit == "万元" and f not in adjusted]
            finals = [f for f in figures_before
                      if f.role == "amount" and f.unit == "万元" and "决算" in _clause_before(text, f)]
            if len(budgets) != 1 or len(finals) != 1 or budgets[0].value <= 0:
                continue  # which budget and which final figure the rate speaks of must be certain
            budget, final = budgets[0], finals[0]
            ratio = calc.ratio_interval(_shown(final), _shown(budget))
            if ratio is None:
                continue
            judgement = calc.judge(rate.value, rate.decimals, ratio.scale(calc.HUNDRED))
            severity = judgement.severity
            if severity == "ok":
                continue
            exact_pct = final.value / budget.value * calc.HUNDRED
            message = (
                f"完成率 {_n(final.value)}÷{_n(budget.value)}={_n(exact_pct, 2)}%，文中写 {_written_value(rate)}%："
                f"{_note(judgement, exact_pct, '%')}。原文：{text.quote(rate)}"
            )
            yield _finding(COMPLETION, severity, [rate, final, budget], message, calc.round_half_up(exact_pct, 2),
                           rate.value)


def _clause_before(text: _Text, f: Figure) -> str:
    """The words of a figure's clause before it (cleaned text)."""
    sentence = text.reading.sentences[f.sentence]
    before = text.reading.texts[f.para][sentence.start:f.start]
    return re.split(r"[，,；;：:]", before)[-1]


@_text_check(CHANGE, RATE)
def _year_pairs(text: _Text) -> Iterable[TextFinding]:
    """``2015年预算 P 万元，2016年预算 C 万元，减少 D 万元，减少率 R%``: the years name prior and current, so
    D = C − P and R = D ÷ P are checked although the sentence names no item."""
    used = text.used
    for figures in text.by_sentence.values():
        money = [f for f in figures if f.unit == "万元" and f.role in {"amount", "prior"} and not f.aside]
        if len(money) != 2 or any(f.named and f.label not in _THIS_YEAR for f in money):
            continue  # bound to their item: the change and rate checks judge them already
        tags: list[int | str | None] = []
        for f in money:
            match = _YEAR_AT.search(text.reading.texts[f.para][text.reading.sentences[f.sentence].start:f.start])
            tags.append(int(match[1]) if match else "prior" if f.role == "prior" else
                        "current" if _CURRENT_AT.match(_clause_before(text, f)) else None)
        if sorted(map(str, tags)) == ["current", "prior"]:  # 上年预算 P，本年预算 C
            prior, current = (money[0], money[1]) if tags[0] == "prior" else (money[1], money[0])
        elif all(isinstance(t, int) for t in tags) and abs(tags[1] - tags[0]) == 1:  # type: ignore[operator]
            prior, current = (money[0], money[1]) if tags[0] < tags[1] else (money[1], money[0])  # type: ignore[operator]
        else:
            continue
        after = [f for f in figures if f.start > max(prior.start, current.start)]
        changes = [f for f in after if f.role == "change" and f.unit == "万元"]
        rates = [f for f in after if f.unit == "%" and (f.role == "rate" or (f.role == "percent" and _RATE_WORD.search(
            text.reading.texts[f.para][max(0, f.start - 8):f.start])))]
        if len(changes) > 1 or len(rates) > 1 or not (changes or rates):
            continue
        used.update(f.index for f in (prior, current, *changes))  # checked: not listed as unbound
        difference = current.value - prior.value
        if changes:
            change = changes[0]
            judgement = calc.judge(change.value, change.decimals, _shown(current) - _shown(prior))
            if judgement.severity != "ok":
                yield _finding(CHANGE, judgement.severity, [change, current, prior],
                               f"本年 {_n(current.value)} − 上年 {_n(prior.value)} = {_n(difference)} 万元，文中写增减 "
                               f"{_n(change.value)} 万元：{_note(judgement, difference)}。原文：{text.quote(change)}",
                               difference, change.value)
        if rates and prior.value > 0:
            rate = rates[0]
            moved = _shown(current) - _shown(prior)
            ratio = calc.ratio_interval(
                moved if difference >= 0 else calc.Interval(-moved.hi, -moved.lo), _shown(prior)
            )
            if ratio is None:
                continue
            used.add(rate.index)  # checked too: not listed as unbound
            judgement = calc.judge(abs(rate.value), rate.decimals, ratio.scale(calc.HUNDRED))
            if judgement.severity != "ok":
                exact_pct = abs(difference) / prior.value * calc.HUNDRED
                yield _finding(RATE, judgement.severity, [rate, current, prior],
                               f"增减率 {_n(abs(difference))}÷{_n(prior.value)}={_n(exact_pct, 2)}%，文中写 "
                               f"{_written_value(rate)}%：{_note(judgement, exact_pct, '%')}。原文：{text.quote(rate)}",
                               calc.round_half_up(exact_pct, 2), abs(rate.value))


@_text_check(REPEAT)
def _repeated_changes(text: _Text) -> Iterable[TextFinding]:
    """The same item with the same current figure in two places must state the same change (a change printed
    0.30 apart in two sections). A different current figure may be another scope (部门 vs 财政拨款): not compared."""
    stated: dict[tuple[str, Decimal, str], list[tuple[Figure, Figure]]] = {}
    for figures in text.by_sentence.values():
        for change in figures:
            if change.role != "change" or not change.item or change.unit != "万元":
                continue
            current = [f for f in figures if f.role == "amount" and f.item == change.item and f.start < change.start]
            if len(current) == 1:  # 比上年预算数增加 a；比上年执行数增加 b: two bases, two changes
                basis = _compared_basis(text, change, figures)
                key = (change.item, current[0].value, "" if basis == "预算" else basis)  # 比上年 is 比上年预算
                stated.setdefault(key, []).append((change, current[0]))
    for pairs in stated.values():
        first, first_current = pairs[0]
        for change, current in pairs[1:]:
            if _shown(change).meets(_shown(first)):
                continue
            yield _finding(
                REPEAT,
                "error",
                [change, first, current, first_current],
                f"{change.label}：本年同为 {_n(current.value)} 万元，{text.reading.paragraphs[first.para].where}"
                f"写增减 {_n(first.value)} 万元，此处写 {_n(change.value)} 万元，相差 "
                f"{_n(abs(change.value - first.value))} 万元。原文：{text.quote(change)}",
                first.value,
                change.value,
            )
            break


_BASIS = re.compile(r"(?:与|较|比|同|对比)\s*(?:上年度?|上一年度?|去年|\d{4}\s*年度?)?\s*(?:的)?\s*"
                    r"(?P<basis>年初|调整|执行|决算|预算)?")


_STAGE_WORD = re.compile(r"年初|调整|执行|决算|预算")


def _basis_of(text: _Text, f: Figure) -> str:
    """What a change, 持平 or prior figure is of: 年初 or 调整 (this year's budget), 预算, 执行 or 决算 (last
    year's), or "" (not said)."""
    if f.role not in {"prior", "budget"}:
        return _compared_basis(text, f, text.by_sentence[f.sentence])
    words = _STAGE_WORD.findall(_clause_before(text, f))
    return words[-1] if words else ""


def _comparable(a: str, b: str) -> bool:
    """Two bases that may be the same figure: alike, or one not said (上年) and the other last year's."""
    return a == b or ("" in {a, b} and not {a, b} & {"年初", "调整"})


def _compared_basis(text: _Text, change: Figure, figures: Sequence[Figure]) -> str:
    """What a change is measured from, as the comparison before it says: 年初, 调整, 执行, 决算, 预算, or "" when
    it does not say (比上年)."""
    before = [f.end for f in figures if f.end <= change.start and f.role not in {"prior", "budget"}]  # 比上年决算 P
    start = before[-1] if before else text.reading.sentences[change.sentence].start
    found = [m["basis"] or "" for m in _BASIS.finditer(text.reading.texts[change.para], start, change.start)]
    return found[-1] if found else ""


@_text_check(TEMPLATE)
def _template_wording(text: _Text) -> Iterable[TextFinding]:
    for index, body in enumerate(text.reading.texts):
        for match in finditer_from(_TEMPLATE, _TEMPLATE_START, body):
            written = text.reading.original(index, match.start(), match.end())[:30]
            yield TextFinding(TEMPLATE, "warning", (index,), ((index, match.start(), match.end()),),
                              f"文中留有模板用语“{written}”，应按实际情况改写后再公开", None, written)


@_text_check(TARGET)
def _indicators_without_target(text: _Text) -> Iterable[TextFinding]:
    header: list[str] | None = None
    for index, body in enumerate(text.reading.texts):
        if "\t" in body:
            cells = [c.strip() for c in body.split("\t")]
            if "指标值" in cells:
                header = cells
                continue
            if header and len(cells) == len(header) and not cells[header.index("指标值")]:
                name_col = header.index("三级指标") if "三级指标" in header else next(
                    i for i, c in enumerate(cells) if c)
                name = cells[name_col] or "（未命名指标）"
                yield TextFinding(TARGET, "warning", (index,), ((index, 0, len(body)),),
                                  f"绩效指标“{name}”没有指标值（目标值）", None, name)
            continue
        header = None
        match = _INDICATOR_LINE.match(body)
        if not match:
            continue
        position = match.end()
        for piece in _SEMICOLON_SPLIT.split(body[match.end():]):
            item = piece.strip().rstrip("。")
            if item and item not in "；;" and _METRIC.search(item) and not _HAS_TARGET.search(item):
                yield TextFinding(TARGET, "warning", (index,), ((index, position, position + len(piece)),),
                                  f"绩效指标“{item}”没有目标值（如“≥95%”），无法衡量。原文：“{body.strip()[:70]}”",
                                  None, item)
            position += len(piece)


@_text_check(UNBOUND)
def _unbound(text: _Text) -> Iterable[TextFinding]:
    used = text.used
    for f in text.figures:
        if f.named or f.total_marker or f.role in {"percent", "equal", "prior"} or f.index in used:
            continue
        yield _finding(
            UNBOUND,
            "info",
            [f],
            f"“{f.written}”所在分句未写明所指项目，未能对应，未作核对。原文：{text.quote(f)}",
            None,
            f.value,
        )


# -- entry points --------------------------------------------------------------------------------


def check_reading(reading: Reading) -> list[TextFinding]:
    """Every finding on a text already read: each registered check in turn."""
    text = _Text(reading)
    found: list[TextFinding] = []
    seen: set[TextFinding] = set()
    for _rules, check in _CHECKS:
        for finding in check(text):
            if finding not in seen:  # a set: a text of many unbound figures is not compared pairwise
                seen.add(finding)
                found.append(finding)
    return found


def check_paragraphs(paragraphs: Sequence[Paragraph] | Sequence[str]) -> list[TextFinding]:
    """Every finding on a text given as paragraphs (or plain strings, one per paragraph)."""
    listed, mapped = paragraphs_mapped(paragraphs)
    return check_reading(read_figures(listed, mapped))


def not_reported(found: Iterable[TextFinding], judged: Iterable[JudgedClaim]) -> list[TextFinding]:
    """The text-alone findings the text-against-table verdicts do not already report (same paragraph, same figure).

    Unbound figures are left to SM-UNLINKED, which says whether a table holds them.
    """
    reported = [(j.claim.paragraph, j.claim.amount if j.claim.unit != "%" else j.claim.value)
                for j in judged if any(k.severity in {"error", "warning"} for k in j.checks)]
    return [f for f in found if f.rule != UNBOUND and not any(f.is_about(p, v) for p, v in reported)]


def claim_paragraphs(paragraphs: Sequence[Paragraph]) -> list[str]:
    """The paragraphs the table-linked claims are read from: tables and indicator lines blanked, numbering kept."""
    return ["" if is_table_row(p.text) or is_performance(p.text) else p.text for p in paragraphs]


Locate = Callable[[int], str]


def written_spots(reading: Reading, finding: TextFinding) -> tuple[TextSpot, ...]:
    """A text finding's figures as spans of the paragraphs as written (the reading's spans are of cleaned text)."""
    spots = []
    for para, start, end in finding.spans:
        origin = reading.origins[para]
        if end > start:
            spots.append(TextSpot(para, origin[start], origin[end - 1] + 1))
    return tuple(dict.fromkeys(spots))


def to_findings(found: Iterable[TextFinding], locate: Locate) -> list[Finding]:
    """Text findings as catalogue findings, ``cells`` naming the paragraphs."""
    return [Finding(f.rule, f.severity, SCOPE, tuple(dict.fromkeys(locate(p) for p in f.paragraphs)), f.message,
                    f.expected, f.actual) for f in found]


_LISTING = {"error": 0, "warning": 1, "info": 2}  # the order a report lists findings in: errors first


def check_document(paragraphs: Sequence[Paragraph], source: str) -> Report:
    """The report of a document checked on its own: findings naming ``第n段`` / ``第p页第n段``, and the ledger.

    Each finding's ``spots`` say where its figures stand in the paragraphs as written.
    """
    listed = list(paragraphs)
    reading = read_figures(listed)
    found = check_reading(reading)
    report = Report(workbook=source)
    report.findings = [replace(finding, spots=written_spots(reading, text_finding))
                       for finding, text_finding in zip(to_findings(found, lambda index: listed[index].where), found,
                                                        strict=True)]
    report.findings.sort(key=lambda f: (_LISTING[f.severity], f.rule))
    readable = _what_rules_read(reading)
    for rule_id in TEXT_RULES:
        failed = any(f.rule == rule_id for f in found)
        report.ledger[rule_id] = "failed" if failed else "passed" if readable[rule_id] else "not_applicable"
        if not failed and not readable[rule_id]:
            report.notes[rule_id] = _NOTHING_TO_READ.get(rule_id, "文中没有此类数字")
    return report


_NOTHING_TO_READ = {TARGET: "文中没有绩效指标", TEMPLATE: "文中没有可读的句子"}


_READS: dict[str, frozenset[str]] = {  # the roles of figures each rule judges: without any, it had nothing to read
    SUM: frozenset({"amount", "count"}), ITEMS: frozenset({"change"}), FLAT: frozenset({"equal", "change", "rate"}),
    RATE: frozenset({"rate"}), SHARE: frozenset({"share"}), CHANGE: frozenset({"change"}),
    DIRECTION: frozenset({"change", "rate"}), UNBOUND: frozenset({"amount", "count", "change", "rate", "share", "prior",
                                                                   "equal", "percent"}),
}


def _what_rules_read(reading: Reading) -> dict[str, bool]:
    """Whether each text rule found something of its kind to judge (a rule that read nothing is 不适用, not 通过)."""
    roles = {figure.role for figure in reading.figures}
    found = {rule: bool(roles & wanted) for rule, wanted in _READS.items()}
    found[TARGET] = any(is_performance(text) or is_table_row(text) for text in reading.texts)
    found[TEMPLATE] = any(sentence.text.strip() for sentence in reading.sentences)
    found[COMPLETION] = any("完成" in s.text and "%" in s.text for s in reading.sentences)
    found[REPEAT] = sum(1 for f in reading.figures if f.role == "change" and f.item) >= 2
    return found
