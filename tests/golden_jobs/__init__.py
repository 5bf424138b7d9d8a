"""Golden pipelines for the SDK job classes (compared by tests/sdk_jobs/test_golden_jobs.py).

Each ``<name>.py`` builds a pipeline with dagmaker's job classes; ``<name>.json`` is the
definition SageMaker's own SDK writes for the same source, regenerated with
``/tmp/smvenv/bin/python tools/make_job_goldens.py``. Code paths are relative to this
directory and their content hashes appear in the goldens, so editing anything under
``code/``, ``source/``, ``libs/``, ``abalone/``, ``artifacts/`` or ``entry_point.py``
means regenerating the goldens.
"""
