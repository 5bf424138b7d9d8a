"""Image-mapping methods of the client (dagmaker's own operations, not SageMaker's)."""

from __future__ import annotations

from typing import Any

from dagmaker.api.services import Services

JSON = Any


class ImageMethods:
    """Mixed into the client: which runtime runs each container image URI."""

    services: Services

    def list_image_mappings(self, **_: Any) -> dict[str, JSON]:
        """Your image → runtime mappings, by image."""
        from dagmaker.runners.images import BUILTIN_RULES

        mappings = self.services.images.all()
        return {
            "Mappings": [{"Image": k, "Runtime": v} for k, v in sorted(mappings.items())],
            "BuiltinRules": [
                {"Pattern": r.pattern, "Runtime": r.runtime, "Description": r.description}
                for r in BUILTIN_RULES
            ],
        }

    def put_image_mapping(self, Image: str, Runtime: str, **_: Any) -> dict[str, JSON]:
        """Map an image (exact URI, or repository without tag) to a runtime.

        Raises:
            InvalidRequest: for text that is not an image URI, or a runtime dagmaker does
                not know.
        """
        from dagmaker.definition.image_uri import check_image
        from dagmaker.runners.images import validate_runtime

        check_image(Image)
        self.services.images.put(Image, validate_runtime(Runtime))
        return {}

    def delete_image_mapping(self, Image: str, **_: Any) -> dict[str, JSON]:
        """Remove a mapping; ``Removed`` says whether there was one."""
        return {"Removed": self.services.images.delete(Image)}
