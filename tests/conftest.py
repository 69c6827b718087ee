"""Shared test set-up: Hypothesis settings and a helper that writes rule packs.

The default run uses Hypothesis' own example count. For a deep run set
``HYPOTHESIS_MAX_EXAMPLES``, e.g. ``HYPOTHESIS_MAX_EXAMPLES=2000 pytest``.
"""

import os
import textwrap

import pytest
from hypothesis import HealthCheck, settings

_MAX_EXAMPLES = os.environ.get("HYPOTHESIS_MAX_EXAMPLES")

if _MAX_EXAMPLES:
    settings.register_profile(
        "env",
        max_examples=int(_MAX_EXAMPLES),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
else:
    settings.register_profile("env", deadline=None)
settings.load_profile("env")


@pytest.fixture
def write_pack(tmp_path):
    """Write a rule pack (TOML, dedented) to a temporary file and return its path."""

    def write(body: str, name: str = "pack.toml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(body), encoding="utf-8")
        return path

    return write
