"""The three levels' names and what each means, in plain words (one place, so the chooser, home,
My progress and the certificate say the same)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def level_name(level: str) -> str:
    names = {
        "trauma_informed": QCoreApplication.translate("levels", "Trauma Informed"),
        "trauma_skilled": QCoreApplication.translate("levels", "Trauma Skilled"),
        "enhanced": QCoreApplication.translate("levels", "Enhanced"),
    }
    return names.get(level, level)


def level_explained(level: str) -> str:
    words = {
        "trauma_informed": QCoreApplication.translate(
            "levels", "For everyone. What trauma is, how it can show up at work, and the principles that "
                      "guide a trauma-informed service."),
        "trauma_skilled": QCoreApplication.translate(
            "levels", "For people whose work brings them into direct contact with people who may have "
                      "experienced trauma. Builds on the Trauma Informed core with skills for your role."),
        "enhanced": QCoreApplication.translate(
            "levels", "For leaders and specialists who shape how a team or service works: supervision, "
                      "how the service feels to the people who use it, and looking after staff."),
    }
    return words.get(level, "")
