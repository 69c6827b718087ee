"""A cheap guess at a document's language, and which rules apply to which languages.

``guess_language`` counts frequent function words (stopwords) among the words of
the first 2 KB of a text's prose: no model, no download, 50-100 µs a document.
A word shared by several languages counts for each of them in part, so the
words that tell close languages apart (Danish ``af``/``nu``/``sig`` against
Norwegian ``av``/``nå``/``seg``) decide between them. It answers None when the
text has too few of these words, or when two languages score too close to call;
then the rules of every language with some of its words run (``document_languages``).

A rule with ``languages = [...]`` runs only on documents in one of those
languages; a rule without runs on every document. ``rules_for`` picks a
document's rules from the languages that apply to it (``document_languages``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence, TypeVar

#: frequent function words of each language the built-in packs know, lower case
STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the and of to in is that for it was on with as are be this by have from or at not but they his her "
              "which were been has their would there what about who will can said when we an also more after its than a",
        "de": "der die das und ist nicht ein eine zu den mit von sich auf für des dem im auch es sie als nach wie bei "
              "oder aus wird hat noch nur wurde sind einen werden über vor zum zur haben kann war aber wenn dass",
        "fr": "le la les et des du un une est pas que qui dans pour sur au aux avec ce cette il elle ont sont par plus "
              "mais ne se sa son ses été être fait comme nous vous leur lors où aussi après entre a",
        "es": "el la los las y de del que en un una es por con para se no lo al su sus como más pero fue ha este esta "
              "son también entre sobre ya muy sin hasta desde cuando donde han porque durante tras según a",
        "it": "il lo la gli le di del della dei delle che è e un una per con non si da al alla nel nella sono come più "
              "ma anche questo questa ha essere dal dalla stato stata hanno tra fra dopo ancora perché a",
        "nl": "de het een en van is dat op te in niet zijn voor met die er aan ook als bij maar om wordt door nog naar "
              "heeft dan was uit al werd zij hij wel geen worden kan deze meer tot haar",
        "pt": "o a os as e de do da dos das que em um uma é não para com por se no na nos nas ao mais como mas foi ser "
              "ele ela são também pelo pela já está entre sobre quando após seu sua",
        "da": "og i at det er en til på der de ikke af for med den som har var et han hun sig fra men kan vil blev "
              "havde også efter eller om hvor nu mod hvad jeg meget være skal kun op ud mig dig nogle nogen bliver siger sagde mellem gennem sidste",
        "sv": "och att det är som en i på för med av till inte har den de om var ett han hon sig från men kan vid också "
              "efter eller när jag skulle så hade blev mot vad bara sina under sedan",
        "no": "og i at det er en til på som de ikke av for med den har var et han hun seg fra men kan vil ble hadde "
              "også etter eller om hvor nå mot hva jeg mye være skal bare opp ut meg deg noen blir sier sa mellom gjennom siste",
    }.items()
}
LANGUAGES: tuple[str, ...] = tuple(STOPWORDS)

_SAMPLE = 2048  # characters of prose a guess reads
_SCAN = 65536  # characters of a document searched for them
_PROSE_WORDS = 6


@lru_cache(maxsize=None)
def _weights() -> dict[str, dict[str, float]]:
    """Word -> {language: weight}: 1 shared among the languages that use the word."""
    owners: dict[str, list[str]] = {}
    for language, words in STOPWORDS.items():
        for word in words:
            owners.setdefault(word, []).append(language)
    return {word: {language: 1 / len(languages) for language in languages} for word, languages in owners.items()}


def guess_language(text: str, sample: int = _SAMPLE, min_score: float = 4.0, margin: float = 1.25) -> str | None:
    """The language of ``text`` (a code of ``LANGUAGES``), judged on its first ``sample`` characters of prose, or None.

    Prose is lines of at least ``_PROSE_WORDS`` words: menus and link lists above an
    article (``* Home``, ``o World``) say little and their bullets look like words.
    None when the best language scores under ``min_score`` (too few function words)
    or under ``margin`` times the runner-up (too close to call).
    """
    ranked = _scores(text, sample).most_common(2)
    if not ranked or ranked[0][1] < min_score:
        return None
    if len(ranked) > 1 and ranked[0][1] < margin * ranked[1][1]:
        return None
    return ranked[0][0]


def _scores(text: str, sample: int = _SAMPLE, prose_only: bool = True) -> Counter[str]:
    """Each language's score: its function words among the words of ``text``'s prose (``_prose``), or of all its lines."""
    weights, scores = _weights(), Counter()
    counts = _prose(text, sample) if prose_only else Counter(text[:sample].lower().split())
    for word in counts.keys() & weights.keys():
        for language, weight in weights[word].items():
            scores[language] += weight * counts[word]
    return scores


def _prose(text: str, sample: int) -> Counter[str]:
    """How often each lower-case word occurs in the lines of prose, up to ``sample`` characters of them, within the first ``_SCAN``.

    Words are split at blanks: a function word rarely has punctuation attached.
    """
    lines, taken = [], 0
    for line in text[:_SCAN].splitlines():
        if len(line.split(maxsplit=_PROSE_WORDS - 1)) == _PROSE_WORDS:  # splits no further than it needs to
            lines.append(line)
            taken += len(line)
            if taken >= sample:
                break
    return Counter(" ".join(lines).lower().split())


#: Languages a guess from function words mixes up (a short Swedish text shares most of them with Norwegian and
#: Danish): the rules of each run on documents guessed as any of them.
_KIN = dict.fromkeys(("da", "no", "sv"), frozenset(("da", "no", "sv")))


def document_languages(setting: tuple[str, ...] | None, text: str) -> frozenset[str] | None:
    """The languages whose rules run on ``text``: those ``setting`` names, else the guess; None means every rule runs.

    ``setting`` is ``Config.language``: None to guess, ``()`` for every rule on every
    document (``language = "all"``), else the configured codes. A text the guess cannot
    call gets the rules of each language it has some function words of (in any line: a
    text too short to guess may have no line of prose), and no others:
    a second clean reads less text than the first (the junk is gone), so it must not run
    packs on less evidence than the first had ("every rule" on an empty text would delete
    what the first clean kept on a sure guess).
    """
    if setting is None:
        guess = guess_language(text)
        if guess:
            return _KIN.get(guess, frozenset((guess,)))
        evidence = _scores(text, prose_only=False)
        return frozenset().union(*(_KIN.get(language, (language,)) for language, score in evidence.items() if score > 0))
    return frozenset(setting) or None



R = TypeVar("R")


def rules_for(rules: Sequence[R], languages: Iterable[str] | None) -> list[R]:
    """The rules that run on a document in ``languages``: those without ``languages``, and those sharing one; all when None."""
    if languages is None:
        return list(rules)
    chosen = frozenset(languages)
    return [rule for rule in rules if not rule.languages or chosen.intersection(rule.languages)]
