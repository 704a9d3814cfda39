#include "media/av_handles.hpp"

#include <array>
#include <string>

extern "C" {
#include <libavutil/error.h>
}

namespace syncreel::media {

Result<void> Dictionary::set(const char* key, const char* value) {
  const int ret = av_dict_set(&dict_, key, value, 0);
  if (ret < 0) return fail(av_error(ret, "av_dict_set"));
  return {};
}

Error av_error(int averror, std::string_view what, ErrorCode code) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
  if (av_strerror(averror, text.data(), text.size()) < 0) {
    // av_strerror still wrote a generic message; keep the number for the logs.
    return Error{code, std::string(what) + ": libav error " + std::to_string(averror)};
  }
  return Error{code, std::string(what) + ": " + text.data()};
}

Result<FramePtr> make_frame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) return fail(Error::internal("av_frame_alloc: out of memory"));
  return frame;
}

Result<PacketPtr> make_packet() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) return fail(Error::internal("av_packet_alloc: out of memory"));
  return packet;
}

}  // namespace syncreel::media
