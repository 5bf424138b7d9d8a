"""Repack a model archive with its inference code (dagmaker's implementation).

Runs inside the repack training job that ``ModelStep`` adds in front of a model
step. The job's ``training`` channel holds the model archive and its code directory
(where this file is) holds the user's inference code. The archive is unpacked into
the model directory and the code is put under ``code/``; the training job then packs
the model directory as the new ``model.tar.gz``.

Parameters come as options or, when an option is not given, from the job's
``SM_HP_<NAME>`` environment variables:

* ``--inference_script``: the entry point's file name;
* ``--model_archive``: the archive's URI (its file name is looked up in the channel);
* ``--source_dir``: set when the whole code directory is inference code; empty, ``null``
  or ``None`` when only the entry point is;
* ``--dependencies``: space-separated dependency paths; each is found in the code
  directory under its last path component and copied to ``code/lib/``.

This file needs only the standard library: it runs in whatever Python the job has.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tarfile
from pathlib import Path

HELPER_FILES = ("_repack_model.py", "_repack_script_launcher.sh")
_ABSENT = ("", "null", "None")


def build_model_tree(
    archive: Path,
    code_dir: Path,
    target: Path,
    inference_script: str,
    whole_code_dir: bool,
    dependencies: list[str],
) -> None:
    """Unpack ``archive`` into ``target`` and add the inference code under ``code/``.

    Args:
        archive: The model archive (``.tar.gz``).
        code_dir: Where the inference code is.
        target: The directory to fill (created if needed).
        inference_script: The entry point, relative to ``code_dir``.
        whole_code_dir: Copy all of ``code_dir`` (a ``source_dir`` was given) instead of
            just the entry point; an existing ``code/`` in the archive is replaced then.
        dependencies: Dependency paths; each is taken from ``code_dir`` by its last
            path component.

    Raises:
        FileNotFoundError: when the entry point or a dependency is missing.
    """
    target.mkdir(parents=True, exist_ok=True)
    _extract(archive, target)
    code = target / "code"
    if whole_code_dir:
        shutil.rmtree(code, ignore_errors=True)
        shutil.copytree(code_dir, code, ignore=shutil.ignore_patterns(*HELPER_FILES))
    else:
        script = _existing(code_dir / inference_script, "inference script")
        (code / inference_script).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(script, code / inference_script)
    for dependency in dependencies:
        _copy_dependency(code_dir, dependency, code / "lib")


def _extract(archive: Path, target: Path) -> None:
    with tarfile.open(archive, mode="r:*") as tar:
        # The "data" filter refuses absolute paths, ".." and links leaving the target.
        tar.extractall(target, filter="data")


def _existing(path: Path, what: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"the {what} {path.name!r} is not in the job's code directory")
    return path


def _copy_dependency(code_dir: Path, dependency: str, lib: Path) -> None:
    name = Path(dependency.rstrip("/")).name
    source = _existing(code_dir / name, f"dependency {dependency!r} (looked up as)")
    lib.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, lib / name, dirs_exist_ok=True)
    else:
        shutil.copy2(source, lib / name)


def find_archive(data_dir: Path, model_archive: str) -> Path:
    """The model archive in the training channel: by the URI's file name, else the only one.

    Raises:
        FileNotFoundError: when it cannot be told which file is the archive.
    """
    named = data_dir / model_archive.rstrip("/").split("/")[-1]
    if named.is_file():
        return named
    candidates = sorted(p for p in data_dir.rglob("*") if p.is_file())
    if len(candidates) == 1:
        return candidates[0]
    found = ", ".join(p.name for p in candidates) or "no files"
    raise FileNotFoundError(
        f"cannot find the model archive {model_archive!r} in {data_dir} (found {found})"
    )


def _present(value: str | None) -> str | None:
    return None if value is None or value.strip() in _ABSENT else value


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Repack a model archive with inference code.")
    for name, default in (
        ("inference_script", "inference.py"),
        ("model_archive", "model.tar.gz"),
        ("source_dir", None),
        ("dependencies", None),
    ):
        parser.add_argument(f"--{name}", default=os.environ.get(f"SM_HP_{name.upper()}", default))
    args, _ = parser.parse_known_args(argv)
    return args


def main(argv: list[str] | None = None) -> int:
    """Repack using the job's channel, code and model directories; returns the exit code."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    data_dir = Path(os.environ.get("SM_CHANNEL_TRAINING", "/opt/ml/input/data/training"))
    model_dir = Path(os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    dependencies = (_present(args.dependencies) or "").split()
    build_model_tree(
        find_archive(data_dir, args.model_archive),
        Path(__file__).resolve().parent,
        model_dir,
        args.inference_script,
        whole_code_dir=_present(args.source_dir) is not None,
        dependencies=dependencies,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
