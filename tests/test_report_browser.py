"""The audit report in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium.

Screenshots go to tests/artifacts/. The 10,000-document run prints how long the page takes to become interactive.
"""

import base64
import json
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from cleaner.cli import main

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-quic --disable-sync"
SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver; .ci/run installs them)",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS.split(), f"--user-data-dir={tmp_path_factory.mktemp('profile')}", "--window-size=1280,1000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)  # a driver path: Selenium Manager never runs
    yield driver
    driver.quit()


def open_report(browser, page: Path, fragment: str = "") -> float:
    """Load the page and wait until it is interactive; milliseconds from navigation start."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.resolve().as_uri() + fragment)
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script("return window.reportReady"))
    return browser.execute_script("return window.reportReady - performance.timing.navigationStart")


def text(browser, selector: str) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, selector).text


def screenshot(browser, name: str) -> None:
    """The whole page (up to 2,400 pixels high) as tests/artifacts/NAME."""
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def test_report_of_the_samples_counts_filters_and_shows_deletions(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out = tmp_path / "out"
    assert main(["clean", str(SAMPLES / "input"), "-o", str(out), "-q", "--jobs", "1"]) == 0
    assert main(["report", str(out)]) == 0
    entries = [json.loads(line) for line in (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines()]
    deletions = {entry["doc"]: [e for e in entry["edits"] if e["category"] not in ("repair", "layout")] for entry in entries}
    by_category = Counter(e["category"] for edits in deletions.values() for e in edits)
    total = sum(by_category.values())

    open_report(browser, out / "cleaner-report.html")
    assert text(browser, "#total-documents") == "5"
    assert text(browser, "#total-deletions") == f"{total:,}"
    bars = browser.find_elements(By.CSS_SELECTOR, "#by-category .bar")
    assert {bar.get_attribute("data-category"): int(bar.find_element(By.CSS_SELECTOR, ".count").text) for bar in bars} == by_category
    screenshot(browser, "report-overview.png")

    # Only navigation: the deletions shown, and the documents listed, are those of that category.
    browser.find_element(By.ID, "no-categories").click()
    assert text(browser, "#filter-status") == f"0 of {total} deletions shown"
    browser.find_element(By.CSS_SELECTOR, '.chip[data-category="navigation"]').click()
    assert text(browser, "#filter-status") == f"{by_category['navigation']} of {total} deletions shown"
    listed = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "#documents tbody a")]
    assert listed == [doc for doc, edits in deletions.items() if any(e["category"] == "navigation" for e in edits)]

    # A document: every deletion struck through, its rule on hover; those the filter hides drawn without colour.
    browser.find_element(By.ID, "all-categories").click()
    doc = max(deletions, key=lambda name: len(deletions[name]))
    browser.find_element(By.LINK_TEXT, doc).click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#document-text del.deletion"))
    struck = browser.find_elements(By.CSS_SELECTOR, "#document-text del.deletion")
    assert [(e.get_attribute("title"), e.get_attribute("textContent")) for e in struck] == [(f"{e['rule']} ({e['category']})", e["removed"]) for e in deletions[doc]]
    assert all("line-through" in e.value_of_css_property("text-decoration-line") for e in struck)
    screenshot(browser, "report-document.png")
    first = deletions[doc][0]["category"]
    browser.find_element(By.CSS_SELECTOR, f'.chip[data-category="{first}"]').click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#document-text del.deletion.off")) == sum(e["category"] == first for e in deletions[doc])
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]  # no script error, nothing the page policy blocked


def synthetic_corpus(path: Path, count: int) -> None:
    """``count`` JSONL documents: each seed article with a random half of its paragraphs (junk included), some numbered."""
    seeds = [p.read_text(encoding="utf-8").split("\n\n") for p in sorted((SAMPLES / "input").glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as file:
        for number in range(count):
            chance = random.Random(number)
            kept = [p for p in seeds[number % len(seeds)] if chance.random() < 0.5] or seeds[number % len(seeds)][:1]
            body = "\n\n".join(f"{p} (story {number})" if len(p) > 200 and chance.random() < 0.3 else p for p in kept)
            file.write(json.dumps({"id": number, "text": body}, ensure_ascii=False) + "\n")


def test_report_of_ten_thousand_documents_is_interactive_within_three_seconds(browser, tmp_path, capsys):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    started = time.perf_counter()
    (tmp_path / "src").mkdir()
    synthetic_corpus(tmp_path / "src" / "articles.jsonl", 10_000)
    out = tmp_path / "out"
    assert main(["clean", str(tmp_path / "src"), "-o", str(out), "-q", "--jobs", "2", "--summary-json", str(tmp_path / "summary.json")]) == 0
    cleaned = time.perf_counter()
    assert main(["report", str(out)]) == 0
    reported = time.perf_counter()
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))

    interactive = open_report(browser, out / "cleaner-report.html")
    size = (out / "cleaner-report.html").stat().st_size
    with capsys.disabled():
        print(
            f"\n10,000 documents: generated and cleaned in {cleaned - started:.1f} s, report built in {reported - cleaned:.1f} s, "
            f"{size / 1e6:.2f} MB; interactive {interactive:.0f} ms after navigation start"
        )
    assert interactive < 3000
    assert text(browser, "#total-documents") == "10,000"
    assert text(browser, "#total-deletions") == f"{summary['deletions']:,}"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")) == 50  # one page of the list, not ten thousand rows
    browser.get((out / "cleaner-report.html").resolve().as_uri() + "#doc/9999")  # the last chunk, decompressed on demand
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#document-text del.deletion"))
    assert text(browser, "#document-name") == "articles.jsonl:10000"
