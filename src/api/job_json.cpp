#include "api/job_json.hpp"

#include "api/json_text.hpp"
#include "api/time_format.hpp"

namespace syncreel::api {
namespace {

void key(std::string& out, std::string_view name) {
  if (out.back() != '{') out.push_back(',');
  out.push_back('"');
  out += name;  // field names are fixed ASCII identifiers
  out += "\":";
}

void string_field(std::string& out, std::string_view name, std::string_view value) {
  key(out, name);
  append_json_string(out, value);
}

void time_field(std::string& out, std::string_view name, TimePoint t) {
  key(out, name);
  out.push_back('"');
  append_rfc3339_ms(out, t);
  out.push_back('"');
}

void append_stages(std::string& out, const std::vector<StageTiming>& stages) {
  key(out, "stages");
  out.push_back('[');
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('{');
    string_field(out, "name", stages[i].name);
    time_field(out, "started_at", stages[i].started_at);
    if (stages[i].ended_at) {
      time_field(out, "ended_at", *stages[i].ended_at);
    } else {
      key(out, "ended_at");
      out += "null";
    }
    out.push_back('}');
  }
  out.push_back(']');
}

void append_moderation(std::string& out, const ModerationResult& m) {
  key(out, "moderation");
  out.push_back('{');
  string_field(out, "decision", m.decision);
  string_field(out, "severity", m.severity);
  key(out, "categories");
  out.push_back('[');
  for (std::size_t i = 0; i < m.categories.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_string(out, m.categories[i]);
  }
  out += "]}";
}

}  // namespace

JobRenderer::JobRenderer(const MediaSigner& signer, const Clock& clock, std::string base_url,
                         std::chrono::seconds media_ttl)
    : signer_(signer), clock_(clock), base_url_(std::move(base_url)), media_ttl_(media_ttl) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string JobRenderer::link(std::string_view path) const {
  std::string out;
  out.reserve(base_url_.size() + path.size());
  out += base_url_;
  out += path;
  return out;
}

void JobRenderer::append_spec(std::string& out, const JobSpec& spec) {
  out.push_back('{');
  string_field(out, "prompt", spec.prompt);
  string_field(out, "style", to_string(spec.style));
  key(out, "duration_sec");
  append_json_int(out, spec.duration_sec);
  string_field(out, "aspect_ratio", to_string(spec.aspect_ratio));
  string_field(out, "resolution", to_string(spec.resolution));
  if (spec.voice) string_field(out, "voice", *spec.voice);
  if (spec.language) string_field(out, "language", to_string(*spec.language));
  if (spec.seed) {
    key(out, "seed");
    append_json_int(out, *spec.seed);
  }
  string_field(out, "provider", spec.provider);
  if (spec.model) string_field(out, "model", *spec.model);
  if (spec.webhook_url) string_field(out, "webhook_url", *spec.webhook_url);
  if (spec.max_cost_usd) {
    key(out, "max_cost_usd");
    append_json_double(out, *spec.max_cost_usd);
  }
  key(out, "consent");
  out += spec.consent ? "true" : "false";
  out.push_back('}');
}

void JobRenderer::append_outputs(std::string& out, const JobOutputs& outputs) const {
  // Every link in one document shares an expiry, rounded up to a whole minute so that
  // documents rendered within the same minute are byte-identical (cache-friendly).
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch());
  const std::int64_t exp = ((now_s + media_ttl_).count() + 59) / 60 * 60;
  key(out, "outputs");
  out.push_back('{');
  const std::pair<std::string_view, const std::string*> items[] = {
      {"mp4", &outputs.mp4}, {"hls", &outputs.hls}, {"poster", &outputs.poster}, {"captions", &outputs.captions}};
  for (const auto& [name, blob_key] : items) {
    if (!blob_key->empty()) string_field(out, name, link(signer_.path(*blob_key, exp)));
  }
  out.push_back('}');
}

void JobRenderer::append(std::string& out, const Job& job, bool privileged) const {
  out.push_back('{');
  string_field(out, "id", job.id);
  string_field(out, "status", to_string(job.state));
  key(out, "progress");
  append_json_int(out, job.progress);
  key(out, "spec");
  append_spec(out, job.spec);
  time_field(out, "created_at", job.created_at);
  time_field(out, "updated_at", job.updated_at);
  if (job.published_at) time_field(out, "published_at", *job.published_at);
  append_stages(out, job.stages);
  const bool visible = privileged || job.state == JobState::published;
  if (visible && !job.deleted && !job.outputs.empty()) append_outputs(out, job.outputs);
  if (job.moderation) append_moderation(out, *job.moderation);
  key(out, "cost_usd");
  append_json_double(out, job.cost_usd);
  if (!job.model_version.empty()) string_field(out, "model_version", job.model_version);
  if (!job.notes.empty()) {
    key(out, "notes");
    out.push_back('[');
    for (std::size_t i = 0; i < job.notes.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, job.notes[i]);
    }
    out.push_back(']');
  }
  if (!job.qc_json.empty()) {
    key(out, "qc");
    out += job.qc_json;  // a JSON object, checked when the store read it
  }
  if (job.error) {
    key(out, "error");
    out.push_back('{');
    string_field(out, "code", job.error->code);
    string_field(out, "message", job.error->message);
    out.push_back('}');
  }
  out.push_back('}');
}

std::string JobRenderer::render(const Job& job, bool privileged) const {
  std::string out;
  out.reserve(1024 + job.spec.prompt.size());
  append(out, job, privileged);
  return out;
}

}  // namespace syncreel::api
