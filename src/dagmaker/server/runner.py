"""Run the server: the app on one port, and the worker that drives executions and jobs."""

from __future__ import annotations

import fcntl
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import uvicorn
from fastapi import APIRouter, FastAPI

from dagmaker.api import LocalS3Client, LocalSageMakerClient
from dagmaker.api.runtime_client import LocalSageMakerRuntimeClient
from dagmaker.api.services import Services, build_services
from dagmaker.api.worker import Worker
from dagmaker.api.worker_process import LOCK_NAME
from dagmaker.errors import InvalidRequest
from dagmaker.server.access import Access
from dagmaker.server.app import create_app
from dagmaker.server.job_logs import JobLogs
from dagmaker.server.s3_objects import Objects
from dagmaker.server.s3_wire import S3Protocol
from dagmaker.server.sagemaker_wire import JsonService
from dagmaker.server.ui import PREFIX as UI_PREFIX
from dagmaker.server.ui import ui_router
from dagmaker.settings import Settings
from dagmaker.storage.artifacts.local import LocalArtifactStore

S3_REGION = "us-east-1"
LOGS_PREFIX = "Logs_20140328."
_log = logging.getLogger("dagmaker.server")


@dataclass(frozen=True)
class Listening:
    """Where the server listens, and the settings that point AWS SDKs at it."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The base URL of every protocol served."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def ui_url(self) -> str:
        """Where the web UI is."""
        return f"{self.url}{UI_PREFIX}/"

    def exports(self) -> list[str]:
        """Shell lines sending the SDKs' SageMaker, S3, STS, log and runtime calls here."""
        return [
            f"export AWS_ENDPOINT_URL_SAGEMAKER={self.url}",
            f"export AWS_ENDPOINT_URL_S3={self.url}",
            f"export AWS_ENDPOINT_URL_STS={self.url}",
            f"export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS={self.url}",
            f"export AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME={self.url}",
        ]


def build_app(
    settings: Settings, access: Access, host: str, routers: Iterable[APIRouter] = ()
) -> tuple[FastAPI, Services]:
    """The server's app over the home in ``settings``."""
    services = build_services(settings)
    client = LocalSageMakerClient(services)
    store = services.artifacts
    objects = Objects(store) if isinstance(store, LocalArtifactStore) else None
    if objects is not None:
        # Where the engine puts artifacts unless told otherwise; S3 clients may expect it.
        objects.ensure_bucket(settings.default_bucket)
    hosts = frozenset({host, "localhost", "127.0.0.1"})
    s3 = S3Protocol(objects, hosts, S3_REGION)
    logs = JsonService("logs", LOGS_PREFIX, JobLogs(client))
    ui = ui_router(client, LocalS3Client(store), access)
    runtime = LocalSageMakerRuntimeClient(services)
    app = create_app(client, s3, access, [ui, *routers], json_services=(logs,), runtime=runtime)
    return app, services


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port); fails early when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP lets asyncio turn Nagle off on accepted connections (it checks
    # the protocol number); with proto 0 small responses wait ~40 ms for delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InvalidRequest(
            f"cannot listen on {host}:{port}: {exc.strerror}",
            field="--port",
            value=port,
            hint="Choose another --port (0 picks a free one), or stop what uses it.",
        ) from None
    sock.listen(128)
    return sock


def serve(
    settings: Settings,
    access: Access,
    host: str,
    port: int,
    announce: Callable[[Listening], None] = lambda _: None,
    routers: Iterable[APIRouter] = (),
) -> None:
    """Serve until interrupted; ``announce`` is told where, once the port is bound.

    Raises:
        InvalidRequest: for a non-loopback host without credentials.
    """
    access.check_bind(host)
    app, services = build_app(settings, access, host, routers)
    sock = bind(host, port)
    start_worker(services)
    announce(Listening(host, sock.getsockname()[1]))
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=30)
    uvicorn.Server(config).run(sockets=[sock])


def start_worker(services: Services, poll: float = 0.5) -> threading.Thread:
    """Drive executions and jobs in this process, once no other worker holds the home."""

    def work() -> None:
        path = services.settings.home / LOCK_NAME
        with path.open("a+") as lock:
            while True:
                try:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(poll)  # a detached worker still runs; take over when it exits
            Worker(services, idle_exit=float("inf")).run()

    thread = threading.Thread(target=work, name="dagmaker-worker", daemon=True)
    thread.start()
    return thread
