"""Worker processes that outlive a lost worker.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies
(killed by the kernel's out-of-memory killer, a crash in C): every pending task
fails with it. This small supervisor gives each worker one task at a time over
its own pipe, so when a worker's process ends without an answer the supervisor
knows which task it held, reports that task lost, and starts a new worker for
the rest. Workers are forked, so they start with what the parent loaded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any


@dataclass(frozen=True)
class Lost:
    """A task whose worker ended before answering, and how the worker ended."""

    exitcode: int | None

    def reason(self) -> str:
        code = self.exitcode
        if code is not None and code < 0:
            return f"worker stopped unexpectedly (signal {-code})"
        return f"worker stopped unexpectedly (exit status {code})"


def _serve(conn: Connection, work: Callable[[Any], Any], setup: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides when to stop
    if setup is not None:
        setup()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, payload = task
        try:
            answer = (index, True, work(payload))
        except Exception as exc:  # work's own errors are the supervisor's to raise
            answer = (index, False, exc)
        conn.send(answer)


def run(
    work: Callable[[Any], Any],
    tasks: Sequence[Any],
    workers: int,
    done: Callable[[int, Any], None],
    setup: Callable[[], None] | None = None,
) -> None:
    """Run ``work(task)`` for every task over ``workers`` processes, calling
    ``done(index, result)`` as each ends; a task whose worker died gets a ``Lost``,
    and an exception ``work`` raised is raised here, after the workers are stopped.
    ``setup`` runs once in each worker before its first task."""
    context = multiprocessing.get_context("fork")
    pending = deque(enumerate(tasks))
    holding: dict[BaseProcess, tuple[Connection, int | None]] = {}

    def give(process: BaseProcess, conn: Connection) -> None:
        task = pending.popleft() if pending else None
        try:
            conn.send(task)
        except OSError:  # it has just died: the task waits for the next worker
            if task is not None:
                pending.appendleft(task)
            task = None
        holding[process] = (conn, task[0] if task else None)

    def start() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, work, setup), daemon=True)
        process.start()
        theirs.close()
        give(process, ours)

    try:
        for _ in range(min(workers, len(pending))):
            start()
        while holding:
            by_conn = {conn: process for process, (conn, _) in holding.items()}
            by_sentinel = {process.sentinel: process for process in holding}
            ready = wait([*by_conn, *by_sentinel])
            answered = set()
            for conn in (r for r in ready if r in by_conn):
                process = by_conn[conn]
                try:
                    index, ok, result = conn.recv()
                except (EOFError, OSError):
                    continue  # it died: its sentinel says so
                if not ok:
                    raise result
                answered.add(process)
                done(index, result)
                give(process, conn)
            for sentinel in (r for r in ready if r in by_sentinel):
                process = by_sentinel[sentinel]
                if process in answered:
                    continue  # it answered and ended in the same instant; seen next time round
                process.join()
                conn, index = holding.pop(process)
                conn.close()
                if index is not None:
                    done(index, Lost(process.exitcode))
                if pending and len(holding) < workers:
                    start()
    finally:
        for process, (conn, _) in holding.items():
            with contextlib.suppress(OSError):
                conn.close()
            process.terminate()
            process.join()
