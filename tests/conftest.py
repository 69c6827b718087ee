"""Hypothesis settings profiles.

The default run uses Hypothesis' own example count. For a deep run set
``HYPOTHESIS_MAX_EXAMPLES``, e.g. ``HYPOTHESIS_MAX_EXAMPLES=2000 pytest``.
"""

import os

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
