import sys
from pathlib import Path
from types import ModuleType

import pytest

import dagmaker
import dagmaker.session as session_module
from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.session import LOCAL_ROLE_ARN, Session, get_execution_role, s3_path_join
from tests.sdk.sdk_doubles import MemoryS3, RecordingClient


@pytest.fixture
def s3() -> MemoryS3:
    return MemoryS3()


@pytest.fixture
def session(s3) -> Session:
    created = Session(sagemaker_client=RecordingClient())
    created.s3_client = s3
    return created


def _tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "a.csv").write_text("1,2\n")
    (root / "sub" / "b.csv").write_text("3,4\n")
    return root


def test_defaults() -> None:
    session = Session(boto_session=object(), region_name="ignored")
    assert session.default_bucket() == "dagmaker-default-bucket"
    assert Session(default_bucket="mine").default_bucket() == "mine"
    assert session.boto_region_name == "local"
    assert get_execution_role() == LOCAL_ROLE_ARN == dagmaker.get_execution_role()
    assert dagmaker.Session is Session


def test_clients_come_from_the_api_seam_once(monkeypatch) -> None:
    api = ModuleType("dagmaker.api")
    made: list[str] = []
    api.connect = lambda **kwargs: made.append("api") or RecordingClient()  # type: ignore[attr-defined]
    api.connect_s3 = lambda: made.append("s3") or MemoryS3()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dagmaker.api", api)
    session = Session()
    assert made == []
    assert session.sagemaker_client is session.sagemaker_client
    assert session.s3_client is session.s3_client
    assert made == ["api", "s3"]


def test_upload_a_file(session, s3, tmp_path) -> None:
    _tree(tmp_path)
    uri = session.upload_data(str(tmp_path / "a.csv"), key_prefix="data/train")
    assert uri == "s3://dagmaker-default-bucket/data/train/a.csv"
    assert s3.objects[("dagmaker-default-bucket", "data/train/a.csv")] == b"1,2\n"


def test_upload_a_directory_with_the_default_prefix(s3, tmp_path) -> None:
    session = Session(default_bucket="bkt", default_bucket_prefix="team/")
    session.s3_client = s3
    uri = session.upload_data(str(_tree(tmp_path / "dir")))
    assert uri == "s3://bkt/team/data"
    assert sorted(key for _, key in s3.objects) == ["team/data/a.csv", "team/data/sub/b.csv"]
    assert (
        session.upload_data(str(tmp_path / "dir"), bucket="other", key_prefix="x") == "s3://other/x"
    )
    with pytest.raises(InvalidRequest, match="no such file"):
        session.upload_data(str(tmp_path / "missing.csv"))


def test_strings_read_and_list(session, s3) -> None:
    assert session.upload_string_as_file_body("héllo", "b", "k/t.txt") == "s3://b/k/t.txt"
    assert s3.objects[("b", "k/t.txt")] == "héllo".encode()
    assert session.read_s3_file("b", "k/t.txt") == "héllo"
    session.upload_string_as_file_body(b"raw", "b", "k/u.bin")
    assert session.list_s3_files("b", "k/") == ["k/t.txt", "k/u.bin"]
    assert session.list_s3_files("b", "nothing") == []


def test_download_a_prefix_and_a_single_file(session, tmp_path) -> None:
    session.upload_data(str(_tree(tmp_path / "src")), bucket="b", key_prefix="data")
    written = session.download_data(str(tmp_path / "out"), "b", key_prefix="data")
    assert sorted(Path(p).relative_to(tmp_path / "out").as_posix() for p in written) == [
        "a.csv",
        "sub/b.csv",
    ]
    assert (tmp_path / "out" / "sub" / "b.csv").read_text() == "3,4\n"
    single = session.download_data(str(tmp_path / "one"), "b", key_prefix="data/sub/b.csv")
    assert [Path(p).name for p in single] == ["b.csv"]
    assert session.download_data(str(tmp_path / "none"), "b", key_prefix="absent") == []


def test_download_refuses_keys_escaping_the_target(session, s3, tmp_path) -> None:
    s3.put_object(Bucket="b", Key="data/../../escape.txt", Body=b"x")
    with pytest.raises(InvalidRequest, match="outside"):
        session.download_data(str(tmp_path / "out"), "b", key_prefix="data")


def test_describe_pass_throughs(session) -> None:
    session.describe_training_job("t")
    session.describe_processing_job("p")
    session.describe_transform_job("b")
    session.describe_tuning_job("h")
    session.describe_model("m")
    assert session.sagemaker_client.calls == [
        ("describe_training_job", {"TrainingJobName": "t"}),
        ("describe_processing_job", {"ProcessingJobName": "p"}),
        ("describe_transform_job", {"TransformJobName": "b"}),
        ("describe_hyper_parameter_tuning_job", {"HyperParameterTuningJobName": "h"}),
        ("describe_model", {"ModelName": "m"}),
    ]


def test_waiting_for_jobs(session, monkeypatch) -> None:
    monkeypatch.setattr(session_module.time, "sleep", lambda _: None)
    client = session.sagemaker_client
    client.responses["describe_training_job"] = [
        {"TrainingJobStatus": "InProgress"},
        {"TrainingJobStatus": "Completed", "TrainingJobName": "t"},
    ]
    assert session.wait_for_job("t", poll=0)["TrainingJobName"] == "t"
    client.responses["describe_processing_job"] = [
        {"ProcessingJobStatus": "Failed", "FailureReason": "AlgorithmError: boom"}
    ]
    with pytest.raises(JobFailure, match="job 'p' failed: AlgorithmError: boom"):
        session.wait_for_processing_job("p")
    client.responses["describe_transform_job"] = [{"TransformJobStatus": "Stopped"}]
    assert session.wait_for_transform_job("b")["TransformJobStatus"] == "Stopped"


def test_s3_path_join() -> None:
    assert s3_path_join("s3://", "//bucket/", "/a///b", None, "", "c/") == "s3://bucket/a/b/c"
    assert s3_path_join(None, "data") == "data"
    assert s3_path_join() == ""
