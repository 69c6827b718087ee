"""The language guess, the ``languages`` field of rules, the ``language`` config key, and choosing a document's rules."""

import functools

import pytest
from hypothesis import given, settings

from cleaner import Cleaner
from cleaner.language import LANGUAGES, document_languages, guess_language, rules_for
from cleaner.ruleset import RuleError, load_config, load_pack
from cleaner.testing import articles, with_junk
from cleaner.vocabularies import VOCABULARIES

DEFAULT = Cleaner()

MENU = "\n".join(f"  * {label}" for label in ("Home", "News", "o World", "Sport", "Contact us", "Subscribe")) + "\n"


def prose(language: str) -> str:
    """A few paragraphs of plain news sentences from the language's vocabulary."""
    words = VOCABULARIES[language]
    sentences = [f"{s} {p} {a}." for s, p, a in zip(words.subjects, words.predicates, words.adjuncts)]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def test_the_guess_knows_the_languages_of_the_vocabularies():
    assert set(LANGUAGES) == set(VOCABULARIES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_guess_names_the_language_of_news_prose(language):
    assert guess_language(prose(language)) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_guess_reads_past_a_menu(language):
    assert guess_language(MENU * 5 + prose(language)) == language


@pytest.mark.parametrize(
    "text",
    ["", "Breaking news", MENU, "Правительство одобрило новый бюджет во вторник после долгих переговоров в столице страны."],
    ids=["empty", "short", "menu", "russian"],
)
def test_guess_is_none_without_enough_known_words(text):
    assert guess_language(text) is None


def test_guess_reads_only_the_start_of_a_long_document():
    assert guess_language("\n\n".join([prose("de")] * 5 + [prose("en")] * 50)) == "de"


def write(tmp_path, body):
    path = tmp_path / "pack.toml"
    path.write_text(body, encoding="utf-8")
    return path


RULE = """
[[rule]]
id = "x.label"
category = "ad-label"
kind = "line"
pattern = 'Anzeige'
why = "A label."
{languages}
"""


def test_rules_carry_their_languages(tmp_path):
    (rule,) = load_pack(write(tmp_path, RULE.format(languages='languages = ["de", "da"]')))
    assert rule.languages == ("de", "da")
    (rule,) = load_pack(write(tmp_path, RULE.format(languages="")))
    assert rule.languages == ()


@pytest.mark.parametrize(
    "languages, reason",
    [('["xx"]', "unknown language 'xx' in 'languages'"), ("[]", "'languages' must be a list of language codes"), ("3", "must be a list")],
)
def test_unknown_languages_are_refused_with_the_rule_and_line(tmp_path, languages, reason):
    with pytest.raises(RuleError, match=reason) as error:
        load_pack(write(tmp_path, RULE.format(languages=f"languages = {languages}")))
    assert error.value.rule == "x.label" and error.value.line == 2


def test_language_config_key():
    assert load_config({}).language is None
    assert load_config({"language": "auto"}).language is None
    assert load_config({"language": "all"}).language == ()
    assert load_config({"language": "de"}).language == ("de",)
    assert load_config({"language": ["de", "en"]}).language == ("de", "en")
    with pytest.raises(RuleError, match="unknown language 'xx' in 'language'"):
        load_config({"language": "xx"})


def test_a_site_section_can_set_the_language():
    config = load_config({"language": "en", "sites": {"example.dk": {"language": "da"}, "example.com": {}}})
    assert config.for_site("www.example.dk").language == ("da",)
    assert config.for_site("example.com").language == ("en",)


def test_document_languages_follow_the_setting():
    german = prose("de")
    assert document_languages(None, german) == {"de"}
    assert document_languages(None, "") == frozenset()  # no evidence: no language's rules
    assert document_languages((), german) is None  # "all"
    assert document_languages(("da", "no"), german) == {"da", "no"}
    assert document_languages(None, prose("sv")) == {"da", "no", "sv"}  # close kin run together: a guess mixes them up


def test_rules_for_a_document_keep_rules_without_languages_and_those_of_its_languages():
    rules = Cleaner().rules
    german = rules_for(rules, {"de"})
    assert {rule.id for rule in german if rule.languages} == {rule.id for rule in rules if "de" in rule.languages}
    assert all(rule in german for rule in rules if not rule.languages)
    assert rules_for(rules, None) == list(rules)


def test_every_language_has_a_pack_with_its_kinds_of_junk():
    rules = Cleaner().rules
    for language in set(LANGUAGES) - {"en"}:
        kinds = {rule.id.split(".", 1)[1] for rule in rules if rule.languages == (language,)}
        assert {"ad-label", "read-also", "chrome", "newsletter", "comments", "cookies"} <= kinds, language


ENGLISH = "Budget approved\n\n{label}\n\nThe government approved a new budget on Tuesday after months of talks with the unions, and the opposition said it would vote against it.\n"
GERMAN = "Haushalt beschlossen\n\n{label}\n\nDie Regierung hat am Dienstag nach monatelangen Gesprächen mit den Gewerkschaften einen neuen Haushalt beschlossen, und die Opposition will dagegen stimmen.\n"


def deleting_rules(cleaner: Cleaner, text: str) -> list[str]:
    return [edit.rule for edit in cleaner.clean(text).deletions]


def test_a_language_pack_runs_only_on_documents_in_its_language():
    cleaner = Cleaner()
    assert deleting_rules(cleaner, GERMAN.format(label="Anzeige")) == ["de.ad-label"]
    assert deleting_rules(cleaner, ENGLISH.format(label="Anzeige")) == []  # an English text's 'Anzeige' is no German ad slot
    assert deleting_rules(cleaner, ENGLISH.format(label="Advertisement")) == ["ads.label"]  # rules without languages run on all


def test_the_language_setting_overrides_the_guess():
    assert deleting_rules(Cleaner({"language": "all"}), ENGLISH.format(label="Anzeige")) == ["de.ad-label"]
    assert deleting_rules(Cleaner({"language": "de"}), ENGLISH.format(label="Anzeige")) == ["de.ad-label"]
    assert deleting_rules(Cleaner({"language": "fr"}), GERMAN.format(label="Anzeige")) == []


def test_an_unsure_guess_runs_the_packs_of_the_languages_it_has_words_of():
    """A second clean reads less text than the first, so no evidence must not turn every pack on: see the idempotence cases."""
    short = "Anzeige\n\nDer Haushalt wurde am Dienstag im Bundestag beschlossen.\n"  # too few function words for a guess
    assert guess_language(short) is None
    assert deleting_rules(Cleaner(), short) == ["de.ad-label"]
    assert deleting_rules(Cleaner(), "Anzeige\n\nHaushalt beschlossen.\n") == []  # no prose, no evidence, no pack
    assert "it" in document_languages(None, "Il governo ha approvato il bilancio martedì sera.")
    # Found by Hypothesis: an article of short lines has no line of prose, but its function words still count.
    swedish = "Läs också: Putin bjuder in Trump\n\nRegeringen antog en ny budget\n\nRegeringen avvisade förslaget."
    assert deleting_rules(Cleaner(), swedish) == ["sv.read-also"]


LANGUAGE_JUNK = sorted({example.text for rule in Cleaner().rules if rule.languages for example in rule.remove if example.junk == (example.text,)})


@settings(max_examples=200, deadline=None)
@given(with_junk(articles(), LANGUAGE_JUNK, where="anywhere"))
def test_cleaning_equals_running_only_the_rules_of_the_guessed_language(sample):
    """Language packs run in one pass and are taken back only when one of another language deleted something:
    the result must be that of running alone the rules of the languages of the text all rules keep."""
    languages = document_languages(None, cleaner_for("all").clean(sample.text).text)
    only_its_own = cleaner_for(tuple(sorted(languages))) if languages else NO_PACKS
    assert DEFAULT.clean(sample.text).edits == only_its_own.clean(sample.text).edits


NO_PACKS = Cleaner.from_rules(rule for rule in DEFAULT.rules if not rule.languages)


@functools.lru_cache(maxsize=None)
def cleaner_for(language: str | tuple[str, ...]) -> Cleaner:
    return Cleaner({"language": list(language) if isinstance(language, tuple) else language})
