"""Spark for the EMR and Spark-processing tests: pyspark, Java, and a JAR built from source."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.backends.fixtures import backend_unavailable

APPS = Path(__file__).parent / "apps"


@pytest.fixture(scope="session")
def spark_ready() -> None:
    """Skip (fail in CI), saying what to install, where Spark cannot run."""
    if importlib.util.find_spec("pyspark") is None:
        backend_unavailable("Spark is not installed: pip install 'dagmaker[spark]'")
    if shutil.which("java") is None:
        backend_unavailable("Spark needs Java: apt-get install -y default-jre-headless")


@pytest.fixture(scope="session")
def main1_jar(spark_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``com.my.Main1`` (the seed's main class) compiled against Spark into a JAR."""
    import pyspark

    javac, jar = shutil.which("javac"), shutil.which("jar")
    if javac is None or jar is None:
        backend_unavailable(
            "building the test JAR needs a JDK: apt-get install -y default-jdk-headless"
        )
    build = tmp_path_factory.mktemp("main1")
    classes = build / "classes"
    spark_jars = Path(pyspark.__file__).parent / "jars"
    subprocess.run(
        [javac, "-d", str(classes), "-cp", f"{spark_jars}/*", str(APPS / "com/my/Main1.java")],
        check=True,
        timeout=300,
    )
    target = build / "MyJar.jar"
    subprocess.run([jar, "cf", str(target), "-C", str(classes), "."], check=True, timeout=120)
    return target
