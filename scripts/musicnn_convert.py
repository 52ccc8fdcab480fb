#!/usr/bin/env python3
"""Converts the MusiCNN MSD_musicnn TensorFlow checkpoint into Segue's weight files.

Reads `musicnn/MSD_musicnn/.index` and `.data-00000-of-00001` from the musicnn 0.1.0 wheel
(a zip) with the Python standard library only, so set-up needs no TensorFlow, and writes
into OUT_DIR:

- `msd_musicnn.f32`: the inference tensors, little-endian float32, one after the other in
  the manifest's order (the optimizer's Adam slots and the step counter are left out);
- `msd_musicnn.json`: the manifest, each tensor's name, shape and offset (in floats);
- `LICENSE.musicnn`: the wheel's licence notice (ISC), which must travel with the weights.

The checkpoint's `.index` is a LevelDB-format table (tensorflow/tsl/lib/io/table) whose
values are `BundleEntryProto` protobuf messages giving each tensor's dtype, shape, offset
and size in the data file and a CRC32C of its bytes; both the table blocks and the tensors
are checked. The result is checked against the SHA-256 below, so a wheel that differs from
the one these weights were converted from is refused.

Usage: musicnn_convert.py WHEEL OUT_DIR
"""
import hashlib
import json
import os
import struct
import sys
import tempfile
import zipfile

CHECKPOINT = "musicnn/MSD_musicnn/"
LICENSE = "musicnn-0.1.0.dist-info/LICENSE.md"
WEIGHTS = "msd_musicnn.f32"
MANIFEST = "msd_musicnn.json"
NOTICE = "LICENSE.musicnn"
# SHA-256 of msd_musicnn.f32 as converted from musicnn-0.1.0-py3-none-any.whl.
EXPECTED_SHA256 = "970c0065888f5a89d993ee798eb8bb294e0702f17e881e93997c771107ae147e"

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
BLOCK_TRAILER_SIZE = 5  # compression type (1 byte) + masked CRC32C (4 bytes)
DT_FLOAT = 1


class FormatError(Exception):
    pass


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    table = CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def unmask(masked):
    """Tables and bundles store CRCs rotated and offset (masked), so a CRC over data holding
    CRCs stays sound."""
    rotated = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return ((rotated >> 17) | (rotated << 15)) & 0xFFFFFFFF


def varint(data, pos):
    result = shift = 0
    while True:
        if pos >= len(data):
            raise FormatError("varint runs past the end")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def read_block(data, offset, size):
    """The contents of one table block, its trailer checked."""
    end = offset + size
    if end + BLOCK_TRAILER_SIZE > len(data):
        raise FormatError(f"block at {offset} runs past the end of the index")
    contents = data[offset:end]
    kind = data[end]
    if kind != 0:
        raise FormatError(f"block at {offset} is compressed (type {kind}); expected none")
    (stored,) = struct.unpack_from("<I", data, end + 1)
    if unmask(stored) != crc32c(data[offset:end + 1]):
        raise FormatError(f"block at {offset} fails its CRC32C")
    return contents


def block_entries(block):
    """(key, value) pairs of a block: prefix-compressed keys, then the restart array."""
    if len(block) < 4:
        raise FormatError("block shorter than its restart count")
    (restarts,) = struct.unpack_from("<I", block, len(block) - 4)
    limit = len(block) - 4 - 4 * restarts
    if limit < 0:
        raise FormatError("restart array larger than the block")
    pos, key = 0, b""
    while pos < limit:
        shared, pos = varint(block, pos)
        unshared, pos = varint(block, pos)
        length, pos = varint(block, pos)
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + length]
        pos += length


def table_entries(index):
    """Every (key, value) of a LevelDB table, through its index block."""
    if len(index) < FOOTER_SIZE:
        raise FormatError("shorter than a table footer")
    footer = index[-FOOTER_SIZE:]
    (magic,) = struct.unpack_from("<Q", footer, FOOTER_SIZE - 8)
    if magic != TABLE_MAGIC:
        raise FormatError(f"bad table magic {magic:#x}")
    pos = 0
    _, pos = varint(footer, pos)  # metaindex offset
    _, pos = varint(footer, pos)  # metaindex size
    index_offset, pos = varint(footer, pos)
    index_size, pos = varint(footer, pos)
    for _, handle in block_entries(read_block(index, index_offset, index_size)):
        offset, at = varint(handle, 0)
        size, _ = varint(handle, at)
        yield from block_entries(read_block(index, offset, size))


def proto_fields(message):
    """(field number, value) of a protobuf message: ints for varints, bytes otherwise."""
    pos = 0
    while pos < len(message):
        tag, pos = varint(message, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = varint(message, pos)
        elif wire == 1:
            value, pos = message[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(message, pos)
            value, pos = message[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = message[pos:pos + 4], pos + 4
        else:
            raise FormatError(f"unsupported protobuf wire type {wire}")
        yield number, value


def bundle_entry(name, message):
    """A BundleEntryProto: dtype 1, shape 2, shard_id 3, offset 4, size 5, crc32c 6, slices 7."""
    entry = {"dtype": DT_FLOAT, "shape": [], "shard": 0, "offset": 0, "size": 0, "crc32c": None}
    for number, value in proto_fields(message):
        if number == 1:
            entry["dtype"] = value
        elif number == 2:
            for dim_number, dim in proto_fields(value):
                if dim_number == 2:
                    size = dict(proto_fields(dim)).get(1, 0)
                    entry["shape"].append(size)
        elif number == 3:
            entry["shard"] = value
        elif number == 4:
            entry["offset"] = value
        elif number == 5:
            entry["size"] = value
        elif number == 6:
            (entry["crc32c"],) = struct.unpack("<I", value)
        elif number == 7:
            raise FormatError(f"{name}: sliced tensors are not supported")
    return entry


def is_inference_tensor(name):
    """The model's weights and batch-norm statistics; not Adam's slots and powers."""
    return not name.endswith(("/Adam", "/Adam_1")) and name not in ("beta1_power", "beta2_power")


def manifest_text(manifest):
    """JSON with one tensor per line, readable in a diff."""
    head = {key: value for key, value in manifest.items() if key != "tensors"}
    lines = [json.dumps(tensor) for tensor in manifest["tensors"]]
    return json.dumps(head, indent=1)[:-2] + ',\n "tensors": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def convert(wheel_path, out_dir):
    with zipfile.ZipFile(wheel_path) as wheel:
        index = wheel.read(CHECKPOINT + ".index")
        data = wheel.read(CHECKPOINT + ".data-00000-of-00001")
        notice = wheel.read(LICENSE)

    tensors = []
    for key, value in table_entries(index):
        if not key:
            continue  # the BundleHeaderProto
        name = key.decode("utf-8")
        if not is_inference_tensor(name):
            continue
        entry = bundle_entry(name, value)
        if entry["dtype"] != DT_FLOAT:
            raise FormatError(f"{name}: dtype {entry['dtype']}, expected float32")
        if entry["shard"] != 0:
            raise FormatError(f"{name}: in shard {entry['shard']}; the wheel has one")
        count = 1
        for size in entry["shape"]:
            count *= size
        if entry["size"] != 4 * count:
            raise FormatError(f"{name}: {entry['size']} bytes for shape {entry['shape']}")
        raw = data[entry["offset"]:entry["offset"] + entry["size"]]
        if len(raw) != entry["size"]:
            raise FormatError(f"{name}: runs past the end of the data file")
        if entry["crc32c"] is not None and crc32c(raw) != unmask(entry["crc32c"]):
            raise FormatError(f"{name}: fails its CRC32C")
        tensors.append((name, entry["shape"], raw))
    if not tensors:
        raise FormatError("no model tensors in the checkpoint")

    blob = bytearray()
    manifest = {"model": "MSD_musicnn", "source": "musicnn 0.1.0 (PyPI wheel)", "dtype": "float32-le",
                "tensors": []}
    for name, shape, raw in tensors:
        # The checkpoint stores float32 little-endian already; written as found.
        manifest["tensors"].append({"name": name, "shape": shape, "offset": len(blob) // 4})
        blob += raw
    manifest["floats"] = len(blob) // 4
    digest = hashlib.sha256(blob).hexdigest()
    manifest["sha256"] = digest
    if digest != EXPECTED_SHA256:
        raise FormatError(f"converted weights have SHA-256 {digest}, expected {EXPECTED_SHA256}")

    os.makedirs(out_dir, exist_ok=True)
    # Written beside the target and renamed, so an interrupted set-up leaves no half file.
    # The weights go last: their presence is what `make` checks.
    for name, content in ((NOTICE, notice), (MANIFEST, manifest_text(manifest).encode()), (WEIGHTS, bytes(blob))):
        with tempfile.NamedTemporaryFile(dir=out_dir, delete=False) as handle:
            handle.write(content)
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, os.path.join(out_dir, name))
    return manifest


def main():
    if len(sys.argv) != 3:
        print("usage: musicnn_convert.py WHEEL OUT_DIR", file=sys.stderr)
        return 2
    try:
        manifest = convert(sys.argv[1], sys.argv[2])
    except (FormatError, OSError, KeyError, zipfile.BadZipFile) as error:
        print(f"musicnn_convert.py: {sys.argv[1]}: {error}", file=sys.stderr)
        return 1
    print(f"MusiCNN weights: {len(manifest['tensors'])} tensors, {manifest['floats']} floats, "
          f"sha256 {manifest['sha256']} in {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
