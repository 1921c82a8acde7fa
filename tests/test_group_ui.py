"""A trainer on the real screens with one display (offscreen): trainer home, attendance, the
presenter bar over the slide, finishing with credit, resuming after sign-out and after the kiosk
was killed. Two displays are tested in tests/test_two_screens.py."""

import os
import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.store import open_store
from kiosk.core.sync import SyncStatus
from kiosk.ui.app import make_application
from kiosk.ui.group.presenter import PresenterView
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.conftest import REPO
from tests.trainer_helpers import sign_in, type_into, unnamed_controls, visible_button, write_programme_with_notes


@pytest.fixture
def notes_programme(tmp_path):
    return load_programme(write_programme_with_notes(tmp_path / "notes-content"))


def make_shell(qtbot, store, accounts, programme, **services):
    make_application()
    window = Shell(Services(store, accounts, programme, **services))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


@pytest.fixture
def shell(qtbot, store, accounts, notes_programme):
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    return make_shell(qtbot, store, accounts, notes_programme)


def test_a_trainer_signs_in_to_the_trainer_home_and_a_learner_to_theirs(qtbot, shell, accounts):
    accounts.register("1234567", "629174", "Amira")
    sign_in(qtbot, shell, "1234567", "629174")
    assert shell.stack.currentWidget() is shell.home and shell.trainer.home is None
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    sign_in(qtbot, shell, "trainer1", "calm river 42")
    home = shell.trainer.home
    assert shell.stack.currentWidget() is home and shell.home is None
    assert "Sync is not set up on this kiosk." in home.sync_lines.text()
    assert "Records waiting to send: 0" in home.sync_lines.text()
    assert set(home.present_buttons) == {"module-1", "module-2"}
    assert home.present_buttons["module-1"].hasFocus()
    assert unnamed_controls(home) == []


def test_the_trainer_home_shows_what_the_sync_engine_reports(qtbot, store, accounts, notes_programme):
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    status = SyncStatus(last_success="2026-11-20T09:30:00+00:00", last_attempt=None, pending=12, quarantined=1,
                        delivered=0, last_error="The records server did not answer.")
    shell = make_shell(qtbot, store, accounts, notes_programme, sync_status=lambda: status)
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    text = shell.trainer.home.sync_lines.text()
    assert "Last successful sync: 20 November 2026" in text
    assert "Records waiting to send: 12" in text and "set aside (not accepted): 1" in text
    assert "did not answer" in text


def test_a_group_session_on_one_display_from_attendance_to_credit(qtbot, shell, store, accounts):
    accounts.register("1234567", "629174", "Amira")
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    qtbot.keyClick(shell.trainer.home.present_buttons["module-1"], Qt.Key.Key_Space)
    group = shell.trainer.group
    attendance = group.attendance
    assert group.projector_window is None, "one display: no projector window"
    assert attendance.code.echoMode() == attendance.code.EchoMode.Password  # the room may be watching

    type_into(qtbot, attendance.code, "1234567")  # an attendee with an account types code and PIN
    qtbot.keyClick(attendance.code, Qt.Key.Key_Return)
    assert attendance.pin.hasFocus()
    qtbot.keyClicks(attendance.pin, "629174")
    qtbot.keyClick(attendance.pin, Qt.Key.Key_Return)
    assert "you are registered" in attendance.message.text()
    type_into(qtbot, attendance.trainer_code, "NEW-001")  # the trainer types a newcomer's code
    qtbot.keyClick(attendance.trainer_code, Qt.Key.Key_Return)
    assert attendance.count.text().startswith("2 registered")
    amira = attendance.session.attendees()[0].learner_id
    assert "Amira" not in attendance.rows[amira]["name"].text(), "names stay hidden when the room sees this"
    attendance.names_box.setChecked(True)  # ... unless the trainer asks
    assert attendance.rows[amira]["name"].text() == "Attendee 1: Amira"
    attendance.names_box.setChecked(False)
    qtbot.keyClick(attendance.back_button, Qt.Key.Key_Space)  # Start presenting

    presenter = group.presenter
    assert shell.idle.current_timeout() == shell.group_idle_timeout_s, "a room's session waits longer"
    assert isinstance(presenter, PresenterView) and presenter.single_display
    assert presenter.bar.isVisible() and not presenter.side.isVisible()
    assert "Welcome" in presenter.embedded.title.text()
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)  # a presentation clicker's "next"
    assert presenter.session.step.id == "check-one"
    assert "A. Explain what will happen next" in presenter.embedded.text()
    qtbot.keyClick(presenter.panel_button, Qt.Key.Key_Space)  # notes, room's answer and timer
    assert presenter.side.isVisible() and "TRAINER-NOTE-CHECK" in presenter.notes.toPlainText()
    presenter.room.hands[0].setValue(9)
    presenter.room.room[0].setChecked(True)
    assert store.groups.answers(presenter.session.id)["check-one"] == {"room": [0], "hands": [9, 0]}
    qtbot.keyClick(presenter.reveal_button, Qt.Key.Key_Space)
    assert "✓ A. Explain what will happen next" in presenter.embedded.text()
    qtbot.keyClick(presenter, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert presenter.embedded.title.text() == "Time to talk" and presenter.timer.running
    qtbot.keyClick(presenter, Qt.Key.Key_F9)
    assert not presenter.bar.isVisible() and presenter.handle.isVisible()
    qtbot.keyClick(presenter, Qt.Key.Key_F9)
    assert presenter.bar.isVisible()
    for private in ("TRAINER-NOTE", "Amira", "1234567", "NEW-001", presenter.timer.display.text()):
        assert private not in presenter.embedded.text()

    qtbot.keyClick(presenter.end_button, Qt.Key.Key_Space)
    attendance = group.attendance
    assert attendance.phase == "end"
    late = attendance.session.attendees()[1].learner_id
    attendance.rows[late]["joined_late"].setChecked(True)  # marking late withholds credit ...
    assert not attendance.rows[late]["credit"].isChecked()
    qtbot.keyClick(attendance.finish_button, Qt.Key.Key_Space)
    assert attendance.cancel_button.hasFocus(), "the safe choice is the default"
    qtbot.keyClick(attendance.confirm_button, Qt.Key.Key_Space)
    assert group.stack.currentWidget() is group.summary
    assert "2 attendees, 1 with completion credit" in group.summary_text.text()
    assert "Thank you for taking part" in group.summary_slide.text()
    qtbot.keyClick(group.home_button, Qt.Key.Key_Space)
    assert shell.stack.currentWidget() is shell.trainer.home and shell.trainer.group is None
    kinds = store.conn.execute("SELECT kind FROM outbox").fetchall()
    assert kinds == [] or all(k.startswith("group") for (k,) in kinds)  # no record maker wired here


def test_signing_out_mid_session_and_back_in_offers_to_resume_where_it_was(qtbot, shell):
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    shell.trainer.start_group("module-2")
    group = shell.trainer.group
    group.show_presenter()
    group.presenter.next()
    group.presenter.next()
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert shell.trainer.group is None and shell.stack.currentWidget() is shell.signin
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    home = shell.trainer.home
    [(session_id, resume)] = home.resume_buttons.items()
    assert resume.hasFocus()
    qtbot.keyClick(resume, Qt.Key.Key_Space)
    presenter = shell.trainer.group.presenter
    assert shell.trainer.group.stack.currentWidget() is presenter
    assert presenter.session.id == session_id and presenter.session.step.id == "check-many"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_after_the_kiosk_is_killed_mid_session_the_trainer_resumes_at_the_saved_step(qtbot, tmp_path):
    data_dir, content = tmp_path / "data", write_programme_with_notes(tmp_path / "content")
    child = subprocess.Popen([sys.executable, "-m", "tests.group_child", str(data_dir), str(content), "3",
                              "present"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().startswith("SESSION")
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.communicate()

    store, _ = open_store(data_dir)
    [row] = store.groups.running()
    accounts = Accounts(store, installation_secret(data_dir))
    shell = make_shell(qtbot, store, accounts, load_programme(content))
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    resume = shell.trainer.home.resume_buttons[row.id]
    qtbot.keyClick(resume, Qt.Key.Key_Space)
    session = shell.trainer.group.presenter.session
    assert session.step.id == row.step_id and session.discussion == row.presenter.get("discussion", False)
    assert len(session.attendees()) == len(store.groups.attendees(row.id))
    shell.close()
    store.close()


def test_ending_an_interrupted_session_without_credit_asks_twice(qtbot, shell, store):
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    shell.trainer.start_group("module-1")
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    home = shell.trainer.home
    drop = visible_button(home, "End the session without credit: Module 1")
    qtbot.keyClick(drop, Qt.Key.Key_Space)
    assert home.resume_buttons, "the first press only asks"
    qtbot.keyClick(drop, Qt.Key.Key_Space)
    assert shell.trainer.home.resume_buttons == {}
    assert store.groups.running() == []


def test_every_trainer_control_has_an_accessible_name(qtbot, shell):
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    shell.trainer.start_group("module-1")
    group = shell.trainer.group
    assert unnamed_controls(group.attendance) == []
    group.attendance.session.register_for("AAA111")
    group.attendance.refresh()
    assert unnamed_controls(group.attendance) == []
    group.show_presenter()
    presenter = group.presenter
    presenter.panel_button.setChecked(True)
    for _ in presenter.session.module.steps:
        assert unnamed_controls(presenter) == [], presenter.session.step.id
        presenter.next()


def test_the_site_report_screen_draws_charts_and_tables_and_saves_csv_and_pdf(qtbot, store, accounts, notes_programme,
                                                                             data_dir, tmp_path):
    from PySide6.QtCharts import QChartView

    from kiosk.core.report_files import ExportPlaces

    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    shell = make_shell(qtbot, store, accounts, notes_programme, report_exports=ExportPlaces(str(tmp_path), data_dir))
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    qtbot.keyClick(shell.trainer.home.reports_button, Qt.Key.Key_Space)
    screen = shell.trainer.reports
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10_000)  # built on a worker thread
    assert screen.csv_button.isEnabled() and screen.pdf_button.isEnabled()
    assert screen.area.widget().findChildren(QChartView), "the completions chart is drawn"
    assert "Counts under 10 people are hidden." in screen.status.text()
    assert unnamed_controls(screen) == []
    assert screen.folder_box.currentData() == tmp_path.resolve()
    assert screen.save("csv").read_text(encoding="utf-8-sig").startswith("section,row,column,value")
    assert screen.save("pdf").read_bytes().startswith(b"%PDF")
    qtbot.keyClick(screen.back_button, Qt.Key.Key_Space)
    assert shell.stack.currentWidget() is shell.trainer.home and shell.trainer.reports is None
