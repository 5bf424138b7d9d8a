"""The per-user index of botocore's models: written once, then read one shape at a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagmaker.definition import service_model

NAMES = ["PipelineName", "CreatePipelineRequest", "ProcessingInstanceType", "TagList"]


def test_the_index_answers_every_shape_as_the_parsed_model_does(tmp_path: Path) -> None:
    path = service_model._model_path("sagemaker")
    shapes = service_model._parse(path)["shapes"]
    index_file = tmp_path / "sagemaker.sqlite3"
    service_model._write_index(index_file, shapes)
    index = service_model._ShapeIndex(index_file)
    assert len(index) == len(shapes)
    assert all(index[name] == shapes[name] for name in shapes)
    assert "NoSuchShape" not in index
    with pytest.raises(KeyError):
        index["NoSuchShape"]
    assert not list(tmp_path.glob("*.partial"))


def _shape_in_new_process(cache: Path) -> list[object]:
    probe = (
        "import json; from dagmaker.definition import service_model as m;"
        "model = m.model('sagemaker'); shapes = [model.shape(n) for n in "
        f"{NAMES!r}]; print(json.dumps([dict(vars(s), required=sorted(s.required)) "
        "for s in shapes]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        text=True,
        check=True,
    )
    result: list[object] = json.loads(done.stdout)
    return result


def test_the_first_process_writes_the_index_and_the_next_reads_it(tmp_path: Path) -> None:
    first = _shape_in_new_process(tmp_path)
    written = list((tmp_path / "dagmaker" / "service-models").glob("sagemaker-*.sqlite3"))
    assert len(written) == 1
    assert _shape_in_new_process(tmp_path) == first


def test_without_a_writable_cache_the_model_is_parsed_whole(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    reference = _shape_in_new_process(tmp_path / "ok")
    assert _shape_in_new_process(blocked) == reference
