# A stand-in for bcryptprimitives.dll, which Wine 8 lacks and the Rust extensions (pydantic-core,
# rpds-py, cryptography) import ProcessPrng from. The .def forwards ProcessPrng to advapi32's
# SystemFunction036 (RtlGenRandom): both fill a buffer with random bytes and return TRUE.
# For Wine only: it goes into the Wine prefix's system32, never into a bundle.
        .intel_syntax noprefix
        .text

        .globl  DllMain
DllMain:
        mov     eax, 1
        ret
