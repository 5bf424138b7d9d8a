"""Spark processing jobs: ``PySparkProcessor``."""

from __future__ import annotations

from dagmaker.spark.processing import PySparkProcessor

__all__ = ["PySparkProcessor"]
