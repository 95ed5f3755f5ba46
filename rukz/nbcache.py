"""One execution per notebook: nbval's run is the output the book renders.

Loaded as a pytest plugin by ``make nbval`` (``pytest -p rukz.nbcache --nbval-lax ...``):

* before the run, a notebook whose code cells match an entry of the book's execution cache is
  deselected. The cache keys on code cells only, and each chapter's ``data_inputs`` cell holds
  the fingerprints of the data it reads and of this package, so a match means that this exact
  code already passed on exactly these data: a prose edit executes nothing, a data edit
  executes the chapters that read the changed file;
* after the run, every notebook whose cells all passed is stored in that cache with nbval's
  outputs, keyed as Jupyter Book keys it, so ``jupyter-book build`` renders it without
  executing it again. A notebook with a failing cell is not stored, and the failure stops make
  before the book is built.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .paths import ROOT

CACHE_DIR = ROOT / "_build" / ".jupyter_cache"  # _config.yml: execute.cache


def _cache():
    from jupyter_cache import get_cache

    return get_cache(str(CACHE_DIR))


def _notebook_path(item: pytest.Item) -> Path | None:
    path = getattr(item.parent, "path", None)
    return Path(path) if path is not None and str(path).endswith(".ipynb") else None


def is_cached(path: Path) -> bool:
    """True if the cache holds a passing execution of this notebook's current code cells."""
    try:
        _cache().match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    return True


_items: dict[Path, list[pytest.Item]] = {}
_failed: set[Path] = set()


def pytest_collection_modifyitems(session, config, items):
    keep, deselected = [], []
    verdicts: dict[Path, bool] = {}
    for item in items:
        path = _notebook_path(item)
        if path is None:
            keep.append(item)
            continue
        if path not in verdicts:
            verdicts[path] = is_cached(path)
        (deselected if verdicts[path] else keep).append(item)
        if not verdicts[path]:
            _items.setdefault(path, []).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        fresh = sorted(p.name for p, cached in verdicts.items() if not cached)
        reused = sorted(p.name for p, cached in verdicts.items() if cached)
        reporter.write_line(f"nbcache: executing {len(fresh)} notebook(s) {', '.join(fresh)}; "
                            f"{len(reused)} unchanged since they passed: {', '.join(reused) or '-'}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # From the item, not the report: a report's path is relative to pytest's root directory, and
    # a notebook outside it would resolve to the wrong file and be stored as passing.
    outcome = yield
    path = _notebook_path(item)
    if outcome.get_result().failed and path is not None:
        _failed.add(path.resolve())


def executed_notebook(items: list[pytest.Item]) -> nbformat.NotebookNode:
    """The notebook as nbval read it, with the outputs and execution counts of its run."""
    notebook = items[0].parent.nb
    for count, item in enumerate(items, start=1):
        item.cell.outputs = item.test_outputs or []
        item.cell.execution_count = count
    notebook.metadata.setdefault("language_info", {"name": "python"})
    return notebook


def pytest_sessionfinish(session, exitstatus):
    from jupyter_cache.base import CacheBundleIn

    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and not _items:
        session.exitstatus = pytest.ExitCode.OK  # every notebook already passed as it is

    for path, items in _items.items():
        ran = all(item.test_outputs is not None for item in items)
        if path.resolve() in _failed or not ran:
            continue
        bundle = CacheBundleIn(executed_notebook(items), str(path),
                               data={"executed_by": "nbval"})
        _cache().cache_notebook_bundle(bundle, check_validity=True, overwrite=True)
