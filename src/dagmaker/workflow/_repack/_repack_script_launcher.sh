#!/bin/sh
""":"
# dagmaker's repack launcher (SageMaker pipeline definitions name this file as the
# entry point of a model-repack training job; the contents are dagmaker's own).
#
# Written to run both ways a training runner may start a script-mode entry point:
# with /bin/sh, as SageMaker's training toolkit runs non-Python entry points, and with
# python3. Under sh this first part hands over to _repack_model.py; Python reads it as
# a string and runs the part after it.
here=$(dirname "$0")
exec python3 "$here/_repack_model.py" \
    --dependencies "${SM_HP_DEPENDENCIES}" \
    --inference_script "${SM_HP_INFERENCE_SCRIPT}" \
    --model_archive "${SM_HP_MODEL_ARCHIVE}" \
    --source_dir "${SM_HP_SOURCE_DIR}"
":"""

import runpy
import sys
from pathlib import Path

# Options come from the SM_HP_* environment, as in the shell part above.
sys.argv = [str(Path(__file__).resolve().parent / "_repack_model.py")]
runpy.run_path(sys.argv[0], run_name="__main__")
