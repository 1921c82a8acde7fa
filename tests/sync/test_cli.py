"""`tip-kiosk sync --once`, `tip-kiosk outbox [--json]` and `tip-kiosk simulate`, honouring
--config, --data-dir and --content."""

import json
import logging
import re

import pytest
from jsonschema import Draft202012Validator

from kiosk.cli import main
from kiosk.core.statement_schema import statement_schema
from kiosk.core.store import open_store
from tests.lrs.ralph_server import Ralph, free_port
from tests.sync.support import held_by_lrs, queue_statements


@pytest.fixture(autouse=True)
def forget_log_files():
    """The commands log to their data folder; do not leave that handler on pytest's root logger."""
    root = logging.getLogger()
    level = root.level
    yield
    root.setLevel(level)
    for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()


def write_config(tmp_path, endpoint, activity_base, **extra):
    toml = tmp_path / "kiosk.toml"
    values = {"endpoint": endpoint, "key": Ralph.key, "secret": Ralph.secret, "activity_base": activity_base,
              "connect_timeout": 2.0, "read_timeout": 10.0, **extra}
    lines = [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    toml.write_text("[sync]\n" + "\n".join(lines) + "\n")
    return toml


def queue(data_dir, programme, count, activity_base):
    store, _ = open_store(data_dir)
    try:
        return queue_statements(store, programme, count, activity_base)
    finally:
        store.close()


def test_sync_once_exits_0_when_everything_was_delivered(ralph, tmp_path, programme, activity_base, capsys):
    data_dir = tmp_path / "data"
    ids = queue(data_dir, programme, 25, activity_base)
    toml = write_config(tmp_path, ralph.endpoint, activity_base)
    assert main(["sync", "--once", "--config", str(toml), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "25 records delivered." in out and "Waiting: 0." in out
    assert set(held_by_lrs(ralph, activity_base)) == set(ids)


def test_sync_once_exits_1_and_says_why_when_records_remain(tmp_path, programme, activity_base, capsys):
    data_dir = tmp_path / "data"
    queue(data_dir, programme, 4, activity_base)
    toml = write_config(tmp_path, f"http://127.0.0.1:{free_port()}/xAPI", activity_base, connect_timeout=0.5)
    assert main(["--config", str(toml), "sync", "--once", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "could not be reached" in out and "Waiting: 4." in out


def test_sync_without_an_endpoint_is_a_configuration_error(tmp_path, capsys):
    toml = tmp_path / "kiosk.toml"
    toml.write_text("")
    assert main(["sync", "--once", "--config", str(toml), "--data-dir", str(tmp_path / "d")]) == 2
    assert "No LRS is configured" in capsys.readouterr().err


def test_outbox_shows_counts_pending_records_and_refusals(ralph, tmp_path, programme, activity_base, capsys):
    data_dir = tmp_path / "data"
    ids = queue(data_dir, programme, 3, activity_base)
    store, _ = open_store(data_dir)
    store.conn.execute("UPDATE outbox SET state = 'quarantined', last_error = 'The LRS refused this record "
                       "(409: different statement)' WHERE id = ?", (ids[0],))
    store.close()
    assert main(["outbox", "--json", "--data-dir", str(data_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"]["pending"] == 2 and shown["status"]["quarantined"] == 1
    assert {r["id"] for r in shown["pending"]} == set(ids[1:])
    assert shown["quarantined"][0]["last_error"].startswith("The LRS refused")
    assert "payload" not in shown["pending"][0]  # IT sees ids and kinds, not content

    assert main(["outbox", "--data-dir", str(data_dir)]) == 0
    text = capsys.readouterr().out
    assert "Waiting to be sent: 2" in text and "Set aside (refused by the LRS): 1" in text and "409" in text
    assert main(["outbox", "--requeue", "--data-dir", str(data_dir)]) == 0
    assert "1 records put back" in capsys.readouterr().out


def test_simulate_makes_realistic_repeatable_activity_that_syncs(ralph, tmp_path, content_dir, activity_base,
                                                                capsys):
    toml = write_config(tmp_path, ralph.endpoint, activity_base, organisation_secret="an-organisation-key-1234")
    summaries = []
    for run in ("a", "b"):
        args = ["simulate", "--learners", "4", "--seed", "7", "--config", str(toml), "--content", str(content_dir),
                "--data-dir", str(tmp_path / run)]
        assert main(args) == 0
        summaries.append(capsys.readouterr().out)
    assert summaries[0] == summaries[1]  # same seed, same activity
    assert "4 registrations" in summaries[0] and "completions" in summaries[0]

    store, _ = open_store(tmp_path / "a")
    payloads = [json.loads(p) for (p,) in store.conn.execute(
        "SELECT payload FROM outbox UNION ALL SELECT payload FROM unlinked_pool")]
    pooled = store.conn.execute("SELECT count(*) FROM unlinked_pool").fetchone()[0]
    pseudonyms = {r[0] for r in store.conn.execute("SELECT pseudonym FROM learners")}
    store.close()
    validator = Draft202012Validator(statement_schema(activity_base, "https://tip-kiosk.invalid/learners"))
    assert payloads and all(validator.is_valid(p) for p in payloads)
    verbs = {p["verb"]["display"]["en-GB"] for p in payloads}
    assert {"attempted", "answered", "completed", "responded", "watched"} <= verbs
    answered = [p for p in payloads if p["verb"]["display"]["en-GB"] == "answered"]
    assert {p["actor"]["account"]["name"] for p in answered} <= pseudonyms

    capsys.readouterr()
    assert main(["outbox", "--config", str(toml), "--data-dir", str(tmp_path / "a")]) == 0
    listed = capsys.readouterr().out
    assert f"Waiting to be mixed (unlinked; sent after their day ends): {pooled}" in listed
    assert re.search(rf"\d{{4}}-\d\d-\d\d  {pooled} statements from [1-4] learners", listed)
    # Survey answers wait for their day to end: not sent yet, and that is not a failure.
    assert main(["sync", "--once", "--config", str(toml), "--data-dir", str(tmp_path / "a")]) == 0
    assert f"Waiting to be mixed (unlinked; sent after their day ends, not a problem): {pooled}." in \
        capsys.readouterr().out
    assert pooled and len(held_by_lrs(ralph, activity_base)) == len(payloads) - pooled
    store, _ = open_store(tmp_path / "a")
    with store.transaction() as c:  # as if the day had ended
        c.execute("UPDATE unlinked_pool SET day = '2000-01-01'")
    store.close()
    assert main(["sync", "--once", "--config", str(toml), "--data-dir", str(tmp_path / "a")]) == 0
    assert len(held_by_lrs(ralph, activity_base)) == len(payloads)


def test_simulate_in_anonymous_mode_never_reads_the_organisation_secret(tmp_path, content_dir, monkeypatch, capsys):
    """It builds its learners with kiosk/core/factory.py, as the kiosk does (it used to read the
    secret whatever the mode)."""
    from kiosk.core import keystore

    def read(settings):
        raise AssertionError("the organisation secret was read")

    secret_file = tmp_path / "organisation.key"
    secret_file.write_text("an organisation secret long enough to be safe\n", encoding="utf-8")
    monkeypatch.setattr(keystore, "organisation_key", read)
    monkeypatch.setenv("TIP_KIOSK_SYNC_PRIVACY_MODE", "anonymous")
    monkeypatch.setenv("TIP_KIOSK_SYNC_ORGANISATION_SECRET_FILE", str(secret_file))
    assert main(["simulate", "--learners", "2", "--content", str(content_dir),
                 "--data-dir", str(tmp_path / "data")]) == 0
    assert "2 registrations" in capsys.readouterr().out
