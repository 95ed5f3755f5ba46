"""Check every data file against data/datapackage.json before anything is built (``make validate``).

On a problem it prints one short message naming the file, line, column and rule, and exits 1, so
the build stops with that message at the end of its output. ``--checksums`` records the current
sha256 of every file instead (``make checksums``), for a data change made on purpose.
"""

from __future__ import annotations

import sys

from .data import DataError, resources, update_checksums, validate


def main(argv: list[str]) -> int:
    if "--checksums" in argv:
        changed = update_checksums()
        print(f"checksums recorded for: {', '.join(changed)}" if changed else "checksums unchanged")
    try:
        validate()
    except DataError as error:
        bar = "=" * 78
        print(f"\n{bar}\nThe data did not pass validation; nothing was built.\n\n  {error}\n\n"
              f"Fix the file (the description is data/datapackage.json), then run make again.\n{bar}",
              file=sys.stderr)
        return 1
    print(f"data: {len(resources())} files valid against data/datapackage.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
