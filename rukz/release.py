"""What the site publishes beside the HTML: the PDF and the whole data package as one zip.

``python -m rukz.release SITE_DIR PDF`` writes both into ``SITE_DIR/downloads/``. The zip holds
every file under ``data/`` (``datapackage.json`` with the files it describes, the notes and the
map layers) with fixed timestamps, so the same data give the same bytes.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

from .paths import DATA_DIR

DOWNLOADS = "downloads"
DATA_ZIP = "russia-kazakhstan-data.zip"
PDF_NAME = "russia-kazakhstan-cross-border-cooperation.pdf"
# Zip's earliest date: a fixed stamp makes the archive reproducible.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_data_zip(target: Path, data_dir: Path = DATA_DIR) -> list[str]:
    """Zip every file of the data directory under 'data/'; returns the names written."""
    names = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            name = "data/" + path.relative_to(data_dir).as_posix()
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
            names.append(name)
    return names


def publish(site: Path, pdf: Path) -> None:
    """Put the data zip and the PDF where the book's download links point."""
    if not pdf.is_file():
        sys.exit(f"release: the PDF {pdf} is missing; run `make pdf` first")
    downloads = site / DOWNLOADS
    downloads.mkdir(parents=True, exist_ok=True)
    names = write_data_zip(downloads / DATA_ZIP)
    shutil.copyfile(pdf, downloads / PDF_NAME)
    print(f"release: {downloads / DATA_ZIP} ({len(names)} files), {downloads / PDF_NAME}")


if __name__ == "__main__":
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
