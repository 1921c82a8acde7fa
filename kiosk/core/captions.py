"""Caption files (WebVTT and SRT) read into cues.

The same cues drive the captions under the video and the interactive transcript, so what a learner
reads is always what is said. Reading never raises for bad content: a cue that cannot be read is
reported as a ``ContentProblem`` naming the file and line, and the readable cues are still used.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content.model import ContentProblem

MAX_CAPTION_BYTES = 2 * 1024 * 1024
"""A caption file for a long video is a few hundred kB; anything far larger is a mistake."""

_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    """One caption: shown from ``start`` to ``end`` (seconds)."""

    start: float
    end: float
    text: str
    speaker: str = ""
    line: int = 0
    """Where the cue's timing line is in its file (for messages)."""


@dataclass(frozen=True)
class Captions:
    """The cues of one file, in time order, and the problems found reading it."""

    cues: tuple[Cue, ...] = ()
    problems: tuple[ContentProblem, ...] = ()

    def index_at(self, seconds: float) -> int | None:
        """The cue showing at ``seconds`` (the latest to start, if cues overlap), or None."""
        return cue_at(self.cues, seconds)


def read_captions(path: Path) -> Captions:
    """Read a ``.vtt`` or ``.srt`` file (chosen by its extension; ``.vtt`` if unsure)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CAPTION_BYTES:
            return Captions(problems=(ContentProblem(
                path, f"is {size / 1e6:.1f} MB; a caption file may be at most "
                      f"{MAX_CAPTION_BYTES // 1024 // 1024} MB"),))
        raw = path.read_bytes()
    except OSError as exc:
        return Captions(problems=(ContentProblem(path, f"cannot be read ({exc.strerror})"),))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Captions(problems=(ContentProblem(path, "is not UTF-8 text (save it as UTF-8)", line=line),))
    if path.suffix.lower() == ".srt":
        return parse_srt(text, path)
    return parse_webvtt(text, path)


def parse_webvtt(text: str, path: Path = Path("captions.vtt")) -> Captions:
    """Parse WebVTT: a ``WEBVTT`` header, then blocks separated by blank lines (cues, NOTE,
    STYLE and REGION blocks); a cue is an optional id line, a timing line and its text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[ContentProblem] = []
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        problems.append(ContentProblem(path, "should start with the line 'WEBVTT' (is it an SRT file? "
                                             "then name it .srt)", line=1))
        return Captions(problems=tuple(problems))
    cues = []
    for first, block in _blocks(lines[1:], offset=2):
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        cue = _cue(block, first, path, problems, allow_id=True)
        if cue is not None:
            cues.append(cue)
    return _finish(cues, problems)


def parse_srt(text: str, path: Path = Path("captions.srt")) -> Captions:
    """Parse SRT: numbered blocks of a timing line (``00:00:01,000 --> 00:00:03,500``) and text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[ContentProblem] = []
    cues = []
    for first, block in _blocks(lines, offset=1):
        cue = _cue(block, first, path, problems, allow_id=True)
        if cue is not None:
            cues.append(cue)
    return _finish(cues, problems)


def cue_at(cues: Sequence[Cue], seconds: float) -> int | None:
    """Index of the cue showing at ``seconds`` in time-ordered ``cues``, or None between cues."""
    starts = [c.start for c in cues]
    index = bisect.bisect_right(starts, seconds) - 1
    while index >= 0:
        if cues[index].start <= seconds < cues[index].end:
            return index
        # An earlier, longer cue may still be showing under overlapping ones; look back a little.
        if seconds - cues[index].start > 60:
            break
        index -= 1
    return None


def transcript_paragraphs(cues: Iterable[Cue], pause: float = 2.0) -> list[str]:
    """The cues as readable paragraphs: a new paragraph when the speaker changes or after a
    pause of ``pause`` seconds; a speaker's name leads their paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    speaker, last_end = None, None
    for cue in cues:
        if current and (cue.speaker != speaker or (last_end is not None and cue.start - last_end >= pause)):
            paragraphs.append(" ".join(current))
            current = []
        if not current and cue.speaker:
            current.append(f"{cue.speaker}:")
        current.append(cue.text.replace("\n", " "))
        speaker, last_end = cue.speaker, cue.end
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def format_clock(seconds: float) -> str:
    """``75.2`` -> ``"1:15"``; ``3725`` -> ``"1:02:05"``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- internals ------------------------------------------------------------------------------
def _blocks(lines: list[str], offset: int) -> Iterable[tuple[int, list[str]]]:
    """Yield (line number of the block's first line, its lines) for blank-line separated blocks."""
    block: list[str] = []
    start = offset
    for number, line in enumerate(lines, start=offset):
        if line.strip():
            if not block:
                start = number
            block.append(line.rstrip())
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _cue(block: list[str], first: int, path: Path, problems: list[ContentProblem],
         allow_id: bool = True) -> Cue | None:
    timing_at = 0
    if allow_id and len(block) > 1 and "-->" not in block[0] and "-->" in block[1]:
        timing_at = 1  # a cue identifier (WebVTT) or number (SRT)
    line_no = first + timing_at
    timing = block[timing_at]
    match = _TIMING.match(timing)
    if match is None:
        if "-->" in timing:
            message = (f"'{timing.strip()[:60]}' is not a cue timing; write it like "
                       "00:01:02.500 --> 00:01:05.000")
        else:
            message = (f"expected a cue timing line (like 00:01:02.500 --> 00:01:05.000) but found "
                       f"'{timing.strip()[:60]}'")
        problems.append(ContentProblem(path, message, line=line_no))
        return None
    start, end = _seconds(match.groups()[:4]), _seconds(match.groups()[4:])
    if end <= start:
        problems.append(ContentProblem(path, "the cue ends before it starts (the second time must be "
                                             "later than the first)", line=line_no))
        return None
    payload = block[timing_at + 1:]
    if not payload:
        problems.append(ContentProblem(path, "the cue has a timing line but no text", line=line_no))
        return None
    speaker = ""
    voice = _VOICE.search(payload[0])
    if voice:
        speaker = voice.group(1).strip()
    text = "\n".join(html.unescape(_TAG.sub("", line)).strip() for line in payload).strip()
    if not text:
        problems.append(ContentProblem(path, "the cue has no text once its tags are removed", line=line_no))
        return None
    return Cue(start, end, text, speaker, line_no)


def _seconds(parts: Sequence[str | None]) -> float:
    hours, minutes, secs, fraction = parts
    return (int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
            + int((fraction or "").ljust(3, "0")) / 1000)


def _finish(cues: list[Cue], problems: list[ContentProblem]) -> Captions:
    cues.sort(key=lambda c: (c.start, c.end))
    return Captions(tuple(cues), tuple(problems))
