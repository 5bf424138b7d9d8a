"""A throwaway PostgreSQL server for one test session: ``initdb`` + ``pg_ctl`` on a free port.

The cluster lives in a fresh temporary directory and listens on 127.0.0.1 (and a socket in
that directory). PostgreSQL refuses to run as root, so under root (CI) every server command
runs as the ``postgres`` user that Debian's package creates, or else ``nobody``, via
``runuser``; the directory is handed to that user first. Durability is switched off
(``fsync=off``): the data is thrown away at the end of the session.

Each test gets its own database, copied from a template that is migrated once, and drops
it when it ends.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "dagmaker"
TEMPLATE = "dagmaker_template"
_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "400",
    "shared_buffers": "64MB",
}
# For measurements: data reaches the disk as in production; a commit does not wait for its
# WAL flush, like SQLite's synchronous=NORMAL in WAL mode, which dagmaker uses.
DURABLE = {"fsync": "on", "full_page_writes": "on"}


def find_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: Debian's newest, else from PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def unavailable() -> str | None:
    """Why a server cannot be started here, or None when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'dagmaker[postgres]')"
    if find_binaries() is None:
        return (
            "PostgreSQL server binaries (initdb, pg_ctl) not found; "
            "install them with: apt-get install -y postgresql"
        )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root and runuser (util-linux) is missing to start PostgreSQL"
    return None


def _server_user() -> str | None:
    """Who runs the server: ourselves, or an unprivileged account when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root with neither a 'postgres' nor a 'nobody' account")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running throwaway cluster; ``stop()`` ends it and removes its files."""

    bin_dir: Path
    root: Path
    port: int
    user: str | None
    settings: dict[str, str] = field(default_factory=lambda: dict(_SETTINGS))
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls, settings: dict[str, str] | None = None) -> PostgresServer:
        """initdb a cluster in a new temporary directory and start it.

        Args:
            settings: Server settings that replace the test defaults (e.g. ``DURABLE``).
        """
        bin_dir = find_binaries()
        if bin_dir is None:
            raise RuntimeError(unavailable() or "no PostgreSQL binaries")
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="dagmaker-pg-"))
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        server = cls(bin_dir, root, _free_port(), user, {**_SETTINGS, **(settings or {})})
        try:
            server._initdb()
            log = str(root / "server.log")
            server._pg_ctl("start", "-w", "-t", "60", "-l", log, "-o", server._options())
            server._create_template()
        except BaseException:
            server.stop()
            raise
        return server

    def url(self, database: str) -> str:
        """A SQLAlchemy URL for ``database`` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, *, migrated: bool = True) -> str:
        """A new empty database (with dagmaker's tables when ``migrated``); its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        template = TEMPLATE if migrated else "template0"
        # FILE_COPY: copying a small template's files beats logging every page to the WAL.
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by ``create_database``, ending any session still on it.

        Each database is a few hundred files; dropping them as tests end keeps the cluster
        (and its removal at the end of the session) small.
        """
        name = url.rsplit("/", 1)[-1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server (immediately: nothing needs saving) and delete its files."""
        if (self.root / "data" / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _initdb(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.root / "data"),
            "-U", SUPERUSER,
            "-A", "trust",
            "-E", "UTF8",
            "--no-locale",
            "--no-sync",
        )  # fmt: skip

    def _options(self) -> str:
        settings = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        return f"-p {self.port} -h 127.0.0.1 -k {self.root} {settings}"

    def _pg_ctl(self, *args: str, check: bool = True) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), *args, check=check)

    def _run(self, *command: str, check: bool = True) -> None:
        if self.user is not None:
            command = ("runuser", "-u", self.user, "--", *command)
        done = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=120, check=False
        )
        if check and done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}"
            )

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(statement.encode())

    def _create_template(self) -> None:
        from dagmaker.storage.db.connection import open_database
        from dagmaker.storage.db.migrations import migrate

        self._admin(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
        db = open_database(self.url(TEMPLATE))
        try:
            migrate(db)
        finally:
            db.dispose()
