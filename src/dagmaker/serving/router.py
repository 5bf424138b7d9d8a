"""Which production variant answers a request: ``TargetVariant``, else by weight."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Sequence

from dagmaker.errors import InvalidRequest


class VariantRouter:
    """Picks a variant the way SageMaker splits traffic.

    Args:
        weights: ``(VariantName, weight)`` pairs in configuration order.
        rng: Uniform random numbers in [0, 1) (injected by tests).
    """

    def __init__(
        self, weights: Sequence[tuple[str, float]], rng: Callable[[], float] = random.random
    ) -> None:
        self.names = [name for name, _ in weights]
        self._cumulative = list(itertools.accumulate(max(0.0, w) for _, w in weights))
        self._rng = rng

    def pick(self, target: str = "") -> str:
        """The variant named ``target``, or one drawn in proportion to the weights.

        Raises:
            InvalidRequest: for an unknown target, or when every weight is zero and no
                target is named.
        """
        if target:
            if target not in self.names:
                raise InvalidRequest(
                    f"TargetVariant {target!r} is not a variant of this endpoint; its variants "
                    f"are {', '.join(self.names)}",
                    field="TargetVariant",
                    value=target,
                )
            return target
        total = self._cumulative[-1] if self._cumulative else 0.0
        if total <= 0:
            raise InvalidRequest(
                "every production variant of this endpoint has weight 0; name one with "
                "TargetVariant or give a variant a positive weight",
                field="TargetVariant",
            )
        if len(self.names) == 1:
            return self.names[0]
        index = bisect.bisect_right(self._cumulative, self._rng() * total)
        return self.names[min(index, len(self.names) - 1)]
