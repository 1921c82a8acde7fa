"""Completion rules, self-assessments, time spent and certificate codes, as the core applies them."""

from pathlib import Path

import pytest

from kiosk.core import certificates
from kiosk.core.content import UnavailableModule, load_module, load_programme
from kiosk.core.learning import MAX_GAP_SECONDS, Event, Learning
from kiosk.core.store import OutboundRecord
from kiosk.core.store.completion_records import CompletionRow
from tests.helpers import write_rich_programme


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rich(tmp_path):
    return load_programme(write_rich_programme(tmp_path / "content"))


@pytest.fixture
def learner(accounts):
    return accounts.register("1234567", "482915")


def walk_to(run, step_id: str) -> None:
    while run.step.id != step_id:
        run.next()


def finish_scenario(run) -> None:
    walk_to(run, "interview")
    for choice in (0, 0):
        run.choose(choice)
        run.carry_on()


def test_the_default_requires_every_step_but_reflections_and_a_content_note_changes_nothing(store, programme, learner):
    """A page with a content note still counts; skipping it keeps it open until the learner
    comes back to it (``optional: true`` is how an author makes a step optional)."""
    module = programme.module("module-1")
    assert module.completion.required_ids(module.steps) == {"welcome", "check-one", "check-many", "hard-page",
                                                            "clip", "feedback"}
    run = Learning(store, programme, learner).open("module-1")
    run.next()
    run.submit_check({1})  # a wrong answer still answers it: no pass mark by default
    run.next()
    run.submit_check({0})
    run.next()
    run.next()  # the reflection, left empty
    run.skip()  # the page with a content note, skipped
    store.progress.save_step(learner.id, "module-1", "clip", status="done")  # watched, as the player saves it
    run.progress = store.progress.module_progress(learner.id, "module-1")
    run.next()
    assert not run.completed and run.completion.missing == ("hard-page", "feedback")
    assert not run.finish() and run.completion.missing == ("hard-page",)
    run.go_to(module.step_index("hard-page"))  # coming back to it later
    run.next()
    assert run.completed
    assert Learning(store, programme, learner).overview()[0].state == "completed"


def test_pass_mark_and_tries_per_question(store, rich, learner):
    run = Learning(store, rich, learner).open("rich-module")
    run.next()
    first = run.submit_check({1})
    assert not first.correct and first.tries == 1 and not first.out_of_tries
    second = run.submit_check({1})
    assert second.tries == 2 and second.out_of_tries  # two tries allowed: the answer is shown now
    third = run.submit_check({0})  # coming back to it starts a fresh round of tries...
    assert third.correct and third.tries == 1 and third.attempts == 3
    assert run.completion.checks_passed == 0  # ...but after the answer was shown it is practice
    run.next()
    run.submit_check({1})
    run.submit_check({0})  # right on the second try: within the two the module allows
    assert run.completion.checks_passed == 1 and run.completion.score == 50 and run.completion.passed
    run.submit_check({1})  # revisiting and answering wrongly never takes a pass away
    assert run.completion.score == 50


def test_attempts_after_the_answer_was_shown_never_count_until_a_new_round(store, rich, learner):
    run = Learning(store, rich, learner).open("rich-module")
    run.next()
    run.submit_check({1})
    run.submit_check({1})  # out of tries: the answer is shown
    for _ in range(3):  # practice, however often, after seeing the answer
        run.submit_check({0})
    assert run.completion.checks_passed == 0
    reopened = Learning(store, rich, learner).open("rich-module")  # it holds after signing out and in
    reopened.go_to(1)
    reopened.submit_check({0})
    assert reopened.completion.checks_passed == 0
    first = reopened.retry_questions()  # "Try the questions again" on My progress
    assert first == 1 and reopened.answer(reopened.module.steps[1]) == {"round": 1, "passed": False}
    assert "check-one" not in reopened.completion.missing  # still done; only its answer is cleared
    reopened.submit_check({0})
    assert reopened.completion.checks_passed == 1


def test_a_new_round_keeps_passes_already_earned(store, rich, learner):
    run = Learning(store, rich, learner).open("rich-module")
    run.next()
    run.submit_check({0})
    run.next()
    run.submit_check({1})
    run.submit_check({1})
    assert run.retry_questions() == 2  # only the question not yet passed is asked again
    assert run.completion.checks_passed == 1 and run.answer(run.module.steps[1])["passed"]


def test_a_module_below_its_pass_mark_is_not_complete_until_the_checks_are_passed(store, rich, learner):
    run = Learning(store, rich, learner).open("rich-module")
    run.next()
    run.submit_check({1})
    run.submit_check({1})
    run.next()
    run.submit_check({1})
    run.submit_check({1})
    finish_scenario(run)
    walk_to(run, "feedback")
    assert not run.finish()
    verdict = run.completion
    assert not verdict.missing and verdict.score == 0 and verdict.checks_needed == 1
    run.go_to(1)
    run.submit_check({0})
    assert not run.completed  # the answer was shown: this is practice
    assert run.retry_questions() == 1
    run.go_to(1)
    run.submit_check({0})
    assert run.completed and run.completion_record.score == 50


def test_completion_is_recorded_once_with_its_record_in_the_same_transaction(store, rich, learner):
    events: list[Event] = []

    def records(event):
        events.append(event)
        return [OutboundRecord(f"00000000-0000-4000-8000-{len(events):012d}", event.kind, {})]

    run = Learning(store, rich, learner, records).open("rich-module")
    run.save_self_assessment({"spot-threat": 2, "offer-choice": 1})
    run.next()
    run.submit_check({0})
    run.next()
    run.submit_check({0})
    finish_scenario(run)
    walk_to(run, "feedback")
    run.save_survey({"engaging": 4, "applicable": 5}, "CANARY-comment my own words")
    assert run.finish()
    row = store.completion_records.of_learner(learner.id)["rich-module"]
    assert row.module_version == "2.0" and row.score == 100 and row.id == run.completion_record.id
    completed = [e for e in events if e.kind == "module_completed"]
    assert len(completed) == 1 and completed[0].answer == {"completion_id": row.id, "score": 100}
    outbox = store.conn.execute("SELECT count(*) FROM outbox WHERE kind = 'module_completed'").fetchone()
    assert outbox == (1,)
    run.go_to(1)
    run.submit_check({1})  # revisiting after completion changes nothing about it
    assert run.completed and len(store.completion_records.of_learner(learner.id)) == 1
    # Free text never reaches a record maker.
    assert "CANARY" not in repr(events)


def test_reflections_never_reach_a_record_maker(store, programme, learner):
    seen: list[Event] = []
    run = Learning(store, programme, learner, lambda e: seen.append(e) or []).open("module-1")
    run.go_to(3)
    run.save_reflection("CANARY-reflection")
    run.next()
    assert seen and "CANARY" not in repr(seen)


def test_required_and_optional_lists(tmp_path):
    folder = write_rich_programme(tmp_path / "c") / "01-module"
    path = folder / "module.yaml"
    text = path.read_text()
    path.write_text(text.replace("  pass_mark: 50\n", "  optional: [feedback, confidence-after]\n"))
    module = load_module(folder, (folder.parent / "media",))
    assert module.completion.required_ids(module.steps) == {"confidence-before", "check-one", "check-two",
                                                            "interview"}
    path.write_text(text.replace("  pass_mark: 50\n", "  required: [interview, reflect]\n"))
    module = load_module(folder, (folder.parent / "media",))
    assert module.completion.required_ids(module.steps) == {"interview", "reflect"}
    path.write_text(text.replace("  pass_mark: 50\n", "  required: [interview]\n  optional: [nope]\n"
                                 "  pass_mark: 50\n"))
    problems = [str(p) for p in load_module(folder, (folder.parent / "media",)).problems]
    assert any("line 9, completion.optional: use 'required' or 'optional', not both" in p for p in problems)
    assert any("line 9, completion.optional[0]: 'nope' is not a step in this module" in p for p in problems)
    path.write_text(text.replace("  pass_mark: 50\n", "  required: [interview]\n  pass_mark: 50\n"))
    (problem,) = load_module(folder, (folder.parent / "media",)).problems
    assert "completion.pass_mark: a pass mark needs at least one required knowledge check" in str(problem)


def test_an_after_self_assessment_must_ask_the_before_questions(tmp_path):
    folder = write_rich_programme(tmp_path / "c") / "01-module"
    path = folder / "module.yaml"
    text = path.read_text()
    after = text.index("  - id: confidence-after")
    path.write_text(text[:after] + text[after:].replace("id: offer-choice", "id: ask-openly", 1))
    (problem,) = load_module(folder, (folder.parent / "media",)).problems
    assert ("steps[5].questions: must ask the same questions (same ids) as 'confidence-before': "
            "it lacks 'offer-choice' and adds 'ask-openly'") in str(problem)
    path.write_text(text.replace("phase: before", "phase: after", 1))
    problems = [str(p) for p in load_module(folder, (folder.parent / "media",)).problems]
    assert any("steps[0].phase: there is no 'before' self-assessment earlier" in p for p in problems)


def test_confidence_change_pairs_before_and_after(store, rich, learner):
    run = Learning(store, rich, learner).open("rich-module")
    run.save_self_assessment({"spot-threat": 2, "unknown": 5, "offer-choice": 9})
    walk_to(run, "confidence-after")
    run.save_self_assessment({"spot-threat": 4})
    assert run.confidence_change() == [("Noticing when someone is in a threat response", 2, 4),
                                       ("Offering real choices in an interview", None, None)]


def test_time_spent_counts_gaps_between_actions_capped(store, programme, learner):
    clock = Clock()
    learning = Learning(store, programme, learner, clock=clock)
    run = learning.open("module-1")
    clock.now += 90
    run.next()
    clock.now += 3 * 3600  # left signed in: counts as one capped gap
    run.next()
    clock.now += 30
    run.record_time()  # leaving the module
    expected = 90 + MAX_GAP_SECONDS + 30
    assert store.progress.module_times(learner.id)["module-1"] == pytest.approx(expected)
    assert learning.overview()[0].seconds == pytest.approx(expected)


def test_a_certificate_code_identifies_the_record_not_the_person(store, accounts, data_dir, rich, learner):
    from kiosk.core.accounts import installation_secret

    secret = installation_secret(data_dir)
    row = CompletionRow("5b0b7a4e-2f7c-4bd9-9c1b-3f5d3f1f1a10", learner.id, "rich-module", "2.0",
                        "2025-03-04T10:00:00.000+00:00", 100)
    with store.transaction() as c:
        store.completion_records.record(row, conn=c)
    code = certificates.verification_code(secret, row)
    assert len(code) == 14 and code.count("-") == 2 and not set(code) & set("ILOU")
    assert certificates.find(store, secret, code.lower().replace("-", " ")) == row
    assert certificates.find(store, secret, code[:-1] + ("0" if code[-1] != "0" else "1")) is None
    other = CompletionRow(row.id, row.learner_id, row.module_id, row.module_version,
                          "2025-03-05T10:00:00.000+00:00", 100)
    assert certificates.verification_code(secret, other) != code  # the date is bound in
    assert certificates.verification_code(b"another PC" * 4, row) != code
    cert = certificates.certificate(rich, row, secret)
    assert cert.module_title == "Rich module" and cert.completed_on.isoformat() == "2025-03-04"
    assert "1234567" not in repr(cert)


def test_a_broken_scenario_makes_only_its_module_unavailable(tmp_path):
    content = write_rich_programme(tmp_path / "c")
    path = content / "01-module" / "module.yaml"
    path.write_text(path.read_text().replace("next: calmer", "next: nowhere"))
    programme = load_programme(content)
    assert isinstance(programme.modules[0], UnavailableModule)
    assert programme.module("module-2") is not None


def test_content_format_documents_every_step_type():
    from kiosk.core.content.model import STEP_TYPES

    guide = (Path(__file__).resolve().parent.parent / "docs" / "content-format.md").read_text()
    for kind in STEP_TYPES:
        assert f"type: {kind}" in guide, kind
    for key in ("pass_mark", "attempts", "required", "optional", "phase", "compare_with", "image_alt",
                "end: true"):
        assert key in guide, key


def test_certificate_verify_on_the_command_line(store, accounts, data_dir, tmp_path, capsys):
    from kiosk.cli import main
    from kiosk.core.accounts import installation_secret

    content = write_rich_programme(tmp_path / "c")
    learner = accounts.register("7654321", "482915")
    row = CompletionRow("0f8e1c1a-6c1d-4c56-9f0e-2b8f3c5d7e91", learner.id, "rich-module", "2.0",
                        "2025-03-04T10:00:00.000+00:00", 100)
    with store.transaction() as c:
        store.completion_records.record(row, conn=c)
    code = certificates.verification_code(installation_secret(data_dir), row)
    (tmp_path / "kiosk.toml").write_text("")  # not the machine's own file
    flags = ["--data-dir", str(data_dir), "--content", str(content), "--config", str(tmp_path / "kiosk.toml")]
    assert main(["certificate", "verify", code.lower(), *flags]) == 0
    out = capsys.readouterr().out
    assert "a genuine completion of 'Rich module'" in out and "2025-03-04" in out and "7654321" not in out
    assert main(["certificate", "verify", "0000-0000-0000", *flags]) == 1
    assert "no completion with this code on this computer" in capsys.readouterr().out
