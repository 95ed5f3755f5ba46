"""Every chapter page in Debian's headless Chromium, with name resolution blocked: all charts draw.

The pages are served on 127.0.0.1; any request to another host, or any console error, fails.
Screenshots go to _build/screenshots/ for a person to look at.
"""

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest
from conftest import ROOT, toc_files

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Resolve no host name at all: a page that needs the network cannot pass.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def server(html_dir):
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium") and not (ROOT / CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it as root")
    with playwright.sync_playwright() as p:
        # A fresh, empty profile each run (Playwright's default for launch()).
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser.new_context(viewport={"width": 1280, "height": 900})
        browser.close()


@pytest.mark.parametrize("doc", toc_files())
def test_page_draws_every_chart_offline(server, browser, doc):
    page = browser.new_page()
    errors, foreign = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url)
            if urlparse(r.url).hostname not in {"127.0.0.1", None} and not r.url.startswith("data:")
            else None)
    page.goto(f"{server}/{doc}.html", wait_until="load")
    containers = page.locator("div.rukz-chart")
    expected = containers.count()
    for i in range(expected):
        containers.nth(i).locator("svg, canvas").first.wait_for(state="attached", timeout=15_000)
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('div.rukz-chart'))"
        ".filter(d => d.querySelector('svg, canvas')).length"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{doc.replace('/', '_')}.png"), full_page=True)
    page.close()
    assert drawn == expected
    assert errors == []
    assert foreign == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("doc", toc_files())
def test_charts_fit_their_column_and_the_page_does_not_scroll_sideways(server, browser, doc, width):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server}/{doc}.html", wait_until="load")
    containers = page.locator("div.rukz-chart")
    for i in range(containers.count()):
        containers.nth(i).locator("svg, canvas").first.wait_for(state="attached", timeout=15_000)
    page.wait_for_timeout(300)  # let vega-embed settle its container-sized layout
    overflow = page.evaluate("""() => {
        const out = [];
        for (const div of document.querySelectorAll('div.rukz-chart')) {
            if (div.offsetParent === null) continue;  // a map's variant for the other screen width
            const column = div.parentElement.getBoundingClientRect();
            const drawn = div.querySelector('svg, canvas').getBoundingClientRect();
            if (drawn.right > column.right + 2 || drawn.left < column.left - 2) out.push(div.id);
        }
        return {charts: out, page: document.documentElement.scrollWidth - window.innerWidth};
    }""")
    page.screenshot(path=str(SCREENSHOTS / f"{doc.replace('/', '_')}-{width}.png"), full_page=False)
    page.close()
    assert overflow["charts"] == []
    assert overflow["page"] <= 0
