#!/usr/bin/env python3
"""Reads stamp_lines.py's output of `sous -l debug` running the hello cluster and prints each
machine's stages (allocate, ready, setup, converge) with the seconds each took: a stage
lasts from its `machine NAME: stage S` log line to the machine's next stage, and converge to
the machine's `- converge NAME` line.

    stage_times.py STAMPED_FILE MACHINE..."""
import re
import sys

path, machines = sys.argv[1], sys.argv[2:]
events = {machine: [] for machine in machines}
for line in open(path):
    seconds, text = line.rstrip("\n").split("\t", 1)
    stage = re.search(r"machine (\S+): stage (\w+)$", text)
    if stage and stage.group(1) in events:
        events[stage.group(1)].append((stage.group(2), float(seconds)))
    done = re.search(r"- (?:\[\S+\] )?converge (\S+) \(", text)
    if done and done.group(1) in events:
        events[done.group(1)].append(("done", float(seconds)))
print(f"{'machine':<16} {'allocate':>9} {'ready':>9} {'setup':>9} {'converge':>9}   (seconds; a machine converged twice counts both)")
for machine in machines:
    spans = {"allocate": 0.0, "ready": 0.0, "setup": 0.0, "converge": 0.0}
    marks = events[machine]
    for (stage, start), (_, end) in zip(marks, marks[1:]):
        if stage in spans:
            spans[stage] += end - start
    if not any(stage == "done" for stage, _ in marks):
        sys.exit(f"FAILED: no converge of {machine} in {path}")
    print(f"{machine:<16} " + " ".join(f"{spans[s]:>9.2f}" for s in ("allocate", "ready", "setup", "converge")))
