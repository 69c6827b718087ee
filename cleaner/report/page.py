"""One self-contained HTML page: the template with its CSS, JavaScript and data inlined, and a policy that allows nothing else."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from importlib.resources import files

from .data import json_bytes


def render(data: dict) -> bytes:
    """The page for ``data`` (from ``report_data``), as UTF-8 bytes."""
    style, script = _asset("report.css"), _asset("report.js")
    parts = {
        "title": html.escape(data["title"]),
        "policy": f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'",
        "style": style,
        "script": script,
        # Inside <script>, "</script>" or "<!--" in the text would end or garble the element: "<" is escaped in the JSON.
        "data": json_bytes(data).decode("utf-8").replace("<", "\\u003c"),
    }
    page = re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match[1]], _asset("template.html"))  # one pass: inserted text is not scanned again
    return page.encode("utf-8")


def _asset(name: str) -> str:
    return (files(__package__) / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline element's content."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
