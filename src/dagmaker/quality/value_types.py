"""How Model Monitor types a value and a column (Deequ's DataType analyzer).

Every non-null value is read as text and classified by pattern: *Fractional* (optional
sign and space, digits, then a decimal part and/or an exponent: ``1.5``, ``-2e3``),
*Integral* (optional sign and space, digits), *Boolean* (``true`` / ``false``), else
*String*. ``.5``, ``5.``, ``NaN`` and ``1,000`` are Strings. A column's type follows from
the counts: Unknown when every value is null; String when any value is a String or
Booleans mix with numbers; Boolean when only Booleans; Fractional when any value is
Fractional; else Integral.

Model Monitor documents only Integral, Fractional, String and Unknown, so a Boolean
column is reported as String (its values ``true``/``false`` become categories).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNKNOWN = "Unknown"
FRACTIONAL = "Fractional"
INTEGRAL = "Integral"
BOOLEAN = "Boolean"
STRING = "String"
NUMERIC_TYPES = (INTEGRAL, FRACTIONAL)

# Deequ's patterns, matched against the whole value; [0-9] because Java's \d is ASCII-only.
INTEGRAL_PATTERN = r"[-+]? ?[0-9]+"
FRACTIONAL_PATTERN = r"[-+]? ?[0-9]+(?:\.[0-9]+|(?:\.[0-9]+)?[eE][-+]?[0-9]+)"
BOOLEAN_PATTERN = r"true|false"

_FRACTIONAL = re.compile(FRACTIONAL_PATTERN)
_INTEGRAL = re.compile(INTEGRAL_PATTERN)


def classify(text: str) -> str:
    """The Deequ type of one non-null value."""
    if _FRACTIONAL.fullmatch(text):
        return FRACTIONAL
    if _INTEGRAL.fullmatch(text):
        return INTEGRAL
    if text in ("true", "false"):
        return BOOLEAN
    return STRING


@dataclass
class TypeCounts:
    """How many values of a column fell in each Deequ type (nulls count as Unknown)."""

    unknown: int = 0
    fractional: int = 0
    integral: int = 0
    boolean: int = 0
    string: int = 0

    def add(self, other: TypeCounts) -> None:
        """Add another batch's counts to these."""
        self.unknown += other.unknown
        self.fractional += other.fractional
        self.integral += other.integral
        self.boolean += other.boolean
        self.string += other.string

    def add_type(self, type_name: str, count: int) -> None:
        """Count ``count`` more values of ``type_name``."""
        attribute = type_name.lower()
        setattr(self, attribute, getattr(self, attribute) + count)

    def of(self, type_name: str) -> int:
        """The count for one type name (``"Fractional"`` …)."""
        return int(getattr(self, type_name.lower()))

    @property
    def present(self) -> int:
        """Non-null values."""
        return self.fractional + self.integral + self.boolean + self.string

    @property
    def total(self) -> int:
        """All values, nulls included."""
        return self.present + self.unknown

    def column_type(self) -> str:
        """Deequ's decision for the whole column."""
        if self.present == 0:
            return UNKNOWN
        numbers = self.integral + self.fractional
        if self.string or (self.boolean and numbers):
            return STRING
        if self.boolean:
            return BOOLEAN
        return FRACTIONAL if self.fractional else INTEGRAL


def reported_type(deequ_type: str) -> str:
    """The ``inferred_type`` Model Monitor writes for a Deequ column type."""
    return STRING if deequ_type == BOOLEAN else deequ_type
