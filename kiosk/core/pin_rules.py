"""What makes a PIN (or a trainer's passphrase) acceptable when it is chosen.

An online guesser gets a small daily budget (``kiosk.core.throttle``), so what matters is that
the PIN is not among the first few hundred anyone would try: people pick repeated digits,
runs, keyboard lines, years and dates far more often than chance. New PINs have 6 digits by
default (10^6 possibilities); PINs chosen before this rule keep working as they are.
"""

from __future__ import annotations

import re

from kiosk.core.errors import QT_TRANSLATE_NOOP, SignInError

PIN_MAX_DIGITS = 8
TRAINER_MIN_LENGTH = 10
"""A trainer's passphrase: at least this many characters (letters, digits, spaces, anything).
Longer than any PIN, so a passphrase-shaped try is told apart by its length alone."""
TRAINER_MAX_LENGTH = 128

# The most chosen 6-digit PINs in published studies of leaked PIN and password sets, beyond what
# the rules below catch (repeats, runs, years): keypad lines and shapes, mirrored halves, fun numbers.
_COMMON_PIN_TEXT = """
    112233 332211 121233 123321 321123 112358 142536 147258 258369 369258 852963 159753 357159
    753951 951753 159357 147852 258741 963852 741852 789456 456123 654987 987456 123654 147369
    102030 101010 202020 303030 010203 131313 141414 151515 696969 420420 520520 521521 080808
    123789 789123 246810 135790 142857 314159 271828 100200 110011 111222 222111 123000 000123
    998877 778899 445566 556677 667788 224466 113355 224488 102938 564738 918273 147147 258258
    369369 159159 753753 951159 121314 212223 111213 314150 1001 1004 1010 1122 1212 1313 2000
    2001 2580 0852 1470 0741 3690 0963 1478 7410 1357 2468 8642 7531 6969 4321 1234 0007 4200
    5683 8520 0258 2112 1221
"""
COMMON_PINS = frozenset(_COMMON_PIN_TEXT.split())


def check_new_pin(pin: str, *, min_digits: int = 6, code: str = "") -> None:
    """Refuse a PIN a guesser would try early, in plain words.

    Args:
        pin: the PIN chosen.
        min_digits: the shortest PIN allowed (6; 4 only where the ``pin_min_digits`` setting says).
        code: the learner code (normalised), so a PIN taken from it is refused.

    Raises:
        SignInError: the PIN is too short or long, not all digits, or too easy to guess.
    """
    if not re.fullmatch(rf"[0-9]{{{min_digits},{PIN_MAX_DIGITS}}}", pin):
        raise SignInError(QT_TRANSLATE_NOOP("errors", "A PIN is {low} to {high} digits."),
                          low=min_digits, high=PIN_MAX_DIGITS)
    if is_common(pin) or (code and pin in re.sub(r"[^0-9]", "", code)):
        raise SignInError(QT_TRANSLATE_NOOP(
            "errors", "That PIN would be easy for someone else to guess (like 123456, 111111, a year "
                      "or part of your learner code). Please choose another."))


def check_trainer_secret(secret: str, *, code: str = "") -> None:
    """Refuse a trainer's passphrase that is short or obvious.

    Raises:
        SignInError: shorter than ``TRAINER_MIN_LENGTH``, much repeated, or the learner code.
    """
    if len(secret) < TRAINER_MIN_LENGTH or len(secret) > TRAINER_MAX_LENGTH:
        raise SignInError(QT_TRANSLATE_NOOP(
            "errors", "A trainer's passphrase is {low} to {high} characters: a few words, or a long "
                      "number, that others cannot guess."), low=TRAINER_MIN_LENGTH, high=TRAINER_MAX_LENGTH)
    simple = re.sub(r"\s+", "", secret).upper()
    if len(set(simple)) < 4 or (code and code in simple) or (simple.isdigit() and is_common(simple)):
        raise SignInError(QT_TRANSLATE_NOOP(
            "errors", "That passphrase would be easy for someone else to guess (too few different "
                      "characters, or it holds the learner code). Please choose another."))


def is_common(pin: str) -> bool:
    """True for PINs people choose far more often than chance (see the module's docstring)."""
    return (pin in COMMON_PINS or len(set(pin)) <= 2 or _repeats(pin) or _run(pin) or _mirrored(pin)
            or _has_year(pin))


def _repeats(pin: str) -> bool:
    """1111, 121212, 123123, 12341234: a short block over and over."""
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
               for size in range(1, len(pin) // 2 + 1))


def _run(pin: str) -> bool:
    """123456, 654321, 890123, 135791, 000000: the same step between every pair of digits (mod 10)."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    return len(steps) == 1


def _mirrored(pin: str) -> bool:
    """123321, 1221: a half and its mirror."""
    return len(pin) >= 4 and pin == pin[::-1]


def _has_year(pin: str) -> bool:
    """1987, 2024, and a year with a month or day beside it (198705, 072024, 20240)."""
    if len(pin) > 6:
        return False
    years = [pin[i:i + 4] for i in range(len(pin) - 3)]
    return any(y[:2] in ("19", "20") for y in years if (pin.startswith(y) or pin.endswith(y)))
