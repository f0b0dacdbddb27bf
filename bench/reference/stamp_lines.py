#!/usr/bin/env python3
"""Runs a command and writes each line it prints (stdout and stderr together) to OUT with
the seconds since the command started: `SECONDS<TAB>LINE`. Exits with the command's status.

    stamp_lines.py OUT COMMAND..."""
import subprocess
import sys
import time

out_path, command = sys.argv[1], sys.argv[2:]
started = time.monotonic()
with open(out_path, "w") as out:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    for line in process.stdout:
        out.write(f"{time.monotonic() - started:.3f}\t{line}")
    status = process.wait()
    out.write(f"{time.monotonic() - started:.3f}\t(end)\n")
sys.exit(status)
