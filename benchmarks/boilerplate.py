"""What the boilerplate pass costs: directory runs with and without ``--boilerplate``, on a folder and a JSONL file.

The inputs are ``--sites`` generated sites of ``--pages`` pages each, built from the seed
articles with ``throughput.py``'s generator (damage mix included) and cached in
``benchmarks/.cache/``; every page of a site ends with the site's two footer lines. The
folder has one subfolder per site; the JSONL file holds the same pages, shuffled, with
their ``url``. Runs alternate (``--repeat``), the fastest is reported, timed and measured
as in ``directory.py``, and the boilerplate deletions are read from ``--summary-json``.

Run from the project root::

    .venv/bin/python benchmarks/boilerplate.py [--sites 20] [--pages 500] [--jobs 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

from directory import CACHE, HEADER, clean, fastest, row
from throughput import DAMAGE, load_seeds, make_document


def footers(site: int) -> str:
    return f"\n\nSite {site} News: get our app for breaking news alerts every day\n\nFollow Site {site} News for more stories and updates\n"


def build(sites: int, pages: int, seed: int) -> tuple[Path, Path]:
    """The folder and the JSONL file of the generated sites (built once, then taken from the cache)."""
    folder, dump = CACHE / f"sites-{sites}x{pages}-seed{seed}", CACHE / f"sites-{sites}x{pages}-seed{seed}.jsonl"
    if (folder / ".complete").exists() and dump.exists():
        return folder, dump
    shutil.rmtree(folder, ignore_errors=True)
    rng, seeds, rows = random.Random(seed), load_seeds(), []
    for site in range(sites):
        (folder / f"site{site:02d}.example").mkdir(parents=True)
        for page in range(pages):
            text = make_document(rng, seeds, DAMAGE["notes"]).rstrip("\r\n") + footers(site)
            (folder / f"site{site:02d}.example" / f"{page:04d}.txt").write_text(text, encoding="utf-8")
            rows.append(json.dumps({"url": f"https://www.site{site:02d}.example/{page}", "text": text}, ensure_ascii=False))
    rng.shuffle(rows)
    dump.write_text("".join(line + "\n" for line in rows), encoding="utf-8")
    (folder / ".complete").touch()
    return folder, dump


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500, help="pages per site (default 500)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder, dump = build(args.sites, args.pages, args.seed)
    megabytes = dump.stat().st_size / 1e6
    print(f"{args.sites} sites x {args.pages} pages: a folder, and a JSONL file of {megabytes:.1f} MB; --jobs {args.jobs}\n\n{HEADER}")
    out = CACHE / "out-boilerplate"
    for name, source in (("folder", folder), ("JSONL", dump)):
        runs: dict[str, list[dict]] = {"--no-boilerplate": [], "--boilerplate": []}
        for _ in range(args.repeat):
            for flag, done in runs.items():
                summary = out / f"{name}{flag}.json"
                done.append({**clean(source, out / f"{name}{flag}", args.jobs, flag, "--summary-json", str(summary)), "summary": json.loads(summary.read_text())})
        for flag, done in runs.items():
            best = fastest(done)
            removed = best["summary"]["deletions_by_rule"].get("boilerplate.repeated-line", 0)
            print(row(f"{name} {flag}", megabytes, best) + (f"   ({removed:,} lines removed as boilerplate)" if removed else ""))


if __name__ == "__main__":
    main()
