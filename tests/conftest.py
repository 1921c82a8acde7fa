"""Shared fixtures. Widget tests run offscreen; tests marked ``xvfb`` run in a second pytest
process under xvfb-run with the xcb platform (see the Makefile)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from kiosk.ui.web.scheme import register_schemes

# pytest-qt makes the QApplication; QtWebEngine must learn the package scheme before that.
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # tests run as root
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
register_schemes()

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.store import open_store
from tests.helpers import write_programme, write_rich_programme
from tests.packaging_paths import add_to_path

add_to_path()  # the packaging scripts (import wine, msi, bundle_parts) for the tests that check them

REPO = Path(__file__).resolve().parent.parent
# Fixtures several test modules share (signing keys and pack folders, media made with ffmpeg, compiled
# interface catalogues), registered once here instead of imported into each module.
pytest_plugins = ["tests.pack_helpers", "tests.mediafiles", "tests.uihelpers"]
# Run inside the Windows Python under Wine, by tests/test_under_wine.py, never collected here.
collect_ignore = ["windows_native"]


def pytest_collection_modifyitems(config, items):
    # One pytest process has one Qt platform: xvfb tests need xcb, the rest offscreen.
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    for item in items:
        if "xvfb" in item.keywords and platform != "xcb":
            item.add_marker(pytest.mark.skip(reason="needs QT_QPA_PLATFORM=xcb under xvfb-run (make test)"))
    # Once QtWebEngine starts in a process, the kiosk's Python event filters on the application go
    # for good (kiosk/ui/appfilters.py: PySide would crash). Tests that need those filters to see
    # synthetic input run first, before any test (a package step, content try) starts the engine.
    items.sort(key=lambda item: 0 if Path(str(item.fspath)).name in NEEDS_APP_FILTERS else 1)


# With pytest-xdist (make test) each worker is given the collected tests in this order, round robin,
# so these still run before anything else in every worker.
NEEDS_APP_FILTERS = {"test_idle.py", "test_startup.py"}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def store(data_dir: Path):
    store, _ = open_store(data_dir)
    yield store
    store.close()


@pytest.fixture
def accounts(store, data_dir: Path) -> Accounts:
    return Accounts(store, installation_secret(data_dir))


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_programme(tmp_path / "content")


@pytest.fixture
def programme(content_dir: Path):
    programme = load_programme(content_dir)
    assert not programme.problems and all(not getattr(m, "problems", ()) for m in programme.modules)
    return programme


@pytest.fixture
def rich_programme(tmp_path: Path):
    """A programme whose first module uses every step type and completion rule."""
    programme = load_programme(write_rich_programme(tmp_path / "rich-content"))
    assert not programme.problems and all(not getattr(m, "problems", ()) for m in programme.modules)
    return programme
