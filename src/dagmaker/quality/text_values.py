"""Type and parse a batch of text values at once, with the rules of ``value_types``.

A CSV column arrives as text. Matching Deequ's patterns value by value is exact but slow
(two regular expressions per value), so a batch first takes a fast path that is exact
for the shapes numbers usually have: arrow parses every value as a double, and a few
byte-level checks rule out the forms arrow accepts but Deequ calls String (``.5``,
``5.``, ``inf``, ``nan``). After those checks a value is Fractional exactly when it holds
a ``.`` or an exponent, else Integral. Anything the fast path cannot vouch for goes
through the patterns themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dagmaker.quality.value_types import (
    BOOLEAN_PATTERN,
    FRACTIONAL_PATTERN,
    INTEGRAL_PATTERN,
    TypeCounts,
)

Floats = npt.NDArray[np.float64]
_DOT, _MINUS, _PLUS, _LOWER_E, _LOWER_N, _ZERO = 46, 45, 43, 101, 110, 48
_PROBE_BYTES = 4096


@dataclass
class TextBatch:
    """What a batch of non-null text values holds.

    Attributes:
        counts: Values per Deequ type.
        numbers: The values as doubles, in order, when every value is Integral or
            Fractional; None otherwise.
    """

    counts: TypeCounts
    numbers: Floats | None


def classify_batch(values: pa.Array) -> TextBatch:
    """Type every value of ``values`` (a string array without nulls)."""
    fast = numeric_batch(values)
    return fast if fast is not None else _by_pattern(values)


def _buffers(values: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    offsets = np.frombuffer(
        values.buffers()[1], dtype=np.int32, count=len(values) + 1, offset=values.offset * 4
    ).astype(np.int64)
    data = np.frombuffer(values.buffers()[2] or b"", dtype=np.uint8)
    return offsets - offsets[0], data[offsets[0] : offsets[-1]]


def numeric_batch(values: pa.Array) -> TextBatch | None:
    """The batch typed and parsed, when the fast path can vouch that all are numbers.

    None means "not shown to be all numbers" (the patterns decide then), not "text".
    """
    if values.type != pa.string() or len(values) == 0:
        return None
    offsets, data = _buffers(values)
    starts, ends = offsets[:-1], offsets[1:]
    # A text column shows itself in its first bytes; a failed cast would cost far more.
    if np.any(ends == starts) or not _number_bytes(data[:_PROBE_BYTES]):
        return None
    try:
        parsed = pc.cast(values, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # Arrow's grammar is Deequ's plus "inf"/"nan"/"infinity" (each holds an n), a '.'
    # with no digit before it (".5", "-.5") and one with none after it ("5.", "5.e3").
    lowered = data | np.uint8(0x20)
    if np.any(lowered == _LOWER_N):
        return None
    dots = data == _DOT
    exponents = lowered == _LOWER_E
    if not _dots_between_digits(data, starts, ends, dots, exponents):
        return None
    # A value arrow accepts holds at most one '.' and one exponent.
    fractional = int(np.count_nonzero(dots))
    if np.any(exponents):
        marks = np.flatnonzero(dots | exponents)
        owners = np.searchsorted(ends, marks, side="right")  # sorted, as marks are
        fractional = 1 + int(np.count_nonzero(np.diff(owners)))
    counts = TypeCounts(fractional=fractional, integral=len(values) - fractional)
    return TextBatch(counts, doubles(parsed))


def _number_bytes(data: npt.NDArray[np.uint8]) -> bool:
    """Whether every byte is a digit, a sign, '.', 'e' or 'E'."""
    allowed = (data - np.uint8(_ZERO)) < 10
    for byte in (_DOT, _MINUS, _PLUS):
        allowed |= data == byte
    allowed |= (data | np.uint8(0x20)) == _LOWER_E
    return bool(np.all(allowed))


def _dots_between_digits(
    data: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    dots: npt.NDArray[np.bool_],
    exponents: npt.NDArray[np.bool_],
) -> bool:
    """For values arrow parsed: whether every '.' has a digit on both sides."""
    if not np.any(dots):
        return True
    first = data[starts]
    after_sign = data[np.minimum(starts + 1, data.size - 1)]
    if np.any(first == _DOT) or np.any((first == _MINUS) & (after_sign == _DOT)):
        return False
    if np.any(data[ends - 1] == _DOT):
        return False
    # Inside a value arrow accepted, what follows a '.' is a digit or an exponent.
    return not bool(np.any(dots[:-1] & exponents[1:]))


def _by_pattern(values: pa.Array) -> TextBatch:
    text = values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    fractional = pc.match_substring_regex(text, f"^(?:{FRACTIONAL_PATTERN})$")
    integral = pc.match_substring_regex(text, f"^(?:{INTEGRAL_PATTERN})$")
    boolean = pc.match_substring_regex(text, f"^(?:{BOOLEAN_PATTERN})$")
    n_fractional = pc.sum(fractional).as_py() or 0
    n_integral = pc.sum(pc.and_not(integral, fractional)).as_py() or 0
    n_boolean = pc.sum(boolean).as_py() or 0
    counts = TypeCounts(
        fractional=n_fractional,
        integral=n_integral,
        boolean=n_boolean,
        string=len(text) - n_fractional - n_integral - n_boolean,
    )
    numbers = None
    if counts.string == 0 and counts.boolean == 0:
        numbers = parse_numbers(text)
    return TextBatch(counts, numbers)


def parse_numbers(text: pa.Array) -> Floats:
    """Doubles from values that all match the Integral or Fractional pattern."""
    # Deequ's patterns allow "+" and one space after the sign; arrow's parser neither.
    tidy = pc.replace_substring_regex(text, r"^([-+]?) ", r"\1")
    tidy = pc.replace_substring_regex(tidy, r"^\+", "")
    return doubles(pc.cast(tidy, pa.float64()))


def doubles(array: pa.Array) -> Floats:
    """A float64 arrow array without nulls as a numpy array over the same memory.

    Read from the buffer directly: pyarrow's ``to_numpy`` imports pandas when it is
    installed, a quarter of a second per process for nothing.
    """
    values: Floats = np.frombuffer(
        array.buffers()[1], dtype=np.float64, count=len(array), offset=array.offset * 8
    )
    return values
