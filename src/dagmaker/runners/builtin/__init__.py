"""Programs that run inside jobs in place of SageMaker's built-in algorithm containers.

Each module here is either a job's main program (run as ``python -m ...`` inside the
job's ``/opt/ml`` layout) or a pure table that the runners above read. Programs find
the layout at ``$DAGMAKER_OPT_ML`` (default ``/opt/ml``).
"""
