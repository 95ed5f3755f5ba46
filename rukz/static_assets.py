"""Build ``_static/vega-charts.js`` from the pinned npm packages (``make static``).

The book serves this one file itself, so no page loads a script from another host.
"""

from __future__ import annotations

import json
import sys

import altair as alt

from .charts import static_script
from .paths import ROOT

NODE_MODULES = ROOT / "node_modules"
OUTPUT = ROOT / "_static" / "vega-charts.js"
BUILDS = {
    "vega": "vega/build/vega.min.js",
    "vega-lite": "vega-lite/build/vega-lite.min.js",
    "vega-embed": "vega-embed/build/vega-embed.min.js",
}


def installed_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def check_vega_lite_matches_altair() -> None:
    """Altair writes specs for one Vega-Lite version; the page must draw them with that one."""
    wanted = alt.SCHEMA_VERSION.lstrip("v")
    found = installed_version("vega-lite")
    if found != wanted:
        sys.exit(f"vega-lite {found} is installed but Altair emits v{wanted}: pin it in package.json")


def build() -> None:
    check_vega_lite_matches_altair()
    sources = [(NODE_MODULES / path).read_text(encoding="utf-8") for path in BUILDS.values()]
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(static_script(*sources), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    build()
