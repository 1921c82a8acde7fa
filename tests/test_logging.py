"""The log helps IT without ever holding who a learner is or what they wrote."""

import logging
import os
import stat

from kiosk.core.logsetup import setup_logging
from kiosk.ui.app import make_application
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell


def test_log_rotates_in_the_data_folder_and_holds_no_personal_data(qtbot, store, accounts, programme,
                                                                  data_dir):
    path = setup_logging(data_dir, "DEBUG")
    try:
        make_application()
        shell = Shell(Services(store, accounts, programme))
        qtbot.addWidget(shell)
        learner = accounts.register("AB7654321", "397524", "Olamide")
        shell.start_session(learner)
        shell.open_module("module-1")
        run = shell.player.run
        run.go_to(3)
        run.save_reflection("CANARY-reflection-text")
        shell.sign_out()
        logging.getLogger("kiosk.test").info("marker")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text()
        assert "signed in" in text and "marker" in text
        for secret in ("AB7654321", "7654321", "397524", "Olamide", "CANARY"):
            assert secret not in text
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_tip_kiosk", False))
        assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
    finally:
        for handler in [h for h in logging.getLogger().handlers if getattr(h, "_tip_kiosk", False)]:
            logging.getLogger().removeHandler(handler)
            handler.close()
