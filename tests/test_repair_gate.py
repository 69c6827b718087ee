"""The ftfy gate is safe: a text ``ftfy_might_change`` skips is one ftfy leaves unchanged.

``repair_line`` only runs ``ftfy.fix_text`` (about 2 MB/s) on lines the cheap gate
flags, so a gate that says False where ftfy would change the text silently loses a
repair. The property is checked on arbitrary strings (line breaks included), on text
made mostly of the characters ftfy's heuristics look at, and on real mojibake.
"""

from __future__ import annotations

import ast
import inspect
import string
import textwrap
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252 and friends)
import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP
from hypothesis import example, given, note
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.repair import (
    _BADNESS_LEAD, _FTFY_FIXERS, _ROUND_MIRRORED, FTFY_CONFIG, _badness_chars, _fix_encoding, _fix_text, _is_bad, _whitespace_edits, encoding_suspects, ftfy_might_change, repair_document,
    repair_line, replay, spacing_suspects,
)

try:
    from re import _constants as sre_constants, _parser as sre_parse  # Python 3.11+
except ImportError:
    import sre_constants, sre_parse


def _gate_is_safe(text: str) -> None:
    if not ftfy_might_change(text):
        fixed = ftfy.fix_text(text, FTFY_CONFIG)
        note(f"ftfy: {fixed!r}")
        assert fixed == text, "ftfy_might_change said False but ftfy changes the text"


def _expand(category: str) -> list[str]:
    """The characters of a MOJIBAKE_CATEGORIES string, with its 'a-b' ranges expanded."""
    chars, index = [], 0
    while index < len(category):
        if index + 2 < len(category) and category[index + 1] == "-":
            chars.extend(chr(point) for point in range(ord(category[index]), ord(category[index + 2]) + 1))
            index += 3
        else:
            chars.append(category[index])
            index += 1
    return chars


MOJIBAKE_CHARS = sorted({char for category in MOJIBAKE_CATEGORIES.values() for char in _expand(category)})
ENTITIES = [
    "&amp;", "&eacute;", "&EACUTE;", "&Eacute;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#39;", "&#x2019;",
    "&#8217;", "&rsquo;", "&hellip;", "&ATILDE;", "&sup3;", "&amp;amp;", "&", "&#", "&x;", "<", ">", ";",
]
INTERESTING = sorted(
    set(MOJIBAKE_CHARS)
    | set("ŒœÃÂÎÐØÙ√≈‚Äâβāвђ€™“”‘’„«»\u00a0\u202f\u2009\ufeff\u200b\u2060\u00ad")
    | {chr(point) for point in LIGATURES}
    | {chr(point) for point in list(WIDTH_MAP)[::3]}
    | {chr(point) for point in CONTROL_CHARS}
    | {chr(point) for point in range(0x80, 0xA0)}
    | {chr(point) for point in range(0x0300, 0x0370, 7)}  # combining marks
    | set("\u1100\u1161\u11a8\uac00")  # Hangul jamo and a syllable (NFC composes jamo)
    | set("\x1b[0m\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
    | {"\ud800", "\udc80", "\udcff"}
)
#: single characters that each make some ftfy step act, or start a badness pattern on their own
TRIGGERS = list("ŒœÃÂ&<\x1b\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\x80\x9d\xa0 ") + ["\r\n", "Ã ", "Â ", "Ã\xa0", "œ1", "e\u0301"]
any_char = st.characters(codec=None, exclude_categories=())

#: arbitrary Unicode, lone surrogates and line breaks included
unicode_text = st.text(any_char)
#: mostly characters ftfy's fixers and badness heuristic look at, among ASCII letters and spaces
interesting_text = st.lists(
    st.one_of(
        st.sampled_from(TRIGGERS),
        st.sampled_from(INTERESTING),
        st.sampled_from(MOJIBAKE_CHARS),
        st.sampled_from(ENTITIES),
        st.sampled_from(string.ascii_letters + "  .,?!"),
        any_char,
    ),
    max_size=30,
).map("".join)

#: what a scraped article may contain: accents, curly quotes, symbols, emoji, Cyrillic, Greek
_SOURCE_CHARS = (
    string.ascii_letters + "   .,;:!?'\"-0123456789"
    + "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒœŠšŽžŸąćęłńśźżĄĆĘŁŃŚŹŻčďěňřťůČĎĚŇŘŤŮğışĞİŞ"
    + "‘’“”„«»–—…•€£¥©®™°±×÷µ¶§\u00a0"
    + "😀🎉👍🏽❤️🇩🇰✓→"
    + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯїієґ"
    + "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
    + "السلامعليكمשלוםनमस्ते中文日本語한국어"
)
source_text = st.text(st.sampled_from(_SOURCE_CHARS), min_size=1, max_size=40)
CODECS = [
    "latin-1", "cp1252", "sloppy-windows-1252", "macroman", "cp437",
    "cp1251", "sloppy-windows-1251", "cp1253", "cp1257", "iso-8859-2", "cp850",
]


@st.composite
def mojibake(draw) -> str:
    """Text encoded as UTF-8 and decoded with a single-byte codec, once or twice, inside clean context."""
    text = draw(source_text)
    for _ in range(draw(st.integers(1, 2))):
        codec = draw(st.sampled_from(CODECS))
        errors = draw(st.sampled_from(["replace", "ignore"]))
        text = text.encode("utf-8").decode(codec, errors=errors)
    if draw(st.booleans()):  # a scraper or editor that turned NBSP into a space ("voilÃ le travail")
        text = text.replace("\xa0", " ")
    return draw(st.sampled_from(["", "The ", "Le café ", "“"])) + text + draw(st.sampled_from(["", " said.", "’s", "”"]))


@st.composite
def mojibake_slice(draw) -> str:
    """A piece of mojibake: the gate must also be right on a fragment of a damaged line."""
    text = draw(mojibake())
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text[start:end]


@example("")
@example("\ud800")
@example("a\r\nb")
@example("e\u0301")
@given(unicode_text)
def test_gate_safe_on_any_text(text: str) -> None:
    _gate_is_safe(text)


@example("caf\u00c3\u00a9")
@example("voil\u00c3 le travail")
@example("a\rb")
@example("\u2028")
@example("&amp;")
@example("\ufb01")
@example("\uff21")
@example("\x1b[0m")
@example("\u1100\u1161")
@given(interesting_text)
def test_gate_safe_on_interesting_text(text: str) -> None:
    _gate_is_safe(text)


@given(mojibake())
def test_gate_safe_on_mojibake(text: str) -> None:
    _gate_is_safe(text)


@given(mojibake_slice())
def test_gate_safe_on_mojibake_fragments(text: str) -> None:
    _gate_is_safe(text)


@given(source_text, st.sampled_from(["latin-1", "cp1252", "sloppy-windows-1252", "macroman"]))
def test_gate_opens_for_mojibake_ftfy_fixes(text: str, codec: str) -> None:
    """Where ftfy does repair a mojibake line, the gate lets it through."""
    damaged = text.encode("utf-8").decode(codec, errors="replace")
    if ftfy.fix_text(damaged, FTFY_CONFIG) != damaged:
        assert ftfy_might_change(damaged)


def _item_chars(item) -> set[int] | None:
    """The characters one item of a parsed regex matches, if it is one character from a list of them."""
    op, arg = item
    if op is sre_constants.LITERAL:
        return {arg}
    if op is not sre_constants.IN:
        return None
    chars: set[int] = set()
    for member_op, member in arg:
        if member_op is sre_constants.LITERAL:
            chars.add(member)
        elif member_op is sre_constants.RANGE:
            chars.update(range(member[0], member[1] + 1))
        else:  # a category (\s) or a negation
            return None
    return chars


def _needed_within(branch, singles: set[int], suspects: set[int]) -> int:
    """How far after a match's start the first single (or suspect pair) a branch of ``BADNESS_RE`` needs may be."""
    plain = (sre_constants.LITERAL, sre_constants.IN, sre_constants.ANY)
    for op, arg in branch:  # nothing that looks around (a lookbehind, a word boundary) or would need a closer look
        repeat_of_one = op is sre_constants.MAX_REPEAT and len(arg[2]) == 1 and arg[2][0][0] in plain
        assert op in plain or repeat_of_one or (op is sre_constants.AT and arg is sre_constants.AT_BEGINNING), f"{op} in {branch}"
    reach = 0
    for index, (op, arg) in enumerate(branch):
        chars = _item_chars((op, arg))
        following = _item_chars(branch[index + 1]) if index + 1 < len(branch) else None
        if chars is not None and (chars <= singles or (chars <= suspects and following is not None and following <= suspects)):
            return reach
        reach += arg[1] if op is sre_constants.MAX_REPEAT else 0 if op is sre_constants.AT else 1
    raise AssertionError(f"a branch of BADNESS_RE needs no single or suspect pair: {branch}")


def test_badness_patterns_need_a_suspect_near_their_start() -> None:
    """What ``_is_bad`` relies on: every pattern of ``BADNESS_RE`` needs a C1 control, one of ŒœÃÂ, or two adjacent
    characters of its classes, at most ``_BADNESS_LEAD`` characters after its start, and looks at nothing before it."""
    (op, (_, branches)), = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert op is sre_constants.BRANCH
    singles = set(range(0x80, 0xA0)) | set(map(ord, "ŒœÃÂ"))
    assert max(_needed_within(list(branch), singles, _badness_chars()) for branch in branches) == _BADNESS_LEAD


@example("voila Ã  la")  # a match two characters before the Ã it needs
@example("“” then cafÃ©")  # a suspect pair that is no mojibake, then mojibake
@example("ÃÃ©")
@given(st.one_of(interesting_text, mojibake(), mojibake_slice()))
def test_is_bad_matched_near_suspects(text: str) -> None:
    assert _is_bad(text) == is_bad(text)


# -- ftfy's rounds cut short -----------------------------------------------------------------


@example("caf\u00c3\u00a9 &lt;b&gt;")
@example("&lt;p&gt; and <p>")
@example("&lt;p&gt; &amp;amp; Ã©")  # the first round makes a <, and the second still unescapes
@example("e\u0301 and \ufb01")
@example("Ã©\x1b[0m")
@example("line\nbreak Ã©")
@given(st.one_of(unicode_text, interesting_text, mojibake(), mojibake_slice()))
def test_fix_text_is_ftfy(text: str) -> None:
    assert _fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


@example("Ã¢â‚¬â„¢s")
@example("voil\u00c3 le travail")
@given(st.one_of(interesting_text, mojibake(), mojibake_slice()))
def test_fix_encoding_is_ftfys(text: str) -> None:
    """``_fix_encoding`` runs ftfy's encoding steps only where ``_is_bad`` finds mojibake: as ``ftfy.fix_encoding``."""
    if not _ROUND_MIRRORED:
        pytest.skip(f"ftfy {ftfy.__version__} runs whole: _fix_encoding calls a step of ftfy 6.3")
    assert _fix_encoding(text) == ftfy.fix_encoding(text)


def test_ftfy_round_is_ftfys() -> None:
    """``_ftfy_round`` copies the body of ``ftfy.fix_and_explain``'s loop: if ftfy changes it, so must we."""
    if not _ROUND_MIRRORED:
        pytest.skip(f"ftfy {ftfy.__version__} runs whole: _ftfy_round mirrors ftfy 6.3")
    loop = next(node for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(ftfy.fix_and_explain)))) if isinstance(node, ast.While))
    steps = []  # the fixers the loop names and the config fields it reads, in the order they appear
    for node in ast.walk(loop):
        if isinstance(node, ast.Constant) and node.value in ftfy.FIXERS:
            steps.append((node.lineno, node.col_offset, node.value))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "config":
            steps.append((node.lineno, node.col_offset, node.attr))
    names = [name for *_, name in sorted(steps)]
    assert list(dict.fromkeys(names)) == ["unescape_html", "fix_encoding", *_FTFY_FIXERS, "normalization"]


# -- the gate saves work, and repair_line repairs ---------------------------------------------

CLEAN_LINES = [
    "The summit ended on Friday, officials said.",
    "“It’s over,” she said. ‘We’ll see what happens next.’",
    "Russia’s economy grew by 3.5% in 2019 — faster than expected…",
    "He paid £40 and €5 for the tickets; that’s all.",
    "Regeringen vil sætte skatten ned for børn og ældre på Ærø.",
    "Blåbærgrøden på Østergade i Århus smager godt om søndagen.",
    "Det siger økonomiministeren, og hun får ret: Væksten går op.",
]


@pytest.mark.parametrize("line", CLEAN_LINES)
def test_gate_skips_clean_text(line: str) -> None:
    assert not ftfy_might_change(line)
    assert repair_line(line) == []


def _apply(text: str, repairs: list[tuple[int, int, str, str]]) -> str:
    out, position = [], 0
    for start, end, inserted, _rule in sorted(repairs):
        assert start >= position, "repairs overlap"
        out.append(text[position:start])
        out.append(inserted)
        position = end
    out.append(text[position:])
    return "".join(out)


@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("RussiaÃ¢â‚¬â„¢s economy", "Russia’s economy"),
        ("cafÃ©", "café"),
        ("The cafÃ© opened.", "The café opened."),
        ("Itâ€™s â€œfineâ€\x9d", "It’s “fine”"),
        ("He said “cafÃ©” and ‘RussiaÃ¢â‚¬â„¢s’.", "He said “café” and ‘Russia’s’."),
        ("“It’s over,” cafÃ© owners said.", "“It’s over,” café owners said."),
    ],
)
def test_repair_line_fixes_mojibake_and_keeps_curly_quotes(damaged: str, fixed: str) -> None:
    assert ftfy_might_change(damaged)
    repairs = repair_line(damaged)
    assert repairs, "nothing repaired"
    assert _apply(damaged, repairs) == fixed
    assert all(rule.startswith("repair.") for *_, rule in repairs)


@pytest.mark.parametrize("line", ["Â\t0", "Â  0", "xÂ\u2003y"])
def test_repair_line_fixes_what_whitespace_repair_turns_into_mojibake(line: str) -> None:
    """A line ftfy leaves alone until whitespace repair makes it mojibake ('Â 0', a no-break space read as Latin-1) is
    repaired to what a second repair would leave: repair is idempotent (found by a property test at 2,000 examples)."""
    once = _apply(line, repair_line(line))
    assert repair_line(once) == []


@pytest.mark.parametrize("line", ["“Quoted” and ‘single’ and it’s", "„Zitat“ und ‚halb‘", "« citation »"])
def test_repair_line_keeps_curly_quotes(line: str) -> None:
    assert _apply(line, repair_line(line)) == line


# -- the document-level scans find every line the line-level checks would --------------------

_line_text = st.lists(
    st.one_of(
        interesting_text, mojibake(), source_text,
        st.sampled_from(["", " ", "\xa0", "a  b", " 's", "x\u2019s ", "\xa0a\xa0b\xa0", "a\xa0's", "a \xa0b", "\xa0\xa0a"]),
    ),
    max_size=6,
)
_breaks = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n"])


@given(_line_text, _breaks)
def test_document_scans_flag_every_line_needing_repair(lines: list[str], newline: str) -> None:
    """A line the document-level scans skip is one neither ftfy nor whitespace repair would change, but for lone
    no-break spaces, each made a space (or removed at the line's edges)."""
    doc = Document(newline.join(lines))
    encoding = {doc.line_at(offset).index for offset in encoding_suspects(doc.view)}
    spacing = {doc.line_at(offset).index for offset in spacing_suspects(doc.view)}
    for line in doc.lines:
        if line.index not in encoding:
            assert not ftfy_might_change(line.text), f"line {line.index} {line.text!r} skipped by the encoding scan"
        if line.index not in spacing | encoding:
            edits = _whitespace_edits(line.text)
            assert all(line.text[a:b] == "\xa0" for a, b, _, _ in edits), f"line {line.index} {line.text!r} skipped by the spacing scan"


@given(_line_text, _breaks)
def test_repair_document_repairs_each_line_as_repair_line(lines: list[str], newline: str) -> None:
    """The document's repairs, found by its scans, are those ``repair_line`` finds in each line on its own."""
    doc = Document(newline.join(lines))
    expected = {}
    for line in doc.lines:
        repairs = [] if line.is_blank else repair_line(line.text)
        if repairs:
            expected[line.index] = (replay(line.text, repairs), repairs)
    assert repair_document(doc) == expected


# -- the gate on real scraped text ------------------------------------------------------------

#: The devset's noisy texts, in ``shared/`` beside the checkout (as in CI); the test skips without them.
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset" / "noisy"


@pytest.mark.skipif(not DEVSET.is_dir(), reason="no ../shared/devset beside the checkout")
def test_gated_repair_equals_ftfy_line_by_line_on_the_devset() -> None:
    """Every line of every devset text comes out of the gate as ``ftfy.fix_text`` (as configured) makes it:
    ftfy runs on each line the document scan and ``ftfy_might_change`` let through, and no other line needs it."""
    paths = sorted(DEVSET.glob("*/*.txt"))
    assert paths, f"no texts in {DEVSET}"
    lines = differ = 0
    for path in paths:
        doc = Document(path.read_text(encoding="utf-8", errors="replace"))
        flagged = {doc.line_at(offset).index for offset in encoding_suspects(doc.view)}
        for line in doc.lines:
            fixed = ftfy.fix_text(line.text, FTFY_CONFIG)
            gated = fixed if line.index in flagged and ftfy_might_change(line.text) else line.text
            assert gated == fixed, f"{path.name} line {line.index + 1}: the gate skips {line.text!r}, ftfy makes {fixed!r}"
            lines += 1
            differ += fixed != line.text
    assert lines > 10_000 and differ, (lines, differ)  # real text, with lines ftfy does change


@pytest.mark.parametrize(
    "line",
    [
        "  Mr Trump said on Monday that the plan for the new café would be ready by the end of the year",
        "The plan for the new café would be ready by the end of the year, Mr Trump said on Monday  ",
        "The plan for the new café would be ready by the end of the year, said the president 's spokesman",
        "The plan for the new café would be ready by the end of the year,  the spokesman said on Monday",
    ],
)
def test_blank_repairs_keep_their_rule_on_a_line_ftfy_repairs(line: str) -> None:
    """A line with mojibake names its whitespace repairs away from the mojibake as the same line without it does."""
    def blank_rules(text: str) -> list[str]:
        return [rule for _, _, _, rule in repair_line(text) if rule != "repair.encoding"]

    assert blank_rules(line.replace("café", "cafÃ©")) == blank_rules(line)
