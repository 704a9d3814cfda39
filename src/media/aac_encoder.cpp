#include "media/aac_encoder.hpp"

#include <string>

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace syncreel::media {

Result<AacEncoder> AacEncoder::open(int sample_rate, int bit_rate) {
  if (sample_rate <= 0) return fail(Error::invalid("sample rate must be positive", "sample_rate"));
  if (bit_rate <= 0) return fail(Error::invalid("audio bit rate must be positive", "audio_bit_rate"));
  // FFmpeg's native encoder: LGPL-clean AAC-LC, good enough at 128 kb/s stereo.
  const AVCodec* codec = avcodec_find_encoder_by_name("aac");
  if (codec == nullptr) return fail(Error::internal("libavcodec has no aac encoder"));
  AacEncoder enc;
  enc.codec_.reset(avcodec_alloc_context3(codec));
  if (!enc.codec_) return fail(Error::internal("allocating the audio encoder"));
  AVCodecContext* c = enc.codec_.get();
  c->sample_fmt = AV_SAMPLE_FMT_FLTP;
  c->sample_rate = sample_rate;
  c->bit_rate = bit_rate;
  c->profile = FF_PROFILE_AAC_LOW;
  av_channel_layout_default(&c->ch_layout, kChannels);
  c->time_base = AVRational{1, sample_rate};
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int ret = avcodec_open2(c, codec, nullptr);
  if (ret < 0) return fail(av_error(ret, "opening encoder aac"));
  if (c->frame_size <= 0) return fail(Error::internal("aac encoder reported no frame size"));

  auto frame = make_frame();
  if (!frame) return fail(frame.error());
  enc.frame_ = std::move(*frame);
  enc.frame_->format = c->sample_fmt;
  enc.frame_->sample_rate = c->sample_rate;
  enc.frame_->nb_samples = c->frame_size;
  ret = av_channel_layout_copy(&enc.frame_->ch_layout, &c->ch_layout);
  if (ret >= 0) ret = av_frame_get_buffer(enc.frame_.get(), 0);
  if (ret < 0) return fail(av_error(ret, "allocating the audio frame"));
  auto packet = make_packet();
  if (!packet) return fail(packet.error());
  enc.packet_ = std::move(*packet);
  enc.pending_.reserve(static_cast<std::size_t>(c->frame_size) * kChannels * 2);
  return enc;
}

Result<void> AacEncoder::add(std::span<const float> interleaved_stereo, const Sink& sink) {
  if (interleaved_stereo.size() % kChannels != 0) {
    return fail(Error::invalid("audio must hold whole stereo samples", "audio"));
  }
  pending_.insert(pending_.end(), interleaved_stereo.begin(), interleaved_stereo.end());
  // The encoder takes exactly frame_size samples per frame, except the very last.
  const auto frame_values = static_cast<std::size_t>(codec_->frame_size) * kChannels;
  std::size_t used = 0;
  Result<void> ok;
  while (ok && pending_.size() - used >= frame_values) {
    ok = send(pending_.data() + used, frame_values / kChannels, sink);
    used += frame_values;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
  return ok;
}

Result<void> AacEncoder::finish(const Sink& sink) {
  if (!pending_.empty()) {
    if (auto ok = send(pending_.data(), pending_.size() / kChannels, sink); !ok) return ok;
    pending_.clear();
  }
  return encode(nullptr, sink);
}

Result<void> AacEncoder::send(const float* interleaved, std::size_t samples, const Sink& sink) {
  AVFrame* f = frame_.get();
  f->nb_samples = codec_->frame_size;  // make_writable reallocates at this size
  const int ret = av_frame_make_writable(f);
  if (ret < 0) return fail(av_error(ret, "making the audio frame writable"));
  f->nb_samples = static_cast<int>(samples);
  auto* left = reinterpret_cast<float*>(f->data[0]);
  auto* right = reinterpret_cast<float*>(f->data[1]);
  for (std::size_t i = 0; i < samples; ++i) {
    left[i] = interleaved[2 * i];
    right[i] = interleaved[2 * i + 1];
  }
  f->pts = next_pts_;
  next_pts_ += static_cast<std::int64_t>(samples);
  return encode(f, sink);
}

Result<void> AacEncoder::encode(const AVFrame* frame, const Sink& sink) {
  AVCodecContext* codec = codec_.get();
  AVPacket* packet = packet_.get();
  for (;;) {
    // EAGAIN from send means "read packets first"; EAGAIN/EOF from receive means "no
    // more output for now / ever". Neither is a failure.
    const int sent = avcodec_send_frame(codec, frame);
    if (sent < 0 && sent != AVERROR(EAGAIN)) return fail(av_error(sent, "sending samples to the encoder"));
    int drained = 0;
    for (;;) {
      const int ret = avcodec_receive_packet(codec, packet);
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) break;
      if (ret < 0) return fail(av_error(ret, "receiving a packet from the audio encoder"));
      ++drained;
      auto ok = sink(packet);
      av_packet_unref(packet);
      if (!ok) return ok;
    }
    if (sent != AVERROR(EAGAIN)) return {};
    if (drained == 0) return fail(Error::internal("audio encoder refused input without producing output"));
  }
}

}  // namespace syncreel::media
