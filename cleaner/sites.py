"""Per-site rules: which configured site a document comes from, and a Cleaner for each site.

The site is, in this order: the one named (``--site``), the host of the document's
``url``, or the nearest folder of its path named after a configured site
(``scraped/example.com/2024/a.txt``). Subdomains belong to their parent's section
(``www.example.com`` uses ``[sites."example.com"]``).
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from .pipeline import Cleaner
from .ruleset import Config, load_config


def site_of(config: Config, site: str | None = None, url: str | None = None, path: str | PurePath | None = None) -> str | None:
    """The configured site a document belongs to, or None when no section applies."""
    if site:
        return config.site(site)
    if url:
        return config.site(urlsplit(url).hostname)
    for folder in PurePath(path).parent.parts[::-1] if path else ():
        if config.site(folder):
            return config.site(folder)
    return None


class SiteCleaners:
    """One Cleaner per configured site, built on first use, and one for documents of no configured site."""

    def __init__(self, config: Config | Mapping | Path | str | None = None, rules: Iterable[Path | str] = ()):
        self.config, self.rules = load_config(config), tuple(rules)
        self._built: dict[str | None, Cleaner] = {}

    def cleaner(self, site: str | None = None, url: str | None = None, path: str | PurePath | None = None) -> Cleaner:
        """The Cleaner for a document, found by ``site``, ``url`` or ``path`` as ``site_of`` does."""
        name = site_of(self.config, site, url, path)
        if name not in self._built:
            self._built[name] = Cleaner(self.config.for_site(name), rules=self.rules)
        return self._built[name]
