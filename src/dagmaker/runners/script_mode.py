"""What SageMaker's training toolkit gives a framework entry point ("script mode").

Framework images (scikit-learn, XGBoost, PyTorch, ...) run the user's script through the
sagemaker-training-toolkit, which turns the job's config files into command-line
arguments and ``SM_*`` environment variables. These pure functions compute the same
values, so a script written for SageMaker finds what it expects:

- `input_data_config_file` and `resource_config` build the ``inputdataconfig.json`` and
  ``resourceconfig.json`` documents from a CreateTrainingJob request;
- `decode_hyperparameters` splits ``hyperparameters.json`` into the user's values and
  the SDK's ``sagemaker_*`` settings;
- `cli_args` renders the user's hyperparameters as the script's arguments;
- `training_env` builds the whole environment.

Formats follow the toolkit: arguments are ``--name value`` pairs in sorted order
(``-n`` for one-letter names), values rendered with Python's ``str`` (``True``,
``[1, 2]``), dictionaries as ``k=v,k2=v2`` and None as an empty string; environment
values are strings as given and compact, key-sorted JSON for everything else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

DEFAULT_BASE = "/opt/ml"
DEFAULT_GROUP = "homogeneousCluster"
DEFAULT_NETWORK_INTERFACE = "eth0"
INFO_LOG_LEVEL = 20

# Hyperparameters the toolkit reads for itself; with every other ``sagemaker_*`` key they
# are kept out of the user's hyperparameters. Those not listed here are handed to the
# framework as SM_FRAMEWORK_PARAMS.
SAGEMAKER_HYPERPARAMETERS = frozenset(
    {
        "sagemaker_program",
        "sagemaker_submit_directory",
        "sagemaker_enable_cloudwatch_metrics",
        "sagemaker_region",
        "sagemaker_container_log_level",
        "sagemaker_job_name",
        "default_user_module_name",
        "_tuning_objective_metric",
        "sagemaker_s3_output",
    }
)
SAGEMAKER_PREFIX = "sagemaker_"

# Framework parameters that switch on distributed training for the current group.
_DISTRIBUTION_FLAGS = (
    "sagemaker_mpi_enabled",
    "sagemaker_parameter_server_enabled",
    "sagemaker_distributed_dataparallel_enabled",
    "sagemaker_pytorch_ddp_enabled",
    "sagemaker_pytorch_xla_multi_worker_enabled",
    "sagemaker_multi_worker_mirrored_strategy_enabled",
)


class DecodedHyperparameters(NamedTuple):
    """``hyperparameters.json`` split the way the toolkit splits it.

    Attributes:
        user: The script's own hyperparameters, JSON-decoded.
        sagemaker: ``sagemaker_*`` keys and the toolkit's own (``_tuning_objective_metric``…).
    """

    user: dict[str, Any]
    sagemaker: dict[str, Any]


def _decode(value: Any) -> Any:
    if not isinstance(value, str | bytes | bytearray):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_hyperparameters(raw: Mapping[str, Any]) -> DecodedHyperparameters:
    """Decode each value as JSON (falling back to the raw string) and split out SDK keys.

    Framework estimators JSON-encode every value (``'"abc"'``, ``"3"``, ``"true"``), so
    decoding restores the types; plain strings such as ``reg:linear`` stay as they are.
    """
    user: dict[str, Any] = {}
    sagemaker: dict[str, Any] = {}
    for key, value in raw.items():
        is_sdk = key in SAGEMAKER_HYPERPARAMETERS or key.startswith(SAGEMAKER_PREFIX)
        (sagemaker if is_sdk else user)[key] = _decode(value)
    return DecodedHyperparameters(user, sagemaker)


def framework_parameters(sagemaker: Mapping[str, Any]) -> dict[str, Any]:
    """The ``sagemaker_*`` settings the toolkit does not consume (SM_FRAMEWORK_PARAMS)."""
    return {k: v for k, v in sagemaker.items() if k not in SAGEMAKER_HYPERPARAMETERS}


def _text(value: Any) -> str:
    """The toolkit's rendering of one argument value."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin1")
    return str(value)


def cli_args(hyperparameters: Mapping[str, Any]) -> list[str]:
    """The script's command-line arguments: ``--name value`` pairs, names sorted.

    One-letter names get a single dash (``-n 3``). Dictionaries become ``k=v`` pairs
    joined by commas; other values are rendered with ``str`` (``True``, ``[1, 2]``),
    None as ``""``.
    """
    args: list[str] = []
    for key in sorted(hyperparameters):
        name = _text(key)
        value = hyperparameters[key]
        args.append(("--" if len(name) > 1 else "-") + name if name else "")
        if isinstance(value, Mapping):
            args.append(",".join(f"{k}={v}" for k, v in sorted(value.items())))
        else:
            args.append(_text(value))
    return args


def env_value(value: Any) -> str:
    """An environment-variable value: strings as given, None empty, else compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin1")
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def input_data_config_file(
    channels: Sequence[Mapping[str, Any]], *, training_input_mode: str = "File"
) -> dict[str, dict[str, str]]:
    """The ``inputdataconfig.json`` document for a CreateTrainingJob ``InputDataConfig``.

    Args:
        channels: The request's channels (``ChannelName``, ``DataSource``,
            ``ContentType``, ``InputMode``, ``RecordWrapperType`` …).
        training_input_mode: The job's ``AlgorithmSpecification.TrainingInputMode``,
            used for channels that set no ``InputMode``.

    Returns:
        Channel name → ``ContentType`` (when declared), ``TrainingInputMode``,
        ``S3DistributionType`` and ``RecordWrapperType``.
    """
    document: dict[str, dict[str, str]] = {}
    for channel in channels:
        s3 = channel.get("DataSource", {}).get("S3DataSource", {})
        entry: dict[str, str] = {}
        if channel.get("ContentType"):
            entry["ContentType"] = str(channel["ContentType"])
        entry["TrainingInputMode"] = str(channel.get("InputMode") or training_input_mode)
        entry["S3DistributionType"] = str(s3.get("S3DataDistributionType", "FullyReplicated"))
        entry["RecordWrapperType"] = str(channel.get("RecordWrapperType", "None"))
        document[str(channel["ChannelName"])] = entry
    return document


def host_names(instance_count: int) -> list[str]:
    """SageMaker's host names for ``instance_count`` instances: ``algo-1`` … ``algo-N``."""
    return [f"algo-{i}" for i in range(1, instance_count + 1)]


def resource_config(
    hosts: Sequence[str] | int,
    current: str,
    *,
    instance_type: str = "local",
    network_interface_name: str = DEFAULT_NETWORK_INTERFACE,
) -> dict[str, Any]:
    """The ``resourceconfig.json`` document of one host of a homogeneous cluster.

    Args:
        hosts: All host names, or the job's instance count (hosts ``algo-1..N``).
        current: This host's name.
        instance_type: The job's ``ResourceConfig.InstanceType``.
        network_interface_name: The interface name reported to distributed frameworks.
    """
    names = host_names(hosts) if isinstance(hosts, int) else list(hosts)
    return {
        "current_host": current,
        "current_instance_type": instance_type,
        "current_group_name": DEFAULT_GROUP,
        "hosts": names,
        "instance_groups": [
            {"instance_group_name": DEFAULT_GROUP, "instance_type": instance_type, "hosts": names}
        ],
        "network_interface_name": network_interface_name,
    }


class _Cluster(NamedTuple):
    """Instance-group facts the toolkit derives from ``resourceconfig.json``."""

    groups: dict[str, Any]
    current_group: str
    distribution_groups: list[str]
    distribution_hosts: list[str]


def _cluster(resources: Mapping[str, Any], framework: Mapping[str, Any]) -> _Cluster:
    configured = list(resources.get("instance_groups", []))
    groups = {str(group["instance_group_name"]): group for group in configured}
    current_group = str(resources.get("current_group_name", DEFAULT_GROUP))
    enabled = any(framework.get(flag, False) for flag in _DISTRIBUTION_FLAGS)
    distribution = framework.get(
        "sagemaker_distribution_instance_groups", [current_group] if enabled else []
    )
    if configured:
        dist_hosts = [
            h for g in configured if g["instance_group_name"] in distribution for h in g["hosts"]
        ]
    else:
        dist_hosts = list(resources["hosts"])
    return _Cluster(groups, current_group, list(distribution), dist_hosts)


def _module_name(program: Any) -> Any:
    if isinstance(program, str) and program.endswith(".py"):
        return program[: -len(".py")]
    return program


def _paths(base: str) -> dict[str, str]:
    return {
        "model_dir": f"{base}/model",
        "input_dir": f"{base}/input",
        "input_config_dir": f"{base}/input/config",
        "output_dir": f"{base}/output",
        "output_data_dir": f"{base}/output/data",
        "output_intermediate_dir": f"{base}/output/intermediate",
    }


def _environment(
    decoded: DecodedHyperparameters,
    input_data_config: Mapping[str, Any],
    resources: Mapping[str, Any],
    facts: Mapping[str, Any],
) -> dict[str, Any]:
    """The toolkit's ``Environment`` as a dictionary (the SM_TRAINING_ENV document)."""
    sdk = decoded.sagemaker
    framework = framework_parameters(sdk)
    cluster = _cluster(resources, framework)
    hosts = list(resources["hosts"])
    current = str(resources["current_host"])
    master = cluster.distribution_hosts[0] if cluster.distribution_hosts else hosts[0]
    group = cluster.groups.get(cluster.current_group, {})
    paths = _paths(facts["base"])
    return {
        **paths,
        "additional_framework_parameters": framework,
        "channel_input_dirs": {c: f"{facts['base']}/input/data/{c}" for c in input_data_config},
        "current_host": current,
        "current_instance_group": cluster.current_group,
        "current_instance_group_hosts": list(group.get("hosts", [])),
        "current_instance_type": resources.get("current_instance_type", "local"),
        "distribution_hosts": cluster.distribution_hosts,
        "distribution_instance_groups": cluster.distribution_groups,
        "framework_module": facts["framework_module"],
        "hosts": hosts,
        "hyperparameters": decoded.user,
        "input_data_config": dict(input_data_config),
        "instance_groups": list(cluster.groups),
        "instance_groups_dict": cluster.groups,
        "is_hetero": len(cluster.groups) > 1,
        "is_master": current == master,
        "is_modelparallel_enabled": None,
        "job_name": facts["job_name"],
        "log_level": sdk.get("sagemaker_container_log_level", INFO_LOG_LEVEL),
        "master_hostname": master,
        "module_dir": str(sdk.get("sagemaker_submit_directory", f"{facts['base']}/code")),
        "module_name": _module_name(sdk.get("sagemaker_program")),
        "network_interface_name": resources.get(
            "network_interface_name", DEFAULT_NETWORK_INTERFACE
        ),
        "num_cpus": facts["num_cpus"],
        "num_gpus": facts["num_gpus"],
        "resource_config": dict(resources),
        "user_entry_point": sdk.get("sagemaker_program"),
    }


# SM_* variables taken as they are from the Environment document.
_ENV_KEYS = (
    "hosts",
    "network_interface_name",
    "user_entry_point",
    "resource_config",
    "input_data_config",
    "output_data_dir",
    "current_host",
    "current_instance_type",
    "current_instance_group",
    "current_instance_group_hosts",
    "instance_groups",
    "instance_groups_dict",
    "distribution_instance_groups",
    "is_hetero",
    "module_name",
    "log_level",
    "framework_module",
    "input_dir",
    "input_config_dir",
    "output_dir",
    "num_cpus",
    "num_gpus",
    "model_dir",
    "module_dir",
    "output_intermediate_dir",
)


def training_env(
    hyperparameters: Mapping[str, Any],
    input_data_config: Mapping[str, Any],
    resources: Mapping[str, Any],
    *,
    num_cpus: int,
    num_gpus: int = 0,
    base: str = DEFAULT_BASE,
    job_name: str = "",
    framework_module: str | None = None,
) -> dict[str, str]:
    """The environment a framework entry point runs with.

    Args:
        hyperparameters: ``hyperparameters.json`` (JSON-encoded string values).
        input_data_config: ``inputdataconfig.json`` (see `input_data_config_file`).
        resources: ``resourceconfig.json`` (see `resource_config`).
        num_cpus: CPUs available to the job.
        num_gpus: GPUs available to the job.
        base: Where the job sees SageMaker's ``/opt/ml``.
        job_name: The training job's name.
        framework_module: The image's training module (``SAGEMAKER_TRAINING_MODULE``),
            e.g. ``sagemaker_sklearn_container.training:main``.

    Returns:
        Every ``SM_*`` variable the toolkit exports (SM_MODEL_DIR, SM_CHANNELS,
        SM_CHANNEL_<NAME>, SM_HPS, SM_HP_<NAME>, SM_TRAINING_ENV, SM_USER_ARGS, ...), plus
        TRAINING_JOB_NAME, SAGEMAKER_JOB_NAME, SAGEMAKER_REGION and CURRENT_HOST, which
        the platform and the toolkit also set.
    """
    decoded = decode_hyperparameters(hyperparameters)
    facts = {
        "base": base,
        "num_cpus": num_cpus,
        "num_gpus": num_gpus,
        "job_name": job_name,
        "framework_module": framework_module,
    }
    environment = _environment(decoded, input_data_config, resources, facts)
    values: dict[str, Any] = {key: environment[key] for key in _ENV_KEYS}
    values["hps"] = decoded.user
    values["framework_params"] = environment["additional_framework_parameters"]
    values["channels"] = sorted(environment["channel_input_dirs"])
    values["training_env"] = environment
    values["user_args"] = cli_args(decoded.user)
    values.update({f"channel_{c}": d for c, d in environment["channel_input_dirs"].items()})
    values.update({f"hp_{k}": v for k, v in decoded.user.items()})
    env = {f"SM_{key.upper()}": env_value(value) for key, value in values.items()}
    env["TRAINING_JOB_NAME"] = job_name
    env["SAGEMAKER_JOB_NAME"] = env_value(decoded.sagemaker.get("sagemaker_job_name", ""))
    env["SAGEMAKER_REGION"] = env_value(decoded.sagemaker.get("sagemaker_region", ""))
    env["CURRENT_HOST"] = str(resources["current_host"])
    return env
