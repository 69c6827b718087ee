"""``cleaner rules list | show | test | lint`` end to end, and the regex shapes lint warns about."""

import json

import pytest

from cleaner.cli import main
from cleaner.ruleset import builtin_rules_dir, load_rules
from cleaner.shapes import backtracking, can_match_empty

BUILTIN_IDS = [rule.id for rule in load_rules([builtin_rules_dir()])]

PROMO = '''
[[rule]]
id = "mine.promo"
category = "promo"
kind = "line"
pattern = 'Buy now'
why = "Shop links."
remove = ["Buy now!"]
keep = ["Buy now, pay later, he said."]

[[rule]]
id = "mine.pay-later"
category = "promo"
kind = "span"
pattern = 'pay later'
why = "Instalment offers."
remove = ["pay later"]
keep = ["Buy now, pay later, he said."]
'''


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["rules", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def no_project_config(tmp_path, monkeypatch):
    """Run every command in an empty folder, so no config file above the tests is found."""
    monkeypatch.chdir(tmp_path)


def test_list_shows_every_active_rule_on_one_line(capsys):
    code, out, err = run(capsys, "list")
    assert code == 0 and err.strip() == f"{len(BUILTIN_IDS)} rules"
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == BUILTIN_IDS
    label = next(line for line in lines if line.startswith("ads.label "))
    assert label.split()[1:4] == ["line", "ad-label", "ads"] and "An ad slot's label" in label


def test_list_filters_by_glob_and_speaks_json(capsys):
    code, out, _ = run(capsys, "list", "ads.*", "footers.copy*", "--json")
    entries = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [e["id"] for e in entries] == [i for i in BUILTIN_IDS if i.startswith("ads.")] + ["footers.copyright", "footers.copyright-notice"]
    assert set(entries[0]) == {"id", "kind", "category", "pack", "why", "path", "line"}
    assert entries[0]["path"].endswith("ads.toml") and entries[0]["line"] > 0


def test_list_follows_the_config_file(tmp_path, capsys):
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "promo.toml").write_text(PROMO, encoding="utf-8")
    (tmp_path / "cleaner.toml").write_text('rules = ["my_rules"]\nignore = ["ads.*", "credits.*"]\n', encoding="utf-8")
    _, out, _ = run(capsys, "list")
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids[-2:] == ["mine.promo", "mine.pay-later"]
    assert not any(i.startswith(("ads.", "credits.")) for i in ids)
    _, out, _ = run(capsys, "list", "--select", "mine.*")
    assert [line.split()[0] for line in out.splitlines()] == ["mine.promo", "mine.pay-later"]


def test_show_gives_pattern_why_examples_file_and_line(capsys):
    code, out, _ = run(capsys, "show", "ads.placeholder-token")
    assert code == 0
    text = (builtin_rules_dir() / "ads.toml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if 'id = "ads.placeholder-token"' in t) - 1
    assert f"ads.toml:{line}" in out
    pattern = next(rule.pattern for rule in load_rules([builtin_rules_dir() / "ads.toml"]) if rule.id == "ads.placeholder-token")
    assert f"pattern:     {pattern}" in out
    assert "'[ad_2]Source link'" in out and "'They bought [a] house.'" in out and "why:" in out


def test_show_a_heuristic_and_json(capsys):
    _, out, _ = run(capsys, "show", "nav.crumbs")
    assert "detector:    nav-crumbs" in out and '"max_words": 3' in out and "junk: 'News', 'World'" in out
    _, out, _ = run(capsys, "show", "nav.crumbs", "--json")
    rule = json.loads(out)
    assert rule["params"]["scan"] == 6 and rule["remove"][0]["junk"] == ["News", "World"]


def test_show_unknown_rule_is_a_usage_error(capsys):
    code, out, err = run(capsys, "show", "ads.nope")
    assert code == 2 and out == ""
    assert err.strip() == "cleaner: error: no active rule matches 'ads.nope' (see 'cleaner rules list')"


def test_test_passes_on_the_builtin_rules(capsys):
    code, out, _ = run(capsys, "test")
    examples = sum(len(r.remove) + len(r.keep) for r in load_rules([builtin_rules_dir()]))
    assert code == 0
    assert out.strip() == f"{len(BUILTIN_IDS)} rules, {examples} examples: {examples} passed, 0 failed"


def test_test_shows_what_was_and_was_not_removed(write_pack, capsys):
    pack = write_pack(PROMO)
    code, out, _ = run(capsys, "test", pack)
    assert code == 1
    assert f"FAIL mine.promo ({pack}:2): remove example 'Buy now!'\n  mine.promo deleted nothing; not removed: 'Buy now!'" in out
    assert f"FAIL mine.pay-later ({pack}:11): keep example 'Buy now, pay later, he said.'\n  deleted 'pay later'" in out
    assert "    | Buy now, [-pay later-], he said.\n" in out
    assert out.rstrip().endswith("2 rules, 4 examples: 2 passed, 2 failed")


def test_test_a_broken_rule_file_is_one_line(write_pack, capsys):
    pack = write_pack(PROMO.replace("pattern = 'Buy now'", "pattern = 'Buy (now'"))
    code, out, err = run(capsys, "test", pack)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"cleaner: error: {pack}:2: rule mine.promo: 'pattern' is not a valid regular expression")


def test_lint_finds_nothing_in_the_builtin_rules(capsys):
    code, out, err = run(capsys, "lint")
    assert (code, out) == (0, "")
    assert err.strip() == f"{len(BUILTIN_IDS)} rules, 0 findings"


LINTED = '''
[[rule]]
id = "mine.label"
category = "ad-label"
kind = "line"
ignore_case = true
pattern = 'advertisement'
why = "Repeats ads.label."
remove = ["Advertisement"]

[[rule]]
id = "mine.label"
category = "promo"
kind = "line"
pattern = '(\\w+\\s?)+!'
why = "Shouting."
remove = ["Buy it now!"]
keep = ["Nothing to see."]

[[rule]]
id = "mine.greedy"
category = "promo"
kind = "line"
match = "search"
pattern = '(?<=\\S)$'
why = "Matches an empty string at every line end."
remove = [{ text = "x", junk = ["x"] }]
keep = ["y"]

[[rule]]
id = "mine.stutter"
category = "promo"
kind = "block"
start = 'More:'
end = '(?:a|aa)+\\.'
why = "A runaway end."
remove = ["More:\\naaa."]
keep = ["More or less."]
'''


def test_lint_reports_each_problem_with_file_line_rule_and_code(write_pack, capsys):
    pack = write_pack(LINTED)
    code, out, err = run(capsys, "lint", builtin_rules_dir() / "ads.toml", pack)
    assert code == 1
    assert out.splitlines() == [
        f"{pack}:2: mine.label: no-keep-example: no 'keep' examples: add look-alike text this rule must leave alone",
        f"{pack}:2: mine.label: shadowed: all its 'remove' examples are taken first by ads.label",
        f"{pack}:11: mine.label: duplicate-id: also defined at {pack}:2; ids must be unique",
        (
            f"{pack}:11: mine.label: backtracking: 'pattern': nested quantifier: a repeated group ends in a variable repeat"
            r" whose characters can also start the next round, like (a+)+ or (\w+\s?)+"
        ),
        f"{pack}:20: mine.greedy: empty-match: 'pattern' can match an empty string; give it text it must find",
        (
            f"{pack}:30: mine.stutter: backtracking: 'end': alternation inside a repeat whose branches can split the same"
            r" text in two ways, like (a|aa)+ or (\d|\w)+"
        ),
    ]
    assert err.strip() == f"{len(load_rules([builtin_rules_dir() / 'ads.toml'])) + 4} rules, 6 findings"  # LINTED has 4


def test_lint_reports_missing_remove_examples(write_pack, capsys):
    pack = write_pack(PROMO.replace('remove = ["Buy now!"]\n', ""))
    _, out, _ = run(capsys, "lint", pack)
    assert f"{pack}:2: mine.promo: no-remove-example: no 'remove' examples: add junk this rule must delete" in out


def test_rules_without_an_action_prints_help(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "list" in err and "lint" in err


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)+$", r"(?:\d|\w)+x", r"(?:a{1,2})+b", r"\s*\s*x", r"\w+,?\w+", r"(?i:A|a)+",
     r"(?:\w+\s?)*?!", r"(?:ab|b|a)+c"],
)
def test_shapes_that_backtrack(pattern):
    assert backtracking(pattern)


@pytest.mark.parametrize(
    "pattern",
    [r"(?:foo|bar)+x", r"(?:ab|a)+c", r"(?:\s{1,3}[\w.-]+){0,4}", r"(?:\s|,)+", r"(?>a+)+$", r"(a++)+$",
     r'"(?:[^"\\]|\\.)*"', r"\w+\s+\w+", r"(?:\w{1,20}\s?){1,3}", r"\[ad[_#-]?\d+\](?:\s{0,3}Source link\b)?"],
)
def test_shapes_that_do_not(pattern):
    assert backtracking(pattern) is None


@pytest.mark.parametrize("pattern, empty", [(r"\b", True), (r"x?", True), (r"(?=x)", True), (r"(?<=\S)$", True),
                                            (r"(?:^|[.,])x", False), (r"a{0,3}b", False), (r".+", False)])
def test_empty_matches(pattern, empty):
    assert can_match_empty(pattern) is empty
