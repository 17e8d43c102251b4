"""Measures what the stages cost as a dataset grows (docs/distributed.md, "Cost model"): for each
size, the map output (bytes, lines), the sort, one reducer over ALL keys (the worst case: a
cluster splits the keys over many) and the report, with wall time, CPU time and peak RSS of
each process, next to `parley validate` on one machine. Stages run one process at a time.

    /usr/bin/python3 integrations/dask/cost_model.py 100000 1000000 5000000
"""

from __future__ import annotations

import json
import os
import resource
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
WORK = Path(os.environ.get("PARLEY_COST_DIR", "/tmp/parley-cost"))


def measure(args, stdin=None, stdout=None) -> dict:
    """Runs one process; wall s, CPU s, peak RSS MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=stdin, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, args))}: exit {proc.returncode}: {err}")
    return {
        "wall": time.perf_counter() - start,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,
    }


def point(records: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    data = WORK / f"data-{records}.ndjson"
    if not data.exists():
        subprocess.run(
            ["node", str(REPO / "packages" / "validator" / "bench" / "cross-part.mjs"), str(data), str(records)],
            check=True,
        )
    row: dict = {"records": records, "bytes": data.stat().st_size, "load_before": os.getloadavg()[0]}
    row["single"] = measure([*PARLEY, "validate", str(data), "--format", "json"])

    mapped = WORK / "mapped.txt"
    maps = []
    with mapped.open("wb") as out:
        for part in parley_dask.plan([str(data)]):
            maps.append(measure([*PARLEY, *part.args()], stdout=out))
    row["map"] = {
        "wall": sum(m["wall"] for m in maps),
        "cpu": sum(m["cpu"] for m in maps),
        "rss": max(m["rss"] for m in maps),
        "parts": len(maps),
    }
    row["map_bytes"] = mapped.stat().st_size
    with mapped.open("rb") as f:
        row["map_lines"] = sum(1 for _ in f)

    sorted_ = WORK / "sorted.txt"
    env_sort = ["env", "LC_ALL=C", "sort", "-S", "512M", "-T", str(WORK), "-o", str(sorted_), str(mapped)]
    row["sort"] = measure(env_sort)
    mapped.unlink()

    reduced = WORK / "reduced.txt"
    with sorted_.open("rb") as inp, reduced.open("wb") as out:
        row["reduce"] = measure([*PARLEY, "validate", "--stage", "reduce"], stdin=inp, stdout=out)
    row["keys"] = int(subprocess.run(
        f"cut -f1 {sorted_} | grep -v '^~' | uniq | wc -l", shell=True, capture_output=True, check=True
    ).stdout)
    sorted_.unlink()
    row["reduce_bytes"] = reduced.stat().st_size
    with reduced.open("rb") as f:
        for line in f:
            if b'["N",' in line:
                row["ids"] = json.loads(line.split(b"\t", 2)[2])[2]
    with reduced.open("rb") as inp:
        row["report"] = measure([*PARLEY, "validate", "--stage", "report", "--format", "json"], stdin=inp)
    reduced.unlink()
    row["load_after"] = os.getloadavg()[0]
    return row


def main() -> int:
    sizes = [int(x) for x in sys.argv[1:]] or [100_000, 500_000, 1_000_000]
    for records in sizes:
        row = point(records)
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
