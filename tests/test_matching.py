"""Line matching: the rule index (first/last character, length, literals) never hides a match."""

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.detection import Detection
from cleaner.document import Document
from cleaner.matchers import BlockMatcher, LineMatcher, SpanMatcher, line_and_block_matchers
from cleaner.needles import NeedleScan, _casefold_changes
from cleaner.prefilter import AnyNeeds, EdgeNeeds, InnerNeeds, Probe, narrowed, needs
from cleaner.ruleset import load_rules, scoped

LINE_RULES = [rule for rule in Cleaner().rules if rule.kind == "line"]
BLOCK_RULES = [rule for rule in Cleaner().rules if rule.kind == "block"]
MATCHER = LineMatcher(LINE_RULES, timeout=1.0)


def naive_first_rule(text: str) -> str | None:
    """The first rule matching the line, trying every rule's pattern directly."""
    for rule in LINE_RULES:
        pattern = scoped(rule.pattern, rule.ignore_case)
        if rule.match == "full":
            found = regex.fullmatch(rf"\s*{pattern}\s*", text)
        else:
            found = regex.search(f"(?m){pattern}", text)
        if found:
            return rule.id
    return None


def indexed_first_rule(text: str) -> str | None:
    detection = Detection(Document(text))
    MATCHER.detect(detection)
    rule = detection.line_rules[0] if detection.line_rules else None
    return rule.id if rule else None


EXAMPLES = sorted({example.text for rule in LINE_RULES for example in rule.remove + rule.keep})
NOISE = st.text(st.characters(codec="utf-8", exclude_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=12)


@settings(max_examples=300)
@given(st.sampled_from(EXAMPLES), NOISE, NOISE, st.sampled_from(["prefix", "suffix", "both", "none"]))
def test_index_finds_what_every_rule_alone_finds(example, before, after, where):
    text = {"prefix": before + example, "suffix": example + after, "both": before + example + after, "none": example}[where]
    if "\n" in text or not text.strip():
        return
    assert indexed_first_rule(text) == naive_first_rule(text)


def test_search_rules_match_anywhere_in_the_line(write_pack):
    pack = write_pack('''
        [[rule]]
        id = "shop.buy-link"
        category = "promo"
        kind = "line"
        match = "search"
        pattern = 'Buy it (?:here|now)[.!]?$'
        why = "A shop link glued to the end of a paragraph."
        remove = ["The phone is fast and cheap. Buy it here!"]
        keep = ["Buy it here, she said, and the shop will ship it on Monday."]
    ''')
    cleaner = Cleaner({"builtin-rules": False}, rules=[pack])
    result = cleaner.clean("A paragraph of content.\n\nThe phone is fast and cheap. Buy it here!\n")
    assert result.text == "A paragraph of content.\n"
    assert [e.rule for e in result.deletions] == ["shop.buy-link"]
    assert load_rules([pack])[0].match == "search"


# -- the cheap tests read off a pattern are necessary conditions --------------------------------


#: Shapes the pattern reader spells out: runs of literals ([Ff]ollow, u(?:sa|tilizza)), a few characters in a
#: class ([/|]), case-insensitive parts, alternatives that share a prefix, a symbol among words.
READ_PATTERNS = [
    r"(?:[Ff]ollow|FOLLOW|[Ss]ubscribe to) (?:us|[A-Z][a-z]{1,8}) on (?:Facebook|X)",
    r"(?i:u(?:sa|tilizza)mo) i cookies?",
    r"[A-Z][a-z]{0,5}(?:\s{0,2}[/|]\s{0,2}[A-Z][a-z]{0,5}){1,3}",
    r"(?:Photo|Image)s?\s{0,3}:\s{0,3}[A-Z][a-z]+\.?",
    r"\d{1,3} (?:comments?|replies) on [A-Z]\w+",
    r"(?:By|BY)\s[A-Z][a-z]+|[A-Z][a-z]+, (?:AP|Reuters)",
    r"[\w.+-]{1,10}@[\w-]{1,10}\.(?:com|org)|(?:twitter|x)\.com/\w{1,10}",
    r"[Ee]-?mail (?:[A-Z][a-z]+|the author) at \S{1,9}@\S{1,9}",
    r"(?:[-*•]\s{1,3})?(?:e-?mail|[Ss]hare) this(?: article| page)?",
    r"[Ss]ource: [A-Z][a-z]+(?:\s{0,2}[.;|]\s{0,2})?",
]


@settings(max_examples=60)
@given(st.data())
def test_every_text_a_pattern_matches_passes_its_cheap_tests(data):
    pattern = data.draw(st.sampled_from(READ_PATTERNS))
    text = data.draw(st.from_regex(pattern, fullmatch=True)).strip()
    if not text or not regex.fullmatch(pattern, text):
        return  # a match made of blanks at its edges, stripped
    for test in needs(pattern, whole_line=True, ends_at_line_end=True):
        assert test.admits(text), (pattern, text, test)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"[^\n]{0,200}?\b\d{1,3} issues for £\d+", ":Get 12 issues for £11"),  # a boundary only more text passes
        (r"(?=.{0,50}\bnews\b).{1,60}", ": all the news"),
        (r"\W{0,3}\bword\b(?!\w)\W{0,3}", "«word»"),
        (r"(?<!\w)[\]a(]\B.{0,9}(?<=\.)", "]. y.z."),
    ],
)
def test_probing_first_and_last_characters_sees_past_assertions(pattern, text):
    """A line's first and last characters pass the probe of a pattern matching it, whatever the pattern asserts."""
    assert regex.fullmatch(pattern, text)
    assert text[0] in Probe(pattern, False) and text[-1] in Probe(pattern, True)


def test_cheap_tests_turn_away_prose():
    """What the reader spells out is telling: ordinary sentences fail some cheap test of each pattern."""
    prose = [
        "Fine weather is expected on Sunday, the forecasters said.",
        "Under the plan, users may opt out at any time.",
        "Ministers met in Brussels on Tuesday to discuss the budget.",
        "By the time the results came in, most voters had gone home.",
    ]
    for pattern in (READ_PATTERNS[0], READ_PATTERNS[1], READ_PATTERNS[2], READ_PATTERNS[6], READ_PATTERNS[7]):
        tests = needs(pattern, whole_line=True, ends_at_line_end=True)
        assert tests and all(isinstance(test, (EdgeNeeds, InnerNeeds, AnyNeeds)) for test in tests)
        for line in prose:
            assert not all(test.admits(line) for test in tests), (pattern, line)


def test_an_optional_bullet_is_stripped_and_an_optional_character_spelt_out():
    """``(?:[-*•]\\s{1,3})?`` before the text is stripped, not taken for text a line may start with; ``e-?mail`` is
    both its spellings, not ``e``."""
    (start,) = needs(READ_PATTERNS[8], whole_line=True, ends_at_line_end=False)
    assert {"-", "*", "•", " "} <= set(start.strip) and not start.chars
    assert {"email", "e-mail"} <= set(start.exact + start.folded)
    assert start.admits("• Share this article") and start.admits("e-mail this")
    assert not start.admits("• Ukraine defines Russia as an aggressor state") and not start.admits("Earlier this month")


def test_an_alternation_gets_a_test_per_alternative():
    """'By …' or '…, Reuters': no edge or literal test holds for both, so each alternative brings its own."""
    tests = needs(READ_PATTERNS[5], whole_line=True, ends_at_line_end=True)
    assert isinstance(tests[0], AnyNeeds) and len(tests[0].tests) == 2
    assert tests[0].admits("By Jane Doe") and tests[0].admits("Jane Doe, Reuters")
    assert not tests[0].admits("Ministers met in Brussels on Tuesday to discuss the budget.")


#: Every cheap test of the built-in line rules and block starts.
CHEAP_TESTS = [test for rule in MATCHER.patterns.each + BlockMatcher(BLOCK_RULES, timeout=1.0).starts.each for test in rule.needs]


@st.composite
def edge_texts(draw):
    """A test of the built-in rules, and a stripped line starting or ending much as it asks: one of its strings, in
    another case or cut short, behind characters it strips, before or after other text."""
    test = draw(st.sampled_from(CHEAP_TESTS))
    part = draw(st.sampled_from(test.tests)) if isinstance(test, AnyNeeds) else test
    word = draw(st.sampled_from([*part.exact, *part.folded] or [""]))
    word = draw(st.sampled_from([word, word.upper(), word.title(), word[: draw(st.integers(0, 4))]]))
    marks = "".join(char for char in getattr(part, "strip", "") if not char.isspace())
    strip = draw(st.text(st.sampled_from(marks + "•:. "), max_size=4))
    other = draw(NOISE)
    text = draw(st.sampled_from([strip + word + other, other + word + strip, word, other]))
    return test, text.strip()


@settings(max_examples=1000)
@given(edge_texts())
def test_a_test_narrowed_to_a_lines_edges_passes_what_the_test_passes(test_and_text):
    """Narrowed by the first and last three characters of a line, a cheap test gives that line the answer it gave."""
    test, text = test_and_text
    if not text:
        return
    narrow = narrowed(test, text[:3], text[-3:])
    assert (narrow if isinstance(narrow, bool) else narrow.admits(text)) == test.admits(text), (test, text, narrow)


BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n", "\r\n\r\n"])


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(EXAMPLES), BREAKS), min_size=1, max_size=6))
def test_every_line_of_a_document_meets_its_rules_whatever_its_line_breaks(lines):
    """The needle scan finds each line of a many-line document by its index, with any mix of line breaks."""
    text = "".join(example + brk for example, brk in lines)
    detection = Detection(Document(text))
    MATCHER.detect(detection)
    found = [rule.id for rule in detection.line_rules if rule is not None]
    assert found == [rule for rule in map(naive_first_rule, (example for example, _ in lines)) if rule is not None]


SPAN_RULES = [rule for rule in Cleaner().rules if rule.kind == "span"]
SHARED = line_and_block_matchers(LINE_RULES, BLOCK_RULES, timeout=1.0)
APART = (LineMatcher(LINE_RULES, timeout=1.0), BlockMatcher(BLOCK_RULES, timeout=1.0))
DOCUMENT_LINES = sorted({example.text for rule in LINE_RULES + BLOCK_RULES + SPAN_RULES for example in rule.remove + rule.keep})


def _deletions(matchers, text: str) -> list:
    detection = Detection(Document(text))
    SpanMatcher(SPAN_RULES, timeout=1.0).detect(detection)
    for matcher in matchers:
        matcher.detect(detection)
    return [(index, detection.line_rules[index].id) for index in detection.deleted_lines]


@settings(max_examples=100)
@given(st.lists(st.sampled_from(DOCUMENT_LINES), min_size=1, max_size=8))
def test_line_rules_and_block_starts_indexed_together_find_what_each_finds_alone(lines):
    """One index of line patterns and block starts, each document looked up once for both (span rules cutting and
    deleting lines first), deletes what a matcher of each kind alone deletes."""
    text = "\n".join(lines)
    assert _deletions([SHARED[0], SHARED[1]], text) == _deletions(APART, text)


def test_a_block_starts_on_what_span_rules_leave_of_a_line_when_line_rules_share_the_index(write_pack):
    """A line cut by a span rule is matched as what is left of it by the block starts too, not by the line patterns."""
    pack = write_pack('''
        [[rule]]
        id = "mine.sponsored"
        category = "ad"
        kind = "span"
        pattern = 'SPONSORED '
        why = "A label glued to the start of a line."

        [[rule]]
        id = "mine.more"
        category = "related-link"
        kind = "line"
        pattern = 'More: .+'
        why = "A link line."

        [[rule]]
        id = "mine.comments"
        category = "comments"
        kind = "block"
        start = 'Comments'
        until = "eof"
        why = "The comments under an article."
    ''')
    result = Cleaner({"builtin-rules": False}, rules=[pack]).clean("The vote was close.\nSPONSORED Comments\nGreat piece!\nMore: the budget\n")
    assert result.text == "The vote was close.\n"
    assert [edit.rule for edit in result.deletions] == ["mine.comments", "mine.comments", "mine.more"]


NEEDLE_TEXT = st.text(st.sampled_from("abcßẞsSſİi̇ﬁﬆftΣσςKkKÉéµμ @[/\u00a0"), max_size=12)


@settings(max_examples=300)
@given(st.lists(NEEDLE_TEXT, max_size=6), st.lists(NEEDLE_TEXT.filter(bool), min_size=1, max_size=4))
def test_the_needle_scan_misses_no_line_holding_a_needle(texts, needles):
    """Case aside (ß, ligatures, dotted İ, final sigma, the Kelvin sign, long s), a line holding a needle is among those
    the scan reports."""
    holding = {index for index, text in enumerate(texts) if any(n.casefold() in text.casefold() for n in needles)}
    assert holding <= NeedleScan(needles).lines(texts)


def test_the_needle_scan_knows_every_character_case_folding_changes():
    """The scan's classes of characters folding to each character come from this table: it must miss none."""
    everything = map(chr, range(sys.maxunicode + 1))
    assert _casefold_changes() == {char: char.casefold() for char in everything if char.casefold() != char}


def test_the_needle_scan_gives_no_answer_for_text_utf8_cannot_hold():
    assert NeedleScan(["here"]).lines(["click here \udc80"]) is None


def test_rules_still_match_when_re2_cannot_compile_the_needles(monkeypatch):
    """An alternation too large for RE2 costs speed, never a match: every line is tested for needles as before."""
    import re2

    def refuse(*_args, **_kwargs):
        raise re2.error("pattern too large")

    monkeypatch.setattr(re2, "compile", refuse)
    matcher = LineMatcher(LINE_RULES, timeout=1.0)
    assert matcher.patterns._scan.lines(["Click here to subscribe"]) is None
    detection = Detection(Document("The council met.\nClick here to subscribe\n"))
    matcher.detect(detection)
    assert [rule and rule.id for rule in detection.line_rules] == [None, "spam.click-here"]
