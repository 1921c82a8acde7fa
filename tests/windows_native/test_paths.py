"""A kiosk account whose Windows user name has spaces and letters beyond ASCII, and content in a
folder with spaces: the real kiosk command, in a child Windows process, finds its data folder in
%LOCALAPPDATA%\\TIP Kiosk, opens its database there (SQLite's file: address quoted), loads the
content, seals its key, writes its log, and doctor reports all of it in plain words."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.core import winacl
from tests.helpers import write_programme
from tests.windows_native.conftest import run_kiosk

USER = "Zoë Ørsted-Nagy"
"""tests/test_under_wine.py runs this suite as that user (Wine names the profile after $USER)."""


@pytest.fixture
def kiosk_data():
    """The kiosk's default data folder in this user's real profile, as Windows' known-folder lookup
    gives it (not from environment variables: platformdirs asks Windows), emptied around the test."""
    import platformdirs

    profile = os.environ.get("USERPROFILE", "")
    assert Path(profile).name == USER, (f"run as the user {USER!r} (tests/test_under_wine.py sets "
                                        f"USER for Wine); the profile here is {profile!r}")
    data = Path(platformdirs.user_data_dir("TIP Kiosk", appauthor=False))
    assert data == Path(profile) / "AppData" / "Local" / "TIP Kiosk"
    shutil.rmtree(data, ignore_errors=True)
    yield data
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def content(tmp_path):
    return write_programme(tmp_path / "Shared drive" / "Course content (2026 edition)", modules=2)


@pytest.fixture
def config(tmp_path):
    """Machine settings in a folder with spaces, naming files beside them by relative paths, and
    an LRS that cannot be reached (so records wait, and the sync attempt is logged)."""
    folder = tmp_path / "Kiosk settings"
    folder.mkdir()
    (folder / "lrs secret.txt").write_text("a secret long enough for the LRS\n", encoding="utf-8")
    (folder / "organisation secret.txt").write_text("an organisation secret long enough\n", encoding="utf-8")
    for secret in ("lrs secret.txt", "organisation secret.txt"):  # private, as IT places them
        assert winacl.restrict(folder / secret) is None
    path = folder / "kiosk.toml"
    path.write_text('[sync]\nendpoint = "http://127.0.0.1:9/xAPI"\nkey = "kiosk"\n'
                    'secret_file = "lrs secret.txt"\norganisation_secret_file = "organisation secret.txt"\n',
                    encoding="utf-8")
    return path


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk(list(args))


def test_the_kiosk_works_from_a_profile_and_folders_with_spaces_and_accents(kiosk_data, content, config):
    where = ["--config", str(config), "--content", str(content)]
    made = kiosk("simulate", "--learners", "2", *where)
    assert made.returncode == 0 and "records queued" in made.stdout, made.stdout + made.stderr
    assert (kiosk_data / "learners.db").is_file() and (kiosk_data / "installation.key.dpapi").is_file()
    assert not (kiosk_data / "installation.key").exists()  # sealed, not left in plain

    sent = kiosk("sync", "--once", *where)
    assert sent.returncode == 1 and "could not be reached" in sent.stdout, sent.stdout + sent.stderr
    log = (kiosk_data / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "Sync offline" in log and "Traceback" not in log

    waiting = kiosk("outbox", "--json", *where)  # another start reads the same database
    assert waiting.returncode == 0, waiting.stdout + waiting.stderr
    assert json.loads(waiting.stdout)["status"]["pending"] > 0

    checked = kiosk("doctor", "--json", *where)
    checks = {c["name"]: c for c in json.loads(checked.stdout)}
    for name in ("Configuration", "Content", "Database", "Installation key", "Secrets"):
        assert checks[name]["status"] == "pass", f"{name}: {checks[name]['summary']}"
    assert "2 learner account(s)" in checks["Database"]["summary"]
    assert str(content) in checks["Content"]["summary"]
    privacy = checks["Data folder privacy"]["summary"]
    assert str(kiosk_data) in privacy
    # SQLite's -wal and -shm files, which doctor's own read-only look leaves behind, get their
    # access list from the folder's on Windows (inheritance); Wine has no inheritance, so there
    # they may be named. Nothing else may.
    named = re.findall(r"(\S[^,]*?) \(S-1-", privacy)
    assert all(name.endswith(("-wal", "-shm")) for name in named), privacy
