#include "providers/seedance/http_call.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "providers/seedance/curl_handles.hpp"

namespace syncreel::seedance {
namespace {

struct BodySink {
  std::string* body;
  std::size_t limit;
  bool overflowed = false;
};

// CURLOPT_WRITEFUNCTION: exceptions must not cross into libcurl, so a failed append
// (out of memory) aborts the transfer by returning a short count instead.
size_t collect_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->overflowed = true;
    return 0;
  }
  try {
    sink->body->append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

long as_long(std::chrono::milliseconds ms) { return static_cast<long>(std::max<std::int64_t>(1, ms.count())); }

}  // namespace

size_t collect_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<HeaderSink*>(user);
  const size_t n = size * count;
  try {
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {  // a new response (redirect, 100 Continue): start over
      sink->headers.clear();
      sink->complete = false;
      const auto space = line.find(' ');
      sink->status = space == std::string_view::npos ? 0 : std::atol(std::string(line.substr(space + 1, 3)).c_str());
      return n;
    }
    if (line == "\r\n" || line == "\n") {
      sink->complete = true;
      return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    sink->headers[name] = trim(line.substr(colon + 1));
  } catch (...) {
    return 0;
  }
  return n;
}

bool set_common_options(CURL* h, const std::string& url, std::chrono::milliseconds connect_timeout,
                        std::chrono::milliseconds total_timeout, char* error_buffer) {
  error_buffer[0] = '\0';
  return curl_easy_setopt(h, CURLOPT_URL, url.c_str()) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, as_long(connect_timeout)) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, as_long(total_timeout)) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) == CURLE_OK;
}

std::string curl_message(CURLcode code, const char* error_buffer) {
  if (error_buffer != nullptr && error_buffer[0] != '\0') return error_buffer;
  return curl_easy_strerror(code);
}

std::expected<HttpReply, TransportFailure> perform_http(const HttpCall& call) {
  CurlEasy handle = make_curl_easy();
  if (!handle) return std::unexpected(TransportFailure{CURLE_FAILED_INIT, "libcurl could not be initialised", false});
  CURL* h = handle.get();
  char error_buffer[CURL_ERROR_SIZE];
  HttpReply reply;
  HeaderSink headers;
  BodySink body{&reply.body, call.max_response_bytes};

  CurlSlist header_list;
  bool ok = append_header(header_list, "Accept: application/json");
  if (!call.bearer.empty()) ok = ok && append_header(header_list, "Authorization: Bearer " + call.bearer);
  if (call.method == "POST") {
    // "Expect:" stops libcurl from waiting for a 100 Continue the API never sends.
    ok = ok && append_header(header_list, "Content-Type: application/json") && append_header(header_list, "Expect:");
  }
  ok = ok && set_common_options(h, call.url, call.connect_timeout, call.total_timeout, error_buffer) &&
       curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get()) == CURLE_OK &&
       curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect_body) == CURLE_OK &&
       curl_easy_setopt(h, CURLOPT_WRITEDATA, &body) == CURLE_OK &&
       curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect_header) == CURLE_OK &&
       curl_easy_setopt(h, CURLOPT_HEADERDATA, &headers) == CURLE_OK;
  if (call.method == "POST") {
    ok = ok &&
         curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size())) == CURLE_OK &&
         curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str()) == CURLE_OK;
  } else if (call.method != "GET") {
    ok = ok && curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str()) == CURLE_OK;
  }
  if (!ok) return std::unexpected(TransportFailure{CURLE_OUT_OF_MEMORY, "libcurl refused the request options", false});

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    long request_size = 0;
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
    std::string message = body.overflowed
                              ? "the answer is larger than " + std::to_string(call.max_response_bytes) + " bytes"
                              : curl_message(rc, error_buffer);
    return std::unexpected(TransportFailure{rc, std::move(message), request_size > 0});
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  reply.headers = std::move(headers.headers);
  return reply;
}

}  // namespace syncreel::seedance
