"""Step runners: one module per step Type, found through one table and loaded lazily.

Adding a step type means one row here and one module; importing this package loads
no runner.
"""

from __future__ import annotations

RUNNERS: dict[str, str] = {
    "Condition": "dagmaker.engine.control_steps:ConditionRunner",
    "Fail": "dagmaker.engine.control_steps:FailRunner",
    "Processing": "dagmaker.runners.processing:ProcessingRunner",
    "Training": "dagmaker.runners.training:TrainingRunner",
    "Transform": "dagmaker.runners.transform:TransformRunner",
    "Tuning": "dagmaker.runners.tuning:TuningRunner",
    "Model": "dagmaker.runners.model:ModelRunner",
    "RegisterModel": "dagmaker.runners.register_model:RegisterModelRunner",
    "Lambda": "dagmaker.runners.lambda_step:LambdaRunner",
    "Callback": "dagmaker.runners.callback:CallbackRunner",
    "Endpoint": "dagmaker.runners.endpoint:EndpointRunner",
    "QualityCheck": "dagmaker.runners.quality_check:QualityCheckRunner",
    "ClarifyCheck": "dagmaker.runners.clarify_check:ClarifyCheckRunner",
    "AutoML": "dagmaker.runners.automl:AutoMLRunner",
    "MonitoringSchedule": "dagmaker.runners.monitoring.schedule:ScheduleRunner",
    "MonitoringExecution": "dagmaker.runners.monitoring.execution:MonitoringExecutionRunner",
    "EMR": "dagmaker.runners.emr:EMRRunner",
}
