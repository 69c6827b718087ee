"""The README's tutorial, run as written: its files are written and its commands run, in order, in a fresh folder.

A fenced block with ``file=PATH`` in its info string is written to PATH. In a ``console``
block, each ``$ command`` is run with bash (the venv's ``cleaner`` and ``python`` first on
PATH) and its output, stdout and stderr together, must read as the lines below it, where
``...`` stands for any text; it must exit with 0, or with the block's ``exit=N``.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)


def tutorial() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Tutorial")
    return text[start : text.index("\n## ", start + 1)]


def steps() -> list[tuple[str, dict, str]]:
    return [(kind, dict(re.findall(r"(\w+)=(\S+)", info)), body) for kind, info, body in BLOCK.findall(tutorial())]


def commands(body: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` for each ``$ `` line of a console block."""
    found = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            found[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in found]


def reads_as(output: str, expected: str) -> bool:
    pattern = re.escape(expected).replace(re.escape("..."), ".*")
    return re.fullmatch(pattern, output.rstrip("\n"), re.S) is not None


def test_the_tutorial_runs_as_written(tmp_path):
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "PYTHONUNBUFFERED": "1"}
    ran = 0
    for kind, attributes, body in steps():
        if "file" in attributes:
            path = tmp_path / attributes["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            continue
        if kind != "console":
            continue
        for command, expected in commands(body):
            done = subprocess.run(
                ["bash", "-c", command], cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300
            )
            output = done.stdout
            assert done.returncode == int(attributes.get("exit", 0)), f"$ {command}\n{output}"
            assert reads_as(output, expected), f"$ {command}\n--- expected\n{expected}\n--- got\n{output}"
            ran += 1
    assert ran >= 5
