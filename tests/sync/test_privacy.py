"""Privacy canaries: learners with realistic names, emails, staff and NI numbers, and CANARY
strings in everything they type. Whatever leaves the PC (every request, as the server side saw
it), the outbox table and the log files must not hold any of it, in any common disguise."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, quote_plus

from faker import Faker

from kiosk.core import vault
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.config import load_settings
from kiosk.core.learning import Learning
from kiosk.core.logsetup import setup_logging
from kiosk.core.privacy import pseudonymiser
from kiosk.core.records import make_record_maker
from kiosk.core.sync import SyncEngine
from tests.sync.support import config

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
NI_NUMBER = re.compile(r"\b[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Z]\b")
# Random ids (statement ids, anonymous names, pseudonyms): a short run of digits or hex inside
# one of these is chance, not a leak. Longer forms (hashes) are searched everywhere.
RANDOM_TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,64}")


def people(count: int = 6) -> list[dict[str, str]]:
    fake = Faker("en_GB")
    fake.seed_instance(4242)
    result = []
    for i in range(count):
        first, last = fake.first_name(), fake.last_name()
        ni = fake.ssn()
        result.append({
            "first": first, "full": f"{first} {last}", "email": fake.email(),
            "staff": f"{fake.random_int(1_000_000, 9_999_999)}", "ni": ni, "ni_compact": ni.replace(" ", ""),
            "pin": f"{fake.random_int(10_000_000, 99_999_999)}",
            "reflection": f"CANARY-{uuid.UUID(int=fake.random.getrandbits(128), version=4)}",
            "comment": f"CANARY-{uuid.UUID(int=fake.random.getrandbits(128), version=4)}",
        })
        # Half sign in with their staff number, half with their NI number.
        result[-1]["code"] = result[-1]["staff"] if i % 2 == 0 else result[-1]["ni_compact"]
    return result


def disguises(secret: str) -> set[str]:
    """The forms a careless system might send a value in."""
    raw = secret.encode("utf-8")
    forms = {secret, quote(secret), quote_plus(secret), raw.hex()}
    for variant in {secret, secret.casefold(), secret.upper()}:
        data = variant.encode("utf-8")
        forms |= {base64.b64encode(data).decode().rstrip("="), base64.urlsafe_b64encode(data).decode().rstrip("="),
                  hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()}
    return forms


class Haystack:
    """A place to search, case-folded once (and once more with random ids masked out)."""

    def __init__(self, text: str):
        self.text = text
        self.folded = text.casefold()
        self.masked = RANDOM_TOKEN.sub("#", self.folded)

    def holds(self, needle: str) -> bool:
        target = needle.casefold()
        text = self.masked if re.fullmatch(r"[0-9a-f]{1,31}", target) else self.folded
        if re.fullmatch(r"[a-z' -]+", target):  # a name: whole words only ("Ian" is not in "Brian")
            return re.search(rf"(?<![a-z]){re.escape(target)}(?![a-z])", text) is not None
        return target in text


def test_nothing_personal_leaves_the_pc_or_reaches_the_outbox_or_the_logs(
        proxy_factory, ralph, store, data_dir, programme, activity_base, tmp_path):
    root = logging.getLogger()
    level = root.level
    log_file = setup_logging(data_dir, "DEBUG")
    try:
        toml = tmp_path / "kiosk.toml"
        toml.write_text(f'[sync]\nendpoint = "{ralph.endpoint}"\nactivity_base = "{activity_base}"\n')
        settings = load_settings(toml, environ={})
        accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(b"o" * 32))
        records = make_record_maker(settings, programme.id, store.progress.module_progress)
        learners = people()
        for person in learners:
            accounts.register(person["code"], person["pin"], first_name=person["first"])
            learner = accounts.sign_in(person["code"], person["pin"])
            typed = f"{person['full']} <{person['email']}> staff {person['staff']} NI {person['ni']}"
            run = Learning(store, programme, learner, records).open("module-1")
            run.next()
            run.submit_check({0})
            run.next()
            run.submit_check({0, 1})
            run.next()
            run.save_reflection(f"{typed} {person['reflection']}")
            run.next()
            run.next()
            store.progress.save_step(learner.id, "module-1", "clip", status="done")  # as the video player does
            run.progress = store.progress.module_progress(learner.id, "module-1")
            run.next()
            run.save_survey({"engaging": 3, "applicable": 5}, f"{typed} {person['comment']}")
            assert run.finish()
        proxy = proxy_factory()
        report = SyncEngine(store, config(proxy.url())).run_once()
        # attempted, two answers and completed each; the test module has no pass mark, so no 'passed'
        assert report.everything_delivered and report.delivered == 4 * len(learners)
        tomorrow = datetime.now(UTC) + timedelta(days=1)  # the survey answers' day has ended
        report = SyncEngine(store, config(proxy.url()), clock=lambda: tomorrow).run_once()
        assert report.everything_delivered and report.delivered == 2 * len(learners)
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)

    # The learners' words are kept on this PC, where they belong (so the test is not vacuous),
    # sealed under each learner's key (kiosk.core.vault).
    opened = []
    for person in learners:
        learner = accounts.sign_in(person["code"], person["pin"])
        rows = store.conn.execute("SELECT module_id, step_id, answer FROM progress WHERE learner_id = ? "
                                  "AND answer IS NOT NULL", (learner.id,))
        opened += [str(vault.open_answer(learner.vault, json.loads(a), vault.where(m, s))) for m, s, a in rows]
    answers = " ".join(opened)
    assert all(p["reflection"] in answers and p["comment"] in answers for p in learners)

    places = {
        "requests as received": proxy.sent_bytes().decode("latin-1"),
        "statements the LRS stored": "\n".join(line for line in ralph.statements_file.read_text("utf-8").splitlines()
                                               if activity_base + "/" in line),
        "outbox table": "\n".join(repr(row) for row in store.conn.execute("SELECT * FROM outbox")),
        "log files": "\n".join(p.read_text(encoding="utf-8") for p in log_file.parent.glob("kiosk.log*")),
    }
    assert b"POST /xAPI/statements" in proxy.sent_bytes() and "Sync delivered" in places["log files"]
    assert all(places.values())
    leaks = []
    for where, text in places.items():
        haystack = Haystack(text)
        for person in learners:
            for field in ("first", "full", "email", "staff", "ni", "ni_compact", "code", "pin", "reflection",
                          "comment"):
                leaks += [f"{where}: {field} as {form!r}" for form in disguises(person[field])
                          if haystack.holds(form)]
        leaks += [f"{where}: an email address {m.group()!r}" for m in EMAIL.finditer(text)]
        leaks += [f"{where}: an NI number {m.group()!r}" for m in NI_NUMBER.finditer(text)]
    assert leaks == []
