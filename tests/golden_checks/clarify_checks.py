"""ClarifyCheckStep for data bias, model bias and explainability of a model a step creates."""

from dagmaker.clarify import (
    BiasConfig,
    DataConfig,
    ModelConfig,
    ModelPredictedLabelConfig,
    SHAPConfig,
)
from dagmaker.model import Model
from dagmaker.workflow.check_job_config import CheckJobConfig
from dagmaker.workflow.clarify_check_step import (
    ClarifyCheckStep,
    DataBiasCheckConfig,
    ModelBiasCheckConfig,
    ModelExplainabilityCheckConfig,
)
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterBoolean, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from tests.golden_checks.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
HEADERS = ["label", "age", "income", "gender"]


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    training_data = ParameterString(name="TrainingData", default_value="s3://my-bucket/train.csv")
    skip_check = ParameterBoolean(name="SkipBiasCheck", default_value=False)
    supplied_bias = ParameterString(name="SuppliedBias", default_value="")
    job_config = CheckJobConfig(role=ROLE, instance_type="ml.c5.xlarge", sagemaker_session=session)
    bias_config = BiasConfig(
        label_values_or_threshold=[1], facet_name="gender", facet_values_or_threshold=[0]
    )
    data_bias = ClarifyCheckStep(
        name="DataBiasCheck",
        clarify_check_config=DataBiasCheckConfig(
            data_config=DataConfig(
                s3_data_input_path=training_data,
                s3_output_path="s3://my-bucket/clarify/data-bias",
                label="label",
                headers=HEADERS,
                dataset_type="text/csv",
            ),
            data_bias_config=bias_config,
            methods=["CI", "DPL", "KL"],
        ),
        check_job_config=job_config,
        skip_check=skip_check,
        register_new_baseline=False,
        supplied_baseline_constraints=supplied_bias,
        model_package_group_name="CheckedModels",
    )
    model = Model(
        image_uri=IMAGE,
        model_data="s3://my-bucket/model.tar.gz",
        role=ROLE,
        sagemaker_session=session,
    )
    create_model = ModelStep(
        name="CreateModel", step_args=model.create(instance_type="ml.m5.large")
    )
    model_config = ModelConfig(
        model_name=create_model.properties.ModelName,
        instance_count=1,
        instance_type="ml.m5.large",
        accept_type="text/csv",
        content_type="text/csv",
    )
    model_bias = ClarifyCheckStep(
        name="ModelBiasCheck",
        clarify_check_config=ModelBiasCheckConfig(
            data_config=DataConfig(
                s3_data_input_path="s3://my-bucket/test.csv",
                s3_output_path="s3://my-bucket/clarify/model-bias",
                s3_analysis_config_output_path="s3://my-bucket/clarify/configs",
                label=0,
                dataset_type="text/csv",
            ),
            data_bias_config=BiasConfig(
                label_values_or_threshold=[1],
                facet_name=[3, 2],
                facet_values_or_threshold=[[0], [50000]],
                group_name=1,
            ),
            model_config=model_config,
            model_predicted_label_config=ModelPredictedLabelConfig(probability_threshold=0.6),
        ),
        check_job_config=job_config,
        skip_check=True,
        register_new_baseline=True,
    )
    explainability = ClarifyCheckStep(
        name="ExplainabilityCheck",
        clarify_check_config=ModelExplainabilityCheckConfig(
            data_config=DataConfig(
                s3_data_input_path="s3://my-bucket/test.csv",
                s3_output_path="s3://my-bucket/clarify/explainability",
                label="label",
                headers=HEADERS,
                dataset_type="text/csv",
            ),
            model_config=model_config,
            explainability_config=SHAPConfig(
                baseline=[[35, 50000, 1]], num_samples=50, agg_method="mean_abs", seed=7
            ),
            model_scores=0,
        ),
        check_job_config=job_config,
        fail_on_violation=False,
        supplied_baseline_constraints="s3://my-bucket/baselines/analysis.json",
    )
    return Pipeline(
        name="ClarifyChecks",
        parameters=[training_data, skip_check, supplied_bias],
        steps=[data_bias, create_model, model_bias, explainability],
        sagemaker_session=session,
    )
