#include "tag_shim.h"

#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <taglib/aifffile.h>
#include <taglib/apefile.h>
#include <taglib/asffile.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/mp4file.h>
#include <taglib/mpcfile.h>
#include <taglib/mpegfile.h>
#include <taglib/oggflacfile.h>
#include <taglib/opusfile.h>
#include <taglib/tfilestream.h>
#include <taglib/tpropertymap.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>
#include <taglib/wavpackfile.h>
#include <taglib/xingheader.h>

namespace {

const char *codecName(TagLib::File *file) {
    if (auto *mp4 = dynamic_cast<TagLib::MP4::File *>(file)) {
        const auto *properties = mp4->audioProperties();
        if (properties && properties->codec() == TagLib::MP4::Properties::ALAC) return "ALAC";
        return properties && properties->codec() == TagLib::MP4::Properties::AAC ? "AAC" : "";
    }
    if (dynamic_cast<TagLib::MPEG::File *>(file)) return "MP3";
    if (dynamic_cast<TagLib::FLAC::File *>(file) || dynamic_cast<TagLib::Ogg::FLAC::File *>(file)) return "FLAC";
    if (dynamic_cast<TagLib::Ogg::Vorbis::File *>(file)) return "Vorbis";
    if (dynamic_cast<TagLib::Ogg::Opus::File *>(file)) return "Opus";
    if (dynamic_cast<TagLib::RIFF::WAV::File *>(file)) return "PCM";
    if (dynamic_cast<TagLib::RIFF::AIFF::File *>(file)) return "AIFF";
    if (dynamic_cast<TagLib::ASF::File *>(file)) return "WMA";
    if (dynamic_cast<TagLib::APE::File *>(file)) return "APE";
    if (dynamic_cast<TagLib::WavPack::File *>(file)) return "WavPack";
    if (dynamic_cast<TagLib::MPC::File *>(file)) return "Musepack";
    return "";
}

/* An MP3 whose Xing/Info header counts more bytes than the file holds was cut short:
   TagLib takes the length from the header, so it would not notice otherwise. */
bool isTruncatedMP3(TagLib::File *file) {
    auto *mp3 = dynamic_cast<TagLib::MPEG::File *>(file);
    if (!mp3 || !mp3->audioProperties()) return false;
    const TagLib::MPEG::XingHeader *xing = mp3->audioProperties()->xingHeader();
    if (!xing || !xing->isValid() || xing->totalSize() == 0) return false;
    long available = mp3->length() - mp3->firstFrameOffset();
    if (mp3->hasID3v1Tag()) available -= 128;
    return available >= 0 && static_cast<unsigned long>(available) + 1024 < xing->totalSize();
}

char *copyString(const TagLib::String &text) {
    return strdup(text.toCString(true));
}

/* A read-only stream over a descriptor the caller already opened, named by the file's path:
   FileRef picks the format from the name's extension first, as it does for a path. */
class NamedDescriptorStream : public TagLib::FileStream {
public:
    NamedDescriptorStream(int descriptor, const char *path) : TagLib::FileStream(descriptor, true), path_(path) {}
    TagLib::FileName name() const override { return path_; }

private:
    const char *path_;
};

}  // namespace

extern "C" int segue_tag_read(const char *path, segue_tag_info *info) {
    int descriptor = open(path, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        std::memset(info, 0, sizeof *info);
        return SEGUE_TAG_NOT_AUDIO;
    }
    int status = segue_tag_read_descriptor(descriptor, path, info);
    close(descriptor);
    return status;
}

extern "C" int segue_tag_read_descriptor(int descriptor, const char *path, segue_tag_info *info) {
    std::memset(info, 0, sizeof *info);
    // The stream closes what it is given: a duplicate, so the caller's descriptor stays open.
    int own = fcntl(descriptor, F_DUPFD_CLOEXEC, 0);
    if (own < 0) return SEGUE_TAG_NOT_AUDIO;
    NamedDescriptorStream stream(own, path);
    if (!stream.isOpen()) {
        close(own);
        return SEGUE_TAG_NOT_AUDIO;
    }
    TagLib::FileRef ref(&stream, true, TagLib::AudioProperties::Average);
    if (ref.isNull() || !ref.file()->isValid()) return SEGUE_TAG_NOT_AUDIO;
    TagLib::AudioProperties *audio = ref.audioProperties();
    if (!audio) return SEGUE_TAG_NO_AUDIO_PROPERTIES;

    info->length_ms = audio->lengthInMilliseconds();
    info->bitrate_kbps = audio->bitrate();
    info->sample_rate = audio->sampleRate();
    info->channels = audio->channels();
    std::strncpy(info->codec, codecName(ref.file()), sizeof info->codec - 1);
    info->truncated = isTruncatedMP3(ref.file()) ? 1 : 0;

    const TagLib::PropertyMap properties = ref.file()->properties();
    int count = 0;
    for (const auto &entry : properties) count += static_cast<int>(entry.second.size());
    if (count == 0) return SEGUE_TAG_OK;
    info->keys = static_cast<char **>(std::calloc(count, sizeof(char *)));
    info->values = static_cast<char **>(std::calloc(count, sizeof(char *)));
    for (const auto &entry : properties) {
        for (const auto &value : entry.second) {
            info->keys[info->property_count] = copyString(entry.first);
            info->values[info->property_count] = copyString(value);
            info->property_count += 1;
        }
    }
    return SEGUE_TAG_OK;
}

extern "C" void segue_tag_free(segue_tag_info *info) {
    for (int index = 0; index < info->property_count; index++) {
        std::free(info->keys[index]);
        std::free(info->values[index]);
    }
    std::free(info->keys);
    std::free(info->values);
    info->keys = nullptr;
    info->values = nullptr;
    info->property_count = 0;
}

extern "C" int segue_tag_write(const char *path, const char *const *keys, const char *const *values, int count) {
    TagLib::FileRef ref(path, false);
    if (ref.isNull() || !ref.file()->isValid()) return SEGUE_TAG_NOT_AUDIO;
    TagLib::PropertyMap properties;
    for (int index = 0; index < count; index++) {
        properties[TagLib::String(keys[index], TagLib::String::UTF8)]
            .append(TagLib::String(values[index], TagLib::String::UTF8));
    }
    // Start from an empty map so that anything the encoder wrote (ENCODER, ...) goes too.
    ref.file()->setProperties(TagLib::PropertyMap());
    ref.file()->setProperties(properties);
    return ref.save() ? SEGUE_TAG_OK : SEGUE_TAG_SAVE_FAILED;
}
