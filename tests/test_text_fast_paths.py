"""The fast paths of the text checks give what the plain scans they replace give.

Each index or precomputed table of the narrative (made for speed: a batch checks 1,000 texts) is compared with
the straightforward scan it stands for, on the words of the vocabulary combined in the ways texts combine them.
"""

from __future__ import annotations

import itertools
import random

from budget_addin.narrative import vocabulary as v

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
    labels |= {"".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) for _ in range(20000)}
    chars = sorted({c for word in pool for c in word})
    labels |= {"".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(20000)}
    named = 0
    for label in sorted(labels):
        expected = v._item_of_by_scan(label)
        assert v.item_of(label) == expected, label
        named += expected is not None
    assert named > len(_TERMS)  # the labels exercise the term scan, not only misses
