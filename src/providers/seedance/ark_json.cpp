#include "providers/seedance/ark_json.hpp"

#include <nlohmann/json.hpp>

namespace syncreel::seedance {
namespace {

using nlohmann::json;

// Parses a whole body, telling a body cut short (the server or a proxy dropped the end)
// from one that is garbled.
Parsed<json> parse_json(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    if (body.empty()) return std::unexpected(std::string("empty body where JSON was expected"));
    if (e.byte >= body.size()) {
      return std::unexpected("truncated JSON (the body ends after " + std::to_string(body.size()) + " bytes)");
    }
    return std::unexpected("malformed JSON (byte " + std::to_string(e.byte) + " of " + std::to_string(body.size()) +
                           ")");
  }
}

std::string string_at(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> int_at(const json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

Parsed<ArkTask> task_from(const json& j) {
  if (!j.is_object()) return std::unexpected(std::string("a task is not a JSON object"));
  ArkTask t;
  t.id = string_at(j, "id");
  t.status = string_at(j, "status");
  if (t.id.empty()) return std::unexpected(std::string("field 'id' is missing"));
  if (t.status.empty()) return std::unexpected(std::string("field 'status' is missing"));
  t.model = string_at(j, "model");
  t.created_at = int_at(j, "created_at").value_or(0);
  t.updated_at = int_at(j, "updated_at").value_or(0);
  t.seed = int_at(j, "seed");
  t.ratio = string_at(j, "ratio");
  t.resolution = string_at(j, "resolution");
  t.duration = static_cast<int>(int_at(j, "duration").value_or(0));
  if (const auto c = j.find("content"); c != j.end() && c->is_object()) {
    t.video_url = string_at(*c, "video_url");
    t.last_frame_url = string_at(*c, "last_frame_url");
  }
  if (const auto u = j.find("usage"); u != j.end() && u->is_object()) {
    t.completion_tokens = int_at(*u, "completion_tokens").value_or(0);
  }
  if (const auto e = j.find("error"); e != j.end() && e->is_object()) {
    t.error_code = string_at(*e, "code");
    t.error_message = string_at(*e, "message");
  }
  return t;
}

}  // namespace

std::string create_body_json(const CreateTaskRequest& r) {
  json body = {
      {"model", r.model},         {"content", json::array({{{"type", "text"}, {"text", r.prompt}}})},
      {"ratio", r.ratio},         {"resolution", r.resolution},
      {"duration", r.duration},   {"generate_audio", r.generate_audio},
      {"watermark", r.watermark},
  };
  if (!r.first_frame_url.empty()) {
    body["content"].push_back(
        {{"type", "image_url"}, {"image_url", {{"url", r.first_frame_url}}}, {"role", "first_frame"}});
  }
  if (r.return_last_frame) body["return_last_frame"] = true;
  if (r.seed) body["seed"] = *r.seed;
  if (!r.callback_url.empty()) body["callback_url"] = r.callback_url;
  // Prompts are validated UTF-8 upstream; `replace` keeps a stray invalid byte from
  // throwing here anyway.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Parsed<std::string> parse_create_reply(std::string_view body) {
  auto j = parse_json(body);
  if (!j) return std::unexpected(j.error());
  if (!j->is_object()) return std::unexpected(std::string("the answer is not a JSON object"));
  std::string id = string_at(*j, "id");
  if (id.empty()) return std::unexpected(std::string("field 'id' is missing"));
  return id;
}

Parsed<ArkTask> parse_task(std::string_view body) {
  auto j = parse_json(body);
  if (!j) return std::unexpected(j.error());
  return task_from(*j);
}

Parsed<TaskPage> parse_task_page(std::string_view body) {
  auto j = parse_json(body);
  if (!j) return std::unexpected(j.error());
  if (!j->is_object()) return std::unexpected(std::string("the answer is not a JSON object"));
  TaskPage page;
  page.total = int_at(*j, "total").value_or(0);
  const auto items = j->find("items");
  if (items == j->end() || items->is_null()) return page;
  if (!items->is_array()) return std::unexpected(std::string("field 'items' is not an array"));
  for (const auto& item : *items) {
    auto task = task_from(item);
    if (!task) return std::unexpected(task.error());
    page.items.push_back(std::move(*task));
  }
  return page;
}

std::optional<ErrorEnvelope> parse_error_envelope(std::string_view body) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  const auto e = j.find("error");
  if (e == j.end() || !e->is_object()) return std::nullopt;
  ErrorEnvelope env{string_at(*e, "code"), string_at(*e, "message"), string_at(*e, "type")};
  if (env.code.empty() && env.message.empty()) return std::nullopt;
  return env;
}

}  // namespace syncreel::seedance
