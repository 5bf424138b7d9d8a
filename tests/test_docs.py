"""docs/cli.md documents every command the CLI has, and nothing it lacks."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from dagmaker.cli.main import app

CLI_DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _commands() -> set[str]:
    group = typer.main.get_command(app)
    names = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names |= {f"{name} {sub}" for sub in subcommands}
        else:
            names.add(name)
    return names


def test_every_command_is_documented() -> None:
    text = CLI_DOC.read_text()
    documented = set()
    for line in text.splitlines():
        for match in re.finditer(r"`dagmaker ([a-z0-9]+)(?: ([a-z][a-z-]*))?", line):
            documented.add(" ".join(p for p in match.groups() if p))
        # "list` / `describe NAME" style rows continue the same command group.
        group = re.search(r"`dagmaker ([a-z0-9]+) ", line)
        for extra in re.findall(r"/ `([a-z]+)", line):
            if group:
                documented.add(f"{group.group(1)} {extra}")
        for extra in re.findall(r"`dagmaker [a-z0-9]+ ([a-z]+)\\\|([a-z]+)", line):
            if group:
                documented |= {f"{group.group(1)} {e}" for e in extra}
    missing = sorted(c for c in _commands() if c not in documented)
    assert not missing, f"undocumented commands: {missing}"
    unknown = sorted(d for d in documented if d not in _commands() and " " in d)
    assert not unknown, f"documented but missing: {unknown}"
