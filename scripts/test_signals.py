"""The synthetic test signals, defined by formula at any sample rate, identically in
Sources/SegueTestSupport/TestSignals.swift (keep both in step): computed in float64, the
tests store them as float32. Noise comes from the same 32-bit LCG in both."""
import math

import numpy as np


def lcg_noise(count, seed=12345, amplitude=0.5):
    state = seed
    out = np.empty(count, dtype=np.float64)
    for i in range(count):
        state = (1664525 * state + 1013904223) % 2**32
        out[i] = amplitude * ((state >> 8) / 16777216.0 * 2.0 - 1.0)
    return out


def midi_hz(note):
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def times(seconds, sr):
    return np.arange(int(seconds * sr), dtype=np.float64) / sr


def sine(hz, seconds, sr, amplitude):
    return amplitude * np.sin(2 * math.pi * hz * times(seconds, sr))


def tones(notes, seconds, sr, amplitude=0.2):
    t = times(seconds, sr)
    return sum(amplitude * np.sin(2 * math.pi * midi_hz(n) * t) for n in notes)


def clicks(bpm, seconds, sr):
    t = times(seconds, sr)
    tau = np.fmod(t, 60.0 / bpm)
    return np.where(tau < 0.03, 0.8 * np.sin(2 * math.pi * 1500.0 * tau) * np.exp(-tau / 0.004), 0.0)


def mix(seconds, sr):
    """A C-major chord (root doubled in the bass), clicks at 100 BPM and noise, faded in over 2 s."""
    t = times(seconds, sr)
    fade = np.minimum(1.0, t / 2.0)
    return fade * (0.5 * tones([48, 60, 64, 67], seconds, sr) + clicks(100, seconds, sr) + 0.1 * lcg_noise(len(t)))
