"""Build-time benchmark (`make bench`): not a test, a measurement to read and record.

Runs in a scratch copy of the project so the working tree is never touched: `make book` (nbval,
then the HTML build: the command users run) from clean, with nothing changed, after a prose-only
edit and after a data edit, then `make pdf`; for each, the time and the number of kernel starts.
Then the size of the HTML book and of its heaviest chapter page with what that page loads.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from rukz.fingerprints import resources_read

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
COPY_IGNORE = shutil.ignore_patterns(".venv", ".venv-lab", "node_modules", "_build", ".git", "__pycache__")


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout + done.stderr


class KernelCounter:
    """Counts IPython kernel starts, by nbval and by the book build alike: every kernel runs the
    startup files of IPYTHONDIR, and the one placed there appends a line to a file."""

    def __init__(self, folder: Path):
        self.log = folder / "kernel-starts.log"
        startup = folder / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-count-kernel-starts.py").write_text(
            f"open({str(self.log)!r}, 'a').write('start\\n')\n", encoding="utf-8")
        self.ipython_dir = folder / "ipython"

    def take(self) -> int:
        """Kernel starts since the last call."""
        count = len(self.log.read_text().splitlines()) if self.log.exists() else 0
        self.log.unlink(missing_ok=True)
        return count


def make(target: str, project: Path, env: dict, kernels: KernelCounter) -> tuple[float, int]:
    seconds, _ = run(["make", "--no-print-directory", target], project, env)
    return seconds, kernels.take()


def jupyter_book_html(project: Path, env: dict) -> float:
    seconds, _ = run([str(VENV_BIN / "jupyter-book"), "build", ".", "--builder", "html",
                      "--path-output", "_build/stage", "-W", "-n", "--keep-going"], project, env)
    return seconds


def edit_markdown_cell(notebook: Path) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n\nA sentence added by the benchmark."
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_data_file(csv_file: Path) -> None:
    text = csv_file.read_text(encoding="utf-8")
    csv_file.write_text(text.replace("No theme found.", "No theme was found.", 1), encoding="utf-8")


def page_weight(html_dir: Path, page: Path) -> tuple[int, int, list[str]]:
    """Bytes of the page, bytes of what it loads from the book, and the names of those files."""
    source = page.read_text(encoding="utf-8")
    assets = set(re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"#?]+\.(?:js|css))', source))
    files = [(page.parent / a).resolve() for a in assets]
    loaded = sum(f.stat().st_size for f in files if f.exists())
    return page.stat().st_size, loaded, sorted(f.name for f in files)


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rukz-bench-") as scratch:
        project = Path(scratch) / "book"
        shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
        kernels = KernelCounter(Path(scratch))
        env = {**os.environ, "RUKZ_ROOT": str(project), "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
               "IPYTHONDIR": str(kernels.ipython_dir)}
        # The environments are shared, not copied: the benchmark measures the book, not pip.
        for shared in (".venv", "node_modules"):
            (project / shared).symlink_to(ROOT / shared)
        notebooks = len(list((project / "chapters").glob("*.ipynb")))
        results: list[tuple[str, str]] = []

        clean, n = make("book", project, env, kernels)
        results.append((f"`make book` from clean ({notebooks} notebooks)",
                        f"{clean:.1f} s, {n} kernel starts"))
        seconds, n = make("book", project, env, kernels)
        results.append(("`make book`, nothing changed", f"{seconds:.2f} s, {n} kernel starts"))
        seconds = jupyter_book_html(project, env)
        kernels.take()
        results.append(("`jupyter-book build` forced, nothing changed", f"{seconds:.1f} s "
                        f"({seconds / clean:.0%} of clean; Sphinx start-up)"))

        # Prose in a chapter, on the first page (which pastes the chapters' numbers) and in an
        # appendix.
        for chapter in ("forums", "intro", "places"):
            edit_markdown_cell(project / "chapters" / f"{chapter}.ipynb")
        seconds, n = make("book", project, env, kernels)
        results.append(("`make book` after a prose-only edit", f"{seconds:.1f} s, {n} kernel starts"))

        # A deliberate data change: edit the file, record its checksum, rebuild.
        edit_data_file(project / "data" / "forums.csv")
        run(["make", "--no-print-directory", "checksums"], project, env)
        readers = [nb.stem for nb in sorted((project / "chapters").glob("*.ipynb"))
                   if "forums" in resources_read(nbformat.read(nb, as_version=4))]
        seconds, n = make("book", project, env, kernels)
        results.append(("`make book` after editing data/forums.csv",
                        f"{seconds:.1f} s, {n} kernel starts ({len(readers)} chapters read it: "
                        f"{', '.join(readers)})"))

        seconds, n = make("pdf", project, env, kernels)
        results.append(("`make pdf` (LaTeX + XeLaTeX, execution cached)",
                        f"{seconds:.1f} s, {n} kernel starts"))

        html_dir = project / "_build" / "html"
        results.append(("size of _build/html", f"{du(html_dir) / 1e6:.1f} MB"))
        pages = sorted((html_dir / "chapters").glob("*.html"), key=lambda p: p.stat().st_size)
        heaviest = pages[-1]
        size, loaded, names = page_weight(html_dir, heaviest)
        results.append((f"heaviest page: {heaviest.name}",
                        f"{size / 1e3:.0f} kB + {loaded / 1e3:.0f} kB of scripts and styles "
                        f"({len(names)} files, all from the book itself)"))

    print("| measure | result |\n|---|---|")
    for name, value in results:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
