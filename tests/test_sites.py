"""Per-site config (``[sites."example.com"]``) and detectors from other packages (``article_cleaner.heuristics``)."""

import json
import pickle
import textwrap
from dataclasses import replace

import pytest

from cleaner import Cleaner, RuleError, load_config
from cleaner.ruleset import LEVELS
from cleaner.cli import main
from cleaner.heuristics import DETECTORS
from cleaner.sites import SiteCleaners, site_of

SITE_PACK = '''
[[rule]]
id = "example.subscriber-box"
category = "promo"
kind = "line"
pattern = 'Only for subscribers of Example News'
why = "Example News marks paywalled paragraphs with this line."
remove = ["Only for subscribers of Example News"]
keep = ["Only for subscribers, the offer ends on Friday."]
'''
TEXT = "News\n\nWorld\n\nThe Summit Ends Without a Deal in Helsinki\n\nOnly for subscribers of Example News\n\nThe leaders left.\n"


@pytest.fixture
def config(tmp_path):
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "example.toml").write_text(SITE_PACK, encoding="utf-8")
    path = tmp_path / "cleaner.toml"
    path.write_text(textwrap.dedent('''
        ignore = ["spam.*"]

        [sites."example.com"]
        rules = ["sites/example.toml"]
        ignore = ["nav.*"]

        [sites."other.org"]
        select = ["ads.*"]
    '''), encoding="utf-8")
    return path


def test_a_site_section_adds_rules_and_ignores_for_that_site_only(config):
    cleaners = SiteCleaners(config)
    example = cleaners.cleaner(url="https://www.example.com/world/summit")
    assert example.clean(TEXT).text == "News\n\nWorld\n\nThe Summit Ends Without a Deal in Helsinki\n\nThe leaders left.\n"
    assert not any(rule.id.startswith(("nav.", "spam.")) for rule in example.rules)
    elsewhere = cleaners.cleaner(url="https://news.example.net/a")
    assert elsewhere.clean(TEXT).text.startswith("The Summit Ends")  # crumbs go, the subscriber line stays
    assert "Only for subscribers of Example News" in elsewhere.clean(TEXT).text
    assert {rule.id.split(".")[0] for rule in cleaners.cleaner(site="other.org").rules} == {"ads"}
    assert cleaners.cleaner(site="example.com") is example  # built once per site


def test_the_site_comes_from_the_name_the_url_or_a_folder(config):
    loaded = load_config(config)
    assert site_of(loaded, site="EXAMPLE.com") == "example.com"
    assert site_of(loaded, url="http://blog.example.com:8080/x?y=1") == "example.com"
    assert site_of(loaded, path="scraped/example.com/2024/05/a.txt") == "example.com"
    assert site_of(loaded, path="scraped/2024/a.txt") is None
    assert site_of(loaded, url="https://example.community/x") is None
    assert site_of(loaded) is None


def test_rules_commands_take_a_site(config, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "list", "--site", "www.example.com", "example.*", "nav.*"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["example.subscriber-box"]
    assert main(["rules", "test", "--site", "example.com", "--select", "example.*"]) == 0
    assert capsys.readouterr().out.strip() == "1 rule, 2 examples: 2 passed, 0 failed"


EXAMPLE_TEXT = "The Summit Ends Without a Deal in Helsinki\n\nThe leaders left.\n"  # what example.com's rules leave
OTHER_TEXT = "The Summit Ends Without a Deal in Helsinki\n\nOnly for subscribers of Example News\n\nThe leaders left.\n"


def test_clean_picks_each_documents_site_by_folder_or_url(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    for folder in ("www.example.com/2024", "elsewhere"):
        (src / folder).mkdir(parents=True)
        (src / folder / "a.txt").write_text(TEXT, encoding="utf-8")
    rows = [{"url": url, "text": TEXT} for url in ("https://news.example.com/a", "https://example.net/b", "not a url")]
    (src / "elsewhere" / "feed.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["clean", str(src), "-o", str(out), "-q", "--jobs", jobs]) == 0
        assert (out / "www.example.com" / "2024" / "a.txt").read_text(encoding="utf-8") == "News\n\nWorld\n\n" + EXAMPLE_TEXT
        assert (out / "elsewhere" / "a.txt").read_text(encoding="utf-8") == OTHER_TEXT
        feed = [json.loads(line)["text"] for line in (out / "elsewhere" / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
        assert feed == ["News\n\nWorld\n\n" + EXAMPLE_TEXT, OTHER_TEXT, OTHER_TEXT]
        record = [json.loads(line) for line in (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines()]
        assert "example.subscriber-box" in {edit["rule"] for entry in record for edit in entry["edits"]}
    assert main(["clean", str(src / "elsewhere"), "-o", str(tmp_path / "named"), "-q", "--site", "example.com"]) == 0
    assert (tmp_path / "named" / "a.txt").read_text(encoding="utf-8") == "News\n\nWorld\n\n" + EXAMPLE_TEXT


def test_explain_shows_what_clean_does_for_the_files_site(config, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for folder in ("example.com", "elsewhere"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["explain", str(tmp_path / "example.com" / "a.txt"), "--json"]) == 0
    assert [json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()] == ["example.subscriber-box"]
    assert main(["explain", str(tmp_path / "elsewhere" / "a.txt"), "--json"]) == 0
    assert [json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()] == ["nav.crumbs", "nav.crumbs"]
    assert main(["explain", str(tmp_path / "elsewhere" / "a.txt"), "--json", "--site", "www.example.com"]) == 0
    assert [json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()] == ["example.subscriber-box"]


def test_a_broken_site_rule_file_stops_the_run_before_it_starts(config, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sites" / "example.toml").write_text(SITE_PACK.replace('kind = "line"', 'kind = "lines"'), encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["clean", str(tmp_path / "src"), "-o", str(tmp_path / "out")]) == 2
    assert "example.toml" in capsys.readouterr().err and not (tmp_path / "out" / "a.txt").exists()


@pytest.mark.parametrize("aggressiveness", LEVELS)
def test_a_sites_cleaner_runs_the_rules_cleaner_would(config, aggressiveness):
    loaded = replace(load_config(config), aggressiveness=aggressiveness)
    for site in (None, "example.com", "other.org"):
        assert SiteCleaners(loaded).cleaner(site=site).rules == Cleaner(loaded.for_site(site)).rules


def test_site_cleaners_travel_with_their_rules(config, tmp_path):
    """A worker on another machine has no rule files: the rules loaded here go with the pickle."""
    sent = pickle.dumps(SiteCleaners(config).load_all())
    (tmp_path / "sites" / "example.toml").unlink()
    copy = pickle.loads(sent)
    assert copy.cleaner(site="example.com").clean(TEXT).text == "News\n\nWorld\n\n" + EXAMPLE_TEXT


@pytest.mark.parametrize(
    "body, reason",
    [
        ('[sites."a.com"]\nrule = ["x"]\n', "sites.'a.com': unknown keys: rule; known: ignore, language, rules, select"),
        ('sites = ["a.com"]\n', "'sites' must hold tables"),
        ('[sites."a.com"]\nignore = 3\n', "sites.'a.com': 'ignore' must be a list of rule id globs"),
    ],
)
def test_bad_site_sections_are_one_clear_line(tmp_path, body, reason):
    path = tmp_path / "cleaner.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match=reason) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))


# -- detectors from other packages ---------------------------------------------------

PLUGIN = '''
def shouting(detection, min_letters=8):
    """Lines in capitals: junk on this site."""
    for line in detection.content_lines():
        letters = [c for c in line.text if c.isalpha()]
        if len(letters) >= min_letters and all(c.isupper() for c in letters):
            yield line.index
'''
RULE = '''
[[rule]]
id = "mine.shouting"
category = "promo"
kind = "heuristic"
detector = "shouting"
params = { min_letters = 6 }
why = "A line in capitals."
remove = [{ text = "The vote was close.\\n\\nBUY OUR APP NOW\\n\\nThe talks went on.", junk = ["BUY OUR APP NOW"] }]
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """An installed package ``shoutplugin`` offering the detector ``shouting``."""
    (tmp_path / "shoutplugin.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "shoutplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shoutplugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[article_cleaner.heuristics]\nshouting = shoutplugin:shouting\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    DETECTORS.pop("shouting", None)


def test_a_detector_from_another_package_runs_in_rules(plugin, write_pack):
    cleaner = Cleaner({"builtin-rules": False}, rules=[write_pack(RULE)])
    assert cleaner.clean("The vote was close.\n\nBUY OUR APP NOW\n\nThe talks went on.\n").text == "The vote was close.\n\nThe talks went on.\n"
    DETECTORS.pop("shouting")  # as in a fresh worker process: unpickling the rule registers the detector again
    copy = pickle.loads(pickle.dumps(cleaner))
    assert [edit.rule for edit in copy.clean("Intro text here.\n\nSHOUTING LINE\n").deletions] == ["mine.shouting"]


def test_an_unknown_detector_lists_those_offered(plugin, write_pack):
    with pytest.raises(RuleError, match="unknown detector 'whisper'; known: .*nav-crumbs.*shouting"):
        Cleaner(rules=[write_pack(RULE.replace('"shouting"', '"whisper"'))])
