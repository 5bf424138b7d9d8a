"""Internals of the SDK's job, model and tuning classes (not public API)."""
