"""The question a trainer sees when a group session screen has been left alone.

The trainer's screen holds trainer powers (attendance, credit, ending the session), so it must not
stay open forever in an empty room. It waits much longer than a learner's screen (a trainer may
talk for a long time without touching the keyboard), then asks first.

With one display the room sees this window, so the wording is for whoever is looking: no names,
nothing from the session, only that the trainer's screen will close and the session is kept. On a
second display the projector keeps its slide; the question is on the trainer's screen only.
"""

from __future__ import annotations

from kiosk.ui.idle import CountdownScreen


class GroupCountdownScreen(CountdownScreen):
    """ "Still presenting?" Emits ``still_here`` (the trainer carries on) or ``expired``."""

    def _words(self) -> tuple[str, str, str, str]:
        return (self.tr("Still presenting?"),
                self.tr("Nothing has been pressed on the trainer's screen for a while. To keep the "
                        "trainer's tools safe, it will sign out soon. The group session is kept: the "
                        "trainer can resume it from the trainer home."),
                self.tr("Trainer: press \"Continue the session\" to carry on where you were."),
                self.tr("&Continue the session"))
