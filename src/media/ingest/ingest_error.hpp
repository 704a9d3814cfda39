// Why an input was refused: the machine-readable codes ingest puts in Error::detail, so
// a job can fail with a reason a person and a dashboard both understand. The ErrorCode
// says how to treat it (invalid_argument: the file is bad; too_large: it exceeds a
// limit; timeout: it took too long to read), the detail says what exactly.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace syncreel::media::ingest_error {

inline constexpr std::string_view kEmpty = "input_empty";                  // zero bytes
inline constexpr std::string_view kNotAFile = "input_not_a_file";          // a folder, FIFO, device...
inline constexpr std::string_view kFileTooLarge = "input_file_too_large";  // more bytes than allowed
inline constexpr std::string_view kUnrecognised = "input_unrecognised";    // not MP4/MOV/WebM
inline constexpr std::string_view kMalformed = "input_malformed";          // the container or a stream is broken
inline constexpr std::string_view kTruncated = "input_truncated";          // ends before it says it does
inline constexpr std::string_view kNoVideo = "input_no_video";
inline constexpr std::string_view kUnsupportedCodec = "input_unsupported_codec";
inline constexpr std::string_view kPictureTooLarge = "input_picture_too_large";
inline constexpr std::string_view kTooLong = "input_too_long";  // claims, or turns out, to last too long
inline constexpr std::string_view kTimeout = "input_timeout";   // reading took longer than allowed

// An Error with `code`, a message for people, and `detail` for machines.
inline Error refused(ErrorCode code, std::string_view detail, std::string message) {
  return Error{code, std::move(message), std::string(detail)};
}

}  // namespace syncreel::media::ingest_error
