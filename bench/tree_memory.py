#!/usr/bin/env python3
"""Peak memory of a whole process tree, for `make bench`: GNU time's max RSS is that of the
largest single process, which misses segue-analyze's worker processes. Samples the tree under
PID until PID ends and writes "RSS_SUM_KB PSS_SUM_KB UNIQUE_KB" to OUT, each the highest
sampled value of:

- the sum of the processes' resident sets: an upper bound, counting every shared library once
  per process (each maps the same ~50 MB of FFmpeg, Foundation and friends);
- the sum of their proportional sets: shared pages divided among all the processes of the
  machine that map them, so on a busy machine it counts less than the tree holds;
- the tree's unique footprint: every process's anonymous memory (heap, stacks, pages copied on
  write) plus each resident file page once, however many processes of the tree map it. This is
  the memory the tree takes from the machine, and the figure the bench reports.

Usage: tree_memory.py PID OUT"""
import os
import sys
import time

SAMPLE_SECONDS = 0.02
# Which file pages are resident changes slowly (libraries are touched at start-up); the full
# smaps walk that tells them is costlier than the rollup, so it runs less often.
MAPPINGS_SECONDS = 0.5


def descendants(pid):
    """PID and every process below it."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return found


def rollup(pid):
    """(Rss, Pss, Anonymous) in kB; zeros for a process that has just ended."""
    values = {"Rss:": 0, "Pss:": 0, "Anonymous:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as lines:
            for line in lines:
                field = line.split(None, 1)[0]
                if field in values:
                    values[field] = int(line.split()[1])
    except OSError:
        pass
    return values["Rss:"], values["Pss:"], values["Anonymous:"]


def file_pages(pid):
    """Resident file-backed kB per mapped file stretch: {(device, inode, offset): kB}."""
    pages, key, rss = {}, None, 0
    try:
        with open(f"/proc/{pid}/smaps") as lines:
            for line in lines:
                parts = line.split()
                if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                    key = (parts[3], parts[4], parts[2]) if parts[4] != "0" else None
                elif key and parts[0] == "Rss:":
                    rss = int(parts[1])
                elif key and parts[0] == "Anonymous:":
                    pages[key] = max(pages.get(key, 0), rss - int(parts[1]))
    except OSError:
        pass
    return pages


def main():
    root, out = int(sys.argv[1]), sys.argv[2]
    peak_rss = peak_pss = peak_unique = 0
    mapped, mapped_at = {}, {}
    while os.path.exists(f"/proc/{root}"):
        now = time.monotonic()
        tree = descendants(root)
        rss = pss = anonymous = 0
        for pid in tree:
            process_rss, process_pss, process_anonymous = rollup(pid)
            rss, pss, anonymous = rss + process_rss, pss + process_pss, anonymous + process_anonymous
            if now - mapped_at.get(pid, -1e9) >= MAPPINGS_SECONDS:
                mapped[pid], mapped_at[pid] = file_pages(pid), now
        union = {}
        for pid in tree:
            for key, kilobytes in mapped.get(pid, {}).items():
                union[key] = max(union.get(key, 0), kilobytes)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        peak_unique = max(peak_unique, anonymous + sum(union.values()))
        time.sleep(SAMPLE_SECONDS)
    with open(out, "w") as report:
        report.write(f"{peak_rss} {peak_pss} {peak_unique}\n")


if __name__ == "__main__":
    main()
