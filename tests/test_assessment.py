"""Assessment integrity: options shown in an order of each learner's own (stable across sign-out),
answers judged by the option's identity, the knowledge test before and after (scored, locked once
handed in), and the author warnings about where right answers sit."""

import json
from pathlib import Path
from textwrap import dedent

from kiosk.core import knowledge_test
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_module, load_programme, validate_paths
from kiosk.core.content.checks import answer_pattern_warnings
from kiosk.core.learning import Learning
from kiosk.core.shuffle import order
from kiosk.core.store import open_store

REPO = Path(__file__).resolve().parent.parent
PIN = "482915"

TEST_MODULE = dedent("""\
    schema_version: 4
    id: tested
    version: "1"
    title: Tested
    summary: A module with a knowledge test.
    duration_minutes: 10
    steps:
      - id: before
        type: knowledge_test
        title: What do you know?
        phase: before
        items:
          - id: one
            question: Which is a threat response?
            options:
              - {text: Filing, feedback: Paperwork.}
              - {text: Freeze, feedback: Yes., correct: true}
              - {text: Lunch, feedback: Food.}
          - id: two
            question: Which help? Choose all that apply.
            options:
              - {text: Breaks, feedback: Yes., correct: true}
              - {text: Hurrying, feedback: No.}
              - {text: Choice, feedback: Yes., correct: true}
      - id: page
        type: page
        title: Reading
        file: page.md
      - id: after
        type: knowledge_test
        title: What do you know now?
        phase: after
    """)


def write_tested(folder: Path, yaml: str = TEST_MODULE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module.yaml").write_text(yaml, encoding="utf-8")
    (folder / "page.md").write_text("# Reading\n\nText.\n", encoding="utf-8")
    return folder


def test_each_learner_sees_an_order_of_their_own_which_never_changes():
    orders = {order(learner, "module/check", 4) for learner in range(1, 40)}
    assert len(orders) > 6  # different learners, different orders
    assert all(sorted(o) == [0, 1, 2, 3] for o in orders)
    assert order(7, "module/check", 4) == order(7, "module/check", 4)
    assert len({order(7, f"module/check-{i}", 5) for i in range(20)}) > 5  # and per question


def test_the_order_survives_sign_out_and_restart_and_answers_are_judged_by_identity(tmp_path):
    """Real SQLite: a learner answers, the kiosk closes, they sign in again: same order, same answer."""
    data_dir = tmp_path / "data"
    programme = load_programme(REPO / "modules")
    store, _ = open_store(data_dir)
    learner = Accounts(store, installation_secret(data_dir)).register("5550001", PIN)
    run = Learning(store, programme, learner).open("understanding-trauma")
    step = run.module.steps[run.module.step_index("check-experience-not-event")]
    run.go_to(run.module.step_index(step.id))
    shown = run.shown_order(len(step.options), step.id)
    right = next(iter(step.correct))
    result = run.submit_check({right})  # chosen by identity, wherever it was shown
    assert result.correct and run.answer()["selected"] == [right]
    store.close()

    reopened, _ = open_store(data_dir)
    again = Accounts(reopened, installation_secret(data_dir)).sign_in("5550001", PIN)
    resumed = Learning(reopened, programme, again).open("understanding-trauma")
    assert resumed.step.id == step.id
    assert resumed.shown_order(len(step.options), step.id) == shown
    assert resumed.answer()["selected"] == [right] and resumed.completion.checks_passed == 1
    other = Accounts(reopened, installation_secret(data_dir)).register("5550002", PIN)
    orders = {Learning(reopened, programme, other).open("understanding-trauma").shown_order(5, "x")}
    orders.add(resumed.shown_order(5, "x"))
    assert len(orders) == 2  # another learner, another order
    reopened.close()


def test_old_answers_saved_by_position_before_shuffling_still_read(store, accounts, programme):
    """Before shuffling, the shown position was the original index: old answers mean the same."""
    learner = accounts.register("5550003", PIN)
    store.progress.save_step(learner.id, "module-1", "check-one", status="done",
                             answer={"selected": [0], "correct": True, "tries": 1, "passed": True})
    run = Learning(store, programme, learner).open("module-1")
    assert run.completion.checks_passed == 1


def test_a_knowledge_test_is_scored_stored_and_locked_once_handed_in(tmp_path, store, accounts):
    module = load_module(write_tested(tmp_path / "tested"))
    assert not module.problems
    from kiosk.core.content.model import Programme

    programme = Programme("p", "P", tmp_path, (module,))
    learner = accounts.register("5550004", PIN)
    run = Learning(store, programme, learner).open("tested")
    assert [i.id for i in knowledge_test.items(module, module.steps[2])] == ["one", "two"]
    partial = run.save_knowledge_test({"one": [0]})
    assert partial == {"selected": {"one": [0]}, "score": 0, "answered": 1, "items": 2}
    assert not run.is_done()
    run.next()  # moving on hands the test in
    assert run.is_done(module.steps[0])
    run.back()
    assert run.save_knowledge_test({"one": [1], "two": [0, 2]}) == partial  # locked: the start stays
    run.next()
    run.next()
    final = run.save_knowledge_test({"one": [1, 2], "two": [2, 0], "nope": [0]}, submit=True)
    # a single-answer item keeps one choice; unknown items are dropped; stored by original index
    assert final == {"selected": {"one": [1], "two": [0, 2]}, "score": 2, "answered": 2, "items": 2}
    row = store.conn.execute("SELECT status, answer FROM progress WHERE learner_id = ? AND step_id = 'after'",
                             (learner.id,)).fetchone()
    assert row[0] == "done" and json.loads(row[1]) == final
    assert knowledge_test.result(run.answer(module.steps[0])) == (0, 2)
    assert knowledge_test.result(final) == (2, 2)
    assert run.completed and run.completion.checks == 0  # never part of a pass mark
    assert knowledge_test.gain(run.answer(module.steps[0]), final) == 1.0
    assert knowledge_test.gain(None, final) is None  # no start to compare with: no gain


def test_knowledge_test_mistakes_are_reported(tmp_path):
    bad = TEST_MODULE.replace("schema_version: 4", "schema_version: 2").replace(
        "    phase: after\n", "    phase: after\n    compare_with: nowhere\n")
    problems = [str(p) for p in load_module(write_tested(tmp_path / "bad", bad)).problems]
    assert any("the 'knowledge_test' step needs 'schema_version: 4'" in p for p in problems)
    assert any("'nowhere' is not a 'before' test earlier in this module" in p for p in problems)
    both = TEST_MODULE.replace("    phase: after\n", "    phase: after\n    items:\n"
                               "      - id: one\n        question: Again?\n        options:\n"
                               "          - {text: A, feedback: B, correct: true}\n"
                               "          - {text: C, feedback: D}\n")
    problems = [str(p) for p in load_module(write_tested(tmp_path / "both", both)).problems]
    assert any("an 'after' test asks its 'before' test's items again" in p for p in problems)


def test_optional_and_best_need_format_4(tmp_path):
    yaml = TEST_MODULE.replace("schema_version: 4", "schema_version: 3").replace(
        "    file: page.md\n", "    file: page.md\n    optional: true\n")
    yaml = yaml[:yaml.index("  - id: before")] + yaml[yaml.index("  - id: page"):yaml.index("  - id: after")]
    problems = [str(p) for p in load_module(write_tested(tmp_path / "old", yaml)).problems]
    assert problems and "'optional: true' on a step needs 'schema_version: 4'" in problems[0]


def patterned_module(folder: Path, options_for) -> Path:
    """A module of three single-answer checks whose options ``options_for(n)`` lists as
    (text, correct) pairs."""
    lines = ["schema_version: 2", "id: patterned", "version: '1'", "title: P", "summary: S",
             "duration_minutes: 5", "steps:"]
    for n in range(3):
        lines += [f"  - id: check-{n}", "    type: knowledge_check", f"    title: Check {n}",
                  f"    question: Question {n}?", "    options:"]
        for text, correct in options_for(n):
            lines += [f"      - text: {text}", "        feedback: Because.",
                      *(["        correct: true"] if correct else [])]
    folder.mkdir(exist_ok=True)
    (folder / "module.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_authors_are_warned_when_the_right_answer_is_always_longest_or_first(tmp_path):
    long_right = "The correct answer, written out at much greater length than the others"
    folder = patterned_module(tmp_path / "patterned", lambda n: [(long_right, True), ("Short", False)])
    warnings: list[str] = []
    assert validate_paths([folder], warnings) == []  # a warning, not an error: the module loads
    assert any("the correct option is the longest" in w for w in warnings)
    assert any("the first option is correct" in w for w in warnings)

    def varied(n):
        options = [("Right", True), ("A longer wrong option than the right one", False)]
        return options if n == 1 else options[::-1]

    warnings = []
    validate_paths([patterned_module(tmp_path / "varied", varied)], warnings)
    assert warnings == []


def test_content_validate_prints_the_warnings_and_still_passes(tmp_path, capsys):
    from kiosk.cli import main

    folder = patterned_module(tmp_path / "patterned", lambda n: [("The correct answer, at some length", True),
                                                                 ("Short", False)])
    assert main(["content", "validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Warning:" in out and "the correct option is the longest" in out and "Content is valid." in out
def test_the_sample_programme_gives_no_answer_pattern_warnings():
    programme = load_programme(REPO / "modules")
    assert [w for m in programme.available for w in answer_pattern_warnings(m)] == []


def best_path(step) -> list:
    """The choices marked best, followed from the start to an end."""
    node, path = step.node(step.start_id), []
    while not node.end:
        choice = next(c for c in node.choices if c.best)
        path.append(choice)
        node = step.node(choice.next)
    return path


def test_the_probation_scenarios_best_path_asks_directly_about_suicide_and_self_harm():
    module = load_programme(REPO / "modules").module("tip-in-supervision")
    scenario = next(s for s in module.steps if s.type == "scenario")
    words = " ".join(c.text for c in best_path(scenario))
    assert "suicide" in words and "harming themselves" in words


def test_sample_content_fixes_stay_fixed():
    text = {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8")
            for p in [*REPO.glob("modules/0[1-6]*/*.md"), *REPO.glob("modules/*.yaml"),
                      *REPO.glob("modules/0[1-6]*/module.yaml"), *REPO.glob("media/*.md"), *REPO.glob("media/*.vtt"),
                      REPO / "media" / "make_media.py"]}
    everything = "\n".join(text.values())
    assert "not signs of lying" not in everything  # never as an absolute
    assert "safe here" not in everything  # no reassurance nobody can guarantee
    principles = text["modules/03-principles/welcome.md"]
    for name in ("Safety", "Trust", "Choice", "Collaboration", "Empowerment", "Cultural consideration"):
        assert f"**{name}**" in principles
    proof = text["modules/04-interviews-and-decisions/recording-and-credibility.md"]
    assert "reasonable degree of likelihood" in proof and "balance of probabilities" in proof
    referral = text["modules/04-interviews-and-decisions/before-the-interview.md"]
    assert "National Referral Mechanism" in referral and "First Responder" in referral and "section 52" in referral
    support = text["modules/programme.yaml"]
    assert "116 123" in support and "Northern Ireland" in support and "Scotland" in support and "Wales" in support
    programme = load_programme(REPO / "modules")
    assert all("sample" in c.name.lower() for c in programme.support if "replace" in c.detail.lower())
    assert all(m.references for m in programme.available if m.folder.name[:2] in {"01", "02", "03", "04", "05", "06"})


def test_authors_are_warned_when_a_scenarios_best_choice_is_always_first(tmp_path):
    def scenario(first_best: bool) -> str:
        def choices(target: str) -> str:
            best = f"      - {{text: Good, consequence: Fine., next: {target}, best: true}}\n"
            other = f"      - {{text: Other, consequence: Less so., next: {target}}}\n"
            return best + other if first_best else other + best
        return ("schema_version: 4\nid: branching\nversion: '1'\ntitle: B\nsummary: S\nduration_minutes: 5\n"
                "steps:\n  - id: scene\n    type: scenario\n    title: A scene\n    nodes:\n"
                "      - id: one\n        text: First.\n        choices:\n"
                + choices("two").replace("      -", "          -")
                + "      - id: two\n        text: Second.\n        choices:\n"
                + choices("end").replace("      -", "          -")
                + "      - id: end\n        text: The end.\n        end: true\n")

    for first_best, expected in ((True, 1), (False, 0)):
        folder = tmp_path / f"branching-{first_best}"
        folder.mkdir()
        (folder / "module.yaml").write_text(scenario(first_best), encoding="utf-8")
        warnings: list[str] = []
        assert validate_paths([folder], warnings) == []
        assert len([w for w in warnings if "the best choice is the first one" in w]) == expected


def test_an_answered_statement_names_the_option_by_its_place_in_the_file_not_where_it_was_shown(
        store, accounts, programme):
    """The per-learner order never leaves the PC: the same option is the same 'option-N' for all."""
    from kiosk.core.records import RecordPolicy, StatementMaker

    maker = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)
    made = []

    def records(event):
        out = maker(event)
        made.extend(out)
        return out

    orders, responses = set(), set()
    for code in (f"55501{n:02d}" for n in range(12)):
        learner = accounts.register(code, PIN)
        run = Learning(store, programme, learner, records).open("module-1")
        run.next()
        orders.add(run.shown_order(len(run.step.options), run.step.id))
        made.clear()
        run.submit_check({0})
        answered = [r.payload for r in made if r.payload["verb"]["id"].endswith("/answered")]
        responses.add(answered[0]["result"]["response"])
    assert len(orders) > 1  # the learners saw different orders...
    assert responses == {"option-0"}  # ...and every statement names the same option the same way
