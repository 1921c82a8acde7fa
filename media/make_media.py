#!/usr/bin/env python3
"""Make the sample programme's videos, captions and transcripts for TIP Kiosk.

What it makes (in media/, or in --out DIR):
  animation-how-trauma-affects-people.webm / .vtt / .transcript.md
      about 3.5 minutes, 9 animated scenes with narration: what trauma is,
      single and complex trauma, the threat response, fight/flight/freeze/fawn,
      the window of tolerance, how trauma can show up in asylum interviews and
      probation supervision, why trauma-informed practice matters, and a closing
      note that it is OK to pause.
  scenario-asylum-interview.webm / .vtt / .transcript.md         (about 58 s)
  scenario-probation-supervision.webm / .vtt / .transcript.md    (about 58 s)
  README.md    what each file is, with measured durations and sizes

Everything is made from the text and drawing code in this file: the narration
and dialogue are spoken by espeak-ng, the pictures are shapes drawn here (written
as PNG with the standard library) and animated with ffmpeg filters (overlay,
fade, scale, drawtext). Captions are timed from the measured length of each
spoken line, so they stay aligned with the audio.

What it needs: python3 (standard library only), ffmpeg with libx264 (scene
clips), libsvtav1 and libopus (the final encode), ffprobe, espeak-ng with its English voices, and the DejaVu
Sans font (Debian: fonts-dejavu-core).

How long it takes: about 3-4 minutes of CPU time; 4-7 minutes on a busy 2-core
machine (most of it is drawing the scenes and the final AV1 encode). The output is deterministic for the same tool versions (espeak-ng,
ffmpeg/x264): no random numbers, no timestamps.

Usage:
  python3 media/make_media.py                 # everything, into media/
  python3 media/make_media.py --out /tmp/m    # somewhere else
  python3 media/make_media.py --only scenario-asylum-interview
  python3 media/make_media.py --reencode      # only re-encode existing .mp4 files as .webm
  python3 media/make_media.py --long-test-file /tmp/long.mp4 --minutes 13
      # a long, tiny, low-bitrate test video (testsrc + quiet tone) with a
      # WebVTT file beside it (a cue every 5 s); takes a few seconds.

Tests can also import it:
  from make_media import make_long_test_video
  mp4, vtt = make_long_test_video(tmp_path / "long.mp4", minutes=13)

Content note: the material is introductory, written for this programme, and
avoids graphic detail. Colours are calm; nothing flashes or flickers (all
motion is slow: breathing circles with 4-8 s periods, fades of 0.3 s or more).
"""

import argparse
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import wave
import zlib
from pathlib import Path

# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------

W, H = 1280, 720                 # frame size
FPS = 20                         # calm content: 20 fps is plenty
SAMPLE_RATE = 22050              # espeak-ng's native rate; AAC is encoded at 44.1 kHz
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# Final encode: AV1 + Opus in WebM. libVLC plays these with its small dav1d, opus and mkv plugins,
# so the kiosk's installer need not carry Debian's libavcodec and the encoder libraries it links
# (~110 MB; docs/performance.md). dav1d decodes this 720p at a few % of one core. CRF 38 at
# preset 8 keeps flat graphics and text sharp at about half the size of the former H.264 CRF 22.
VIDEO_ENCODE = ["-c:v", "libsvtav1", "-preset", "8", "-crf", "38", "-pix_fmt", "yuv420p",
                "-g", str(FPS * 5), "-svtav1-params", "tune=0"]   # tune 0: sharper edges
AUDIO_ENCODE = ["-af", "volume=-3dB",            # espeak-ng peaks near full scale
                "-c:a", "libopus", "-b:a", "48k", "-ac", "1", "-ar", "48000"]
VIDEO_EXT = ".webm"
# Intermediate scene clips: lossless, fast.
LOSSLESS = ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p"]

# Timing (seconds)
LEAD = 1.0        # before the first line of a scene
GAP = 0.5         # between lines of the same speaker
TURN_GAP = 0.7    # between lines of different speakers
TAIL = 1.4        # after the last line of a scene
SCENE_FADE = 0.5  # fade in/out of each scene (to the background colour)
TEXT_FADE = 0.8   # fade-in of text and shapes

# Caption layout
CAPTION_LINE = 42     # characters per caption line
CAPTION_LINES = 2     # lines per cue (so at most ~84 characters)
CAPTION_HOLD = 0.4    # keep a cue up a little after the speech ends

# Colours (calm, high contrast for text)
C = {
    "bg_top": (30, 42, 58), "bg_bottom": (22, 31, 44),
    "room_top": (52, 64, 80), "room_bottom": (40, 50, 64), "floor": (31, 39, 51),
    "text": (244, 241, 234), "muted": (196, 204, 214), "sand": (232, 200, 143),
    "teal": (95, 179, 168), "coral": (227, 155, 123), "lavender": (160, 170, 220),
    "card": (44, 60, 80), "card_edge": (70, 92, 118), "slate": (120, 138, 160),
    "skin1": (205, 160, 125), "skin2": (150, 105, 80), "skin3": (228, 190, 160),
    "table": (120, 98, 80), "table_edge": (96, 78, 64),
}


def hexc(rgb):
    return "0x%02X%02X%02X" % rgb


# ---------------------------------------------------------------------------
# Narration and dialogue (the words are the content: edit them here)
# ---------------------------------------------------------------------------

def say(speaker, text):
    """A spoken line. speaker is a key of the video's "voices"."""
    return {"speaker": speaker, "text": text}


def pause(seconds, description):
    """A silent moment, described in the captions and the transcript."""
    return {"speaker": None, "pause": seconds, "text": description}


ANIMATION = {
    "name": "animation-how-trauma-affects-people",
    "title": "How trauma affects people",
    "kind": "animation",
    "voices": {"NARRATOR": {"voice": "en-gb", "speed": 160, "pitch": 40}},
    "label_speakers": False,
    "scenes": [
        {
            "id": "intro", "visual": "visual_intro",
            "title": "How trauma affects people",
            "description": "A soft circle slowly grows and shrinks, like calm breathing. "
                           "The title appears beneath it.",
            "lines": [
                say("NARRATOR", "How trauma affects people."),
                say("NARRATOR", "An introduction for caseworkers and probation staff."),
                say("NARRATOR", "It covers difficult experiences in general terms, without "
                                "graphic detail. You can pause at any time."),
            ],
        },
        {
            "id": "what-is-trauma", "visual": "visual_three_es",
            "title": "What is trauma?",
            "description": "Three cards appear in turn: Event, Experience, Effects. Below "
                           "them, two figures stand either side of the words "
                           "\u201cSame event, different effects\u201d.",
            "lines": [
                say("NARRATOR", "Trauma is not only about what happened."),
                say("NARRATOR", "It is about how an event, or a series of events, was "
                                "experienced: as harmful, or as a threat."),
                say("NARRATOR", "And about the effects that can last long afterwards."),
                say("NARRATOR", "Two people can go through the same event, and be affected "
                                "very differently."),
            ],
        },
        {
            "id": "single-and-complex", "visual": "visual_timelines",
            "title": "Single and repeated trauma",
            "description": "Two timelines. On the first, a single dot marks one event. On "
                           "the second, dot after dot appears: harm that happened again "
                           "and again.",
            "lines": [
                say("NARRATOR", "Some trauma follows a single event, such as an accident "
                                "or an assault."),
                say("NARRATOR", "Other trauma is repeated or prolonged, often caused by "
                                "other people, with no way out."),
                say("NARRATOR", "This is sometimes called complex trauma: for example war, "
                                "persecution, trafficking, domestic abuse, or harm in "
                                "childhood."),
                say("NARRATOR", "It can shape how safe a person feels with others, "
                                "especially people in authority."),
            ],
        },
        {
            "id": "threat-response", "visual": "visual_threat",
            "title": "The threat response",
            "description": "A figure stands on the right. A warm glow grows around the "
                           "chest as the body's alarm reacts, and the calm glow around the "
                           "head fades. Short points appear on the left.",
            "lines": [
                say("NARRATOR", "When we sense danger, the brain's alarm reacts before we "
                                "can think."),
                say("NARRATOR", "The body gets ready to survive: the heart races, and "
                                "muscles tense."),
                say("NARRATOR", "Planning, reasoning and finding words all become harder."),
                say("NARRATOR", "This is automatic: not a choice, and not a weakness."),
                say("NARRATOR", "After trauma, the alarm can stay sensitive. Reminders can "
                                "set it off, even when the person is now safe."),
            ],
        },
        {
            "id": "four-fs", "visual": "visual_four_fs",
            "title": "Fight, flight, freeze, fawn",
            "description": "Four cards appear one by one: Fight, Flight, Freeze and Fawn, "
                           "each with a few words about what it can look like.",
            "lines": [
                say("NARRATOR", "The threat response can take different forms."),
                say("NARRATOR", "Fight: becoming angry or defensive."),
                say("NARRATOR", "Flight: wanting to get away, or avoiding."),
                say("NARRATOR", "Freeze: going still and quiet, finding it hard to speak."),
                say("NARRATOR", "Fawn: trying to please, and agreeing, to stay safe."),
                say("NARRATOR", "None of these is chosen: each is the body protecting "
                                "itself."),
            ],
        },
        {
            "id": "window-of-tolerance", "visual": "visual_window",
            "title": "The window of tolerance",
            "description": "A calm band runs across the screen: the window of tolerance. "
                           "A line moves along it, rising above it into hyperarousal, then "
                           "dropping below it into hypoarousal. Then the band narrows, and "
                           "widens again.",
            "lines": [
                say("NARRATOR", "A helpful idea is the window of tolerance."),
                say("NARRATOR", "Inside the window, we can think, feel, and connect with "
                                "others."),
                say("NARRATOR", "Above it, a person may feel anxious, angry or "
                                "overwhelmed."),
                say("NARRATOR", "Below it, they may feel numb, far away, or shut down."),
                say("NARRATOR", "Trauma can narrow the window. Calm, predictable contact "
                                "can help to widen it."),
            ],
        },
        {
            "id": "how-it-shows-up", "visual": "visual_shows_up",
            "title": "How it may show up at work",
            "description": "Four cards appear: Memory gaps, Changing details, Shutting "
                           "down, Irritability. A banner below reads \u201cNot, by "
                           "themselves, evidence of lying\u201d.",
            "lines": [
                say("NARRATOR", "In asylum interviews and probation supervision, trauma "
                                "can be easy to misread."),
                say("NARRATOR", "A person may have gaps in memory, or struggle with dates "
                                "and the order of events."),
                say("NARRATOR", "Details may change between tellings."),
                say("NARRATOR", "They may shut down, or be irritable and wary of "
                                "authority."),
                say("NARRATOR", "These are common effects of trauma. On their own, they "
                                "are not evidence of lying, or of refusing to engage."),
            ],
        },
        {
            "id": "why-it-matters", "visual": "visual_principles",
            "title": "Why trauma-informed practice matters",
            "description": "Six circles appear, each named with a principle of the UK "
                           "government's working definition (OHID, 2022): Safety, Trust, "
                           "Choice, Collaboration, Empowerment, Cultural consideration. A "
                           "line of everyday actions appears below.",
            "lines": [
                say("NARRATOR", "Trauma-informed practice makes sense of these reactions, "
                                "and avoids causing more harm."),
                say("NARRATOR", "You don't need to know someone's history to do it."),
                say("NARRATOR", "It rests on six principles: safety, trust, choice, "
                                "collaboration, empowerment, and cultural consideration."),
                say("NARRATOR", "In practice: explain what will happen, offer breaks and "
                                "choices, and follow through."),
                say("NARRATOR", "When people feel safer, they can engage more, and give "
                                "clearer accounts."),
            ],
        },
        {
            "id": "its-ok-to-pause", "visual": "visual_closing",
            "title": "It's OK to pause",
            "description": "The breathing circle returns. Beside it: pause and come back "
                           "later; talk to your manager or supervisor; use the support "
                           "contacts in this programme.",
            "lines": [
                say("NARRATOR", "Hearing about trauma, again and again, can affect us too."),
                say("NARRATOR", "It is okay to pause, take a breath, and come back later."),
                say("NARRATOR", "If something has affected you, talk to your manager or "
                                "supervisor, or use the support contacts in this "
                                "programme."),
                say("NARRATOR", "Thank you for watching."),
            ],
        },
    ],
}

ASYLUM = {
    "name": "scenario-asylum-interview",
    "title": "Scenario: an asylum interview",
    "kind": "scenario",
    "voices": {
        "NARRATOR": {"voice": "en-gb", "speed": 160, "pitch": 40},
        "CASEWORKER": {"voice": "en-gb+f3", "speed": 145, "pitch": 50},
        "APPLICANT": {"voice": "en-gb-x-rp+m3", "speed": 130, "pitch": 35},
    },
    "label_speakers": True,
    "scenes": [
        {
            "id": "card", "visual": "visual_card",
            "title": "Scenario: an asylum interview",
            "subtitle": "A caseworker asks about a difficult event.",
            "description": "Title card.",
            "lines": [say("NARRATOR", "Scenario: an asylum interview. A caseworker asks "
                                      "about a difficult event.")],
        },
        {
            "id": "dialogue", "visual": "visual_asylum_room",
            "title": "The interview",
            "description": "An interview room. The caseworker sits on the left of a table, "
                           "the applicant on the right. A small speech sign appears above "
                           "whoever is speaking. When the applicant shuts down, their head "
                           "lowers and a cool glow surrounds them; it fades when a break "
                           "is offered.",
            "lines": [
                say("CASEWORKER", "Thank you. Can you tell me about the night you left "
                                  "your home town?"),
                pause(3.0, "[The applicant looks down and goes quiet.]"),
                say("APPLICANT", "I... I don't know. I can't remember."),
                say("CASEWORKER", "That's all right. This looks hard to talk about. Would "
                                  "you like a short break? We can stop for ten minutes."),
                say("APPLICANT", "Yes. A break, please."),
                say("CASEWORKER", "After the break, I'll tell you what the next questions "
                                  "are about. You can ask to stop at any time, and you'll "
                                  "get a copy of the interview record."),
                say("APPLICANT", "Okay. Thank you."),
            ],
        },
        {
            "id": "what-helped", "visual": "visual_what_helped",
            "title": "What helped",
            "points": ["Noticing the shutdown", "Offering a pause, and a choice",
                       "Explaining what happens next"],
            "description": "Closing card listing what helped.",
            "lines": [say("NARRATOR", "What helped: noticing the shutdown, offering a pause "
                                      "and a choice, and explaining what happens next.")],
        },
    ],
}

PROBATION = {
    "name": "scenario-probation-supervision",
    "title": "Scenario: probation supervision",
    "kind": "scenario",
    "voices": {
        "NARRATOR": {"voice": "en-gb", "speed": 160, "pitch": 40},
        "OFFICER": {"voice": "en-gb+m3", "speed": 145, "pitch": 45},
        "PERSON ON PROBATION": {"voice": "en-gb+f4", "speed": 155, "pitch": 55},
    },
    "label_speakers": True,
    "scenes": [
        {
            "id": "card", "visual": "visual_card",
            "title": "Scenario: probation supervision",
            "subtitle": "An appointment has to change at short notice.",
            "description": "Title card.",
            "lines": [say("NARRATOR", "Scenario: probation supervision. An appointment has "
                                      "to change at short notice.")],
        },
        {
            "id": "dialogue", "visual": "visual_probation_room",
            "title": "The supervision meeting",
            "description": "An office. The probation officer sits on the left of a table, "
                           "the person on probation on the right. A small speech sign "
                           "appears above whoever is speaking. A warm glow around the "
                           "person on probation shows their tension rising; it fades "
                           "when they are offered a choice.",
            "lines": [
                say("OFFICER", "Thanks for coming in. I need to move next week's "
                               "appointment from Tuesday to Monday morning."),
                say("PERSON ON PROBATION", "Monday? I told you I work Mondays. You lot "
                                           "always do this."),
                pause(1.5, "[The person on probation leans back, tense.]"),
                say("OFFICER", "I hear you. It's frustrating when plans change at short "
                               "notice, and I'm sorry. I'm on a course on Tuesday."),
                say("OFFICER", "I don't want this to cost you a shift. Would Monday at five "
                               "work, or Wednesday morning? You choose."),
                say("PERSON ON PROBATION", "Monday at five. That works."),
                say("OFFICER", "Thanks. I'll text you today to confirm."),
            ],
        },
        {
            "id": "what-helped", "visual": "visual_what_helped",
            "title": "What helped",
            "points": ["Staying calm", "Naming the frustration", "Explaining why",
                       "Offering a choice"],
            "description": "Closing card listing what helped.",
            "lines": [say("NARRATOR", "What helped: staying calm, naming the frustration, "
                                      "explaining why, and offering a choice.")],
        },
    ],
}

VIDEOS = [ANIMATION, ASYLUM, PROBATION]


# ---------------------------------------------------------------------------
# Running tools
# ---------------------------------------------------------------------------

def run(cmd):
    """Run a command; on failure show its output and stop."""
    res = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        raise SystemExit("command failed: %s" % " ".join(str(c) for c in cmd[:6]))
    return res.stdout


def ffmpeg(*args):
    run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args])


def probe_duration(path):
    out = run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
               "-of", "default=nw=1:nk=1", path])
    return float(out.strip())


def check_tools():
    missing = [t for t in ("ffmpeg", "ffprobe", "espeak-ng") if not shutil.which(t)]
    if missing:
        raise SystemExit("missing tools: %s" % ", ".join(missing))
    for f in (FONT, FONT_BOLD):
        if not Path(f).exists():
            raise SystemExit("missing font %s (Debian: fonts-dejavu-core)" % f)


# ---------------------------------------------------------------------------
# Drawing shapes (PNG sprites, standard library only)
# ---------------------------------------------------------------------------

def write_png(path, width, height, rgba):
    """Write 8-bit RGBA pixels (bytes, row-major) as a PNG file."""
    raw = b"".join(b"\x00" + bytes(rgba[y * width * 4:(y + 1) * width * 4])
                   for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


class Canvas:
    """A small RGBA canvas with anti-aliased shapes (signed distance functions)."""

    def __init__(self, width, height):
        self.w, self.h = width, height
        self.px = bytearray(width * height * 4)

    def _blend(self, i, rgb, a):
        p = self.px
        da = p[i + 3] / 255.0
        oa = a + da * (1.0 - a)
        if oa <= 0.0:
            return
        for c in range(3):
            p[i + c] = int(round((rgb[c] * a + p[i + c] * da * (1.0 - a)) / oa))
        p[i + 3] = int(round(oa * 255.0))

    def fill_sdf(self, sdf, box, rgb, alpha=1.0):
        x0, y0, x1, y1 = (max(0, int(box[0]) - 1), max(0, int(box[1]) - 1),
                          min(self.w, int(box[2]) + 2), min(self.h, int(box[3]) + 2))
        for y in range(y0, y1):
            for x in range(x0, x1):
                cov = 0.5 - sdf(x + 0.5, y + 0.5)
                if cov > 0.0:
                    self._blend((y * self.w + x) * 4, rgb, alpha * min(1.0, cov))

    def circle(self, cx, cy, r, rgb, alpha=1.0):
        self.fill_sdf(lambda x, y: math.hypot(x - cx, y - cy) - r,
                      (cx - r, cy - r, cx + r, cy + r), rgb, alpha)

    def rounded_rect(self, x0, y0, x1, y1, radius, rgb, alpha=1.0):
        cx, cy, hw, hh = (x0 + x1) / 2.0, (y0 + y1) / 2.0, (x1 - x0) / 2.0, (y1 - y0) / 2.0
        r = min(radius, hw, hh)

        def sdf(x, y):
            qx, qy = abs(x - cx) - hw + r, abs(y - cy) - hh + r
            return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - r
        self.fill_sdf(sdf, (x0, y0, x1, y1), rgb, alpha)

    def glow(self, cx, cy, r, rgb, alpha):
        """A soft radial glow, strongest in the middle."""
        for y in range(max(0, int(cy - r)), min(self.h, int(cy + r) + 1)):
            for x in range(max(0, int(cx - r)), min(self.w, int(cx + r) + 1)):
                d = math.hypot(x + 0.5 - cx, y + 0.5 - cy) / r
                if d < 1.0:
                    k = (1.0 - d) ** 2 * (1.0 + 2.0 * d)     # smooth falloff
                    self._blend((y * self.w + x) * 4, rgb, alpha * k)

    def polyline(self, points, width, rgb, alpha=1.0):
        """A thick line through points: coverage is the max over segments."""
        cov = {}
        half = width / 2.0
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            dx, dy = bx - ax, by - ay
            ll = dx * dx + dy * dy or 1e-9
            for y in range(max(0, int(min(ay, by) - half - 1)),
                           min(self.h, int(max(ay, by) + half + 2))):
                for x in range(max(0, int(min(ax, bx) - half - 1)),
                               min(self.w, int(max(ax, bx) + half + 2))):
                    px, py = x + 0.5, y + 0.5
                    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ll))
                    d = math.hypot(px - ax - t * dx, py - ay - t * dy) - half
                    c = min(1.0, 0.5 - d)
                    if c > cov.get((x, y), 0.0):
                        cov[(x, y)] = c
        for (x, y), c in sorted(cov.items()):
            self._blend((y * self.w + x) * 4, rgb, alpha * c)

    def vertical_gradient(self, top, bottom):
        for y in range(self.h):
            k = y / max(1, self.h - 1)
            row = bytes(int(round(top[c] + (bottom[c] - top[c]) * k)) for c in range(3))
            self.px[y * self.w * 4:(y + 1) * self.w * 4] = (row + b"\xff") * self.w

    def save(self, path):
        write_png(path, self.w, self.h, self.px)


class Sprites:
    """Makes each PNG once per run, named by what it looks like."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _make(self, name, width, height, draw):
        path = self.folder / (name + ".png")
        if not path.exists():
            cv = Canvas(width, height)
            draw(cv)
            cv.save(path)
        return path

    def background(self, top=C["bg_top"], bottom=C["bg_bottom"]):
        return self._make("bg-%s-%s" % (hexc(top), hexc(bottom)), W, H,
                          lambda cv: cv.vertical_gradient(top, bottom))

    def disc(self, r, rgb, alpha=1.0):
        size = 2 * r + 4
        return self._make("disc-%d-%s-%d" % (r, hexc(rgb), alpha * 100), size, size,
                          lambda cv: cv.circle(size / 2, size / 2, r, rgb, alpha))

    def glow(self, r, rgb, alpha):
        size = 2 * r + 2
        return self._make("glow-%d-%s-%d" % (r, hexc(rgb), alpha * 100), size, size,
                          lambda cv: cv.glow(size / 2, size / 2, r, rgb, alpha))

    def card(self, w, h, rgb=C["card"], edge=C["card_edge"], radius=22, alpha=0.92):
        def draw(cv):
            cv.rounded_rect(0, 0, w, h, radius, edge, alpha)
            cv.rounded_rect(3, 3, w - 3, h - 3, radius - 3, rgb, 1.0)
        return self._make("card-%dx%d-%s-%s" % (w, h, hexc(rgb), hexc(edge)), w, h, draw)

    def bar(self, w, h, rgb, alpha=1.0):
        return self._make("bar-%dx%d-%s-%d" % (w, h, hexc(rgb), alpha * 100), w, h,
                          lambda cv: cv.rounded_rect(0, 0, w, h, h / 2.0, rgb, alpha))

    def rect(self, w, h, rgb, alpha=1.0):
        return self._make("rect-%dx%d-%s-%d" % (w, h, hexc(rgb), alpha * 100), w, h,
                          lambda cv: cv.rounded_rect(0, 0, w, h, 0, rgb, alpha))

    def body(self, rgb, width=190, height=230):
        """Shoulders and torso of a simple seated figure (cut off by the table)."""
        def draw(cv):
            cv.rounded_rect(0, 0, width, height + 80, 80, rgb)
            cv.rounded_rect(width / 2 - 22, 0, width / 2 + 22, 26, 10,
                            tuple(int(c * 0.8) for c in rgb))     # collar shadow
        return self._make("body-%s-%d" % (hexc(rgb), width), width, height, draw)

    def head(self, skin, hair=None, r=46):
        size = 2 * r + 12
        def draw(cv):
            c = size / 2
            if hair:
                cv.circle(c, c - 3, r + 1, hair)
            cv.circle(c, c + 3, r - 2, skin)
        return self._make("head-%s-%s" % (hexc(skin), hexc(hair) if hair else "none"),
                          size, size, draw)

    def speech_sign(self):
        def draw(cv):
            cv.rounded_rect(0, 0, 110, 60, 28, C["text"], 0.95)
            cv.fill_sdf(lambda x, y: max(abs(x - 40) - (78 - y) * 0.5, y - 78, 56 - y),
                        (28, 56, 54, 80), C["text"], 0.95)              # little tail
            for dx in (30, 55, 80):
                cv.circle(dx, 30, 7, C["bg_top"])
        return self._make("speech-sign", 110, 82, draw)

    def wave(self, path_fn, width, height, rgb):
        def draw(cv):
            pts = [(u, path_fn(u)) for u in range(0, width + 1, 3)]
            cv.polyline(pts, 6, rgb)
        return self._make("wave-%dx%d" % (width, height), width, height + 10, draw)

    def table(self, w, h):
        def draw(cv):
            cv.rounded_rect(0, 0, w, 26, 10, C["table"])
            cv.rounded_rect(20, 20, w - 20, h, 6, C["table_edge"])
        return self._make("table-%dx%d" % (w, h), w, h, draw)

    def window(self, w, h):
        def draw(cv):
            cv.rounded_rect(0, 0, w, h, 8, (88, 104, 124))
            cv.rounded_rect(10, 10, w - 10, h - 10, 4, (122, 150, 170))
            cv.rounded_rect(w / 2 - 4, 10, w / 2 + 4, h - 10, 2, (88, 104, 124))
            cv.rounded_rect(10, h / 2 - 4, w - 10, h / 2 + 4, 2, (88, 104, 124))
        return self._make("window-%dx%d" % (w, h), w, h, draw)

    def plant(self):
        def draw(cv):
            for cx, cy, r in ((60, 60, 34), (38, 92, 30), (84, 90, 30), (60, 112, 26)):
                cv.circle(cx, cy, r, (88, 140, 118))
            cv.rounded_rect(34, 120, 86, 180, 8, (150, 120, 96))
        return self._make("plant", 120, 180, draw)


# ---------------------------------------------------------------------------
# Speech
# ---------------------------------------------------------------------------

def synth(text, voice, path):
    """Speak text with espeak-ng into a wav file; return its duration in seconds."""
    run(["espeak-ng", "-v", voice["voice"], "-s", str(voice["speed"]),
         "-p", str(voice["pitch"]), "-w", str(path), text])
    return wav_info(path)[1]


def wav_info(path):
    """(samples as bytes, duration in s) of a mono 16-bit wav at SAMPLE_RATE."""
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, SAMPLE_RATE):
            raise SystemExit("unexpected wav format from espeak-ng: %s" % path)
        n = w.getnframes()
        return w.readframes(n), n / float(SAMPLE_RATE)


def frames_ceil(seconds):
    """Round a duration up to a whole number of video frames."""
    return int(math.ceil(seconds * FPS - 1e-6))


# ---------------------------------------------------------------------------
# Timeline: when each line is spoken
# ---------------------------------------------------------------------------

def plan_video(video, work):
    """Speak every line and work out the timing of every scene and line.

    Adds to each line: "wav", "start", "end" (seconds from the start of its scene),
    and to each scene: "start" and "duration" (seconds, whole frames).
    """
    t_video = 0.0
    for si, scene in enumerate(video["scenes"]):
        t = LEAD
        prev = None
        for li, line in enumerate(scene["lines"]):
            if prev is not None:
                t += TURN_GAP if line["speaker"] != prev else GAP
            if "pause" in line:
                dur = line["pause"]
            else:
                line["wav"] = work / ("%s-%02d-%02d.wav" % (video["name"], si, li))
                dur = synth(line["text"], video["voices"][line["speaker"]], line["wav"])
            line["start"], line["end"] = t, t + dur
            t += dur
            prev = line["speaker"] if "pause" not in line else prev
        scene["start"] = t_video
        scene["frames"] = frames_ceil(t + TAIL)
        scene["duration"] = scene["frames"] / float(FPS)
        t_video += scene["duration"]
    video["duration"] = t_video
    return video


def build_audio(video, path):
    """Place every spoken line at its time in one mono wav for the whole video."""
    total = int(round(video["duration"] * SAMPLE_RATE))
    pcm = bytearray(total * 2)
    for scene in video["scenes"]:
        for line in scene["lines"]:
            if "wav" not in line:
                continue
            data, _ = wav_info(line["wav"])
            at = int(round((scene["start"] + line["start"]) * SAMPLE_RATE)) * 2
            data = data[:max(0, len(pcm) - at)]
            pcm[at:at + len(data)] = data
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(bytes(pcm))


# ---------------------------------------------------------------------------
# Captions (WebVTT) and transcripts (Markdown)
# ---------------------------------------------------------------------------

def fits_cue(text):
    return len(textwrap.wrap(text, CAPTION_LINE)) <= CAPTION_LINES


def split_caption(text, prefix=""):
    """Split text into cue texts that each wrap to at most CAPTION_LINES lines.

    A small dynamic programme over the words: few cues, breaking at the end of
    a sentence if possible, else after a comma, and avoiding very short cues.
    """
    words = text.split()
    n = len(words)

    def cost(chunk, last_word, at_end):
        c = 100.0                                          # each cue
        if not at_end:
            c += 0 if last_word[-1] in ".?!" else 15 if last_word[-1] in ",;:" else 60
        if len(chunk) < 20:
            c += 40                                        # flashes past too fast
        return c

    best, back = [0.0] + [float("inf")] * n, [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            chunk = " ".join(words[i:j])
            if len(prefix + chunk) > CAPTION_LINE * CAPTION_LINES:
                break
            if fits_cue(prefix + chunk):
                c = best[i] + cost(chunk, words[j - 1], j == n)
                if c < best[j]:
                    best[j], back[j] = c, i
    chunks, j = [], n
    while j > 0:
        chunks.append(" ".join(words[back[j]:j]))
        j = back[j]
    return chunks[::-1]


def vtt_time(t):
    ms = int(round(t * 1000))
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60,
                                     ms % 1000)


def make_cues(video):
    """Cues as (start, end, text), absolute seconds, in order, not overlapping."""
    cues = []
    for scene in video["scenes"]:
        for line in scene["lines"]:
            start = scene["start"] + line["start"]
            length = line["end"] - line["start"]
            if "pause" in line:
                cues.append([start, start + length,
                             "\n".join(textwrap.wrap(line["text"], CAPTION_LINE))])
                continue
            prefix = line["speaker"] + ": " if video["label_speakers"] else ""
            chunks = split_caption(line["text"], prefix)
            total = float(sum(len(c) for c in chunks))
            t = start
            for chunk in chunks:
                d = length * len(chunk) / total
                body = "\n".join(textwrap.wrap(prefix + chunk, CAPTION_LINE))
                cues.append([t, t + d, body])
                t += d
    for i, cue in enumerate(cues):           # hold each cue a little, never overlapping
        nxt = cues[i + 1][0] if i + 1 < len(cues) else video["duration"]
        cue[1] = min(cue[1] + CAPTION_HOLD, nxt)
    return cues


def write_vtt(cues, path):
    out = ["WEBVTT", ""]
    for i, (s, e, text) in enumerate(cues, 1):
        out += [str(i), "%s --> %s" % (vtt_time(s), vtt_time(e)), text, ""]
    Path(path).write_text("\n".join(out), encoding="utf-8")


def mmss(seconds):
    s = int(round(seconds))
    return "%d:%02d" % (s // 60, s % 60)


def write_transcript(video, path):
    out = ["# %s: transcript" % video["title"], "",
           "Video: `%s%s` (%s). Captions: `%s.vtt`." % (video["name"],
                                                           VIDEO_EXT, mmss(video["duration"]),
                                                           video["name"]), ""]
    if video["kind"] == "animation":
        out += ["This is the full narration, with a short description of what is on "
                "screen in each scene.", ""]
        for scene in video["scenes"]:
            out += ["## %s" % scene["title"], "", "*%s*" % scene["description"], ""]
            out += [" ".join(line["text"] for line in scene["lines"]), ""]
    else:
        out += ["This is everything that is said, with who says it, and what happens "
                "on screen.", ""]
        for scene in video["scenes"]:
            if scene["id"] == "card":
                out += ["*%s %s*" % (scene["title"] + ".", scene["subtitle"]), ""]
                continue
            if scene["id"] == "what-helped":
                out += ["## What helped", ""] + ["- %s" % p for p in scene["points"]] + [""]
                continue
            out += ["*%s*" % scene["description"], ""]
            for line in scene["lines"]:
                if "pause" in line:
                    out += ["*%s*" % line["text"].strip("[]"), ""]
                else:
                    out += ["**%s:** %s" % (line["speaker"].capitalize(), line["text"]), ""]
    Path(path).write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Animating one scene with an ffmpeg filter graph
# ---------------------------------------------------------------------------

def ramp(t0, d=TEXT_FADE):
    """Expression: 0 before t0, rising smoothly to 1 over d seconds."""
    return "(0.5-0.5*cos(PI*clip((t-%.3f)/%.3f,0,1)))" % (t0, d)


class SceneGraph:
    """Collects inputs and filters for one scene, then renders it to a clip."""

    def __init__(self, scene, sprites, work):
        self.scene, self.sprites, self.work = scene, sprites, Path(work)
        self.dur = scene["duration"]
        self.inputs, self.filters = [], []
        self.last = None
        self.n = 0

    def _input(self, png, pix_fmt="yuva420p"):
        """Add a PNG input; return its index. Its label [iN] is an endless stream
        of the picture at FPS: decoded and converted once, then repeated by the
        loop filter (much faster than converting it again for every frame)."""
        self.inputs += ["-i", str(png)]
        idx = len(self.inputs) // 2 - 1
        self.filters.append("[%d:v]format=%s,loop=loop=-1:size=1,setpts=N/(%d*TB)[i%d]"
                            % (idx, pix_fmt, FPS, idx))
        return idx

    def _label(self):
        self.n += 1
        return "v%d" % self.n

    def background(self, png):
        idx = self._input(png, "yuv420p")
        self.last = "i%d" % idx

    def sprite(self, png, x, y, t_in=None, t_out=None, fade=TEXT_FADE, scale=None):
        """Overlay a PNG. x, y may be ffmpeg expressions of t (top-left corner);
        scale is an expression for the width (height follows)."""
        idx = self._input(png)
        chain = ["null"]
        if scale:
            chain.append("scale=w='2*trunc((%s)/2)':h=-2:eval=frame" % scale)
        if t_in is not None:
            chain.append("fade=t=in:st=%.3f:d=%.3f:alpha=1" % (t_in, fade))
        if t_out is not None:
            chain.append("fade=t=out:st=%.3f:d=%.3f:alpha=1" % (t_out, fade))
        src = "s%d" % idx
        self.filters.append("[i%d]%s[%s]" % (idx, ",".join(chain), src))
        out = self._label()
        self.filters.append("[%s][%s]overlay=x='%s':y='%s':eval=frame[%s]"
                            % (self.last, src, x, y, out))
        self.last = out

    def text(self, text, x, y, size=40, colour=C["text"], bold=False, t_in=0.3,
             t_out=None, rise=14, spacing=None):
        """Draw text (may contain newlines). x may be 'center'."""
        self.n += 1
        tf = self.work / ("text-%s-%d.txt" % (self.scene["id"], self.n))
        tf.write_text(text, encoding="utf-8")
        alpha = ramp(t_in)
        if t_out is not None:
            alpha += "*(1-%s)" % ramp(t_out)
        xexpr = "(w-text_w)/2" if x == "center" else str(x)
        yexpr = "%s+%d*(1-%s)" % (y, rise, ramp(t_in))
        out = self._label()
        self.filters.append(
            "[%s]drawtext=fontfile='%s':textfile='%s':expansion=none:fontsize=%d:"
            "fontcolor=%s:line_spacing=%d:x='%s':y='%s':alpha='%s'[%s]"
            % (self.last, FONT_BOLD if bold else FONT, tf, size, hexc(colour),
               spacing if spacing is not None else int(size * 0.35), xexpr, yexpr,
               alpha, out))
        self.last = out

    def render(self, path):
        d = self.dur
        out = self._label()
        self.filters.append(
            "[%s]fade=t=in:st=0:d=%.2f:color=%s,fade=t=out:st=%.3f:d=%.2f:color=%s,"
            "format=yuv420p[%s]" % (self.last, SCENE_FADE, hexc(C["bg_bottom"]),
                                   d - SCENE_FADE, SCENE_FADE, hexc(C["bg_bottom"]), out))
        script = self.work / ("graph-%s.txt" % Path(path).stem)
        script.write_text(";\n".join(self.filters), encoding="utf-8")
        ffmpeg(*self.inputs, "-filter_complex_script", script, "-map", "[%s]" % out,
               "-frames:v", str(self.scene["frames"]), "-r", str(FPS), *LOSSLESS, path)


# ---------------------------------------------------------------------------
# Visuals: one function per kind of scene
# ---------------------------------------------------------------------------

def line_time(scene, index, phrase=None):
    """When line `index` starts, or (roughly) when `phrase` in it is spoken."""
    line = scene["lines"][index]
    if not phrase:
        return line["start"]
    pos = line["text"].find(phrase)
    if pos < 0:
        raise ValueError("phrase %r not in line %d of %s" % (phrase, index, scene["id"]))
    return line["start"] + (line["end"] - line["start"]) * pos / len(line["text"])


def calm_background(g):
    """Gradient background with two soft glows drifting very slowly."""
    g.background(g.sprites.background())
    g.sprite(g.sprites.glow(300, C["teal"], 0.10), "180+70*sin(2*PI*t/37)",
             "60+40*cos(2*PI*t/29)")
    g.sprite(g.sprites.glow(260, C["lavender"], 0.06), "760+60*cos(2*PI*t/41)",
             "240+50*sin(2*PI*t/33)")


def title(g, text, t_in=0.2):
    size = min(54, int(1100 / (0.62 * len(text))))      # long titles get smaller
    g.text(text, 90, 62 + (54 - size) // 2, size=size, colour=C["sand"], bold=True,
           t_in=t_in)
    g.sprite(g.sprites.bar(120, 6, C["teal"]), 92, 138, t_in=t_in + 0.3)


def bullets(g, items, x=90, y=200, size=40, width_chars=26, step=None):
    """items: [(time, text)]; each appears with a small dot at its time."""
    for t, text in items:
        wrapped = "\n".join(textwrap.wrap(text, width_chars))
        g.sprite(g.sprites.disc(9, C["teal"]), x, y + int(size * 0.27), t_in=t)
        g.text(wrapped, x + 36, y, size=size, t_in=t)
        y += (step or int(size * 1.45)) * (wrapped.count("\n") + 1) + 18


def breathing_circle(g, cx, cy, r=90, period=8.0, t_in=0.3):
    """A circle that slowly grows and shrinks (one breath every `period` s)."""
    glow = g.sprites.glow(2 * r, C["teal"], 0.35)
    disc = g.sprites.disc(r, C["teal"], 0.9)
    w_glow = "%d*(1+0.12*sin(2*PI*t/%g))" % (4 * r + 2, period)
    w_disc = "%d*(1+0.12*sin(2*PI*t/%g))" % (2 * r + 4, period)
    g.sprite(glow, "%d-overlay_w/2" % cx, "%d-overlay_h/2" % cy, t_in=t_in, fade=1.5,
             scale=w_glow)
    g.sprite(disc, "%d-overlay_w/2" % cx, "%d-overlay_h/2" % cy, t_in=t_in, fade=1.5,
             scale=w_disc)


def figure_head(cx, base_y, scale=1.0):
    """Centre of the head of a figure drawn by figure()."""
    bh, r = int(230 * scale), int(46 * scale)
    return cx, base_y - bh - r - 2


def figure(g, cx, base_y, body_rgb, skin, hair, t_in=0.3, head_dy="0", scale=1.0,
           breath=0.0, dx="0"):
    """A simple seated/standing figure: torso (from base_y up) and head.

    head_dy: expression moving the head down (e.g. when someone shuts down).
    dx: expression moving the whole figure sideways (leaning away).
    breath: phase (s) of a very slow 2-pixel rise and fall, so people look alive.
    """
    bw, bh = int(190 * scale), int(230 * scale)
    r = int(46 * scale)
    body = g.sprites.body(body_rgb, bw, bh)
    head = g.sprites.head(skin, hair, r)
    bob = "2*sin(2*PI*(t+%.2f)/5.5)" % breath
    g.sprite(body, "%d+(%s)" % (cx - bw // 2, dx), "%d+%s" % (base_y - bh, bob), t_in=t_in)
    g.sprite(head, "%d+(%s)" % (cx - r - 6, dx),
             "%d+(%s)+%s" % (base_y - bh - 2 * r - 4, head_dy, bob), t_in=t_in)


def glow_at(g, cx, cy, r, rgb, alpha, **kw):
    """A soft glow centred on (cx, cy); both may be expressions."""
    g.sprite(g.sprites.glow(r, rgb, alpha), "(%s)-overlay_w/2" % cx, "(%s)-overlay_h/2" % cy,
             **kw)


def card_with_text(g, x, y, w, h, heading, detail, t, heading_size=44, detail_size=36,
                   edge=C["card_edge"]):
    g.sprite(g.sprites.card(w, h, edge=edge), x, y, t_in=t)
    g.text(heading, x + 30, y + 24, size=heading_size, colour=C["sand"], bold=True, t_in=t)
    if detail:
        g.text(detail, x + 30, y + 34 + heading_size, size=detail_size, colour=C["muted"],
               t_in=t + 0.2)


def visual_intro(g, scene):
    calm_background(g)
    breathing_circle(g, 640, 250, r=90)
    g.text(scene["title"], "center", 430, size=60, bold=True, t_in=0.6)
    g.text("An introduction for caseworkers and probation staff", "center", 515, size=36,
           colour=C["muted"], t_in=line_time(scene, 1))
    g.text("You can pause at any time", "center", 575, size=36, colour=C["sand"],
           t_in=line_time(scene, 2, "You can pause"))


def visual_three_es(g, scene):
    calm_background(g)
    title(g, scene["title"])
    cards = [("Event", "what happened", line_time(scene, 0)),
             ("Experience", "how it was felt", line_time(scene, 1, "experienced")),
             ("Effects", "what lasts", line_time(scene, 2, "effects"))]
    for i, (head, detail, t) in enumerate(cards):
        x = 90 + i * 380
        card_with_text(g, x, 190, 340, 170, head, detail, t)
        if i:
            g.text("\u2192", x - 33, 245, size=40, colour=C["teal"], t_in=t)
    t = line_time(scene, 3)
    for cx, glow, skin, hair in ((235, C["teal"], C["skin1"], (60, 50, 45)),
                                 (1045, C["coral"], C["skin2"], (40, 34, 30))):
        glow_at(g, *figure_head(cx, 600, 0.62), 110, glow, 0.5, t_in=t + 0.8, fade=1.5)
        figure(g, cx, 600, C["slate"], skin, hair, t_in=t, scale=0.62)
    g.text("Same event,", "center", 440, size=44, bold=True, t_in=t + 0.3)
    g.text("different effects", "center", 500, size=44, bold=True, t_in=t + 0.3)


def visual_timelines(g, scene):
    calm_background(g)
    title(g, scene["title"])
    t0 = line_time(scene, 0)
    g.text("Single event", 90, 180, size=40, colour=C["muted"], t_in=t0)
    g.sprite(g.sprites.bar(1100, 6, C["slate"]), 90, 262, t_in=t0)
    g.sprite(g.sprites.disc(18, C["sand"]), 640 - 20, 245, t_in=line_time(scene, 0, "such"))
    t1 = line_time(scene, 1)
    g.text("Repeated or prolonged", 90, 320, size=40, colour=C["muted"], t_in=t1)
    g.sprite(g.sprites.bar(1100, 6, C["slate"]), 90, 402, t_in=t1)
    for i in range(12):                      # harm again and again, one every 0.6 s
        g.sprite(g.sprites.disc(14, C["coral"]), 150 + i * 88, 389, t_in=t1 + 0.5 + 0.6 * i)
    t2 = line_time(scene, 2, "for example")
    g.text("war, persecution, trafficking,\ndomestic abuse, harm in childhood",
           90, 455, size=36, colour=C["text"], t_in=t2)
    g.text("Complex trauma", 840, 320, size=40, colour=C["sand"], bold=True,
           t_in=line_time(scene, 2))


def visual_threat(g, scene):
    calm_background(g)
    title(g, scene["title"])
    bullets(g, [(line_time(scene, 0), "The alarm reacts first"),
                (line_time(scene, 1), "The body gets ready"),
                (line_time(scene, 2), "Thinking and words get harder"),
                (line_time(scene, 3), "Automatic, not a choice"),
                (line_time(scene, 4), "Reminders can set it off")], y=180, size=38,
            width_chars=30)
    cx, base = 960, 620
    t_alarm = line_time(scene, 0, "reacts")
    t_head = line_time(scene, 2)
    glow_at(g, *figure_head(cx, base, 1.1), 130, C["teal"], 0.5, t_in=0.5, t_out=t_head,
            fade=1.5)
    g.sprite(g.sprites.glow(170, C["coral"], 0.55), "%d-overlay_w/2" % cx,
             "%d-overlay_h/2" % (base - 140), t_in=t_alarm, fade=1.5,
             scale="342*(1+0.10*sin(2*PI*t/4))")
    figure(g, cx, base, C["slate"], C["skin3"], (90, 70, 50), t_in=0.3, scale=1.1)


def visual_four_fs(g, scene):
    calm_background(g)
    title(g, scene["title"])
    items = [("Fight", "angry, defensive", 1), ("Flight", "get away, avoid", 2),
             ("Freeze", "still, quiet, stuck", 3), ("Fawn", "please, agree, comply", 4)]
    for i, (head, detail, li) in enumerate(items):
        x, y = 90 + (i % 2) * 570, 180 + (i // 2) * 190
        card_with_text(g, x, y, 530, 165, head, detail, line_time(scene, li))
    g.text("Not chosen: the body protecting itself", "center", 570, size=40,
           colour=C["sand"], t_in=line_time(scene, 5))


def visual_window(g, scene):
    calm_background(g)
    title(g, scene["title"])
    x0, width, yc = 480, 720, 365
    band_top, band_bottom = 300, 430

    def path(u):                  # height of the line at u pixels from its start
        return (yc - 28 * math.sin(2 * math.pi * u / 110)
                - 150 * math.exp(-((u - 300) / 55.0) ** 2)
                + 150 * math.exp(-((u - 560) / 55.0) ** 2))
    path_expr = ("%d-28*sin(2*PI*U/110)-150*exp(-pow((U-300)/55,2))"
                 "+150*exp(-pow((U-560)/55,2))" % yc)

    t1 = line_time(scene, 1)
    band_x = 430
    band_w = x0 + width + 10 - band_x
    g.sprite(g.sprites.rect(band_w, band_bottom - band_top, C["teal"], 0.22), band_x,
             band_top, t_in=line_time(scene, 0))
    # The band narrows (line 4) and widens again at "help to widen".
    t_n, t_w = line_time(scene, 4), line_time(scene, 4, "help to widen")
    move = "28*(%s)*(1-%s)" % (ramp(t_n, 1.5), ramp(t_w, 1.5))
    edge = g.sprites.bar(band_w, 8, C["sand"], 0.9)
    g.sprite(edge, band_x, "%d+%s" % (band_top - 4, move), t_in=t1)
    g.sprite(edge, band_x, "%d-%s" % (band_bottom - 4, move), t_in=t1)
    # Labels on the left.
    g.text("Window of\ntolerance", 90, 305, size=36, bold=True, colour=C["text"], t_in=t1,
           spacing=6)
    g.text("Hyperarousal:\nanxious, angry", 90, 170, size=36, colour=C["coral"],
           t_in=line_time(scene, 2), spacing=8)
    g.text("Hypoarousal:\nnumb, shut down", 90, 465, size=36, colour=C["lavender"],
           t_in=line_time(scene, 3), spacing=8)
    # The line, and a dot travelling along it from line 1 to the end of line 3.
    g.sprite(g.sprites.wave(path, width, 600, C["text"]), x0, 0, t_in=t1, fade=1.2)
    ta, tb = t1, scene["lines"][3]["end"]
    u = "clip((t-%.3f)/%.3f,0,1)*%d" % (ta, tb - ta, width)
    g.sprite(g.sprites.disc(14, C["sand"]), "%d+%s-16" % (x0, u),
             "(%s)-16" % path_expr.replace("U", "(%s)" % u), t_in=t1, fade=0.5)


def visual_shows_up(g, scene):
    calm_background(g)
    title(g, scene["title"])
    items = [("Memory gaps", "dates, order of events", 1),
             ("Changing details", "between tellings", 2),
             ("Shutting down", "quiet, far away", 3),
             ("Irritability", "wary of authority", (3, "irritable"))]
    for i, (head, detail, li) in enumerate(items):
        x, y = 90 + (i % 2) * 570, 175 + (i // 2) * 170
        t = line_time(scene, *li) if isinstance(li, tuple) else line_time(scene, li)
        card_with_text(g, x, y, 530, 150, head, detail, t, heading_size=40)
    t = line_time(scene, 4)
    g.sprite(g.sprites.card(1100, 90, rgb=(62, 58, 70), edge=C["coral"]), 90, 520, t_in=t)
    g.text("Not, by themselves, evidence of lying", "center", 543, size=38,
           bold=True, t_in=t)


def visual_principles(g, scene):
    calm_background(g)
    title(g, scene["title"])
    t0, t2 = line_time(scene, 0), line_time(scene, 2)
    g.text("Making sense of reactions,\nand avoiding more harm", "center", 270, size=44,
           t_in=t0, t_out=t2 - TEXT_FADE, spacing=14)
    names = [("Safety", "safety"), ("Trust", "trust"), ("Choice", "choice"),
             ("Collaboration", "collaboration"), ("Empowerment", "empowerment"),
             ("Cultural\nconsideration", "cultural consideration")]
    colours = [C["teal"], C["sand"], C["coral"], C["lavender"], C["teal"], C["sand"]]
    for i, (name, phrase) in enumerate(names):
        cx, cy = 300 + (i % 3) * 340, 235 + (i // 3) * 175
        t = line_time(scene, 2, phrase)
        g.sprite(g.sprites.disc(42, colours[i], 0.9), cx - 44, cy - 44, t_in=t)
        for k, part in enumerate(name.split("\n")):  # each line centred under its circle
            g.text(part, "%d-text_w/2" % cx, cy + 52 + k * 38, size=36 if k == 0 and "\n" not in name
                   else 32, t_in=t)
    g.text("Explain \u00b7 offer breaks and choices \u00b7 follow through", "center", 580,
           size=36, colour=C["sand"], t_in=line_time(scene, 3))


def visual_closing(g, scene):
    calm_background(g)
    breathing_circle(g, 260, 340, r=100, period=8.0)
    g.text(scene["title"], 500, 150, size=56, bold=True, colour=C["sand"], t_in=0.3)
    bullets(g, [(line_time(scene, 1), "Pause, breathe, come back later"),
                (line_time(scene, 2), "Talk to your manager or supervisor"),
                (line_time(scene, 2, "use the support"),
                 "Use the support contacts in this programme")],
            x=500, y=260, size=38, width_chars=34)
    g.text("Thank you for watching", 500, 540, size=36, colour=C["muted"],
           t_in=line_time(scene, 3))


def visual_card(g, scene):
    calm_background(g)
    g.text(scene["title"], "center", 280, size=56, bold=True, colour=C["sand"], t_in=0.3)
    g.sprite(g.sprites.bar(160, 6, C["teal"]), 560, 368, t_in=0.6)
    g.text(scene["subtitle"], "center", 400, size=40, t_in=0.9)


def visual_what_helped(g, scene):
    calm_background(g)
    title(g, scene["title"])
    line = scene["lines"][0]
    n = len(scene["points"])
    step = (line["end"] - line["start"] - 1.0) / n
    bullets(g, [(line["start"] + 1.0 + i * step, p) for i, p in enumerate(scene["points"])],
            y=200, size=42, width_chars=40)


def room(g):
    """The shared room: wall, window, plant and a table (drawn over the figures)."""
    g.background(g.sprites.background(C["room_top"], C["room_bottom"]))
    g.sprite(g.sprites.rect(W, 160, C["floor"]), 0, 560)
    g.sprite(g.sprites.window(260, 200), 510, 70)
    g.sprite(g.sprites.plant(), 30, 390)


def speaking_signs(g, scene, positions):
    """A small speech sign above whoever speaks, fading in and out."""
    for line in scene["lines"]:
        if "pause" in line:
            continue
        g.sprite(g.sprites.speech_sign(), positions[line["speaker"]], 52,
                 t_in=max(0.0, line["start"] - 0.3), t_out=line["end"], fade=0.3)


LEFT_X, RIGHT_X, SEAT_Y = 360, 920, 480      # where the two people sit


def labels_and_table(g, left, right):
    g.sprite(g.sprites.table(980, 140), 160, 470)
    g.text(left, "%d-text_w/2" % LEFT_X, 515, size=36, colour=C["text"], t_in=0.3)
    g.text(right, "%d-text_w/2" % RIGHT_X, 515, size=36, colour=C["text"], t_in=0.3)


def visual_asylum_room(g, scene):
    room(g)
    lines = scene["lines"]
    # The applicant's head lowers during the pause and lifts once a break is offered.
    t_down, t_up = lines[1]["start"], line_time(scene, 3, "Would you like")
    head_dy = "16*(%s)*(1-%s)" % (ramp(t_down, 1.5), ramp(t_up, 2.0))
    glow_at(g, *figure_head(RIGHT_X, SEAT_Y), 170, C["lavender"], 0.4, t_in=t_down,
            t_out=t_up + 1.0, fade=2.0)
    figure(g, LEFT_X, SEAT_Y, (86, 120, 150), C["skin3"], (120, 84, 60), t_in=0.0)
    figure(g, RIGHT_X, SEAT_Y, (120, 110, 96), C["skin2"], (35, 30, 28), t_in=0.0,
           head_dy=head_dy, breath=2.0)
    labels_and_table(g, "Caseworker", "Applicant")
    speaking_signs(g, scene, {"CASEWORKER": LEFT_X + 40, "APPLICANT": RIGHT_X + 40})


def visual_probation_room(g, scene):
    room(g)
    lines = scene["lines"]
    # A warm glow shows rising tension; it settles once a choice is offered.
    t_up, t_down = lines[1]["start"], line_time(scene, 4, "You choose")
    lean = "18*(%s)*(1-%s)" % (ramp(t_up + 0.5, 1.5), ramp(t_down, 2.0))   # leans back
    hx, hy = figure_head(RIGHT_X, SEAT_Y)
    glow_at(g, "%d+%s" % (hx, lean), hy, 170, C["coral"], 0.45, t_in=t_up, t_out=t_down,
            fade=2.0)
    figure(g, LEFT_X, SEAT_Y, (70, 110, 104), C["skin1"], (60, 48, 40), t_in=0.0)
    figure(g, RIGHT_X, SEAT_Y, (130, 100, 120), C["skin3"], (150, 110, 70), t_in=0.0,
           breath=2.0, dx=lean)
    labels_and_table(g, "Officer", "Person on probation")
    speaking_signs(g, scene, {"OFFICER": LEFT_X + 40, "PERSON ON PROBATION": RIGHT_X + 40})


# ---------------------------------------------------------------------------
# Putting a video together
# ---------------------------------------------------------------------------

def make_video(video, out_dir, work):
    name = video["name"]
    print("== %s" % name, flush=True)
    plan_video(video, work)
    sprites = Sprites(work / "sprites")
    clips = []
    for i, scene in enumerate(video["scenes"]):
        g = SceneGraph(scene, sprites, work)
        globals()[scene["visual"]](g, scene)
        clip = work / ("%s-scene%02d.mp4" % (name, i))
        g.render(clip)
        clips.append(clip)
        print("   scene %d %-22s %6.2f s" % (i + 1, scene["id"], scene["duration"]),
              flush=True)
    concat = work / (name + "-clips.txt")
    concat.write_text("".join("file '%s'\n" % c for c in clips), encoding="utf-8")
    audio = work / (name + ".wav")
    build_audio(video, audio)
    final = Path(out_dir) / (name + VIDEO_EXT)
    final_encode(["-f", "concat", "-safe", "0", "-i", concat, "-i", audio], video, final)
    write_vtt(make_cues(video), Path(out_dir) / (name + ".vtt"))
    write_transcript(video, Path(out_dir) / (name + ".transcript.md"))
    print("   %s: %.2f s, %.2f MB" % (final.name, probe_duration(final),
                                      final.stat().st_size / 1e6), flush=True)


def final_encode(inputs, video, out):
    """The one encode every shipped video goes through (from scene clips or from an older file)."""
    ffmpeg(*inputs, "-map", "0:v", "-map", "1:a" if len(inputs) > 2 else "0:a",
           *VIDEO_ENCODE, *AUDIO_ENCODE,
           "-map_metadata", "-1", "-fflags", "+bitexact",
           "-flags:v", "+bitexact", "-flags:a", "+bitexact",
           "-metadata", "title=%s" % video["title"], "-t", "%.3f" % video["duration"], out)


def reencode(video, out_dir):
    """Re-encode an already made <name>.mp4 (H.264/AAC) as <name>.webm without drawing the
    scenes again: the pictures, words and timings stay exactly as they were."""
    name = video["name"]
    source = Path(out_dir) / (name + ".mp4")
    if not source.exists():
        raise SystemExit("%s not found: make it first (without --reencode)" % source)
    video["duration"] = probe_duration(source)   # the made file's length, as the script planned it
    final = Path(out_dir) / (name + VIDEO_EXT)
    final_encode(["-i", source], video, final)
    transcript = Path(out_dir) / (name + ".transcript.md")
    if transcript.exists():   # only the file name in its first lines changes
        transcript.write_text(transcript.read_text(encoding="utf-8").replace(
            "`%s.mp4`" % name, "`%s%s`" % (name, VIDEO_EXT)), encoding="utf-8")
    source.unlink()
    print("   %s: %.2f s, %.2f MB" % (final.name, probe_duration(final),
                                      final.stat().st_size / 1e6), flush=True)


def write_readme(out_dir):
    out_dir = Path(out_dir)
    rows = []
    total = 0
    for video in VIDEOS:
        for ext, what in ((VIDEO_EXT, "video"), (".vtt", "captions (WebVTT)"),
                          (".transcript.md", "transcript (Markdown)")):
            p = out_dir / (video["name"] + ext)
            if not p.exists():
                continue
            size = p.stat().st_size
            total += size
            dur = ""
            if ext == VIDEO_EXT:
                secs = probe_duration(p)
                dur = "%s (%.1f s)" % (mmss(secs), secs)
            rows.append("| `%s` | %s: %s | %s | %s |" % (p.name, video["title"], what, dur,
                                                        "%.1f MB" % (size / 1e6) if size > 1e5
                                                        else "%.1f kB" % (size / 1e3)))
    rows.append("| `make_media.py` | the script that makes all of the above | | |")
    text = """# Media for the sample programme

This file is written by `make_media.py`; edit that script, not this file.

| file | what it is | length | size |
| --- | --- | --- | --- |
%s

Total of the media files: %.1f MB.

- The animation introduces how trauma affects people: what trauma is, single and
  complex trauma, the threat response (fight, flight, freeze, fawn), the window
  of tolerance, how it can show up in asylum interviews and probation
  supervision, why trauma-informed practice matters, and that it is OK to pause.
- The two scenarios (under a minute each) show a caseworker offering a pause when
  an applicant shuts down, and a probation officer staying calm and offering a
  choice when a changed appointment causes frustration. Captions name the speaker.
- Each transcript is the accessible alternative to watching: everything said,
  who says it, and what is on screen.

Videos: AV1 (SVT-AV1 preset 8, CRF 38, yuv420p, 1280x720, %d fps) and Opus mono
audio (48 kbit/s) in WebM. libVLC 3 plays them with its dav1d, opus and mkv
plugins, so the kiosk's installer needs no libavcodec (see docs/performance.md).
Organisations' own videos may still be H.264/AAC in MP4 where the kiosk build
has libVLC's avcodec plugin (`tip-kiosk doctor` lists what a build plays). Captions: WebVTT, cues at most two lines of %d characters, timed from
the measured length of each spoken line. Voices: espeak-ng `en-gb` variants (the
narrator is `en-gb`; the scenarios use a different voice for each speaker).
All motion is slow and nothing flashes.

## Regenerating

```
python3 media/make_media.py            # all videos, captions, transcripts and this file
python3 media/make_media.py --only scenario-asylum-interview
python3 media/make_media.py --reencode  # existing .mp4 files to .webm, pictures and words unchanged
python3 media/make_media.py --long-test-file /tmp/long.mp4 --minutes 13
```

Needs python3 (standard library only), ffmpeg with libx264, libsvtav1 and
libopus, ffprobe, espeak-ng
and the DejaVu Sans font (Debian packages: ffmpeg, espeak-ng, fonts-dejavu-core).
It takes a few minutes on two cores; it is run by hand, not in CI. The words
spoken, the captions and the transcripts all come from the text in the script,
so to change what is said, edit the script and run it again.

`--long-test-file PATH --minutes N` (or `make_long_test_video(path, minutes)` when
imported) makes a long, tiny, low-bitrate test video with a matching WebVTT file
(a cue every 5 s) for tests; it takes a few seconds and is not kept here.

## Licence

Original work made for this programme by `make_media.py`: the script, narration,
drawings and animation are the programme's own (no third-party images, footage,
music or recordings), under the same terms as the rest of this repository. The
voices are synthesised by espeak-ng (GPL-3.0-or-later), a tool run to make the
files; the GPL does not normally extend to a program's output. The on-screen
font is DejaVu Sans (free licence, derived from Bitstream Vera).
""" % ("\n".join(rows), total / 1e6, FPS, CAPTION_LINE)
    (out_dir / "README.md").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# A long test video for automated tests
# ---------------------------------------------------------------------------

def make_long_test_video(path, minutes=13.0, cue_every=5.0, size="320x180", fps=5):
    """Make a long, tiny test video (testsrc + a quiet tone) and a WebVTT file.

    Writes PATH (mp4) and PATH with suffix .vtt (a cue every `cue_every` seconds,
    each lasting cue_every - 0.5 s). Returns (mp4_path, vtt_path). Takes a few
    seconds for 13 minutes. Needs only ffmpeg.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    seconds = float(minutes) * 60.0
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=%s:rate=%d:duration=%.3f" % (size, fps, seconds),
           "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050:duration=%.3f" % seconds,
           "-af", "volume=0.05",
           "-c:v", "libx264", "-preset", "ultrafast", "-crf", "40", "-pix_fmt", "yuv420p",
           "-g", str(int(fps * cue_every)),
           "-c:a", "aac", "-b:a", "24k", "-ac", "1",
           "-movflags", "+faststart", "-map_metadata", "-1", "-shortest", path)
    vtt = path.with_suffix(".vtt")
    cues = []
    n = int(seconds // cue_every)
    for k in range(n):
        s = k * cue_every
        cues.append((s, min(seconds, s + cue_every - 0.5),
                     "Test caption %d at %s" % (k + 1, mmss(s))))
    write_vtt(cues, vtt)
    return path, vtt


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent),
                    help="output folder (default: the folder of this script)")
    ap.add_argument("--only", action="append", choices=[v["name"] for v in VIDEOS],
                    help="make only this video (may be repeated)")
    ap.add_argument("--keep-temp", action="store_true",
                    help="keep the working folder (speech, sprites, scene clips)")
    ap.add_argument("--reencode", action="store_true",
                    help="only re-encode the existing <name>.mp4 files in --out as WebM")
    ap.add_argument("--long-test-file", metavar="PATH",
                    help="instead: make a long test video at PATH (and PATH.vtt)")
    ap.add_argument("--minutes", type=float, default=13.0,
                    help="length of the long test video (default 13)")
    args = ap.parse_args(argv)

    if args.long_test_file:
        mp4, vtt = make_long_test_video(args.long_test_file, args.minutes)
        print("%s (%.1f s)\n%s" % (mp4, probe_duration(mp4), vtt))
        return

    check_tools()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.reencode:
        for video in VIDEOS:
            if not args.only or video["name"] in args.only:
                reencode(video, out)
        write_readme(out)
        return
    work = Path(tempfile.mkdtemp(prefix="tip-media-"))
    try:
        for video in VIDEOS:
            if not args.only or video["name"] in args.only:
                make_video(video, out, work)
        write_readme(out)
    finally:
        if args.keep_temp:
            print("working files kept in %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
