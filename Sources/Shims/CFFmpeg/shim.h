#ifndef SEGUE_CFFMPEG_SHIM_H
#define SEGUE_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <libavutil/avutil.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>

/* Swift cannot import function-like macros; these expose the few Segue needs. */
static inline int segue_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int segue_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t segue_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline int segue_av_time_base(void) { return AV_TIME_BASE; }
static inline int segue_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }

/* swr_convert takes `const uint8_t **`, which Swift cannot form from a frame's data. */
static inline int segue_swr_convert_to_float(SwrContext *swr, float *out, int out_count, const AVFrame *frame) {
    uint8_t *outputs[1] = { (uint8_t *)out };
    if (!frame) return swr_convert(swr, outputs, out_count, NULL, 0);
    return swr_convert(swr, outputs, out_count, (const uint8_t **)frame->extended_data, frame->nb_samples);
}
#endif
