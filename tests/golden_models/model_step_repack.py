"""ModelStep with a runtime repack: a generic Model with entry_point and source_dir."""

from dagmaker.model import Model
from dagmaker.workflow.model_step import ModelStep
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep
from tests.golden_models.golden_session import ROLE, session_kwargs

IMAGE = "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    model_data = ParameterString(name="ModelData", default_value="s3://my-bucket/model.tar.gz")
    model = Model(
        image_uri=IMAGE,
        model_data=model_data,
        role=ROLE,
        entry_point="inference.py",
        source_dir="inference_code",
        dependencies=["lib_helpers"],
        sagemaker_session=session,
    )
    step_create = ModelStep(
        name="CreateRepacked",
        step_args=model.create(instance_type="ml.m5.large"),
        depends_on=["Upstream"],
    )
    step_register = ModelStep(
        name="RegisterRepacked",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large"],
            transform_instances=["ml.m5.large"],
            model_package_group_name="RepackedModels",
        ),
        repack_model_step_settings={"instance_type": "ml.c5.xlarge", "volume_size": 50},
    )
    named = Model(
        image_uri=IMAGE,
        model_data=model_data,
        role=ROLE,
        name="entry-only",
        entry_point="inference_code/inference.py",
        sagemaker_session=session,
    )
    step_entry_only = ModelStep(name="EntryOnly", step_args=named.create())
    upstream = ProcessingStep(name="Upstream", step_args=_noop_processing(session))
    return Pipeline(
        name="RepackPipeline",
        parameters=[model_data],
        steps=[upstream, step_create, step_register, step_entry_only],
        sagemaker_session=session,
    )


def _noop_processing(session):
    from dagmaker.processing import Processor

    processor = Processor(
        role=ROLE,
        image_uri=IMAGE,
        instance_count=1,
        instance_type="ml.m5.large",
        entrypoint=["python3", "-c", "print('ok')"],
        sagemaker_session=session,
    )
    return processor.run()
