"""Where an endpoint's captured data is: its configuration's ``DataCaptureConfig``.

The endpoint's current configuration names the capture destination and the production
variants (one capture folder each, ``<DestinationS3Uri>/<endpoint>/<variant>/…``);
explainability runs also need the model the endpoint serves (its first variant's).
"""

from __future__ import annotations

from dagmaker.errors import NotFound
from dagmaker.runners.monitoring.capture_inputs import CaptureLocator, CaptureSource
from dagmaker.storage.ports import EndpointConfigStore, EndpointStore


def endpoint_capture(endpoints: EndpointStore, configs: EndpointConfigStore) -> CaptureLocator:
    """A locator reading endpoints and their configurations.

    The locator raises ``NotFound`` when the endpoint does not exist or captures nothing.
    """

    def locate(endpoint: str) -> CaptureSource:
        record = endpoints.get(endpoint)
        config = configs.describe(record.config_name)
        capture = config.get("DataCaptureConfig") or {}
        destination = capture.get("DestinationS3Uri")
        if not destination or capture.get("EnableCapture") is False:
            raise NotFound(
                f"endpoint {endpoint!r} captures no data: its configuration "
                f"{record.config_name!r} has no DataCaptureConfig with EnableCapture",
                field="EndpointName",
                value=endpoint,
                hint="Deploy it with data_capture_config=DataCaptureConfig(enable_capture=True).",
            )
        variants = [v for v in config.get("ProductionVariants") or [] if isinstance(v, dict)]
        names = tuple(str(v.get("VariantName")) for v in variants if v.get("VariantName"))
        model = str(variants[0].get("ModelName") or "") if variants else ""
        return CaptureSource(str(destination), names, model)

    return locate
