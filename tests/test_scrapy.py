"""The Scrapy pipeline in a real crawl: pages served on 127.0.0.1, every item comes out cleaned, with its record."""

import html
import json
import os
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

scrapy = pytest.importorskip("scrapy")

from scrapy.exceptions import NotConfigured  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from cleaner import clean, restore  # noqa: E402
from cleaner.integrations.scrapy import CleanerPipeline  # noqa: E402
from cleaner.io.record import edits_of  # noqa: E402
from test_directory_runs import samples  # noqa: E402

PAGES = 24

SPIDER = """
import sys
import scrapy
from scrapy.crawler import CrawlerProcess


class Articles(scrapy.Spider):
    name = "articles"

    def __init__(self, start, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start]

    def parse(self, response):
        if response.css("pre"):
            yield {"url": response.url, "text": response.css("pre::text").get(), "title": response.css("h1::text").get()}
        yield from response.follow_all(css="a")


process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 300},
    "CLEANER_FIELDS": ["text", "title"],
    "CLEANER_RECORD_FIELD": "cleaner_record",
    "CLEANER_RECORD_PATH": sys.argv[3],
    "FEEDS": {sys.argv[2]: {"format": "jsonlines"}},
    "ROBOTSTXT_OBEY": False, "HTTPPROXY_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
})
process.crawl(Articles, start=sys.argv[1])
process.start()
"""


@pytest.fixture
def site():
    """An index page linking to PAGES articles with scraper debris, served on 127.0.0.1; yields (index URL, texts by path)."""
    texts = samples()
    articles = {f"/articles/{n}.html": f"[ad_1]\n\n{texts[n % 5].strip()}\n\nParagraph {n}.\n\nLeave a Reply" for n in range(PAGES)}
    index = "".join(f'<a href="{path}">{n}</a>\n' for n, path in enumerate(articles))

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path in articles:
                body = f"<html><body><h1>Title {self.path}</h1><pre>{html.escape(articles[self.path])}</pre></body></html>"
            elif self.path == "/":
                body = f"<html><body>{index}</body></html>"
            else:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", articles
    finally:
        server.shutdown()
        server.server_close()


def test_a_crawl_yields_every_item_cleaned_with_its_record(site, tmp_path):
    start, articles = site
    (tmp_path / "spider.py").write_text(textwrap.dedent(SPIDER), encoding="utf-8")
    environment = {name: value for name, value in os.environ.items() if "proxy" not in name.lower()}
    done = subprocess.run(
        [sys.executable, "spider.py", start, "items.jsonl", "record.jsonl"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(item["url"] for item in items) == sorted(start.rstrip("/") + path for path in articles)
    for item in items:
        raw = articles[item["url"].removeprefix(start.rstrip("/"))]
        assert item["text"] == clean(raw).text and "[ad_1]" not in item["text"] and "Leave a Reply" not in item["text"]
        text_entry, title_entry = item["cleaner_record"]
        assert (text_entry["doc"], text_entry["field"], title_entry["field"]) == (item["url"], "text", "title")
        assert restore(item["text"], edits_of(text_entry)) == raw
        assert {edit["category"] for edit in text_entry["edits"]} >= {"ad-placeholder", "comment-prompt"}
    record = (tmp_path / "record.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(record) == sorted(json.dumps(entry, ensure_ascii=False) for item in items for entry in item["cleaner_record"])
    assert len(record) == 2 * PAGES


def test_an_item_class_without_the_record_field_is_named(tmp_path):
    class Article(scrapy.Item):
        text = scrapy.Field()

    pipeline = CleanerPipeline.from_crawler(get_crawler(settings_dict={"CLEANER_RECORD_FIELD": "edits", "CLEANER_CONFIG": {"ignore": ["ads.*"]}}))
    with pytest.raises(KeyError, match="CLEANER_RECORD_FIELD 'edits': Article has no such field"):
        pipeline.process_item(Article(text="[ad_1]\n\nBody."))
    with pytest.raises(NotConfigured, match="CLEANER_FIELDS is empty"):
        CleanerPipeline.from_crawler(get_crawler(settings_dict={"CLEANER_FIELDS": []}))
