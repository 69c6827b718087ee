"""Directory runs of the command: MB/s of ``--jobs 1`` and ``--jobs 2`` on many small files, and a streamed JSONL run.

Two inputs are built from the seed articles with ``throughput.py``'s generator (same
damage mix) and cached in ``benchmarks/.cache/``:

* a folder of ``--files`` text files (default 20,000) in 100 subfolders, trimmed to about
  ``--mb`` MB in all (default 50) by dropping middle paragraphs (the junk sits at the ends);
* one JSONL file of ``--jsonl-mb`` MB (default 200, a couple of minutes on 2 cores;
  ``--jsonl-mb 1000`` for the 1 GB run), one ``{"id", "url", "text"}`` object a line.

Every run is ``cleaner clean SRC -o OUT -q`` in a subprocess, timed wall-clock with start-up
included (MB = 10**6 bytes). Memory is reported twice, both read from ``/proc`` every 20 ms:
the peak RSS of the largest single process (its ``VmHWM``) and the peak RSS of the whole
process tree, main process plus workers. The two folder runs must write the same record,
byte for byte; the benchmark says whether they did.

Run from the project root::

    .venv/bin/python benchmarks/directory.py [--files 20000] [--mb 50] [--jsonl-mb 200] [--repeat 1] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from throughput import DAMAGE, load_seeds, make_document

CACHE = Path(__file__).resolve().parent / ".cache"
CLEANER = Path(sys.executable).with_name("cleaner")


# -- inputs ------------------------------------------------------------------------


def trim(rng: random.Random, text: str, limit: int) -> str:
    """``text`` without middle paragraphs until it is at most ``limit`` bytes (first two and last kept)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    paragraphs = re.split(f"(?:{newline}){{2,}}", text.rstrip(newline))
    while len(paragraphs) > 3 and len((newline * 2).join(paragraphs).encode("utf-8")) > limit:
        del paragraphs[rng.randrange(2, len(paragraphs) - 1)]
    return (newline * 2).join(paragraphs) + newline


def build_folder(files: int, megabytes: float, seed: int) -> Path:
    folder = CACHE / f"files-{files}-{megabytes:g}mb-seed{seed}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng, seeds = random.Random(seed), load_seeds()
    average = megabytes * 1e6 / files
    for number in range(files):
        text = trim(rng, make_document(rng, seeds, DAMAGE["notes"]), int(average * rng.uniform(0.5, 1.5)))
        path = folder / f"{number % 100:02d}" / f"{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (folder / ".complete").touch()
    return folder


def build_jsonl(megabytes: float, seed: int) -> Path:
    path = CACHE / f"docs-{megabytes:g}mb-seed{seed}.jsonl"
    if path.exists():
        return path
    rng, seeds = random.Random(seed), load_seeds()
    temporary, size, number = path.with_suffix(".tmp"), 0, 0
    with open(temporary, "wb") as file:
        while size < megabytes * 1e6:
            line = json.dumps({"id": number, "url": f"https://example.org/{number}", "text": make_document(rng, seeds, DAMAGE["notes"])}, ensure_ascii=False)
            data = line.encode("utf-8") + b"\n"
            file.write(data)
            size, number = size + len(data), number + 1
    temporary.rename(path)
    return path


def input_bytes(source: Path) -> int:
    if source.is_file():
        return source.stat().st_size
    return sum(path.stat().st_size for path in source.rglob("*.txt"))


# -- runs --------------------------------------------------------------------------


def memory(pid: int) -> tuple[int, int]:
    """``(resident bytes of the process tree, the largest high-water mark of one of its processes)``, from /proc."""
    total = largest = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                fields = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in status if line.startswith(("VmRSS:", "VmHWM:"))}
            total, largest = total + fields.get("VmRSS", 0), max(largest, fields.get("VmHWM", 0))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return total, largest


def clean(source: Path, out: Path, jobs: int, *options: str) -> dict:
    """One timed run of the command (with more ``options``): wall time, peak RSS in MB (largest process, whole tree), exit code.

    Memory is sampled every 20 ms; the per-process peak is the kernel's high-water mark
    (VmHWM), so only growth in a process's last 20 ms could be missed. (``ru_maxrss`` from
    ``wait4`` would also count this benchmark's own memory: the child is forked from it.)
    """
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen([str(CLEANER), "clean", str(source), "-o", str(out), "-q", "--jobs", str(jobs), *options])
    peak, done = [0, 0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[:] = map(max, peak, memory(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return {"seconds": seconds, "max_rss_mb": peak[1] / 1e6, "tree_rss_mb": peak[0] / 1e6, "exit": code}


def same_file(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (compared in pieces: this process must stay small)."""
    with open(a, "rb") as left, open(b, "rb") as right:
        while (piece := left.read(1 << 20)) == right.read(1 << 20):
            if not piece:
                return True
    return False


def fastest(runs: list[dict]) -> dict:
    """The fastest of ``runs``, with the highest memory figures of all."""
    return {**min(runs, key=lambda run: run["seconds"]), "max_rss_mb": max(r["max_rss_mb"] for r in runs), "tree_rss_mb": max(r["tree_rss_mb"] for r in runs)}


HEADER = f"{'run':<22}{'seconds':>9}{'MB/s':>9}{'max RSS (MB)':>15}{'tree RSS (MB)':>16}\n" + "-" * 71


def row(name: str, megabytes: float, run: dict) -> str:
    failed = "" if run["exit"] == 0 else f"   (exit code {run['exit']})"
    return f"{name:<22}{run['seconds']:>9.2f}{megabytes / run['seconds']:>9.2f}{run['max_rss_mb']:>15.0f}{run['tree_rss_mb']:>16.0f}{failed}"


def folder_runs(args: argparse.Namespace) -> dict:
    """``--jobs 1`` and ``--jobs 2`` on the folder, alternating, the fastest of ``--repeat`` runs each."""
    folder = build_folder(args.files, args.mb, args.seed)
    folder_mb = input_bytes(folder) / 1e6
    print(f"folder: {args.files:,} files, {folder_mb:.1f} MB; {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    out = CACHE / "out"
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(args.repeat):  # alternating, so machine drift hits both alike
        for jobs, done in runs.items():
            done.append(clean(folder, out / f"jobs{jobs}", jobs))
    results = {jobs: fastest(r) for jobs, r in runs.items()}
    same = same_file(out / "jobs1" / "cleaner-record.jsonl", out / "jobs2" / "cleaner-record.jsonl")
    print(f"\n{HEADER}")
    print(row("folder, --jobs 1", folder_mb, results[1]))
    print(row("folder, --jobs 2", folder_mb, results[2]))
    speedup = results[1]["seconds"] / results[2]["seconds"]
    print(f"\n--jobs 2 vs --jobs 1: {speedup:.2f}x; records identical: {'yes' if same else 'NO'}")
    return {"files": args.files, "megabytes": folder_mb, "jobs1": results[1], "jobs2": results[2], "speedup": speedup, "records_identical": same}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000, help="text files in the folder (default 20,000; 0 to skip)")
    parser.add_argument("--mb", type=float, default=50.0, help="their size in all, MB (default 50)")
    parser.add_argument("--jsonl-mb", type=float, default=200.0, help="size of the JSONL file, MB (default 200; 1000 for the 1 GB run; 0 to skip)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each folder run; the fastest is reported (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the inputs (default 0)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to PATH")
    args = parser.parse_args(argv)
    if not CLEANER.exists():
        sys.exit(f"{CLEANER} not found: install the project into this environment first")

    figures: dict = {}
    if args.files > 0:
        figures["folder"] = folder_runs(args)
    if args.jsonl_mb > 0:
        jsonl = build_jsonl(args.jsonl_mb, args.seed)
        jsonl_mb = input_bytes(jsonl) / 1e6
        run = clean(jsonl, CACHE / "out" / "jsonl", 2)
        print(f"\nJSONL: {jsonl_mb:.1f} MB in one file\n{HEADER}\n{row('JSONL, --jobs 2', jsonl_mb, run)}")
        figures["jsonl"] = {"megabytes": jsonl_mb, "jobs2": run}
    shutil.rmtree(CACHE / "out", ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
