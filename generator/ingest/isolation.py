"""Run a reader that can crash in a child process, so that its crash costs one file.

python-calamine is Rust: asked for more memory than there is, it aborts the whole process
(SIGABRT, no Python exception), and a damaged file can send any native parser into a loop.
`run_isolated` forks, caps the child's address space (RLIMIT_AS, counted from what it
inherited) and its time, and takes its result through a pipe. A crash, an overrun or a
MemoryError becomes a ReadError for the caller to report; a bug in the reader (any other
exception) is raised in the caller, as it would have been without the child.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable

from generator.ingest.limits import MIB
from generator.ingest.readers import ReadError

_OK, _RAISED, _NO_MEMORY = b"\x00", b"\x01", b"\x02"
_STDERR_KEPT = 4096  # of what the child wrote to stderr: calamine's last words


class ChildTraceback(Exception):
    """The traceback of an exception raised in the child, as text."""


def run_isolated(work: Callable[[], bytes], memory: int, seconds: float) -> bytes:
    """Return what `work()` returns, run in a forked child with `memory` bytes and `seconds`."""
    if not hasattr(os, "fork"):
        return work()
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _run_child(work, memory, out_write, err_write, (out_read, err_read))
    os.close(out_write)
    os.close(err_write)
    payload, stderr, finished = b"", b"", False
    try:
        payload, stderr, finished = _collect(out_read, err_read, time.monotonic() + seconds)
    finally:  # an overrun, or the build itself interrupted: the child goes too
        os.close(out_read)
        os.close(err_read)
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
    if not finished:
        raise ReadError(f"读取超过 {seconds:g} 秒仍未完成，已中止；该文件未读取")
    return _result(payload, stderr, status, memory)


def _run_child(
    work: Callable[[], bytes], memory: int, out: int, err: int, parents: tuple[int, int]
) -> None:
    try:
        for fd in parents:
            os.close(fd)
        os.dup2(err, 2)
        faulthandler.disable()  # a crash here is the parent's to report, in one line
        _cap_memory(memory)
        try:
            payload = _OK + work()
        except MemoryError:
            payload = _NO_MEMORY
        except BaseException as exc:  # a bug: sent back, raised in the parent
            payload = _RAISED + _pickled(exc)
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view[: 1 << 20]) :]
    finally:
        os._exit(0)  # never run the parent's cleanup (pytest, atexit, buffered files) here


def _pickled(exc: BaseException) -> bytes:
    text = "".join(traceback.format_exception(exc))
    try:
        return pickle.dumps((exc, text))
    except Exception:  # an exception that does not pickle still says what it was
        return pickle.dumps((RuntimeError(f"{type(exc).__name__}: {exc}"), text))


def _cap_memory(memory: int) -> None:
    """Let the child map `memory` bytes more than it inherited from its parent."""
    try:
        import resource
    except ImportError:  # not a POSIX system: the time limit still holds
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = inherited + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _collect(out: int, err: int, deadline: float) -> tuple[bytes, bytes, bool]:
    """Read the child's result and stderr until both close; False if the deadline came first."""
    chunks: list[bytes] = []
    stderr = b""
    open_fds = {out, err}
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", stderr, False
        ready, _, _ = select.select(list(open_fds), [], [], left)
        for fd in ready:
            data = os.read(fd, 1 << 20)
            if not data:
                open_fds.discard(fd)
            elif fd == out:
                chunks.append(data)
            elif len(stderr) < _STDERR_KEPT:
                stderr += data[: _STDERR_KEPT - len(stderr)]
    return b"".join(chunks), stderr, True


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
        os.kill(pid, signal.SIGKILL)


def _result(payload: bytes, stderr: bytes, status: int, memory: int) -> bytes:
    if payload[:1] == _OK and os.WIFEXITED(status):
        return payload[1:]
    if payload[:1] == _NO_MEMORY:
        raise ReadError(f"读取所需内存超过 {memory // MIB} MB 的上限；该文件未读取")
    if payload[:1] == _RAISED:
        exc, text = pickle.loads(payload[1:])
        raise exc from ChildTraceback(text)
    if os.WIFSIGNALED(status):
        how = signal.Signals(os.WTERMSIG(status)).name
    else:
        how = f"退出码 {os.WEXITSTATUS(status)}"
    said = stderr.decode("utf-8", errors="replace").strip().splitlines()
    detail = f"：{said[0][:200]}" if said else ""
    raise ReadError(
        f"读取器异常终止（{how}{detail}）；常见原因：文件损坏，或所需内存超过"
        f" {memory // MIB} MB 的上限；该文件未读取"
    )
