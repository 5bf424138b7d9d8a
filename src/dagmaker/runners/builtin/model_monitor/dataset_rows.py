"""Rows of a plain dataset passed through a record pre-processing script.

For a CSV or JSON Lines baseline the handler receives each raw line of text (the header
line too — AWS's example returns ``[]`` for it) and returns what it returns for captured
records: a dict, a list of dicts, or ``[]``.
"""

from __future__ import annotations

from pathlib import Path

from dagmaker.errors import JobFailure
from dagmaker.quality.sources import dataset_files
from dagmaker.runners.builtin.model_monitor.capture_rows import add_handler_result
from dagmaker.runners.builtin.model_monitor.rows import RowCollector
from dagmaker.runners.builtin.model_monitor.user_scripts import Preprocessor


def preprocessed_lines(source: Path, kind: str, preprocessor: Preprocessor) -> RowCollector:
    """Rows from every line of every file of the dataset at ``source``.

    Raises:
        JobFailure: for Parquet, which has no lines to hand over.
    """
    if kind == "parquet":
        raise JobFailure(
            "ClientError: a record_preprocessor_script works on text lines; it cannot be "
            "used with a Parquet dataset",
            field="record_preprocessor_script",
        )
    rows = RowCollector()
    for path in dataset_files(source):
        with path.open(encoding="utf-8", errors="replace", newline="") as stream:
            for number, line in enumerate(stream, 1):
                text = line.rstrip("\r\n")
                if text:
                    where = f"{path.name} line {number}"
                    add_handler_result(rows, preprocessor(text, where), where)
    return rows
