"""Reading an AutoML job's data files: CSV with a header row, or Parquet; Gzip allowed.

Every file of a channel is read and the rows stacked; the files must share their
columns. The format comes from the channel's ``ContentType``
(``text/csv;header=present``, ``x-application/vnd.amazon+parquet``) or, without one,
from each file (Parquet files start with ``PAR1``). The target column is read as text,
so class labels keep their spelling (``1`` stays ``1``, not ``1.0``).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd

from dagmaker.errors import JobFailure

PARQUET_TYPES = ("x-application/vnd.amazon+parquet", "application/x-parquet")
CSV = "text/csv"
_PARQUET_MAGIC = b"PAR1"


def data_files(folder: Path) -> list[Path]:
    """The data files under ``folder``, in name order (hidden files left out)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_channel(
    folder: Path, content_type: str | None, compression: str | None, target: str, channel: str
) -> pd.DataFrame:
    """Every row of the channel's files.

    Raises:
        JobFailure: when the channel has no file, a file cannot be read, or the files do
            not share their columns.
    """
    files = data_files(folder)
    if not files:
        raise JobFailure(f"the {channel} channel has no data files; check its S3Uri")
    frames = [_read_file(path, content_type, compression, target) for path in files]
    columns = list(frames[0].columns)
    for path, frame in zip(files[1:], frames[1:], strict=True):
        if list(frame.columns) != columns:
            raise JobFailure(
                f"{path.name} of the {channel} channel has columns {list(frame.columns)}, but "
                f"{files[0].name} has {columns}; every file needs the same header"
            )
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _read_file(
    path: Path, content_type: str | None, compression: str | None, target: str
) -> pd.DataFrame:
    raw = path.read_bytes()
    if compression == "Gzip" or raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise JobFailure(f"{path.name} is not gzip data ({error})") from None
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        if media in PARQUET_TYPES or (not media and raw[:4] == _PARQUET_MAGIC):
            return _parquet(raw, target)
        return _csv(raw, target, content_type or "")
    except (ValueError, UnicodeDecodeError, ImportError) as error:
        kind = "Parquet" if media in PARQUET_TYPES else "CSV"
        raise JobFailure(f"{path.name} cannot be read as {kind}: {error}") from None


def _csv(raw: bytes, target: str, content_type: str) -> pd.DataFrame:
    if "header=absent" in content_type.replace(" ", "").lower():
        raise JobFailure(
            "CSV input needs a header row naming the columns (ContentType "
            "text/csv;header=present); header=absent is not supported"
        )
    return pd.read_csv(io.BytesIO(raw), dtype={target: str}, keep_default_na=True)


def _parquet(raw: bytes, target: str) -> pd.DataFrame:
    frame = pd.read_parquet(io.BytesIO(raw))
    if target in frame.columns and frame[target].dtype != object:
        frame[target] = frame[target].map(_label_text, na_action="ignore")
    return frame


def _label_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` (through a temporary file, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    frame.to_parquet(partial, index=False)
    partial.replace(path)
