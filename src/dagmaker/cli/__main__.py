"""``python -m dagmaker.cli``: the ``dagmaker`` command."""

from dagmaker.cli.main import run

run()
