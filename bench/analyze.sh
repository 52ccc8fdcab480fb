#!/usr/bin/env bash
# segue-analyze, whole process: wall time and peak memory over >= 100 generated four-minute
# tracks with 2 workers, against `ffmpeg` decoding the same three windows to -f null (one
# ffmpeg process per track, two at a time) measured in the same run, and, when librosa is
# importable, librosa extracting the same features over the same windows (one worker).
# Targets: segue-analyze <= 0.8x the ffmpeg decode time with DSP features only (embedding:
# none); with the MusiCNN embedding (3 patches per window) <= 4x; peak memory of the whole
# process tree (the supervisor and its worker processes, each page once) <= 150 MB without the
# embedding, <= 250 MB with it; the GFLOP/s MusiCNN's convolutions reach on one core
# (segue-embedding-bench) are printed.
# A last row analyses one long mix whole (analysis.mode: full): its peak memory must stay that
# of the windowed run, as the mix is streamed, never held.
# Run after `swift build -c release`. ANALYZE_TRACKS (100), ANALYZE_SECONDS (240),
# LIBROSA_TRACKS (20; 0 skips librosa) and MIX_SECONDS (3600) change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

tracks=${ANALYZE_TRACKS:-100}
seconds=${ANALYZE_SECONDS:-240}
librosa_tracks=${LIBROSA_TRACKS:-20}
mix_seconds=${MIX_SECONDS:-3600}
segment=30
workers=2
library="$BENCH_DIR/analyze-library-$tracks-$seconds"
work="$BENCH_DIR/analyze-run"

for tool in "$BIN/segue-analyze" "$BIN/segue-scan" "$BIN/segue-dev" "$BIN/segue-embedding-bench" /usr/bin/time ffmpeg ffprobe sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (swift build -c release; make test-deps)" >&2; exit 1; }
done

# The library is generated once and kept: the same seed always gives the same files.
if [[ ! -f $library/manifest.json ]]; then
    echo "generating $tracks tracks of $seconds s in $library (once)..."
    "$BIN/segue-dev" generate-library --out "$library" --tracks "$tracks" --seconds "$seconds" --jobs 2 >/dev/null
fi
mapfile -t files < <(find "$library" -type f \( -name '*.mp3' -o -name '*.flac' -o -name '*.ogg' -o -name '*.opus' \
    -o -name '*.m4a' -o -name '*.wav' -o -name '*.aiff' -o -name '*.wma' -o -name '*.wv' -o -name '*.ape' -o -name '*.mpc' \) | sort)
echo "library: ${#files[@]} tracks of ${seconds} s ($(du -sh "$library" | cut -f1)), windows of ${segment} s, $workers workers"

# The scanned library, copied fresh for every measured run.
rm -rf "$work" && mkdir -p "$work"
printf 'library:\n  music_dirs: [%s]\n  database: %s/segue.db\nanalysis:\n  segment_seconds: %s\n  embedding: none\n' \
    "$library" "$work" "$segment" >"$work/config.yaml"
sed 's/embedding: none/embedding: musicnn\n  embedding_patches_per_window: 3\n  embedding_model_dir: models\/musicnn/' \
    "$work/config.yaml" >"$work/embedding.yaml"
"$BIN/segue-scan" --config "$work/config.yaml" --db "$work/pristine.db" --quiet >/dev/null

# ffmpeg baseline: the three windows of each track decoded in one process, two processes at once.
windows_of() {
    local duration
    duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$1")
    awk -v d="$duration" -v s="$segment" 'BEGIN {
        if (d < 3 * s) { printf "0 %f\n", d; exit }
        printf "0 %f\n%f %f\n%f %f\n", s, (d - s) / 2, s, d - s, s }'
}
: >"$work/ffmpeg.commands"
for file in "${files[@]}"; do
    args=(-nostdin -v error)
    outputs=()
    index=0
    while read -r start length; do
        args+=(-ss "$start" -t "$length" -i "$file")
        outputs+=(-map "$index:a" -f null -)
        index=$((index + 1))
    done < <(windows_of "$file")
    printf '%q ' ffmpeg "${args[@]}" "${outputs[@]}" >>"$work/ffmpeg.commands"
    echo >>"$work/ffmpeg.commands"
done

sqlite3 "$work/pristine.db" ".backup '$work/segue.db'"
measure_tree "segue-analyze, $workers workers" "$BIN/segue-analyze" --config "$work/config.yaml" --workers "$workers" --quiet
segue_wall=$WALL segue_mb=$TREE_MB segue_rss_sum=$TREE_RSS_MB segue_largest=$PEAK_MB segue_cpu=$CPU
analysed=$(sqlite3 "$work/segue.db" "SELECT COUNT(*) FROM sonic_features")
failed=$(sqlite3 "$work/segue.db" "SELECT COUNT(*) FROM analysis_failures")
measure_tree "ffmpeg decode of the same windows, $workers at once" xargs -P "$workers" -d '\n' -I{} bash -c {} <"$work/ffmpeg.commands"
ffmpeg_wall=$WALL ffmpeg_mb=$PEAK_MB ffmpeg_cpu=$CPU

rate=$(awk -v n="$analysed" -v w="$segue_wall" -v k="$workers" 'BEGIN { printf "%.1f", (w > 0 ? n / w / k : 0) }')
per_cpu=$(awk -v n="$analysed" -v c="$segue_cpu" 'BEGIN { printf "%.1f", (c > 0 ? n / c : 0) }')
echo "analysed $analysed tracks, $failed failed: $rate tracks/s per worker (wall), $per_cpu tracks per CPU-second"
# On a busy machine the wall time mostly measures the other processes; CPU time does not.
echo "CPU time (user+sys): segue-analyze $segue_cpu s, ffmpeg $ffmpeg_cpu s"
echo "segue-analyze / ffmpeg decode: wall $(ratio "$segue_wall" "$ffmpeg_wall")x, CPU $(ratio "$segue_cpu" "$ffmpeg_cpu")x (target <= 0.8x)"
echo "segue-analyze peak memory, whole process tree: $segue_mb MB, each page once (target <= 150 MB); $segue_rss_sum MB RSS summed (shared libraries once per process); largest process $segue_largest MB; ffmpeg process peak: $ffmpeg_mb MB"

sqlite3 "$work/pristine.db" ".backup '$work/segue.db'"
measure_tree "segue-analyze with MusiCNN, 3 patches/window" "$BIN/segue-analyze" --config "$work/embedding.yaml" --workers "$workers" --quiet
embedded=$(sqlite3 "$work/segue.db" "SELECT COUNT(*) FROM sonic_embeddings")
echo "embedded $embedded tracks: segue-analyze with MusiCNN / ffmpeg decode: wall $(ratio "$WALL" "$ffmpeg_wall")x, CPU $(ratio "$CPU" "$ffmpeg_cpu")x (target <= 4x); peak memory, whole process tree: $TREE_MB MB (target <= 250 MB); largest process $PEAK_MB MB"
"$BIN/segue-embedding-bench" models/musicnn

if [[ $librosa_tracks -gt 0 ]] && python3 -c 'import librosa' 2>/dev/null; then
    subset=("${files[@]:0:$librosa_tracks}")
    measure "librosa, same features and windows, 1 worker, ${#subset[@]} tracks" \
        python3 scripts/librosa_analyze.py "$segment" "${subset[@]}"
    librosa_per_track=$(awk -v c="$CPU" -v n="${#subset[@]}" 'BEGIN { printf "%.4f", c / n }')
    segue_per_track=$(awk -v c="$segue_cpu" -v n="$analysed" 'BEGIN { printf "%.4f", c / n }')
    echo "CPU per track: segue $segue_per_track s, librosa $librosa_per_track s: librosa/segue $(ratio "$librosa_per_track" "$segue_per_track")x"
    echo "memory per worker: segue $((segue_mb / workers)) MB (whole tree / $workers), librosa $PEAK_MB MB: librosa/segue $(ratio "$PEAK_MB" "$((segue_mb / workers))")x"
else
    echo "librosa: not importable (pip install librosa), skipped"
fi

mix_folder="$BENCH_DIR/analyze-mix-$mix_seconds"
if [[ ! -f $mix_folder/mix.flac ]]; then
    mkdir -p "$mix_folder"
    ffmpeg -nostdin -v error -y -f lavfi -i "aevalsrc='0.3*sin(2*PI*(200+100*sin(t/10))*t)':s=44100:d=$mix_seconds" \
        -ac 2 -c:a flac "$mix_folder/mix.flac.tmp.flac" && mv "$mix_folder/mix.flac.tmp.flac" "$mix_folder/mix.flac"
fi
rm -f "$work"/mix.db*
printf 'library:\n  music_dirs: [%s]\n  database: %s/mix.db\nanalysis:\n  mode: full\n' "$mix_folder" "$work" >"$work/mix.yaml"
"$BIN/segue-scan" --config "$work/mix.yaml" --quiet >/dev/null
measure_tree "segue-analyze, full mode, one $((mix_seconds / 60))-minute mix" "$BIN/segue-analyze" --config "$work/mix.yaml" --quiet
echo "full-mode mix: $TREE_MB MB peak, whole tree (windowed run: $segue_mb MB), $(awk -v s="$mix_seconds" -v c="$CPU" 'BEGIN { printf "%.0f", (c > 0 ? s / c : 0) }')x real time per CPU-second"
