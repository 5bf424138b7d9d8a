"""Parameters for instance type/count, volume, runtime, role, image and input locations."""

from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from dagmaker.sklearn.processing import SKLearnProcessor
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.parameters import ParameterBoolean, ParameterInteger, ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.steps import ProcessingStep, TrainingStep
from tests.golden_jobs.golden_session import session_kwargs


def build() -> Pipeline:
    session = PipelineSession(**session_kwargs())
    instance_type = ParameterString(name="InstanceType", default_value="ml.m5.xlarge")
    instance_count = ParameterInteger(name="InstanceCount", default_value=1)
    volume = ParameterInteger(name="VolumeSize", default_value=40)
    runtime = ParameterInteger(name="MaxRuntime", default_value=1800)
    role = ParameterString(name="Role", default_value="arn:aws:iam::111122223333:role/Dyn")
    image = ParameterString(
        name="Image", default_value="123456789012.dkr.ecr.us-west-2.amazonaws.com/img:1"
    )
    source = ParameterString(name="Source", default_value="s3://my-bucket/input")
    destination = ParameterString(name="Destination", default_value="s3://my-bucket/output")
    spot = ParameterBoolean(name="UseSpot", default_value=False)
    parameters = [instance_type, instance_count, volume, runtime, role, image, source]
    parameters += [destination, spot]
    processor = SKLearnProcessor(
        framework_version="1.0-1",
        role=role,
        instance_type=instance_type,
        instance_count=instance_count,
        volume_size_in_gb=volume,
        max_runtime_in_seconds=runtime,
        sagemaker_session=session,
    )
    step_process = ProcessingStep(
        name="Process",
        step_args=processor.run(
            code="code/preprocess.py",
            inputs=[ProcessingInput(source=source, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(
                    output_name="out", source="/opt/ml/processing/out", destination=destination
                ),
            ],
            arguments=["--run", ExecutionVariables.PIPELINE_EXECUTION_ID],
        ),
    )
    custom = ScriptProcessor(
        role=role,
        image_uri=image,
        command=["python3"],
        instance_type=instance_type,
        instance_count=instance_count,
        sagemaker_session=session,
    )
    step_custom = ProcessingStep(name="Custom", step_args=custom.run(code="code/evaluate.py"))
    estimator = Estimator(
        image_uri=image,
        role=role,
        instance_type=instance_type,
        instance_count=instance_count,
        volume_size=volume,
        max_run=runtime,
        output_path=destination,
        use_spot_instances=spot,
        sagemaker_session=session,
        hyperparameters={"count": instance_count},
    )
    step_train = TrainingStep(
        name="Train",
        step_args=estimator.fit(
            TrainingInput(
                step_process.properties.ProcessingOutputConfig.Outputs["out"].S3Output.S3Uri
            )
        ),
    )
    return Pipeline(
        name="Variables",
        parameters=parameters,
        steps=[step_process, step_custom, step_train],
        sagemaker_session=session,
    )
