"""A learner's own words sealed under their PIN and this PC's secret: what opens, what does not,
sealing what was written before, a PIN reset, and removing the organisation secret."""

import json

from kiosk.core import vault
from kiosk.core.accounts import Accounts, hash_pin, installation_secret
from kiosk.core.learning import Learning
from kiosk.core.privacy import pseudonymiser
from kiosk.core.store import DB_NAME, open_store

SECRET = b"s" * 32
ORG = pseudonymiser(b"an organisation secret of some length")


def db_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob(DB_NAME + "*")))


def reflect(store, programme, learner, text, comment=""):
    run = Learning(store, programme, learner).open("module-1")
    run.go_to(next(i for i, s in enumerate(run.module.steps) if s.id == "reflect"))
    run.save_reflection(text)
    run.go_to(next(i for i, s in enumerate(run.module.steps) if s.id == "feedback"))
    run.save_survey({"engaging": 4}, comment)
    return run


def saved_answer(store, learner_id, step_id):
    (raw,) = store.conn.execute("SELECT answer FROM progress WHERE learner_id = ? AND step_id = ?",
                                (learner_id, step_id)).fetchone()
    return json.loads(raw)


def test_sealed_text_opens_only_with_the_same_key_and_in_the_same_place():
    key = vault.session_key(SECRET, 7, "482913")
    sealed = vault.seal_text(key, "I felt unheard", "m|reflect|text")
    assert "unheard" not in sealed and vault.is_sealed(sealed)
    assert vault.open_text(key, sealed, "m|reflect|text") == "I felt unheard"
    assert vault.open_text(vault.session_key(SECRET, 7, "482914"), sealed, "m|reflect|text") is None
    assert vault.open_text(vault.session_key(b"t" * 32, 7, "482913"), sealed, "m|reflect|text") is None
    assert vault.open_text(vault.session_key(SECRET, 8, "482913"), sealed, "m|reflect|text") is None
    assert vault.open_text(key, sealed, "m|other|text") is None  # moved to another step
    assert "482913" not in repr(key) and repr(key) == "VaultKey(learner 7)"


def test_reflections_and_comments_are_sealed_on_disk_and_open_at_the_next_sign_in(data_dir, programme):
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    learner = accounts.register("EMP-2001", "482913", "Sam")
    reflect(store, programme, learner, "CANARY-reflection my own words", "CANARY-comment too")
    assert saved_answer(store, learner.id, "reflect")["text"].startswith(vault.SEALED)
    store.close()
    assert b"CANARY" not in db_bytes(data_dir)

    store, _ = open_store(data_dir)
    again = Accounts(store, installation_secret(data_dir)).sign_in("EMP-2001", "482913")
    run = Learning(store, programme, again).open("module-1")
    steps = {s.id: s for s in run.module.steps}
    assert run.answer(steps["reflect"]) == {"text": "CANARY-reflection my own words"}
    assert run.answer(steps["feedback"])["comment"] == "CANARY-comment too"
    store.close()


def test_plain_text_from_before_is_sealed_at_the_next_sign_in_and_leaves_no_trace(data_dir, programme):
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    learner = accounts.register("EMP-2002", "482913")
    store.progress.save_step(learner.id, "module-1", "reflect", status="seen",
                             answer={"text": "CANARY-old-plain words written by an older kiosk"})
    store.progress.save_step(learner.id, "module-1", "feedback", status="seen",
                             answer={"ratings": {"engaging": 2}, "comment": "CANARY-old-plain comment"})
    assert b"CANARY-old-plain" in db_bytes(data_dir)

    signed_in = accounts.sign_in("EMP-2002", "482913")
    run = Learning(store, programme, signed_in).open("module-1")
    assert saved_answer(store, learner.id, "reflect")["text"].startswith(vault.SEALED)
    assert saved_answer(store, learner.id, "feedback")["ratings"] == {"engaging": 2}  # reports still count it
    assert run.answer(run.module.steps[3]) == {"text": "CANARY-old-plain words written by an older kiosk"}
    store.close()
    assert b"CANARY-old-plain" not in db_bytes(data_dir)  # not in free pages, not in the WAL


def test_after_a_pin_reset_old_words_are_unreadable_and_new_ones_are_kept(data_dir, programme):
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    learner = accounts.register("EMP-2003", "482913")
    reflect(store, programme, learner, "written before the reset", "comment before")
    store.learners.update(learner.id, pin_hash=hash_pin("731642"))  # a trainer/IT reset

    after = accounts.sign_in("EMP-2003", "731642")
    run = Learning(store, programme, after).open("module-1")
    steps = {s.id: s for s in run.module.steps}
    assert run.answer(steps["reflect"]) == {"text": "", vault.UNREADABLE: ["text"]}
    assert run.answer(steps["feedback"])["comment"] == ""
    assert run.answer(steps["feedback"])["ratings"] == {"engaging": 4}  # only their words are lost
    run.go_to(list(steps).index("reflect"))
    run.save_reflection("written after")
    again = Learning(store, programme, accounts.sign_in("EMP-2003", "731642")).open("module-1")
    assert again.answer(steps["reflect"]) == {"text": "written after"}
    store.close()


def test_removing_the_organisation_secret_stops_linking_for_existing_learners(data_dir, tmp_path):
    from kiosk.core.config import Settings
    from kiosk.core.keystore import learner_pseudonymiser

    org_file = tmp_path / "org.key"
    org_file.write_text("an organisation secret of some length\n")
    with_secret = Settings(data_dir=data_dir, content_dir=tmp_path, sync_organisation_secret_file=org_file)
    store, _ = open_store(data_dir)
    linked = Accounts(store, installation_secret(data_dir), pseudonymise=learner_pseudonymiser(with_secret, store))
    first = linked.register("EMP-2004", "482913")
    linked.identify_attendee("EMP-2005", vouched=True)  # made at a group session, never signs in
    assert first.pseudonym and store.conn.execute(
        "SELECT count(*) FROM learners WHERE pseudonym IS NOT NULL").fetchone()[0] == 2

    # The kiosk starts again with the secret removed from its settings.
    removed = Settings(data_dir=data_dir, content_dir=tmp_path)
    unlinked = Accounts(store, installation_secret(data_dir), pseudonymise=learner_pseudonymiser(removed, store))
    assert store.conn.execute("SELECT count(*) FROM learners WHERE pseudonym IS NOT NULL").fetchone()[0] == 0
    assert unlinked.sign_in("EMP-2004", "482913").pseudonym is None
    attendee, _ = unlinked.identify_attendee("EMP-2005", vouched=True)
    assert attendee.pseudonym is None

    # Anonymous mode drops them too; putting the secret back links again from the next sign-in.
    anonymous = Settings(data_dir=data_dir, content_dir=tmp_path, sync_organisation_secret_file=org_file,
                         sync_privacy_mode="anonymous")
    assert learner_pseudonymiser(anonymous, store) is None
    restored = Accounts(store, installation_secret(data_dir), pseudonymise=learner_pseudonymiser(with_secret, store))
    assert restored.sign_in("EMP-2004", "482913").pseudonym == first.pseudonym
    store.close()


def test_tools_that_make_accounts_without_a_pseudonymiser_leave_pseudonyms_alone(data_dir):
    store, _ = open_store(data_dir)
    Accounts(store, installation_secret(data_dir), pseudonymise=ORG).register("EMP-2008", "482913")
    Accounts(store, installation_secret(data_dir))  # e.g. `tip-kiosk trainer add`
    assert store.learners.get(1).pseudonym is not None
    store.close()


def test_first_names_are_sealed_on_disk_and_open_for_the_kiosk(data_dir):
    secret = installation_secret(data_dir)
    store, _ = open_store(data_dir)
    store.learners.add("hash-before", "!", "CANARY-Olwen")  # written before names were sealed
    accounts = Accounts(store, secret)
    learner = accounts.register("EMP-2006", "482913", "CANARY-Rhiannon")
    assert accounts.sign_in("EMP-2006", "482913").first_name == "CANARY-Rhiannon"
    assert store.learners.get(1).first_name == "CANARY-Olwen"
    stored = [n for (n,) in store.conn.execute("SELECT first_name FROM learners")]
    assert all(n.startswith(vault.SEALED) for n in stored) and learner.id == 2
    store.close()
    assert b"CANARY" not in db_bytes(data_dir)


def test_package_data_is_sealed_and_older_plain_rows_are_sealed_at_sign_in(data_dir, programme):
    from kiosk.core.store.packages import PackageRow

    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    learner = accounts.register("EMP-2007", "482913")
    store.packages.save(learner.id, "module-1", "pkg", {"sco-1": PackageRow(
        {"cmi": {"suspend_data": "CANARY-typed in the package"}})})
    key = accounts.sign_in("EMP-2007", "482913").vault
    Learning(store, programme, accounts.sign_in("EMP-2007", "482913"))
    stored = store.packages.rows(learner.id, "module-1", "pkg")["sco-1"].data
    assert set(stored) == {"sealed"}
    opened = vault.open_package_rows(key, "module-1", "pkg", store.packages.rows(learner.id, "module-1", "pkg"))
    assert opened["sco-1"].data == {"cmi": {"suspend_data": "CANARY-typed in the package"}}
    other = vault.session_key(installation_secret(data_dir), learner.id, "999999")
    assert vault.open_package_rows(other, "module-1", "pkg", {"sco-1": PackageRow(stored)})["sco-1"].data is None
    store.close()
    assert b"CANARY" not in db_bytes(data_dir)
