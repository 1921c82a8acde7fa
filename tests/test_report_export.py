"""Saving a site report gives the trainer no file-manager powers: no file dialog, only folders the
kiosk offers, only new .csv/.pdf files the kiosk names, never into the data folder, never over or
through an existing file. (The repro: the old save dialog deleted installation.key.)"""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kiosk.core.accounts import installation_secret
from kiosk.core.report_files import ExportError, ExportPlaces, export_folders, save_new
from kiosk.core.reports import build_report
from kiosk.ui.app import make_application
from kiosk.ui.reports_screen import ReportsScreen

DAY = datetime(2026, 12, 2, tzinfo=UTC)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (links as their target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


@pytest.fixture
def kiosk_data(data_dir, store):
    installation_secret(data_dir)  # the file the old dialog could delete
    assert (data_dir / "installation.key").exists()
    return data_dir


def test_reports_are_new_files_named_by_the_kiosk_and_never_replace_one(tmp_path, kiosk_data):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "site-report-2026-12-02.csv").write_text("someone's own file")
    allowed = export_folders(str(out), kiosk_data, media=[])
    assert allowed == [out.resolve()]
    first = save_new(out, allowed, kiosk_data, "csv", b"a,b\r\n", today=DAY)
    second = save_new(out, allowed, kiosk_data, "csv", b"c,d\r\n", today=DAY)
    assert (first.name, second.name) == ("site-report-2026-12-02-2.csv", "site-report-2026-12-02-3.csv")
    assert (out / "site-report-2026-12-02.csv").read_text() == "someone's own file"
    assert first.read_bytes() == b"a,b\r\n" and second.read_bytes() == b"c,d\r\n"


def test_a_link_planted_under_the_next_name_is_not_written_through(tmp_path, kiosk_data):
    out = tmp_path / "reports"
    out.mkdir()
    key = kiosk_data / "installation.key"
    before = key.read_bytes()
    (out / "site-report-2026-12-02.pdf").symlink_to(key)
    path = save_new(out, [out], kiosk_data, "pdf", b"%PDF-1.4 new", today=DAY)
    assert path.name == "site-report-2026-12-02-2.pdf" and not path.is_symlink()
    assert key.read_bytes() == before


def test_the_data_folder_is_never_offered_nor_written(tmp_path, kiosk_data):
    before = snapshot(kiosk_data)
    inside = kiosk_data / "exports"
    inside.mkdir()
    pointing_in = tmp_path / "looks-harmless"
    pointing_in.symlink_to(kiosk_data)
    for configured in (str(kiosk_data), str(inside), str(pointing_in)):
        assert export_folders(configured, kiosk_data, home=tmp_path, media=[]) == []
    # Even asked directly, with the data folder claimed to be allowed:
    for folder in (kiosk_data, inside, pointing_in):
        with pytest.raises(ExportError, match="only be saved in the folders offered"):
            save_new(folder, [kiosk_data, inside, pointing_in], kiosk_data, "csv", b"x", today=DAY)
    inside.rmdir()
    assert snapshot(kiosk_data) == before


def test_only_csv_and_pdf_and_only_offered_folders(tmp_path, kiosk_data):
    out, other = tmp_path / "reports", tmp_path / "elsewhere"
    out.mkdir()
    other.mkdir()
    with pytest.raises(ExportError, match="CSV or PDF"):
        save_new(out, [out], kiosk_data, "key", b"x", today=DAY)
    with pytest.raises(ExportError, match="folders offered"):
        save_new(other, [out], kiosk_data, "csv", b"x", today=DAY)
    with pytest.raises(ExportError, match="not there any more"):
        save_new(tmp_path / "gone", [out], kiosk_data, "csv", b"x", today=DAY)
    assert list(other.iterdir()) == [] and list(out.iterdir()) == []


def test_removable_media_are_offered_after_the_configured_folder(tmp_path, kiosk_data):
    documents = tmp_path / "home" / "Documents"
    documents.mkdir(parents=True)
    usb = tmp_path / "media" / "USB STICK"
    usb.mkdir(parents=True)
    places = ExportPlaces("", kiosk_data, media=[usb, tmp_path / "media" / "unplugged"])
    places_home = export_folders("", kiosk_data, home=tmp_path / "home", media=[usb])
    assert places_home == [documents.resolve(), usb.resolve()]
    assert usb.resolve() in places.folders()


# -- on the screen (offscreen) ---------------------------------------------------------------------
@pytest.fixture
def screen(qtbot, store, programme, kiosk_data, tmp_path):
    make_application()
    out = tmp_path / "reports"
    out.mkdir()
    usb = tmp_path / "usb"
    usb.mkdir()
    report = build_report(store, programme, 10, DAY)
    view = ReportsScreen(lambda: report, ExportPlaces(str(out), kiosk_data, media=[usb]))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    yield view
    view.stop()


def test_the_screen_saves_new_files_in_the_chosen_folder_without_a_file_dialog(qtbot, screen, tmp_path):
    box = screen.folder_box
    assert [box.itemText(i) for i in range(box.count())] == [str((tmp_path / "reports").resolve()),
                                                            str((tmp_path / "usb").resolve())]
    assert box.accessibleName() and screen.csv_button.isEnabled() and screen.pdf_button.isEnabled()
    with qtbot.waitSignal(screen.saved) as saved:
        qtbot.keyClick(screen.csv_button, Qt.Key.Key_Space)
    csv_file = saved.args[0]
    assert csv_file.parent == (tmp_path / "reports").resolve() and csv_file.suffix == ".csv"
    assert csv_file.read_text(encoding="utf-8-sig").startswith("section,row,column,value")
    box.setCurrentIndex(1)
    with qtbot.waitSignal(screen.saved) as saved:
        qtbot.keyClick(screen.pdf_button, Qt.Key.Key_Space)
    pdf_file = saved.args[0]
    assert pdf_file.parent == (tmp_path / "usb").resolve() and pdf_file.read_bytes().startswith(b"%PDF")
    assert pdf_file.name in screen.status.text()
    again = screen.save("pdf")
    assert again != pdf_file and pdf_file.read_bytes().startswith(b"%PDF")  # a new file, the first kept
    assert screen.findChildren(QFileDialog) == []


def test_the_screen_cannot_be_made_to_write_into_the_data_folder(qtbot, screen, kiosk_data):
    before = snapshot(kiosk_data)
    screen.folder_box.addItem(str(kiosk_data), kiosk_data)  # as if someone slipped it into the list
    screen.folder_box.setCurrentIndex(screen.folder_box.count() - 1)
    assert screen.save("csv") is None
    assert "only be saved in the folders offered" in screen.status.text()
    assert snapshot(kiosk_data) == before
    assert str(kiosk_data) not in [screen.folder_box.itemText(i) for i in range(screen.folder_box.count())]


def test_with_no_folder_to_save_in_the_screen_says_so(qtbot, store, programme, kiosk_data):
    make_application()
    report = build_report(store, programme, 10, DAY)
    view = ReportsScreen(lambda: report, ExportPlaces(str(kiosk_data), kiosk_data, media=[]))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    assert not view.csv_button.isEnabled() and not view.pdf_button.isEnabled()
    assert "no folder to save reports in" in view.status.text()
    view.stop()


def test_the_trainer_can_show_any_ended_month(qtbot, store, accounts, programme, data_dir):
    """Two ended months with different figures: choosing the older one shows its figures."""
    from kiosk.core.store import open_reader
    from tests.report_helpers import move_to_month, shift, this_month

    for n in range(3):
        accounts.register(f"OLDER{n}", "572913")
    move_to_month(store, shift(this_month(), -2))
    accounts.register("NEWER0", "572913")
    move_to_month(store, shift(this_month(), -1))
    path = store.database_path()

    def build(month=None):
        own = open_reader(path)  # the worker thread's own connection, as the trainer screens do
        try:
            return build_report(own, programme, 2, month=month)
        finally:
            own.close()

    make_application()
    view = ReportsScreen(build, ExportPlaces("", data_dir, media=[]))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    box = view.month_box
    assert box.accessibleName() and box.isEnabled() and box.count() == 2
    assert view.report.learners.text == "<2"  # the last ended month: one new learner
    older = box.itemText(1)
    with qtbot.waitSignal(view.ready, timeout=10_000):
        box.setCurrentIndex(1)
        box.activated.emit(1)
    assert view.report.month == older and view.report.learners.text == "3"
    view.stop()
