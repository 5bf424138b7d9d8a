"""Regenerate tests/golden_jobs/<name>.json with SageMaker's own SDK (developer tool).

Each golden pipeline ``tests/golden_jobs/<name>.py`` is written against dagmaker. This
tool runs the same source with ``dagmaker`` replaced by ``sagemaker`` under a Python
that has the real SDK, and writes the definition it produces. Tests never run it:

    /tmp/smvenv/bin/python tools/make_job_goldens.py            # every golden
    /tmp/smvenv/bin/python tools/make_job_goldens.py name ...   # some

It works offline: S3 uploads are recorded instead of sent, the default bucket is not
created, and SDK telemetry is off. Three documented adjustments make the SDK's output
deterministic and comparable with dagmaker's:

1. Legacy step forms (``ProcessingStep(processor=...)``, ``TrainingStep(estimator=...)``)
   get a code hash as ``step_args`` steps do, so their code goes to
   ``<pipeline>/code/<hash>/`` rather than to a timestamped job folder. dagmaker always
   uses the content-hashed folder inside a pipeline.
2. ``FrameworkProcessor`` writes dagmaker's own ``runproc.sh`` text (dagmaker does not
   reuse the SDK's script), so its content hash in the S3 key is dagmaker's.
3. The working directory is ``tests/golden_jobs`` so relative code paths, which are part
   of the code hash, are the same for both SDKs.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import types
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "tests" / "golden_jobs"
UPLOADS: list[tuple[str, str]] = []


def main(names: list[str]) -> None:
    os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.chdir(GOLDEN_DIR)
    _patch_sdk()
    for name in names or sorted(p.stem for p in GOLDEN_DIR.glob("*.py") if _is_golden(p)):
        definition = _definition(name)
        target = GOLDEN_DIR / f"{name}.json"
        target.write_text(json.dumps(definition, indent=2) + "\n")
        print(f"wrote {target.relative_to(ROOT)}")


def _is_golden(path: Path) -> bool:
    return "def build(" in path.read_text()


def _definition(name: str) -> Any:
    source = (GOLDEN_DIR / f"{name}.py").read_text()
    module = types.ModuleType(f"golden_{name}")
    exec(compile(re.sub(r"\bdagmaker\b", "sagemaker", source), f"{name}.py", "exec"), vars(module))
    return json.loads(module.build().definition())


def _patch_sdk() -> None:
    import sagemaker.estimator
    import sagemaker.fw_utils
    import sagemaker.processing
    import sagemaker.telemetry.telemetry_logging as telemetry
    import sagemaker.workflow._steps_compiler as steps_compiler
    from sagemaker.session import Session

    from dagmaker._sdk.runproc import render_runproc

    telemetry._send_telemetry_request = lambda *args, **kwargs: None
    Session._create_s3_bucket_if_it_does_not_exist = lambda self, bucket_name, region: None
    Session._get_account_id_if_default_bucket = lambda self, bucket: None
    Session.upload_data = _record_upload
    Session.upload_string_as_file_body = _record_text
    original_tar = sagemaker.fw_utils.tar_and_upload_dir
    offline_tar = functools.partial(_offline_tar, original_tar)
    sagemaker.fw_utils.tar_and_upload_dir = offline_tar
    sagemaker.estimator.tar_and_upload_dir = offline_tar
    steps_compiler.get_code_hash = functools.partial(_code_hash, steps_compiler.get_code_hash)
    sagemaker.processing.FrameworkProcessor._generate_framework_script = (
        lambda self, user_script, codeartifact_repo_arn=None: render_runproc(
            self.command, user_script
        )
    )


def _record_upload(
    self: Any,
    path: str,
    bucket: Any = None,
    key_prefix: str = "data",
    callback: Any = None,
    extra_args: Any = None,
) -> str:
    bucket = bucket or self.default_bucket()
    UPLOADS.append((path, f"s3://{bucket}/{key_prefix}"))
    if Path(path).is_dir():
        return f"s3://{bucket}/{key_prefix}"
    return f"s3://{bucket}/{key_prefix}/{Path(path).name}"


def _record_text(self: Any, body: Any, bucket: str, key: str, kms_key: Any = None) -> str:
    UPLOADS.append(("<text>", f"s3://{bucket}/{key}"))
    return f"s3://{bucket}/{key}"


class _OfflineObject:
    def __init__(self, bucket: str, key: str) -> None:
        self.uri = f"s3://{bucket}/{key}"

    def upload_file(self, filename: str, ExtraArgs: Any = None) -> None:
        UPLOADS.append((filename, self.uri))


class _OfflineS3:
    def Object(self, bucket: str, key: str) -> _OfflineObject:
        return _OfflineObject(bucket, key)


def _offline_tar(original: Any, *args: Any, **kwargs: Any) -> Any:
    kwargs["s3_resource"] = _OfflineS3()
    return original(*args, **kwargs)


def _code_hash(original: Any, step: Any) -> Any:
    """Adjustment 1: legacy steps hash their code as step_args steps do."""
    from sagemaker.workflow.steps import ProcessingStep, TrainingStep
    from sagemaker.workflow.utilities import get_processing_code_hash, get_training_code_hash

    found = original(step)
    if found is not None or getattr(step, "step_args", None) is not None:
        return found
    if isinstance(step, ProcessingStep) and step.code:
        return get_processing_code_hash(step.code, None, [])
    if isinstance(step, TrainingStep) and step.estimator is not None:
        estimator = step.estimator
        return get_training_code_hash(
            estimator.entry_point, estimator.source_dir, estimator.dependencies
        )
    return None


if __name__ == "__main__":
    main(sys.argv[1:])
