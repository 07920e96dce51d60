"""Entry point for ``python -m helpers``."""

import gc
import os
import sys
import threading

from .cli import main

# Commands whose work is files, all written and closed before they return, and no thread or process of theirs
# left running: when one ends, nothing it made needs freeing one object at a time.
_ENDS_AT_ONCE = frozenset({"grade"})

try:
    code = main()
except BrokenPipeError:  # the reader has gone (``| head``): what is left to print goes nowhere (Python's docs, signal)
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
if sys.argv[1:2] and sys.argv[1] in _ENDS_AT_ONCE and threading.active_count() == 1:
    # A graded class leaves hundreds of thousands of objects: tearing the interpreter down frees them one by
    # one (~15-20 ms of a class's run). Its output is flushed and the process leaves at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader has gone (``| head``): as the interpreter would, end with an error
        os._exit(code or 120)
    os._exit(code)
# The process ends here: its last garbage collection need not walk every object the command made (~50 ms).
gc.freeze()
sys.exit(code)
