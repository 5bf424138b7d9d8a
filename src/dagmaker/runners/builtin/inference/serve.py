"""The program an endpoint's serving process runs: load the models, then answer requests.

Usage, inside a generation's layout (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.inference.serve

It reads ``input/config/endpoint.json`` (`serving_config`) and the process's settings
from the environment, loads every variant's containers the way batch transform does
(the script's ``model_fn`` / ``input_fn`` / ``predict_fn`` / ``output_fn`` over the
framework's defaults), takes the endpoint's listening socket from a sibling or binds
the port, writes ``run/<process>.ready`` and serves. A model that cannot load is
explained in ``run/<process>.failure`` (exit code 1). SIGTERM drains: no new
connections, every open one answered and closed, capture files completed, exit 0.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType

from dagmaker.errors import DagmakerError, UserCodeError
from dagmaker.runners.builtin.inference.batch_transform import base_dir, load_chain
from dagmaker.runners.builtin.inference.job_config import TransformJobConfig
from dagmaker.runners.builtin.inference.serving_config import (
    CAPTURE_DIR,
    ProcessSettings,
    ServingConfig,
    failure_file,
    ready_file,
)
from dagmaker.serving.capture_writer import CaptureWriter
from dagmaker.serving.handoff import SocketDonor, bind_listener, receive_listener
from dagmaker.serving.http_server import EndpointServer
from dagmaker.serving.invocation_app import InferenceApp, ModelCall
from dagmaker.serving.router import VariantRouter

LOG = logging.getLogger("dagmaker.serving")
DRAIN_SECONDS = 5.0


def load_models(config: ServingConfig, base: Path) -> dict[str, ModelCall]:
    """Every variant's model chain, loaded (``model_fn`` runs here)."""
    models: dict[str, ModelCall] = {}
    for variant in config.variants:
        chain = load_chain(TransformJobConfig(containers=variant.containers), base)
        models[variant.name] = chain.transform
        LOG.info("Variant %s is loaded", variant.name)
    return models


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _failure_text(error: BaseException) -> str:
    if isinstance(error, UserCodeError):
        return f"{error.message}\n{error.log_tail}".strip()
    if isinstance(error, DagmakerError):
        return error.message.removeprefix("ClientError: ")
    return f"{type(error).__name__}: {error}\n{traceback.format_exc()}".strip()


def serve(config: ServingConfig, settings: ProcessSettings, base: Path) -> int:
    """Load, listen, serve until SIGTERM; returns the exit code."""
    try:
        models = load_models(config, base)
    except Exception as error:  # the model's code may raise anything
        LOG.error("The model could not be loaded:\n%s", traceback.format_exc())
        _write_atomic(failure_file(base, settings.process), _failure_text(error))
        return 1
    listener = receive_listener(settings.donors)
    if listener is None:
        listener = bind_listener(config.host, settings.port)
    writer = None
    if config.capture is not None and config.capture.enabled:
        writer = CaptureWriter(base / CAPTURE_DIR / settings.process, config.roll_seconds)
        writer.start_rolling()
    router = VariantRouter([(v.name, v.weight) for v in config.variants])
    server = EndpointServer(
        listener, InferenceApp(config.endpoint, models, router, config.capture, writer)
    )
    donor = SocketDonor(settings.control, listener).start()
    stop = threading.Event()
    _on_sigterm(stop)
    threading.Thread(target=server.serve_forever, name="accept", daemon=True).start()
    port = listener.getsockname()[1]
    _write_atomic(
        ready_file(base, settings.process), json.dumps({"port": port, "pid": os.getpid()})
    )
    LOG.info("Serving %s (%s) on port %d", config.endpoint, config.config, port)
    stop.wait()
    LOG.info("Draining: finishing open requests")
    server.begin_drain()
    donor.close()
    if not server.wait_idle(DRAIN_SECONDS):
        LOG.warning("Connections still open after %g s; closing", DRAIN_SECONDS)
    if writer is not None:
        writer.stop_rolling()
    server.server_close()
    LOG.info("Stopped")
    return 0


def _on_sigterm(stop: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    settings = ProcessSettings.from_environment()
    try:
        config = ServingConfig.read(base)
    except (OSError, ValueError, KeyError, TypeError) as error:
        _write_atomic(failure_file(base, settings.process), f"unreadable endpoint.json: {error}")
        return 2
    return serve(config, settings, base)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
