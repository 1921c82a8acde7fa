"""The look: calm colours, large readable text, a focus ring you can always see.

Text size (100-200%) and high contrast are parameters, so a learner's own settings apply to
every screen at once.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_POINT_SIZE = 13


@dataclass(frozen=True)
class Palette:
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    focus: str
    border: str
    good: str
    warn: str


CALM = Palette(window="#f4f6f5", surface="#ffffff", text="#1d2a2f", muted="#46575e",
               accent="#245e6b", accent_text="#ffffff", focus="#c25e00", border="#b9c6c9",
               good="#1f6b3a", warn="#8a4b00")
HIGH_CONTRAST = Palette(window="#000000", surface="#000000", text="#ffffff", muted="#ffffff",
                        accent="#ffff00", accent_text="#000000", focus="#00ffff", border="#ffffff",
                        good="#7CFC00", warn="#ffff00")


def stylesheet(scale: float = 1.0, high_contrast: bool = False) -> str:
    """The application style sheet for a text scale (1.0-2.0) and contrast choice."""
    p = HIGH_CONTRAST if high_contrast else CALM
    pt = round(BASE_POINT_SIZE * scale)
    big = round(pt * 1.6)
    mid = round(pt * 1.25)
    tick = round(pt * 1.4)  # radio and check box marks, in pixels, growing with the text
    return f"""
    QWidget {{ font-size: {pt}pt; color: {p.text}; }}
    QMainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {p.window}; }}
    QFrame#card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 10px; }}
    QLabel#title {{ font-size: {big}pt; font-weight: 600; }}
    QLabel#subtitle {{ font-size: {mid}pt; font-weight: 600; }}
    QLabel#question {{ font-size: {round(pt * 1.2)}pt; font-weight: 500; }}
    QLabel#muted {{ color: {p.muted}; }}
    QLabel#message {{ color: {p.warn}; font-weight: 600; }}
    QLabel#saved {{ color: {p.good}; }}
    QLabel#strong {{ font-weight: 600; }}
    QWidget#breathing {{ color: {p.accent}; }}
    QFrame#banner {{ background: {p.surface}; border-bottom: 1px solid {p.border}; }}
    QPushButton {{ background: {p.surface}; color: {p.text}; border: 2px solid {p.accent};
                   border-radius: 8px; padding: 8px 18px; min-height: 1.6em; }}
    QPushButton#primary {{ background: {p.accent}; color: {p.accent_text}; font-weight: 600; }}
    QPushButton:disabled {{ color: {p.muted}; border-color: {p.border}; }}
    QPushButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextBrowser:focus,
    QRadioButton:focus, QCheckBox:focus, QListWidget:focus, QScrollArea:focus, QSlider:focus, QComboBox:focus
                   {{ outline: none; border: 3px solid {p.focus}; }}
    QRadioButton, QCheckBox {{ padding: 4px; border: 3px solid transparent; border-radius: 6px; }}
    QScrollArea {{ border: 3px solid transparent; }}
    /* room for the focus ring, which scrolls by keyboard */
    QSlider, QComboBox {{ border: 3px solid transparent; border-radius: 6px; }}
    /* Drawn here rather than by the platform style, so a choice reads clearly in either theme
       (the native marks vanish on high contrast's black). */
    QRadioButton::indicator, QCheckBox::indicator {{ width: {tick}px; height: {tick}px;
                   border: 2px solid {p.text}; background: {p.surface}; }}
    QRadioButton::indicator {{ border-radius: {tick // 2 + 2}px; }}
    QCheckBox::indicator {{ border-radius: 4px; }}
    QRadioButton::indicator:checked {{ background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5,
                   fy:0.5, stop:0 {p.accent}, stop:0.55 {p.accent}, stop:0.65 {p.surface}, stop:1 {p.surface}); }}
    QCheckBox::indicator:checked {{ background: {p.accent}; }}
    QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {p.muted}; }}
    QTabBar::tab {{ padding: 8px 16px; border: 3px solid transparent; }}
    QTabBar::tab:selected {{ border-bottom: 3px solid {p.accent}; font-weight: 600; }}
    QTabBar:focus {{ border: 3px solid {p.focus}; }}
    QLineEdit, QPlainTextEdit, QTextBrowser {{ background: {p.surface}; color: {p.text};
                   border: 2px solid {p.border}; border-radius: 6px; padding: 6px; }}
    QProgressBar {{ border: 1px solid {p.border}; border-radius: 5px; background: {p.surface};
                    text-align: center; min-height: 1em; }}
    QProgressBar::chunk {{ background: {p.accent}; border-radius: 4px; }}
    """
