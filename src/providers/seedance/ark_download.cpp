// ArkClient::download: the result video, from a signed URL on a storage host.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <system_error>

#include "providers/seedance/ark_client.hpp"
#include "providers/seedance/ark_errors.hpp"
#include "providers/seedance/curl_handles.hpp"
#include "providers/seedance/http_call.hpp"

namespace syncreel::seedance {
namespace {

constexpr std::size_t kMaxErrorBody = 4096;

enum class Abort { none, too_large, range_mismatch, disk, stopped };

// State of one transfer, shared with libcurl's callbacks on the calling thread.
struct Transfer {
  std::FILE* file = nullptr;
  std::uint64_t offset = 0;   // bytes in the file before this transfer (0 after a restart)
  std::uint64_t written = 0;  // bytes this transfer appended
  std::uint64_t total = 0;    // the whole file's announced size; 0 when unknown
  std::uint64_t cap = 0;
  HeaderSink head;
  bool decided = false;  // the answer's headers were looked at
  bool to_file = false;  // 200/206: the body is the video; otherwise an error page
  std::string error_body;
  Abort abort = Abort::none;
  const DownloadControl* control = nullptr;
};

std::uint64_t to_u64(const std::string& s) { return std::strtoull(s.c_str(), nullptr, 10); }

// Empties the file to download it again from the start.
bool start_over(std::FILE* file) {
  if (std::fflush(file) != 0 || ftruncate(fileno(file), 0) != 0) return false;
  std::rewind(file);
  return true;
}

// Looks at the headers once, before the first body byte: decides where the body goes and
// whether the server honoured the Range we asked for.
void decide(Transfer& t) {
  t.decided = true;
  const auto header = [&](const char* name) {
    const auto it = t.head.headers.find(name);
    return it == t.head.headers.end() ? std::string() : it->second;
  };
  if (t.head.status == 200) {
    if (t.offset > 0) {  // the server ignored the Range: start the file over
      if (!start_over(t.file)) t.abort = Abort::disk;
      t.offset = 0;
    }
    t.total = to_u64(header("content-length"));
    t.to_file = true;
  } else if (t.head.status == 206) {
    // "bytes START-END/TOTAL": the part must start exactly where the file ends.
    const std::string range = header("content-range");
    const auto space = range.find(' ');
    const auto slash = range.find('/');
    if (space == std::string::npos || slash == std::string::npos || to_u64(range.substr(space + 1)) != t.offset) {
      t.abort = Abort::range_mismatch;
    }
    if (slash != std::string::npos && range.compare(slash + 1, 1, "*") != 0) t.total = to_u64(range.substr(slash + 1));
    t.to_file = true;
  }
  if (t.to_file && t.total > t.cap) t.abort = Abort::too_large;
}

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (!t.decided) decide(t);
  if (t.abort != Abort::none) return 0;
  if (!t.to_file) {
    try {
      t.error_body.append(data, std::min(n, kMaxErrorBody - std::min(kMaxErrorBody, t.error_body.size())));
    } catch (...) {
      return 0;
    }
    return n;
  }
  if (t.offset + t.written + n > t.cap) {
    t.abort = Abort::too_large;
    return 0;
  }
  if (std::fwrite(data, 1, n, t.file) != n) {
    t.abort = Abort::disk;
    return 0;
  }
  t.written += n;
  return n;
}

int on_transfer_info(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto& t = *static_cast<Transfer*>(user);
  const DownloadControl& c = *t.control;
  if (c.stop != nullptr && c.stop->load(std::memory_order_relaxed)) {
    t.abort = Abort::stopped;
    return 1;
  }
  if (c.on_progress && t.to_file) {
    const auto total = t.total != 0 ? t.total : t.offset + static_cast<std::uint64_t>(dltotal);
    try {
      c.on_progress(t.offset + static_cast<std::uint64_t>(dlnow), total);
    } catch (...) {
      return 1;  // exceptions must not unwind through libcurl
    }
  }
  return 0;
}

bool transient_drop(CURLcode rc) {
  return rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
         rc == CURLE_COULDNT_CONNECT || rc == CURLE_HTTP2 || rc == CURLE_HTTP2_STREAM || rc == CURLE_SSL_CONNECT_ERROR;
}

ArkError download_error(Error e, long status = 0) {
  ArkError out;
  out.error = std::move(e);
  out.http_status = status;
  return out;
}

}  // namespace

ArkResult<DownloadResult> ArkClient::download(const std::string& url, const std::filesystem::path& dest,
                                              const DownloadControl& control) const {
  const std::string where = without_query(url);  // the query is the URL's credential
  const std::string head = "seedance download of the clip from " + where + ": ";
  UniqueFile file(std::fopen(dest.c_str(), "wb"));
  if (!file) return ark_fail(download_error(Error::storage(head + "cannot create " + dest.string())));
  const auto fail_download = [&](Error e, long status = 0) {
    file.reset();
    std::error_code ec;
    std::filesystem::remove(dest, ec);
    e.message = redact(std::move(e.message), config_.api_key);
    return ark_fail(download_error(std::move(e), status));
  };

  const auto deadline = std::chrono::steady_clock::now() + config_.download_timeout;
  std::uint64_t have = 0;
  Error last = Error::unavailable(head + "the transfer kept failing");
  for (int attempt = 1; attempt <= std::max(1, config_.download_attempts); ++attempt) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds{0}) break;
    CurlEasy handle = make_curl_easy();
    if (!handle) return fail_download(Error::internal(head + "libcurl could not be initialised"));
    CURL* h = handle.get();
    char error_buffer[CURL_ERROR_SIZE];
    Transfer t;
    t.file = file.get();
    t.offset = have;
    t.cap = config_.max_download_bytes;
    t.control = &control;
    const std::string range = std::to_string(have) + "-";
    const bool ok = set_common_options(h, url, config_.connect_timeout, left, error_buffer) &&
                    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect_header) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t.head) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_transfer_info) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t) == CURLE_OK &&
                    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L) == CURLE_OK &&
                    (have == 0 || curl_easy_setopt(h, CURLOPT_RANGE, range.c_str()) == CURLE_OK);
    if (!ok) return fail_download(Error::internal(head + "libcurl refused the transfer options"));

    const CURLcode rc = curl_easy_perform(h);
    if (!t.decided && rc == CURLE_OK) decide(t);  // an empty body never reached write_body
    have = t.offset + t.written;
    switch (t.abort) {
      case Abort::stopped: return fail_download(Error::cancelled(head + "stopped: the job was cancelled"));
      case Abort::too_large:
        return fail_download(Error::too_large(head + "the video is larger than the limit of " +
                                              std::to_string(config_.max_download_bytes) + " bytes"));
      case Abort::disk: return fail_download(Error::storage(head + "cannot write " + dest.string()));
      case Abort::range_mismatch:  // the resumed part does not fit: start over
        have = 0;
        if (!start_over(file.get())) return fail_download(Error::storage(head + "cannot truncate " + dest.string()));
        last = Error::unavailable(head + "the server answered a resume with the wrong range");
        continue;
      case Abort::none: break;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return fail_download(Error::timeout(head + "not complete within " +
                                          std::to_string(config_.download_timeout.count()) + " ms; retry later"));
    }
    if (rc != CURLE_OK) {
      last = Error::unavailable(head + "the transfer failed after " + std::to_string(have) + " bytes (" +
                                curl_message(rc, error_buffer) + ")");
      if (transient_drop(rc)) continue;
      return fail_download(std::move(last));
    }
    const long status = t.head.status;
    if (status == 403 || status == 404 || status == 410) {
      return fail_download(
          Error::provider(head + "the video URL has expired or no longer exists (HTTP " + std::to_string(status) +
                              "); Seedance keeps results for 24 h, so the clip must be generated "
                              "again",
                          "video_url_expired"),
          status);
    }
    if (status == 416) {  // the file holds more than the server has: start over
      have = 0;
      if (!start_over(file.get())) return fail_download(Error::storage(head + "cannot truncate " + dest.string()));
      continue;
    }
    if (status == 429 || status >= 500) {
      last = Error::unavailable(head + "the storage host answered HTTP " + std::to_string(status) + "; retry later");
      continue;
    }
    if (status != 200 && status != 206) {
      return fail_download(Error::provider(head + "unexpected HTTP " + std::to_string(status)), status);
    }
    if (t.total != 0 && have < t.total) {  // closed early without an error: resume
      last = Error::unavailable(head + "the transfer stopped at " + std::to_string(have) + " of " +
                                std::to_string(t.total) + " bytes");
      continue;
    }
    if (t.total != 0 && have != t.total) {
      return fail_download(Error::provider(head + "received " + std::to_string(have) + " bytes, the server announced " +
                                           std::to_string(t.total)));
    }
    if (std::fflush(file.get()) != 0) return fail_download(Error::storage(head + "cannot write " + dest.string()));
    std::FILE* raw = file.release();
    if (std::fclose(raw) != 0) return fail_download(Error::storage(head + "cannot write " + dest.string()));
    if (control.on_progress) control.on_progress(have, have);
    return DownloadResult{have, attempt};
  }
  if (std::chrono::steady_clock::now() >= deadline) {
    return fail_download(Error::timeout(head + "not complete within " +
                                        std::to_string(config_.download_timeout.count()) + " ms; retry later"));
  }
  return fail_download(std::move(last));
}

}  // namespace syncreel::seedance
