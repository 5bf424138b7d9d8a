"""Framework models in ModelSteps: SKLearnModel register, PyTorch and XGBoost repacks."""

from dagmaker.pytorch import PyTorchModel
from dagmaker.sklearn import SKLearnModel
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.xgboost import XGBoostModel
from tests.golden_models.golden_session import ROLE, session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    model_data = ParameterString(name="ModelData", default_value="s3://my-bucket/model.tar.gz")
    sklearn_model = SKLearnModel(
        model_data=model_data,
        role=ROLE,
        entry_point="inference.py",
        source_dir="inference_code",
        dependencies=["lib_helpers"],
        framework_version="1.2-1",
        model_server_workers=2,
        env={"LOG_LEVEL": "debug"},
        sagemaker_session=session,
    )
    step_sklearn = ModelStep(
        name="RegisterSklearn",
        step_args=sklearn_model.register(
            content_types=["text/csv"],
            response_types=["application/json"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="SklearnModels",
            approval_status="Approved",
            customer_metadata_properties={"source": "golden"},
        ),
    )
    pytorch_model = PyTorchModel(
        model_data=model_data,
        role=ROLE,
        entry_point="inference.py",
        source_dir="inference_code",
        framework_version="2.1",
        py_version="py310",
        name="torch-model",
        code_location="s3://my-bucket/torch-code",
        sagemaker_session=session,
    )
    step_pytorch = ModelStep(
        name="CreateTorch", step_args=pytorch_model.create(instance_type="ml.g5.xlarge")
    )
    xgboost_model = XGBoostModel(
        model_data=model_data,
        role=ROLE,
        entry_point="inference.py",
        source_dir="inference_code",
        framework_version="1.7-1",
        enable_network_isolation=True,
        sagemaker_session=session,
    )
    step_xgboost = ModelStep(
        name="RegisterIsolatedXgb",
        step_args=xgboost_model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="XgbModels",
            framework_version="1.7-1",
        ),
    )
    return Pipeline(
        name="FrameworkModels",
        parameters=[model_data],
        steps=[step_sklearn, step_pytorch, step_xgboost],
        sagemaker_session=session,
    )
