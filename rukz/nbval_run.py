"""``make nbval``: run nbval on the notebooks the execution cache does not hold, two at a time.

The check that a notebook is cached is quick and done here once; only the stale notebooks start a
pytest (with the rukz.nbcache plugin, which stores each passing run for the book build). The build
machine has two cores, and a notebook's run is mostly one busy kernel: two runs side by side
nearly halve a clean build. Any failing notebook makes the exit status non-zero, after all have
run, so make stops before the book is built.

Usage: python -m rukz.nbval_run [--jobs N] NOTEBOOK...
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .nbcache import is_cached

PYTEST = [sys.executable, "-m", "pytest", "-p", "rukz.nbcache", "--nbval-lax", "--nbval-current-env",
          "-p", "no:cacheprovider", "-q"]


def run(notebook: Path) -> tuple[Path, int, str]:
    done = subprocess.run([*PYTEST, str(notebook)], capture_output=True, text=True)
    return notebook, done.returncode, done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    stale = [nb for nb in args.notebooks if not is_cached(nb)]
    print(f"nbval: executing {len(stale)} notebook(s) {' '.join(nb.name for nb in stale)}; "
          f"{len(args.notebooks) - len(stale)} unchanged since they passed")
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for notebook, code, output in pool.map(run, stale):
            print(output.rstrip())
            if code != 0:
                failed.append(notebook.name)
    if failed:
        print(f"nbval: failed: {' '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
