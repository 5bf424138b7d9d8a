"""Endpoint configuration and endpoint methods of the local client (boto3 names and shapes).

An endpoint is durable work: ``create_endpoint`` records it (Creating) and queues its
supervisor (`dagmaker.runners.endpoint`) for the background worker, which starts the
serving processes; the endpoint outlives the calling script. ``update_endpoint`` and
``delete_endpoint`` are requests the supervisor carries out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.listing import page, timestamps
from dagmaker.api.services import Services
from dagmaker.api.tag_methods import tag_resource
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.endpoints import EndpointRecord, EndpointStatus

JSON = Any
KIND = "Endpoint"
LOCAL_HOST = "127.0.0.1"


class EndpointMethods:
    """Mixed into the client: endpoint configurations, endpoints, their runtime facts."""

    services: Services

    # -- endpoint configurations ----------------------------------------------------------

    def create_endpoint_config(self, **request: Any) -> dict[str, JSON]:
        """CreateEndpointConfig: check the variants and capture settings, store the config.

        Raises:
            InvalidRequest: for invalid fields or a model that does not exist.
            Conflict: when a configuration with that name exists.
        """
        from dagmaker.serving.endpoint_config import check_endpoint_config

        for model in check_endpoint_config(request):
            self._check_model(model)
        name = request["EndpointConfigName"]
        arn = naming.arn(f"endpoint-config/{name.lower()}")
        variants = [
            {**v, "InitialVariantWeight": float(v.get("InitialVariantWeight", 1.0))}
            for v in request["ProductionVariants"]
        ]
        document = {
            **request,
            "EndpointConfigArn": arn,
            "ProductionVariants": variants,
            "CreationTime": _now(),
        }
        self.services.endpoint_configs.create(name, arn, document)
        if request.get("Tags"):
            tag_resource(self.services, arn, request["Tags"])
        return {"EndpointConfigArn": arn}

    def describe_endpoint_config(self, EndpointConfigName: str, **_: Any) -> dict[str, JSON]:
        """DescribeEndpointConfig."""
        configs = self.services.endpoint_configs
        document: dict[str, JSON] = timestamps(configs.describe(EndpointConfigName))
        document.pop("Tags", None)
        return document

    def list_endpoint_configs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListEndpointConfigs: NameContains, CreationTime filters, SortBy, paging."""
        summaries = [
            {
                "EndpointConfigName": d["EndpointConfigName"],
                "EndpointConfigArn": d["EndpointConfigArn"],
                "CreationTime": d["CreationTime"],
            }
            for d in self.services.endpoint_configs.list()
        ]
        listed, token = _listed(summaries, kwargs, "EndpointConfigName", "")
        result: dict[str, JSON] = {"EndpointConfigs": listed}
        if token:
            result["NextToken"] = token
        return result

    def delete_endpoint_config(self, EndpointConfigName: str, **_: Any) -> dict[str, JSON]:
        """DeleteEndpointConfig (endpoints already serving it keep serving)."""
        self.services.endpoint_configs.delete(EndpointConfigName)
        return {}

    # -- endpoints ------------------------------------------------------------------------

    def create_endpoint(
        self, EndpointName: str, EndpointConfigName: str, **request: Any
    ) -> dict[str, JSON]:
        """CreateEndpoint: record it (Creating) and have the worker start serving it.

        Raises:
            InvalidRequest: for a bad name or a configuration that does not exist.
            Conflict: when the endpoint exists, or a job has that name.
        """
        from dagmaker.api import jobs
        from dagmaker.serving.endpoint_config import check_name

        check_name(EndpointName, "EndpointName")
        config = self.services.endpoint_configs.describe(EndpointConfigName)["EndpointConfigName"]
        self._check_job_namespace(EndpointName)
        arn = naming.arn(f"endpoint/{EndpointName.lower()}")
        record = EndpointRecord(
            name=EndpointName,
            arn=arn,
            config_name=config,
            pending_config=config,
            tags=list(request.get("Tags") or []),
        )
        self.services.endpoints.create(record)
        if record.tags:
            tag_resource(self.services, arn, record.tags)
        work = {"EndpointName": EndpointName, "EndpointConfigName": config, "EndpointArn": arn}
        try:
            # An endpoint serves until deleted: the background worker supervises it from
            # the start, not the script that created it.
            jobs.start_job(self.services, KIND, work, inline=False, background=True)
        except Exception:
            self.services.endpoints.delete(EndpointName)
            raise
        return {"EndpointArn": arn}

    def describe_endpoint(self, EndpointName: str, **_: Any) -> dict[str, JSON]:
        """DescribeEndpoint."""
        record = self.services.endpoints.get(EndpointName)
        document = _describe(record, self._config_or_none(record.config_name), self._images)
        if record.pending_config and record.pending_config != record.config_name:
            pending = self._config_or_none(record.pending_config)
            document["PendingDeploymentSummary"] = {
                "EndpointConfigName": record.pending_config,
                "ProductionVariants": _variants(pending, self._images, desired_only=True),
                "StartTime": record.last_modified_at,
            }
        return document

    def list_endpoints(self, **kwargs: Any) -> dict[str, JSON]:
        """ListEndpoints: NameContains, StatusEquals, time filters, SortBy, SortOrder, paging.

        Raises:
            InvalidRequest: for a StatusEquals that is not an endpoint status.
        """
        status = kwargs.get("StatusEquals")
        if status is not None:
            from dagmaker.definition import service_model
            from dagmaker.definition.request_check import scalar_problem

            problem = scalar_problem(
                service_model.model("sagemaker").shape("EndpointStatus"), status
            )
            if problem:
                raise InvalidRequest(problem, field="StatusEquals", value=status)
        summaries = [
            {
                "EndpointName": r.name,
                "EndpointArn": r.arn,
                "CreationTime": r.created_at,
                "LastModifiedTime": r.last_modified_at,
                "EndpointStatus": r.status.value,
            }
            for r in self.services.endpoints.list()
        ]
        listed, token = _listed(summaries, kwargs, "EndpointName", "EndpointStatus")
        result: dict[str, JSON] = {"Endpoints": listed}
        if token:
            result["NextToken"] = token
        return result

    def update_endpoint(
        self, EndpointName: str, EndpointConfigName: str, **_: Any
    ) -> dict[str, JSON]:
        """UpdateEndpoint: serve another configuration, without dropping requests.

        The new configuration's processes start beside the current ones, which retire once
        every new one is ready. If the new ones fail, the endpoint keeps serving the
        current configuration and FailureReason says why. ``DeploymentConfig`` and the
        ``Retain*`` options are accepted; the swap is always all-at-once.

        Raises:
            InvalidRequest: when the configuration does not exist.
            Conflict: unless the endpoint is InService.
        """
        from dagmaker.api.worker_process import ensure_worker

        config = self.services.endpoint_configs.describe(EndpointConfigName)["EndpointConfigName"]
        record = self.services.endpoints.request_update(EndpointName, config)
        ensure_worker(self.services.settings)
        return {"EndpointArn": record.arn}

    def delete_endpoint(self, EndpointName: str, **_: Any) -> dict[str, JSON]:
        """DeleteEndpoint: status Deleting until its processes have drained and ended."""
        from dagmaker.api import jobs
        from dagmaker.api.worker_process import ensure_worker

        record = self.services.endpoints.get(EndpointName)
        try:
            work = self.services.jobs.get(record.name, KIND)
        except NotFound:
            work = None
        # A failed endpoint has nothing left to drain: its supervisor, if still ending,
        # sees the record gone and stops whatever remains.
        if work is None or work.status.terminal or record.status == EndpointStatus.FAILED:
            self.services.endpoints.delete(record.name)
            return {}
        self.services.endpoints.mark_deleting(record.name)
        jobs.stop_job(self.services, KIND, record.name)
        ensure_worker(self.services.settings)
        return {}

    def describe_endpoint_runtime(self, EndpointName: str, **_: Any) -> dict[str, JSON]:
        """Where a local endpoint listens and what runs it; a dagmaker extension.

        Returns ``{"EndpointName", "EndpointStatus", "Url", "Restarts", "Processes"}``;
        ``Url`` is ``http://127.0.0.1:<port>`` (None until the endpoint has listened),
        serving ``POST /invocations``, ``GET /ping`` and the runtime API's
        ``POST /endpoints/<name>/invocations``.
        """
        record = self.services.endpoints.get(EndpointName)
        runtime = record.runtime or {}
        return {
            "EndpointName": record.name,
            "EndpointStatus": record.status.value,
            "Url": f"http://{LOCAL_HOST}:{record.port}" if record.port else None,
            "Restarts": int(runtime.get("Restarts") or 0),
            "Processes": list(runtime.get("Processes") or []),
        }

    # -- helpers --------------------------------------------------------------------------

    def _config_or_none(self, name: str) -> dict[str, JSON] | None:
        try:
            return self.services.endpoint_configs.describe(name)
        except NotFound:
            return None

    def _check_model(self, name: str) -> None:
        models = self.services.models
        try:
            models.describe(name)
        except NotFound:
            raise InvalidRequest(
                f'Could not find model "{name}".',
                field="ModelName",
                value=name,
                hint="Create it first: model.create(), a ModelStep or create_model.",
            ) from None

    def _images(self, model_name: str) -> list[str]:
        models = self.services.models
        try:
            model = models.describe(model_name) if models else {}
        except NotFound:
            return []
        containers = model.get("Containers") or [model.get("PrimaryContainer") or {}]
        return [str(c.get("Image") or c.get("ModelPackageName") or "") for c in containers]

    def _check_job_namespace(self, name: str) -> None:
        try:
            record = self.services.jobs.get(name)
        except NotFound:
            return
        if record.kind != KIND:
            raise Conflict(
                f"a {record.kind.lower()} job is named {name!r}; locally, endpoints and jobs "
                "share one set of names, so choose another endpoint name",
                field="EndpointName",
                value=name,
            )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _describe(
    record: EndpointRecord, config: dict[str, JSON] | None, images: Any
) -> dict[str, JSON]:
    from dagmaker.serving.capture_config import parse_capture_config

    document: dict[str, JSON] = {
        "EndpointName": record.name,
        "EndpointArn": record.arn,
        "EndpointConfigName": record.config_name,
    }
    serving = record.status in (EndpointStatus.IN_SERVICE, EndpointStatus.UPDATING)
    if config is not None and serving:
        document["ProductionVariants"] = _variants(config, images)
    if config is not None and config.get("DataCaptureConfig"):
        settings = parse_capture_config(config["DataCaptureConfig"])
        if settings is not None:
            document["DataCaptureConfig"] = settings.summary()
    document["EndpointStatus"] = record.status.value
    if record.failure_reason:
        document["FailureReason"] = record.failure_reason
    document["CreationTime"] = record.created_at
    document["LastModifiedTime"] = record.last_modified_at
    return document


def _variants(config: dict[str, JSON] | None, images: Any, desired_only: bool = False) -> JSON:
    variants = []
    for variant in (config or {}).get("ProductionVariants") or []:
        weight = float(variant.get("InitialVariantWeight", 1.0))
        count = int(variant.get("InitialInstanceCount") or 1)
        summary: dict[str, JSON] = {"VariantName": variant["VariantName"]}
        if not desired_only:
            summary["DeployedImages"] = [
                {"SpecifiedImage": image, "ResolvedImage": image}
                for image in images(str(variant.get("ModelName") or ""))
            ]
            summary["CurrentWeight"] = weight
            summary["CurrentInstanceCount"] = count
        summary["DesiredWeight"] = weight
        summary["DesiredInstanceCount"] = count
        variants.append(summary)
    return variants


def _listed(
    summaries: list[dict[str, JSON]], kwargs: dict[str, Any], name_key: str, status_key: str
) -> tuple[list[JSON], str | None]:
    part = str(kwargs.get("NameContains") or "").lower()
    status = kwargs.get("StatusEquals")
    selected = [
        s
        for s in summaries
        if part in s[name_key].lower()
        and (not status or not status_key or s.get(status_key) == status)
        and _in_window(s, kwargs)
    ]
    sort_key = {"Name": name_key, "Status": status_key or name_key}.get(
        str(kwargs.get("SortBy") or ""), "CreationTime"
    )
    descending = kwargs.get("SortOrder", "Descending") == "Descending"
    selected.sort(key=lambda s: str(s.get(sort_key) or ""), reverse=descending)
    return page(selected, kwargs.get("MaxResults"), kwargs.get("NextToken"))


def _in_window(summary: dict[str, JSON], kwargs: dict[str, Any]) -> bool:
    for field, key, after in (
        ("CreationTime", "CreationTimeAfter", True),
        ("CreationTime", "CreationTimeBefore", False),
        ("LastModifiedTime", "LastModifiedTimeAfter", True),
        ("LastModifiedTime", "LastModifiedTimeBefore", False),
    ):
        bound, value = kwargs.get(key), summary.get(field)
        if bound is None or value is None:
            continue
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if (when <= bound) if after else (when >= bound):
            return False
    return True
