"""The order a learner sees a question's options or a scenario's choices in.

Options are shown in an order of their own for each learner, so the correct one cannot be found
by its place, but the same order every time that learner comes back (resume, sign out and in,
another day): moving answers about under someone is confusing, and "I chose the second one"
must still mean the same thing. The order comes from a keyed hash of the learner's database id
and where the question is, so nothing is stored and nothing personal goes into it.

Answers are always saved by an option's original index (its place in module.yaml), never by
where it was shown, so saved answers, records and reports do not depend on the order.
"""

from __future__ import annotations

import hashlib
import hmac

ORDER_KEY = b"tip-kiosk/option-order/v1"
"""Fixed: changing it would reshuffle every learner's questions."""


def order(learner_id: int, scope: str, count: int) -> tuple[int, ...]:
    """Original indexes ``0..count-1`` in the order this learner sees them at ``scope``
    (e.g. ``"module-id/step-id"``, or ``".../node-id"`` for a scenario node)."""
    def rank(index: int) -> bytes:
        return hmac.new(ORDER_KEY, f"{learner_id}\x00{scope}\x00{index}".encode(), hashlib.sha256).digest()

    return tuple(sorted(range(count), key=rank))
