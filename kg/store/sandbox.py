"""What a query worker may do: no network, bounded memory, lowest CPU priority when asked.

No outbound requests *by construction*: Oxigraph fetches for SERVICE and LOAD, and pyoxigraph
offers no way to run without its HTTP client nor its parse tree to check. So the worker that
runs queries on the embedded store cannot open an internet socket at all: a seccomp filter
makes `socket(AF_INET | AF_INET6, ...)` fail, for Oxigraph, Python and anything else in the
process, whatever the query text hides (comments that end at `\\r`, escapes, lower case).
A refused attempt raises SIGSYS, which the worker notes, so it can say "SERVICE is refused"
instead of returning what SERVICE SILENT would have left.

The memory cap is RLIMIT_AS (address space) set above what the worker uses once its store
is open; the pool also watches each worker's resident size and kills it past the cap.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import struct

# BPF instruction classes and fields (linux/filter.h, linux/bpf_common.h)
_LD_W_ABS = 0x00 | 0x00 | 0x20
_JEQ_K = 0x05 | 0x10 | 0x00
_RET_K = 0x06 | 0x00
_RET_ALLOW = 0x7FFF0000
_RET_TRAP = 0x00030000  # the call fails (ENOSYS) and the thread gets SIGSYS
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_AF_INET, _AF_INET6 = 2, 10
# (audit architecture, socket syscall number) of the machines kg runs on
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}

_attempts = 0  # network attempts refused in this process, counted by the SIGSYS handler


def _on_sigsys(signum: int, frame: object) -> None:
    global _attempts
    _attempts += 1


def network_attempts() -> int:
    """How many internet sockets this process tried to open since no_network()."""
    return _attempts


def can_forbid_network() -> bool:
    return platform.system() == "Linux" and platform.machine() in _ARCHES


def _filter_program(arch: int, socket_nr: int) -> bytes:
    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    return b"".join([
        op(_LD_W_ABS, 0, 0, 4),            # seccomp_data.arch
        op(_JEQ_K, 0, 5, arch),            # another ABI: allow (jump to the last ALLOW)
        op(_LD_W_ABS, 0, 0, 0),            # seccomp_data.nr
        op(_JEQ_K, 0, 3, socket_nr),       # not socket(): allow
        op(_LD_W_ABS, 0, 0, 16),           # args[0], the address family (low 32 bits)
        op(_JEQ_K, 2, 0, _AF_INET),
        op(_JEQ_K, 1, 0, _AF_INET6),
        op(_RET_K, 0, 0, _RET_ALLOW),
        op(_RET_K, 0, 0, _RET_TRAP),
    ])


def no_network() -> None:
    """From now on this process (and its threads and children) cannot open internet sockets.

    Unix sockets and pipes (how the worker talks to the pool) keep working. Irreversible.
    """
    if not can_forbid_network():
        raise OSError(f"cannot forbid network access on {platform.system()} {platform.machine()}")
    arch, socket_nr = _ARCHES[platform.machine()]
    program = _filter_program(arch, socket_nr)
    instructions = len(program) // 8
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(instructions, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    signal.signal(signal.SIGSYS, _on_sigsys)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def die_with_parent() -> None:
    """SIGKILL this process when its parent ends (a worker must not outlive its pool)."""
    if platform.system() == "Linux":
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def address_space() -> int:
    """Bytes of address space this process maps now."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def cap_memory(extra_bytes: int) -> None:
    """Let this process map at most `extra_bytes` more than it does now."""
    limit = address_space() + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def resident_bytes(pid: int) -> int:
    """A process's resident memory (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system; 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0
