#include "media/rendition_set.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "media/aac_encoder.hpp"
#include "media/argb_to_yuv.hpp"
#include "media/atomic_file.hpp"
#include "media/av_handles.hpp"
#include "media/hls_writer.hpp"
#include "media/video_rendition.hpp"

namespace syncreel::media {
namespace {

// The same GOP as ClipEncoder: seeking stays cheap in the MP4, and HLS segments of
// 2, 4 or 6 s are whole GOPs.
constexpr int kGopSeconds = 2;
constexpr int kMaxDimension = 8192;
constexpr std::string_view kMp4Name = "clip.mp4";
constexpr std::string_view kAudioCodec = "mp4a.40.2";  // AAC-LC

// One encoder: an output size with the outputs its packets feed.
struct Plan {
  int label = 0;  // short side
  int width = 0;
  int height = 0;
  bool hls = false;
  bool mp4 = false;
};

Result<void> check_config(const RenditionSetConfig& c) {
  if (c.output_dir.empty()) return fail(Error::invalid("output folder is empty", "output_dir"));
  if (c.width <= 0 || c.height <= 0 || c.width % 2 != 0 || c.height % 2 != 0 || c.width > kMaxDimension ||
      c.height > kMaxDimension) {
    return fail(Error::invalid("frame size must be positive, even and at most 8192", "size"));
  }
  if (c.fps < 1 || c.fps > 120) return fail(Error::invalid("fps must be within 1-120", "fps"));
  if (c.crf < 0 || c.crf > 51) return fail(Error::invalid("crf must be within 0-51", "crf"));
  if (c.x264_preset.empty()) return fail(Error::invalid("x264 preset is empty", "x264_preset"));
  if (c.x264_threads < 0) return fail(Error::invalid("x264 threads must be >= 0", "x264_threads"));
  for (const int h : c.hls_heights) {
    if (h <= 0 || h % 2 != 0 || h > kMaxDimension) {
      return fail(Error::invalid("HLS heights must be positive and even", "hls_heights"));
    }
  }
  if (c.hls_segment_seconds < kGopSeconds || c.hls_segment_seconds > 3 * kGopSeconds ||
      c.hls_segment_seconds % kGopSeconds != 0) {
    return fail(Error::invalid("HLS segments must last 2, 4 or 6 seconds", "hls_segment_seconds"));
  }
  if (!c.write_mp4 && c.hls_heights.empty()) return fail(Error::invalid("nothing to write: no MP4 and no HLS"));
  return {};
}

std::vector<Plan> plan_encoders(const RenditionSetConfig& c) {
  const int short_side = std::min(c.width, c.height);
  const int long_side = std::max(c.width, c.height);
  const bool portrait = c.height > c.width;
  std::vector<int> labels = c.hls_heights;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  std::vector<Plan> plans;
  for (const int label : labels) {
    if (label > short_side) continue;  // never upscale
    const double exact = static_cast<double>(label) * long_side / short_side;
    const int scaled = std::max(2, static_cast<int>(std::lround(exact / 2.0)) * 2);
    plans.push_back({label, portrait ? label : scaled, portrait ? scaled : label, true, false});
  }
  if (!labels.empty() && plans.empty()) plans.push_back({short_side, c.width, c.height, true, false});
  if (c.write_mp4) {
    // label == short side means exactly the source size: that encoder also feeds the MP4.
    auto same = std::find_if(plans.begin(), plans.end(), [&](const Plan& p) { return p.label == short_side; });
    if (same != plans.end()) {
      same->mp4 = true;
    } else {
      plans.push_back({short_side, c.width, c.height, false, true});
    }
  }
  return plans;
}

std::string folder_name(int label) { return fmt::format("{}p", label); }

}  // namespace

struct RenditionSet::Impl {
  enum class State { open, finished, failed };

  RenditionSetConfig config;
  std::vector<Plan> plans;
  std::vector<std::unique_ptr<VideoRendition>> renditions;  // parallel to plans
  std::optional<AacEncoder> audio;
  std::int64_t frames = 0;
  State state = State::open;
  Error error;  // the failure later calls repeat

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // Stop every thread first, so they wind down in parallel; the unique_ptrs then join.
  ~Impl() {
    for (auto& r : renditions) r->cancel();
  }

  Result<void> usable() const {
    if (state == State::open) return {};
    if (state == State::finished) return fail(Error::internal("rendition set used after finish()"));
    return fail(error);
  }

  std::unexpected<Error> broken(Error e) {
    state = State::failed;
    error = e;
    for (auto& r : renditions) r->cancel();
    return fail(std::move(e));
  }

  // Hands each rendition its own reference. A refused push means that rendition's
  // thread stopped on an error, which becomes the set's error.
  template <class Clone>
  Result<void> deliver(Clone clone) {
    for (auto& r : renditions) {
      VideoRendition::Item item = clone();
      const bool is_null = std::visit([](const auto& p) { return p == nullptr; }, item);
      if (is_null) return broken(Error::internal("referencing a picture or packet for a rendition"));
      if (!r->push(std::move(item))) {
        auto outcome = r->join();
        return broken(outcome ? Error::internal("a rendition stopped without an error") : outcome.error());
      }
    }
    return {};
  }

  // Numbers `f` (a picture of its own, or references of one) and hands it to every
  // rendition.
  Result<void> submit_picture(AVFrame* f) {
    f->pts = frames;
    // Forced IDR at every GOP start: the one thing all renditions must agree on.
    f->pict_type = frames % (config.fps * kGopSeconds) == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    ++frames;
    return deliver([f] { return VideoRendition::Item(FramePtr(av_frame_clone(f))); });
  }

  Result<void> deliver_audio(const AVPacket* packet) {
    return deliver([packet] { return VideoRendition::Item(PacketPtr(av_packet_clone(packet))); });
  }

  Result<void> start_renditions() {
    const int gop = config.fps * kGopSeconds;
    for (const Plan& p : plans) {
      VideoRenditionConfig rc;
      rc.width = p.width;
      rc.height = p.height;
      rc.source_width = config.width;
      rc.source_height = config.height;
      rc.fps = config.fps;
      rc.crf = config.crf;
      rc.x264_preset = config.x264_preset;
      rc.x264_threads = config.x264_threads;
      rc.gop_frames = gop;
      if (p.mp4) rc.mp4 = config.output_dir / kMp4Name;
      if (p.hls) rc.hls_dir = config.output_dir / folder_name(p.label);
      rc.frames_per_segment = config.hls_segment_seconds / kGopSeconds * gop;
      auto r = VideoRendition::create(rc);
      if (!r) return fail(r.error());
      renditions.push_back(std::move(*r));
    }
    // One shift for all renditions, so their timelines (and keyframe times) coincide:
    // enough whole frames to cover the largest B-frame delay and the AAC priming.
    const AVCodecContext* aac = audio->context();
    std::int64_t shift = av_rescale_rnd(aac->initial_padding, config.fps, config.sample_rate, AV_ROUND_UP);
    for (const auto& r : renditions) shift = std::max<std::int64_t>(shift, r->reorder_delay());
    for (auto& r : renditions) {
      if (auto ok = r->start(aac, shift); !ok) return ok;
    }
    return {};
  }

  Result<Outputs> write_playlists(const std::vector<VideoRenditionResult>& results) {
    Outputs out;
    out.frames = frames;
    out.duration_seconds = static_cast<double>(frames) / config.fps;
    std::vector<HlsVariant> variants;
    for (std::size_t i = 0; i < plans.size(); ++i) {
      const Plan& p = plans[i];
      if (p.mp4) out.mp4 = config.output_dir / kMp4Name;
      if (!p.hls) continue;
      const auto& segments = results[i].segments;
      const auto folder = config.output_dir / folder_name(p.label);
      if (auto ok = write_file_atomically(folder / kHlsMediaPlaylist, render_media_playlist(segments, config.fps));
          !ok) {
        return fail(ok.error());
      }
      const HlsBandwidth bw = measure_bandwidth(segments, config.fps);
      const std::string codecs = results[i].video_codec + "," + std::string(kAudioCodec);
      variants.push_back({folder_name(p.label) + "/" + std::string(kHlsMediaPlaylist), p.width, p.height,
                          config.fps, codecs, bw.peak, bw.average});
      out.renditions.push_back({p.label, p.width, p.height, folder / kHlsMediaPlaylist, codecs, bw.peak, bw.average,
                                static_cast<int>(segments.size())});
    }
    if (!variants.empty()) {
      // Last: the master appears only once every playlist it names is complete.
      out.master_playlist = config.output_dir / kHlsMasterPlaylist;
      if (auto ok = write_file_atomically(out.master_playlist, render_master_playlist(variants)); !ok) {
        return fail(ok.error());
      }
    }
    return out;
  }
};

RenditionSet::RenditionSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RenditionSet::RenditionSet(RenditionSet&&) noexcept = default;
RenditionSet& RenditionSet::operator=(RenditionSet&&) noexcept = default;
RenditionSet::~RenditionSet() = default;

Result<RenditionSet> RenditionSet::open(const RenditionSetConfig& config) {
  if (auto ok = check_config(config); !ok) return fail(ok.error());
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->plans = plan_encoders(config);
  std::error_code ec;
  std::filesystem::create_directories(config.output_dir, ec);
  if (ec) return fail(Error::storage("creating " + config.output_dir.string() + ": " + ec.message()));
  auto audio = AacEncoder::open(config.sample_rate, config.audio_bit_rate);
  if (!audio) return fail(audio.error());
  impl->audio.emplace(std::move(*audio));
  if (auto ok = impl->start_renditions(); !ok) return fail(ok.error());
  return RenditionSet(std::move(impl));
}

Result<void> RenditionSet::add_video_frame(const std::uint8_t* argb, int stride) {
  Impl& s = *impl_;
  if (auto ok = s.usable(); !ok) return ok;
  if (argb == nullptr || stride < s.config.width * kInputBytesPerPixel) {
    return fail(Error::invalid("video frame is null or its stride is shorter than a row", "stride"));
  }
  auto frame = make_frame();
  if (!frame) return s.broken(frame.error());
  AVFrame* f = frame->get();
  f->format = AV_PIX_FMT_YUV420P;
  f->width = s.config.width;
  f->height = s.config.height;
  // A fresh buffer per picture: the renditions read the previous ones concurrently.
  int ret = av_frame_get_buffer(f, 0);
  if (ret < 0) return s.broken(av_error(ret, "allocating a YUV picture"));
  argb_to_yuv420_bt709(argb, stride, f->width, f->height, yuv420_planes(*f));
  return s.submit_picture(f);
}

Result<void> RenditionSet::add_video_frame(const AVFrame& yuv) {
  Impl& s = *impl_;
  if (auto ok = s.usable(); !ok) return ok;
  if (yuv.format != AV_PIX_FMT_YUV420P || yuv.width != s.config.width || yuv.height != s.config.height) {
    return fail(Error::invalid("video frame is not YUV 4:2:0 at the set's size", "frame"));
  }
  FramePtr ref(av_frame_clone(&yuv));
  if (!ref) return s.broken(Error::internal("referencing a YUV picture"));
  return s.submit_picture(ref.get());
}

Result<void> RenditionSet::add_audio(std::span<const float> interleaved_stereo) {
  Impl& s = *impl_;
  if (auto ok = s.usable(); !ok) return ok;
  auto ok = s.audio->add(interleaved_stereo, [&s](const AVPacket* p) { return s.deliver_audio(p); });
  // Malformed input is the caller's mistake and leaves the set usable; anything else broke it.
  if (!ok && ok.error().code != ErrorCode::invalid_argument && s.state == Impl::State::open) {
    return s.broken(ok.error());
  }
  return ok;
}

Result<RenditionSet::Outputs> RenditionSet::finish() {
  Impl& s = *impl_;
  if (auto ok = s.usable(); !ok) return fail(ok.error());
  if (s.frames == 0) return s.broken(Error::invalid("no video frame was added"));
  // Flush in stage order: the AAC tail into the queues, then each encoder and muxer.
  if (auto ok = s.audio->finish([&s](const AVPacket* p) { return s.deliver_audio(p); }); !ok) {
    return s.state == Impl::State::open ? s.broken(ok.error()) : fail(ok.error());
  }
  for (auto& r : s.renditions) r->close();
  std::vector<VideoRenditionResult> results;
  std::optional<Error> first_error;
  for (auto& r : s.renditions) {
    if (first_error) r->cancel();  // the set has failed: no point finishing the others
    auto result = r->join();
    if (!result && !first_error) first_error = result.error();
    results.push_back(result ? std::move(*result) : VideoRenditionResult{});
  }
  if (first_error) return s.broken(*first_error);
  auto out = s.write_playlists(results);
  if (!out) return s.broken(out.error());
  s.state = Impl::State::finished;
  return out;
}

}  // namespace syncreel::media
