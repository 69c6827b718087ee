"""The Dask engine and Dask collections: runs on a cluster write the bytes of a local run, a worker killed mid-run
costs nothing, an unreachable scheduler is a clear error; bags and data frames come back cleaned."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from dask import bag as dask_bag  # noqa: E402
from dask import dataframe as dask_dataframe  # noqa: E402

import cleaner.dask_engine  # noqa: E402
from cleaner import Cleaner, clean  # noqa: E402
from cleaner.cli import main  # noqa: E402
from cleaner.dask import clean_bag, clean_dataframe  # noqa: E402
from test_directory_runs import mixed, samples, tree  # noqa: E402, F401 - the same inputs as local runs


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes, and a client of the test's own."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=40) as local:
        with distributed.Client(local) as client:
            yield local.scheduler_address, client


def run(*args) -> int:
    return main([str(a) for a in args])


def corpus(folder: Path, documents: int) -> Path:
    """``documents`` articles of 5-7 KB (two seed articles each), in 10 folders."""
    texts = samples()
    for number in range(documents):
        path = folder / f"{number % 10}" / f"{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[number % 5] + "\n\n" + texts[(number // 5) % 5] + f"\n\nParagraph {number}.\n", encoding="utf-8")
    return folder


def test_a_run_on_a_cluster_writes_the_bytes_of_a_local_run(cluster, mixed, tmp_path):
    address, _client = cluster
    assert run("clean", mixed, "-o", tmp_path / "local", "--jobs", "2", "-q") == 1  # mixed holds bad documents
    assert run("clean", mixed, "-o", tmp_path / "dask", "--scheduler", address, "-q") == 1
    local, dask = tree(tmp_path / "local"), tree(tmp_path / "dask")
    assert local == dask  # every output, the record and the list of errors
    assert b"binary.txt" in local["cleaner-errors.jsonl"] and len(local) > 20


def test_resume_on_a_cluster_finishes_what_a_run_left(cluster, mixed, tmp_path):
    address, _client = cluster
    assert run("clean", mixed, "-o", tmp_path / "whole", "-q") == 1
    out = tmp_path / "resumed"
    assert run("clean", mixed, "-o", out, "-q") == 1
    record = out / "cleaner-record.jsonl"
    lines = record.read_bytes().splitlines(keepends=True)
    record.write_bytes(b"".join(lines[:10]) + lines[10][:25])  # as a kill -9 leaves it: a line cut short
    (out / "doc19.txt").unlink()
    assert run("clean", mixed, "-o", out, "--scheduler", address, "--resume", "-q") == 1
    assert tree(out) == tree(tmp_path / "whole")


def test_engine_dask_starts_a_local_cluster(tmp_path):
    source = corpus(tmp_path / "src", 20)
    assert run("clean", source, "-o", tmp_path / "local", "-q") == 0
    assert run("clean", source, "-o", tmp_path / "dask", "--engine", "dask", "--jobs", "2", "-q") == 0
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")


def test_a_worker_killed_mid_run_is_replaced_without_repeating_a_record_line(cluster, tmp_path):
    address, client = cluster
    source = corpus(tmp_path / "src", 600)
    assert run("clean", source, "-o", tmp_path / "local", "--jobs", "1", "-q") == 0
    out = tmp_path / "dask"
    pids = client.run(os.getpid)
    killed = {}

    def kill_a_busy_worker() -> None:
        """Once the record has a line, kill a worker that has a chunk in hand."""
        record, deadline = out / "cleaner-record.jsonl", time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [worker for worker, tasks in client.processing().items() if tasks and worker in pids]
            if busy and record.is_file() and record.stat().st_size:
                killed.update(worker=busy[0], recorded=len(record.read_bytes().splitlines()))
                os.kill(pids[busy[0]], signal.SIGKILL)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    try:
        assert run("clean", source, "-o", out, "--scheduler", address, "-q") == 0
    finally:
        killer.join()
    assert killed and 0 < killed["recorded"] < 600, killed  # killed mid-run
    record = (out / "cleaner-record.jsonl").read_bytes().splitlines()
    assert len(record) == len(set(record)) == 600
    assert tree(out) == tree(tmp_path / "local")
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cleaner.dask_engine, "CONNECT_SECONDS", 1)
    source = corpus(tmp_path / "src", 2)
    assert run("clean", source, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", "-q") == 2
    assert "cleaner: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert run("clean", source, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", "--engine", "local") == 2


def test_clean_bag_gives_the_results_of_clean(cluster):
    _address, client = cluster
    texts = [text + f"\n\nParagraph {number}.\n" for number, text in enumerate(samples() * 8)]
    results = client.compute(clean_bag(dask_bag.from_sequence(texts, npartitions=6))).result()
    assert [result.text for result in results] == [clean(text).text for text in texts]
    assert all(result.restore() == text for result, text in zip(results, texts))


def test_clean_dataframe_cleans_the_column_and_counts_deletions(cluster):
    _address, client = cluster
    frame = pd.DataFrame({"id": range(10), "body": [f"[ad_1]\n\nThe summit ended on day {n}.\n\nLeave a Reply" for n in range(10)]})
    cleaned = client.compute(clean_dataframe(dask_dataframe.from_pandas(frame, npartitions=3), "body", Cleaner({"ignore": ["comments.*"]}))).result()
    assert list(cleaned.columns) == ["id", "body", "deletions", "repairs", "categories"]
    assert cleaned["body"][4] == "The summit ended on day 4.\n\nLeave a Reply\n"
    assert cleaned["deletions"].tolist() == [1] * 10 and cleaned["categories"][0] == ["ad-placeholder"]
