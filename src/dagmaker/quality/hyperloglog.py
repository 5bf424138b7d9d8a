"""A HyperLogLog distinct-value estimate for string columns with many values.

Model Monitor's ``distinct_count`` is an estimate (a double). Low-cardinality columns are
counted exactly (``categories``); once a column has too many distinct values to keep,
this sketch takes over: 2**14 registers (about 0.8 % standard error), a 64-bit hash of
each value's UTF-8 bytes computed for a whole arrow batch with numpy, and the small-range
(linear counting) correction.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pyarrow as pa

PRECISION = 14
REGISTERS = 1 << PRECISION
_REST_BITS = 64 - PRECISION
U64 = npt.NDArray[np.uint64]


def _mix(values: U64) -> U64:
    """SplitMix64's finaliser: every input bit affects every output bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def hash_strings(values: pa.Array) -> U64:
    """A 64-bit hash per value of a string array without nulls.

    Each byte is mixed with its position in the value, the mixes of a value are added,
    and the sum is mixed with the value's length.
    """
    count = len(values)
    offsets = np.frombuffer(
        values.buffers()[1], dtype=np.int32, count=count + 1, offset=values.offset * 4
    ).astype(np.int64)
    lengths = np.diff(offsets)
    data = np.frombuffer(values.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    sums = np.zeros(count, dtype=np.uint64)
    if data.size:
        starts = offsets[:-1] - offsets[0]
        owner = np.repeat(np.arange(count), lengths)
        position = np.arange(data.size, dtype=np.int64) - starts[owner]
        keyed = data.astype(np.uint64) | (position.astype(np.uint64) << np.uint64(8))
        mixed = _mix(keyed + np.uint64(1))
        nonempty = lengths > 0
        sums[nonempty] = np.add.reduceat(mixed, starts[nonempty])
    return _mix(sums ^ _mix(lengths.astype(np.uint64)))


class HyperLogLog:
    """Registers of a HyperLogLog sketch."""

    def __init__(self) -> None:
        self.registers = np.zeros(REGISTERS, dtype=np.uint8)

    def add_hashes(self, hashes: U64) -> None:
        """Record hashed values."""
        if hashes.size == 0:
            return
        index = (hashes >> np.uint64(_REST_BITS)).astype(np.intp)
        rest = hashes & np.uint64((1 << _REST_BITS) - 1)
        # rest < 2**50 converts to a double exactly, so frexp gives its bit length.
        bit_length = np.frexp(rest.astype(np.float64))[1]
        rank = (_REST_BITS - bit_length + 1).astype(np.uint8)
        np.maximum.at(self.registers, index, rank)

    def add_strings(self, values: pa.Array) -> None:
        """Record every value of a string array without nulls."""
        self.add_hashes(hash_strings(values))

    def estimate(self) -> float:
        """The estimated number of distinct values recorded."""
        alpha = 0.7213 / (1.0 + 1.079 / REGISTERS)
        harmonic = float(np.sum(np.ldexp(1.0, -self.registers.astype(np.int64))))
        raw = alpha * REGISTERS * REGISTERS / harmonic
        zeros = int(np.count_nonzero(self.registers == 0))
        if raw <= 2.5 * REGISTERS and zeros:
            return REGISTERS * math.log(REGISTERS / zeros)
        return raw
