// The request and response types every handler speaks. Internal to the api module:
// it pulls in Beast's message headers, so nothing outside src/api includes it.
//
// A handler builds a Response without touching a socket. Most responses carry their
// body in `msg`; two kinds stream instead, and the session writes them:
//  - `blob`: bytes read from blob storage chunk by chunk (media), never all in memory;
//  - `events`: a Server-Sent Events stream fed by a job subscription.
// Plain values, moved from the handler to the session on one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "blob/blob_store.hpp"
#include "core/job.hpp"
#include "orchestrator/job_service.hpp"

namespace syncreel::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using StringResponse = http::response<http::string_body>;

class EventFeed;

// A body streamed from blob storage; `msg` holds the status and headers, including a
// Content-Length equal to `length`.
struct BlobBody {
  std::unique_ptr<BlobReader> reader;
  std::uint64_t length = 0;
};

// An SSE stream: `initial` is sent first, then whatever `feed` receives until a
// terminal state. `subscription` keeps the feed registered while the stream lives.
struct EventStream {
  std::shared_ptr<EventFeed> feed;
  std::unique_ptr<Subscription> subscription;
  Job initial;
  std::function<std::string(const Job&)> render;  // job -> the event's JSON data
};

struct Response {
  StringResponse msg;
  std::optional<BlobBody> blob;
  std::unique_ptr<EventStream> events;
  bool close = false;  // close the connection after this response (e.g. unread body)
};

// A complete JSON response with Content-Type set; the session fills in the length.
Response json_response(http::status status, std::string body);

}  // namespace syncreel::api
