# A stand-in for Windows' own ICU (icuuc.dll), which Wine 8 lacks and Qt6Core.dll imports
# (20 ucnv_* functions for its optional ICU codecs). Every converter fails to open, so Qt falls
# back to its built-in codecs (UTF-8/16/32, Latin-1): all the kiosk uses. For Wine only: it goes
# into the Wine prefix's system32, never into a bundle.
        .intel_syntax noprefix
        .text

        .globl  DllMain
DllMain:
        mov     eax, 1
        ret

# UConverter *ucnv_open(const char *name, UErrorCode *err): sets *err to U_FILE_ACCESS_ERROR (4)
# and returns NULL, as a real ICU does for a converter it has no data for.
        .globl  fail_open
fail_open:
        test    rdx, rdx
        jz      1f
        mov     dword ptr [rdx], 4
1:      xor     eax, eax
        ret

# Every other import: never reached once ucnv_open fails; returns 0 / NULL if it is.
        .globl  nothing
nothing:
        xor     eax, eax
        ret
