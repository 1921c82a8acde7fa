"""Caption files: WebVTT and SRT read into cues; every unreadable cue named by file and line;
the same cues make the transcript."""


from kiosk.core.captions import cue_at, format_clock, parse_srt, parse_webvtt, read_captions, transcript_paragraphs
from tests.mediafiles import CLIP_SRT, CLIP_VTT


def test_webvtt_cues_with_ids_notes_voices_and_entities():
    captions = parse_webvtt(CLIP_VTT)
    assert not captions.problems
    assert [c.start for c in captions.cues] == [0.0, 3.5, 8.0, 13.0]
    first, _, third, last = captions.cues
    assert (first.text, first.speaker) == ("Welcome to this short clip.", "Narrator")
    assert third.text == "Take your time & go at your own pace."
    assert last.end == 19.5
    assert first.line == 6  # the timing line, after the cue id 'intro'


def test_webvtt_hours_settings_and_multiline_text():
    captions = parse_webvtt("WEBVTT - a title\n\n01:02:03.250 --> 01:02:05.000 line:90% align:center\n"
                            "<i>First</i> line\nsecond line\n")
    (cue,) = captions.cues
    assert cue.start == 3723.25 and cue.end == 3725.0
    assert cue.text == "First line\nsecond line"


def test_srt_cues():
    captions = parse_srt(CLIP_SRT)
    assert not captions.problems
    assert [(c.start, c.end) for c in captions.cues] == [(0.0, 3.0), (3.5, 7.0)]
    assert captions.cues[1].line == 6


def test_every_bad_cue_is_reported_with_its_line_and_the_good_ones_kept(tmp_path):
    path = tmp_path / "bad.vtt"
    path.write_text("WEBVTT\n\n"
                    "00:00.000 --> 00:02.000\nFine\n\n"          # lines 3-4
                    "00:03,0 -> 00:04.000\nArrow typo\n\n"       # line 6
                    "00:09.000 --> 00:05.000\nBackwards\n\n"     # line 9
                    "00:10.000 --> 00:11.000\n\n"                # line 12: no text
                    "just some words\n\n"                        # line 14
                    "00:20.000 --> 00:22.000\nAlso fine\n", encoding="utf-8")
    captions = read_captions(path)
    assert [c.text for c in captions.cues] == ["Fine", "Also fine"]
    assert [p.line for p in captions.problems] == [6, 9, 12, 14]
    assert all(p.file == path for p in captions.problems)
    messages = [str(p) for p in captions.problems]
    assert "bad.vtt, line 6: expected a cue timing line (like 00:01:02.500 --> 00:01:05.000) " \
           "but found '00:03,0 -> 00:04.000'" in messages[0]
    assert "line 9: the cue ends before it starts" in messages[1]
    assert "line 12: the cue has a timing line but no text" in messages[2]
    assert "line 14: expected a cue timing line" in messages[3]


def test_missing_header_not_utf8_and_unreadable_files(tmp_path):
    srt_named_vtt = tmp_path / "clip.vtt"
    srt_named_vtt.write_text(CLIP_SRT, encoding="utf-8")
    (problem,) = read_captions(srt_named_vtt).problems
    assert problem.line == 1 and "should start with the line 'WEBVTT'" in problem.message
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:00,000 --> 00:00:01,000\nCaf\xe9\n".encode("latin-1"))
    (problem,) = read_captions(latin).problems
    assert problem.line == 3 and "not UTF-8" in problem.message
    (problem,) = read_captions(tmp_path / "nowhere.vtt").problems
    assert "cannot be read" in problem.message


def test_srt_by_extension_and_bom(tmp_path):
    path = tmp_path / "clip.srt"
    path.write_bytes(b"\xef\xbb\xbf" + CLIP_SRT.encode())
    assert len(read_captions(path).cues) == 2


def test_cue_at_finds_the_cue_showing_including_overlaps():
    captions = parse_webvtt("WEBVTT\n\n00:00.000 --> 00:10.000\nLong\n\n00:02.000 --> 00:03.000\nShort\n")
    cues = captions.cues
    assert cue_at(cues, 0.5) == 0
    assert cue_at(cues, 2.5) == 1  # the latest to start wins
    assert cue_at(cues, 5.0) == 0  # the long one is still showing
    assert cue_at(cues, 10.0) is None
    assert cue_at(parse_webvtt(CLIP_VTT).cues, 7.5) is None  # between cues


def test_transcript_paragraphs_follow_speakers_and_pauses():
    paragraphs = transcript_paragraphs(parse_webvtt(CLIP_VTT).cues)
    assert paragraphs == [
        "Narrator: Welcome to this short clip.",
        "Trauma can affect how people remember. Take your time & go at your own pace. "
        "Thank you for watching.",
    ]
    assert len(transcript_paragraphs(parse_webvtt(CLIP_VTT).cues, pause=1.0)) == 4


def test_clock_format():
    assert [format_clock(s) for s in (0, 75.9, 780, 3725)] == ["0:00", "1:15", "13:00", "1:02:05"]
