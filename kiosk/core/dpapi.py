"""Windows DPAPI (CryptProtectData) for the kiosk's secrets: a blob only this Windows account on
this PC can open, so a copied data folder carries the blob but not what opens it.

User scope, not machine scope: a machine-scope blob opens for any program on the PC, so it would
guard nothing from the other accounts the kiosk's secrets are kept from. The blob is also bound to
an application-specific entropy string, so another program's blob (or the kiosk's own under an
older entropy) does not open as a kiosk secret. Run under Wine by tests/windows_native.
"""

from __future__ import annotations

import sys

ENTROPY = b"tip-kiosk secret v1"
CRYPTPROTECT_UI_FORBIDDEN = 0x1


def available() -> bool:
    return sys.platform == "win32"


def protect(data: bytes) -> bytes:
    """``data`` sealed for the current Windows account. Raises OSError if Windows refuses."""
    return _call("CryptProtectData", data)


def unprotect(blob: bytes) -> bytes:
    """What ``protect`` sealed. Raises OSError (another account, another PC, or damaged)."""
    return _call("CryptUnprotectData", blob)


def _call(name: str, data: bytes) -> bytes:  # pragma: no cover - Windows only (tests/windows_native)
    if sys.platform != "win32":
        raise OSError("DPAPI needs Windows")
    import ctypes
    from ctypes import wintypes

    class DataBlob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    def blob_of(raw: bytes) -> tuple[DataBlob, ctypes.Array[ctypes.c_char]]:
        buffer = ctypes.create_string_buffer(raw, len(raw))
        return DataBlob(len(raw), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    data_in, _keep = blob_of(data)
    entropy, _keep_entropy = blob_of(ENTROPY)
    out = DataBlob()
    function = getattr(crypt32, name)
    if name == "CryptProtectData":
        ok = function(ctypes.byref(data_in), "tip-kiosk", ctypes.byref(entropy), None, None,
                      CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(out))
    else:
        ok = function(ctypes.byref(data_in), None, ctypes.byref(entropy), None, None,
                      CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(out))
    if not ok:
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)
