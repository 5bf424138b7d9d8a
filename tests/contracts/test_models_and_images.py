"""The model store and the image mappings on every backend: SQLite, PostgreSQL, in memory."""

from __future__ import annotations

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.images import ImageMappingRepository
from dagmaker.storage.db.models import ModelRepository
from dagmaker.storage.memory import InMemoryImageMappings, InMemoryModelStore
from dagmaker.storage.ports import ImageMappings, ModelStore
from tests.contracts.parallel import together

Models = ModelRepository | InMemoryModelStore
Images = ImageMappingRepository | InMemoryImageMappings


@pytest.fixture
def models(metadata_db: Database | None) -> Models:
    return InMemoryModelStore() if metadata_db is None else ModelRepository(metadata_db)


@pytest.fixture
def images(metadata_db: Database | None) -> Images:
    return InMemoryImageMappings() if metadata_db is None else ImageMappingRepository(metadata_db)


def test_the_stores_satisfy_their_ports(models: Models, images: Images) -> None:
    assert isinstance(models, ModelStore) and isinstance(images, ImageMappings)


def test_models_create_describe_list_delete(models: Models) -> None:
    models.create("Model-A", "arn:model/model-a", {"ModelName": "Model-A", "Containers": [{}]})
    models.create("b", "arn:model/b", {"ModelName": "b"}, execution_arn="arn:e")
    assert models.describe("model-a") == {"ModelName": "Model-A", "Containers": [{}]}
    assert models.describe("arn:model/b") == {"ModelName": "b"}
    assert [m["ModelName"] for m in models.list()] == ["b", "Model-A"]
    assert [m["ModelName"] for m in models.list(limit=1)] == ["b"]
    with pytest.raises(Conflict, match="'b' already exists"):
        models.create("b", "arn:model/b", {})
    with pytest.raises(Conflict, match="'b' already exists"):
        models.create("b", "arn:model/b", {}, execution_arn="arn:other")
    # The step of the same execution, run again after a restart, gets the stored model.
    assert models.create("b", "arn:model/b", {"ModelName": "again"}, "arn:e") == {"ModelName": "b"}
    models.delete("b")
    with pytest.raises(NotFound, match="'b' does not exist"):
        models.describe("b")


def test_a_model_is_deleted_by_its_arn_or_a_name_in_any_case(models: Models) -> None:
    models.create("Model-A", "arn:model/model-a", {"ModelName": "Model-A"})
    models.create("Model-B", "arn:model/model-b", {"ModelName": "Model-B"})
    models.delete("arn:model/model-a")
    models.delete("MODEL-b")
    assert models.list() == []
    with pytest.raises(NotFound, match="'Model-A' does not exist"):
        models.delete("Model-A")


def test_model_documents_are_copies(models: Models) -> None:
    document = {"ModelName": "m", "Containers": [{"Image": "i"}]}
    models.create("m", "arn:m", document)
    document["Containers"].append({})
    models.describe("m")["Containers"].append({})
    assert models.describe("m") == {"ModelName": "m", "Containers": [{"Image": "i"}]}


def test_concurrent_model_creates_let_exactly_one_win(models: Models) -> None:
    results = together([lambda i=i: models.create("m", "arn:m", {"i": i}) for i in range(5)])
    assert sum(isinstance(r, dict) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, dict))


def test_image_mappings_put_replace_delete(images: Images) -> None:
    images.put("my/image:1", "python:/usr/bin/python3")
    images.put("my/image:1", "docker")
    images.put("other", "python")
    assert images.all() == {"my/image:1": "docker", "other": "python"}
    assert images.delete("other") and not images.delete("other")
    assert images.all() == {"my/image:1": "docker"}


def test_concurrent_puts_of_one_image_keep_one_mapping(images: Images) -> None:
    results = together([lambda i=i: images.put("img", f"runtime-{i}") for i in range(6)])
    assert results == [None] * 6
    assert list(images.all()) == ["img"] and images.all()["img"].startswith("runtime-")
