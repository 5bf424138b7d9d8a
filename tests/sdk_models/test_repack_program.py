"""dagmaker's repack program, run as the repack training job runs it (sh or python3)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from dagmaker.workflow._repack import REPACK_SCRIPT_LAUNCHER, helper_paths
from dagmaker.workflow._repack._repack_model import build_model_tree, find_archive
from tests.sdk_models.helpers import tar_bytes


@pytest.fixture
def job(tmp_path: Path) -> Path:
    """A job layout: code dir with the helpers and user code, a channel with the model."""
    code = tmp_path / "code"
    code.mkdir()
    for helper in helper_paths():
        shutil.copy2(helper, code / helper.name)
    (code / "inference.py").write_text("def model_fn(d):\n    return d\n")
    (code / "util.py").write_text("X = 1\n")
    (code / "helpers").mkdir()
    (code / "helpers" / "scale.py").write_text("F = 2\n")
    channel = tmp_path / "data" / "training"
    channel.mkdir(parents=True)
    (channel / "model.tar.gz").write_bytes(tar_bytes({"weights.bin": b"w", "code/old.py": b""}))
    (tmp_path / "model").mkdir()
    return tmp_path


def _run(job: Path, interpreter: str, **hyperparameters: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        {f"SM_HP_{name.upper()}": value for name, value in hyperparameters.items()},
        SM_CHANNEL_TRAINING=str(job / "data" / "training"),
        SM_MODEL_DIR=str(job / "model"),
    )
    command = [interpreter, REPACK_SCRIPT_LAUNCHER]
    return subprocess.run(
        command, cwd=job / "code", env=env, capture_output=True, text=True, check=False
    )


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("interpreter", ["sh", sys.executable])
def test_source_dir_puts_the_whole_code_directory_under_code(job: Path, interpreter: str) -> None:
    result = _run(
        job,
        interpreter,
        inference_script="inference.py",
        model_archive="s3://bucket/train/output/model.tar.gz",
        source_dir="src",
        dependencies="libs/helpers",
    )
    assert result.returncode == 0, result.stderr
    assert _files(job / "model") == {
        "weights.bin",
        "code/inference.py",
        "code/util.py",
        "code/helpers/scale.py",
        "code/lib/helpers/scale.py",
    }


@pytest.mark.parametrize("absent", ["", "null", "None"])
def test_without_source_dir_only_the_entry_point_is_added(job: Path, absent: str) -> None:
    result = _run(
        job,
        sys.executable,
        inference_script="inference.py",
        model_archive="s3://bucket/model.tar.gz",
        source_dir=absent,
        dependencies=absent,
    )
    assert result.returncode == 0, result.stderr
    assert _files(job / "model") == {"weights.bin", "code/old.py", "code/inference.py"}


def test_a_missing_entry_point_fails_with_its_name(job: Path) -> None:
    result = _run(job, "sh", inference_script="serve.py", model_archive="m.tar.gz", source_dir="")
    assert result.returncode != 0
    assert "the inference script 'serve.py' is not in the job's code directory" in result.stderr


def test_the_archive_is_found_by_name_or_as_the_only_file(tmp_path: Path) -> None:
    (tmp_path / "a.tar.gz").write_bytes(b"")
    assert find_archive(tmp_path, "s3://b/other.tar.gz") == tmp_path / "a.tar.gz"
    (tmp_path / "b.tar.gz").write_bytes(b"")
    assert find_archive(tmp_path, "s3://b/b.tar.gz") == tmp_path / "b.tar.gz"
    with pytest.raises(FileNotFoundError, match=r"found a\.tar\.gz, b\.tar\.gz"):
        find_archive(tmp_path, "s3://b/model.tar.gz")


def test_archives_cannot_write_outside_the_model_directory(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    (tmp_path / "evil.tar.gz").write_bytes(buffer.getvalue())
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "inference.py").write_text("")
    with pytest.raises(tarfile.OutsideDestinationError):
        build_model_tree(
            tmp_path / "evil.tar.gz", tmp_path / "code", tmp_path / "out", "inference.py", False, []
        )
    assert not (tmp_path / "escape.txt").exists()
