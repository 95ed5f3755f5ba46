"""Where things live, resolved from the package so notebooks work from any working directory.

RUKZ_ROOT points the package at another copy of the project (the benchmark builds a scratch copy).
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("RUKZ_ROOT") or Path(__file__).resolve().parent.parent)
DATA_DIR = ROOT / "data"
DATAPACKAGE = DATA_DIR / "datapackage.json"
CHAPTERS_DIR = ROOT / "chapters"
