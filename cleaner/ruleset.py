"""Rule packs and config: loading, validation and selection.

A rule pack is a TOML file with an optional ``[pack]`` table and ``[[rule]]``
entries. Loading validates every rule and raises ``RuleError`` naming the file,
the line, the rule id and the reason; nothing half-loaded is ever used.
"""

from __future__ import annotations

import fnmatch
import inspect
import re
import sys
from importlib import resources
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

import regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = ("span", "line", "block", "heuristic")
ZONES = ("head", "tail")
UNTIL = ("blank", "eof")
MATCH = ("full", "search")
LEVELS = ("conservative", "balanced", "aggressive")  # aggressiveness, least first: a rule runs at its level and above
PATTERN_KEYS = {"span": ("pattern",), "line": ("pattern",), "block": ("start", "end", "body"), "heuristic": ()}
_ID = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+")
_CATEGORY = re.compile(r"[a-z0-9][a-z0-9-]*")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?P<|\(\?<(?![=!])|\(\?'")
_LEADING_FLAGS = re.compile(r"\A\(\?([aiLmsuxw]+)\)")

_COMMON_KEYS = {"id", "category", "kind", "why", "remove", "keep", "languages", "level"}
_KIND_KEYS = {
    "span": {"pattern", "ignore_case"},
    "line": {"pattern", "ignore_case", "match"},
    "block": {"start", "end", "lines", "until", "body", "zone", "zone_lines", "max_lines", "ignore_case", "match"},
    "heuristic": {"detector", "params", "level_params"},
}


class RuleError(ValueError):
    """A rule pack or config that cannot be used, with where and why."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None, rule: str | None = None):
        self.path, self.reason, self.line, self.rule = str(path), reason, line, rule
        where = self.path + (f":{line}" if line else "")
        super().__init__(f"{where}: " + (f"rule {rule}: " if rule else "") + reason)


@dataclass(frozen=True)
class Example:
    """A ``remove`` or ``keep`` example: a text, and for ``remove`` the parts that must go."""

    text: str
    junk: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    kind: str
    why: str
    pack: str
    path: str
    line: int
    pattern: str | None = None
    ignore_case: bool = False
    match: str = "full"
    start: str | None = None
    end: str | None = None
    lines: int | None = None
    until: str | None = None
    body: str | None = None
    zone: str | None = None
    zone_lines: int = 12
    max_lines: int = 40
    detector: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    remove: tuple[Example, ...] = ()
    keep: tuple[Example, ...] = ()
    languages: tuple[str, ...] = ()  # the document languages it is for; empty: every document
    level: str = "conservative"  # the least aggressiveness (of LEVELS) it runs at
    level_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # a heuristic's params from a level up

    def params_at(self, aggressiveness: str) -> Mapping[str, Any]:
        """The detector's params at ``aggressiveness``: ``params``, then ``level_params`` of each level up to it."""
        params = dict(self.params)
        for level in LEVELS[: LEVELS.index(aggressiveness) + 1]:
            params.update(self.level_params.get(level, {}))
        return params

    def __setstate__(self, state: dict) -> None:
        """Unpickled (in a worker process, say): a detector from another package is registered there too."""
        self.__dict__.update(state)
        if self.detector is not None:
            from .plugins import has_detector

            has_detector(self.detector)


def builtin_rules_dir() -> Path:
    """The folder of the rule packs shipped with the package (``rules/`` in a source checkout)."""
    try:
        return Path(str(resources.files("cleaner.rules")))
    except ModuleNotFoundError:  # imported from a checkout, where the packs sit beside the package
        return Path(__file__).resolve().parent.parent / "rules"


def rule_files(paths: Iterable[Path | str]) -> list[Path]:
    """The ``.toml`` files named by ``paths`` (files, or folders searched recursively), sorted per folder."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(path.rglob("*.toml")))
        elif path.is_file():
            found.append(path)
        else:
            raise RuleError(path, "no such rule file or folder")
    return found


def load_rules(paths: Iterable[Path | str], unique: bool = True) -> list[Rule]:
    """Load and validate every rule of the given files and folders, in order; ``unique=False`` lets ids repeat (for lint)."""
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path in rule_files(paths):
        for rule in load_pack(path):
            if unique and rule.id in seen:
                first = seen[rule.id]
                raise RuleError(path, f"duplicate id, first defined at {first.path}:{first.line}", rule.line, rule.id)
            seen[rule.id] = rule
            rules.append(rule)
    return rules


def load_pack(path: Path) -> list[Rule]:
    """Load one rule pack file."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(path, f"cannot read rule file ({error})") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        raise RuleError(path, f"invalid TOML: {error}", int(match.group(1)) if match else None) from None
    unknown = set(data) - {"pack", "rule"}
    if unknown:
        raise RuleError(path, f"unknown top-level keys: {', '.join(sorted(unknown))} (expected [pack] and [[rule]])")
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise RuleError(path, "'rule' must be an array of tables ([[rule]])")
    headers = [number for number, text in enumerate(source.splitlines(), 1) if text.strip() == "[[rule]]"]
    pack = str((data.get("pack") or {}).get("name") or path.stem)
    return [
        _parse_rule(entry, path, pack, headers[index] if index < len(headers) else None)
        for index, entry in enumerate(entries)
    ]


def _parse_rule(entry: dict, path: Path, pack: str, line: int | None) -> Rule:
    rule_id = entry.get("id")

    def fail(reason: str) -> RuleError:
        return RuleError(path, reason, line, rule_id if isinstance(rule_id, str) else None)

    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise fail(f"'id' must be a dotted lower-case id like 'ads.placeholder-token', got {rule_id!r}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise fail(f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    unknown = set(entry) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        raise fail(f"unknown keys for a {kind} rule: {', '.join(sorted(unknown))}")
    for key in ("category", "why"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(f"'{key}' is required and must be a non-empty string")
    if not _CATEGORY.fullmatch(entry["category"]):
        raise fail(f"'category' must be lower-case words joined by '-', got {entry['category']!r}")

    fields: dict[str, Any] = {
        "id": rule_id,
        "category": entry["category"],
        "kind": kind,
        "why": " ".join(entry["why"].split()),
        "pack": pack,
        "path": str(path),
        "line": line or 0,
        "remove": _examples(entry.get("remove", []), "remove", fail),
        "keep": _examples(entry.get("keep", []), "keep", fail),
    }
    if "languages" in entry:
        fields["languages"] = _languages(entry["languages"], fail)
    if "level" in entry:
        if entry["level"] not in LEVELS:
            raise fail(f"'level' must be one of {', '.join(LEVELS)}, got {entry['level']!r}")
        fields["level"] = entry["level"]
    if "ignore_case" in entry:
        fields["ignore_case"] = _typed(entry, "ignore_case", bool, fail)
    if "match" in entry:
        if entry["match"] not in MATCH:
            raise fail(f"'match' must be one of {', '.join(MATCH)}, got {entry['match']!r}")
        fields["match"] = entry["match"]
    if kind in ("span", "line"):
        fields["pattern"] = _pattern(entry, "pattern", fail, required=True)
    elif kind == "block":
        fields["start"] = _pattern(entry, "start", fail, required=True)
        fields["end"] = _pattern(entry, "end", fail)
        fields["body"] = _pattern(entry, "body", fail)
        ends = [key for key in ("end", "lines", "until") if key in entry]
        if len(ends) != 1:
            raise fail("a block rule needs exactly one of 'end' (a pattern), 'lines' (a count) or 'until'")
        if "lines" in entry:
            fields["lines"] = _typed(entry, "lines", int, fail)
            if fields["lines"] < 1:
                raise fail("'lines' must be at least 1")
        if "until" in entry:
            if entry["until"] not in UNTIL:
                raise fail(f"'until' must be one of {', '.join(UNTIL)}, got {entry['until']!r}")
            fields["until"] = entry["until"]
        if "zone" in entry:
            if entry["zone"] not in ZONES:
                raise fail(f"'zone' must be one of {', '.join(ZONES)}, got {entry['zone']!r}")
            fields["zone"] = entry["zone"]
        for key in ("zone_lines", "max_lines"):
            if key in entry:
                fields[key] = _typed(entry, key, int, fail)
                if fields[key] < 1:
                    raise fail(f"'{key}' must be at least 1")
    else:
        from .heuristics import DETECTORS
        from .plugins import has_detector, offered

        name = _typed(entry, "detector", str, fail)
        try:
            known = has_detector(name)
        except Exception as error:  # a plug-in package that fails to import
            raise fail(f"detector {name!r} cannot be loaded from its package: {error}") from None
        if not known:
            raise fail(f"unknown detector {name!r}; known: {', '.join(offered())}")
        params = entry.get("params", {})
        if not isinstance(params, dict):
            raise fail("'params' must be a table")
        accepted = list(inspect.signature(DETECTORS[name]).parameters)[1:]
        by_level = entry.get("level_params", {})
        if not isinstance(by_level, dict) or not all(level in LEVELS and isinstance(table, dict) for level, table in by_level.items()):
            raise fail(f"'level_params' must be a table of params tables by level ({', '.join(LEVELS)})")
        for table in (params, *by_level.values()):
            unknown = set(table) - set(accepted)
            if unknown:
                raise fail(f"unknown params for detector {name!r}: {', '.join(sorted(unknown))}; accepted: {', '.join(accepted)}")
        fields["detector"], fields["params"] = name, dict(params)
        fields["level_params"] = {level: dict(table) for level, table in by_level.items()}
    return Rule(**fields)


def _languages(value: Any, fail, key: str = "languages") -> tuple[str, ...]:
    """A ``languages`` setting: a code or a non-empty list of codes of ``cleaner.language.LANGUAGES``."""
    from .language import LANGUAGES

    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes or not all(isinstance(code, str) for code in codes):
        raise fail(f"'{key}' must be a list of language codes, got {value!r}")
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        raise fail(f"unknown language {', '.join(map(repr, unknown))} in '{key}'; known: {', '.join(LANGUAGES)}")
    return tuple(dict.fromkeys(codes))


def _typed(entry: dict, key: str, kind: type, fail) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise fail(f"'{key}' must be a {kind.__name__}, got {value!r}")
    return value


def _pattern(entry: dict, key: str, fail, required: bool = False) -> str | None:
    if key not in entry:
        if required:
            raise fail(f"'{key}' (a regular expression) is required")
        return None
    pattern = _typed(entry, key, str, fail)
    if _BACKREF.search(pattern):
        raise fail(f"'{key}': named groups and backreferences are not allowed (rules are combined); use (?:...)")
    try:
        compiled = regex.compile(scoped(pattern, entry.get("ignore_case") is True))
    except regex.error as error:
        raise fail(f"'{key}' is not a valid regular expression: {error}") from None
    if compiled.fullmatch(""):
        raise fail(f"'{key}' matches the empty string")
    return pattern


def scoped(pattern: str, ignore_case: bool = False) -> str:
    """``pattern`` as a group that keeps its flags to itself, ready to be combined with others."""
    flags = "i" if ignore_case else ""
    match = _LEADING_FLAGS.match(pattern)
    if match:
        flags += match.group(1)
        pattern = pattern[match.end() :]
    return f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"


def _examples(value: Any, key: str, fail) -> tuple[Example, ...]:
    if not isinstance(value, list):
        raise fail(f"'{key}' must be a list of examples")
    examples = []
    for item in value:
        if isinstance(item, str) and item.strip():
            examples.append(Example(item, (item,) if key == "remove" else ()))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) <= {"text", "junk"}:
            junk = item.get("junk", [])
            if key == "keep" and junk:
                raise fail("'keep' examples cannot name junk")
            if not isinstance(junk, list) or not all(isinstance(j, str) and j in item["text"] for j in junk):
                raise fail(f"'{key}' example: 'junk' must be a list of parts of its 'text'")
            if key == "remove" and not junk:
                raise fail("'remove' example tables need 'junk': the parts of 'text' that must be removed")
            examples.append(Example(item["text"], tuple(junk)))
        else:
            raise fail(f"'{key}' items must be non-empty strings or tables with 'text' (and 'junk'), got {item!r}")
    return tuple(examples)


# -- config -------------------------------------------------------------------

CONFIG_KEYS = {"select", "ignore", "rules", "builtin-rules", "timeout", "sites", "language", "boilerplate", "aggressiveness"}
BOILERPLATE_KEYS = {"enabled", "share", "min-documents", "min-chars", "min-words"}
SITE_KEYS = {"select", "ignore", "rules", "language"}


@dataclass(frozen=True)
class Site:
    """A ``[sites."example.com"]`` section: more rules for that site, another selection, more ignores."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    language: tuple[str, ...] | None | str = "inherit"  # as Config.language; "inherit" when the section sets none


@dataclass(frozen=True)
class Boilerplate:
    """``[boilerplate]``: in directory runs, delete lines found in at least ``share`` of a site's documents
    (sites of at least ``min_documents``; lines of at least ``min_chars`` characters and ``min_words`` words)."""

    enabled: bool = False
    share: float = 0.5
    min_documents: int = 10
    min_chars: int = 20
    min_words: int = 3


@dataclass(frozen=True)
class Config:
    """Which rules run. ``select``/``ignore`` are id globs; ``rules`` adds rule files or folders; ``sites`` adapts them per site.

    ``language`` says which rules with ``languages`` run on a document: None, from
    ``language = "auto"`` (the default), guesses each document's language; ``()``, from
    ``"all"``, runs them all; codes (``"de"`` or ``["de", "en"]``) are the documents' languages.
    ``cleaner.language.document_languages`` turns it into a document's languages.
    ``aggressiveness`` (of ``LEVELS``) says which rules run: those of its level and below,
    with that level's params (``pick``); the default, conservative, deletes only what is surely junk.
    """

    select: tuple[str, ...] = ("*",)
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    builtin_rules: bool = True
    timeout: float = 1.0
    source: str | None = None
    sites: tuple[tuple[str, Site], ...] = ()
    language: tuple[str, ...] | None = None
    boilerplate: Boilerplate = Boilerplate()
    aggressiveness: str = "conservative"

    def pick(self, rules: Iterable[Rule]) -> list[Rule]:
        """The rules this config runs: selected by id, of its aggressiveness or below, with that level's params."""
        top = LEVELS.index(self.aggressiveness)
        return [
            replace(rule, params=rule.params_at(self.aggressiveness)) if rule.level_params else rule
            for rule in rules
            if self.selects(rule.id) and LEVELS.index(rule.level) <= top
        ]

    def selects(self, rule_id: str) -> bool:
        chosen = any(fnmatch.fnmatchcase(rule_id, glob) for glob in self.select)
        return chosen and not any(fnmatch.fnmatchcase(rule_id, glob) for glob in self.ignore)

    def site(self, host: str | None) -> str | None:
        """The configured site ``host`` belongs to: itself, or the nearest parent domain with a section."""
        host = (host or "").lower().rstrip(".")
        names = dict(self.sites)
        while host:
            if host in names:
                return host
            host = host.partition(".")[2]
        return None

    def for_site(self, host: str | None) -> "Config":
        """This config as it applies to a document of ``host``: its site's section merged in, when it has one."""
        name = self.site(host)
        if name is None:
            return self
        site = dict(self.sites)[name]
        select = self.select if site.select is None else site.select
        language = self.language if site.language == "inherit" else site.language
        return replace(self, select=select, ignore=self.ignore + site.ignore, rules=self.rules + site.rules, language=language)


def load_config(config: "Config | Mapping | Path | str | None") -> Config:
    """A Config from a Config, a mapping (as in ``[tool.cleaner]``), a TOML file path, or None (defaults)."""
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        return _config_from_mapping(config, "<config>", Path.cwd())
    path = Path(config)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleError(path, f"cannot read config ({error.strerror or error})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleError(path, f"invalid config: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleaner", {})
    return _config_from_mapping(data, str(path), path.parent)


def resolve_config(
    path: Path | str | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (), start: Path | str = "."
) -> Config:
    """The config a command runs with: ``path``, else the nearest config file above ``start``, else the defaults;
    ``select`` globs (when given) replace its selection and ``ignore`` globs add to it."""
    config = load_config(path or find_config(start))
    select, ignore = tuple(select), tuple(ignore)
    return replace(config, select=select or config.select, ignore=config.ignore + ignore)


def rule_sources(config: Config, extra: Iterable[Path | str] = ()) -> list[Path]:
    """The rule files and folders ``config`` loads (built-in packs first), then ``extra``."""
    return ([builtin_rules_dir()] if config.builtin_rules else []) + list(config.rules) + [Path(path) for path in extra]


def find_config(start: Path | str = ".") -> Path | None:
    """The nearest ``cleaner.toml``, or ``pyproject.toml`` with ``[tool.cleaner]``, in ``start`` or above."""
    directory = Path(start).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "cleaner.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "cleaner" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
    return None


def _config_from_mapping(data: Mapping, source: str, base: Path) -> Config:
    _known_keys(data, CONFIG_KEYS, source, "config keys")
    builtin = data.get("builtin-rules", True)
    timeout = data.get("timeout", 1.0)
    if not isinstance(builtin, bool):
        raise RuleError(source, "'builtin-rules' must be true or false")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise RuleError(source, "'timeout' must be a positive number of seconds")
    aggressiveness = data.get("aggressiveness", "conservative")
    if aggressiveness not in LEVELS:
        raise RuleError(source, f"'aggressiveness' must be one of {', '.join(LEVELS)}, got {aggressiveness!r}")
    sites = data.get("sites", {})
    if not isinstance(sites, Mapping) or not all(isinstance(section, Mapping) for section in sites.values()):
        raise RuleError(source, "'sites' must hold tables like [sites.\"example.com\"]")
    return Config(
        select=_globs(data, "select", source) if "select" in data else ("*",),
        ignore=_globs(data, "ignore", source),
        rules=_paths(data, source, base),
        builtin_rules=builtin,
        timeout=float(timeout),
        source=source,
        sites=tuple((name.lower(), _site(section, f"{source}: sites.{name!r}", base)) for name, section in sites.items()),
        language=_language_setting(data.get("language", "auto"), source),
        boilerplate=_boilerplate(data.get("boilerplate", {}), f"{source}: boilerplate"),
        aggressiveness=aggressiveness,
    )


def _boilerplate(data: Any, source: str) -> Boilerplate:
    if not isinstance(data, Mapping):
        raise RuleError(source, "'boilerplate' must be a table like [boilerplate]")
    _known_keys(data, BOILERPLATE_KEYS, source, "keys")
    settings = Boilerplate(**{key.replace("-", "_"): value for key, value in data.items()})
    if not isinstance(settings.enabled, bool):
        raise RuleError(source, "'enabled' must be true or false")
    if isinstance(settings.share, bool) or not isinstance(settings.share, (int, float)) or not 0 < settings.share <= 1:
        raise RuleError(source, "'share' must be a number above 0 and at most 1 (the share of a site's documents)")
    for key in ("min-documents", "min-chars", "min-words"):
        value = getattr(settings, key.replace("-", "_"))
        if isinstance(value, bool) or not isinstance(value, int) or value < (2 if key == "min-documents" else 1):
            raise RuleError(source, f"'{key}' must be a whole number of at least {2 if key == 'min-documents' else 1}")
    return settings


def _site(data: Mapping, source: str, base: Path) -> Site:
    _known_keys(data, SITE_KEYS, source, "keys")
    select = _globs(data, "select", source) if "select" in data else None
    language = _language_setting(data["language"], source) if "language" in data else "inherit"
    return Site(select=select, ignore=_globs(data, "ignore", source), rules=_paths(data, source, base), language=language)


def _language_setting(value: Any, source: str) -> tuple[str, ...] | None:
    """``language``: "auto" (None: guess per document), "all" (``()``: every rule), or language codes."""
    if value == "auto":
        return None
    if value == "all":
        return ()

    def fail(reason: str) -> RuleError:
        return RuleError(source, f"{reason} ('language' is \"auto\", \"all\", a language code or a list of them)")

    return _languages(value, fail, "language")


def _known_keys(data: Mapping, known: set[str], source: str, what: str) -> None:
    unknown = set(data) - known
    if unknown:
        raise RuleError(source, f"unknown {what}: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")


def _globs(data: Mapping, key: str, source: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError(source, f"'{key}' must be a list of rule id globs")
    return tuple(value)


def _paths(data: Mapping, source: str, base: Path) -> tuple[Path, ...]:
    value = data.get("rules", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError(source, "'rules' must be a list of rule files or folders")
    return tuple(base / item for item in value)
