"""Reading the next batch while the current one is profiled.

Parsing (arrow) and profiling (arrow and numpy) both release the GIL for their heavy
work, so a reader thread one batch ahead keeps both cores busy. The queue holds one
batch: memory stays at a few batches whatever the file size.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from queue import Empty, Full, Queue
from typing import Generic, TypeVar

T = TypeVar("T")
_POLL_SECONDS = 0.1


class _End:
    """Marks the end of the stream."""


@dataclass(frozen=True)
class _Item(Generic[T]):
    value: T


def prefetched(items: Iterator[T]) -> Iterator[T]:
    """Yield ``items``, produced by a background thread one item ahead.

    An exception raised while producing is raised here, at the point it was reached.
    Leaving the loop early stops the producer.
    """
    queue: Queue[_Item[T] | BaseException | _End] = Queue(maxsize=1)
    stop = threading.Event()

    def offer(entry: _Item[T] | BaseException | _End) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=_POLL_SECONDS)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(_Item(item)):
                    return
            offer(_End())
        except BaseException as error:  # handed to the consumer, raised there
            offer(error)

    worker = threading.Thread(target=produce, name="dagmaker-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            entry = queue.get()
            if isinstance(entry, _End):
                return
            if isinstance(entry, BaseException):
                raise entry
            yield entry.value
    finally:
        stop.set()
        with suppress(Empty):
            queue.get_nowait()  # unblock a producer waiting to put
        worker.join()
