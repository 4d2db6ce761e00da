/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Rust programs under Wine 8.
 *
 * Rust's std (1.78 and later) imports ProcessPrng from bcryptprimitives.dll for its random
 * numbers (HashMap's RandomState, among others); Wine 8 has no such DLL, so every Rust test
 * binary fails to load there (status c0000135, exit code 53). This DLL exports ProcessPrng and
 * fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine implements on
 * the host's random source. .ci/wine-check builds it with mingw-w64 for x86_64 and i686 and puts
 * it in the Wine prefix (system32 and syswow64). It is test infrastructure, not shipped.
 *
 * Windows documents ProcessPrng as always returning TRUE: callers (Rust's std among them) do
 * not check the result. So a failure here must not go unnoticed with the buffer unfilled: the
 * process is ended with a fail-fast trap instead.
 */
#include <windows.h>

/* RtlGenRandom: advapi32's export SystemFunction036 (ntsecapi.h). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            __builtin_trap();
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
