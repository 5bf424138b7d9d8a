"""The program a transform job runs: every input file through the model, one ``.out`` each.

Usage, inside the job's layout (``$DAGMAKER_OPT_ML``, default ``/opt/ml``)::

    python -m dagmaker.runners.builtin.inference.batch_transform

Reads ``input/config/transformjob.json`` (see `job_config`), loads each model container
(its script's functions over the framework's defaults), sends the records of every file
under ``input/data`` in requests, and writes ``output/data/<file>.out`` in input order.
A record the model rejects ends the job: ``output/failure`` then names the file, the
line and the error, and the exit code is 1.
"""

from __future__ import annotations

import functools
import gzip
import logging
import os
import sys
import traceback
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from dagmaker.errors import DagmakerError, JobFailure, UserCodeError
from dagmaker.runners import transform_records as records
from dagmaker.runners.builtin.inference import user_module
from dagmaker.runners.builtin.inference.defaults import defaults_for
from dagmaker.runners.builtin.inference.handler import InferenceHandler, load_handler
from dagmaker.runners.builtin.inference.job_config import (
    FAILURE_FILE,
    INPUT_DIR,
    OUTPUT_DIR,
    TransformJobConfig,
)
from dagmaker.runners.jsonpath_filter import parse
from dagmaker.runners.transform_records import Record

LOG = logging.getLogger("dagmaker.transform")


class ModelChain:
    """The model's containers applied in order, each response feeding the next request."""

    def __init__(self, handlers: list[InferenceHandler]) -> None:
        self.handlers = handlers

    def transform(self, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """Send one request through every container."""
        for handler in self.handlers:
            body, content_type = handler.transform(body, content_type, accept)
        return body, content_type


def load_chain(config: TransformJobConfig, base: Path) -> ModelChain:
    """Load every container's script and model."""
    handlers = []
    for index, container in enumerate(config.containers):
        script = None
        if container.program:
            code_dir = base / (container.code_dir or container.model_dir)
            script = user_module.load(code_dir, container.program, f"dagmaker_inference_{index}")
        defaults = defaults_for(container.framework)
        handlers.append(load_handler(defaults, base / container.model_dir, script))
        LOG.info("Loaded model %d (%s) from %s", index + 1, defaults.name, container.model_dir)
    return ModelChain(handlers)


class FileTransform:
    """Transforms one input file."""

    def __init__(self, config: TransformJobConfig, chain: ModelChain, relative: str) -> None:
        self.config = config
        self.chain = chain
        self.relative = relative
        self.input_filter = parse(config.input_filter, "DataProcessing.InputFilter")
        self.output_filter = parse(config.output_filter, "DataProcessing.OutputFilter")
        self.join = config.join_source == "Input"
        self.fmt = records.record_format(config.content_type)
        self.requests = 0

    @property
    def per_record(self) -> bool:
        """Whether outputs are handled record by record (joins and output filters)."""
        return self.join or not self.output_filter.is_identity

    def run(self, data: bytes) -> Iterator[bytes]:
        """The output file's pieces, in order."""
        data = self._decompressed(data)
        self._check_formats()
        fast = (
            self.config.split_type == "Line"
            and self.config.batch_strategy == "MultiRecord"
            and self.input_filter.is_identity
            and not self.per_record
        )
        if fast:
            yield from self._by_chunks(data)
        else:
            yield from self._by_records(data)

    def _by_chunks(self, data: bytes) -> Iterator[bytes]:
        # Whole lines go out as they are, without splitting the file into records.
        for first_line, chunk in records.chunks(data, self.config.max_payload_bytes):
            body, _ = self._send(chunk, functools.partial(_lines, chunk, first_line))
            yield self._assembled(body)

    def _by_records(self, data: bytes) -> Iterator[bytes]:
        split = records.split_records(data, self.config.split_type)
        strategy, limit = self.config.batch_strategy, self.config.max_payload_bytes
        for batch in records.batches(split, strategy, limit):
            sent = [Record(r.number, self._filtered(r)) for r in batch]
            body, content_type = self._send(records.payload(sent), functools.partial(list, sent))
            if not self.per_record:
                yield self._assembled(body)
                continue
            yield from self._per_record(batch, body, content_type)

    def _per_record(self, batch: list[Record], body: bytes, content_type: str) -> Iterator[bytes]:
        try:
            outputs = records.split_response(body, content_type, len(batch))
        except DagmakerError as error:
            raise self._rejected(batch, error.message, "the response does not match") from None
        out_fmt = self.fmt if self.join else records.record_format(content_type)
        for record, output in zip(batch, outputs, strict=True):
            try:
                value = (
                    records.join_record(record.body, output, self.fmt)
                    if self.join
                    else records.output_value(output, out_fmt)
                )
                value = self.output_filter.apply(value)
                yield records.render_record(value, out_fmt) + b"\n"
            except DagmakerError as error:
                raise self._rejected([record], error.message, "OutputFilter failed on") from None

    def _filtered(self, record: Record) -> bytes:
        try:
            return records.filter_record(record.body, self.fmt, self.input_filter)
        except DagmakerError as error:
            raise self._rejected([record], error.message, "InputFilter failed on") from None

    def _send(self, body: bytes, parts: Callable[[], list[Record]]) -> tuple[bytes, str]:
        """One request; when it fails, its records one by one to find the culprit."""
        self.requests += 1
        try:
            return self.chain.transform(body, self.config.content_type, self.config.accept)
        except Exception as error:  # the user's code may raise anything
            _log_traceback(error)
            split = parts()
            if len(split) > 1:
                for record in split:
                    self._send(record.body, functools.partial(list, [record]))
            raise self._rejected(split, _describe(error)) from None

    def _assembled(self, body: bytes) -> bytes:
        if self.config.assemble_with == "Line" and not body.endswith(b"\n"):
            return body + b"\n"
        return body

    def _decompressed(self, data: bytes) -> bytes:
        if self.config.compression != "Gzip":
            return data
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise JobFailure(
                f"input file {self.relative!r} is not gzip data ({error}); set "
                "CompressionType to None for uncompressed input"
            ) from None

    def _check_formats(self) -> None:
        needs_structure = self.join or not self.input_filter.is_identity
        if needs_structure and self.fmt == "other":
            raise JobFailure(
                f"DataProcessing filters and JoinSource need CSV or JSON records, but "
                f"ContentType is {self.config.content_type or 'not set'!r}; set ContentType "
                "to text/csv, application/json or application/jsonlines"
            )

    def _rejected(
        self, batch: list[Record], why: str, verb: str = "the model rejected"
    ) -> JobFailure:
        where = _where(batch, self.config.split_type)
        return JobFailure(f"{verb} {where} of input file {self.relative!r}: {why}")


def _where(batch: list[Record], split_type: str) -> str:
    if split_type == "None":
        return "the whole file (SplitType None sends it as one record)"
    if len(batch) == 1:
        return f"the record at line {batch[0].number}"
    if not batch:
        return "a request"
    return f"the request with lines {batch[0].number}-{batch[-1].number}"


def _lines(chunk: bytes, first_line: int) -> list[Record]:
    return [Record(r.number + first_line - 1, r.body) for r in records.split_records(chunk, "Line")]


def _describe(error: BaseException) -> str:
    if isinstance(error, DagmakerError):
        return error.message
    return f"{type(error).__name__}: {error}"


def _log_traceback(error: BaseException) -> None:
    LOG.error("Request failed:\n%s", "".join(traceback.format_exception(error)).rstrip())


def input_files(base: Path) -> list[tuple[str, Path]]:
    """Every file under ``input/data``, by path relative to it (input order)."""
    root = base / INPUT_DIR
    files = [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []
    return sorted((p.relative_to(root).as_posix(), p) for p in files)


def transform_all(base: Path) -> int:
    """Transform every input file; returns how many."""
    config = TransformJobConfig.read(base)
    chain = load_chain(config, base)
    files = input_files(base)
    for relative, path in files:
        target = base / OUTPUT_DIR / f"{relative}.out"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        job = FileTransform(config, chain, relative)
        with partial.open("wb") as out:
            for piece in job.run(path.read_bytes()):
                out.write(piece)
        partial.replace(target)
        LOG.info("Transformed %s in %d request(s)", relative, job.requests)
    return len(files)


def base_dir() -> Path:
    """The job's ``/opt/ml`` (or the directory standing in for it)."""
    return Path(os.environ.get("DAGMAKER_OPT_ML", "/opt/ml"))


def write_failure(base: Path, reason: str) -> None:
    """Write ``output/failure``, which becomes the job's FailureReason."""
    path = base / FAILURE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    logging.basicConfig(
        stream=sys.stdout, level=logging.INFO, format="[%(asctime)s:%(levelname)s] %(message)s"
    )
    base = base_dir()
    try:
        count = transform_all(base)
    except UserCodeError as error:
        LOG.error("%s\n%s", error.message, error.log_tail)
        write_failure(base, error.message)
        return 1
    except DagmakerError as error:
        LOG.error("%s", error.message)
        write_failure(base, error.message.removeprefix("ClientError: "))
        return 1
    except Exception as error:  # a fault of dagmaker's program, not of the data
        LOG.error("Unexpected error:\n%s", traceback.format_exc())
        write_failure(base, f"unexpected error in the transform program: {_describe(error)}")
        return 2
    LOG.info("Transformed %d file(s)", count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
