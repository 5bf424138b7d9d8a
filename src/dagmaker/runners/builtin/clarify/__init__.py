"""SageMaker Clarify's processing container, as a program run inside a processing job.

`program` is the job's main program (``python -m dagmaker.runners.builtin.clarify.program``);
`model_config` is the file the processing runner writes to tell it where the model it
staged is; `model_client` calls that model the way Clarify calls a shadow endpoint.
"""
