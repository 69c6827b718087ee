"""Cross-document boilerplate: lines repeated across a site's documents go, under their own rule id; the rest stays."""

import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import STRATEGIES

from cleaner import Cleaner, edits
from cleaner.boilerplate import RULE, Tally, countable, document_fingerprints, fingerprint
from cleaner.cli import main
from cleaner.pipeline import default_cleaner
from cleaner.ruleset import Boilerplate, RuleError, load_config

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples" / "input"
FOOTER = "Get the Daily Bugle app for breaking news alerts"
PROMO = "Listen to the Bugle podcast every weekday morning on your commute"  # in 40% of the Bugle's documents
HERALD_FOOTER = "Herald Tribune reporters contributed to this story today"
GENERIC = ["Photo", "LONDON, March 3", "Advertisement"]  # short lines every document has: never boilerplate
SETTINGS = Boilerplate()


def run(*args) -> int:
    return main([str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def paragraphs() -> list[str]:
    """Body paragraphs of the seed articles (long enough to be content)."""
    found = [p.strip() for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    return [p for p in found if len(p) > 80 and "\n" not in p]


def article(rng: random.Random, site: str, number: int) -> str:
    """A news article of ``site``: a headline, body paragraphs, short generic lines, and the site's footers."""
    body = rng.sample(paragraphs(), 5)
    lines = [f"{site.title()} story {number}: the council and the budget", GENERIC[1], *body[:2], GENERIC[0], *body[2:], GENERIC[2]]
    if site == "bugle":
        lines += [PROMO] if number % 5 < 2 else []
        lines += [FOOTER]
    else:
        lines += [HERALD_FOOTER] + ([FOOTER] if number < 3 else [])  # the Bugle's footer, in a few Herald pages only
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    """Two sites in two folders, 30 documents each (about 100 KB, so --jobs 2 uses several chunks)."""
    src = tmp_path_factory.mktemp("boilerplate") / "src"
    rng = random.Random(3)
    for site in ("bugle", "herald"):
        (src / site).mkdir(parents=True)
        for number in range(30):
            (src / site / f"{number:02d}.txt").write_text(article(rng, site, number), encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def cleaned(sites, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cleaned") / "out"
    assert run("clean", sites, "-o", out, "-q", "--jobs", "1", "--boilerplate") == 0
    return out


def record(out: Path) -> dict:
    return {(entry["doc"], entry.get("line")): entry for entry in map(json.loads, (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines())}


def removed_by(entry: dict, rule: str) -> list[str]:
    return [edit["removed"] for edit in entry["edits"] if edit["rule"] == rule]


# -- fingerprints and counts ----------------------------------------------------------


def test_fingerprints_ignore_case_and_blanks_but_not_digits():
    assert countable(f"  {FOOTER.upper()}\t", SETTINGS) == FOOTER.upper()
    assert fingerprint(FOOTER) == fingerprint("  get the DAILY\u00a0bugle app  for breaking news alerts ")
    assert fingerprint("Copyright 2023 The Daily Bugle Ltd") != fingerprint("Copyright 2024 The Daily Bugle Ltd")


@pytest.mark.parametrize("line", [*GENERIC, "WASHINGTON, Nov. 12", "Share this article", "Image: Reuters/Getty", ""])
def test_short_generic_lines_are_never_counted(line):
    assert countable(line, SETTINGS) is None
    assert document_fingerprints(f"{line}\n" * 5, SETTINGS) == ()


def test_a_line_counts_once_per_document_and_sites_are_counted_apart():
    tally = Tally(Boilerplate(share=0.5, min_documents=4))
    for number in range(4):
        tally.add("bugle", document_fingerprints(f"{FOOTER}\n{FOOTER}\nStory {number} of the day, told at length.\n", SETTINGS))
        tally.add("herald", document_fingerprints(f"Herald story {number} of the day, told at length\n", SETTINGS))
    tally.add("herald", document_fingerprints(f"{FOOTER}\n{FOOTER}\n{FOOTER}\n", SETTINGS))
    assert tally.documents == {"bugle": 4, "herald": 5}
    assert tally.lines["herald"][fingerprint(FOOTER)] == 1 and tally.lines["bugle"][fingerprint(FOOTER)] == 4
    assert tally.boilerplate() == {"bugle": frozenset({fingerprint(FOOTER)})}


def test_a_site_with_too_few_documents_never_triggers():
    tally = Tally(Boilerplate(min_documents=3))
    for _ in range(2):
        tally.add("tiny", document_fingerprints(FOOTER, SETTINGS))
    assert tally.boilerplate() == {}
    tally.add("tiny", document_fingerprints(FOOTER, SETTINGS))
    assert tally.boilerplate() == {"tiny": frozenset({fingerprint(FOOTER)})}


def test_capped_memory_finds_no_more_than_an_exact_count():
    """Three sites, 100 documents each: 10 lines each in about 70% (or 30%) of a site's documents, 20 unique lines a document."""
    rng = random.Random(5)
    documents = [
        (f"site{rng.randrange(3)}", {key for key in range(10) if rng.random() < (0.7 if key < 5 else 0.3)} | {rng.randrange(10**12) for _ in range(20)})
        for _ in range(300)
    ]
    exact, capped = Tally(SETTINGS), Tally(SETTINGS, capacity=300)
    for site, keys in documents:
        exact.add(site, keys)
        capped.add(site, keys)
        assert sum(map(len, capped.lines.values())) <= 300
    assert sum(map(len, exact.lines.values())) > 5000
    found, within = exact.boilerplate(), capped.boilerplate()
    assert within == {f"site{n}": frozenset(range(5)) for n in range(3)}  # the frequent lines survive the cap
    assert all(within[site] <= found[site] for site in within)


def test_the_stage_keeps_a_document_that_is_nothing_but_repeated_lines():
    text = f"{FOOTER}\n\n{HERALD_FOOTER}\n"
    lines = frozenset({fingerprint(FOOTER), fingerprint(HERALD_FOOTER)})
    assert Cleaner().clean(text, lines).text == text  # a copy of another document, not boilerplate
    result = Cleaner().clean(f"The council met on Tuesday to discuss the budget.\n\n{text}", lines)
    assert result.text == "The council met on Tuesday to discuss the budget.\n"
    assert [(edit.rule, edit.category) for edit in result.deletions] == [(RULE.id, "boilerplate")] * 2
    assert result.restore() == f"The council met on Tuesday to discuss the budget.\n\n{text}"


# -- directory runs ------------------------------------------------------------------


def test_a_footer_on_every_page_of_a_site_goes_from_each_under_its_rule_id(sites, cleaned):
    entries = record(cleaned)
    for number in range(30):
        doc = f"bugle/{number:02d}.txt"
        text = (cleaned / doc).read_text(encoding="utf-8")
        assert FOOTER not in text and removed_by(entries[doc, None], RULE.id) == [FOOTER]
        assert (PROMO in text) == (number % 5 < 2)  # in 40% of the documents: below the share, it stays
        assert GENERIC[0] in text and GENERIC[1] in text  # short lines in every document stay
        assert f"Bugle story {number}" in text
    herald = [(cleaned / "herald" / f"{number:02d}.txt").read_text(encoding="utf-8") for number in range(30)]
    assert all(HERALD_FOOTER not in text for text in herald)
    assert [FOOTER in text for text in herald] == [number < 3 for number in range(30)]  # counted with the Herald's pages


def test_without_the_flag_nothing_is_counted(sites, tmp_path, capsys):
    assert run("clean", sites, "-o", tmp_path / "out", "--jobs", "1") == 0
    assert FOOTER in (tmp_path / "out" / "bugle" / "00.txt").read_text(encoding="utf-8")
    assert "boilerplate" not in capsys.readouterr().err


def test_the_summary_names_what_was_found(sites, tmp_path, capsys):
    assert run("clean", sites, "-o", tmp_path / "out", "--jobs", "1", "--boilerplate", "--summary-json", tmp_path / "summary.json") == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (summary["boilerplate_lines"], summary["boilerplate_sites"], summary["deletions_by_rule"][RULE.id]) == (2, 2, 60)
    assert "boilerplate: 2 lines repeated across the documents of 2 sites" in capsys.readouterr().err


def test_restore_is_exact(sites, cleaned, tmp_path):
    assert run("restore", cleaned, "-o", tmp_path / "back") == 0
    assert tree(tmp_path / "back") == tree(sites)


def test_jobs_2_writes_the_same_bytes(sites, cleaned, tmp_path):
    assert run("clean", sites, "-o", tmp_path / "two", "-q", "--jobs", "2", "--boilerplate") == 0
    assert tree(tmp_path / "two") == tree(cleaned)


def test_a_resumed_run_finds_the_same_lines(sites, cleaned, tmp_path):
    """A run cut short (its record holds a third of the documents) and resumed: the first pass counts every input."""
    out = tmp_path / "out"
    assert run("clean", sites, "-o", out, "-q", "--jobs", "1", "--boilerplate") == 0
    lines = (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "cleaner-record.jsonl").write_text("".join(lines[:20]), encoding="utf-8")
    for entry in map(json.loads, lines[20:]):
        (out / entry["doc"]).unlink()
    assert run("clean", sites, "-o", out, "-q", "--jobs", "2", "--boilerplate", "--resume") == 0
    assert tree(out) == tree(cleaned)


def test_jsonl_documents_are_grouped_by_the_host_of_their_url(sites, tmp_path):
    rows = [
        {"url": f"https://{'www.' if number % 2 else ''}bugle.example/{number}", "text": (sites / "bugle" / f"{number:02d}.txt").read_text(encoding="utf-8")}
        for number in range(30)
    ]
    rows += [{"url": f"https://herald.example/{number}", "text": (sites / "herald" / f"{number:02d}.txt").read_text(encoding="utf-8")} for number in range(30)]
    random.Random(1).shuffle(rows)
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert run("clean", tmp_path / "dump.jsonl", "-o", tmp_path / "out", "-q", "--boilerplate") == 0
    cleaned = {json.loads(line)["url"]: json.loads(line)["text"] for line in (tmp_path / "out" / "dump.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not any(FOOTER in text for url, text in cleaned.items() if "bugle" in url)
    assert sum(FOOTER in text for url, text in cleaned.items() if "herald" in url) == 3
    assert not any(HERALD_FOOTER in text for text in cleaned.values())


def test_one_named_site_counts_every_input_together(sites, tmp_path):
    assert run("clean", sites, "-o", tmp_path / "out", "-q", "--boilerplate", "--site", "news.example") == 0
    texts = [path.read_text(encoding="utf-8") for path in sorted((tmp_path / "out").rglob("*.txt"))]
    assert not any(FOOTER in text for text in texts)  # in 33 of 60 documents: above the share, it goes from the Herald's too
    assert not any(HERALD_FOOTER in text for text in texts)  # in 30 of 60: the share is met


def test_config_sets_the_share_turns_it_on_and_a_site_can_leave_it_out(sites, tmp_path, monkeypatch):
    (tmp_path / "cleaner.toml").write_text(
        '[boilerplate]\nenabled = true\nshare = 0.3\n\n[sites."herald"]\nignore = ["boilerplate.*"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert run("clean", sites, "-o", tmp_path / "out", "-q") == 0
    bugle = [(tmp_path / "out" / "bugle" / f"{number:02d}.txt").read_text(encoding="utf-8") for number in range(30)]
    assert not any(PROMO in text or FOOTER in text for text in bugle)  # 40% of the documents is above a share of 0.3
    assert all(HERALD_FOOTER in (tmp_path / "out" / "herald" / f"{number:02d}.txt").read_text(encoding="utf-8") for number in range(30))
    assert run("clean", sites, "-o", tmp_path / "off", "-q", "--no-boilerplate") == 0
    assert FOOTER in (tmp_path / "off" / "bugle" / "00.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "body, reason",
    [
        ("[boilerplate]\nshare = 1.5\n", "'share' must be a number above 0 and at most 1"),
        ("[boilerplate]\nmin-documents = 1\n", "'min-documents' must be a whole number of at least 2"),
        ("[boilerplate]\nminimum = 3\n", "unknown keys: minimum"),
        ("boilerplate = true\n", "'boilerplate' must be a table"),
    ],
)
def test_bad_boilerplate_settings_are_one_clear_line(tmp_path, body, reason, capsys):
    path = tmp_path / "cleaner.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match=reason):
        load_config(path)
    assert run("clean", tmp_path, "-o", tmp_path / "out", "--config", path) == 2
    assert f"cleaner: error: {path}: boilerplate" in capsys.readouterr().err


def test_the_dask_engine_finds_the_same_lines(sites, cleaned, tmp_path):
    pytest.importorskip("distributed")
    assert run("clean", sites, "-o", tmp_path / "dask", "-q", "--engine", "dask", "--jobs", "2", "--boilerplate") == 0
    assert tree(tmp_path / "dask") == tree(cleaned)


# -- invariants with any text --------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
@given(data=st.data())
def test_restore_stays_exact_and_a_second_clean_changes_nothing(kind, data):
    """Whatever lines are boilerplate (lines of the original, or of the clean text)."""
    text = data.draw(STRATEGIES[kind], label="text")
    shown = default_cleaner().clean(text).text.splitlines()
    lines = text.splitlines() + shown
    chosen = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)), label="boilerplate lines")
    repeated = frozenset(fingerprint(line) for line, pick in zip(lines, chosen) if pick)
    result = default_cleaner().clean(text, repeated)
    assert result.restore() == text
    edits.check(text, result.edits)
    assert edits.apply(text, result.edits) == result.text
    assert default_cleaner().clean(result.text, repeated).text == result.text


def test_a_second_clean_keeps_a_line_of_another_language_that_boilerplate_left_alone():
    """Found by the test above: the first clean guesses English from lines boilerplate keeps (all that is left) and keeps
    the Swedish prompt; the second has only that prompt left to guess from, and no guess must not run the Swedish pack."""
    text = "The.\n(Foto di Mario Rossi)\nUsers who click here and there rarely buy anything, the study found.\nLoading comments...\nFölj oss på Instagram"
    repeated = frozenset(map(fingerprint, ["The.", "Users who click here and there rarely buy anything, the study found."]))
    once = default_cleaner().clean(text, repeated).text
    assert once == "Följ oss på Instagram\n"
    assert default_cleaner().clean(once, repeated).text == once


def test_a_site_section_counts_its_dated_folders_together(tmp_path, monkeypatch):
    for number in range(12):
        folder = tmp_path / "src" / "www.bugle.example" / "2024" / f"{number:02d}"
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(f"Bugle story {number}: the council and the budget\n\n{FOOTER}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("clean", "src", "-o", "apart", "-q", "--boilerplate") == 0  # one document per folder: never enough
    assert FOOTER in (tmp_path / "apart" / "www.bugle.example" / "2024" / "03" / "a.txt").read_text(encoding="utf-8")
    (tmp_path / "cleaner.toml").write_text('[sites."bugle.example"]\n', encoding="utf-8")
    assert run("clean", "src", "-o", "together", "-q", "--boilerplate") == 0
    assert (tmp_path / "together" / "www.bugle.example" / "2024" / "03" / "a.txt").read_text(encoding="utf-8") == "Bugle story 3: the council and the budget\n"


def test_boilerplate_on_stdin_is_a_usage_error(capsys):
    assert run("clean", "-", "--boilerplate") == 2
    assert "--boilerplate needs a run over many documents" in capsys.readouterr().err
