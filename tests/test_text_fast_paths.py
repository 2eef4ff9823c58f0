"""The fast paths of the text checks give what the plain scans they replace give.

Each index or precomputed table of the narrative (made for speed: a batch checks 1,000 texts) is compared with
the straightforward scan it stands for, on the words of the vocabulary combined in the ways texts combine them.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import random
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from budget_addin.core import calc
from budget_addin.core.model import Book
from budget_addin.files.documents import read_paragraphs
from budget_addin.narrative import claims as c
from budget_addin.narrative import figures, glossary
from budget_addin.narrative import text_check as tx
from budget_addin.narrative import vocabulary as v
from budget_addin.narrative.figures import Figure, read_figures
from budget_addin.narrative.marks import Marks, finditer_from, first_characters

ROOT = Path(__file__).resolve().parent.parent


# -- the scans the indexes replace (as the modules wrote them before) -------------------------------


def _item_of_by_scan(label: str) -> v.Item | None:
    """``vocabulary.item_of`` as it was: every item, every term."""
    if not label:
        return None
    bare = v._bare(label)
    for item in v.ITEMS:
        if (item.exact and (label in item.terms or bare in item.terms)) or label in item.whole_only:
            return item
    best: tuple[tuple[int, int], v.Item] | None = None
    for term, item in v._TERMS:
        position = label.rfind(term)
        if position < 0 or not v._stands_alone(label[:position]):
            continue
        key = (position + len(term), len(term))
        if best is None or key > best[0]:
            best = (key, item)
    return None if best is None else best[1]


def _best_term(window: str, pool: tuple[tuple[str, glossary.Subject], ...],
               last: bool) -> tuple[glossary.Subject, str] | None:
    """``claims._best_term`` as it was: the term ending nearest the figure (``last``) or starting nearest after it."""
    best: tuple[tuple[int, int], glossary.Subject, str] | None = None
    for term, subject in pool:
        position = window.rfind(term) if last else window.find(term)
        if position < 0 or (term in c._BARE_CATEGORIES and not c._stands_alone(window[:position])):
            continue
        key = (position + len(term), len(term)) if last else (-position, len(term))
        if best is None or key > best[0]:
            best = (key, subject, term)
    return None if best is None else (best[1], best[2])

_TERMS = [term for item in v.ITEMS for term in (*item.terms, *item.whole_only)]
# Words that stand before, between and after item names in the texts (qualifiers, joints, quotes, suffixes).
_WORDS = ["的", "退役", "财政拨款", "本级", "部门", "年", "全年", "、", "和", "及", "其中", "：", "（", "）", "“", "”",
          '"', "预算", "支出", "经费", "采购", "政府采购", "费", "人员", "公用", "运行", "购置", "类", "总计", "合计"]


def test_item_of_index_matches_the_scan_of_every_term() -> None:
    labels = set(_TERMS)
    labels |= {a + b for a, b in itertools.product(_WORDS, _TERMS)}
    labels |= {a + b for a, b in itertools.product(_TERMS, _WORDS)}
    rng = random.Random(15)
    pool = _TERMS + _WORDS
    labels |= {"".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) for _ in range(8000)}
    chars = sorted({c for word in pool for c in word})
    labels |= {"".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(8000)}
    named = 0
    for label in sorted(labels):
        expected = _item_of_by_scan(label)
        assert v.item_of(label) == expected, label
        named += expected is not None
    assert named > len(_TERMS)  # the labels exercise the term scan, not only misses


def test_term_indexes_match_the_scan_of_the_pool() -> None:
    sections = (None, *glossary.SECTIONS, "其他", "绩效")  # 其他 and 绩效 have no terms
    pool_keys = [(section, family) for section in sections for family in ("money", "count")]
    words = [
        "的",
        "退役",
        "采购",
        "其中",
        "中",
        "、",
        "和",
        "，",
        "预算",
        "支出",
        "经费",
        "一般公共",
        "运行",
        "费",
        "2020 年",
    ]
    rng = random.Random(13)
    for section, family in pool_keys:
        pool = glossary.candidates(section, family)
        terms = [term for term, _ in pool]
        windows = set(terms) | {w + t for w, t in itertools.product(words, terms)}
        # A term twice: only its first (last) occurrence counts, qualified or not (公共服务 … 采购服务).
        windows |= {q + t + w + t for q, w, t in itertools.product(("", "公共", "采购"), words, terms)}
        windows |= {"".join(rng.choice(terms + words) for _ in range(rng.randint(2, 4))) for _ in range(1500)}
        for window in sorted(windows):
            assert c._last_term(window, section, family) == _best_term(window, pool, last=True), (section, window)
            assert c._first_term(window, section, family) == _best_term(window, pool, last=False), (section, window)


_PATTERNS = [figures._CLAUSE_END, c._CLAUSE_END, c._SENTENCE_END]


@pytest.mark.parametrize("pattern", _PATTERNS, ids=lambda p: p.pattern)
def test_marks_answer_as_a_scan_up_to_the_position(pattern: re.Pattern[str]) -> None:
    """Counting and the last clause end, including a comma whose lookahead (1,234) is cut at the position."""
    rng = random.Random(7)
    alphabet = "，,;；：:。！？!?1234５a 万元%"
    texts = ["1,234 万元，增加 5,6", "A,123万元", "共计1,2", ",", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    chars = first_characters(pattern)
    for text in texts:
        marks = Marks(pattern, text)
        for position in range(len(text) + 1):
            # Marks holds single-character marks among its pattern's first characters, wherever the text is cut
            assert all(chars.fullmatch(m.group()) for m in pattern.finditer(text, 0, position))
            ends = [m.end() for m in pattern.finditer(text, 0, position)]
            assert marks.count(position) == len(pattern.findall(text, 0, position)), (text, position)
            assert marks.last_end(position) == (ends[-1] if ends else None), (text, position)
            assert marks.count_and_last_end(position) == (marks.count(position), marks.last_end(position))


def test_normalise_by_replacements_matches_the_translation() -> None:
    mapped = [chr(code) for code in glossary._NORMAL]
    assert not {to for _, to in glossary._NORMAL_PAIRS} & set(mapped)  # no pair writes what another reads
    rng = random.Random(11)
    alphabet = mapped + list("0123456789.%()（）\"'+- 万元年，。、费")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    for text in [*texts, "".join(mapped), ""]:
        assert glossary.normalise(text) == text.translate(glossary._NORMAL), text


def _find_by_scan(text: tx._Text, near: Figure, roles: set[str], *, item: str | None = None,
                  unit: str | None = None, doc_wide: bool = True) -> Figure | None:
    """``_Text.find`` as it was written before the scopes were indexed: every figure filtered for each scope."""
    def fits(f: Figure) -> bool:
        if f.index == near.index or f.role not in roles or (unit and f.unit != unit):
            return False
        return f.item == item if item else text.same(near, f)

    scopes = [lambda f: f.sentence == near.sentence, lambda f: text.block[f.para] == text.block[near.para]]
    if doc_wide and (item or near.item):
        scopes.append(lambda f: True)
    for scope in scopes:
        hits = [f for f in text.figures if fits(f) and scope(f)]
        if hits:
            return hits[0] if len({(h.value, h.unit) for h in hits}) == 1 else None
    return None


def _owner_by_scan(text: tx._Text, part: Figure) -> Figure | None:
    sentence = text.reading.sentences[part.sentence]
    head = figures.closed_asides_blanked(sentence.text[:part.start - sentence.start])  # （其中：…） closed
    opening = figures.list_opening(head)  # the first list (其中, 包括：…)
    first = opening[0] if opening else -1
    position = max(head.rfind("其中"), first)  # the last 其中 …
    while position > first and re.search("[;；]", head[position:]):
        position = max(head.rfind("其中", 0, position), first)  # … unless closed (a nested list)
    if position < 0:
        return None
    roles = {"change", "equal"} if part.role in {"change", "equal"} else {part.role}
    if position == 0:
        before = [f for f in text.figures if part.sentence - 3 <= f.sentence < part.sentence
                  and text.block[f.para] == text.block[part.para]]
    else:
        before = [f for f in text.by_sentence[part.sentence] if f.start < sentence.start + position]
    candidates = [f for f in before if f.role in roles and not f.aside]
    return candidates[-1] if candidates else None


_TEXTS = [ROOT / "budget_addin" / "data" / "source" / "changjiang2020_disclosure.txt",
          *sorted((ROOT / "tests" / "texts").glob("*.txt"))]


@pytest.mark.parametrize("unbind", [False, True], ids=["as-read", "some-unbound"])
@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_find_and_owner_over_indexed_scopes_match_the_scans(path: Path, unbind: bool) -> None:
    reading = read_figures(read_paragraphs(path))
    if unbind:  # figures named like an item but bound to none (matched by label): every third one
        reading.figures = [replace(f, item=None) if f.item and f.index % 3 == 0 else f for f in reading.figures]
    text = tx._Text(reading)
    items = sorted({f.item for f in text.figures if f.item})
    role_sets = [{"prior"}, {"amount", "count"}, {"change", "equal"}, {"amount"}]
    asked = found = 0
    for near in text.figures:
        assert text.owner(near) == _owner_by_scan(text, near)
        for roles, doc_wide, unit in itertools.product(role_sets, (True, False), (None, near.unit or "万元")):
            for item in (None, near.item, *items[:6]):
                expected = _find_by_scan(text, near, roles, item=item, unit=unit, doc_wide=doc_wide)
                assert text.find(near, roles, item=item, unit=unit, doc_wide=doc_wide) == expected
                asked += 1
                found += expected is not None
    assert found > asked // 20  # the scopes are hit, not only missed


def test_figure_and_ref_is_figure_and_figure_ref(seed_book: Book) -> None:
    emptied = Book(copy.deepcopy(seed_book.data))
    for table in ("details", "procurement", "staff"):
        if emptied.data.get(table):
            emptied.data[table] = []  # sums over an empty list count as unfilled
    for book in (seed_book, emptied):
        for subject in glossary.GLOSSARY:
            for refs in (subject.amount, (subject.count,) if subject.count else ()):
                assert glossary.figure_and_ref(book, refs) == (glossary.figure(book, refs),
                                                               glossary.figure_ref(book, refs))


def test_unlead_is_the_substitution_of_the_anchored_pattern() -> None:
    rng = random.Random(2)
    alphabet = [*"-•· \u30001234567890、.．（()）一二三四五六七十收入支出", "12、", "（3）", "(一)", "三、"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert figures._unlead(text) == figures._LEAD.sub("", text), text


_STARTED = [(figures._CLEAN, figures._CLEAN_START,
             [*'年万元一二三 \xa0"“”$*\\%0123456789.,，。（）', "\\geq", "\\ge", "\\leq", "\\le", "\\%", "**", '" "']),
            (tx._TEMPLATE, tx._TEMPLATE_START,
             [*"增减下上部（()）XＸ×x/年个人%元万 。；", "增加", "减少", "增长", "下降", "上升", "部门应根据",
              "根据实际情况", "万元", "XX", "××"]),
            (figures._CN_COUNT, figures._CN_START, [*"两二三四五六七八九十一百千万第个名人 a", "十二", "二十三"]),
            (figures._NIL, figures._NIL_START, [*"无结余转资金有", "结转资金", "无结余"]),
            (figures._EQUAL, figures._EQUAL_START,
             [*"与较比同上年度一 2019相比较，,持平无增减变化没有保不基本初预算数", "年初预算数", "基本持平", "无变化",
              "与上年相比，"])]


@pytest.mark.parametrize(("pattern", "starts", "alphabet"), _STARTED,
                         ids=["clean", "template", "figure-count-in-words", "figure-nil", "figure-equal"])
def test_finditer_from_the_start_characters_is_finditer(pattern: re.Pattern[str], starts: re.Pattern[str],
                                                        alphabet: list[str]) -> None:
    rng = random.Random(5)
    found = 0
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        expected = [(m.span(), m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m.group()) for m in finditer_from(pattern, starts, text)] == expected, text
        found += len(expected)
    assert found > 1000


# -- records filled in one step, judgements without intervals ----------------------------------------


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_figures_and_claims_made_as_records_equal_the_constructed_ones(path: Path) -> None:
    paragraphs = read_paragraphs(path)
    # and the claims whose kind is changed after they are made (a prior-year amount, an implied change)
    remade = c.extract(["2020 年上年预算数 3169.3 万元。", "专项支出增加 40 万元，社区惠民项目区级资金 40 万元。"])
    assert [claim.kind for claim in remade] == ["prior", "change", "change"]
    made = [*read_figures(paragraphs).figures, *c.extract([p.text for p in paragraphs]), *remade]
    assert len(made) > 20
    kinds = set()
    for record in made:
        names = [f.name for f in dataclasses.fields(record)]
        assert list(vars(record)) == names  # every field given, in field order (no default left out)
        rebuilt = type(record)(**{name: getattr(record, name) for name in names})
        assert rebuilt == record and hash(rebuilt) == hash(record) and repr(rebuilt) == repr(record)
        kinds.add(getattr(record, "kind", None) or getattr(record, "role", None))
    assert {"amount", "change", "share"} <= kinds


def test_judge_equals_the_shown_intervals_meeting_the_computed_one() -> None:
    values = [Decimal(x) for x in ("0", "0.005", "-0.005", "1.23", "1.225", "1.235", "-1.23", "-1.225", "1.2", "1.3",
                                   "-1.2", "-1.3", "12", "0.01", "-0.01", "1.22", "1.24", "0.1")]
    judged = {True: 0, False: 0}
    for stated, decimals, lo, hi, lo_open, hi_open in itertools.product(values, (0, 1, 2), values, values,
                                                                        (False, True), (False, True)):
        if lo > hi:
            continue
        computed = calc.Interval(lo, hi, hi_open, lo_open)
        judgement = calc.judge(stated, decimals, computed)
        assert judgement.rounded_ok == calc.shown(stated, decimals, "round").meets(computed)
        assert judgement.truncated_ok == calc.shown(stated, decimals, "truncate").meets(computed)
        assert (judgement.stated, judgement.decimals, judgement.computed) == (stated, decimals, computed)
        judged[judgement.truncated_ok and not judgement.rounded_ok] += 1
    assert judged[True] > 100  # the cases where only truncation holds are met, not only agreement or neither


def _judged_texts(book: Book) -> list[list[c.JudgedClaim]]:
    """The seed's 情况说明 sheet and every test text judged against the seed workbook's tables."""
    return [c.judge_text(book), *(c.judge_text(book, path) for path in _TEXTS)]


def test_judged_claims_and_checks_made_as_records_equal_the_constructed_ones(seed_book: Book) -> None:
    checked = 0
    for judged in _judged_texts(seed_book):
        for claim in judged:
            for made in (claim, *claim.checks):
                names = [f.name for f in dataclasses.fields(made)]
                assert list(vars(made)) == names
                rebuilt = type(made)(**{name: getattr(made, name) for name in names})
                assert rebuilt == made and hash(rebuilt) == hash(made) and repr(rebuilt) == repr(made)
                checked += 1
    assert checked > 500


def test_sum_checks_passing_over_unstated_parts_equal_the_full_scan(seed_book: Book) -> None:
    found = 0
    for judged in _judged_texts(seed_book):
        blocks = [block for block in c._blocks(judged) if block]
        stated = {ref for block in blocks for ref in block}
        for breakdown in (*glossary.BREAKDOWNS, *c.detail_breakdowns(seed_book)):
            pruned = list(c._sum_checks(seed_book, breakdown, blocks, stated))
            assert pruned == list(c._sum_checks(seed_book, breakdown, blocks))  # every part looked up in every block
            found += len(pruned)
    assert found > 0


def _judge_sum_by_intervals(total: tuple[Decimal, int], parts: list[tuple[Decimal, int]],
                            complete: bool) -> c.SumVerdict | None:
    """``claims.judge_sum`` as it was: an interval per part, added with calc.sum_interval."""
    summed = calc.sum_interval([calc.shown(value, places) for value, places in parts])
    exact_sum = sum((value for value, _ in parts), calc.ZERO)
    stated = calc.shown(total[0], total[1])
    if complete:
        if not summed.meets(stated):
            return c.SumVerdict("error", exact_sum, summed, True)
        return c.SumVerdict("ok" if exact_sum == total[0] else "info", exact_sum, summed, True)
    if total[0] < 0 or any(value < 0 for value, _ in parts):
        return None
    return c.SumVerdict("error" if summed.lo > stated.hi else "ok", exact_sum, summed, False)


def test_judge_sum_adding_bounds_equals_adding_intervals() -> None:
    rng = random.Random(11)
    severities: set[str | None] = set()
    for _ in range(20000):
        places = [rng.choice((0, 1, 2, 4, 9)) for _ in range(rng.randint(0, 5))]
        parts = [(Decimal(rng.randint(-300, 3000)).scaleb(-p) * rng.choice((1, 1, 1, -1)), p) for p in places]
        exact = sum((value for value, _ in parts), Decimal(0))
        shown = rng.choice((0, 1, 2))
        total = (exact + Decimal(rng.randint(-2, 2)).scaleb(-shown), shown)
        for complete in (True, False):
            verdict = c.judge_sum(total, parts, complete)
            expected = _judge_sum_by_intervals(total, parts, complete)
            assert repr(verdict) == repr(expected), (total, parts, complete)  # the Decimals' exponents too
            severities.add(verdict.severity if verdict else None)
    assert severities == {"ok", "info", "error", None}
