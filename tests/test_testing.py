"""``cleaner.testing``: the strategies make what they promise, the assertions catch what they should, and every
built-in pack removes its own junk from generated articles in ten languages while deleting nothing else.

Example counts are small by default; ``HYPOTHESIS_MAX_EXAMPLES=1000`` runs 1,000 articles per language
(and per pack) instead.
"""

import os

import pytest
from hypothesis import Phase, assume, find, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.ruleset import LEVELS, builtin_rules_dir, load_pack
from cleaner.testing import (
    BULLETS,
    LANGUAGES,
    Junked,
    articles,
    assert_preserves,
    assert_removes,
    with_junk,
)

DEFAULT = Cleaner()
AT_LEVEL = {level: Cleaner({"aggressiveness": level}) for level in LEVELS}
PER_LANGUAGE = PER_PACK = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "20"))
#: rules whose junk is defined by the text next to it, so it cannot be put into any article
CONTEXT_BOUND = {"captions.repeated-paragraph", "captions.repeated-line"}
#: rules whose junk is junk only alone: two bullets in a row, or a bullet beside a list, are a list (and kept)
LONE = {"related.isolated-bullet"}


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=PER_LANGUAGE)
@given(data=st.data())
def test_default_rules_delete_nothing_from_generated_articles(language, data):
    assert_preserves(DEFAULT, data.draw(articles(languages=[language])))


def pack_junk() -> list:
    """A case per built-in pack, junk category, place and level: the remove examples of its rules, how many may meet,
    the languages of the articles they go into (a language pack's own, else all ten), and the aggressiveness they need."""
    cases: dict[tuple[str, str, str, int, tuple[str, ...], str], list[str]] = {}
    for path in PACKS:
        for rule in load_pack(path):
            if rule.id in CONTEXT_BOUND:
                continue
            for example in rule.remove:
                piece, where = placement(rule, example)
                for place in SAFE_PLACES.get((rule.category, where), (where,)):
                    key = (path.stem, rule.category, place, 1 if rule.id in LONE else 3, rule.languages, rule.level)
                    cases.setdefault(key, []).append(piece)
    return [
        pytest.param(pack, where, tuple(junk), most, languages or None, level, id=f"{pack}-{category}-{where}-{level}")
        for (pack, category, where, most, languages, level), junk in cases.items()
    ]


def placement(rule, example) -> tuple[str, str]:
    """The junk of an example as one piece, and where it goes: where it sits in a table example, else by the rule's kind."""
    if example.junk != (example.text,):
        start = example.text.index(example.junk[0])
        end = example.text.rindex(example.junk[-1]) + len(example.junk[-1])
        where = "head" if start == 0 else "tail" if end == len(example.text.rstrip()) else "between"
        return example.text[start:end], where
    return example.text, {"span": "inline"}.get(rule.kind) or rule.zone or "anywhere"


PACKS = sorted(builtin_rules_dir().rglob("*.toml"))  # the family packs and the language packs in lang/
#: By design a comment heading starts the comment section (comments.section): below the article's first paragraph,
#: everything after it goes. Comment prompts are put at the head and the tail, where pages have them.
COMMENTS_TAKE_THE_REST = "comments.section deletes everything below a comment heading, so a heading between paragraphs takes the rest"
SAFE_PLACES = {("comment-prompt", "anywhere"): ("head", "tail")}
PACK_JUNK = pack_junk()


def test_every_builtin_pack_brings_junk():
    assert {case.values[0] for case in PACK_JUNK} == {path.stem for path in PACKS}


@pytest.mark.parametrize("pack, where, junk, most, languages, level", PACK_JUNK)
@settings(max_examples=PER_PACK)
@given(data=st.data())
def test_builtin_pack_removes_its_junk_from_generated_articles(pack, where, junk, most, languages, level, data):
    sample = data.draw(with_junk(articles(languages), junk, where=where, max_pieces=most))
    assume(most > 1 or not beside_a_list(sample))
    assert_removes(AT_LEVEL[level], sample)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=PER_LANGUAGE)
@given(data=st.data())
def test_aggressive_rules_delete_nothing_from_generated_articles(language, data):
    assert_preserves(AT_LEVEL["aggressive"], data.draw(articles(languages=[language])))


def beside_a_list(sample: Junked) -> bool:
    """True when a piece of junk sits right below or above a bulleted line."""
    for start, end in sample.junk:
        above = sample.text[:start].rstrip("\n").rsplit("\n", 1)[-1]
        below = sample.text[end:].lstrip("\n").split("\n", 1)[0]
        if above.lstrip().startswith(BULLETS) or below.lstrip().startswith(BULLETS):
            return True
    return False


@pytest.mark.parametrize(
    "above",
    [
        "What happens next",
        "The plan has three main parts:\n• lower taxes for families\n• cheaper public transport for commuters in the north",
        "1. lower taxes for families\n2. cheaper public transport for commuters in the north",
    ],
    ids=["subheading", "list", "numbered-list"],
)
@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank-line", "next-line"])
def test_a_credit_takes_only_itself_below_a_subheading_or_list(above, gap):
    article = f"Budget approved\n\nThe government approved a new budget.\n\n{above}\n\nThe talks went on."
    text = article.replace(above, above + gap + "Reuters")
    start = text.index("Reuters")
    assert_removes(DEFAULT, Junked(text, article, ((start, start + len("Reuters")),)))


@pytest.mark.parametrize("gap", ["\n\n", "\n"], ids=["blank-line", "next-line"])
def test_a_caption_above_a_credit_goes_with_it(gap):
    article = "Budget approved\n\nThe government approved a new budget.\n\nThe talks went on."
    caption = "Finance minister Jane Doe arrives at parliament in the capital on Tuesday"
    text = article.replace("\n\nThe talks", f"\n\n{caption}{gap}Reuters\n\nThe talks")
    start = text.index(caption)
    end = text.index("Reuters") + len("Reuters")
    assert_removes(DEFAULT, Junked(text, article, ((start, start + len(caption)), (end - len("Reuters"), end))))


@pytest.mark.xfail(reason=COMMENTS_TAKE_THE_REST, strict=True)
def test_known_limit_a_comment_heading_between_paragraphs_takes_the_rest():
    article = "Budget approved\n\nThe government approved a new budget on Tuesday after months of talks.\n\nThe talks went on."
    text = article.replace("\n\nThe talks", "\n\nComments\n\nThe talks")
    start = text.index("Comments")
    assert_removes(DEFAULT, Junked(text, article, ((start, start + len("Comments")),)))


# -- the strategies and assertions themselves -------------------------------------


@settings(max_examples=30)
@given(articles(languages=["de", "fr"]))
def test_articles_are_paragraphs_under_a_headline(article):
    paragraphs = article.split("\n\n")
    assert len(paragraphs) >= 3 and all(p.strip() == p and p for p in paragraphs)
    assert not paragraphs[0].endswith(".")  # a headline carries no full stop


FEATURES = {
    "non-ASCII": lambda text: any(ord(char) > 127 for char in text),
    "a quotation": lambda text: any(mark in text for mark in "“”„«»‘’–"),
    "a number": lambda text: any(char.isdigit() for char in text),
    "a list": lambda text: any(line.startswith(BULLETS + ("1. ",)) for line in text.split("\n")),
    "a subheading": lambda text: any(len(p.split()) < 6 and p[-1] not in ".:" for p in text.split("\n\n")[1:]),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_articles_bring_quotes_numbers_lists_and_non_ascii_in_every_language(language):
    for feature, holds in FEATURES.items():
        assert holds(find(articles(languages=[language]), holds, settings=settings(database=None, phases=[Phase.generate]))), feature


def test_unknown_language_and_place_are_refused():
    with pytest.raises(ValueError, match="no vocabulary for 'xx'"):
        articles(languages=["xx"])
    with pytest.raises(ValueError, match="where must be one of"):
        with_junk(articles(), ["x"], where="middle")


@pytest.mark.parametrize("where", ["head", "tail", "between", "anywhere", "inline"])
@settings(max_examples=25)
@given(data=st.data())
def test_with_junk_records_where_the_junk_is(where, data):
    sample = data.draw(with_junk(articles(languages=["sv"]), ["JUNK ONE", "JUNK TWO"], where=where))
    assert sample.pieces and set(sample.pieces) <= {"JUNK ONE", "JUNK TWO"}
    without = sample.text
    for start, end in reversed(sample.junk):
        without = without[:start] + without[end:]
    assert " ".join(without.split()) == " ".join(sample.article.split())
    blocks = sample.text.split("\n")
    if where == "head":
        assert blocks[0] in sample.pieces
    if where == "tail":
        assert blocks[-1] in sample.pieces
    if where != "inline":
        assert all(piece in blocks for piece in sample.pieces)


def test_assertions_name_the_rule_and_show_the_text():
    article = "The summit ended.\n\nCopyright law has changed.\n\nThe talks went on."
    with pytest.raises(AssertionError) as caught:
        assert_preserves(Cleaner({"select": ["ads.*"]}), article + "\n\nAdvertisement")
    message = str(caught.value)
    assert "ads.label (" in message and "ads.toml:" in message and "deleted 'Advertisement'" in message
    assert "    | [-Advertisement-]" in message
    text = "The summit ended.\n\nBuy now\n\nThe talks went on."
    left = Junked(text, "", ((text.index("Buy now"), text.index("Buy now") + 7),))
    with pytest.raises(AssertionError, match="junk left in: 'Buy now'"):
        assert_removes(DEFAULT, left)
    assert_removes(DEFAULT, Junked(text.replace("Buy now", "Advertisement"), "", ((19, 32),)))
