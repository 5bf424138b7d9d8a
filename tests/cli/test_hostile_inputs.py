"""Bad arguments the hostile campaign (tests/cli/hostile.py) found: each is bad input (exit 2).

Each test runs the command in-process and checks the exit code and that the message names
the argument and says what is expected; none may end as an internal error (exit 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagmaker.cli.errors import EXIT_BAD_INPUT
from dagmaker.cli.main import app

runner = CliRunner()


def _refused(argv: list[str], *needles: str) -> str:
    result = runner.invoke(app, argv)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "Internal error" not in result.output and "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


@pytest.mark.parametrize(
    "argv",
    [
        ["s3", "ls", ""],
        ["s3", "ls", "s3:///key", "--recursive"],
        ["s3", "ls", "http://example.com/x"],
        ["s3", "cat", "s3://"],
        ["s3", "cat", ""],
        ["s3", "rm", "s3:///key"],
        ["s3", "rm", "http://example.com/x", "--recursive"],
    ],
)
def test_an_s3_argument_that_is_not_an_s3_uri(home: Path, argv: list[str]) -> None:
    _refused(argv, "URI", "s3://<bucket>/<key>")


def test_a_copy_destination_that_is_not_an_s3_uri(home: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    _refused(["s3", "cp", "s3:///key", str(tmp_path / "b")], "SOURCE", "no bucket name")


def test_a_folder_to_upload_with_an_unreadable_subfolder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: Path, pattern: str) -> object:
        raise PermissionError(13, "Permission denied", str(self / "secret"))

    monkeypatch.setattr(Path, "rglob", unreadable)
    _refused(
        ["s3", "cp", str(tmp_path), "s3://bucket/tree", "--recursive"],
        "SOURCE",
        "Permission denied",
        "secret",
    )


@pytest.mark.parametrize("port", ["-1", "70000"])
def test_a_port_out_of_range(port: str) -> None:
    _refused(["server", "--port", port], "--port")


def test_a_quality_output_that_is_a_file(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n3,4\n")
    taken = tmp_path / "taken"
    taken.write_text("a file")
    _refused(["quality", "baseline", str(data), "-o", str(taken)], "--output", "not a directory")
    assert taken.read_text() == "a file"


def test_a_quality_output_where_nothing_can_be_written(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("a,b\n1,2\n3,4\n")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    # A directory below a file cannot be created, whoever runs the test.
    _refused(["quality", "baseline", str(data), "-o", str(blocked / "out")], "--output")


def test_quality_data_with_an_unreadable_subfolder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: Path, pattern: str) -> object:
        raise PermissionError(13, "Permission denied", str(self / "secret"))

    monkeypatch.setattr(Path, "rglob", unreadable)
    _refused(["quality", "baseline", str(tmp_path), "-o", str(tmp_path / "o")], "DATA", "secret")


@pytest.mark.parametrize(
    ("image", "needle"),
    [
        ("", "empty"),
        (" ", "ContainerImage"),
        ("x" * 256, "ContainerImage"),
        ("../x", "not an image reference"),
        ("-", "not an image reference"),
        ("%s%n", "not an image reference"),
        ("Upper/Case", "not an image reference"),
    ],
)
def test_an_image_map_of_text_that_is_no_image_uri(home: Path, image: str, needle: str) -> None:
    output = _refused(["images", "map", image, "--to", "python"], "Image", needle)
    assert "[registry/]repository[:tag][@digest]" in output
    listed = runner.invoke(app, ["images", "list", "--json"])
    assert '"Mappings": []' in listed.output


@pytest.mark.parametrize(
    "image",
    [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/image:1.0-cpu",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/image",
        "localhost:5000/a/b@sha256:" + "0" * 64,
        "my/image",
    ],
)
def test_an_image_map_of_an_image_reference(home: Path, image: str) -> None:
    result = runner.invoke(app, ["images", "map", image, "--to", "python"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("queue", ["../x", "a/b", "s3://b", "s3:///key", "%s%n", "x" * 81, ""])
def test_a_callback_queue_that_is_neither_a_name_nor_a_url(home: Path, queue: str) -> None:
    _refused(["callback", "receive", queue], "QueueUrl", "queue name")


@pytest.mark.parametrize("queue", ["review", "https://sqs.us-east-1.amazonaws.com/1/review"])
def test_a_callback_queue_name_or_url(home: Path, queue: str) -> None:
    result = runner.invoke(app, ["callback", "receive", queue])
    assert result.exit_code == 0 and "no new messages" in result.output, result.output


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "fn.py"
    path.write_text("def handler(event, context):\n    return {'got': event}\n")
    return path


@pytest.mark.parametrize(
    ("extra", "field", "needle"),
    [
        (["--handler", ""], "Handler", "module.function"),
        (["--memory", "-1"], "MemorySize", "128 to"),
        (["--memory", "99999999999999999999999"], "MemorySize", "out of range"),
        (["--env", "a=b"], "Environment.Variables", "EnvironmentVariableName"),
    ],
)
def test_a_lambda_configuration_lambda_would_refuse(
    home: Path, script: Path, extra: list[str], field: str, needle: str
) -> None:
    _refused(["lambda", "create", "fn", "--script", str(script), *extra], field, needle)
    assert "fn" not in runner.invoke(app, ["lambda", "list"]).output


def test_a_variable_whose_value_holds_an_equals_sign(home: Path, script: Path) -> None:
    argv = ["lambda", "create", "fn", "--script", str(script), "--env", "AB=b=c"]
    assert runner.invoke(app, argv).exit_code == 0
    shown = runner.invoke(app, ["lambda", "list", "--json"]).output
    assert '"AB": "b=c"' in shown


def test_a_lambda_script_that_is_not_python(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text("{}")
    _refused(["lambda", "create", "fn", "--script", str(data)], "--script", ".py")


@pytest.mark.parametrize(("given", "needle"), [("", "an empty path"), ("/", "root")])
def test_a_lambda_zip_of_nothing_or_everything(home: Path, given: str, needle: str) -> None:
    _refused(["lambda", "create", "fn", "--zip", given, "--handler", "a.b"], "--zip", needle)


def test_a_lambda_zip_of_an_empty_folder(home: Path, tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    argv = ["lambda", "create", "fn", "--zip", str(tmp_path / "code"), "--handler", "a.b"]
    _refused(argv, "--zip", "no files")


@pytest.mark.parametrize("payload", ["1e999", '{"a": NaN}', "[Infinity]", "{"])
def test_a_lambda_payload_that_is_not_json(home: Path, script: Path, payload: str) -> None:
    assert runner.invoke(app, ["lambda", "create", "fn", "--script", str(script)]).exit_code == 0
    _refused(["lambda", "invoke", "fn", "--payload", payload], "Payload must be JSON")


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["endpoints", "list", "--status", ""], "StatusEquals"),
        (["endpoints", "list", "--status", "processing"], "StatusEquals"),
        (["models", "list", "--status", ""], "ModelApprovalStatus"),
        (["jobs", "list", "--kind", ""], "Kind"),
    ],
)
def test_a_list_filter_that_matches_no_value(home: Path, argv: list[str], field: str) -> None:
    _refused(argv, field, "one of")


@pytest.mark.parametrize("argv", [["s3://bucket/key", ""], ["", "s3://bucket/key"]])
def test_an_empty_copy_path(home: Path, argv: list[str]) -> None:
    _refused(["s3", "cp", *argv], "is empty")


def test_an_upload_to_an_s3_uri_without_a_bucket(home: Path, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a\n1\n")
    _refused(["s3", "cp", str(tmp_path / "a.csv"), "s3://"], "DESTINATION", "no bucket name")


def test_a_lambda_zip_that_is_a_symlink_loop(home: Path, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    _refused(["lambda", "create", "fn", "--zip", str(loop), "--handler", "a.b"], "--zip")
