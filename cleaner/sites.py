"""Per-site rules: which site a document comes from, and a Cleaner for each configured site.

The site is, in this order: the one named (``--site``), the host of the document's
``url``, or the nearest folder of its path named after a configured site
(``scraped/example.com/2024/a.txt``). Subdomains belong to their parent's section
(``www.example.com`` uses ``[sites."example.com"]``). Cross-document boilerplate is
counted per site too (``site_key``): there a document of no configured site belongs
to its url's host, else to its folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from .pipeline import Cleaner
from .ruleset import Config, Rule, load_config, load_rules, rule_sources


def site_of(config: Config, site: str | None = None, url: str | None = None, path: str | PurePath | None = None) -> str | None:
    """The configured site a document belongs to, or None when no section applies."""
    if site:
        return config.site(site)
    if url:
        return config.site(_host(url))
    for folder in PurePath(path).parent.parts[::-1] if path else ():
        if config.site(folder):
            return config.site(folder)
    return None


def site_key(config: Config, site: str | None = None, url: str | None = None, path: str | None = None) -> str:
    """The site whose documents a document is counted with for boilerplate: its configured site, else the site
    named, else its url's host (without ``www.``), else its folder."""
    configured = site_of(config, site, url, path)
    if configured:
        return configured
    if site:
        return site.lower()
    host = _host(url) if url else None
    if host:
        return host.removeprefix("www.")
    return f"folder:{os.path.dirname(path or '')}"


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # a url that is not one, e.g. an unclosed IPv6 bracket
        return None


class SiteCleaners:
    """One Cleaner per configured site and one for documents of no configured site, each compiled on first use.

    Pickled (to worker processes), it carries the rules it has loaded, so workers need
    no rule files, and each process compiles only the sites it meets.
    """

    def __init__(self, config: Config | Mapping | Path | str | None = None, rules: Iterable[Path | str] = ()):
        self.config, self.rules = load_config(config), tuple(rules)
        self._loaded: dict[str | None, tuple[Rule, ...]] = {}
        self._built: dict[str | None, Cleaner] = {}

    def load_all(self) -> SiteCleaners:
        """Load the rules of every site now, so a broken rule file is reported before a run starts; returns self."""
        for name in (None, *(name for name, _site in self.config.sites)):
            self._rules_of(name)
        return self

    def cleaner(self, site: str | None = None, url: str | None = None, path: str | PurePath | None = None) -> Cleaner:
        """The Cleaner for a document, found by ``site``, ``url`` or ``path`` as ``site_of`` does."""
        name = site_of(self.config, site, url, path)
        if name not in self._built:
            self._built[name] = Cleaner.from_rules(self._rules_of(name), self.config.for_site(name))
        return self._built[name]

    def _rules_of(self, name: str | None) -> tuple[Rule, ...]:
        if name not in self._loaded:
            config = self.config.for_site(name)
            self._loaded[name] = tuple(config.pick(load_rules(rule_sources(config, self.rules))))
        return self._loaded[name]

    def __getstate__(self) -> dict:
        return {"config": self.config, "rules": self.rules, "_loaded": self._loaded}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _built={})
