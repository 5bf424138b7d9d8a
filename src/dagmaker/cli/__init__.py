"""The ``dagmaker`` command line (Typer + Rich)."""
