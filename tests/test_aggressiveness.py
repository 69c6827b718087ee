"""Aggressiveness: a rule's ``level`` says from which setting up it runs, ``level_params`` retunes a heuristic per level,
and the config key and the ``--aggressiveness`` flag choose the setting (conservative by default)."""

import pytest

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.ruleset import LEVELS, RuleError, load_config, load_pack

PACK = '''
[[rule]]
id = "test.always"
category = "promo"
kind = "line"
pattern = "Always junk"
why = "Junk at every level."

[[rule]]
id = "test.balanced"
category = "promo"
kind = "line"
pattern = "Probably junk"
level = "balanced"
why = "Junk that the balanced and aggressive settings remove."

[[rule]]
id = "test.menu"
category = "navigation"
kind = "heuristic"
detector = "menu"
params = { min_run = 4 }
level_params = { aggressive = { min_run = 2 } }
why = "Menus; the aggressive setting takes runs of two labels."
'''

TEXT = "Always junk\n\nProbably junk\n\n* Home\n* News\n\nThe council voted on Tuesday to close the old bridge to all traffic from next month.\n"


@pytest.fixture()
def pack(tmp_path):
    path = tmp_path / "test.toml"
    path.write_text(PACK, encoding="utf-8")
    return path


def removed(pack, aggressiveness=None) -> list[str]:
    config = {"builtin-rules": False} | ({"aggressiveness": aggressiveness} if aggressiveness else {})
    return [edit.removed.strip() for edit in Cleaner(config, rules=[pack]).clean(TEXT).deletions]


def test_the_default_is_conservative(pack):
    assert load_config(None).aggressiveness == "conservative"
    assert removed(pack) == removed(pack, "conservative") == ["Always junk"]


def test_each_level_runs_its_rules_and_those_below(pack):
    assert removed(pack, "balanced") == ["Always junk", "Probably junk"]
    assert removed(pack, "aggressive") == ["Always junk", "Probably junk", "* Home", "* News"]


def test_level_params_apply_from_their_level_up(pack):
    menu = next(rule for rule in load_pack(pack) if rule.id == "test.menu")
    assert [menu.params_at(level)["min_run"] for level in LEVELS] == [4, 4, 2]


def test_bad_levels_are_refused(pack, tmp_path):
    with pytest.raises(RuleError, match="'aggressiveness' must be one of conservative, balanced, aggressive"):
        load_config({"aggressiveness": "reckless"})
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('level = "balanced"', 'level = "high"'), encoding="utf-8")
    with pytest.raises(RuleError, match="test.balanced: 'level' must be one of"):
        load_pack(bad)
    bad.write_text(PACK.replace("{ min_run = 2 }", "{ min_runs = 2 }"), encoding="utf-8")
    with pytest.raises(RuleError, match="unknown params for detector 'menu': min_runs"):
        load_pack(bad)
    bad.write_text(PACK.replace("aggressive = {", "wild = {"), encoding="utf-8")
    with pytest.raises(RuleError, match="'level_params' must be a table of params tables by level"):
        load_pack(bad)


def test_the_flag_chooses_the_level(pack, tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text(TEXT, encoding="utf-8")
    config = tmp_path / "cleaner.toml"
    config.write_text("builtin-rules = false\n", encoding="utf-8")
    for level, kept in (("conservative", True), ("balanced", False)):
        assert main(["explain", str(source), "--config", str(config), "--rules", str(pack), "--aggressiveness", level]) == 0
        assert ("test.balanced" not in capsys.readouterr().out) is kept
