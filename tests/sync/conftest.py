"""A real LRS (Ralph) on 127.0.0.1 for the whole session, and the fault proxy in front of it."""

from __future__ import annotations

import uuid

import pytest

from tests.lrs.proxy import FaultProxy
from tests.lrs.ralph_server import Ralph, ensure_venv


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """One Ralph for the session (it takes a few seconds to start). Tests share it, so each
    tags its statements with its own activity base (``activity_base``) and looks only at those."""
    server = Ralph(tmp_path_factory.mktemp("ralph"), ensure_venv()).start()
    yield server
    server.stop()


@pytest.fixture
def activity_base() -> str:
    return f"https://tip-kiosk.invalid/t{uuid.uuid4().hex[:12]}"


@pytest.fixture
def proxy_factory(ralph):
    started: list[FaultProxy] = []

    def make(**options) -> FaultProxy:
        proxy = FaultProxy(ralph.port, **options).start()
        started.append(proxy)
        return proxy

    yield make
    for proxy in started:
        proxy.stop()
