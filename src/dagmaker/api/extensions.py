"""dagmaker's operations beyond SageMaker's API, as the wire knows them.

Each is a method of the client (``get_job_log``) and travels to a server as
``X-Amz-Target: Dagmaker.<Operation>`` (``GetJobLog``). One table, read by the remote
client that sends them and the server that answers them.
"""

from __future__ import annotations

EXTENSIONS: dict[str, str] = {
    "get_job_log": "GetJobLog",
    "receive_callback_messages": "ReceiveCallbackMessages",
    "list_model_package_approvals": "ListModelPackageApprovals",
    "list_image_mappings": "ListImageMappings",
    "put_image_mapping": "PutImageMapping",
    "delete_image_mapping": "DeleteImageMapping",
    "list_jobs": "ListJobs",
    "describe_job": "DescribeJob",
    "wait_for_pipeline_execution": "WaitForPipelineExecution",
    "wait_for_job": "WaitForJob",
    "resume_pipeline_executions": "ResumePipelineExecutions",
    "describe_pipeline_execution_step": "DescribePipelineExecutionStep",
    "list_waiting_callbacks": "ListWaitingCallbacks",
    "run_monitoring_schedule_now": "RunMonitoringScheduleNow",
    "list_monitoring_metrics": "ListMonitoringMetrics",
    "list_emr_clusters": "ListEmrClusters",
    "map_emr_cluster": "MapEmrCluster",
    "unmap_emr_cluster": "UnmapEmrCluster",
}
