"""Something at every ``s3://`` URI a definition names, so its jobs get past their inputs.

A ``.py`` key gets a script that prints its arguments, a ``.tar.gz`` key a source
bundle holding such scripts, a key that looks like a folder a small CSV inside it,
anything else a small CSV. Written once: a URI that already holds data is left alone.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from typing import Any

from dagmaker.errors import DagmakerError

SCRIPT = b"import sys\nprint('ran with', sys.argv[1:])\n"
ROWS = b"1.0,0.5,0.25\n2.0,0.1,0.75\n3.0,0.9,0.5\n"


def _strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item


def _bundle() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in ("preprocess.py", "train.py", "evaluate.py", "inference.py", "code.py"):
            info = tarfile.TarInfo(name)
            info.size = len(SCRIPT)
            archive.addfile(info, io.BytesIO(SCRIPT))
    return buffer.getvalue()


def content_for(uri: str) -> tuple[str, bytes]:
    """The URI to write (a folder gets a file inside) and the bytes to put there."""
    key = uri.rstrip("/")
    if key.endswith(".py"):
        return key, SCRIPT
    if key.endswith((".tar.gz", ".tgz")):
        return key, _bundle()
    if key.endswith(".json"):
        return key, b'{"metrics": {"mse": {"value": 0.5}}, "regression_metrics": {}}'
    if "." in key.rsplit("/", 1)[-1]:
        return key, ROWS
    return f"{key}/data.csv", ROWS


def fill_uris(store: Any, definition: dict[str, Any]) -> None:
    """Write something at every well-formed ``s3://`` URI in ``definition``.

    Hyperparameters hold some URIs JSON-quoted (``"\\"s3://…\\""``); those count too.
    """
    for text in _strings(definition):
        text = text.strip('"')
        if not text.startswith("s3://") or len(text.split("/")) < 4:
            continue
        uri, data = content_for(text)
        try:
            if not store.exists(uri):
                store.write_bytes(uri, data)
        except DagmakerError:
            continue  # a URI the store refuses (a bad bucket name): the job must say so


def map_images(client: Any, definition: dict[str, Any]) -> None:
    """Map every container image the definition names that dagmaker does not know to Python."""
    from dagmaker.runners.images import ImageTable, UnmappedImage

    table = ImageTable(client.services.images.all)
    for text in _strings(definition):
        if ".dkr.ecr." not in text:
            continue
        try:
            table.runtime(text)
        except UnmappedImage:
            client.put_image_mapping(Image=text, Runtime="python")
