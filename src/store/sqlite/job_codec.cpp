#include "store/sqlite/job_codec.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace syncreel {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  // `replace` keeps a stray invalid UTF-8 byte (e.g. in a provider's error message)
  // from turning a store write into an exception.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Reads typed fields of one JSON object, remembering the first field that is missing
// (when required) or has the wrong type. Never throws: types are checked before get().
class Fields {
 public:
  explicit Fields(const json& obj) : obj_(obj) {}

  std::optional<std::string> opt_string(const char* key) {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) return bad(key);
    return v->get<std::string>();
  }
  std::string string(const char* key) { return required(key, opt_string(key)); }

  std::optional<std::int64_t> opt_int(const char* key, std::int64_t lo, std::int64_t hi) {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number_integer()) return bad(key);
    // Unsigned values above int64 would wrap in get<int64_t>(): reject them first.
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
      return bad(key);
    }
    const auto n = v->get<std::int64_t>();
    if (n < lo || n > hi) return bad(key);
    return n;
  }

  std::optional<double> opt_number(const char* key) {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) return bad(key);
    return v->get<double>();
  }

  bool boolean(const char* key) {
    const json* v = find(key);
    if (v == nullptr || !v->is_boolean()) {
      bad(key);
      return false;
    }
    return v->get<bool>();
  }

  std::vector<std::string> strings(const char* key) {
    std::vector<std::string> out;
    const json* v = find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      bad(key);
      return out;
    }
    for (const json& item : *v) {
      if (!item.is_string()) {
        bad(key);
        return out;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  // A required enum stored by name, parsed with core's *_from_string function.
  template <class E>
  E enumerated(const char* key, std::optional<E> (*parse)(std::string_view), E fallback) {
    return opt_enumerated(key, parse).value_or(fallback);
  }
  template <class E>
  std::optional<E> opt_enumerated(const char* key, std::optional<E> (*parse)(std::string_view)) {
    const auto name = opt_string(key);
    if (!name) return std::nullopt;
    auto value = parse(*name);
    if (!value) bad(key);
    return value;
  }

  void require(const char* key) {
    if (find(key) == nullptr) bad(key);
  }

  Result<void> status(std::string_view what) const {
    if (first_bad_.empty()) return {};
    return fail(Error::storage(std::string(what) + ": field '" + first_bad_ + "' is missing or invalid"));
  }

 private:
  const json* find(const char* key) const {
    const auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }
  // Records the first bad field; returns nullopt so optional getters can `return bad(k)`.
  std::nullopt_t bad(const char* key) {
    if (first_bad_.empty()) first_bad_ = key;
    return std::nullopt;
  }
  std::string required(const char* key, std::optional<std::string> v) {
    if (!v) bad(key);
    return v.value_or(std::string{});
  }

  const json& obj_;
  std::string first_bad_;
};

// Parses `text` as a JSON object and hands it to `read`. nlohmann may still throw on
// a path we did not foresee; that must become an error value here, at the boundary.
template <class T, class Read>
Result<T> parse_object(std::string_view text, std::string_view what, Read read) {
  try {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail(Error::storage(std::string(what) + " is not valid JSON"));
    if (!j.is_object()) return fail(Error::storage(std::string(what) + " is not a JSON object"));
    Fields fields(j);
    T value = read(fields);
    if (auto ok = fields.status(what); !ok) return fail(ok.error());
    return value;
  } catch (const json::exception&) {
    return fail(Error::storage(std::string(what) + " could not be decoded"));
  }
}

// Parses `text` as a JSON array of objects, each handed to `read`.
template <class T, class Read>
Result<std::vector<T>> parse_array(std::string_view text, std::string_view what, Read read) {
  try {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail(Error::storage(std::string(what) + " is not valid JSON"));
    if (!j.is_array()) return fail(Error::storage(std::string(what) + " is not a JSON array"));
    std::vector<T> out;
    for (const json& item : j) {
      if (!item.is_object()) return fail(Error::storage(std::string(what) + " holds a non-object"));
      Fields fields(item);
      out.push_back(read(fields));
      if (auto ok = fields.status(what); !ok) return fail(ok.error());
    }
    return out;
  } catch (const json::exception&) {
    return fail(Error::storage(std::string(what) + " could not be decoded"));
  }
}

}  // namespace

std::string spec_to_json(const JobSpec& spec) {
  json j = {
      {"prompt", spec.prompt},
      {"style", to_string(spec.style)},
      {"duration_sec", spec.duration_sec},
      {"aspect_ratio", to_string(spec.aspect_ratio)},
      {"resolution", to_string(spec.resolution)},
      {"provider", spec.provider},
      {"consent", spec.consent},
  };
  if (spec.voice) j["voice"] = *spec.voice;
  if (spec.language) j["language"] = to_string(*spec.language);
  if (spec.seed) j["seed"] = *spec.seed;
  if (spec.model) j["model"] = *spec.model;
  if (spec.webhook_url) j["webhook_url"] = *spec.webhook_url;
  if (spec.max_cost_usd) j["max_cost_usd"] = *spec.max_cost_usd;
  return dump(j);
}

Result<JobSpec> spec_from_json(std::string_view text) {
  return parse_object<JobSpec>(text, "spec", [](Fields& f) {
    JobSpec s;
    s.prompt = f.string("prompt");
    s.style = f.enumerated("style", style_from_string, s.style);
    f.require("duration_sec");
    s.duration_sec = static_cast<int>(f.opt_int("duration_sec", 0, std::numeric_limits<int>::max()).value_or(0));
    s.aspect_ratio = f.enumerated("aspect_ratio", aspect_from_string, s.aspect_ratio);
    s.resolution = f.enumerated("resolution", resolution_from_string, s.resolution);
    s.voice = f.opt_string("voice");
    s.language = f.opt_enumerated("language", language_from_string);
    if (auto seed = f.opt_int("seed", 0, std::numeric_limits<std::uint32_t>::max())) {
      s.seed = static_cast<std::uint32_t>(*seed);
    }
    s.provider = f.string("provider");
    s.model = f.opt_string("model");
    s.webhook_url = f.opt_string("webhook_url");
    s.max_cost_usd = f.opt_number("max_cost_usd");
    s.consent = f.boolean("consent");
    return s;
  });
}

std::string outputs_to_json(const JobOutputs& o) {
  return dump(json{{"mp4", o.mp4}, {"poster", o.poster}, {"hls", o.hls}, {"captions", o.captions}});
}

Result<JobOutputs> outputs_from_json(std::string_view text) {
  // Absent keys are empty outputs: a rendition that was never produced.
  return parse_object<JobOutputs>(text, "outputs", [](Fields& f) {
    JobOutputs o;
    o.mp4 = f.opt_string("mp4").value_or("");
    o.poster = f.opt_string("poster").value_or("");
    o.hls = f.opt_string("hls").value_or("");
    o.captions = f.opt_string("captions").value_or("");
    return o;
  });
}

std::string moderation_to_json(const ModerationResult& m) {
  return dump(json{{"decision", m.decision}, {"severity", m.severity}, {"categories", m.categories}});
}

Result<ModerationResult> moderation_from_json(std::string_view text) {
  return parse_object<ModerationResult>(text, "moderation", [](Fields& f) {
    ModerationResult m;
    m.decision = f.string("decision");
    m.severity = f.string("severity");
    m.categories = f.strings("categories");
    return m;
  });
}

std::string job_error_to_json(const JobError& e) { return dump(json{{"code", e.code}, {"message", e.message}}); }

Result<JobError> job_error_from_json(std::string_view text) {
  return parse_object<JobError>(text, "error", [](Fields& f) {
    JobError e;
    e.code = f.string("code");
    e.message = f.string("message");
    return e;
  });
}

std::string provider_tasks_to_json(const std::vector<ProviderTask>& tasks) {
  json out = json::array();
  for (const ProviderTask& t : tasks) {
    out.push_back({{"segment", t.segment},
                   {"duration_sec", t.duration_sec},
                   {"task_id", t.task_id},
                   {"create_started_at", to_unix_ms(t.create_started_at)},
                   {"create_run", t.create_run},
                   {"succeeded", t.succeeded},
                   {"last_frame_url", t.last_frame_url},
                   {"chained", t.chained},
                   {"tokens_used", t.tokens_used}});
  }
  return dump(out);
}

Result<std::vector<ProviderTask>> provider_tasks_from_json(std::string_view text) {
  constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
  constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
  return parse_array<ProviderTask>(text, "provider_tasks", [&](Fields& f) {
    ProviderTask t;
    f.require("segment");
    t.segment = static_cast<int>(f.opt_int("segment", 0, kMaxInt).value_or(0));
    t.duration_sec = static_cast<int>(f.opt_int("duration_sec", 0, kMaxInt).value_or(0));
    t.task_id = f.string("task_id");
    t.create_started_at = from_unix_ms(f.opt_int("create_started_at", 0, kMaxInt64).value_or(0));
    t.create_run = f.opt_string("create_run").value_or("");
    t.succeeded = f.boolean("succeeded");
    t.last_frame_url = f.opt_string("last_frame_url").value_or("");
    t.chained = f.boolean("chained");
    t.tokens_used = f.opt_int("tokens_used", 0, kMaxInt64).value_or(0);
    return t;
  });
}

std::string notes_to_json(const std::vector<std::string>& notes) { return dump(json(notes)); }

Result<std::vector<std::string>> notes_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return fail(Error::storage("notes is not a JSON array"));
  std::vector<std::string> out;
  for (const json& item : j) {
    if (!item.is_string()) return fail(Error::storage("notes holds a non-string"));
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<void> check_json_object(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return fail(Error::storage("not a JSON object"));
  return {};
}

}  // namespace syncreel
