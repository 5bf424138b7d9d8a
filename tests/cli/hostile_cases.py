"""The cases of the hostile CLI campaign: a populated home, hostile files, and argv lists.

A case is ``{"id", "argv", "bad"}``; ``bad`` means no exit 0 is acceptable (the value can
only be wrong: a missing file, an unknown name…). Values that may be legitimate (an empty
``--reason``, a long description) are run too, with ``bad`` false: only a traceback, an
exit 3 or a hang counts against them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

BAD_BYTES = "caf\udce9"  # b"caf\xe9": latin-1 bytes in argv, not UTF-8
NAMES = ["", " ", "nope", "x" * 70_000, BAD_BYTES, "../x", "a/b", "-", "🙂", "\n", "%s%n"]
INTS = ["", "x", "-1", "0", "99999999999999999999999", "1e3", "NaN", "2147483648"]
URIS = [
    "",
    "s3://",
    "s3:///key",
    "s3://b",
    "s3://B_AD/key",
    "s3://bucket/../../../etc/passwd",
    "s3://bucket/a/../../x",
    "s3://bucket/./x",
    "http://example.com/x",
    "s3://bucket/" + "k" * 2000,
    f"s3://bucket/{BAD_BYTES}",
    "s3://bucket/key\nnext",
    "s3://bucket//double",
    "s3://nosuchbucket/key",
]
JSONS = ["", "{", "[]", "null", "1e999", BAD_BYTES, "x" * 70_000, '{"a": NaN}']
KVS = ["", "=", "x", "=v", "a=b=c", f"{BAD_BYTES}=1", "Unknown=1"]
CHOICES = ["", "nope", "processing", BAD_BYTES]


def prepare_files(root: Path) -> dict[str, str]:
    """Files a careless or hostile user may hand to a command that reads one."""
    root.mkdir(parents=True)
    (root / "dir.json").mkdir()
    (root / "empty.json").write_bytes(b"")
    (root / "latin1.json").write_bytes('{"Version": "2020-12-01é"}'.encode("latin-1"))
    (root / "utf16.json").write_bytes('{"Version": "2020-12-01"}'.encode("utf-16"))
    (root / "huge.json").write_bytes(b'{"Version": "' + b"x" * 3_000_000 + b'"}')
    (root / "list.json").write_bytes(b"[1, 2]")
    (root / "bad.py").write_bytes(b"raise SystemExit(3)\n")
    (root / "syntax.py").write_bytes(b"def (:\n")
    (root / "latin1.py").write_bytes("x = 'é'\n".encode("latin-1"))
    (root / "nopipeline.py").write_bytes(b"x = 1\n")
    (root / "loop").symlink_to(root / "loop")
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "data.csv").write_bytes(b"a,b\n1,2\n3,4\n")
    (root / "binary.csv").write_bytes(os.urandom(4096))
    (root / "output-file").write_bytes(b"a file where a directory is wanted")
    return {
        "missing": str(root / "missing.json"),
        "dir": str(root / "dir.json"),
        "empty": str(root / "empty.json"),
        "latin1": str(root / "latin1.json"),
        "utf16": str(root / "utf16.json"),
        "huge": str(root / "huge.json"),
        "list": str(root / "list.json"),
        "bad.py": str(root / "bad.py"),
        "syntax.py": str(root / "syntax.py"),
        "latin1.py": str(root / "latin1.py"),
        "nopipeline.py": str(root / "nopipeline.py"),
        "loop": str(root / "loop"),
        "dangling": str(root / "dangling"),
        "devnull": "/dev/null",
        "devzero": "/dev/zero",
        "proc": "/proc/self/status",
        "root": "/",
        "empty-name": "",
        "binary.csv": str(root / "binary.csv"),
        "output-file": str(root / "output-file"),
        "csv": str(root / "data.csv"),
    }


def prepare_home(home: Path) -> dict[str, str]:
    """A home with one of everything; returns the names the cases use."""
    os.environ["DAGMAKER_HOME"] = str(home)
    from typer.testing import CliRunner

    from dagmaker.api import connect
    from dagmaker.cli.main import app
    from tests.e2e.defs import pipeline, processing, upload_code

    client = connect(inline=True)
    step = processing("Echo", upload_code("echo.py", "print('hello')\n"))
    client.create_pipeline(PipelineName="demo", PipelineDefinition=json.dumps(pipeline(step)))
    arn = client.start_pipeline_execution(PipelineName="demo")["PipelineExecutionArn"]
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    job = steps["PipelineExecutionSteps"][0]["Metadata"]["ProcessingJob"]["Arn"].rsplit("/", 1)[1]
    client.create_model_package_group(ModelPackageGroupName="group")
    package = client.create_model_package(
        ModelPackageGroupName="group",
        InferenceSpecification={
            "Containers": [{"Image": "x.dkr.ecr.us-east-1.amazonaws.com/img:1"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )["ModelPackageArn"]
    script = home.parent / "fn.py"
    script.write_text("def handler(event, context):\n    return {'got': event}\n")
    CliRunner().invoke(app, ["lambda", "create", "fn", "--script", str(script)])
    client.put_image_mapping(Image="x.dkr.ecr.us-east-1.amazonaws.com/img", Runtime="python")
    definition = home.parent / "good.json"
    definition.write_text(json.dumps(pipeline(step)))
    return {
        "pipeline": "demo",
        "execution": arn.rsplit("/", 1)[1],
        "execution_arn": arn,
        "job": job,
        "package": package,
        "group": "group",
        "lambda": "fn",
        "definition": str(definition),
        "script": str(script),
    }


def _variants(
    argv: list[str], slot: int, values: list[str], bad: bool, ok: frozenset[str]
) -> list[tuple[list[str], bool]]:
    return [([*argv[:slot], v, *argv[slot + 1 :]], bad and v not in ok) for v in values]


def _made(name: str) -> list[str]:
    """NAMES for a command that creates ``name``: "nope" is a fine name to create, and the
    lookups after it must not find it, so the create cases use ``name`` instead."""
    return [name if v == "nope" else v for v in NAMES]


def _file_values(files: dict[str, str], keys: list[str]) -> list[str]:
    return [files[k] for k in keys]


READ_BAD = ["missing", "dir", "empty", "latin1", "utf16", "huge", "list", "loop", "dangling"]
READ_DEVICES = ["devnull", "devzero", "proc", "root", "empty-name"]
# Files a copy may upload: readable files whatever their bytes (and a --recursive copy of
# one file copies that file).
UPLOADABLE = ["empty", "latin1", "utf16", "huge", "list", "proc"]
# Targets a download may write: never a device or the file system's root (a campaign must
# not write into /dev or /); an existing file or link is replaced, as the AWS CLI's
# download (a temporary file renamed over the target) replaces it.
WRITE_TARGETS = ["missing", "dir", "empty", "latin1", "utf16", "huge", "list", "loop", "dangling"]


def _templates(n: dict[str, str], files: dict[str, str], work: Path) -> list[Any]:
    """(argv, slot index, values, bad[, ok]) rows; the argv holds plausible values elsewhere.

    ``ok`` lists values of a bad row that are legitimate after all (a valid name, a queue
    that may be empty, an object an earlier case wrote).
    """
    reads = _file_values(files, READ_BAD + READ_DEVICES)
    pys = _file_values(files, ["bad.py", "syntax.py", "latin1.py", "nopipeline.py"])
    out = str(work / "out")
    csv = files["csv"]
    uploadable = frozenset(_file_values(files, UPLOADABLE))
    # Written by the upload cases before the download cases read them.
    uploaded = frozenset(["s3://bucket/key\nnext", "s3://nosuchbucket/key"])
    rows: list[Any] = [
        (["run", n["definition"], "--quiet"], 1, reads + pys, True),
        (["run", n["definition"], "--quiet", "-p", "x"], 4, KVS, True),
        (
            ["run", n["definition"], "--quiet", "--name", "x"],
            4,
            _made("run-made"),
            True,
            {"run-made"},
        ),
        (["run", n["definition"], "--quiet", "--parallelism", "1"], 4, INTS, True),
        (["definition", "validate", n["definition"]], 2, reads + pys, True),
        (["definition", "show", n["definition"]], 2, reads + pys, True),
        (["pipelines", "describe", "x"], 2, NAMES, True),
        (["executions", "list", "--pipeline", "x"], 3, NAMES, False),
        (["executions", "describe", "x"], 2, NAMES + URIS[:3], True),
        (["executions", "steps", "x"], 2, NAMES, True),
        (["executions", "stop", "x"], 2, [*NAMES, n["execution"]], True),
        (["executions", "retry", "x", "--no-wait"], 2, [*NAMES, n["execution"]], True),
        (["logs", "x"], 1, NAMES, True),
        (["logs", n["execution"], "x"], 2, NAMES, True),
        (["logs", n["execution"], "Echo", "--host", "x"], 4, [*NAMES, "algo-2", "algo-0"], True),
        (["logs", n["job"], "--host", "x"], 3, ["algo-9", "../../etc", BAD_BYTES], True),
        (["jobs", "describe", "x"], 2, NAMES, True),
        (["jobs", "list", "--kind", "x"], 3, CHOICES, True),
        # Docker references (a Docker Hub repository) are images.
        (["images", "map", "x", "--to", "python"], 2, NAMES, True, {"nope", "a/b"}),
        (["images", "map", "img", "--to", "x"], 4, [*CHOICES, "python:", "python:/etc"], True),
        (["images", "unmap", "x"], 2, NAMES, False),
        (["models", "list", "--group", "x"], 3, NAMES, False),
        (["models", "list", "--status", "x"], 3, CHOICES, True),
        (["models", "describe", "x"], 2, [*NAMES, "group/0", "group/x", "group/99"], True),
        (["models", "approve", "x"], 2, [*NAMES, "group/0", "nogroup/1"], True),
        (["models", "reject", n["package"], "--reason", "x"], 4, NAMES, False),
        (["models", "approve", n["package"], "--by", "x"], 4, NAMES, False),
        (["models", "latest", "x"], 2, NAMES, True),
        # Valid SQS queue names: a queue no step has used has no messages.
        (["callback", "receive", "x"], 2, NAMES + URIS[:4], True, {"nope", "-"}),
        (["callback", "receive", "q", "--max", "1"], 4, INTS, True),
        (["callback", "succeed", "x", "-o", "a=b"], 2, NAMES, True),
        (["callback", "succeed", "tok", "-o", "x"], 4, KVS, True),
        (["callback", "fail", "x", "--reason", "r"], 2, NAMES, True),
        # "-" is a valid function name (letters, digits, '-', '_').
        (["lambda", "create", "x", "--script", n["script"]], 2, _made("made"), True, {"made", "-"}),
        # Lambda takes any .py at create time; the code runs (and may fail) when invoked.
        (["lambda", "create", "f2", "--script", "x"], 4, reads + pys, True, set(pys)),
        (["lambda", "create", "f3", "--zip", "x", "--handler", "a.b"], 4, reads, True),
        (["lambda", "create", "f4", "--script", n["script"], "--handler", "x"], 6, NAMES, True),
        (["lambda", "create", "f5", "--script", n["script"], "--timeout", "x"], 6, INTS, True),
        (["lambda", "create", "f6", "--script", n["script"], "--memory", "x"], 6, INTS, True),
        (
            ["lambda", "create", "f7", "--script", n["script"], "--env", "x"],
            6,
            KVS,
            True,
            {"Unknown=1"},
        ),
        (["lambda", "invoke", "x"], 2, NAMES, True, {"-"}),
        # Any JSON is an event; an empty payload is the empty event, as Lambda's.
        (["lambda", "invoke", "fn", "--payload", "x"], 4, JSONS, True, {"", "[]", "null"}),
        (["lambda", "delete", "x"], 2, NAMES, True, {"-"}),
        (["endpoints", "list", "--status", "x"], 3, CHOICES, True),
        (["endpoints", "describe", "x"], 2, NAMES, True),
        (["endpoints", "delete", "x", "--no-wait"], 2, NAMES, True),
        (["s3", "ls", "x"], 2, URIS, False),
        (["s3", "ls", "x", "--recursive"], 2, URIS, False),
        (["s3", "cat", "x"], 2, URIS, True),
        (["s3", "rm", "x"], 2, URIS, True),
        (["s3", "rm", "x", "--recursive"], 2, URIS, False),
        (["s3", "cp", "x", "s3://bucket/in/x"], 2, reads, True, uploadable),
        # S3 keys may hold any character; the local store makes a bucket on first write.
        (["s3", "cp", csv, "x"], 3, URIS, True, {"s3://bucket/key\nnext", *uploaded}),
        (["s3", "cp", "x", str(work / "dl")], 2, URIS, True, uploaded),
        # An empty folder copies nothing, as the AWS CLI's.
        (
            ["s3", "cp", "x", "s3://bucket/tree", "--recursive"],
            2,
            reads,
            True,
            uploadable | {files["dir"]},
        ),
        (
            ["s3", "cp", "s3://test-bucket/code/echo.py", "x"],
            3,
            [*_file_values(files, WRITE_TARGETS), ""],
            True,
            frozenset(_file_values(files, WRITE_TARGETS)),
        ),
        (["quality", "baseline", "x", "-o", out], 2, [*reads, files["binary.csv"]], True),
        (["quality", "baseline", csv, "-o", "x"], 4, [files["output-file"], "/proc/x"], True),
        (["quality", "baseline", csv, "--format", "x"], 4, CHOICES, True),
        (
            ["quality", "check", csv, "--statistics", "x", "--constraints", "x"],
            4,
            reads,
            True,
        ),
        (["server", "--port", "x"], 2, ["-1", "70000", "x", ""], True),
        (["server", "--host", "x", "--port", "0"], 2, ["256.1.1.1", "", BAD_BYTES], True),
    ]
    return rows


def cases(names: dict[str, str], files: dict[str, str], work: Path) -> list[dict[str, Any]]:
    """Every case, numbered."""
    out: list[dict[str, Any]] = []
    for argv, slot, values, bad, *ok in _templates(names, files, work):
        for args, is_bad in _variants(argv, slot, values, bad, frozenset(*ok)):
            out.append({"id": len(out), "argv": args, "bad": is_bad})
    return out
