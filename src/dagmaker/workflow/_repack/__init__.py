"""dagmaker's model-repack program, run by the training step ``ModelStep`` adds.

SageMaker's SDK repacks a model archive with its inference code in a training job that
runs two helper files from the job's code directory, ``_repack_script_launcher.sh``
and ``_repack_model.py``. Pipeline definitions name them, so dagmaker ships files with
the same names; their contents are dagmaker's own. The SDK side also uses
:func:`~dagmaker.workflow._repack._repack_model.build_model_tree` to repack locally
when a model's archive is already in S3.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPACK_SCRIPT = "_repack_model.py"
REPACK_SCRIPT_LAUNCHER = "_repack_script_launcher.sh"
HELPER_FILES = (REPACK_SCRIPT, REPACK_SCRIPT_LAUNCHER)


def helper_paths() -> list[Path]:
    """The two helper files, launcher first."""
    return [PACKAGE_DIR / REPACK_SCRIPT_LAUNCHER, PACKAGE_DIR / REPACK_SCRIPT]
