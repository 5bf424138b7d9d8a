"""Model Monitor's analyzer container (``sagemaker-model-monitor-analyzer``), run in a job.

Usage, inside a processing job's layout (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.model_monitor.analyzer

Reads the container environment (``dataset_format``, ``dataset_source``,
``output_path``, ``baseline_constraints``, ``baseline_statistics``, the two script
paths, ``start_time``/``end_time``, ``publish_cloudwatch_metrics``, ``analysis_type``,
…), analyses the data, and writes ``statistics.json`` with ``constraints.json`` (a
baseline) or ``constraint_violations.json`` (a monitoring run) to ``output_path``. With
``publish_cloudwatch_metrics=Enabled`` the run's CloudWatch metrics go, one JSON object
per line, to ``output/metrics/cloudwatch/`` — where Model Monitor's container contract
puts them for the platform to publish. Then ``postprocess_handler()`` runs.

Violations do not fail the job (the platform reports CompletedWithViolations). Bad input
writes ``ClientError: …`` to ``output/message`` and exits 1; anything unexpected
``AlgorithmError: …`` and exit 2.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path

from dagmaker.errors import DagmakerError, JobFailure, UserCodeError
from dagmaker.runners.builtin.model_monitor.analysis import AnalysisOutput, analysis_for
from dagmaker.runners.builtin.model_monitor.config import AnalyzerConfig, read_config
from dagmaker.runners.builtin.model_monitor.user_scripts import SCRIPT_LOG, run_postprocessor

LOG = logging.getLogger("dagmaker.model_monitor")
METRICS_DIR = Path("output") / "metrics" / "cloudwatch"
METRICS_FILE = "cloudwatch_metrics.jsonl"


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def analyze(config: AnalyzerConfig, base: Path) -> AnalysisOutput:
    """Run the analysis, write its files, then the post-analytics script."""
    LOG.info("Analysis %s of %s", config.analysis_type, config.dataset_source)
    output = analysis_for(config.analysis_type)(config)
    config.output_path.mkdir(parents=True, exist_ok=True)
    for name, text in output.files.items():
        _write(config.output_path / name, text)
        LOG.info("Wrote %s", config.output_path / name)
    if config.baseline_constraints is not None:
        LOG.info("Found %d constraint violation(s)", output.violations)
    if config.publish_cloudwatch_metrics and output.metrics:
        lines = "".join(json.dumps(entry) + "\n" for entry in output.metrics)
        _write(base / METRICS_DIR / METRICS_FILE, lines)
        LOG.info("Wrote %d CloudWatch metric(s)", len(output.metrics))
    if config.post_analytics_processor_script is not None:
        LOG.info("Running postprocess_handler")
        run_postprocessor(config.post_analytics_processor_script)
    return output


def _write(path: Path, text: str) -> None:
    # Readers (and the upload) never see half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_failure(base: Path, reason: str) -> None:
    """Write ``output/message``, which becomes the processing job's FailureReason."""
    output = base / "output"
    output.mkdir(parents=True, exist_ok=True)
    (output / "message").write_text(reason.strip(), encoding="utf-8")


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    for logger in (LOG, SCRIPT_LOG):
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if logger is SCRIPT_LOG else logging.INFO)
        logger.propagate = False


def main() -> int:
    """Entry point; returns the process exit code."""
    _configure_logging()
    base = base_dir()
    try:
        analyze(read_config(os.environ), base)
    except UserCodeError as error:
        LOG.error("%s\n%s", error.message, error.log_tail)
        write_failure(base, f"ClientError: {error.message}")
        return 1
    except JobFailure as error:
        reason = (
            error.message
            if error.message.startswith("ClientError")
            else f"ClientError: {error.message}"
        )
        LOG.error(reason)
        write_failure(base, reason)
        return 1
    except DagmakerError as error:
        LOG.error("ClientError: %s", error.details())
        write_failure(base, f"ClientError: {error.details()}")
        return 1
    except Exception as error:  # anything else is the analyzer's fault, not the user's
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_failure(base, f"AlgorithmError: {type(error).__name__}: {error}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
