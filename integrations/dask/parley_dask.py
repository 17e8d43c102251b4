"""Validate Parley datasets on a Dask cluster with the `parley` binary's map, reduce and report
stages (docs/distributed.md). The report is the one `parley validate` prints on one machine.

    /usr/bin/python3 integrations/dask/parley_dask.py --scheduler tcp://10.0.0.5:8786 \\
        --format json --output sarif=report.sarif data/part-*.ndjson

The inputs must be readable at the same path by every worker (shared storage). The plan:

1. plan: each NDJSON file is cut into byte ranges of about --part-bytes (no reading: the map
   stage moves each cut to the next line start); gzip files and JSON documents are one part;
2. map: one task per part runs `parley validate --stage map` in a subprocess and splits its
   output by key into one blob per reducer (facts) plus one for the report;
3. shuffle: reducer r depends on blob r of every map task; Dask moves the blobs between workers;
4. reduce: one task per key partition sorts its lines by bytes (what `LC_ALL=C sort` does) and
   pipes them through `parley validate --stage reduce`;
5. report: the client pipes the parts' report lines and the reducers' output through
   `parley validate --stage report`, one piece at a time, which writes the report (stdout and
   --output files).

Tasks are pure functions of their inputs: a worker lost mid-run costs its tasks, which Dask runs
again elsewhere, and the report does not change.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import uuid
import zlib
from dataclasses import dataclass
from typing import Iterable, Sequence

#: Bytes per map task: big enough that a part's start-up (~0.3 s for node) does not matter,
#: small enough that parts balance over workers and a lost part is cheap to redo.
DEFAULT_PART_BYTES = 64 << 20

#: Partition of the report's lines among a map task's outputs.
REPORT = -1


@dataclass(frozen=True)
class Part:
    """One map task: bytes [start, end) of a file (None: the whole file)."""

    path: str
    name: str
    input_index: int
    start: int | None = None
    end: int | None = None

    def args(self) -> list[str]:
        ranged = [] if self.start is None else ["--range", f"{self.start}-{self.end}"]
        return [
            "validate",
            "--stage",
            "map",
            *ranged,
            "--input-index",
            str(self.input_index),
            "--name",
            self.name,
            self.path,
        ]


class StageError(RuntimeError):
    """A stage exited with an error: its message is parley's (what is wrong and where)."""


def splittable(path: str) -> bool:
    """Uncompressed NDJSON can be cut into byte ranges; gzip and JSON documents cannot."""
    with open(path, "rb") as f:
        head = f.read(2)
    if head == b"\x1f\x8b":
        return False
    lower = path.lower()
    return lower.endswith((".ndjson", ".jsonl"))


def plan(paths: Sequence[str], part_bytes: int = DEFAULT_PART_BYTES) -> list[Part]:
    """Parts of every input, in input order: byte ranges that tile each splittable file."""
    parts: list[Part] = []
    for index, name in enumerate(paths):
        path = os.path.abspath(name)
        size = os.path.getsize(path)
        if not splittable(path) or size <= part_bytes:
            parts.append(Part(path, name, index))
            continue
        count = -(-size // part_bytes)
        for k in range(count):
            parts.append(Part(path, name, index, size * k // count, size * (k + 1) // count))
    return parts


def partition_of(key: bytes, reducers: int) -> int:
    """Reducer of a line's key: the id hash's first 32 bits (uniform); report lines apart."""
    if key.startswith(b"~"):
        return REPORT
    return int(key[:8], 16) % reducers


def run_stage(parley: Sequence[str], args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Runs one stage; its stdout, or StageError with parley's message."""
    done = subprocess.run(
        [*parley, *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if done.returncode != 0:
        command = " ".join(shlex.quote(a) for a in [*parley, *args])
        raise StageError(f"{command}: exit {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def map_part(parley: Sequence[str], part: Part, reducers: int, options: Sequence[str]) -> dict[int, bytes]:
    """Map task: the part's stage lines, split into one blob per reducer and one for the report."""
    out = run_stage(parley, [*part.args(), *options])
    buckets: dict[int, list[bytes]] = {}
    for line in out.splitlines(keepends=True):
        tab = line.find(b"\t")
        buckets.setdefault(partition_of(line[:tab], reducers), []).append(line)
    # Compressed (zlib level 1: ~4x on these lines): the blobs wait in workers' memory for the
    # reducers and travel between workers.
    return {r: zlib.compress(b"".join(lines), 1) for r, lines in buckets.items()}


def pick(blobs: dict[int, bytes], partition: int) -> bytes:
    return blobs.get(partition, zlib.compress(b""))


def reduce_partition(parley: Sequence[str], options: Sequence[str], *blobs: bytes) -> bytes:
    """Reduce task: this partition's lines from every map task, sorted by bytes, reduced."""
    lines = b"".join(zlib.decompress(blob) for blob in blobs).splitlines(keepends=True)
    lines.sort()  # bytes order: what LC_ALL=C sort does
    return run_stage(parley, ["validate", "--stage", "reduce", *options], b"".join(lines))


@dataclass
class Outcome:
    exit_code: int
    stdout: bytes
    stderr: bytes


def validate(
    client,
    paths: Sequence[str],
    parley: Sequence[str] = ("parley",),
    reducers: int | None = None,
    part_bytes: int = DEFAULT_PART_BYTES,
    stage_options: Sequence[str] = (),
    report_options: Sequence[str] = (),
    on_submitted=None,
) -> Outcome:
    """Runs map, shuffle, reduce on the cluster of `client` and the report here.

    `stage_options` go to every stage (--config, --schema-version, --input-format: they change
    what is found); `report_options` to the report only (--format, --output, caps)."""
    from distributed import wait

    parts = plan(paths, part_bytes)
    if reducers is None:
        reducers = max(1, len(client.scheduler_info().get("workers", {})))
    parley = list(parley)
    run = uuid.uuid4().hex[:12]  # keys of this run: a second run computes its own
    maps = [
        client.submit(map_part, parley, part, reducers, list(stage_options), key=f"parley-map-{run}-{k}")
        for k, part in enumerate(parts)
    ]
    reduced = []
    for r in range(reducers):
        pieces = [client.submit(pick, m, r, key=f"parley-pick-{run}-{r}-{k}") for k, m in enumerate(maps)]
        reduced.append(client.submit(reduce_partition, parley, list(stage_options), *pieces, key=f"parley-reduce-{run}-{r}"))
    report_pieces = [client.submit(pick, m, REPORT, key=f"parley-report-{run}-{k}") for k, m in enumerate(maps)]
    if on_submitted is not None:
        on_submitted(maps, reduced)
    wait(reduced + report_pieces)
    # The report reads every line once, in any order: the parts' lines, then the reducers'
    # findings, fed one piece at a time so that the driver never holds them all (the report
    # stage keeps the findings on disk). Its output goes to files: a pipe it fills while we
    # are still writing its input would block both.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [*parley, "validate", "--stage", "report", *stage_options, *report_options],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
        )
        try:
            for piece in report_pieces:
                proc.stdin.write(zlib.decompress(piece.result()))
            for piece in reduced:
                proc.stdin.write(piece.result())
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the report stopped reading: it says why on stderr, and exits non-zero
        except BaseException:
            proc.kill()
            raise
        code = proc.wait()
        out.seek(0)
        err.seek(0)
        return Outcome(code, out.read(), err.read())


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Validate Parley datasets on a Dask cluster (the report of `parley validate`).",
    )
    parser.add_argument("inputs", nargs="+", help="NDJSON / JSON / gzip files, readable by every worker")
    parser.add_argument("--scheduler", help="address of a running scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local cluster (default 2)")
    parser.add_argument("--reducers", type=int, help="key partitions (default: one per worker)")
    parser.add_argument("--part-bytes", type=int, default=DEFAULT_PART_BYTES, help="bytes per map task")
    parser.add_argument("--parley", default="parley", help="the parley command (default: parley on PATH)")
    parser.add_argument("--config", help="parley config file (every stage gets it)")
    parser.add_argument("--schema-version", help="version for inputs that declare none")
    parser.add_argument("--format", default="pretty", help="report format on stdout")
    parser.add_argument("--output", action="append", default=[], help="<format>=<file>, repeatable")
    parser.add_argument("--max-findings")
    parser.add_argument("--max-findings-per-rule")
    args = parser.parse_args(list(argv) if argv is not None else None)

    stage = []
    if args.config:
        stage += ["--config", os.path.abspath(args.config)]
    if args.schema_version:
        stage += ["--schema-version", args.schema_version]
    report = ["--format", args.format]
    for output in args.output:
        report += ["--output", output]
    for flag, value in (("--max-findings", args.max_findings), ("--max-findings-per-rule", args.max_findings_per_rule)):
        if value is not None:
            report += [flag, value]

    from distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    try:
        outcome = validate(
            client,
            args.inputs,
            shlex.split(args.parley),
            reducers=args.reducers,
            part_bytes=args.part_bytes,
            stage_options=stage,
            report_options=report,
        )
    except StageError as error:
        print(f"parley-dask: {error}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stdout.buffer.write(outcome.stdout)
    sys.stderr.buffer.write(outcome.stderr)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
