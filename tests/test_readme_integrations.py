"""The README's integration examples, run as written: each ``python`` block followed by a ``text`` block is run
as a script in a fresh folder, and what it prints must read as the ``text`` block (``...`` stands for any text).

Blocks not followed by their output (cluster set-ups for Kubernetes and HPC schedulers) need a cluster and
are not run.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_readme import README, reads_as

PAIR = re.compile(r"^```python\n(.*?)^```\n\n```text\n(.*?)^```$", re.M | re.S)


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n", text.index("\n## Integrations\n"))
    end = min(i for i in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if i > 0)
    return text[start:end]


def examples(title: str) -> list[tuple[str, str]]:
    found = PAIR.findall(section(title))
    assert found, f"the README's {title} section has no example with its output"
    return found


@pytest.mark.parametrize(
    "title, needs", [("pandas", "pandas"), ("Dask", "distributed"), ("Scrapy", "scrapy")]
)
def test_the_integration_examples_print_what_the_readme_shows(title, needs, tmp_path):
    pytest.importorskip(needs)
    for number, (code, expected) in enumerate(examples(title)):
        script = tmp_path / f"example_{number}.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert reads_as(done.stdout, expected.rstrip("\n")), f"printed:\n{done.stdout}\nREADME shows:\n{expected}"
