"""Run Ralph's LRS API on 127.0.0.1 (executed by .venv-ralph's Python, see ralph.py).

Usage: run_ralph.py PORT

Ralph's file-system backend writes with a "create" operation, so every write after the first
would fail with 500; appending is what an LRS needs. ``ralph runserver`` is not used because it
reloads on file changes.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import ralph.api  # after the line above: it reads the backend settings at import

uvicorn.run(ralph.api.app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
