"""``smspark-submit``, as SageMaker's Spark processing container runs it, on local Spark.

Run as ``python -m dagmaker.runners.builtin.smspark_submit [options] app [app args]``
inside a processing job. It understands the container's options (``--class``,
``--jars``, ``--py-files``, ``--files``: comma-separated paths, where a directory means
every file in it; ``--local-spark-event-logs-dir``; ``--verbose``), applies the job's
EMR-style ``configuration.json`` (``spark-defaults`` as ``--conf``, ``spark-env`` as
environment), and runs ``spark-submit`` with the application. The Spark master is
``DAGMAKER_SPARK_MASTER`` (default ``local[*]``). Spark runs on the first host; any other
host of the job has nothing to do and ends at once, as a worker would once the
application finished.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.spark_submit import spark_env, spark_submit

DEFAULT_MASTER = "local[*]"
_LISTS = ("--jars", "--py-files", "--files")
_VALUED = ("--class", "--local-spark-event-logs-dir", *_LISTS)
_FLAGS = ("--verbose",)


def parse(argv: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """(options, flags, [app, *app args]) from smspark-submit's command line.

    Raises:
        JobFailure: for an unknown option, an option without a value, or no application.
    """
    options: dict[str, str] = {}
    flags: list[str] = []
    index = 0
    while index < len(argv) and argv[index].startswith("--"):
        name, _, inline = argv[index].partition("=")
        if name in _FLAGS:
            flags.append(name)
            index += 1
            continue
        if name not in _VALUED:
            raise JobFailure(f"ClientError: smspark-submit does not know the option {name}")
        if inline:
            options[name] = inline
            index += 1
        elif index + 1 < len(argv):
            options[name] = argv[index + 1]
            index += 2
        else:
            raise JobFailure(f"ClientError: smspark-submit option {name} needs a value")
    if index >= len(argv):
        raise JobFailure("ClientError: smspark-submit needs the application to run")
    return options, flags, argv[index:]


def expand(paths: str) -> str:
    """Comma-separated paths with every directory replaced by the files in it."""
    files: list[str] = []
    for item in filter(None, paths.split(",")):
        path = Path(item)
        if path.is_dir():
            files += sorted(str(p) for p in path.rglob("*") if p.is_file())
        else:
            files.append(item)
    return ",".join(files)


def configuration(opt_ml: Path) -> tuple[list[str], dict[str, str]]:
    """``--conf`` arguments and environment from ``input/conf/configuration.json``."""
    path = opt_ml / "processing" / "input" / "conf" / "configuration.json"
    if not path.is_file():
        return [], {}
    document: Any = json.loads(path.read_text())
    conf: list[str] = []
    env: dict[str, str] = {}
    for item in document if isinstance(document, list) else [document]:
        properties = item.get("Properties") or {}
        if item.get("Classification") == "spark-defaults":
            conf += [arg for k, v in properties.items() for arg in ("--conf", f"{k}={v}")]
        for nested in item.get("Configurations") or []:
            if (
                item.get("Classification") == "spark-env"
                and nested.get("Classification") == "export"
            ):
                env.update({str(k): str(v) for k, v in (nested.get("Properties") or {}).items()})
    return conf, env


def command(argv: list[str], opt_ml: Path, master: str) -> tuple[list[str], dict[str, str]]:
    """The ``spark-submit`` argv and extra environment for smspark-submit's ``argv``."""
    options, flags, application = parse(argv)
    submit = [spark_submit(), "--master", master, "--deploy-mode", "client", *flags]
    if "--class" in options:
        submit += ["--class", options["--class"]]
    for name in _LISTS:
        if name in options and expand(options[name]):
            submit += [name, expand(options[name])]
    events = options.get("--local-spark-event-logs-dir")
    if events:
        Path(events).mkdir(parents=True, exist_ok=True)
        submit += ["--conf", "spark.eventLog.enabled=true"]
        submit += ["--conf", f"spark.eventLog.dir=file://{Path(events).resolve()}"]
    conf, env = configuration(opt_ml)
    return [*submit, *conf, *application], {**spark_env(master), **env}


def _primary(opt_ml: Path) -> tuple[bool, str]:
    """Whether this host runs Spark (the first host), and this host's name."""
    path = opt_ml / "config" / "resourceconfig.json"
    if not path.is_file():
        return True, "algo-1"
    config = json.loads(path.read_text())
    return config["current_host"] == config["hosts"][0], config["current_host"]


def main(argv: list[str]) -> int:
    """Run the application; the exit status is spark-submit's."""
    opt_ml = Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))
    primary, host = _primary(opt_ml)
    if not primary:
        sys.stdout.write(f"{host}: Spark runs the application from the first host; nothing to do\n")
        return 0
    master = os.environ.get("DAGMAKER_SPARK_MASTER") or DEFAULT_MASTER
    try:
        argv_, extra = command(argv, opt_ml, master)
    except JobFailure as exc:
        message = opt_ml / "output" / "message"
        message.parent.mkdir(parents=True, exist_ok=True)
        message.write_text(exc.message)
        sys.stderr.write(exc.message + "\n")
        return 1
    sys.stdout.write("smspark-submit: " + " ".join(argv_[1:]) + "\n")
    sys.stdout.flush()
    return subprocess.call(argv_, env={**os.environ, **extra})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
