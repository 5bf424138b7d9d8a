"""Helpers shipped as a dependency directory (golden-pipeline fixture)."""
