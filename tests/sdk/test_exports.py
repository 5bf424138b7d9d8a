"""The public surface mirrors sagemaker 2.x: module paths and the names users import."""

import importlib

import pytest

import dagmaker.workflow

# Names that sagemaker.workflow.<module> defines and users import, per module.
SAGEMAKER_NAMES = {
    "entities": ["Entity", "Expression", "PipelineVariable", "DefaultEnumMeta"],
    "parameters": [
        "Parameter",
        "ParameterBoolean",
        "ParameterFloat",
        "ParameterInteger",
        "ParameterString",
        "ParameterTypeEnum",
    ],
    "execution_variables": ["ExecutionVariable", "ExecutionVariables"],
    "properties": ["Properties", "PropertiesList", "PropertiesMap", "PropertyFile"],
    "functions": ["Join", "JsonGet"],
    "conditions": [
        "Condition",
        "ConditionComparison",
        "ConditionEquals",
        "ConditionGreaterThan",
        "ConditionGreaterThanOrEqualTo",
        "ConditionIn",
        "ConditionLessThan",
        "ConditionLessThanOrEqualTo",
        "ConditionNot",
        "ConditionOr",
        "ConditionTypeEnum",
        "primitive_or_expr",
    ],
    "retry": [
        "RetryPolicy",
        "SageMakerJobExceptionTypeEnum",
        "SageMakerJobStepRetryPolicy",
        "StepExceptionTypeEnum",
        "StepRetryPolicy",
    ],
    "steps": [
        "CacheConfig",
        "ConfigurableRetryStep",
        "CreateModelStep",
        "ProcessingStep",
        "Step",
        "StepTypeEnum",
        "TrainingStep",
        "TransformStep",
        "TuningStep",
        "PropertyFile",
        "Properties",
    ],
    "condition_step": ["ConditionStep", "JsonGet"],
    "fail_step": ["FailStep"],
    "callback_step": ["CallbackOutput", "CallbackOutputTypeEnum", "CallbackStep"],
    "lambda_step": ["LambdaOutput", "LambdaOutputTypeEnum", "LambdaStep"],
    "emr_step": ["EMRStep", "EMRStepConfig"],
    "parallelism_config": ["ParallelismConfiguration"],
    "pipeline_experiment_config": [
        "PipelineExperimentConfig",
        "PipelineExperimentConfigProperties",
        "PipelineExperimentConfigProperty",
    ],
    "selective_execution_config": ["SelectiveExecutionConfig"],
    "pipeline_definition_config": ["PipelineDefinitionConfig"],
    "pipeline": ["Pipeline", "_PipelineExecution", "format_start_parameters"],
    "pipeline_context": ["PipelineSession", "LocalPipelineSession", "_JobStepArguments"],
    "step_collections": ["StepCollection"],
    "utilities": ["list_to_request", "hash_file", "hash_files_or_dirs", "hash_object"],
}


@pytest.mark.parametrize("module", sorted(SAGEMAKER_NAMES))
def test_sagemaker_names_exist(module) -> None:
    loaded = importlib.import_module(f"dagmaker.workflow.{module}")
    missing = [name for name in SAGEMAKER_NAMES[module] if not hasattr(loaded, name)]
    assert missing == []


def test_package_exports_are_sorted_and_complete() -> None:
    exported = dagmaker.workflow.__all__
    assert exported == sorted(exported)
    assert set(exported) == {
        "Expression",
        "ParameterString",
        "is_pipeline_parameter_string",
        "is_pipeline_variable",
    }
    for name in exported:
        assert hasattr(dagmaker.workflow, name)


def test_the_session_module() -> None:
    session = importlib.import_module("dagmaker.session")
    assert {"Session", "get_execution_role"} <= set(dir(session))
