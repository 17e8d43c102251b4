"""Bench: one generated file validated by `parley validate --jobs 1` and `--jobs 2`, then by the
Dask driver on a local cluster of 1 and of 2 workers (127.0.0.1). The four reports must be
identical; prints wall time, records/s and the ratio to --jobs 1, with the machine's load.

    /usr/bin/python3 integrations/dask/bench.py [--records 2000000] [--file data.ndjson]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import parley_dask  # noqa: E402

PARLEY = [shutil.which("node") or "node", str(REPO / "packages" / "cli" / "dist" / "bin.js")]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(label: str, run) -> tuple[float, bytes]:
    before = load()
    start = time.perf_counter()
    report = run()
    wall = time.perf_counter() - start
    print(f"  {label}: {wall:.1f} s (load {before} -> {load()})", file=sys.stderr, flush=True)
    return wall, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--file", help="dataset to use (generated when missing)")
    parser.add_argument("--part-bytes", type=int, default=parley_dask.DEFAULT_PART_BYTES)
    args = parser.parse_args()

    path = Path(args.file or f"/tmp/parley-dask-bench-{args.records}.ndjson").resolve()
    if not path.exists():
        print(f"generating {args.records:,} records into {path}", file=sys.stderr, flush=True)
        subprocess.run(
            ["node", str(REPO / "packages" / "validator" / "bench" / "cross-part.mjs"), str(path), str(args.records)],
            check=True,
        )
    os.chdir(path.parent)
    name = path.name
    report = ["--format", "json"]

    def single(jobs: int):
        def run() -> bytes:
            done = subprocess.run(
                [*PARLEY, "validate", name, *report, "--jobs", str(jobs)], capture_output=True, check=False
            )
            assert done.returncode in (0, 1), done.stderr
            return done.stdout

        return run

    def dask(workers: int):
        from distributed import Client, LocalCluster

        def run() -> bytes:
            with LocalCluster(
                n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, silence_logs=40
            ) as cluster, Client(cluster) as client:
                outcome = parley_dask.validate(
                    client, [name], PARLEY, reducers=workers, part_bytes=args.part_bytes, report_options=report
                )
            assert outcome.exit_code in (0, 1), outcome.stderr
            return outcome.stdout

        return run

    rows = []
    print(f"machine: {os.cpu_count()} cores; load {load()}", file=sys.stderr)
    for label, run in [
        ("parley validate --jobs 1", single(1)),
        ("parley validate --jobs 2", single(2)),
        ("dask, 1 worker (cluster start included)", dask(1)),
        ("dask, 2 workers (cluster start included)", dask(2)),
    ]:
        wall, out = timed(label, run)
        rows.append((label, wall, out))
    base = rows[0][1]
    size = path.stat().st_size
    print(f"\n{args.records:,} records, {size / 1e6:,.0f} MB, parts of {args.part_bytes >> 20} MiB")
    print(f"{'':44}{'wall s':>8}{'records/s':>12}{'vs --jobs 1':>13}  same report")
    for label, wall, out in rows:
        same = "yes" if out == rows[0][2] else "NO"
        print(f"{label:44}{wall:8.1f}{args.records / wall:12,.0f}{base / wall:12.2f}x  {same}")
    return 0 if all(out == rows[0][2] for _, _, out in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
