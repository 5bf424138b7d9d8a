"""Finding Spark (the ``pyspark`` package) and Java, and the environment Spark jobs get.

Spark comes from the ``dagmaker[spark]`` extra, which ships ``spark-submit``; Java from
the system (Debian: ``apt-get install -y default-jre-headless``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

from dagmaker.errors import JobFailure

INSTALL_SPARK = "pip install 'dagmaker[spark]'"
INSTALL_JAVA = "apt-get install -y default-jre-headless"


def spark_home() -> Path:
    """The Spark distribution inside the installed ``pyspark`` package.

    Raises:
        JobFailure: a client error saying how to install it.
    """
    found = importlib.util.find_spec("pyspark")
    if found is None or found.origin is None:
        raise JobFailure(f"ClientError: Spark is not installed here; {INSTALL_SPARK}")
    return Path(found.origin).parent


def spark_submit() -> str:
    """Path of ``spark-submit``, after checking that Java is there to run it.

    Raises:
        JobFailure: a client error naming what is missing and how to install it.
    """
    program = spark_home() / "bin" / "spark-submit"
    if not program.is_file():
        raise JobFailure(f"ClientError: {program} is missing; reinstall: {INSTALL_SPARK}")
    if java_home() is None and shutil.which("java") is None:
        raise JobFailure(f"ClientError: Spark needs Java and none was found; {INSTALL_JAVA}")
    return str(program)


def java_home() -> str | None:
    """``JAVA_HOME`` when it is set and holds ``bin/java``."""
    home = os.environ.get("JAVA_HOME")
    return home if home and (Path(home) / "bin" / "java").is_file() else None


def spark_env(master: str, python: str | None = None) -> dict[str, str]:
    """What a ``spark-submit`` process needs on top of a job's clean environment.

    A local master binds to loopback: nothing outside this machine talks to it.
    """
    env = {
        "SPARK_HOME": str(spark_home()),
        "PYSPARK_PYTHON": python or sys.executable,
        "PYSPARK_DRIVER_PYTHON": python or sys.executable,
    }
    home = java_home()
    if home:
        env["JAVA_HOME"] = home
    if master.startswith("local"):
        env["SPARK_LOCAL_IP"] = "127.0.0.1"
    return env
