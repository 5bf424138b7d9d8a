"""Phases of a serving process (endpoint statuses are in ``dagmaker.records.endpoints``)."""

from __future__ import annotations

from enum import StrEnum


class ProcessPhase(StrEnum):
    """Where one serving process is in its life."""

    STARTING = "Starting"
    READY = "Ready"
    STOPPING = "Stopping"
    DOWN = "Down"
