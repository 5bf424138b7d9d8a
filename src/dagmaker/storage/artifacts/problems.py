"""The errors artifact stores raise, worded once so every store says the same thing."""

from __future__ import annotations

from pathlib import Path

from dagmaker.errors import Conflict, InvalidRequest, NotFound


def missing_object(uri: str) -> NotFound:
    """No object has the key of ``uri``."""
    return NotFound(
        "No object exists at this S3 URI",
        field="S3Uri",
        value=uri,
        hint="Check the bucket and key; `dagmaker s3 ls <prefix>` lists what is there.",
    )


def missing_source(path: Path) -> NotFound:
    """A local file to upload does not exist or is not a regular file."""
    return NotFound(
        "The local file to upload does not exist or is not a file",
        field="path",
        value=str(path),
        hint="Upload a directory with upload_directory (or `dagmaker s3 cp --recursive`).",
    )


def directory_destination(path: Path) -> InvalidRequest:
    """A download was asked to replace a directory with a file."""
    return InvalidRequest(
        "The download destination is a directory, not a file path",
        field="path",
        value=str(path),
        hint="Give the full file path, e.g. <dir>/<name>, or download the prefix instead.",
    )


def unwritable_destination(path: Path, error: OSError) -> InvalidRequest:
    """A file cannot be written where it was asked to go."""
    return InvalidRequest(
        f"Cannot write this file: {error.strerror or error}",
        field="path",
        value=str(path),
        hint="Choose a path in a directory you can write to.",
    )


def file_in_the_way(path: Path, blocker: Path) -> Conflict:
    """A directory is needed where a file already exists."""
    return Conflict(
        f"Cannot create the directory for this file: {blocker} is a file",
        field="path",
        value=str(path),
        hint="Remove or rename that file, or write somewhere else.",
    )


def object_in_the_way(blocker: str, uri: str) -> Conflict:
    """A local store cannot put a key below another object's key (``a`` then ``a/b``)."""
    return Conflict(
        f"Cannot store this object: {blocker} is an object, and a local store cannot "
        "also hold keys below an object's key",
        field="S3Uri",
        value=uri,
        hint=f"Delete {blocker} first, or choose a key that does not start with {blocker}/.",
    )


def folder_in_the_way(uri: str) -> Conflict:
    """A local store cannot put an object where keys continue below (``a/b`` then ``a``)."""
    return Conflict(
        f"Cannot store this object: other keys continue below it ({uri}/...), and a local "
        "store cannot hold a key that is also a folder",
        field="S3Uri",
        value=uri,
        hint=f"Delete the objects under {uri}/ first, or choose another key.",
    )
