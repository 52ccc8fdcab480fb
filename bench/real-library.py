#!/usr/bin/env python3
"""Builds a real-music evaluation library from Debian's freely licensed game music.

Usage: bench/real-library.py [--cache DIR] [LIBRARY]

LIBRARY (default: eval-library/ in the repository, gitignored) receives one folder per game,
holding copies of the game's music tagged with the game as album and, where the file's own
tags or the package's copyright file name one, the composer as artist. The packages are
fetched with `apt-get download` into the cache (default: .cache/real-library/ in the
repository) and unpacked there with `dpkg-deb -x`; nothing is installed and nothing under
/usr is read or written. Needs apt-get, dpkg-deb and ffmpeg/ffprobe; Python 3 standard
library only.

Which files are music (the rule, applied to every package alike):
  - audio in a folder the game names for its music (a folder whose name starts with "music",
    such as music/, Music/ or Music.ocg/, or nexuiz's cdtracks/), including inside the
    games' .pk3 (zip) archives, or any audio of a package that holds only music;
  - at least MIN_SECONDS long, which drops jingles and stingers (level done, bonus, boss
    intro) along with the sound effects, which live in other folders anyway.

Who is the artist: the file's own artist tag (its first value; placeholders and web addresses
are not names); else the holder named by the package's copyright file for that file, when
the stanza that covers it (DEP-5, the last matching Files: pattern, the package-wide "*"
aside) names exactly one; else,
for a package that holds only music, its single upstream author; else none. ALIASES joins one
person's two spellings.

Files are copied with their audio packets untouched (ffmpeg -c copy); the two formats the
scanner does not read (XBlast's headerless PCM, Frozen Bubble's tracker module) are rendered
to FLAC. The library's .sources/ folder (hidden, so the scanner skips it) holds a manifest of
every track's origin and each package's copyright file. Rerunning rebuilds only what is
missing.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MIN_SECONDS = 30.0

# package -> album (the game's name). neverball-data holds no music (Neverball's music ships
# in neverball-common, which is not on the list): it is checked and reported, and adds nothing.
PACKAGES = {
    "nexuiz-music": "Nexuiz",
    "ufoai-music": "UFO: Alien Invasion",
    "neverball-data": "Neverball",
    "freedroidrpg-data": "FreedroidRPG",
    "hedgewars-data": "Hedgewars",
    "lincity-ng-data": "LinCity-NG",
    "flare-game": "Flare",
    "openclonk-data": "OpenClonk",
    "supertux-data": "SuperTux",
    "xblast-tnt-musics": "XBlast TNT",
    "fb-music-high": "Frozen Bubble",
}
# Packages that hold only music: all their audio counts, wherever it lies.
MUSIC_ONLY = {"nexuiz-music", "ufoai-music", "xblast-tnt-musics", "fb-music-high"}
AUDIO = {".ogg", ".oga", ".flac", ".mp3", ".wav", ".xm", ".mod", ".it", ".s3m", ".raw"}
# Headerless PCM: XBlast's sound server plays its background songs as unsigned 8-bit stereo at
# 22,050 Hz (xbsndsrv.c: SAMPLE_RATE, and the songs are not flagged mono).
RAW_FORMAT = ["-f", "u8", "-ar", "22050", "-ac", "2"]
# One composer, two spellings: SuperTux's copyright file names Marek Moeckel <wansti@gmx.de>
# for data/music/*, his own tags say Wansti; Nexuiz's tags say both "elysis" and
# "Gerd (elysis) Raudenbusch".
ALIASES = {"Marek Moeckel": "Wansti", "elysis": "Gerd (elysis) Raudenbusch"}
NOT_NAMES = {"", "<unknown>", "unknown", "various", "various artists"}
# Bumped when what a copy holds changes, so that every file of an earlier build is rewritten.
BUILD_VERSION = 3
MANIFEST_FIELDS = ["album", "artist", "artist_from", "track", "title", "file", "package", "version",
                   "source", "seconds"]


def main():
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", nargs="?", default=str(repo / "eval-library"),
                        help="folder to build the library in (default: eval-library/ in the repository)")
    parser.add_argument("--cache", default=str(repo / ".cache" / "real-library"),
                        help="folder for the downloaded and unpacked packages")
    args = parser.parse_args()
    library, cache = Path(args.library).resolve(), Path(args.cache).resolve()
    for tool in ("apt-cache", "apt-get", "dpkg-deb", "ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            fail(f"{tool} is missing" + (" (apt-get install -y ffmpeg)" if tool.startswith("ff") else
                                         ": this script needs Debian's apt and dpkg"))
    sources = library / ".sources"
    if library.exists() and any(library.iterdir()) and not (sources / "manifest.tsv").exists():
        fail(f"{library} is not empty and holds no .sources/manifest.tsv: not a library this script built; "
             "name an empty or new folder")
    sources.mkdir(parents=True, exist_ok=True)

    tracks = []
    for package, album in PACKAGES.items():
        tracks += package_tracks(package, album, cache, sources)
    albums = place(tracks)
    written = write_library(tracks, library, sources)
    named = [t["artist"] for t in tracks if t["artist"]]
    print(f"real-library: {library}: {len(tracks)} tracks in {albums} albums, {len(named)} with a composer "
          f"({len(set(named))} composers); {written} files written")


def package_tracks(package, album, cache, sources):
    """The package's music by the rule in the header, each with its album, artist and title."""
    version = package_version(package)
    tree = unpack(package, version, cache)
    found = music_files(package, tree)
    copyright_text = (tree / "usr/share/doc" / package / "copyright").read_text(errors="replace")
    (sources / f"{package}.copyright").write_text(copyright_text)
    tracks = []
    for path in found:
        seconds = duration(path)
        if seconds < MIN_SECONDS:
            continue
        tags = own_tags(path)
        artist, source = composer(package, path.relative_to(tree), tags, copyright_text)
        tracks.append({"album": album, "artist": artist, "artist_from": source,
                       "title": tags.get("title") or path.stem, "package": package, "version": version,
                       "source": str(path.relative_to(tree)), "seconds": f"{seconds:.1f}", "path": path})
    print(f"real-library: {package} {version}: {len(found)} music files, {len(tracks)} of at least "
          f"{MIN_SECONDS:.0f} s" + ("" if found else " (no music in this package)"))
    return tracks


def place(tracks):
    """Numbers each album's tracks (in source order), names their files and sets the album
    artist: the composer when one wrote the whole album, else Various Artists. Returns the
    number of albums."""
    by_album = {}
    for track in tracks:
        by_album.setdefault(track["album"], []).append(track)
    for album, members in by_album.items():
        members.sort(key=lambda t: t["source"])
        artists = {t["artist"] for t in members}
        album_artist = artists.pop() if len(artists) == 1 and None not in artists else "Various Artists"
        for number, track in enumerate(members, 1):
            track["track"] = f"{number}/{len(members)}"
            track["album_artist"] = album_artist
            suffix = ".ogg" if track["path"].suffix.lower() in (".ogg", ".oga") else ".flac"
            track["file"] = f"{safe(album)}/{number:02d} {safe(track['title'])}{suffix}"
    return len(by_album)


def write_library(tracks, library, sources):
    """Writes the copies and the manifest. A file is rewritten when it is missing or its
    manifest row (its tags, its source) changed; files of an earlier build that the plan no
    longer holds are removed, nothing else is. Returns the number of files written."""
    previous = read_manifest(sources / "manifest.tsv")
    rows = {t["file"]: "\t".join(re.sub(r"[\t\r\n]+", " ", str(t[f] or "")) for f in MANIFEST_FIELDS)
            for t in tracks}
    written = 0
    for track in tracks:
        target = library / track["file"]
        if not target.exists() or previous.get(track["file"]) != rows[track["file"]]:
            write_copy(track, target)
            written += 1
    for stale in set(previous) - set(rows):
        (library / stale).unlink(missing_ok=True)
    atomic_write(sources / "manifest.tsv", manifest_header() + "".join(f"{r}\n" for r in rows.values()))
    return written


def fail(message):
    print(f"real-library: {message}", file=sys.stderr)
    sys.exit(1)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(command)} failed: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    return result.stdout


def package_version(package):
    """The candidate version apt knows, checked with apt-cache show."""
    result = subprocess.run(["apt-cache", "show", "--no-all-versions", package], capture_output=True, text=True)
    match = re.search(r"^Version: (\S+)", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        fail(f"apt-cache show {package}: package unknown (run apt-get update?)")
    return match.group(1)


def unpack(package, version, cache):
    """The package's files, downloaded and unpacked into the cache once."""
    tree = cache / "tree" / f"{package}_{version}"
    if tree.exists():
        return tree
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    deb = next(iter(debs.glob(f"{package}_{version.replace(':', '%3a')}_*.deb")), None)
    if deb is None:
        run(["apt-get", "download", f"{package}={version}"], cwd=debs)
        deb = next(iter(debs.glob(f"{package}_*.deb")), None)
        if deb is None:
            fail(f"apt-get download {package} left no .deb in {debs}")
    partial = Path(tempfile.mkdtemp(prefix=f".{package}-", dir=cache))
    run(["dpkg-deb", "-x", str(deb), str(partial)])
    for archive in sorted(partial.rglob("*.pk3")):
        with zipfile.ZipFile(archive) as pk3:
            for member in pk3.namelist():
                if Path(member).suffix.lower() in AUDIO and is_music(package, Path(member)):
                    pk3.extract(member, archive.with_name(archive.name + ".d"))
    tree.parent.mkdir(parents=True, exist_ok=True)
    partial.rename(tree)
    return tree


def is_music(package, relative):
    folders = [part.lower() for part in relative.parts[:-1] if not part.endswith(".pk3.d")]
    return package in MUSIC_ONLY or any(f.startswith("music") or f == "cdtracks" for f in folders)


def music_files(package, tree):
    return sorted(p for p in tree.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO
                  and is_music(package, p.relative_to(tree)))


def duration(path):
    if path.suffix.lower() == ".raw":
        return path.stat().st_size / (22050 * 2)
    out = run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)])
    try:
        return float(out.strip())
    except ValueError:
        return 0.0


def own_tags(path):
    """The file's tags (container and stream), keys lowercased, first value of each."""
    if path.suffix.lower() == ".raw":
        return {}
    out = run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", str(path)])
    data = json.loads(out or "{}")
    tags = {}
    for entry in [data.get("format", {})] + data.get("streams", []):
        for key, value in entry.get("tags", {}).items():
            tags.setdefault(key.lower(), value.split(";")[0].strip())
    return tags


def composer(package, relative, tags, copyright_text):
    """(artist, where it came from) by the rule in the header."""
    artist = tags.get("artist", "")
    if artist.lower() not in NOT_NAMES and not re.search(r"https?://|www\.|\.com\b", artist):
        return ALIASES.get(artist, artist), "tag"
    holders = stanza_holders(relative, copyright_text)
    if holders is not None and len(holders) == 1:
        return ALIASES.get(holders[0], holders[0]), "copyright"
    if package in MUSIC_ONLY:
        authors = re.findall(r"^Upstream Author: *(.+)$", copyright_text, re.MULTILINE)
        if len(authors) == 1:
            name = clean_holder(authors[0])
            return ALIASES.get(name, name), "copyright"
    return None, "none"


def stanza_holders(relative, copyright_text):
    """Holders of the last DEP-5 Files stanza naming the file, or None (no such stanza, or
    another format).

    DEP-5 patterns name paths of the source tree ("data/music/*"), not installed ones
    ("usr/share/games/supertux2/music/forest/x.ogg"): a pattern covers a file when it matches
    the end of the installed path (or of a .pk3 member's path), as it is or, when it has two
    folders or more, without its first ("data/music/*" covers ".../supertux2/music/forest/x.ogg",
    "debian/*" covers nothing here)."""
    if not copyright_text.startswith("Format:"):
        return None
    parts = [p for p in relative.parts if not p.endswith(".pk3.d")]
    suffixes = ["/".join(parts[i:]) for i in range(len(parts))]
    holders = None
    for paragraph in re.split(r"\n\s*\n", copyright_text):
        fields = dict(re.findall(r"^([A-Za-z-]+):((?:.*)(?:\n[ \t]+.*)*)", paragraph, re.MULTILINE))
        if "Files" not in fields or "Copyright" not in fields:
            continue
        for pattern in fields["Files"].split():
            if pattern == "*":
                continue  # the package-wide stanza speaks of the project, not of who wrote a piece
            forms = [pattern] + ([pattern.split("/", 1)[1]] if pattern.count("/") >= 2 else [])
            if any(fnmatch.fnmatchcase(s, form) for s in suffixes for form in forms):
                holders = [clean_holder(line) for line in fields["Copyright"].strip().splitlines() if line.strip()]
                break
    return holders


def clean_holder(line):
    """A copyright line's name: without years, e-mail addresses and web addresses."""
    line = re.sub(r"<[^>]*>|\([^)]*\)|https?://\S+|www\.\S+", "", line)
    line = re.sub(r"^\s*(©|\(c\)|copyright)?\s*[\d\s,–-]*", "", line, flags=re.IGNORECASE)
    return line.strip(" ,")


def safe(text):
    return re.sub(r'[/\\:*?"<>|\x00-\x1f]', "_", text).strip(" .") or "untitled"


def write_copy(track, target):
    """Copies (or renders) one track with its tags into the library, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = track["path"]
    partial = target.with_name(f".{target.name}.partial")
    # An empty value removes the file's own tag: an artist tag that is no name goes.
    tags = {"album": track["album"], "album_artist": track["album_artist"], "track": track["track"],
            "title": track["title"], "artist": track["artist"] or ""}
    command = ["ffmpeg", "-v", "error", "-nostdin", "-y"]
    if source.suffix.lower() == ".raw":
        command += RAW_FORMAT
    command += ["-i", str(source), "-map", "0:a:0"]
    command += ["-c:a", "copy"] if target.suffix == ".ogg" else ["-c:a", "flac"]
    # Ogg keeps its tags with the stream, where the file's own ALBUM etc. would win over global ones.
    scope = "-metadata:s:a:0" if target.suffix == ".ogg" else "-metadata"
    for key, value in tags.items():
        command += [scope, f"{key}={value}"]
    command += ["-f", "ogg" if target.suffix == ".ogg" else "flac", str(partial)]
    run(command)
    os.replace(partial, target)


def read_manifest(path):
    """An earlier build's rows by file, or nothing."""
    if not path.exists():
        return {}
    lines = path.read_text().splitlines(keepends=True)
    if not lines or "".join(lines[:2]) != manifest_header():
        return {}
    lines = [line.rstrip("\n") for line in lines[2:]]
    index = MANIFEST_FIELDS.index("file")
    return {line.split("\t")[index]: line for line in lines if line}


def manifest_header():
    return f"# bench/real-library.py build {BUILD_VERSION}\n" + "\t".join(MANIFEST_FIELDS) + "\n"


def atomic_write(path, text):
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


if __name__ == "__main__":
    main()
