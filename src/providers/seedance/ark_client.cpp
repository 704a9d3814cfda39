#include "providers/seedance/ark_client.hpp"

#include <cctype>

#include "providers/seedance/ark_errors.hpp"
#include "providers/seedance/ark_json.hpp"
#include "providers/seedance/curl_handles.hpp"
#include "providers/seedance/http_call.hpp"

namespace syncreel::seedance {
namespace {

constexpr std::string_view kTasksPath = "/contents/generations/tasks";

// Task ids and filters go into URLs: escape everything outside the unreserved set.
std::string url_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A 2xx whose body could not be used. Only a create changes anything on the server, so
// only there does "maybe processed" (reconcile before resending) apply.
ArkError unusable(std::string_view op, const HttpReply& reply, const std::string& reason, bool maybe_processed) {
  ArkError e = unusable_answer(op, reply, reason);
  e.maybe_processed = maybe_processed;
  return e;
}

// The last step of every failure: whatever the server echoed, the key does not leave.
ArkError scrub(const ArkClientConfig& config, ArkError e) {
  e.error.message = redact(std::move(e.error.message), config.api_key);
  e.error.detail = redact(std::move(e.error.detail), config.api_key);
  return e;
}

// Sends one API call and returns a 2xx answer; any other outcome as a classified error.
ArkResult<HttpReply> call(const ArkClientConfig& config, const Clock& clock, std::string_view operation,
                          const std::string& method, const std::string& path, std::string body = {}) {
  HttpCall http;
  http.method = method;
  http.url = config.base_url + path;
  http.bearer = config.api_key;
  http.body = std::move(body);
  http.connect_timeout = config.connect_timeout;
  http.total_timeout = config.request_timeout;
  auto reply = perform_http(http);
  if (!reply) return ark_fail(scrub(config, classify_transport(operation, reply.error(), config.request_timeout)));
  if (reply->status < 200 || reply->status > 299) {
    return ark_fail(scrub(config, classify_reply(operation, *reply, clock.now())));
  }
  return std::move(*reply);
}

}  // namespace

ArkClient::ArkClient(ArkClientConfig config, const Clock& clock) : config_(std::move(config)), clock_(clock) {}

ArkResult<std::string> ArkClient::create_task(const CreateTaskRequest& request) const {
  constexpr std::string_view kOp = "create task";
  auto reply = call(config_, clock_, kOp, "POST", std::string(kTasksPath), create_body_json(request));
  if (!reply) return ark_fail(std::move(reply.error()));
  auto id = parse_create_reply(reply->body);
  // A 2xx whose body is unusable still made the task: maybe_processed says reconcile.
  if (!id) return ark_fail(scrub(config_, unusable(kOp, *reply, id.error(), true)));
  return std::move(*id);
}

ArkResult<ArkTask> ArkClient::get_task(std::string_view id) const {
  const std::string op = "retrieve task " + std::string(id);
  auto reply = call(config_, clock_, op, "GET", std::string(kTasksPath) + "/" + url_escape(id));
  if (!reply) return ark_fail(std::move(reply.error()));
  auto task = parse_task(reply->body);
  if (!task) return ark_fail(scrub(config_, unusable(op, *reply, task.error(), false)));
  return std::move(*task);
}

ArkResult<TaskPage> ArkClient::list_tasks(const ListQuery& query) const {
  constexpr std::string_view kOp = "list tasks";
  std::string path = std::string(kTasksPath) + "?page_num=" + std::to_string(query.page_num) +
                     "&page_size=" + std::to_string(query.page_size);
  if (!query.model.empty()) path += "&filter.model=" + url_escape(query.model);
  if (!query.status.empty()) path += "&filter.status=" + url_escape(query.status);
  auto reply = call(config_, clock_, kOp, "GET", path);
  if (!reply) return ark_fail(std::move(reply.error()));
  auto page = parse_task_page(reply->body);
  if (!page) return ark_fail(scrub(config_, unusable(kOp, *reply, page.error(), false)));
  return std::move(*page);
}

ArkResult<void> ArkClient::delete_task(std::string_view id) const {
  const std::string op = "delete task " + std::string(id);
  auto reply = call(config_, clock_, op, "DELETE", std::string(kTasksPath) + "/" + url_escape(id));
  if (!reply) return ark_fail(std::move(reply.error()));
  return {};  // 200 with an empty body or {}: nothing to read
}

}  // namespace syncreel::seedance
