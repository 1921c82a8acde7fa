"""The few Win32 security calls kiosk.core.winacl needs, through ctypes (Windows only).

Every function raises OSError (with ``filename`` set where a file is involved) when Windows
refuses; the callers turn that into words for the log or doctor. Run by tests/windows_native
under Wine with the Windows Python.
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import wintypes
from pathlib import Path

from kiosk.core.winacl import Ace

TOKEN_QUERY = 0x0008
TOKEN_USER = 1
SDDL_REVISION_1 = 1
DACL_SECURITY_INFORMATION = 0x4
PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
_P = ctypes.c_void_p


def _dlls() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    if sys.platform != "win32":
        raise OSError("Windows security calls need Windows")
    advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel.GetCurrentProcess.restype = wintypes.HANDLE
    kernel.LocalFree.argtypes = [_P]
    kernel.CloseHandle.argtypes = [wintypes.HANDLE]
    advapi.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD, ctypes.POINTER(wintypes.HANDLE)]
    advapi.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, _P, wintypes.DWORD,
                                           ctypes.POINTER(wintypes.DWORD)]
    advapi.ConvertSidToStringSidW.argtypes = [_P, ctypes.POINTER(wintypes.LPWSTR)]
    advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, ctypes.POINTER(_P), _P]
    advapi.SetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, _P]
    advapi.GetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, _P, wintypes.DWORD,
                                        ctypes.POINTER(wintypes.DWORD)]
    advapi.GetSecurityDescriptorDacl.argtypes = [_P, ctypes.POINTER(wintypes.BOOL), ctypes.POINTER(_P),
                                                 ctypes.POINTER(wintypes.BOOL)]
    advapi.GetAce.argtypes = [_P, wintypes.DWORD, ctypes.POINTER(_P)]
    return advapi, kernel


def _fail(filename: Path | str | None = None) -> OSError:
    if sys.platform != "win32":
        return OSError("Windows security calls need Windows")
    error = ctypes.WinError(ctypes.get_last_error())
    error.filename = None if filename is None else str(filename)
    return error


def _sid_text(advapi: ctypes.CDLL, kernel: ctypes.CDLL, sid: int | None) -> str:
    text = wintypes.LPWSTR()
    if not advapi.ConvertSidToStringSidW(sid, ctypes.byref(text)):
        raise _fail()
    try:
        return text.value or ""
    finally:
        kernel.LocalFree(ctypes.cast(text, _P))


def current_user_sid() -> str:
    """The SID of the account this process runs as (``S-1-5-21-...``)."""
    advapi, kernel = _dlls()
    token = wintypes.HANDLE()
    if not advapi.OpenProcessToken(kernel.GetCurrentProcess(), TOKEN_QUERY, ctypes.byref(token)):
        raise _fail()
    try:
        size = wintypes.DWORD()
        advapi.GetTokenInformation(token, TOKEN_USER, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi.GetTokenInformation(token, TOKEN_USER, buffer, size, ctypes.byref(size)):
            raise _fail()
        # TOKEN_USER starts with a SID_AND_ATTRIBUTES whose first field points at the SID.
        return _sid_text(advapi, kernel, ctypes.cast(buffer, ctypes.POINTER(_P))[0])
    finally:
        kernel.CloseHandle(token)


def set_dacl(path: Path, sddl: str) -> None:
    """Replace ``path``'s access list with the one ``sddl`` spells (``D:P(...)``: protected)."""
    advapi, kernel = _dlls()
    descriptor = _P()
    if not advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1,
                                                                       ctypes.byref(descriptor), None):
        raise _fail(path)
    try:
        if not advapi.SetFileSecurityW(str(path), DACL_SECURITY_INFORMATION
                                       | PROTECTED_DACL_SECURITY_INFORMATION, descriptor):
            raise _fail(path)
    finally:
        kernel.LocalFree(descriptor)


def read_dacl(path: Path) -> list[Ace]:
    """``path``'s access list, entry by entry (an empty list: no entries, nobody gets in)."""
    advapi, kernel = _dlls()
    size = wintypes.DWORD()
    advapi.GetFileSecurityW(str(path), DACL_SECURITY_INFORMATION, None, 0, ctypes.byref(size))
    if not size.value:
        raise _fail(path)
    buffer = ctypes.create_string_buffer(size.value)
    if not advapi.GetFileSecurityW(str(path), DACL_SECURITY_INFORMATION, buffer, size, ctypes.byref(size)):
        raise _fail(path)
    present, acl, defaulted = wintypes.BOOL(), _P(), wintypes.BOOL()
    if not advapi.GetSecurityDescriptorDacl(buffer, ctypes.byref(present), ctypes.byref(acl),
                                            ctypes.byref(defaulted)):
        raise _fail(path)
    if not present.value or not acl.value:
        # No access list at all means everyone may do anything: report it as Everyone allowed.
        return [Ace(0, "S-1-1-0", 0x1F01FF)]
    count = ctypes.c_uint16.from_address(acl.value + 4).value  # ACL: revision, sbz1, size, count
    aces = []
    for index in range(count):
        ace = _P()
        if not advapi.GetAce(acl, index, ctypes.byref(ace)) or ace.value is None:
            raise _fail(path)
        # ACE header (type byte, flags byte, size word), then the access mask, then the SID.
        kind = ctypes.c_uint8.from_address(ace.value).value
        mask = ctypes.c_uint32.from_address(ace.value + 4).value
        aces.append(Ace(kind, _sid_text(advapi, kernel, ace.value + 8), mask))
    return aces
