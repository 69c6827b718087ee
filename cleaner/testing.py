"""Hypothesis strategies and assertions for testing rules (``pip install 'article-cleaner[testing]'``).

    from hypothesis import given
    from cleaner import Cleaner
    from cleaner.testing import articles, assert_preserves, assert_removes, with_junk

    cleaner = Cleaner(rules=["my_rules/"])

    @given(with_junk(articles(languages=["en", "de"]), ["Follow us on Telegram"], where="anywhere"))
    def test_promo_goes(sample):
        assert_removes(cleaner, sample)

    @given(articles(languages=["en", "de"]))
    def test_articles_stay(article):
        assert_preserves(cleaner, article)

``articles`` makes realistic news articles (headline, standfirst, paragraphs with
quotes, numbers and dates, subheadings, bulleted lists) from built-in vocabularies
of ten languages. ``with_junk`` puts junk into them and remembers where.
``assert_removes`` holds when the junk and nothing else is deleted;
``assert_preserves`` when nothing at all is deleted. Failures name the rule
(file and line) and show the text with its deletions marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Iterable

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - depends on the install
    raise ImportError("cleaner.testing needs Hypothesis: pip install 'article-cleaner[testing]'") from None

from .edits import Edit
from .examples import differences, marked
from .pipeline import Cleaner
from .vocabularies import LANGUAGES, VOCABULARIES, Vocabulary

__all__ = ["BULLETS", "LANGUAGES", "Junked", "articles", "assert_preserves", "assert_removes", "with_junk"]

PLACES = ("anywhere", "head", "tail", "between", "inline")
BULLETS = ("• ", "- ", "* ", "– ", "▪ ")  # what list items start with (besides "1. ")


@dataclass(frozen=True)
class Junked:
    """An article with junk put into it: the text, the article alone, and where each piece of junk sits in the text."""

    text: str
    article: str
    junk: tuple[tuple[int, int], ...]

    @property
    def pieces(self) -> tuple[str, ...]:
        return tuple(self.text[start:end] for start, end in self.junk)

    def __str__(self) -> str:
        return self.text


# -- articles ---------------------------------------------------------------------


def articles(languages: Iterable[str] | None = None, min_paragraphs: int = 2, max_paragraphs: int = 7) -> st.SearchStrategy[str]:
    """News articles in ``languages`` (default: all of ``LANGUAGES``), paragraphs separated by blank lines."""
    chosen = tuple(languages or LANGUAGES)
    unknown = [language for language in chosen if language not in VOCABULARIES]
    if unknown:
        raise ValueError(f"no vocabulary for {', '.join(map(repr, unknown))}; known: {', '.join(LANGUAGES)}")
    return st.one_of([_articles(language, min_paragraphs, max_paragraphs) for language in chosen])


@lru_cache(maxsize=None)
def _articles(language: str, min_paragraphs: int, max_paragraphs: int) -> st.SearchStrategy[str]:
    """Articles in one language, built from strategies made once (drawing is the costly part of these tests)."""
    words = VOCABULARIES[language]
    pick = st.sampled_from
    decimal = st.tuples(st.integers(1, 99), st.integers(0, 9)).map(lambda p: f"{p[0]}{words.decimal}{p[1]}")
    statement = st.builds("{} {}{}.".format, pick(words.subjects), pick(words.predicates), pick(("",) + words.adjuncts).map(lambda a: a and " " + a))
    said = st.one_of(pick(words.sayings), statement.map(lambda text: text[:-1]))
    quote = st.builds(lambda template, q, speaker: template.format(q=q, speaker=speaker), pick(words.quotes), said, pick(words.speakers))
    fact = st.builds(
        partial(_fact, words), pick(words.facts), pick(words.percents), pick(words.moneys), decimal,
        st.one_of(st.integers(2, 950).map(str), decimal), st.integers(12, 950), st.integers(1990, 2025), pick(words.months), st.integers(1, 28),
    )
    sentence = st.one_of(statement, fact, quote)
    paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
    headline = st.builds("{}{} {}".format, st.one_of(st.just(""), pick(words.subheads).map(lambda s: s.rstrip(" ?") + ": ")),
                         pick(words.subjects), pick(words.predicates))
    bulleted = st.builds(
        _bulleted_list, pick(words.list_intros), st.lists(pick(words.list_items), min_size=2, max_size=4, unique=True),
        st.one_of(pick(BULLETS), st.just(None)), pick(("\n", "\n\n")),
    )
    extras = st.lists(st.tuples(st.one_of(pick(words.subheads), bulleted), st.integers(0, max_paragraphs)), max_size=2)
    return st.builds(_article, headline, st.one_of(st.none(), sentence), st.lists(paragraph, min_size=min_paragraphs, max_size=max_paragraphs, unique=True), extras)


def _article(headline: str, standfirst: str | None, body: list[str], extras: list[tuple[str, int]]) -> str:
    for extra, position in extras:  # a subheading or a list, never before the first paragraph
        body.insert(1 + position % max(1, len(body) - 1), extra)
    standfirst = standfirst if standfirst not in body else None  # an article says nothing twice
    return "\n\n".join([headline] + ([standfirst] if standfirst else []) + body)


def _fact(words: Vocabulary, template: str, percent: str, money: str, decimal: str, amount: str, count: int, year: int, month: str, day: int) -> str:
    return template.format(
        pct=percent.format(n=decimal), money=money.format(n=amount), count=count, year=year, month=month,
        date=words.date.format(day=day, month=month, year=year),
    )


def _bulleted_list(intro: str, items: list[str], bullet: str | None, separator: str) -> str:
    """A list after its intro line: items behind a bullet, or numbered when ``bullet`` is None."""
    return intro + "\n" + separator.join((bullet or f"{number}. ") + item for number, item in enumerate(items, 1))


# -- junk -------------------------------------------------------------------------


def with_junk(
    articles: st.SearchStrategy[str], junk: st.SearchStrategy[str] | Iterable[str], where: str = "anywhere", max_pieces: int = 3
) -> st.SearchStrategy[Junked]:
    """``articles`` with 1 to ``max_pieces`` pieces of ``junk`` (a strategy, or texts to pick from) put in.

    ``where``: ``"head"`` (before the headline), ``"tail"`` (after the last
    paragraph), ``"between"`` (between two paragraphs), ``"anywhere"`` (any of
    those), each piece on lines of its own; or ``"inline"``, inside a paragraph
    between two sentences (for span rules).
    """
    if where not in PLACES:
        raise ValueError(f"where must be one of {', '.join(PLACES)}, got {where!r}")
    pieces = st.lists(junk if isinstance(junk, st.SearchStrategy) else st.sampled_from(list(junk)), min_size=1, max_size=max_pieces)

    @st.composite
    def junked(draw) -> Junked:
        return _put(draw(articles), draw(pieces), where, draw)

    return junked()


def _put(article: str, pieces: list[str], where: str, draw) -> Junked:
    """``article`` with ``pieces`` put in ``where``: a piece on lines of its own is one blank line or one line break away."""
    blocks: list[list[tuple[str, bool]]] = [[(block, False)] for block in article.split("\n\n")]
    for piece in pieces:
        if where == "inline":
            index = draw(st.integers(0, len(blocks) - 1))
            blocks[index] = _inline(blocks[index], piece, draw)
            continue
        low, high = {"head": (0, 0), "tail": (len(blocks), len(blocks)), "between": (1, max(1, len(blocks) - 1))}.get(where, (0, len(blocks)))
        blocks.insert(draw(st.integers(low, high)), [(piece, True)])
    text, spans = "", []
    for number, block in enumerate(blocks):
        if number:
            joined = block[0][1] or blocks[number - 1][-1][1]
            text += draw(st.sampled_from(("\n\n", "\n"))) if joined else "\n\n"
        for part, is_junk in block:
            if is_junk:
                spans.append((len(text), len(text) + len(part)))
            text += part
    return Junked(text, article, tuple(spans))


def _inline(block: list[tuple[str, bool]], piece: str, draw) -> list[tuple[str, bool]]:
    """``block`` with ``piece`` put at the start, the end, or after a sentence of one of its parts that is not junk."""
    index = draw(st.sampled_from([i for i, (_, is_junk) in enumerate(block) if not is_junk]))
    text = block[index][0]
    cuts = [0] + [i + 2 for i in range(len(text) - 1) if text[i] in ".!?" and text[i + 1] == " "] + [len(text)]
    cut = draw(st.sampled_from(cuts))
    before, after = text[:cut], text[cut:]
    parts = [(before + (" " if before and not before.endswith(" ") else ""), False), (piece, True), ((" " if after else "") + after, False)]
    return block[:index] + [part for part in parts if part[0]] + block[index + 1 :]


# -- assertions -------------------------------------------------------------------


def assert_removes(cleaner: Cleaner, sample: Junked) -> None:
    """Assert that ``cleaner`` deletes every piece of junk in ``sample`` and nothing else."""
    result = cleaner.clean(sample.text)
    missed, extra = differences(sample.text, sample.junk, result.deletions)
    if missed or extra:
        problems = (["junk left in: " + ", ".join(map(repr, missed))] if missed else []) + (
            ["content deleted: " + ", ".join(map(repr, extra))] if extra else []
        )
        raise AssertionError(_failure(cleaner, sample.text, problems, result.deletions))


def assert_preserves(cleaner: Cleaner, article: str) -> None:
    """Assert that ``cleaner`` deletes nothing from ``article`` (repairs and layout are allowed)."""
    deletions = cleaner.clean(article).deletions
    if deletions:
        raise AssertionError(_failure(cleaner, article, ["content deleted from a clean article"], deletions))


def _failure(cleaner: Cleaner, text: str, problems: list[str], deletions: tuple[Edit, ...]) -> str:
    rules = {rule.id: rule for rule in getattr(cleaner, "rules", ())}
    lines = list(problems)
    for edit in deletions:
        rule = rules.get(edit.rule)
        where = f" ({rule.path}:{rule.line})" if rule else ""
        lines.append(f"  {edit.rule}{where} deleted {edit.removed!r}")
    lines += ["the text, deletions marked [-like this-]:", marked(text, deletions)]
    return "\n".join(lines)
