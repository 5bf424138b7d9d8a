"""``python -m dagmaker`` runs the command line."""

from dagmaker.cli.main import run

run()
