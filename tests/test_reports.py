"""Site reports checked against a database seeded through the real code paths (registration,
the learner's ModuleRun, a finished group session), small-number suppression on the real report,
and the CSV and PDF that the kiosk and `tip-kiosk report` write."""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import Module, Programme, load_programme
from kiosk.core.groups import GroupSession
from kiosk.core.learning import Learning
from kiosk.core.reports import build_report, report_csv
from kiosk.core.store import open_store
from tests.attack import recovered
from tests.conftest import REPO
from tests.helpers import write_programme
from tests.report_helpers import make_trainer, move_to_month, shift, this_month

PIN = "572913"
ENGAGING = [5, 4, 4, 3, 5, 2, 4]  # the seven who finish module 1 alone: 5 of 7 rate it 4 or 5
APPLICABLE = [4, 4, 4, 4, 5, 5, 3]  # 6 of 7
GROUP_HANDS = {"engaging": [0, 1, 1, 4, 5], "applicable": [1, 1, 2, 3, 4]}  # 9 of 11 and 7 of 11


def complete(store, programme, learner, module_id, ratings=None):
    """Work through a module as the screens do (a video as if played to the end)."""
    run = Learning(store, programme, learner).open(module_id)
    for step in run.module.steps:
        if step.type == "knowledge_check":
            run.submit_check({0})
        elif step.type == "video":
            run.record_watched(step, ((0.0, 30.0),), 30.0)
        elif step.type == "survey" and ratings:
            run.save_survey(ratings)
        if run.is_last:
            run.finish()
        else:
            run.next()


@dataclass
class Site:
    data_dir: Path
    content: Path
    programme: Programme


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """20 learners: 7 finish module 1 alone (answering the survey), 2 finish module 2 alone, 1
    starts module 2; a group session of 12 for module 1 (2 of the 7 among them, 1 leaves early)."""
    root = tmp_path_factory.mktemp("site")
    data_dir, content = root / "data", write_programme(root / "content")
    programme = load_programme(content)
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    trainer = make_trainer(store, accounts)
    for n, (engaging, applicable) in enumerate(zip(ENGAGING, APPLICABLE, strict=True)):
        learner = accounts.register(f"SOLO{n:02d}", "482915")
        complete(store, programme, learner, "module-1", {"engaging": engaging, "applicable": applicable})
    for n in range(2):
        complete(store, programme, accounts.register(f"MOD2-{n}", "482915"), "module-2")
    Learning(store, programme, accounts.register("STARTER", "482915")).open("module-2").next()
    session = GroupSession.start(store, accounts, programme, trainer, "module-1")
    for code in ["SOLO00", "SOLO01"] + [f"GROUP{n:02d}" for n in range(10)]:
        session.register_for(code)
    session.mark(session.attendees()[-1].learner_id, left_early=True)
    session.go_to(len(session.module.steps) - 1)
    for question, hands in GROUP_HANDS.items():
        session.record_survey(question, hands)
    session.finish()
    # All of it happened last month: a report shows only months that have ended.
    move_to_month(store, shift(this_month(), -1))
    store.close()
    return Site(data_dir, content, programme)


def report(site, threshold, tmp_path_factory=None):
    """The report at this moment, on a copy of the site's data: a report keeps each month's figures
    as first published, so each threshold needs a site that has not published yet."""
    copy = Path(tempfile.mkdtemp(prefix="site-copy-")) / "data"
    shutil.copytree(site.data_dir, copy)
    store, _ = open_store(copy)
    try:
        return build_report(store, site.programme, threshold)
    finally:
        store.close()
        shutil.rmtree(copy.parent, ignore_errors=True)


def texts(table):
    return {row.label: [cell.text for cell in row.cells] for row in table.rows}


def last_month():
    return datetime.strptime(shift(this_month(), -1), "%Y-%m").strftime("%B %Y")


def test_completions_by_module_and_delivery_match_what_happened(site):
    r = report(site, threshold=5)
    assert r.learners.text == "20"
    # Module 1: 7 alone; 11 credited in the group, 2 of whom had finished alone before, so 9 by group.
    assert texts(r.table("completions")) == {
        "Module 1": ["*", "9", "*"],      # ... so that 9 - 7 cannot give it away
        "Module 2": ["<5", "<5", "<5"],   # 2 alone: under the threshold ...
        "All modules": ["9", "9", "18"],
    }
    # Month by month: that month's new learners and completions, with no total over months.
    assert texts(r.table("over_time")) == {last_month(): ["20", "18"]}
    assert r.month == last_month()


def test_private_ratings_and_the_rooms_hands_are_reported_apart(site):
    r = report(site, threshold=5)
    rows = texts(r.table("feedback"))
    # 7 private answers: 5 rated it engaging 4 or 5, 6 applicable. Only 2 and 1 did not, under the
    # threshold, so only the range a reader could work out from "fewer than 5 did not" is shown.
    assert rows["Module 1"] == ["7", "over 71%", "7", "over 71%"]
    assert rows["Module 2"] == ["<5", "–", "<5", "–"]
    hands = texts(r.table("group_feedback"))
    # 11 hands: 9 engaging 4 or 5 (2 not), 7 applicable (4 not): never added to the 7 answers.
    assert hands["Module 1"] == ["11", "over 63%", "11", "over 63%"]


def test_confidence_says_there_is_no_data_until_modules_ask_before_and_after(site):
    table = report(site, threshold=5).table("confidence")
    assert table.rows == () and table.empty.startswith("No self-assessment data")


def test_group_sessions_are_counted_with_their_size(site):
    rows = texts(report(site, threshold=5).table("sessions"))
    assert rows["Module 1"][:3] == ["1", "12", "12.0"]


def test_with_the_default_threshold_small_groups_are_hidden(site):
    r = report(site, threshold=10)
    # 16 = 7 + 9 may be shown: both parts under 10 leaves each between 7 and 9.
    assert texts(r.table("completions")) == {"Module 1": ["<10", "<10", "16"], "Module 2": ["<10", "<10", "<10"],
                                             "All modules": ["<10", "<10", "*"]}
    assert texts(r.table("over_time")) == {last_month(): ["20", "*"]}  # the same figure as 'All modules'
    assert texts(r.table("feedback"))["Module 1"] == ["<10", "–", "<10", "–"]


@pytest.mark.parametrize("threshold", [5, 10])
def test_no_hidden_completion_count_can_be_worked_out_from_the_published_report(site, threshold):
    """The attack on the report as printed: every row and column sum, and the month's completions
    in the month-by-month table being the module table's grand total, with the true counts."""
    r = report(site, threshold)
    truth = {("Module 1", 0): 7, ("Module 1", 1): 9, ("Module 1", 2): 16,
             ("Module 2", 0): 2, ("Module 2", 1): 0, ("Module 2", 2): 2,
             ("All", 0): 9, ("All", 1): 9, ("All", 2): 18}
    hidden, shown = {}, {}
    for table in (r.table("completions"), r.table("over_time")):
        for row in table.rows:
            for col, cell in enumerate(row.cells):
                if table.key == "over_time" and col == 0:
                    continue  # new learners: in no sum
                # the month's completions are the same figure as the module table's grand total
                key = ("All", 2) if table.key == "over_time" else ("All" if row.total else row.label, col)
                if cell.text == f"<{threshold}":
                    hidden[key] = "small"
                elif cell.text == "*":
                    hidden[key] = "complement"
                else:
                    shown[key] = int(cell.text)
    assert all(truth[k] == v for k, v in shown.items())
    sums = [((row, 0), (row, 1)) for row in ("Module 1", "Module 2", "All")]
    sums = [(pair, (pair[0][0], 2)) for pair in sums]
    sums += [((("Module 1", c), ("Module 2", c)), ("All", c)) for c in range(3)]
    assert [k for k in recovered(truth, hidden, sums, threshold, ceiling=20) if truth[k]] == []


def test_confidence_before_and_after_from_self_assessment_answers(store, accounts, programme):
    """Self-assessment steps come with the learner work (not here yet): a step of that type with
    a phase, and answers saved as ratings, are all the report needs."""

    @dataclass(frozen=True)
    class SelfAssessment:
        id: str
        phase: str
        title: str = "How confident do you feel?"
        type: str = "self_assessment"
        content_note: str | None = None
        trainer_notes: str | None = None
        optional: bool = False

    base = programme.available[0]
    module = Module(id="assessed", version="1", title="Assessed", summary="s", duration_minutes=5,
                    language="en", folder=base.folder,
                    steps=(SelfAssessment("before", "before"), *base.steps, SelfAssessment("after", "after")))
    for n in range(7):
        learner = accounts.register(f"CONF{n}", "482915")
        store.progress.save_step(learner.id, "assessed", "before", status="done", answer={"ratings": {"a": 2, "b": 3}})
        if n < 6:  # one never reached the end
            after = {"a": 4, "b": 4} if n < 4 else {"a": 2, "b": 2}
            store.progress.save_step(learner.id, "assessed", "after", status="done", answer={"ratings": after})
    programme = Programme("p", "P", base.folder, (module,))
    move_to_month(store, shift(this_month(), -1))

    def confidence(threshold):
        store.conn.execute("DELETE FROM report_months")  # as if at another site: nothing published yet
        return texts(build_report(store, programme, threshold=threshold).table("confidence"))

    # 6 answered both: before 2.5 on average; after (4 x 4.0 + 2 x 2.0) / 6; 4 of 6 went up.
    assert confidence(2) == {"Assessed": ["6", "2.5", "3.3", "67%"]}
    assert confidence(3) == {"Assessed": ["6", "2.5", "3.3", "over 66%"]}  # only 2 did not: a range
    assert confidence(10) == {"Assessed": ["<10", "–", "–", "–"]}


def test_the_csv_has_every_figure_as_printed(site):
    r = report(site, threshold=5)
    rows = list(csv.reader(io.StringIO(report_csv(r))))
    assert rows[0] == ["section", "row", "column", "value"]
    assert ["Completions by module and delivery", "Module 2", "Individual", "<5"] in rows
    assert ["Feedback: rated 4 or 5 out of 5 (private answers)", "Module 1", "Engaging: answers", "7"] in rows
    assert ["report", "Month", "", last_month()] in rows
    printed = sum(len(t.rows) * len(t.columns) for t in r.tables)
    assert len([row for row in rows[1:] if row[0] not in ("report", "notes") and row[1]]) == printed


def cli(site, *args, threshold=5):
    env = {**os.environ, "TIP_KIOSK_REPORTS_MIN_CELL": str(threshold), "QT_QPA_PLATFORM": "xcb"}
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(site.data_dir), "--content",
                           str(site.content), *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_tip_kiosk_report_writes_the_same_report_as_csv(site, tmp_path):
    out = tmp_path / "report.csv"
    result = cli(site, "report", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert text.replace("\r\n", "\n").split("\n")[5:] == report_csv(report(site, 5)).replace(
        "\r\n", "\n").split("\n")[5:]  # all but the title lines with the time of day


def test_tip_kiosk_report_writes_a_pdf_that_renders(site, tmp_path):
    """Without a display (the command makes an offscreen Qt for the charts), a PDF with pages."""
    out = tmp_path / "report.pdf"
    result = cli(site, "report", "--format", "pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True)
    from PySide6.QtGui import QImage

    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull() and image.width() > 200
    inked = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
                if image.pixelColor(x, y).lightness() < 200)
    assert inked > 200, "the page has text and a chart on it"
    words = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Completions by module and delivery" in words and "<5" in words
    row = texts(report(site, 5).table("completions"))["Module 2"]
    assert re.search(r"Module 2\s+" + r"\s+".join(map(re.escape, row)), words), words[:3000]


def test_a_month_that_has_not_ended_is_explained(site, tmp_path):
    month = datetime.now(UTC).strftime("%Y-%m")
    result = cli(site, "report", "--format", "csv", "--out", str(tmp_path / "r.csv"), "--month", month)
    assert result.returncode == 2 and "once it has ended" in result.stderr, result.stderr
    assert not (tmp_path / "r.csv").exists()


def test_a_bad_output_path_is_explained(site, tmp_path):
    result = cli(site, "report", "--format", "csv", "--out", str(tmp_path / "missing" / "r.csv"))
    assert result.returncode == 2 and "cannot be written" in result.stderr
