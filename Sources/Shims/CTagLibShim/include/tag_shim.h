#ifndef SEGUE_TAG_SHIM_H
#define SEGUE_TAG_SHIM_H
/* A small C surface over TagLib's C++ API: its C API lacks the property map. */
#ifdef __cplusplus
extern "C" {
#endif

/* What segue_tag_read found. Properties come as parallel arrays, one entry per value:
   a multi-valued key (GENRE, ARTISTS, ...) appears once per value, in order. */
typedef struct segue_tag_info {
    int length_ms;
    int bitrate_kbps;
    int sample_rate;
    int channels;
    /* "MP3", "FLAC", "Vorbis", "Opus", "AAC", "ALAC", "PCM", "AIFF", "WMA", "APE",
       "WavPack", "Musepack", or "" when TagLib cannot tell. */
    char codec[16];
    /* 1 when the stream is shorter than its header promises (MP3 Xing byte count). */
    int truncated;
    int property_count;
    char **keys;
    char **values;
} segue_tag_info;

enum {
    SEGUE_TAG_OK = 0,
    /* TagLib recognizes no audio format in the file (or could not open it). */
    SEGUE_TAG_NOT_AUDIO = 1,
    /* The format is recognized but holds no readable audio properties. */
    SEGUE_TAG_NO_AUDIO_PROPERTIES = 2,
    /* Writing: the file could not be saved. */
    SEGUE_TAG_SAVE_FAILED = 3
};

/* Reads tags and audio properties; on SEGUE_TAG_OK release with segue_tag_free. */
int segue_tag_read(const char *path, segue_tag_info *info);
/* The same through a descriptor open for reading (left open; its offset moves), `path`
   naming the file for its extension: the scan reads each file through one descriptor. */
int segue_tag_read_descriptor(int descriptor, const char *path, segue_tag_info *info);
void segue_tag_free(segue_tag_info *info);

/* Replaces every tag property of the file with the given key/value pairs (a key repeated
   for several values). Only the test library generator calls it, on its own files. */
int segue_tag_write(const char *path, const char *const *keys, const char *const *values, int count);

#ifdef __cplusplus
}
#endif
#endif
