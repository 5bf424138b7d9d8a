"""Spark processing jobs: ``PySparkProcessor`` and ``SparkJarProcessor``."""

from __future__ import annotations

from dagmaker.spark.processing import PySparkProcessor, SparkJarProcessor

__all__ = ["PySparkProcessor", "SparkJarProcessor"]
