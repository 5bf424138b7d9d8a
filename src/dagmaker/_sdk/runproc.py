"""``runproc.sh``: the entry script a ``FrameworkProcessor`` job starts with.

It unpacks the code bundle, installs ``requirements.txt`` when the bundle has one,
and runs the user's script with the job's arguments. The text is uploaded next to the
code (its content hash names its folder inside a pipeline), so it must not change
between builds: it depends only on the command and the script name.
"""

from __future__ import annotations

import shlex

_TEMPLATE = """#!/bin/bash
# Started by a dagmaker FrameworkProcessor job.
# 1. Unpack the code bundle that the job received in /opt/ml/processing/input/code.
# 2. Install its requirements.txt, if it has one.
# 3. Run the entry point, passing on the job's arguments.
set -e

cd /opt/ml/processing/input/code/
tar -xzf sourcedir.tar.gz

if [[ -f requirements.txt ]]; then
    python -m pip install -r requirements.txt
fi

@COMMAND@ @SCRIPT@ "$@"
"""


def render_runproc(command: list[str], script: str) -> str:
    """The script text for running ``script`` (relative to the bundle) with ``command``."""
    return _TEMPLATE.replace("@COMMAND@", " ".join(command)).replace(
        "@SCRIPT@", shlex.quote(script)
    )
