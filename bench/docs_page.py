"""docs/benchmarks.md: each benchmark rewrites its own section and leaves the others."""

from __future__ import annotations

from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def replace_section(heading: str, text: str, page: Path = PAGE) -> None:
    """Put ``text`` in place of the section that starts at ``heading`` (or append it)."""
    content = page.read_text()
    before, found, after = content.partition(heading)
    if found:
        rest = after.split("\n## ", 1)
        tail = "\n## " + rest[1] if len(rest) == 2 else ""
        content = before + text + tail
    else:
        content = content.rstrip("\n") + "\n\n" + text
    page.write_text(content.rstrip("\n") + "\n")
