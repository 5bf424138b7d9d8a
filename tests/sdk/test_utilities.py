import hashlib

import pytest

from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.utilities import hash_file, hash_files_or_dirs, hash_object, list_to_request


def test_hash_file_is_the_sha256_of_its_bytes(tmp_path) -> None:
    script = tmp_path / "prep.py"
    script.write_bytes(b"print('hi')\n")
    assert hash_file(str(script)) == hashlib.sha256(b"print('hi')\n").hexdigest()
    assert hash_file(f"file://{script}") == hash_file(str(script))
    with pytest.raises(ValueError, match="is not a file"):
        hash_file(str(tmp_path / "missing.py"))


def test_directory_hash_follows_names_and_contents(tmp_path) -> None:
    code = tmp_path / "code"
    (code / "lib").mkdir(parents=True)
    (code / "train.py").write_text("a")
    (code / "lib" / "util.py").write_text("b")
    first = hash_files_or_dirs([str(code)])
    assert hash_files_or_dirs([str(code)]) == first
    (code / "lib" / "util.py").write_text("c")
    changed = hash_files_or_dirs([str(code)])
    assert changed != first
    (code / "lib" / "util.py").rename(code / "lib" / "other.py")
    assert hash_files_or_dirs([str(code)]) != changed
    assert hash_files_or_dirs([str(code), str(code / "train.py")]) != hash_files_or_dirs(
        [str(code)]
    )


def test_hash_object_and_list_to_request() -> None:
    assert hash_object({"a": 1}) == hashlib.sha256(b"{'a': 1}").hexdigest()
    collection = StepCollection(name="C", steps=[FailStep(name="X"), FailStep(name="Y")])
    requests = list_to_request([FailStep(name="A"), collection])
    assert [r["Name"] for r in requests] == ["A", "X", "Y"]
    with pytest.raises(TypeError, match="is not a step"):
        list_to_request(["A"])
