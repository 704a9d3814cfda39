// Values of the Ark video-generation tasks API as syncreel sees them, and the error value
// every ArkClient call returns. Plain value types, safe to copy between threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace syncreel::seedance {

// A failed Ark call: the classified syncreel Error plus what the wire said about it.
struct ArkError {
  // code: how syncreel should react (rate_limited / unavailable / timeout are transient;
  // unauthorized / forbidden / invalid_argument / provider are final). message: what
  // happened and what to do, safe to show (never the API key, never a signed URL's
  // query). detail: the Ark error code, e.g. "InvalidParameter", when there is one.
  Error error;
  long http_status = 0;                                  // 0 when no HTTP answer arrived
  std::string code;                                      // Ark's error.code
  std::string type;                                      // Ark's error.type, e.g. "BadRequest"
  std::string request_id;                                // the x-request-id header, for Ark support
  std::optional<std::chrono::milliseconds> retry_after;  // the Retry-After header
  // The request reached the server but no usable answer came back (reset, empty reply,
  // timeout, garbled body): for a create, a task may exist; reconcile before resending.
  bool maybe_processed = false;
};

template <class T>
using ArkResult = std::expected<T, ArkError>;

inline std::unexpected<ArkError> ark_fail(ArkError e) { return std::unexpected<ArkError>(std::move(e)); }

// The body of a create call. Only strict top-level fields are sent: the legacy "--rs
// 720p" prompt suffix is loosely validated and silently ignores bad values.
struct CreateTaskRequest {
  std::string model;
  std::string prompt;      // sent as the first content item, of type text
  std::string ratio;       // "16:9", "9:16", "1:1", ...
  std::string resolution;  // "480p", "720p", "1080p"
  int duration = 5;        // seconds, 4-15
  std::optional<std::int64_t> seed;
  bool generate_audio = true;  // sent explicitly: defaults differ between model versions
  bool watermark = false;
  std::string callback_url;  // omitted when empty
  // The picture the video starts from (a first_frame image content item); empty: none.
  std::string first_frame_url;
  bool return_last_frame = false;  // ask for content.last_frame_url; sent only when true
};

// A task as retrieve and list return it. Fields the API did not send keep their defaults.
struct ArkTask {
  std::string id;
  std::string model;
  std::string status;      // queued | running | succeeded | failed | expired | cancelled
  std::string error_code;  // failed (sometimes expired) tasks
  std::string error_message;
  std::string video_url;  // succeeded tasks; a signed URL that lives 24 h
  std::string last_frame_url;  // succeeded tasks created with return_last_frame; lives 24 h
  std::int64_t completion_tokens = 0;
  std::int64_t created_at = 0;  // unix seconds
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> seed;
  std::string ratio;
  std::string resolution;
  int duration = 0;
};

struct ListQuery {
  int page_num = 1;    // from 1
  int page_size = 20;  // 1-500
  std::string model;   // filter.model, omitted when empty
  std::string status;  // filter.status, omitted when empty
};

struct TaskPage {
  std::int64_t total = 0;  // matching tasks over all pages
  std::vector<ArkTask> items;
};

// What a download may be told while it runs. Both are optional.
struct DownloadControl {
  const std::atomic<bool>* stop = nullptr;  // becomes true: give up with Error::cancelled
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;  // total 0 when unknown
};

struct DownloadResult {
  std::uint64_t bytes = 0;  // size of the complete file
  int attempts = 0;         // transfers it took (more than 1 after resumes)
};

}  // namespace syncreel::seedance
