"""The Dask driver on a real distributed cluster: two worker processes on loopback, a dataset of
200,000 records whose duplicate ids, references, dates and format memberships cross the parts it
is cut into. The report must be `parley validate`'s, byte for byte — also when a worker is killed
in the middle of the run and Dask runs its tasks again elsewhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import parley_dask  # noqa: E402

REPO = HERE.parents[2]
PARLEY = [shutil.which("node") or "node", str(REPO / "packages" / "cli" / "dist" / "bin.js")]
RECORDS = int(os.environ.get("PARLEY_DASK_TEST_RECORDS", "200000"))
#: The report in two formats: pretty on stdout (code frames read back from the file), JSON.
REPORT = ["--format", "pretty", "--no-color", "--output", "json=report.json"]


class DaskDriverTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        from distributed import Client, LocalCluster

        cls.dir = tempfile.mkdtemp(prefix="parley-dask-")
        cls.cwd = os.getcwd()
        os.chdir(cls.dir)
        subprocess.run(
            ["node", str(REPO / "packages" / "validator" / "bench" / "cross-part.mjs"), "data.ndjson", str(RECORDS)],
            check=True,
        )
        one = subprocess.run([*PARLEY, "validate", "data.ndjson", *REPORT], capture_output=True, check=False)
        assert one.returncode == 1, one.stderr
        cls.expected = (one.stdout, Path("report.json").read_bytes())
        os.remove("report.json")
        # Loopback only: the scheduler and both workers listen on 127.0.0.1.
        cls.cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        )
        cls.client = Client(cls.cluster)
        # Six parts over two workers: every boundary separates records that need each other.
        cls.part_bytes = os.path.getsize("data.ndjson") // 6 + 1

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()
        cls.cluster.close()
        os.chdir(cls.cwd)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_driver(self, **kwargs) -> tuple[bytes, bytes]:
        outcome = parley_dask.validate(
            self.client, ["data.ndjson"], PARLEY, reducers=3, part_bytes=self.part_bytes, report_options=REPORT, **kwargs
        )
        self.assertEqual(outcome.exit_code, 1, outcome.stderr.decode())
        report = Path("report.json").read_bytes()
        os.remove("report.json")
        return outcome.stdout, report

    def test_1_report_equals_parley_validate(self) -> None:
        addresses = {w["host"] for w in self.client.scheduler_info()["workers"].values()}
        self.assertEqual(addresses, {"127.0.0.1"})
        self.assertEqual(len(parley_dask.plan(["data.ndjson"], self.part_bytes)), 6)
        stdout, report = self.run_driver()
        self.assertEqual(stdout, self.expected[0])
        self.assertEqual(report, self.expected[1])
        # The dataset does exercise what crosses parts.
        for rule in (b"id-duplicate", b"ref-wrong-type", b"ref-dangling", b"source-published-before-event",
                     b"format-members-participants"):
            self.assertIn(rule, report)

    def test_2_killed_worker_is_retried(self) -> None:
        killed: dict[str, int] = {}

        def kill_when_a_map_is_done(maps, reduced) -> None:
            def killer() -> None:
                # Kill the worker holding the first finished map output while the run goes on:
                # its output is lost and must be computed again.
                while not any(m.done() for m in maps):
                    time.sleep(0.05)
                done = next(m for m in maps if m.done())
                holder = next(iter(self.client.who_has([done])[done.key]))
                pid = self.client.run(os.getpid, workers=[holder])[holder]
                killed["pid"] = pid
                killed["pending"] = sum(not f.done() for f in reduced)
                os.kill(pid, signal.SIGKILL)

            threading.Thread(target=killer, daemon=True).start()

        stdout, report = self.run_driver(on_submitted=kill_when_a_map_is_done)
        self.assertIn("pid", killed)
        self.assertGreater(killed["pending"], 0, "the worker was killed after the run had finished")
        self.assertEqual(stdout, self.expected[0])
        self.assertEqual(report, self.expected[1])
        # The nanny started a new worker process in place of the killed one.
        pids = set(self.client.run(os.getpid).values())
        self.assertNotIn(killed["pid"], pids)


if __name__ == "__main__":
    unittest.main()
