"""The context detectors on small pages: what each takes, and the look-alikes each must leave."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
import regex

from cleaner.detection import Detection
from cleaner.document import Document

from cleaner.prefilter import AnyNeeds, needs
from cleaner.heuristics import (
    _BULLETS,
    _LIST_ITEM,
    _after_bullet,
    _asks_or_tabulates,
    _body_shaped,
    _bulletless,
    _first_characters,
    _fullmatcher,
    _positional,
    _repeats,
    _statement_shaped,
    _stripped_bulletless,
    _words,
    repeated_line,
)

DEFAULT = Cleaner()
BODY = (
    "Budget approved after long talks\n\n"
    "The government approved a new budget on Tuesday after months of talks with the unions.\n\n"
    "The opposition said it would vote against it in the second reading next week.\n\n"
)


def removed(text: str, rule: str, cleaner: Cleaner = DEFAULT) -> list[str]:
    return [edit.removed.strip() for edit in cleaner.clean(text).deletions if edit.rule == rule]


# -- related.tail-zone ------------------------------------------------------------------

PROMO = [
    "Who will make the Rock Hall in 2020?",
    "Dave Matthews Band takes over Rock Hall Fan Vote",
    "Doobie Brothers perform with Santana at Blossom Music Center in 2019",
    "Our favourite albums of the decade",
]


def test_tail_zone_takes_links_below_a_box_heading():
    text = BODY + "You may also like...\n\n" + "\n\n".join(PROMO) + "\n"
    assert removed(text, "related.tail-zone") == PROMO


@pytest.mark.parametrize(
    "below",
    [
        ["The opposition rejected it."],  # a short closing paragraph
        ["What happens next", "The vote is on Tuesday."],  # a subheading and its paragraph
        ["The plan has three parts:", "• lower taxes", "• more teachers", "• cheaper trains"],  # an introduced list
        ["Read more stories", "Find out why", "The vote is on Tuesday and the result is due on Wednesday."],  # ends with a sentence
        ["Sports", "Weather"],  # too few links to be a box
    ],
    ids=["closing-sentence", "subheading", "introduced-list", "ends-with-sentence", "two-labels"],
)
def test_tail_zone_keeps_what_reads_as_the_article(below):
    text = BODY + "Share on Facebook\n\n" + "\n\n".join(below) + "\n"
    assert removed(text, "related.tail-zone") == []


def test_tail_zone_needs_the_article_above_the_marker():
    text = "Most Popular\n\n" + "\n\n".join(PROMO) + "\n\n" + BODY
    assert removed(text, "related.tail-zone") == []


def test_tail_zone_is_looser_when_aggressive():
    below = ["Ten places to travel in 2020", "The best beaches of the year, ranked by readers.", "Meet the team", "Work with us"]
    text = BODY + "Most Popular\n\n" + "\n\n".join(below) + "\n"
    assert removed(text, "related.tail-zone") == []  # sentences are 9 of 21 words: over 30%
    assert removed(text, "related.tail-zone", Cleaner({"aggressiveness": "aggressive"})) == below


def test_a_lone_bullet_starts_no_tail_zone():
    """An empty list item ('*', chrome.lone-mark) is no box heading: what follows it stays, even when aggressive."""
    below = ["Discover what stage your business is in", "Let’s get started.", "The four stages of the plan", "The plan stage: think and dream"]
    text = BODY + "  * \n\n" + "\n\n".join(below) + "\n"
    assert removed(text, "related.tail-zone", Cleaner({"aggressiveness": "aggressive"})) == []


# -- footers.tail-box -------------------------------------------------------------------

BOX = ["Example Daily is an independent source of news, free for every reader. Read our editorial policy", "Copyright © 2023 Example Daily."]


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n\nSign up for our free newsletter, delivered every morning.\n\n"], ids=["next-line", "blank-line", "deleted-line"])
def test_tail_box_takes_its_heading_across_blank_and_deleted_lines(gap):
    text = BODY + "Get the news first" + gap + "\n\n".join(BOX) + "\n"
    assert removed(text, "footers.tail-box") == ["Get the news first", BOX[0]]


def test_tail_box_leaves_a_closing_sentence_above_it():
    text = BODY + "The vote is on Tuesday.\n\n" + "\n\n".join(BOX) + "\n"
    assert removed(text, "footers.tail-box") == [BOX[0]]


# -- comments.section -------------------------------------------------------------------


def test_comment_section_takes_everything_below_its_heading():
    text = BODY + "2 comments\n\nGreat article, thanks.\n\nI disagree with the second point.\n"
    assert removed(text, "comments.section") == ["Great article, thanks.", "I disagree with the second point."]


ARTICLE_GOES_ON = [
    "The unions said they would study the details before deciding whether to call off next week's strike.",
    "Ministers hope the deal will end a dispute that has closed schools and hospitals for three months.",
    "A vote in parliament is expected before the end of the month, when the current budget runs out.",
]
LONG_COMMENTS = [
    "When I read this I thought about my own school, where the teachers have not had a raise in years.",
    "I agree with the previous comment, and I would add that the hospitals are in an even worse state.",
    "Thanks for covering this story, it is the first time I have seen the numbers laid out so clearly.",
]


@pytest.mark.parametrize("heading", ["Join the discussion", "Comments", "Share your thoughts in the comments"])
def test_a_comment_prompt_with_the_article_going_on_below_takes_nothing_more(heading):
    text = BODY + heading + "\n\n" + "\n\n".join(ARTICLE_GOES_ON) + "\n"
    assert removed(text, "comments.section") == []


def test_a_heading_that_counts_comments_takes_the_thread_below_it_however_long_its_comments():
    text = BODY + "3 thoughts on “Budget approved after long talks”\n\n" + "\n\n".join(LONG_COMMENTS) + "\n"
    assert removed(text, "comments.section") == LONG_COMMENTS


def test_a_comment_count_above_the_article_is_one_line():
    text = "Budget approved after long talks\n\n12 comments\n\n" + BODY.split("\n\n", 1)[1]
    assert removed(text, "comments.section") == []
    assert removed(text, "comments.leave-reply") == ["12 comments"]


# -- captions.repeated-line -------------------------------------------------------------

CAPTION = "Los Angeles Lakers' LeBron James dunks during the first half of the game on Tuesday"


def test_a_caption_repeated_at_once_goes_and_the_first_stays():
    text = BODY + f"* {CAPTION}\n\n{CAPTION}\n\n{CAPTION}\n\nThe Lakers won their seventh straight game on Tuesday night.\n"
    assert removed(text, "captions.repeated-line") == [CAPTION, CAPTION]


def test_a_later_copy_of_the_headline_goes():
    text = BODY + "Budget approved after long talks\n\nThe unions welcomed the deal.\n"
    assert removed(text, "captions.repeated-line") == ["Budget approved after long talks"]


@pytest.mark.parametrize(
    "repeated",
    [
        "What inspired you to start cooking for a living, and when?",  # an interview asks each guest again
        "| Pos | Player | Plays | % | Stats | Notes | Team | Age | Rank | Grade |",  # a table repeats its header
    ],
    ids=["question", "table-row"],
)
def test_questions_and_table_rows_may_repeat(repeated):
    text = BODY + f"{repeated}\n\nI always loved it.\n\n{repeated}\n\nSince I was a child.\n"
    assert removed(text, "captions.repeated-line") == []


def test_a_line_repeated_further_apart_stays():
    meal = "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp. of olive oil"
    days = "\n\n".join(f"Day {day}\n\nBreakfast of eggs and toast, with fruit.\n\nLunch of soup and bread.\n\n{meal}" for day in (1, 2))
    assert removed(BODY + days + "\n", "captions.repeated-line") == []


def _repeated_line_walking_every_line(detection, min_words, within, headline_words):
    """``repeated_line`` as a window of the ``within`` kept lines above each content line, walked line by line."""
    repeats, indices = _repeats(detection), detection.content_indices()
    texts = [text for text in map(repeats.get, indices) if text is not None]
    if len(set(texts)) == len(texts):
        return  # no content line repeats another
    headline, *below = map(repeats.get, indices, indices)  # a line no other repeats stands for itself by its index
    recent = []
    for index, text in zip(indices[1:], below):
        if (text == headline and _words(text) >= headline_words) or (text in recent and _words(text) >= min_words and not _asks_or_tabulates(text)):
            yield index
            continue
        recent.append(text)
        del recent[:-within]


_SAMPLE_LINES = ["A B", "* A B", "A  B C", "a b c d?", "| a | b |", "x", "y z", "one two three four"]


@given(
    st.lists(st.sampled_from(_SAMPLE_LINES + [""]), min_size=1, max_size=14),
    st.lists(st.sets(st.integers(0, 13), max_size=4), max_size=3),
    st.integers(-2, 4),
    st.integers(1, 3),
    st.integers(1, 3),
)
def test_repeated_line_visits_only_repeats_yet_answers_as_a_walk_over_every_line(lines, deletions, within, min_words, headline_words):
    """Round after round (content shrinking), the repeats-only walk finds what a window slid over every content
    line finds, for any ``within`` (0 keeps every line above in the window, as ``del recent[:-0]`` drops none)."""
    detection = Detection(Document("\n".join(lines)))
    for deleted in [set()] + deletions:
        for index in deleted & set(detection.content_indices()):
            detection.delete_line(index, "earlier rule")
        expected = list(_repeated_line_walking_every_line(detection, min_words, within, headline_words))
        assert list(repeated_line(detection, min_words, within, headline_words)) == expected


# -- captions.caption-before-credit -----------------------------------------------------


@pytest.mark.parametrize(
    "above, taken",
    [
        ("Finance minister Jane Doe arrives at parliament in the capital on Tuesday", True),
        ("What happens next", False),  # a subheading
        ("The plan has three parts:\n• lower taxes for families\n• cheaper public transport for commuters in the north", False),
    ],
    ids=["caption", "subheading", "list-item"],
)
def test_caption_before_credit_takes_only_captions(above, taken):
    text = BODY + f"{above}\nReuters\n\nThe talks went on.\n"
    last = above.split("\n")[-1]
    assert removed(text, "captions.caption-before-credit") == ([last] if taken else [])


# -- related.isolated-bullet ------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    ["The plan has three main parts:\n• lower taxes for families", "Leaders met.\n\n• lower taxes for families\n\n[ad_1] • more teachers"],
    ids=["introduced", "beside-a-bullet-behind-junk"],
)
def test_a_list_item_is_no_isolated_bullet(items):
    text = BODY + items + "\n\nThe talks went on.\n"
    assert removed(text, "related.isolated-bullet") == []


def test_a_lone_bullet_between_paragraphs_goes():
    text = BODY + "• What were the spinoffs of Helsinki?\n\nThe talks went on.\n"
    assert removed(text, "related.isolated-bullet") == ["• What were the spinoffs of Helsinki?"]


# -- meta.byline ------------------------------------------------------------------------

PARAGRAPHS = "".join(f"The council met for the {n}th time to discuss next year's budget, officials said.\n\n" for n in range(5, 17))


def test_byline_goes_below_the_headline_and_at_the_end():
    text = "Budget approved\n\nBy Paul Takahashi\n\n" + PARAGRAPHS + "By Jane Doe and John Roe\n"
    assert removed(text, "meta.byline") == ["By Paul Takahashi", "By Jane Doe and John Roe"]


@pytest.mark.parametrize("look_alike", ["By Popular Demand", "By Design Not Accident"])
def test_a_title_case_subheading_in_the_body_is_no_byline(look_alike):
    text = "Budget approved\n\n" + PARAGRAPHS + look_alike + "\n\n" + PARAGRAPHS.replace("council", "board")
    assert removed(text, "meta.byline") == []


@pytest.mark.parametrize(
    "line",
    ["By Paul Takahashi", "by LISA MASCARO and ERIC TUCKER", "BY", "The Associated Press", "Meg Kinnard, Associated Press",
     "Robert Burns, Ap National Security Writer", "By Invitation Only.", "Bylines are short", "Paul Takahashi", "Reuters",
     "The council voted on Tuesday.", "Standby"],
)
def test_fullmatcher_answers_as_the_pattern_does(line):
    """The cheap tests in front of the byline pattern never turn away a line the pattern matches whole."""
    pattern = next(rule.params["pattern"] for rule in DEFAULT.rules if rule.id == "meta.byline")
    assert _fullmatcher(pattern)(line) == (regex.fullmatch(pattern, line) is not None)


_BYLINE_PIECES = ["By", "by", "BY", "y", " ", "Jane", "Doe", ",", "and", "Reuters", "AP", "Ap", "Associated Press", "The", "é", "Writer", "."]


@given(st.lists(st.sampled_from(_BYLINE_PIECES), max_size=6).map("".join))
def test_edge_alternatives_admit_in_two_calls_what_their_tests_admit(text):
    """The byline pattern's alternatives (``By …|…, Reuters``), which ``AnyNeeds`` tests by one ``startswith`` and one
    ``endswith``, admit just what each alternative's own test admits."""
    pattern = next(rule.params["pattern"] for rule in DEFAULT.rules if rule.id == "meta.byline")
    alternatives = [test for test in needs(pattern, whole_line=True, ends_at_line_end=True) if isinstance(test, AnyNeeds)]
    assert alternatives and all("admits" in vars(test) for test in alternatives)  # the fast path
    for test in alternatives:
        assert test.admits(text.strip()) == any(alternative.admits(text.strip()) for alternative in test.tests)


# -- line facts ----------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from(" \t\xa0\x1f\u2003*-•o+x.\u00b7"), max_size=12))
def test_after_bullet_tests_the_first_character_only_as_a_shortcut(text):
    """``_after_bullet`` skips the regex unless the first non-blank character is a bullet: the same answer as the regex alone."""
    item = _LIST_ITEM.match(text)
    assert _after_bullet(text) == (item.group(1) if item else text)


@given(st.text(alphabet=st.sampled_from(" \t\xa0\x1f\u2003\u3000*-•o+xé.\u00b7"), max_size=12))
def test_stripped_bulletless_skips_the_work_only_when_it_would_change_nothing(text):
    """A line without a bullet and with one space between words is its own ``_bulletless`` form."""
    assert _stripped_bulletless(text, text.strip()) == _bulletless(text)


@given(st.text(alphabet=st.sampled_from(" \t\xa0ab."), max_size=16), st.integers(-2, 6) | st.floats(-2, 6))
def test_words_counted_past_a_limit_compare_with_it_as_all_of_them_do(text, limit):
    """``_words(text, past=limit)`` stops counting early, yet compares with ``limit`` as the full count does."""
    short, full = _words(text, past=limit), _words(text)
    assert (short > limit, short >= limit, short < limit, short <= limit) == (full > limit, full >= limit, full < limit, full <= limit)


@given(st.text(alphabet=st.sampled_from(" \t\xa0\x1f\u2003ab.:!?…*•"), max_size=12))
def test_line_facts_read_the_stripped_text_as_the_whole_line(text):
    """``_LineFacts`` works on each line's stripped text: every fact gives it the answer of the whole line."""
    stripped = text.strip()
    assert (_words(stripped), _body_shaped(stripped), _statement_shaped(stripped)) == (_words(text), _body_shaped(text), _statement_shaped(text))


@pytest.mark.parametrize("params", [{}, {"scan": 3}, {"scan": 3, "label": "x"}, {"label": "x"}])
def test_params_passed_by_position_reach_the_detector_as_by_keyword(params):
    def find(detection, max_words=1, scan=2, *, label="y"):
        return [detection, max_words, scan, label]

    bound, args = _positional(find, params)
    assert bound("doc", *args) == find("doc", **params)


@given(
    st.lists(st.sampled_from(["", "  ", " • a", "- b", "c", "\xa0o d", "·"]), min_size=1, max_size=10),
    st.lists(st.sets(st.integers(0, 9), max_size=3), max_size=3),
)
def test_first_characters_follow_the_deletions(lines, deletions):
    """The first characters kept for ``menu`` and ``isolated-bullet`` are those of the content lines of the moment."""
    detection = Detection(Document("\n".join(lines)))
    for deleted in [set()] + deletions:
        for index in deleted & set(detection.content_indices()):
            detection.delete_line(index, "earlier rule")
        expected = "".join(detection.doc.lines[index].text.lstrip()[:1] for index in detection.content_indices())
        assert _first_characters(detection) == expected


def test_no_bullet_is_ascii():
    """``isolated-bullet`` skips an ASCII document (``str.isascii``) without looking for its bullets."""
    assert not any(bullet.isascii() for bullet in _BULLETS)


def test_repeated_line_compares_lines_whatever_their_bullets_and_blanks():
    caption = "LeBron James dunks during the first half of the game on Tuesday night"
    text = f"Lakers hold off Thunder\n\n{caption}\n\n  *   {caption.replace(' ', '  ')}  \n\n{BODY}"
    assert removed(text, "captions.repeated-line") == [f"*   {caption.replace(' ', '  ')}"]
