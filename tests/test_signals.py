"""PySide6 6.12.0 drops a reference to True on every Signal.emit() from Python and aborts
CPython 3.11 after a few hundred emits; 6.11.3 is clean. This guards the pin."""

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QCoreApplication, QObject, Signal
class Source(QObject):
    fired = Signal(bool)
app = QCoreApplication([])
source = Source()
seen = []
source.fired.connect(seen.append)
for i in range(10_000):
    source.fired.emit(i % 2 == 0)
print(len(seen), seen.count(True))
"""


def test_ten_thousand_signal_emits_in_one_process():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["10000", "5000"]
