"""Validate statements (a JSON array on stdin) with Ralph's own xAPI model; print one line per
invalid statement and exit 1 if any. Executed by .venv-ralph's Python."""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

bad = 0
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as exc:
        bad += 1
        print(statement.get("id"), exc.errors()[:3])
print(f"checked, {bad} invalid")
sys.exit(1 if bad else 0)
