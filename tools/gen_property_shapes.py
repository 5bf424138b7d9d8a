"""Regenerate src/dagmaker/definition/property_shapes.json from botocore's service models.

Step properties are typed by the Describe* response shapes of the SageMaker and EMR
APIs. This extracts just the member names and kinds reachable from those roots.

    python tools/gen_property_shapes.py /path/to/site-packages/botocore/data
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOTS = {
    "sagemaker": [
        "DescribeProcessingJobResponse",
        "DescribeTrainingJobResponse",
        "DescribeTransformJobResponse",
        "DescribeHyperParameterTuningJobResponse",
        "ListTrainingJobsForHyperParameterTuningJobResponse",
        "DescribeModelOutput",
        "DescribeModelPackageOutput",
        "DescribeAutoMLJobResponse",
        "DescribeEndpointConfigOutput",
        "DescribeEndpointOutput",
    ],
    "emr": ["Step"],
}
OUT = Path(__file__).resolve().parents[1] / "src/dagmaker/definition/property_shapes.json"


def load(data_dir: Path, service: str) -> dict:
    versions = sorted((data_dir / service).iterdir())
    path = versions[-1] / "service-2.json.gz"
    with gzip.open(path) as fh:
        return json.load(fh)["shapes"]


def compact(shapes: dict, roots: list[str], prefix: str, out: dict) -> None:
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = prefix + name
        if key in out:
            continue
        shape = shapes[name]
        kind = shape["type"]
        if kind == "structure":
            members = {m: prefix + spec["shape"] for m, spec in shape["members"].items()}
            out[key] = ["structure", members]
            todo += [spec["shape"] for spec in shape["members"].values()]
        elif kind == "list":
            out[key] = ["list", prefix + shape["member"]["shape"]]
            todo.append(shape["member"]["shape"])
        elif kind == "map":
            out[key] = ["map", prefix + shape["value"]["shape"]]
            todo.append(shape["value"]["shape"])
        else:
            out[key] = ["scalar", kind]


def main() -> None:
    data_dir = Path(sys.argv[1])
    out: dict = {}
    for service, roots in ROOTS.items():
        prefix = "" if service == "sagemaker" else f"{service}:"
        compact(load(data_dir, service), roots, prefix, out)
    # Scalars collapse to their kind, to keep the file small.
    scalars = {k: v[1] for k, v in out.items() if v[0] == "scalar"}
    table = {}
    for key, (kind, body) in sorted(out.items()):
        if kind == "scalar":
            continue
        if kind == "structure":
            body = {m: scalars.get(s, s) for m, s in body.items()}
        else:
            body = scalars.get(body, body)
        table[key] = [kind, body]
    OUT.write_text(json.dumps(table, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {len(table)} shapes to {OUT}")


if __name__ == "__main__":
    main()
