"""The evaluation parts of a site report: completions by pathway, the private programme rating at
the end of a pathway (apart from any show of hands), and the knowledge test gain, each suppressed."""

from dataclasses import dataclass

from kiosk.core.content import Module, Programme, load_programme
from kiosk.core.learning import Learning
from kiosk.core.reports import build_report
from tests.helpers import write_programme
from tests.report_helpers import move_to_month, shift, this_month

PIN = "572913"

PATHWAYS = """schema_version: 4
id: test-programme
title: Test programme
modules:
  - 01-module
  - 02-module
pathways:
  - id: core
    title: Core
    level: trauma_informed
    summary: For everyone.
    modules: [module-1]
  - id: interviewer
    title: Asylum interviewer
    level: trauma_skilled
    summary: For interviewers.
    requires: [core]
    modules: [module-2]
"""


def texts(table):
    return {row.label: [cell.text for cell in row.cells] for row in table.rows}


def finish(store, programme, learner, module_id):
    run = Learning(store, programme, learner).open(module_id)
    for step in run.module.steps:
        if step.type == "knowledge_check":
            run.submit_check({0, 1} if step.id == "check-many" else {0})
        elif step.type == "video":
            run.record_watched(step, ((0.0, 30.0),), 30.0)
        if run.is_last:
            assert run.finish()
        else:
            run.next()


def test_completions_by_pathway_and_the_programme_rating_at_its_end(store, accounts, tmp_path):
    content = write_programme(tmp_path / "content")
    (content / "programme.yaml").write_text(PATHWAYS, encoding="utf-8")
    programme = load_programme(content)
    assert [p.id for p in programme.pathways] == ["core", "interviewer"]
    ratings = [(5, 5), (4, 2), (5, 4), (2, None), (4, 5)]  # engaging 4 of 5, applicable 3 of 4
    for n, (engaging, applicable) in enumerate(ratings):
        learner = accounts.register(f"CORE{n}", PIN)
        store.pathways.set_learner_pathway(learner.id, "core", "learner")
        finish(store, programme, learner, "module-1")
        with store.transaction() as c:
            store.pathways.record_completion(learner.id, "core", "trauma_informed", conn=c)
        store.pathways.save_programme_rating(learner.id, programme.id, "core", "trauma_informed",
                                             engaging, applicable)
    for n in range(3):  # on the interviewer route, module 2 done, the route not yet finished
        learner = accounts.register(f"INT{n}", PIN)
        store.pathways.set_learner_pathway(learner.id, "interviewer", "trainer")
        finish(store, programme, learner, "module-2")
    finish(store, programme, accounts.register("NOROUTE", PIN), "module-2")
    move_to_month(store, shift(this_month(), -1))

    report = build_report(store, programme, threshold=2)
    assert texts(report.table("pathways")) == {
        "Core": ["5", "5"],
        "Asylum interviewer": ["<2", "*"],   # 3, hidden: 9 - 5 - 3 would give the 1 away
        "No pathway chosen": ["–", "<2"],
        "All": ["5", "9"],   # the module column adds up to the month's module completions
    }
    assert texts(report.table("completions"))["All modules"][2] == "9"
    # 4 of 5 rated it engaging 4 or 5 and 3 of 4 applicable: one did not each time, a count under
    # the threshold, so each share is the range that allows.
    assert texts(report.table("programme_ratings")) == {
        "Core": ["5", "over 79%", "4", "over 74%"],
        "Asylum interviewer": ["<2", "–", "<2", "–"],
        "All pathways": ["5", "over 79%", "4", "over 74%"],
    }
    # Kept apart from the modules' feedback (nobody answered a module survey here).
    assert report.table("feedback").rows == ()


def test_knowledge_tests_taken_at_the_kiosk_give_the_site_gain(store, accounts, tmp_path):
    """Learners take a real knowledge test before and after (Learning.save_knowledge_test)."""
    from kiosk.core.content.loader import load_module
    from tests.test_assessment import write_tested

    module = load_module(write_tested(tmp_path / "tested"))
    programme = Programme("p", "P", tmp_path, (module,))
    right = {"one": [1], "two": [0, 2]}
    for n in range(4):
        run = Learning(store, programme, accounts.register(f"TEST{n}", PIN)).open("tested")
        run.save_knowledge_test({"one": [0], "two": [1]}, submit=True)  # 0 of 2 before
        run.next()
        run.next()
        run.save_knowledge_test(right if n < 3 else {"one": [1]}, submit=True)  # 2 of 2, or 1 of 2
    move_to_month(store, shift(this_month(), -1))
    # Before 0%; after (3 x 100 + 50) / 4 = 87.5%, printed 88 (gain 88 points); all 4 scored higher.
    assert texts(build_report(store, programme, threshold=2).table("knowledge")) == {
        "Tested": ["4", "0", "88", "88", "100%"], "All modules": ["4", "0", "88", "88", "100%"]}


@dataclass(frozen=True)
class KnowledgeTest:
    """A knowledge test step as the report reads it (type, phase): the saved answer carries the
    score (kiosk.core.knowledge_test)."""

    id: str
    phase: str
    title: str = "What do you know?"
    type: str = "knowledge_test"
    content_note: str | None = None
    trainer_notes: str | None = None
    optional: bool = False


def test_the_knowledge_test_gain_is_reported_with_suppression(store, accounts, programme):
    base = programme.available[0]
    module = Module(id="tested", version="1", title="Tested", summary="s", duration_minutes=5, language="en",
                    folder=base.folder, steps=(KnowledgeTest("pre", "before"), *base.steps,
                                               KnowledgeTest("post", "after")))
    for n in range(6):
        learner = accounts.register(f"KT{n}", PIN)
        store.progress.save_step(learner.id, "tested", "pre", status="done",
                                 answer={"selected": {}, "score": 2, "answered": 5, "items": 5})
        if n < 5:  # one never took the 'after'
            after = 4 if n < 4 else 1  # 4 of 5 scored higher
            store.progress.save_step(learner.id, "tested", "post", status="done",
                                     answer={"selected": {}, "score": after, "answered": 5, "items": 5})
    programme = Programme("p", "P", base.folder, (module,))
    move_to_month(store, shift(this_month(), -1))

    def knowledge(threshold):
        store.conn.execute("DELETE FROM report_months")  # as if at another site: nothing published yet
        return texts(build_report(store, programme, threshold=threshold).table("knowledge"))

    # 5 pairs: before 40% each; after (4 x 80 + 20) / 5 = 68%; gain 28 points; 4 of 5 higher, and
    # the 1 who did not is under any threshold, so the share is only the range it allows.
    assert knowledge(2) == {"Tested": ["5", "40", "68", "28", "over 79%"],
                            "All modules": ["5", "40", "68", "28", "over 79%"]}
    assert knowledge(3)["All modules"] == ["5", "40", "68", "28", "over 59%"]
    assert knowledge(10) == {"Tested": ["<10", "–", "–", "–", "–"], "All modules": ["<10", "–", "–", "–", "–"]}
