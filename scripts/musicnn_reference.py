#!/usr/bin/env python3
"""Writes Tests/SegueEmbeddingTests/MusiCNNReference.swift: MusiCNN's embeddings of the test signals.

The model runs in TensorFlow with the wheel's own code (`models.define_model(x, is_training,
'MSD_musicnn', 50)`, restored from the wheel's checkpoint); the input is the wheel's log-mel
spectrogram (`batch_data` in its extractor.py) in float32 throughout, where the wheel casts the
mel energies to float16 (which overflows on loud audio); Segue computes the same. Patches are
placed as Sources/SegueEmbedding/WindowPatches.swift places them in one analysis window. The
signals are defined in scripts/test_signals.py and, identically, in
Sources/SegueTestSupport/FormulaSignals.swift. CI compares against the committed output and
never runs TensorFlow. It also checks scripts/musicnn_convert.py: every tensor it converts must
equal what TensorFlow's checkpoint reader reads.

Run once, in a virtual environment:
    python3 -m venv /tmp/tf && /tmp/tf/bin/pip install tensorflow-cpu==2.21.0 tf_keras==2.21.0 librosa==0.11.0
    pip download --no-deps musicnn==0.1.0 -d /tmp/wheel
    /tmp/tf/bin/python scripts/musicnn_reference.py /tmp/wheel/musicnn-0.1.0-py3-none-any.whl
"""
import hashlib
import os
import sys
import tempfile
import zipfile

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import librosa  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402

import musicnn_convert  # noqa: E402
import test_signals  # noqa: E402

SR = 16000
N_FFT = 512
HOP = 256
N_MELS = 96
PATCH = 187
PATCHES_PER_WINDOW = 3

SIGNALS = {
    "sine1000": lambda: test_signals.sine(1000.0, 10, SR, 0.5),
    "noise": lambda: test_signals.lcg_noise(10 * SR),
    "clicks120": lambda: test_signals.clicks(120, 20, SR),
    "cMajor": lambda: test_signals.tones([48, 60, 64, 67], 10, SR),
    "mix": lambda: test_signals.mix(15.0, SR),
    # Shorter than one patch: its frames are repeated to fill it.
    "short": lambda: test_signals.sine(440.0, 2, SR, 0.5),
}


def log_mel(y):
    mel = librosa.feature.melspectrogram(y=y, sr=SR, hop_length=HOP, n_fft=N_FFT, n_mels=N_MELS).T
    mel = mel.astype(np.float32)
    return np.log10(np.float32(10000) * mel + np.float32(1))


def patch_starts(frames, count):
    if frames < PATCH:
        return [0]
    # Swift's integer division truncates; the value is clamped at 0 when it differs.
    return [min(frames - PATCH, max(0, int(((2 * k + 1) * frames - count * PATCH) / (2 * count)))) for k in range(count)]


def patches(spectrogram):
    frames = spectrogram.shape[0]
    result = []
    for start in patch_starts(frames, PATCHES_PER_WINDOW):
        rows = [(start + t) if frames >= PATCH else t % frames for t in range(PATCH)]
        result.append((start, spectrogram[rows]))
    return result


def check_converter(wheel, checkpoint):
    converted = tempfile.mkdtemp()
    manifest = musicnn_convert.convert(wheel, converted)
    values = np.fromfile(os.path.join(converted, musicnn_convert.WEIGHTS), dtype="<f4")
    # The prefix is the folder itself (the files are `.index`, `.data-…`), which
    # `tf.train.load_checkpoint` would take for a folder holding a `checkpoint` file.
    reader = tf.compat.v1.train.NewCheckpointReader(checkpoint)
    expected = {name for name in reader.get_variable_to_shape_map() if musicnn_convert.is_inference_tensor(name)}
    found = {tensor["name"] for tensor in manifest["tensors"]}
    if found != expected:
        raise SystemExit(f"converter tensors differ from TensorFlow's: {sorted(found ^ expected)}")
    for tensor in manifest["tensors"]:
        reference = reader.get_tensor(tensor["name"])
        count = int(np.prod(tensor["shape"], dtype=np.int64))
        mine = values[tensor["offset"]:tensor["offset"] + count].reshape(tensor["shape"])
        if list(reference.shape) != tensor["shape"] or not np.array_equal(reference, mine):
            raise SystemExit(f"converter: {tensor['name']} differs from TensorFlow's")
    print(f"converter agrees with tf.train.load_checkpoint on {len(found)} tensors")


def swift_floats(values):
    return "[" + ", ".join(repr(float(v)) for v in np.ravel(values).astype(np.float32)) + "]"


def main():
    if len(sys.argv) != 2:
        print("usage: musicnn_reference.py WHEEL", file=sys.stderr)
        return 2
    wheel = sys.argv[1]
    with open(wheel, "rb") as handle:
        wheel_sha = hashlib.sha256(handle.read()).hexdigest()
    unpacked = tempfile.mkdtemp()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    sys.path.insert(0, unpacked)
    from musicnn import models  # noqa: E402  (the wheel's own code)

    check_converter(wheel, os.path.join(unpacked, "musicnn", "MSD_musicnn") + "/")

    tf.compat.v1.disable_eager_execution()
    x = tf.compat.v1.placeholder(tf.float32, [None, PATCH, N_MELS])
    is_training = tf.compat.v1.placeholder(tf.bool)
    with tf.name_scope("model"):
        penultimate = models.define_model(x, is_training, "MSD_musicnn", 50)[-1]
    session = tf.compat.v1.Session()
    tf.compat.v1.train.Saver().restore(session, os.path.join(unpacked, "musicnn", "MSD_musicnn") + "/")

    versions = (f"tensorflow {tf.__version__}, tf_keras {tf_keras.__version__}, librosa {librosa.__version__}, "
                f"numpy {np.__version__}")
    lines = [
        "// Generated by scripts/musicnn_reference.py; do not edit. Regenerate after changing a test",
        "// signal (FormulaSignals.swift and scripts/test_signals.py define them identically).",
        f"// {versions}; musicnn-0.1.0-py3-none-any.whl sha256 {wheel_sha}.",
        "enum MusiCNNReference {",
        f'    static let versions = "{versions}"',
        f"    static let patchesPerWindow = {PATCHES_PER_WINDOW}",
        "",
        "    struct Patch {",
        "        /// First frame of the patch in the signal's spectrogram.",
        "        var start: Int",
        "        /// Mean over the patch's frames of each log-mel band.",
        "        var melMeans: [Float]",
        "        /// The penultimate layer.",
        "        var embedding: [Float]",
        "    }",
        "",
        "    static let signals: [String: [Patch]] = [",
    ]
    for name, make in SIGNALS.items():
        y = make().astype(np.float32)
        lines.append(f'        "{name}": [')
        for start, patch in patches(log_mel(y)):
            embedding = session.run(penultimate, feed_dict={x: patch[np.newaxis], is_training: False})[0]
            lines.append(f"            Patch(start: {start},")
            lines.append(f"                  melMeans: {swift_floats(patch.mean(axis=0))},")
            lines.append(f"                  embedding: {swift_floats(embedding)}),")
        lines.append("        ],")
    lines += ["    ]", "}", ""]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Tests", "SegueEmbeddingTests", "MusiCNNReference.swift")
    with open(path, "w") as handle:
        handle.write("\n".join(lines))
    print(f"wrote {path} ({versions})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
