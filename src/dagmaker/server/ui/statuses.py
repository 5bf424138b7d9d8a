"""How a status looks: a tone (the colour family), a glyph and words.

Colour is never the only signal: every status is also written out, and the glyph
differs by tone, so pages read the same in greyscale or to a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass

# Status values of every resource the UI shows, grouped by what they mean to a reader.
_TONES: dict[str, tuple[str, ...]] = {
    "ok": (
        "Succeeded",
        "Completed",
        "Approved",
        "InService",
        "Scheduled",
        "Active",
    ),
    "bad": ("Failed", "Rejected", "CompletedWithViolations", "OutOfService"),
    "run": ("Executing", "Starting", "InProgress", "Creating", "Updating"),
    "warn": ("Stopping", "Stopped", "WaitingForRetry", "Deleting", "SystemUpdating"),
    "idle": ("Pending", "NotStarted", "PendingManualApproval", "Waiting"),
    "skip": ("Skipped",),
}
_GLYPHS = {"ok": "✓", "bad": "✕", "run": "▶", "warn": "■", "idle": "○", "skip": "↷"}
_WORDS = {
    "WaitingForRetry": "Waiting for retry",
    "PendingManualApproval": "Pending approval",
    "CompletedWithViolations": "Completed with violations",
    "NotStarted": "Not started",
    "InService": "In service",
    "OutOfService": "Out of service",
    "InProgress": "In progress",
}
_TONE_OF = {status: tone for tone, statuses in _TONES.items() for status in statuses}


@dataclass(frozen=True)
class Shown:
    """A status as drawn: ``tone`` picks the CSS class, ``words`` is what is written."""

    status: str
    tone: str
    glyph: str
    words: str

    @property
    def css(self) -> str:
        """The CSS class of the tone."""
        return f"tone-{self.tone}"


def shown(status: str, *, pending_means_not_started: bool = False) -> Shown:
    """How ``status`` is shown; a step still ``Pending`` in an ended execution never ran."""
    if status == "Pending" and pending_means_not_started:
        status = "NotStarted"
    tone = _TONE_OF.get(status, "idle")
    return Shown(status, tone, _GLYPHS[tone], _WORDS.get(status, status or "Unknown"))


def is_running(execution_status: str) -> bool:
    """Whether an execution can still change (so its page keeps polling)."""
    return execution_status in ("Executing", "Stopping")
