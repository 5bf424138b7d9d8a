"""EMRStep with a running cluster (and execution role) and with a cluster config."""

from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.emr_step import EMRStep, EMRStepConfig
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.retry import StepExceptionTypeEnum, StepRetryPolicy
from dagmaker.workflow.steps import CacheConfig


def build() -> Pipeline:
    cluster = ParameterString(name="ClusterId", default_value="j-1ABCDEFGHIJKL")
    step_config = EMRStepConfig(
        jar="s3://my-bucket/jars/wordcount.jar",
        args=["s3://my-bucket/input", "s3://my-bucket/output"],
        main_class="org.example.WordCount",
        properties=[{"Key": "mapreduce.job.reduces", "Value": "2"}],
    )
    on_cluster = EMRStep(
        name="EMRWordCount",
        display_name="Word count",
        description="Runs on a running cluster",
        cluster_id=cluster,
        step_config=step_config,
        execution_role_arn="arn:aws:iam::123456789012:role/EmrRuntime",
        cache_config=CacheConfig(enable_caching=True, expire_after="P7D"),
        retry_policies=[
            StepRetryPolicy(exception_types=[StepExceptionTypeEnum.SERVICE_FAULT], max_attempts=2)
        ],
    )
    cluster_config = {
        "ReleaseLabel": "emr-6.9.0",
        "Instances": {
            "InstanceGroups": [
                {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                {"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 2},
            ]
        },
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "ServiceRole": "EMR_DefaultRole",
    }
    on_new_cluster = EMRStep(
        name="EMROnNewCluster",
        display_name=None,
        description=None,
        cluster_id=None,
        step_config=EMRStepConfig(jar="command-runner.jar", args=["spark-submit", "job.py"]),
        cluster_config=cluster_config,
        depends_on=[on_cluster],
    )
    check = ConditionStep(
        name="CheckEmr",
        conditions=[ConditionEquals(left=on_cluster.properties.Status.State, right="COMPLETED")],
        else_steps=[
            FailStep(
                name="EmrFailed",
                error_message=Join(
                    on=" ",
                    values=[
                        on_cluster.properties.ClusterId,
                        on_cluster.properties.Id,
                        on_new_cluster.properties.Config.Jar,
                    ],
                ),
            )
        ],
    )
    return Pipeline(
        name="EmrPipeline",
        parameters=[cluster],
        steps=[on_cluster, on_new_cluster, check],
        sagemaker_session=PipelineSession(),
    )
