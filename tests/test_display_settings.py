"""A learner's own display settings (text size, high contrast, reduced motion): changed by keyboard
from the banner, remembered for them, applied at their sign-in, and never passed to the next
learner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core.display import DisplaySettings, load_display, save_display
from kiosk.ui.services import Services
from kiosk.ui.settings_panel import SettingsPanel
from kiosk.ui.take_a_break import BreakScreen
from kiosk.ui.theme import HIGH_CONTRAST, stylesheet
from tests.uihelpers import make_shell, register, sign_in

# -- core: what is remembered ------------------------------------------------------------------


def test_saved_settings_are_read_back_and_bad_values_fall_back_to_defaults():
    assert DisplaySettings.from_json(None) == DisplaySettings()
    assert DisplaySettings.from_json({"text_scale": 150, "high_contrast": True}) == DisplaySettings(150, True)
    assert DisplaySettings.from_json({"text_scale": 900}).text_scale == 200
    assert DisplaySettings.from_json({"text_scale": 20}).text_scale == 100
    assert DisplaySettings.from_json({"text_scale": "big", "high_contrast": "yes"}) == DisplaySettings()
    assert DisplaySettings.from_json({"text_scale": True}) == DisplaySettings()


def test_saving_display_settings_keeps_the_learners_other_settings(store):
    learner = store.learners.add("hash", "pin")
    store.learners.update(learner, settings={"video": {"captions": True}})
    save_display(store, learner, DisplaySettings(175, False, True))
    assert store.learners.get(learner).settings == {
        "video": {"captions": True},
        "display": {"text_scale": 175, "high_contrast": False, "reduced_motion": True},
    }
    assert load_display(store, learner) == DisplaySettings(175, False, True)


# -- ui: by keyboard, remembered, not passed on --------------------------------------------------


@pytest.fixture
def shell(qtbot, store, accounts, programme):
    return make_shell(qtbot, Services(store, accounts, programme))


def choose_150_and_high_contrast_by_keyboard(qtbot, shell) -> None:
    qtbot.keyClick(shell, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # "&Display" in the banner
    # A mnemonic "animates" the button press, so the click lands a moment later.
    qtbot.waitUntil(lambda: isinstance(shell.stack.currentWidget(), SettingsPanel), timeout=2000)
    panel = shell.stack.currentWidget()
    standard = panel.size_group.button(100)
    assert standard.hasFocus() and standard.isChecked()
    qtbot.keyClick(standard, Qt.Key.Key_Down)
    qtbot.keyClick(panel.size_group.button(125), Qt.Key.Key_Down)
    assert panel.size_group.checkedId() == 150
    qtbot.keyClick(panel.size_group.button(150), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.high_contrast.isChecked, timeout=2000)
    qtbot.keyClick(panel.high_contrast, Qt.Key.Key_Escape)


def test_settings_change_at_once_by_keyboard_and_are_remembered(qtbot, shell, store):
    register(qtbot, shell)
    focus_before = shell.home.continue_button
    assert focus_before.hasFocus()
    choose_150_and_high_contrast_by_keyboard(qtbot, shell)
    assert shell.stack.currentWidget() is shell.home and focus_before.hasFocus()
    assert shell.display == DisplaySettings(150, True, False)
    assert shell.styleSheet() == stylesheet(1.5, True)
    assert "font-size: 20pt" in shell.styleSheet() and HIGH_CONTRAST.window in shell.styleSheet()
    assert load_display(store, 1) == DisplaySettings(150, True, False)


def test_settings_come_back_at_sign_in_and_never_reach_the_next_learner(qtbot, shell):
    register(qtbot, shell, code="AAA111", name="Amira")
    choose_150_and_high_contrast_by_keyboard(qtbot, shell)
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert shell.display == DisplaySettings() and shell.styleSheet() == ""  # the sign-in screen as standard

    register(qtbot, shell, code="BBB222", name="Bogdan")
    assert shell.display == DisplaySettings() and shell.styleSheet() == ""
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)

    sign_in(qtbot, shell, code="AAA111")
    assert shell.learning.learner.first_name == "Amira"
    assert shell.display == DisplaySettings(150, True, False)
    assert shell.styleSheet() == stylesheet(1.5, True)


def test_reduced_motion_is_remembered_and_stills_the_breathing_guide(qtbot, shell):
    register(qtbot, shell)
    shell.show_settings()
    panel = shell.stack.currentWidget()
    panel.reduced_motion.setFocus()
    qtbot.keyClick(panel.reduced_motion, Qt.Key.Key_Space)
    qtbot.keyClick(panel.done_button, Qt.Key.Key_Return)
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    sign_in(qtbot, shell)
    shell.take_a_break()
    screen = shell.stack.currentWidget()
    assert isinstance(screen, BreakScreen) and not screen.circle.running()


def test_settings_are_only_offered_to_a_signed_in_learner(qtbot, shell):
    assert not shell.banner.settings_button.isVisible()
    shell.show_settings()
    assert shell.stack.currentWidget() is shell.signin
