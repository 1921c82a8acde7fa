"""A learner's own display settings: text size, high contrast, reduced motion.

They are remembered with the learner (the ``settings`` JSON of the learners table, under
``"display"``) so they come back at every sign-in, and they never reach the next learner: the
shell goes back to the defaults at sign-out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.core.store import Store

TEXT_SCALES = (100, 125, 150, 175, 200)
"""The text sizes offered, in percent of the standard size."""
MIN_SCALE, MAX_SCALE = TEXT_SCALES[0], TEXT_SCALES[-1]
SETTINGS_KEY = "display"


@dataclass(frozen=True)
class DisplaySettings:
    text_scale: int = 100
    """Percent of the standard text size (100-200)."""
    high_contrast: bool = False
    reduced_motion: bool = False
    """No moving animations (the breathing circle stays still)."""

    @property
    def scale(self) -> float:
        return self.text_scale / 100

    @classmethod
    def from_json(cls, data: Any) -> DisplaySettings:
        """Read saved settings; anything missing or malformed falls back to the default."""
        if not isinstance(data, Mapping):
            return cls()
        scale = data.get("text_scale", 100)
        if isinstance(scale, bool) or not isinstance(scale, (int, float)):
            scale = 100
        return cls(
            text_scale=int(min(MAX_SCALE, max(MIN_SCALE, scale))),
            high_contrast=data.get("high_contrast") is True,
            reduced_motion=data.get("reduced_motion") is True,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_display(store: Store, learner_id: int) -> DisplaySettings:
    """The learner's saved display settings (the defaults if none were saved)."""
    row = store.learners.get(learner_id)
    return DisplaySettings.from_json(row.settings.get(SETTINGS_KEY) if row else None)


def save_display(store: Store, learner_id: int, display: DisplaySettings) -> None:
    """Remember the learner's display settings, keeping any other settings they have.

    Raises:
        StoreError: the settings could not be saved.
    """
    row = store.learners.get(learner_id)
    settings = dict(row.settings) if row else {}
    settings[SETTINGS_KEY] = display.to_json()
    store.learners.update(learner_id, settings=settings)
