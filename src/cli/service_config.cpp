#include "cli/service_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "media/postprocess/frame_overlay.hpp"

namespace syncreel {
namespace {

// Readers of one optional key `section`.`key`; `node` is where it sits in the file.
template <class T>
Result<void> read_int_at(toml::node_view<const toml::node> node, std::string_view section, std::string_view key,
                         T& out, long long min, long long max) {
  if (!node) return {};
  const auto v = node.value<long long>();
  if (!v || *v < min || *v > max) {
    return fail(Error::invalid(std::string(section) + "." + std::string(key) + " must be an integer between " +
                               std::to_string(min) + " and " + std::to_string(max)));
  }
  out = static_cast<T>(*v);
  return {};
}

Result<void> read_string_at(toml::node_view<const toml::node> node, std::string_view section, std::string_view key,
                            std::string& out) {
  if (!node) return {};
  const auto v = node.value<std::string>();
  if (!v) return fail(Error::invalid(std::string(section) + "." + std::string(key) + " must be a string"));
  out = *v;
  return {};
}

Result<void> read_number_at(toml::node_view<const toml::node> node, std::string_view section, std::string_view key,
                            double& out, double min, double max) {
  if (!node) return {};
  const auto v = node.is_number() ? node.value<double>() : std::nullopt;
  if (!v || !(*v >= min && *v <= max)) {
    return fail(Error::invalid(fmt::format("{}.{} must be a number between {} and {}", section, key, min, max)));
  }
  out = *v;
  return {};
}

Result<void> read_bool_at(toml::node_view<const toml::node> node, std::string_view section, std::string_view key,
                          bool& out) {
  if (!node) return {};
  if (!node.is_boolean()) {
    return fail(Error::invalid(std::string(section) + "." + std::string(key) + " must be true or false"));
  }
  out = *node.value<bool>();
  return {};
}

template <class T>
Result<void> read_int(const toml::table& t, std::string_view section, std::string_view key, T& out, long long min,
                      long long max) {
  return read_int_at(t[section][key], section, key, out, min, max);
}

Result<void> read_string(const toml::table& t, std::string_view section, std::string_view key, std::string& out) {
  return read_string_at(t[section][key], section, key, out);
}

// [providers.seedance]. Millisecond values keep the file free of unit suffixes.
Result<void> apply_seedance(const toml::table& t, ServiceConfig& c) {
  constexpr std::string_view kSection = "providers.seedance";
  const auto node = t["providers"]["seedance"];
  if (!node) return {};
  if (!node.is_table()) return fail(Error::invalid("providers.seedance must be a table"));
  const auto sd = node;
  SeedanceConfig& s = c.seedance;
  if (auto r = read_string_at(sd["base_url"], kSection, "base_url", s.base_url); !r) return r;
  if (auto r = read_string_at(sd["model"], kSection, "model", s.model); !r) return r;
  if (auto r = read_string_at(sd["fast_model"], kSection, "fast_model", s.fast_model); !r) return r;
  if (auto r = read_string_at(sd["callback_url"], kSection, "callback_url", s.callback_url); !r) return r;
  if (const auto price = sd["usd_per_million_tokens"]) {
    const auto v = price.value<double>();
    if (!v || !(*v >= 0.0)) {
      return fail(Error::invalid("providers.seedance.usd_per_million_tokens must be a number >= 0"));
    }
    s.usd_per_million_tokens = *v;
  }
  const auto ms = [&](std::string_view key, std::chrono::milliseconds& out, long long min, long long max) {
    long long v = out.count();
    auto r = read_int_at(sd[key], kSection, key, v, min, max);
    out = std::chrono::milliseconds(v);
    return r;
  };
  if (auto r = ms("connect_timeout_ms", s.connect_timeout, 100, 600'000); !r) return r;
  if (auto r = ms("request_timeout_ms", s.request_timeout, 100, 600'000); !r) return r;
  if (auto r = ms("download_timeout_ms", s.download_timeout, 1000, 3'600'000); !r) return r;
  if (auto r = ms("breaker_cool_down_ms", s.circuit_breaker.cool_down, 100, 3'600'000); !r) return r;
  long long max_mb = static_cast<long long>(s.max_download_bytes >> 20);
  if (auto r = read_int_at(sd["max_download_mb"], kSection, "max_download_mb", max_mb, 1, 4096); !r) return r;
  s.max_download_bytes = static_cast<std::uint64_t>(max_mb) << 20;
  if (auto r = read_int_at(sd["download_attempts"], kSection, "download_attempts", s.download_attempts, 1, 20); !r) {
    return r;
  }
  // One threshold for both runs (429s, and 5xx/timeouts): the "5 in a row" for each.
  auto& breaker = s.circuit_breaker;
  if (auto r = read_int_at(sd["breaker_threshold"], kSection, "breaker_threshold", breaker.failure_threshold, 1, 100);
      !r) {
    return r;
  }
  breaker.rate_limit_threshold = breaker.failure_threshold;
  return read_int_at(sd["concurrency"], kSection, "concurrency", c.seedance_concurrency, 1, 1000);
}

// The presets x264 knows: any other name would only fail at the first clip processed.
constexpr std::array<std::string_view, 10> kX264Presets = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                                           "medium",    "slow",      "slower",   "veryslow", "placebo"};

constexpr std::array<std::pair<std::string_view, media::Corner>, 4> kCorners = {{
    {"top_left", media::Corner::top_left},
    {"top_right", media::Corner::top_right},
    {"bottom_left", media::Corner::bottom_left},
    {"bottom_right", media::Corner::bottom_right},
}};

// The logo is read once per clip: a missing or broken file is refused here, at start-up,
// rather than failing every job. FrameOverlay reads it exactly as the pipeline will.
Result<void> check_logo(const media::WatermarkConfig& w) {
  if (w.logo_png.empty()) return {};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(w.logo_png, ec)) {
    return fail(Error::invalid("processing.watermark.logo_png: no file at " + w.logo_png.string()));
  }
  if (auto overlay = media::FrameOverlay::create(w, 1280, 720, {}); !overlay) {
    return fail(Error::invalid("processing.watermark.logo_png: " + overlay.error().message + " (" +
                               w.logo_png.string() + ")"));
  }
  return {};
}

// [processing.watermark]. The position is a corner's name, as in media::Corner.
Result<void> apply_watermark(toml::node_view<const toml::node> node, media::WatermarkConfig& w) {
  constexpr std::string_view kSection = "processing.watermark";
  if (!node) return {};
  if (!node.is_table()) return fail(Error::invalid("processing.watermark must be a table"));
  if (auto r = read_string_at(node["text"], kSection, "text", w.text); !r) return r;
  std::string logo = w.logo_png.string();
  if (auto r = read_string_at(node["logo_png"], kSection, "logo_png", logo); !r) return r;
  w.logo_png = logo;
  if (const auto position = node["position"]) {
    const auto v = position.value<std::string>();
    const auto it = std::find_if(kCorners.begin(), kCorners.end(), [&](const auto& c) { return v && c.first == *v; });
    if (it == kCorners.end()) {
      std::vector<std::string_view> names;
      for (const auto& c : kCorners) names.push_back(c.first);
      return fail(Error::invalid(fmt::format("processing.watermark.position must be one of {}", fmt::join(names, ", "))));
    }
    w.position = it->second;
  }
  if (auto r = read_number_at(node["opacity"], kSection, "opacity", w.opacity, 0, 1); !r) return r;
  return check_logo(w);
}

// [processing.qc]: the QcThresholds a processed clip is judged against.
Result<void> apply_qc(toml::node_view<const toml::node> node, media::QcThresholds& q) {
  constexpr std::string_view kSection = "processing.qc";
  if (!node) return {};
  if (!node.is_table()) return fail(Error::invalid("processing.qc must be a table"));
  const auto number = [&](std::string_view key, double& out, double min, double max) {
    return read_number_at(node[key], kSection, key, out, min, max);
  };
  if (auto r = number("max_audio_early_ms", q.max_audio_early_ms, 0, 1000); !r) return r;
  if (auto r = number("max_audio_late_ms", q.max_audio_late_ms, 0, 1000); !r) return r;
  if (auto r = number("min_offset_confidence", q.min_offset_confidence, 0, 1000); !r) return r;
  if (auto r = number("target_lufs", q.target_lufs, -70, 0); !r) return r;
  if (auto r = number("lufs_tolerance", q.lufs_tolerance, 0, 20); !r) return r;
  if (auto r = number("max_true_peak_dbtp", q.max_true_peak_dbtp, -70, 3); !r) return r;
  if (auto r = number("max_silence_ratio", q.max_silence_ratio, 0, 1); !r) return r;
  if (auto r = number("max_clipping_ratio", q.max_clipping_ratio, 0, 1); !r) return r;
  if (auto r = number("max_duration_mismatch_s", q.max_duration_mismatch_s, 0, 60); !r) return r;
  if (auto r = read_bool_at(node["require_audio"], kSection, "require_audio", q.require_audio); !r) return r;
  return read_bool_at(node["require_faststart"], kSection, "require_faststart", q.require_faststart);
}

// [processing.limits]: the IngestLimits a provider's file is read under. Sizes in MiB and
// times in milliseconds, as in [providers.seedance].
Result<void> apply_limits(toml::node_view<const toml::node> node, media::IngestLimits& l) {
  constexpr std::string_view kSection = "processing.limits";
  if (!node) return {};
  if (!node.is_table()) return fail(Error::invalid("processing.limits must be a table"));
  long long file_mb = static_cast<long long>(l.max_file_bytes >> 20);
  if (auto r = read_int_at(node["max_file_mb"], kSection, "max_file_mb", file_mb, 1, 65536); !r) return r;
  l.max_file_bytes = static_cast<std::uintmax_t>(file_mb) << 20;
  if (auto r = read_number_at(node["max_duration_sec"], kSection, "max_duration_sec", l.max_duration_seconds, 1, 3600);
      !r) {
    return r;
  }
  if (auto r = read_int_at(node["max_width"], kSection, "max_width", l.max_width, 16, 16384); !r) return r;
  if (auto r = read_int_at(node["max_height"], kSection, "max_height", l.max_height, 16, 16384); !r) return r;
  if (auto r = read_int_at(node["max_pixels"], kSection, "max_pixels", l.max_pixels, 256, 16384LL * 16384); !r) {
    return r;
  }
  if (auto r = read_number_at(node["max_fps"], kSection, "max_fps", l.max_fps, 1, 1000); !r) return r;
  if (auto r = read_int_at(node["probe_bytes"], kSection, "probe_bytes", l.probe_bytes, 32, 1LL << 30); !r) return r;
  long long analyze_ms = l.analyze_microseconds / 1000;
  if (auto r = read_int_at(node["analyze_ms"], kSection, "analyze_ms", analyze_ms, 100, 600'000); !r) return r;
  l.analyze_microseconds = analyze_ms * 1000;
  if (auto r = read_int_at(node["max_streams"], kSection, "max_streams", l.max_streams, 1, 1024); !r) return r;
  if (auto r = read_int_at(node["max_decode_errors"], kSection, "max_decode_errors", l.max_decode_errors, 0, 10'000);
      !r) {
    return r;
  }
  long long budget_ms = l.time_budget.count();
  if (auto r = read_int_at(node["time_budget_ms"], kSection, "time_budget_ms", budget_ms, 1000, 3'600'000); !r) {
    return r;
  }
  l.time_budget = std::chrono::milliseconds(budget_ms);
  return {};
}

// [processing] and its sub-tables: what MediaClipProcessor does to remote clips.
Result<void> apply_processing(const toml::table& t, ClipProcessingConfig& p) {
  constexpr std::string_view kSection = "processing";
  const auto node = t["processing"];
  if (!node) return {};
  if (!node.is_table()) return fail(Error::invalid("processing must be a table"));
  if (auto r = read_bool_at(node["burn_captions"], kSection, "burn_captions", p.burn_captions); !r) return r;
  if (const auto preset = node["x264_preset"]) {
    const auto v = preset.value<std::string>();
    if (!v || std::find(kX264Presets.begin(), kX264Presets.end(), *v) == kX264Presets.end()) {
      return fail(
          Error::invalid(fmt::format("processing.x264_preset must be an x264 preset: {}", fmt::join(kX264Presets, ", "))));
    }
    p.x264_preset = *v;
  }
  if (auto r = apply_watermark(node["watermark"], p.watermark); !r) return r;
  if (auto r = apply_qc(node["qc"], p.qc); !r) return r;
  return apply_limits(node["limits"], p.limits);
}

Result<void> apply_table(const toml::table& t, ServiceConfig& c) {
  std::string listen;
  if (auto r = read_string(t, "server", "listen", listen); !r) return r;
  if (!listen.empty()) {
    if (auto r = apply_listen(c, listen); !r) return r;
  }
  if (auto r = read_string(t, "server", "public_base_url", c.public_base_url); !r) return r;
  if (auto r = read_int(t, "server", "http_threads", c.http_threads, 1, 64); !r) return r;
  if (auto r = read_int(t, "server", "max_body_bytes", c.max_body_bytes, 1024, 64 << 20); !r) return r;
  std::string data_dir;
  if (auto r = read_string(t, "storage", "data_dir", data_dir); !r) return r;
  if (!data_dir.empty()) c.data_dir = data_dir;
  if (auto r = read_string(t, "providers", "default", c.default_provider); !r) return r;
  auto& o = c.orchestrator;
  if (auto r = read_int(t, "workers", "count", o.workers, 1, 256); !r) return r;
  if (auto r = read_int(t, "workers", "render_slots", o.render_slots, 0, 256); !r) return r;
  if (auto r = read_string(t, "workers", "instance_id", o.instance_id); !r) return r;
  long long lease_sec = o.lease.count() / 1000;
  if (auto r = read_int(t, "workers", "lease_sec", lease_sec, 5, 3600); !r) return r;
  o.lease = std::chrono::seconds(lease_sec);
  long long first_ms = o.poll.first.count();
  long long max_ms = o.poll.max.count();
  if (auto r = read_int(t, "workers", "first_poll_ms", first_ms, 100, 600'000); !r) return r;
  if (auto r = read_int(t, "workers", "max_poll_ms", max_ms, 100, 600'000); !r) return r;
  o.poll.first = std::chrono::milliseconds(first_ms);
  o.poll.max = std::chrono::milliseconds(max_ms);
  long long deadline_sec = std::chrono::duration_cast<std::chrono::seconds>(o.job_deadline).count();
  if (auto r = read_int(t, "workers", "job_deadline_sec", deadline_sec, 10, 7 * 86400); !r) return r;
  o.job_deadline = std::chrono::seconds(deadline_sec);
  if (auto r = apply_seedance(t, c); !r) return r;
  if (auto r = apply_processing(t, c.processing); !r) return r;
  if (o.instance_id.empty() || o.instance_id.find('/') != std::string::npos) {
    return fail(Error::invalid("workers.instance_id must be non-empty and contain no '/'"));
  }
  return {};
}

}  // namespace

Result<void> apply_listen(ServiceConfig& config, const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return fail(Error::invalid("listen address must be HOST:PORT, got '" + listen + "'"));
  }
  unsigned port = 0;
  const char* first = listen.data() + colon + 1;
  const char* last = listen.data() + listen.size();
  const auto [ptr, ec] = std::from_chars(first, last, port);
  if (ec != std::errc{} || ptr != last || port > 65535) {
    return fail(Error::invalid("listen port must be 0-65535, got '" + listen.substr(colon + 1) + "'"));
  }
  config.host = listen.substr(0, colon);
  config.port = static_cast<std::uint16_t>(port);
  return {};
}

Result<ServiceConfig> load_service_config(const std::optional<std::filesystem::path>& file) {
  ServiceConfig config;
  std::optional<std::filesystem::path> path = file;
  if (!path) {
    if (const char* env = std::getenv("SYNCREEL_CONFIG"); env != nullptr && *env != '\0') path = env;
  }
  if (!path) return config;
  toml::table table;
#if TOML_EXCEPTIONS
  try {
    table = toml::parse_file(path->string());
  } catch (const toml::parse_error& err) {
    return fail(Error::invalid("cannot read config " + path->string() + ": " + std::string(err.description()) +
                               " (line " + std::to_string(err.source().begin.line) + ")"));
  }
#else
  toml::parse_result parsed = toml::parse_file(path->string());
  if (!parsed) {
    const auto& err = parsed.error();
    return fail(Error::invalid("cannot read config " + path->string() + ": " + std::string(err.description()) +
                               " (line " + std::to_string(err.source().begin.line) + ")"));
  }
  table = std::move(parsed).table();
#endif
  if (auto r = apply_table(table, config); !r) {
    return fail(Error::invalid("config " + path->string() + ": " + r.error().message));
  }
  return config;
}

}  // namespace syncreel
