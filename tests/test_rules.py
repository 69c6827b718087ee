"""Rule packs: the built-in examples hold, broken rule files fail clearly, config selects rules."""

import time
from pathlib import Path

import pytest

from cleaner import Cleaner, RuleError
from cleaner.examples import check_rule, check_rules
from cleaner.ruleset import builtin_rules_dir, load_rules

DEFAULT = Cleaner()


def test_builtin_packs_ship_rules_of_every_kind():
    kinds = {rule.kind for rule in DEFAULT.rules}
    assert kinds == {"span", "line", "block", "heuristic"}
    assert all(rule.why and rule.remove for rule in DEFAULT.rules), "every rule documents itself and its junk"


def test_readme_names_every_rule_of_the_family_packs():
    """The README's table of built-in packs lists each rule of the family packs by id (language packs by example)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    family = [rule.id for rule in load_rules([builtin_rules_dir()]) if not rule.languages]
    assert [rule_id for rule_id in family if f"`{rule_id}`" not in readme] == []


@pytest.mark.parametrize("rule", DEFAULT.rules, ids=[r.id for r in DEFAULT.rules])
def test_builtin_rule_examples_hold(rule):
    failures = check_rule(rule, DEFAULT)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", [r for r in DEFAULT.rules if r.kind != "heuristic"], ids=lambda r: r.id)
def test_keep_examples_survive_all_default_rules(rule):
    from cleaner.examples import place

    for example in rule.keep:
        document, _ = place(rule, example)
        assert DEFAULT.clean(document).deletions == (), example.text


def test_check_rules_reports_a_failing_example(write_pack):
    pack = write_pack('''
        [[rule]]
        id = "mine.promo"
        category = "promo"
        kind = "line"
        pattern = 'Buy now'
        why = "Shop links."
        remove = ["Buy now!"]
        keep = ["Buy now, pay later, he said."]
    ''')
    failures = check_rules(load_rules([pack]))
    assert [(f.expectation, f.example.text) for f in failures] == [("remove", "Buy now!")]
    assert "not removed" in failures[0].problem


RULE = '''
[[rule]]
id = "mine.thing"
category = "promo"
kind = "line"
why = "A thing."
'''


@pytest.mark.parametrize(
    "body, reason",
    [
        (RULE + "pattern = '(unclosed'\n", "not a valid regular expression"),
        (RULE + "pattern = 'a*'\n", "matches the empty string"),
        (RULE + "pattern = '(x)\\1'\n", "backreferences are not allowed"),
        (RULE + "pattern = '(?P<name>x)'\n", "named groups"),
        (RULE + "pattern = 'x'\npatern = 'y'\n", "unknown keys for a line rule: patern"),
        (RULE.replace('kind = "line"', 'kind = "paragraph"') + "pattern = 'x'\n", "'kind' must be one of"),
        (RULE.replace('why = "A thing."', "") + "pattern = 'x'\n", "'why' is required"),
        (RULE.replace('id = "mine.thing"', 'id = "Thing"') + "pattern = 'x'\n", "dotted lower-case id"),
        (RULE + "pattern = 'x'\nremove = [{ text = 'abc', junk = ['zzz'] }]\n", "'junk' must be a list of parts"),
        (RULE.replace('kind = "line"', 'kind = "heuristic"') + "detector = 'no-such'\n", "unknown detector"),
        (RULE.replace('kind = "line"', 'kind = "heuristic"') + "detector = 'nav-crumbs'\nparams = { depth = 3 }\n", "unknown params"),
        (RULE.replace('kind = "line"', 'kind = "block"') + "start = 'x'\n", "exactly one of 'end'"),
    ],
)
def test_broken_rule_names_file_line_rule_and_reason(write_pack, body, reason):
    path = write_pack("# my rules\n" + body)
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert reason in message
    assert message.startswith(f"{path}:3: ")  # the [[rule]] header is on line 3
    if "dotted" not in reason:
        assert "rule mine.thing" in message


def test_invalid_toml_names_the_line(write_pack):
    path = write_pack("[[rule]]\nid = \"a.b\"\nkind = \n")
    with pytest.raises(RuleError, match=rf"{path}:3: invalid TOML"):
        load_rules([path])


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.toml").write_text(RULE + "pattern = 'x'\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text(RULE + "pattern = 'y'\n", encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate id, first defined at .*a.toml:2"):
        load_rules([tmp_path])


def test_missing_rule_path(tmp_path):
    with pytest.raises(RuleError, match="no such rule file or folder"):
        Cleaner(rules=[tmp_path / "nope.toml"])


def test_select_and_ignore_by_glob():
    only_ads = Cleaner({"select": ["ads.*"]})
    assert only_ads.rules and all(rule.id.startswith("ads.") for rule in only_ads.rules)
    no_nav = Cleaner({"ignore": ["nav.*"]})
    assert "nav.crumbs" not in {rule.id for rule in no_nav.rules}
    text = "News\n\nWorld\n\nA Long Headline About the Summit in Helsinki\n\nThe leaders met on Monday.\n"
    assert no_nav.clean(text).text == text


def test_config_from_pyproject_adds_user_rules(tmp_path):
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "shop.toml").write_text(RULE + "pattern = 'Buy now.*'\nremove = ['Buy now']\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cleaner]\nrules = ["myrules"]\nignore = ["comments.*"]\n', encoding="utf-8"
    )
    cleaner = Cleaner(tmp_path / "pyproject.toml")
    result = cleaner.clean("The vote was close.\n\nBuy now and save\n\nLeave a Reply\n")
    assert result.text == "The vote was close.\n\nLeave a Reply\n"
    assert [e.rule for e in result.deletions] == ["mine.thing"]


def test_unknown_config_key(tmp_path):
    path = tmp_path / "cleaner.toml"
    path.write_text("selct = ['ads.*']\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"cleaner.toml: unknown config keys: selct"):
        Cleaner(path)


def test_leading_inline_flags_stay_with_their_rule(write_pack):
    path = write_pack(RULE + "pattern = '(?i)buy now'\n")
    cleaner = Cleaner({"builtin-rules": False}, rules=[path])
    assert cleaner.clean("Intro line here.\n\nBUY NOW\n\nEnd.\n").text == "Intro line here.\n\nEnd.\n"


def test_runaway_rule_is_skipped_and_reported_but_other_rules_apply(write_pack):
    path = write_pack(RULE.replace('kind = "line"', 'kind = "span"') + "pattern = '(a|aa)+$'\n")
    cleaner = Cleaner({"timeout": 0.2}, rules=[path])
    text = "Advertisement\n\n" + "a" * 40 + "b\n\nThe summit ended.\n"
    started = time.perf_counter()
    result = cleaner.clean(text)
    assert time.perf_counter() - started < 5
    assert result.timeouts == ("mine.thing",)
    assert "Advertisement" not in result.text  # the other rules still ran
    assert result.restore() == text


def test_builtin_rules_dir_holds_the_packs():
    names = {path.stem for path in builtin_rules_dir().glob("*.toml")}
    assert {"ads", "captions", "comments", "footers", "navigation", "related", "spam", "chrome"} <= names


def test_block_rule_in_tail_zone_only_fires_near_the_end(write_pack):
    path = write_pack('''
        [[rule]]
        id = "mine.more-stories"
        category = "related-link"
        kind = "block"
        start = 'More stories'
        until = "eof"
        zone = "tail"
        zone_lines = 4
        why = "A list of other stories after the article."
    ''')
    cleaner = Cleaner({"builtin-rules": False}, rules=[path])
    tail = "The vote was close.\n\nMore stories\n\nFirst other story\n\nSecond other story\n"
    assert cleaner.clean(tail).text == "The vote was close.\n"
    middle = "More stories\n\n" + "".join(f"Paragraph {n} of the article goes on.\n\n" for n in range(6))
    assert cleaner.clean(middle).deletions == ()
