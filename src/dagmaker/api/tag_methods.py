"""AddTags, ListTags and DeleteTags: tags of any resource, by its ARN.

A resource keeps at most 50 tags, as in SageMaker; tags given at creation
(``CreatePipeline(Tags=…)``) are the resource's first tags. Requests are checked against
botocore's shapes (key and value lengths and characters, the ARN's form).
"""

from __future__ import annotations

from typing import Any

from dagmaker.api.request_shapes import check_shape
from dagmaker.api.services import Services
from dagmaker.errors import InvalidRequest

JSON = Any
MAX_TAGS = 50
_PAGE = 50


class TagMethods:
    """The tagging operations of the SageMaker client."""

    services: Services

    def add_tags(self, ResourceArn: str, Tags: list[dict[str, str]], **_: Any) -> dict[str, JSON]:
        """AddTags: add or replace tags; answers with the tags given.

        Raises:
            InvalidRequest: for a malformed request, or more than 50 tags on the resource.
        """
        check_shape("AddTagsInput", {"ResourceArn": ResourceArn, "Tags": Tags})
        tag_resource(self.services, ResourceArn, Tags)
        return {"Tags": [{"Key": t["Key"], "Value": t.get("Value", "")} for t in Tags]}

    def list_tags(
        self,
        ResourceArn: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        **_: Any,
    ) -> dict[str, JSON]:
        """ListTags, in pages of ``MaxResults`` (50 by default)."""
        request: dict[str, JSON] = {"ResourceArn": ResourceArn}
        if MaxResults is not None:
            request["MaxResults"] = MaxResults
        check_shape("ListTagsInput", request)
        tags = self.services.tags.list(ResourceArn)
        start = _offset(NextToken)
        size = MaxResults or _PAGE
        page = tags[start : start + size]
        response: dict[str, JSON] = {"Tags": [{"Key": k, "Value": v} for k, v in page]}
        if start + size < len(tags):
            response["NextToken"] = str(start + size)
        return response

    def delete_tags(self, ResourceArn: str, TagKeys: list[str], **_: Any) -> dict[str, JSON]:
        """DeleteTags; keys the resource does not have are ignored."""
        check_shape("DeleteTagsInput", {"ResourceArn": ResourceArn, "TagKeys": TagKeys})
        self.services.tags.delete(ResourceArn, TagKeys)
        return {}


def tag_resource(services: Services, arn: str, tags: list[dict[str, str]]) -> None:
    """Give ``arn`` these tags.

    Raises:
        InvalidRequest: for malformed tags, or when the resource would have more than 50.
    """
    check_shape("TagList", tags, "Tags")
    pairs = [(t["Key"], t.get("Value", "")) for t in tags]
    count = services.tags.put(arn, pairs, MAX_TAGS)
    if count is not None:
        raise InvalidRequest(
            f"a resource has at most {MAX_TAGS} tags; this one would have {count}",
            field="Tags",
            hint="Delete tags it no longer needs (DeleteTags) first.",
        )


def _offset(token: str | None) -> int:
    if token is None:
        return 0
    if not token.isdigit():
        raise InvalidRequest("NextToken is not one this server gave", field="NextToken")
    return int(token)
