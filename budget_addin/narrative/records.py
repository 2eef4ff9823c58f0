"""Frozen records made in the readers' hot loops.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (about 0.2 µs a field): the
readers make a :class:`~budget_addin.narrative.figures.Figure` or a claim for every figure of every text, so
they fill the instance's ``__dict__`` in one step instead. The record is the same — equality, hash and repr
read the fields — as long as every field is given (a default is not filled in here) and the class has no
``__post_init__`` and no slots.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T], fields: dict[str, Any]) -> T:
    """``cls(**fields)`` for a frozen dataclass given every one of its fields, in field order."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made
