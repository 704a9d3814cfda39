#include "api/generate_request.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "core/utf8.hpp"

namespace syncreel::api {
namespace {

using nlohmann::json;

enum class Kind { string, integer, number, boolean };

struct Field {
  std::string_view name;
  Kind kind;
  bool required;
};

constexpr std::array<Field, 13> kFields{{
    {"prompt", Kind::string, true},
    {"style", Kind::string, true},
    {"duration_sec", Kind::integer, true},
    {"aspect_ratio", Kind::string, false},
    {"resolution", Kind::string, false},
    {"voice", Kind::string, false},
    {"language", Kind::string, false},
    {"seed", Kind::integer, false},
    {"provider", Kind::string, false},
    {"model", Kind::string, false},
    {"webhook_url", Kind::string, false},
    {"max_cost_usd", Kind::number, false},
    {"consent", Kind::boolean, true},
}};

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::string: return "a string";
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "a boolean";
  }
  return "a value";
}

bool has_kind(const json& v, Kind k) {
  switch (k) {
    case Kind::string: return v.is_string();
    case Kind::integer: return v.is_number_integer();
    case Kind::number: return v.is_number();
    case Kind::boolean: return v.is_boolean();
  }
  return false;
}

ApiError bad_request(std::string message, std::string_view field) {
  return {ApiErrorCode::invalid_request, std::move(message), std::string(field)};
}
ApiError bad_value(std::string message, std::string_view field) {
  return {ApiErrorCode::invalid_value, std::move(message), std::string(field)};
}

// Shape checks: an object whose every member is known, present when required, and of
// the right JSON type (null counts as absent for optional fields).
std::expected<void, ApiError> check_shape(const json& doc) {
  if (!doc.is_object()) return std::unexpected(bad_request("the body must be a JSON object", ""));
  for (const auto& [name, value] : doc.items()) {
    const auto* field = std::find_if(kFields.begin(), kFields.end(), [&](const Field& f) { return f.name == name; });
    if (field == kFields.end()) {
      return std::unexpected(bad_request("unknown field '" + name + "'", name));
    }
    if (value.is_null() && !field->required) continue;
    if (!has_kind(value, field->kind)) {
      return std::unexpected(
          bad_request(std::string(field->name) + " must be " + std::string(kind_name(field->kind)), field->name));
    }
  }
  for (const Field& f : kFields) {
    if (f.required && !doc.contains(f.name)) {
      return std::unexpected(bad_request(std::string(f.name) + " is required", f.name));
    }
  }
  return {};
}

const json* optional_member(const json& doc, std::string_view name) {
  const auto it = doc.find(name);
  return it == doc.end() || it->is_null() ? nullptr : &*it;
}

template <class E>
std::expected<E, ApiError> enum_value(const json& v, std::optional<E> (*parse)(std::string_view),
                                      std::string_view field, std::string_view allowed) {
  if (auto e = parse(v.get_ref<const std::string&>())) return *e;
  return std::unexpected(bad_value(std::string(field) + " must be one of " + std::string(allowed), field));
}

std::expected<JobSpec, ApiError> to_spec(const json& doc, std::string_view default_provider) {
  JobSpec spec;
  spec.provider = default_provider;
  spec.prompt = doc["prompt"].get<std::string>();
  auto style = enum_value(doc["style"], style_from_string, "style", "cinematic, anime, documentary, cartoon");
  if (!style) return std::unexpected(style.error());
  spec.style = *style;

  // Integers too large for an int are out of range, not of the wrong type: clamping keeps
  // them out of range for `validate` to report.
  const json& duration = doc["duration_sec"];
  const std::int64_t d =
      duration.is_number_unsigned() && duration.get<std::uint64_t>() > 1000 ? 1001 : duration.get<std::int64_t>();
  spec.duration_sec = static_cast<int>(std::clamp<std::int64_t>(d, -1, 1001));

  if (const json* v = optional_member(doc, "aspect_ratio")) {
    auto e = enum_value(*v, aspect_from_string, "aspect_ratio", "16:9, 9:16, 1:1");
    if (!e) return std::unexpected(e.error());
    spec.aspect_ratio = *e;
  }
  if (const json* v = optional_member(doc, "resolution")) {
    auto e = enum_value(*v, resolution_from_string, "resolution", "360p, 720p, 1080p");
    if (!e) return std::unexpected(e.error());
    spec.resolution = *e;
  }
  if (const json* v = optional_member(doc, "language")) {
    auto e = enum_value(*v, language_from_string, "language", "fr, en");
    if (!e) return std::unexpected(e.error());
    spec.language = *e;
  }
  if (const json* v = optional_member(doc, "seed")) {
    // nlohmann parses every non-negative integer as unsigned: a signed one is negative.
    if (!v->is_number_unsigned() || v->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
      return std::unexpected(bad_value("seed must be between 0 and 4294967295", "seed"));
    }
    spec.seed = static_cast<std::uint32_t>(v->get<std::uint64_t>());
  }
  if (const json* v = optional_member(doc, "voice")) spec.voice = v->get<std::string>();
  if (const json* v = optional_member(doc, "provider")) spec.provider = v->get<std::string>();
  if (const json* v = optional_member(doc, "model")) spec.model = v->get<std::string>();
  if (const json* v = optional_member(doc, "webhook_url")) spec.webhook_url = v->get<std::string>();
  if (const json* v = optional_member(doc, "max_cost_usd")) spec.max_cost_usd = v->get<double>();
  spec.consent = doc["consent"].get<bool>();

  if (auto ok = validate(spec); !ok) return std::unexpected(to_api_error(ok.error()));
  return spec;
}

}  // namespace

std::expected<GenerateRequest, ApiError> parse_generate_request(std::string_view body,
                                                                std::string_view default_provider) {
  // nlohmann checks UTF-8 inside strings only; this also covers bytes between tokens.
  if (!utf8_length(body)) return std::unexpected(ApiError{ApiErrorCode::invalid_json, "the body is not valid UTF-8", ""});
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::unexpected(ApiError{ApiErrorCode::invalid_json, "the body is not valid JSON", ""});
  if (auto shape = check_shape(doc); !shape) return std::unexpected(shape.error());
  auto spec = to_spec(doc, default_provider);
  if (!spec) return std::unexpected(spec.error());
  // nlohmann objects are std::maps, so dump() is already sorted and whitespace-free.
  return GenerateRequest{std::move(*spec), sha256_hex(doc.dump())};
}

std::expected<void, ApiError> check_json_content_type(std::string_view content_type) {
  const std::string_view media_type = content_type.substr(0, content_type.find(';'));
  std::string lowered;
  for (char c : media_type) {
    if (c != ' ' && c != '\t') lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lowered == "application/json") return {};
  return std::unexpected(ApiError{ApiErrorCode::unsupported_media_type, "Content-Type must be application/json", ""});
}

std::expected<void, ApiError> check_idempotency_key(std::string_view key, bool present) {
  if (!present) return {};
  const bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  if (key.empty() || key.size() > 255 || !printable) {
    return std::unexpected(bad_request("Idempotency-Key must be 1-255 printable ASCII characters", "Idempotency-Key"));
  }
  return {};
}

}  // namespace syncreel::api
