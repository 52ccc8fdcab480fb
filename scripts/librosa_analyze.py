#!/usr/bin/env python3
"""The librosa baseline of bench/analyze.sh: the features SegueDSP computes, extracted with
librosa over the same beginning, middle and end windows Segue decodes, one track after the
other in one process (one worker).

Usage: python3 scripts/librosa_analyze.py SEGMENT_SECONDS FILE...
Prints one line: tracks, seconds, seconds per track.
"""
import os
import sys
import time
import warnings

import librosa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from librosa_reference import features  # noqa: E402  (the same feature set as the DSP tests)

SR = 22050


def windows(path, segment):
    duration = librosa.get_duration(path=path)
    if duration < 3 * segment:
        return [(0.0, None)]
    return [(0.0, segment), ((duration - segment) / 2, segment), (duration - segment, segment)]


def main():
    segment = float(sys.argv[1])
    paths = sys.argv[2:]
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    for path in paths:
        for offset, duration in windows(path, segment):
            y, _ = librosa.load(path, sr=SR, mono=True, offset=offset, duration=duration)
            features(y)
    elapsed = time.perf_counter() - started
    print(f"librosa: {len(paths)} tracks in {elapsed:.2f} s, {elapsed / max(1, len(paths)):.3f} s per track")


if __name__ == "__main__":
    main()
