"""dagmaker server through boto3: API latency and S3 throughput against a plain file copy.

1. DescribePipelineExecution through boto3's sagemaker client: p50 and p99 of N calls.
2. A 1 GiB object PUT (upload_file) and GET (download_file) through boto3's S3 client,
   against copying the same file on the same disk (shutil.copyfile + fsync, which is
   what the server does to keep an object: write, flush, rename). The server's peak RSS
   shows bodies are streamed, not held in memory.

Run: .venv/bin/python bench/server_roundtrip.py [--size-mib 1024] [--calls 500]
Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MiB = 1024 * 1024
DEFINITION = {
    "Version": "2020-12-01",
    "Steps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "done"}}],
}


def start_server(home: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, DAGMAKER_HOME=str(home))
    process = subprocess.Popen(
        [sys.executable, "-m", "dagmaker", "server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("export AWS_ENDPOINT_URL_S3="):
            return process, line.strip().split("=", 1)[1]
    raise RuntimeError("server did not start")


# Over plain http boto3 hashes every uploaded byte twice by default (SHA-256 payload
# signing, CRC32 checksums); "lean" turns both off, as https plus checksums does for AWS.
LEAN = Config(
    s3={"payload_signing_enabled": False},
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


def client(service: str, url: str, config: Config | None = None):
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=config,
    )


def api_latency(url: str, calls: int) -> dict[str, float]:
    sm = client("sagemaker", url)
    sm.create_pipeline(
        PipelineName="bench",
        PipelineDefinition=json.dumps(DEFINITION),
        RoleArn="arn:aws:iam::000000000000:role/b",
    )
    arn = sm.start_pipeline_execution(PipelineName="bench")["PipelineExecutionArn"]
    for _ in range(20):  # warm up the connection and the server's caches
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
    }


def make_file(path: Path, size: int) -> None:
    block = os.urandom(16 * MiB)
    with path.open("wb") as out:
        written = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            out.write(piece)
            written += len(piece)


def plain_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(source, target)
    with target.open("rb") as handle:
        os.fsync(handle.fileno())
    return time.perf_counter() - started


# boto3's transfer defaults are 8 MiB parts on 10 threads; on a 2-core machine fewer,
# larger parts leave more CPU to the sender.
BIG_PARTS = TransferConfig(multipart_chunksize=64 * MiB, max_concurrency=4)


def s3_throughput(
    url: str, source: Path, work: Path, config: Config | None, transfer: TransferConfig
) -> dict[str, float]:
    s3 = client("s3", url, config)
    s3.create_bucket(Bucket="bench")
    config = transfer
    started = time.perf_counter()
    s3.upload_file(str(source), "bench", "big.bin", Config=config)
    put = time.perf_counter() - started
    target = work / "down.bin"
    started = time.perf_counter()
    s3.download_file("bench", "big.bin", str(target), Config=config)
    get = time.perf_counter() - started
    assert target.stat().st_size == source.stat().st_size
    target.unlink()
    return {"put_s": put, "get_s": get}


def raw_put(url: str, source: Path) -> float:
    """One PutObject from http.client in 1 MiB writes: the server's side of the cost."""
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port)
    connection.blocksize = MiB
    started = time.perf_counter()
    with source.open("rb") as body:
        connection.request(
            "PUT",
            "/bench/raw.bin",
            body=body,
            headers={"Content-Length": str(source.stat().st_size)},
        )
        response = connection.getresponse()
        response.read()
    connection.close()
    assert response.status == 200
    return time.perf_counter() - started


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--work", default=None, help="directory on the disk to measure")
    args = parser.parse_args()
    size = args.size_mib * MiB
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        work = Path(scratch)
        source = work / "source.bin"
        make_file(source, size)
        copy_s = min(plain_copy(source, work / f"copy{i}.bin") for i in range(2))
        for leftover in work.glob("copy*.bin"):
            leftover.unlink()
        process, url = start_server(work / "home")
        try:
            latency = api_latency(url, args.calls)
            variants = (
                ("boto3 defaults", None, TransferConfig()),
                ("boto3 lean", LEAN, TransferConfig()),
                ("boto3 lean, 64 MiB parts x 4", LEAN, BIG_PARTS),
            )
            runs = {
                name: [s3_throughput(url, source, work, config, transfer) for _ in range(2)]
                for name, config, transfer in variants
            }
            raw_s = min(raw_put(url, source) for _ in range(2))
            rss = peak_rss_mib(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    mib = size / MiB
    print(f"### dagmaker server through boto3 ({args.size_mib} MiB object, {args.calls} calls)\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| DescribePipelineExecution p50 | {latency['p50_ms']:.2f} ms |")
    print(f"| DescribePipelineExecution p99 | {latency['p99_ms']:.2f} ms |")
    print(f"| plain file copy (copyfile + fsync) | {mib / copy_s:.0f} MiB/s ({copy_s:.2f} s) |")
    for name, measured in runs.items():
        put_s = min(r["put_s"] for r in measured)
        get_s = min(r["get_s"] for r in measured)
        for label, seconds in (("PUT upload_file", put_s), ("GET download_file", get_s)):
            rate = f"{mib / seconds:.0f} MiB/s ({seconds:.2f} s)"
            print(f"| S3 {label}, {name} | {rate}, {copy_s / seconds:.2f}x the copy's |")
    rate = f"{mib / raw_s:.0f} MiB/s ({raw_s:.2f} s)"
    print(f"| S3 PUT, one request from http.client | {rate}, {copy_s / raw_s:.2f}x the copy's |")
    print(f"| server peak RSS | {rss:.0f} MiB |")


if __name__ == "__main__":
    main()
