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


def _screenshot_whole_page(page, name: str, width: int) -> None:
    """The whole page as a reader scrolls it: a viewport as tall as the page, not Chromium's
    full-page capture, which lays the charts out again at a wrong width and shrinks their text."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": page.evaluate("document.documentElement.scrollHeight")})
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / name))


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
    _screenshot_whole_page(page, f"{doc.replace('/', '_')}.png", 1280)
    page.close()
    assert drawn == expected
    assert errors == []
    assert foreign == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("doc", toc_files())
def test_charts_fit_their_column_and_the_page_does_not_scroll_sideways(server, browser, doc, width):
    page = _open(browser, server, doc, width)
    overflow = page.evaluate("""() => {
        const out = [];
        for (const div of document.querySelectorAll('div.rukz-chart')) {
            if (div.offsetParent === null) continue;  // a map's variant for the other width, hidden
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


def _open(browser, server, doc, width):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server}/{doc}.html", wait_until="load")
    containers = page.locator("div.rukz-chart")
    for i in range(containers.count()):
        containers.nth(i).locator("svg, canvas").first.wait_for(state="attached", timeout=15_000)
    page.wait_for_timeout(300)  # let vega-embed settle its container-sized layout
    return page


# The smallest label a reader can read on a phone, in CSS pixels as drawn.
SMALLEST_LABEL_PX = 8


@pytest.mark.parametrize("doc", toc_files())
def test_map_labels_can_be_read_on_a_phone(server, browser, doc):
    page = _open(browser, server, doc, 390)
    sizes = page.evaluate("""() => {
        const out = [];
        for (const div of document.querySelectorAll('div.rukz-chart.rukz-map')) {
            if (!div.offsetParent) continue;  // the variant for the other width
            const svg = div.querySelector('svg');
            const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
            for (const text of svg.querySelectorAll('text')) {
                if (!text.textContent.trim()) continue;
                const px = parseFloat(getComputedStyle(text).fontSize) * scale;
                out.push([text.textContent.trim(), px]);
            }
        }
        return out;
    }""")
    page.close()
    assert [(t, round(px, 1)) for t, px in sizes if px < SMALLEST_LABEL_PX] == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("doc", toc_files())
def test_no_title_line_holds_a_single_word(server, browser, doc, width):
    page = _open(browser, server, doc, width)
    lonely = page.evaluate("""() => {
        const out = [];
        for (const p of document.querySelectorAll('p.rukz-chart-title, p.rukz-chart-subtitle')) {
            const lines = new Map();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                for (const m of node.textContent.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                    const top = Math.round(range.getClientRects()[0].top);
                    lines.set(top, (lines.get(top) || 0) + 1);
                }
            }
            if (lines.size > 1 && [...lines.values()].some(n => n < 2)) out.push(p.textContent.trim());
        }
        return out;
    }""")
    page.close()
    assert lonely == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("doc", toc_files())
def test_tables_fit_their_column(server, browser, doc, width):
    page = _open(browser, server, doc, width)
    wide = page.evaluate("""() => {
        const out = [];
        const column = document.querySelector('article.bd-article, main').getBoundingClientRect();
        for (const table of document.querySelectorAll('article table')) {
            if (!table.offsetParent) continue;  // inside a closed dropdown
            const box = table.getBoundingClientRect();
            if (box.right > column.right + 2 || box.width > column.width + 2) {
                const first = table.querySelector('th, td');
                out.push(first ? first.textContent.trim() : '?');
            }
        }
        return out;
    }""")
    _screenshot_whole_page(page, f"{doc.replace('/', '_')}-tables-{width}.png", width)
    page.close()
    assert wide == []
