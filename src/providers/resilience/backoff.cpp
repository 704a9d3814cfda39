#include "providers/resilience/backoff.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace syncreel {
namespace {

double thread_unit_random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<unsigned> month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return i + 1;
  }
  return std::nullopt;
}

// "08:49:37" as seconds since midnight.
std::optional<int> time_of_day(std::string_view s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  const auto h = to_int(s.substr(0, 2));
  const auto m = to_int(s.substr(3, 2));
  const auto sec = to_int(s.substr(6, 2));
  if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
  return *h * 3600 + *m * 60 + *sec;
}

std::optional<TimePoint> make_time(int year, std::optional<unsigned> month, std::optional<int> day,
                                   std::optional<int> seconds) {
  if (!month || !day || !seconds) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{*month},
                                        std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint{std::chrono::sys_days{ymd}.time_since_epoch() + std::chrono::seconds{*seconds}};
}

// The three HTTP-date layouts (RFC 9110 section 5.6.7), all in GMT.
std::optional<TimePoint> parse_http_date(std::string_view value) {
  const auto w = split_words(value);
  if (w.size() == 6 && w[5] == "GMT") {  // Sun, 06 Nov 1994 08:49:37 GMT
    const auto year = to_int(w[3]);
    if (!year) return std::nullopt;
    return make_time(*year, month_number(w[2]), to_int(w[1]), time_of_day(w[4]));
  }
  if (w.size() == 4 && w[3] == "GMT" && w[1].size() == 9 && w[1][2] == '-' && w[1][6] == '-') {
    // Sunday, 06-Nov-94 08:49:37 GMT: two-digit years below 70 are this century.
    const auto yy = to_int(w[1].substr(7, 2));
    if (!yy) return std::nullopt;
    return make_time(*yy < 70 ? 2000 + *yy : 1900 + *yy, month_number(w[1].substr(3, 3)), to_int(w[1].substr(0, 2)),
                     time_of_day(w[2]));
  }
  if (w.size() == 5) {  // Sun Nov  6 08:49:37 1994
    const auto year = to_int(w[4]);
    if (!year) return std::nullopt;
    return make_time(*year, month_number(w[1]), to_int(w[2]), time_of_day(w[3]));
  }
  return std::nullopt;
}

}  // namespace

Millis backoff_delay(const BackoffConfig& cfg, int attempt, double unit_random, std::optional<Millis> retry_after) {
  if (retry_after) return std::clamp(*retry_after, Millis{0}, cfg.max_retry_after);
  // Past 2^20 doublings the cap has long been reached; stopping there avoids overflow.
  const int doublings = std::clamp(attempt, 0, 20);
  const auto base = std::min<std::int64_t>(cfg.first.count() << doublings, cfg.max.count());
  const double factor = 1.0 + cfg.jitter * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  return Millis{static_cast<std::int64_t>(static_cast<double>(base) * factor)};
}

std::optional<Millis> parse_retry_after(std::string_view value, TimePoint now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // A number too large for int64 is still a valid (absurd) delay: callers clamp it.
    if (ec == std::errc::result_out_of_range) return Millis{std::chrono::hours(24 * 365)};
    if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::duration_cast<Millis>(std::chrono::seconds{std::min<std::int64_t>(seconds, 31'536'000)});
  }
  const auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  if (*when <= now) return Millis{0};
  return std::chrono::duration_cast<Millis>(*when - now);
}

RateLimitBackoff::RateLimitBackoff(BackoffConfig config, const Clock& clock, std::function<double()> unit_random)
    : config_(config), clock_(clock), unit_random_(unit_random ? std::move(unit_random) : thread_unit_random) {}

Millis RateLimitBackoff::on_rate_limited(std::optional<Millis> retry_after) {
  std::lock_guard lock(mutex_);  // also serialises unit_random_, which need not be thread-safe
  const Millis delay = backoff_delay(config_, consecutive_, unit_random_(), retry_after);
  ++consecutive_;
  quiet_until_ = std::max(quiet_until_, clock_.now() + delay);
  return delay;
}

void RateLimitBackoff::on_success() {
  std::lock_guard lock(mutex_);
  consecutive_ = 0;
  quiet_until_ = TimePoint{};
}

Millis RateLimitBackoff::wait_remaining() const {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  if (quiet_until_ <= now) return Millis{0};
  // Round up so "wait 0 ms" never means "still quiet".
  return std::chrono::ceil<Millis>(quiet_until_ - now);
}

int RateLimitBackoff::consecutive() const {
  std::lock_guard lock(mutex_);
  return consecutive_;
}

}  // namespace syncreel
