"""Rewrite mode: no namespace, /opt/ml spelled as the workspace path where visible."""

from __future__ import annotations

import json
import textwrap

import pytest

import dagmaker.compute.sandbox as sandbox_module
from dagmaker.compute import LocalSandbox, ProcessSpec, namespace_available, tail
from dagmaker.compute.namespace import NamespaceSupport
from dagmaker.errors import InvalidRequest

PORTABLE_TRAIN = """
    import os
    root = os.environ["DAGMAKER_OPT_ML"]
    rows = open(os.path.join(root, "input/data/train/x.csv")).read().splitlines()
    os.makedirs(os.path.join(root, "model"), exist_ok=True)
    open(os.path.join(root, "model/out.txt"), "w").write(f"{len(rows)} rows\\n")
"""

SHOW = """
    import json, os, sys
    names = ["SM_MODEL_DIR", "SM_CHANNELS_JSON", "PYTHONPATH", "UNRELATED", "DAGMAKER_OPT_ML"]
    seen = {"argv": sys.argv, "cwd": os.getcwd(), "env": {n: os.environ.get(n) for n in names}}
    json.dump(seen, open(os.path.join(os.environ["DAGMAKER_OPT_ML"], "seen.json"), "w"))
"""


def write(path, source):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))


def run(spec):
    box = LocalSandbox("rewrite")
    handle = box.launch(spec)
    info = box.wait(handle, timeout=60)
    assert info is not None
    return handle, info


def test_script_using_dagmaker_opt_ml_works(tmp_path):
    workspace = tmp_path / "ws"
    write(workspace / "input/data/train/x.csv", "1,2\n3,4\n")
    write(workspace / "code/train.py", PORTABLE_TRAIN)
    spec = ProcessSpec(["python3", "/opt/ml/code/train.py"], workspace, tmp_path / "logs")

    handle, info = run(spec)

    assert info.exit_code == 0, tail(spec.log_dir / "stderr.log")
    assert (workspace / "model/out.txt").read_text() == "2 rows\n"
    assert handle.mode == "rewrite"


def test_opt_ml_paths_in_argv_env_and_cwd_are_rewritten(tmp_path):
    workspace = tmp_path / "work space"
    write(workspace / "code/show.py", SHOW)
    (workspace / "model").mkdir()
    env = {
        "SM_MODEL_DIR": "/opt/ml/model",
        "SM_CHANNELS_JSON": '{"train": "/opt/ml/input/data/train"}',
        "PYTHONPATH": "/usr/lib/extra:/opt/ml/code",
        "UNRELATED": "/opt/mlflow/runs",
    }
    command = [
        "python3",
        "/opt/ml/code/show.py",
        "--model-dir=/opt/ml/model",
        "/opt/ml",
        "/opt/mlflow/x",
        "s3://bucket/opt/ml/key",
    ]
    spec = ProcessSpec(command, workspace, tmp_path / "logs", env=env, cwd="/opt/ml/model")

    _, info = run(spec)

    assert info.exit_code == 0, tail(spec.log_dir / "stderr.log")
    seen = json.loads((workspace / "seen.json").read_text())
    ws = str(workspace)
    assert seen["argv"] == [
        f"{ws}/code/show.py",
        f"--model-dir={ws}/model",
        ws,
        "/opt/mlflow/x",
        "s3://bucket/opt/ml/key",
    ]
    assert seen["cwd"] == f"{ws}/model"
    assert seen["env"] == {
        "SM_MODEL_DIR": f"{ws}/model",
        "SM_CHANNELS_JSON": f'{{"train": "{ws}/input/data/train"}}',
        "PYTHONPATH": f"/usr/lib/extra:{ws}/code",
        "UNRELATED": "/opt/mlflow/runs",
        "DAGMAKER_OPT_ML": ws,
    }


def test_rewrite_mode_carries_the_warning(tmp_path):
    workspace = tmp_path / "ws"
    write(workspace / "code/train.py", "open('/opt/ml/input/data/train/x.csv')\n")
    spec = ProcessSpec(["python3", "/opt/ml/code/train.py"], workspace, tmp_path / "logs")

    handle, info = run(spec)

    assert "rewrite mode was requested" in handle.warning
    assert "hard-codes /opt/ml paths will not find its files" in handle.warning
    assert "unprivileged user namespaces" in handle.warning
    assert handle.to_dict()["warning"] == handle.warning
    # The script hard-codes /opt/ml, which is exactly what the warning is about.
    assert info.exit_code == 1
    assert "FileNotFoundError" in tail(spec.log_dir / "stderr.log")


def test_auto_mode_uses_namespaces_exactly_when_the_probe_succeeds():
    available, reason = namespace_available()
    assert LocalSandbox().mode == ("namespace" if available else "rewrite")
    assert (reason == "") == available


def test_auto_falls_back_to_rewrite_with_the_probe_reason(tmp_path, monkeypatch):
    unavailable = NamespaceSupport(None, "`unshare -rm` failed: Operation not permitted")
    monkeypatch.setattr(sandbox_module, "namespace_support", lambda: unavailable)
    workspace = tmp_path / "ws"
    write(workspace / "code/train.py", PORTABLE_TRAIN)
    write(workspace / "input/data/train/x.csv", "1\n")
    box = LocalSandbox("auto")

    handle = box.launch(
        ProcessSpec(["python3", "/opt/ml/code/train.py"], workspace, tmp_path / "l")
    )

    assert box.mode == "rewrite"
    assert "Operation not permitted" in handle.warning
    info = box.wait(handle)
    assert info is not None and info.exit_code == 0


def test_forced_namespace_mode_fails_clearly_when_unavailable(monkeypatch):
    unavailable = NamespaceSupport(None, "the `unshare` program (util-linux) was not found")
    monkeypatch.setattr(sandbox_module, "namespace_support", lambda: unavailable)

    with pytest.raises(InvalidRequest) as caught:
        _ = LocalSandbox("namespace").mode

    assert "unshare" in str(caught.value)
    assert caught.value.field == "mode"


def test_unknown_mode_is_rejected():
    with pytest.raises(InvalidRequest) as caught:
        LocalSandbox("docker")  # type: ignore[arg-type]
    assert "auto, namespace, rewrite" in caught.value.message
