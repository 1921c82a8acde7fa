"""After a PIN reset a learner's earlier words cannot be opened: the step says so calmly, with an
empty editor they can write in, and nothing else they did is lost."""

from kiosk.core.accounts import hash_pin
from kiosk.core.learning import Learning
from kiosk.ui.steps.reflection import ReflectionView
from kiosk.ui.steps.survey import SurveyView
from tests.uihelpers import visible_text

NOTE = "What you wrote here before can no longer be opened"


def open_at(store, programme, learner, step_id):
    run = Learning(store, programme, learner).open("module-1")
    run.go_to(next(i for i, s in enumerate(run.module.steps) if s.id == step_id))
    return run


def test_a_pin_reset_shows_a_calm_note_instead_of_old_words(qtbot, store, accounts, programme):
    learner = accounts.register("EMP-3001", "482913")
    run = open_at(store, programme, learner, "reflect")
    run.save_reflection("words from before")
    run = open_at(store, programme, learner, "feedback")
    run.save_survey({"engaging": 5}, "a comment from before")

    fine = open_at(store, programme, accounts.sign_in("EMP-3001", "482913"), "reflect")
    view = ReflectionView(fine, fine.step)
    qtbot.addWidget(view)
    assert view.editor.toPlainText() == "words from before" and NOTE not in visible_text(view)

    store.learners.update(learner.id, pin_hash=hash_pin("731642"))  # reset by a trainer
    after = accounts.sign_in("EMP-3001", "731642")
    reflection = open_at(store, programme, after, "reflect")
    view = ReflectionView(reflection, reflection.step)
    qtbot.addWidget(view)
    assert view.editor.toPlainText() == "" and NOTE in visible_text(view)
    survey = open_at(store, programme, after, "feedback")
    view = SurveyView(survey, survey.step)
    qtbot.addWidget(view)
    assert "Your earlier comment here can no longer be opened" in visible_text(view)
    assert view.comment.toPlainText() == "" and view.answers()[0] == {"engaging": 5}
