"""Calling a learner's function safely: on copies of the inputs, under one time limit for
all the calls of a check, with what it prints captured and shown once, shortened; and
learner_line(err), the line of the learner's own code an exception was raised at.

The time limit.  In the main thread on Linux and macOS (where a notebook cell runs) a
SIGALRM timer interrupts the function: a private exception, derived from BaseException so
that a learner's ``except Exception`` cannot swallow it, is raised inside it, and the
previous handler and timer are restored in a ``finally``; nothing keeps running.  Elsewhere
(Windows has no SIGALRM; a signal handler can only be set in the main thread) the function
runs in a daemon thread that is waited for with a timeout: a thread cannot be stopped, so a
runaway function keeps running in the background, but the check returns and the notebook
stays usable.  Neither can interrupt a single long numpy operation written in C.
"""

import contextlib
import copy
import os
import signal
import sysconfig
import threading
import time
import traceback

import numpy as np

TIME_LIMIT = 3.0  # seconds for all the calls of a learner's function in one check
SHOWN_LINES = 5  # lines of what a learner's function printed shown in the feedback
LINE_CHARS = 200  # characters kept of each shown line


class TimedOut(Exception):
    """The learner's function did not return within the time left; seconds: the limit."""

    def __init__(self, seconds):
        super().__init__(f"did not return within {seconds:g} s")
        self.seconds = seconds


class _TimeUp(BaseException):
    """Raised inside the learner's function by the SIGALRM handler."""


def fresh(args):
    """A deep copy of a case's arguments, so a function that changes its inputs in place
    cannot change the next call's."""
    return tuple(copy.deepcopy(a) if isinstance(a, (np.ndarray, list)) else a for a in args)


class Printed:
    """A stand-in for sys.stdout keeping the first SHOWN_LINES lines and counting the rest,
    so a function printing without end costs no memory."""

    def __init__(self):
        self.lines, self.partial, self.count = [], "", 0

    def write(self, text):
        text = str(text)
        *done, self.partial = (self.partial + text).split("\n")
        for line in done:
            self.count += 1
            if len(self.lines) < SHOWN_LINES:
                self.lines.append(line[:LINE_CHARS])
        self.partial = self.partial[-LINE_CHARS:]
        return len(text)

    def flush(self):
        pass

    def summary(self):
        """What was printed, shortened: "" when nothing was."""
        lines, count = list(self.lines), self.count
        if self.partial:
            count += 1
            if len(lines) < SHOWN_LINES:
                lines.append(self.partial)
        if not count:
            return ""
        text = "\n".join(f"    {line}" for line in lines)
        more = count - len(lines)
        if not more:
            return f"Your function printed:\n{text}"
        return (
            f"Your function printed {count:,} lines; the first {len(lines)}:\n{text}\n"
            f"    ... {more:,} more line{'s' if more > 1 else ''}"
        )


class Runner:
    """The calls of one learner's function during one check: they share seconds (TIME_LIMIT
    unless given) and print into one Printed."""

    def __init__(self, fn, seconds=None):
        self.fn = fn
        self.seconds = TIME_LIMIT if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds
        self.printed = Printed()
        self.calls = 0  # calls asked for so far

    def __call__(self, *args):
        """fn(*copies of args); TimedOut when the time is up; what fn raises, raised."""
        self.calls += 1
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimedOut(self.seconds)
        with contextlib.redirect_stdout(self.printed):
            if _can_use_alarm():
                return _with_alarm(self.fn, fresh(args), left, self.seconds)
            return _in_thread(self.fn, fresh(args), left, self.seconds)


def _can_use_alarm():
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum, frame):
    raise _TimeUp


def _with_alarm(fn, args, left, seconds):
    """fn(*args) interrupted by SIGALRM after left seconds; the previous handler and timer
    are restored whatever happens."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    started = time.monotonic()
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, left)
    try:
        return fn(*args)
    except _TimeUp:
        raise TimedOut(seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay > 0:  # someone else's timer: give it back what is left of it
            remaining = max(old_delay - (time.monotonic() - started), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, remaining, old_interval)


def _in_thread(fn, args, left, seconds):
    """fn(*args) in a daemon thread waited for left seconds (a thread cannot be stopped:
    one that does not return is left running)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = fn(*args)
        except BaseException as err:  # handed to the caller below
            outcome["error"] = err

    worker = threading.Thread(target=run, name="learner-function", daemon=True)
    worker.start()
    worker.join(left)
    if worker.is_alive():
        raise TimedOut(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


_NOT_LEARNERS = tuple(
    os.path.normcase(os.path.abspath(p)) + os.sep
    for p in {
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # nnlib itself
        *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")),
    }
)


def learner_line(err):
    """Where err was raised in the learner's own code, the innermost such line:
    "It was raised in my_backward, line 4: dW1 = X @ dZ1"; "" when no frame of the
    traceback is the learner's (not nnlib's, the standard library's or an installed
    package's)."""
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)
        if not os.path.normcase(os.path.abspath(f.filename)).startswith(_NOT_LEARNERS)
    ]
    if not frames:
        return ""
    f = frames[-1]
    line = (f.line or "").strip()
    return f"It was raised in {f.name}, line {f.lineno}" + (f": {line}" if line else "")
