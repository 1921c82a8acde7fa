"""An attacker copies a kiosk's data folder while the kiosk runs (database, its WAL, backups,
logs) and works on the copy. What they can and cannot recover (docs/privacy.md, "What a copied
data folder reveals")."""

import hashlib
import hmac
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.core import keystore, vault
from kiosk.core.accounts import Accounts, code_hash, hash_pin
from kiosk.core.config import Settings
from kiosk.core.learning import Learning
from kiosk.core.privacy import pseudonymiser
from kiosk.core.store import DB_NAME, backup, open_store

PEOPLE = [  # (code, PIN, first name, reflection, comment)
    ("EMP-4417", "482913", "Bethan", "CANARY-R1 my father shouted", "CANARY-C1 too fast"),
    ("EMP-4521", "731642", "Dafydd", "CANARY-R2 I froze at work", "CANARY-C2 helpful"),
    ("EMP-4630", "568304", "Gwen", "CANARY-R3 the night of the fire", ""),
]
CODE_SPACE = [f"EMP-{n:04d}" for n in range(4000, 5000)]
"""What an attacker who knows the staff-number format would try."""


@pytest.fixture
def kiosk_pc(tmp_path, programme):
    """A kiosk set up as the deployment guide says: secrets in their own folder (on a real PC
    /etc/tip-kiosk/secrets, root 0600), the organisation secret there too. Left running."""
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    (secrets / "organisation.key").write_text("the organisation's secret, shared by its kiosks\n")
    settings = Settings(data_dir=tmp_path / "data", content_dir=tmp_path / "content", secrets_dir=secrets)
    store, _ = open_store(settings.data_dir)
    key = keystore.installation_key(settings)
    accounts = Accounts(store, key, pseudonymise=pseudonymiser(keystore.organisation_key(settings)))
    for code, pin, name, reflection, comment in PEOPLE:
        learner = accounts.register(code, pin, name)
        run = Learning(store, programme, learner).open("module-1")
        run.go_to(next(i for i, s in enumerate(run.module.steps) if s.id == "reflect"))
        run.save_reflection(reflection)
        run.go_to(next(i for i, s in enumerate(run.module.steps) if s.id == "feedback"))
        run.save_survey({"engaging": 4, "applicable": 3}, comment)
    backup(store.conn, settings.data_dir)
    yield settings, store, key
    store.close()


def copy_of(settings: Settings, where: Path) -> Path:
    """What the attacker walks away with: every file of the data folder, WAL included."""
    return Path(shutil.copytree(settings.data_dir, where))


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def recover_codes(db: Path, key: bytes) -> dict[str, int]:
    """The attack that worked in ~31 s on a real kiosk: hash every plausible code under the key."""
    conn = sqlite3.connect(db)
    stored = {h: i for i, h in conn.execute("SELECT id, code_hash FROM learners")}
    conn.close()
    return {code: stored[h] for code in CODE_SPACE if (h := code_hash(key, code)) in stored}


def keys_in(folder: Path) -> list[bytes]:
    """Every 32-byte file in the copy: where an installation key would be."""
    return [p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.stat().st_size == 32]


def test_the_copy_holds_no_reflection_comment_name_code_or_pin(kiosk_pc, tmp_path):
    settings, _store, _key = kiosk_pc
    copy = copy_of(settings, tmp_path / "stolen")
    assert (copy / (DB_NAME + "-wal")).exists() and list((copy / "backups").iterdir())
    raw = every_byte(copy)
    for code, pin, name, reflection, comment in PEOPLE:
        for secret in (code, pin, name, reflection, comment):
            if secret:
                assert secret.encode() not in raw, secret
    assert b"CANARY" not in raw


def test_names_in_the_copy_are_not_beside_pseudonyms(kiosk_pc, tmp_path):
    settings, _store, _key = kiosk_pc
    conn = sqlite3.connect(copy_of(settings, tmp_path / "stolen") / DB_NAME)
    rows = conn.execute("SELECT first_name, pseudonym FROM learners").fetchall()
    conn.close()
    assert len(rows) == 3 and all(pseudonym for _, pseudonym in rows)  # the LRS's names for them
    assert all(name.startswith(vault.SEALED) for name, _ in rows)  # but no name to put beside them


def test_codes_and_words_need_the_os_protected_secret(kiosk_pc, tmp_path):
    settings, _store, key = kiosk_pc
    copy = copy_of(settings, tmp_path / "stolen")
    assert not (copy / "installation.key").exists()
    for candidate in keys_in(copy) + [b"\0" * 32]:
        assert recover_codes(copy / DB_NAME, candidate) == {}
    # Knowing a PIN does not help without the secret: the vault key needs both.
    conn = sqlite3.connect(copy / DB_NAME)
    (sealed,) = conn.execute("SELECT json_extract(answer, '$.text') FROM progress WHERE learner_id = 1 "
                             "AND step_id = 'reflect'").fetchone()
    (pin_hash,) = conn.execute("SELECT pin_hash FROM learners WHERE id = 1").fetchone()
    conn.close()
    where = vault.where("module-1", "reflect") + "|text"
    assert vault.open_text(vault.session_key(b"\0" * 32, 1, "482913"), sealed, where) is None
    # With the secret from the PC's protected folder as well (the whole disk, or root on the PC),
    # every code comes back and each PIN is one scrypt per guess away: the limits of this design.
    assert recover_codes(copy / DB_NAME, key) == {code: i for i, (code, *_rest) in enumerate(PEOPLE, 1)}
    assert vault.open_text(vault.session_key(key, 1, "482913"), sealed, where) == PEOPLE[0][3]
    assert pin_hash.startswith("scrypt$") and pin_hash != hash_pin("482913")


def test_what_the_copy_does_reveal(kiosk_pc, tmp_path):
    """Not secret by design: how many accounts, what was done and rated, and when."""
    settings, _store, _key = kiosk_pc
    conn = sqlite3.connect(copy_of(settings, tmp_path / "stolen") / DB_NAME)
    assert conn.execute("SELECT count(*) FROM learners").fetchone()[0] == 3
    ratings = [r for (r,) in conn.execute("SELECT json_extract(answer, '$.ratings.engaging') FROM progress "
                                          "WHERE step_id = 'feedback'")]
    assert ratings == [4, 4, 4]
    conn.close()


def test_a_development_run_gives_its_key_away_with_the_folder(tmp_path, programme):
    """The contrast: with the key beside the database (no secrets folder), a copy is enough."""
    settings = Settings(data_dir=tmp_path / "data", content_dir=tmp_path / "content")
    store, _ = open_store(settings.data_dir)
    Accounts(store, keystore.installation_key(settings)).register("EMP-4417", "482913")
    store.close()
    copy = copy_of(settings, tmp_path / "stolen")
    assert any(recover_codes(copy / DB_NAME, k) == {"EMP-4417": 1} for k in keys_in(copy))


def test_the_pseudonym_is_an_hmac_the_copy_cannot_reverse(kiosk_pc, tmp_path):
    settings, _store, _key = kiosk_pc
    conn = sqlite3.connect(copy_of(settings, tmp_path / "stolen") / DB_NAME)
    pseudonyms = {p for (p,) in conn.execute("SELECT pseudonym FROM learners")}
    conn.close()
    guesses = {hashlib.sha256(c.encode()).hexdigest() for c in CODE_SPACE}
    guesses |= {hmac.new(k, c.encode(), hashlib.sha256).hexdigest() for c in CODE_SPACE
                for k in keys_in(tmp_path / "stolen")}
    assert not pseudonyms & guesses
