// One HTTP exchange over libcurl, and the pieces of it that downloads reuse.
//
// Internal to the seedance provider. perform_http is thread-safe: every call uses its own
// easy handle. Nothing here logs, and the bearer key only ever goes into the request's
// Authorization header, never into a returned message.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <expected>
#include <map>
#include <string>

namespace syncreel::seedance {

struct HttpCall {
  std::string method;  // "GET", "POST" or "DELETE"
  std::string url;
  std::string bearer;  // sent as "Authorization: Bearer <bearer>"; empty sends none
  std::string body;    // JSON request body (POST)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};
  std::size_t max_response_bytes = 8 << 20;  // a larger answer is a failure, not an allocation
};

struct HttpReply {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; the last value wins
  std::string body;
};

// Why no HTTP answer arrived.
struct TransportFailure {
  CURLcode code = CURLE_OK;
  std::string message;        // libcurl's description; never contains headers
  bool request_sent = false;  // bytes of the request left this machine: the server may have acted
};

// Sends `call` and returns whatever HTTP answer came back, of any status; fails only
// when none arrived (or it was cut off, or exceeded max_response_bytes).
std::expected<HttpReply, TransportFailure> perform_http(const HttpCall& call);

// Collects the status and headers of the last response of a transfer (after redirects
// or a 100 Continue, only the final one is kept).
struct HeaderSink {
  long status = 0;
  std::map<std::string, std::string> headers;
  bool complete = false;  // the blank line after the headers was seen
};
// CURLOPT_HEADERFUNCTION for a HeaderSink passed as CURLOPT_HEADERDATA.
size_t collect_header(char* data, size_t size, size_t count, void* sink);

// Options every transfer shares: URL, timeouts, no signals (worker threads), http(s)
// only, TCP keep-alive, the error buffer. False when libcurl refused one.
bool set_common_options(CURL* handle, const std::string& url, std::chrono::milliseconds connect_timeout,
                        std::chrono::milliseconds total_timeout, char* error_buffer);

// libcurl's message for a failed transfer: the error buffer when set, else the generic text.
std::string curl_message(CURLcode code, const char* error_buffer);

}  // namespace syncreel::seedance
