"""Who is in which group: Clarify's rules for labels, facets and group variables.

A label or facet is given as a list of values or as one threshold:

- several values, or a column that is not numeric → *categorical*: a record belongs when
  its value is one of them;
- one value on a numeric column that is *continuous* → *threshold*: a record belongs when
  its value is strictly greater (the interval ``(t, max]``, as Clarify prints it);
- a facet without values → one result per distinct value, each against all the others.

A numeric column is continuous when it holds fractions (``0.5``, ``1e3``), or whole
numbers with at least 5% distinct values — except that a column of two values or fewer
is always categorical (a 0/1 column is a class, whatever the sample size).

The selected group is facet *d* (the one the metrics ask about); the rest is facet *a*.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dagmaker.errors import DagmakerError

CONTINUOUS_DISTINCT_SHARE = 0.05
_WHOLE = re.compile(r"^[+-]?\d+$")


class BiasInputError(DagmakerError):
    """The data or configuration of a bias analysis cannot be used."""

    headline = "Invalid bias analysis input"


@dataclass(frozen=True)
class Selection:
    """One group of records.

    Attributes:
        mask: True for the records in the group.
        description: ``value_or_threshold`` as Clarify writes it (``"1"``, ``"a,b"``,
            ``"(0.5, 0.99]"``).
    """

    mask: np.ndarray
    description: str


def cell_text(value: object) -> str:
    """A cell as text (JSON numbers keep their JSON spelling)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value).strip()


def as_numbers(values: Sequence[object]) -> np.ndarray | None:
    """The column as floats, or None when some value is not a number."""
    if all(type(v) is str for v in values):  # CSV cells: numpy parses them in one go
        try:
            return np.array(values, dtype=float)
        except ValueError:
            return None
    numbers = np.empty(len(values))
    for row, value in enumerate(values):
        if isinstance(value, bool):
            return None
        try:
            numbers[row] = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return numbers


def _is_whole(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(_WHOLE.match(value.strip()))


def is_continuous(values: Sequence[object], numbers: np.ndarray) -> bool:
    """Whether a numeric column is continuous (see the module notes)."""
    distinct = len(np.unique(numbers))
    if distinct <= 2:
        return False
    if not all(_is_whole(v) for v in values):
        return True
    return distinct >= CONTINUOUS_DISTINCT_SHARE * len(values)


@dataclass(frozen=True)
class Rule:
    """How records are chosen: above a threshold, or by value.

    Attributes:
        column: The column the rule was made for (for messages).
        threshold: Records strictly above it match; None for a rule by value.
        values: The chosen values as text (rule by value).
        numbers: The chosen values that are numbers (so ``1`` also matches ``1.0``).
        description: ``value_or_threshold`` as Clarify writes it.
    """

    column: str
    threshold: float | None
    values: frozenset[str]
    numbers: frozenset[float]
    description: str

    def matches(self, cells: Sequence[object], what: str = "") -> np.ndarray:
        """True for the cells the rule chooses.

        Raises:
            BiasInputError: when a threshold rule meets a value that is not a number.
        """
        if self.threshold is None:
            return np.array([_matches(v, self.values, self.numbers) for v in cells], dtype=bool)
        numbers = as_numbers(cells)
        if numbers is None:
            raise _not_a_number(what or self.column, cells)
        return np.asarray(numbers > self.threshold)


def rule(column: str, values: Sequence[object], given: Sequence[object]) -> Rule:
    """The rule ``given`` (values, or one threshold) makes for ``column``.

    Raises:
        BiasInputError: for a numeric threshold on a column mixing numbers and text.
    """
    numbers = as_numbers(values)
    if len(given) == 1 and numbers is not None and is_continuous(values, numbers):
        threshold = _number(given[0])
        if threshold is None:
            raise BiasInputError(
                f"the threshold for numeric column {column} must be a number", value=given[0]
            )
        top = _spelled(float(numbers.max()), values)
        return Rule(column, threshold, frozenset(), frozenset(), f"({cell_text(given[0])}, {top}]")
    numeric_given = len(given) == 1 and _number(given[0]) is not None
    # A numeric threshold on a column of mostly numbers: a stray text value, not a class.
    if numeric_given and numbers is None and any(_number(v) is not None for v in values):
        raise _not_a_number(column, values)
    return Rule(
        column,
        None,
        frozenset(cell_text(v) for v in given),
        frozenset(n for n in (_number(v) for v in given) if n is not None),
        ",".join(cell_text(v) for v in given),
    )


def select(column: str, values: Sequence[object], given: Sequence[object]) -> Selection:
    """The records whose ``column`` matches ``given`` (values, or one threshold).

    Raises:
        BiasInputError: when no record matches, naming the column and the values.
    """
    chosen = rule(column, values, given)
    mask = chosen.matches(values)
    if mask.any():
        return Selection(mask, chosen.description)
    numbers = as_numbers(values)
    if chosen.threshold is not None and numbers is not None:
        raise BiasInputError(
            f"no record has {column} above the threshold {cell_text(given[0])} (the largest "
            f"value is {_spelled(float(numbers.max()), values)}); lower the threshold",
            field=column,
        )
    seen = sorted({cell_text(v) for v in values})
    raise BiasInputError(
        f"no record has {column} = {chosen.description}; the column holds "
        f"{', '.join(repr(s) for s in seen[:10])}{' …' if len(seen) > 10 else ''}",
        field=column,
        value=list(given),
    )


def one_vs_rest(column: str, values: Sequence[object]) -> list[Selection]:
    """One group per distinct value (a facet given without values).

    Raises:
        BiasInputError: for a continuous column, which needs a threshold instead.
    """
    numbers = as_numbers(values)
    if numbers is not None and is_continuous(values, numbers):
        raise BiasInputError(
            f"facet {column} is continuous ({len(np.unique(numbers))} distinct numbers); "
            "give value_or_threshold: a threshold, or the values of the group",
            field=column,
        )
    texts = [cell_text(v) for v in values]
    distinct = sorted(set(texts), key=lambda t: (_number(t) is None, _number(t) or 0.0, t))
    return [Selection(np.array([t == d for t in texts], dtype=bool), d) for d in distinct]


def _spelled(number: float, values: Sequence[object]) -> str:
    return str(int(number)) if all(_is_whole(v) for v in values) else repr(number)


def _not_a_number(column: str, values: Sequence[object]) -> BiasInputError:
    """The error for a column that should hold numbers, naming its first other value."""
    row, value = next((row, v) for row, v in enumerate(values, start=1) if as_numbers([v]) is None)
    holds = f"holds {cell_text(value)!r}" if cell_text(value) else "is empty"
    return BiasInputError(
        f"column {column} mixes numbers and text (record {row} {holds}); a numeric threshold "
        "needs a number in every record",
        field=column,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _matches(value: object, wanted: frozenset[str], wanted_numbers: frozenset[float]) -> bool:
    if cell_text(value) in wanted:
        return True
    number = _number(value)
    return number is not None and number in wanted_numbers
