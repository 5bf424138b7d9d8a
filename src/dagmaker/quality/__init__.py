"""Model Monitor's and Clarify's computations: statistics, constraints, violations, metrics.

Pure functions over data read from files; no database, no jobs. Runners and the CLI call
them; the documents they return are written in the exact formats of
``specs/monitor-formats.md``.
"""
