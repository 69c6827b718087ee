"""Docs/s of a directory run on local processes (``--jobs 2``) and on Dask with 2 single-threaded workers.

The folder is ``directory.py``'s (``--files`` text files, about ``--mb`` MB, cached in
``benchmarks/.cache/``). Every run is ``cleaner clean SRC -o OUT -q`` in a subprocess,
timed wall-clock with start-up included, alternating so machine drift hits all alike:

* ``local``: ``--jobs 2`` (a process pool);
* ``dask, new cluster``: ``--engine dask --jobs 2`` (the command starts a LocalCluster of 2 workers);
* ``dask, running cluster``: ``--scheduler ADDRESS`` of a LocalCluster of 2 workers this script started
  before timing (the cost of a cluster that is already up: no cluster start-up).

All runs must write the same record, byte for byte; the script says whether they did.

Run from the project root::

    .venv/bin/python benchmarks/dask_vs_local.py [--files 20000] [--mb 50] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from directory import CACHE, build_folder, clean, fastest, input_bytes, same_file
from distributed import LocalCluster


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000, help="text files in the folder (default 20,000)")
    parser.add_argument("--mb", type=float, default=50.0, help="their size in all, MB (default 50)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; the fastest is reported (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the inputs (default 0)")
    args = parser.parse_args(argv)

    folder = build_folder(args.files, args.mb, args.seed)
    megabytes, out = input_bytes(folder) / 1e6, CACHE / "out-dask"
    print(f"folder: {args.files:,} files, {megabytes:.1f} MB; {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=40) as cluster:
        kinds = {
            "local, --jobs 2": (),
            "dask, new cluster": ("--engine", "dask"),
            "dask, running cluster": ("--scheduler", cluster.scheduler_address),
        }
        runs: dict[str, list[dict]] = {name: [] for name in kinds}
        for _ in range(args.repeat):
            for number, (name, options) in enumerate(kinds.items()):
                runs[name].append(clean(folder, out / str(number), 2, *options))
    print(f"\n{'run':<24}{'seconds':>9}{'docs/s':>9}{'MB/s':>8}{'vs local':>10}")
    local = fastest(runs["local, --jobs 2"])["seconds"]
    for name, done in runs.items():
        best = fastest(done)
        failed = "" if best["exit"] == 0 else f"   (exit code {best['exit']})"
        print(f"{name:<24}{best['seconds']:>9.2f}{args.files / best['seconds']:>9.0f}{megabytes / best['seconds']:>8.2f}{local / best['seconds']:>9.2f}x{failed}")
    same = all(same_file(out / "0" / "cleaner-record.jsonl", out / str(number) / "cleaner-record.jsonl") for number in range(1, len(kinds)))
    print(f"\nrecords identical: {'yes' if same else 'NO'}")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
