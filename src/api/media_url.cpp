#include "api/media_url.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace syncreel::api {
namespace {

std::string signed_message(std::string_view key, std::int64_t exp_unix) {
  return fmt::format("{}\n{}", key, exp_unix);
}

}  // namespace

MediaSigner::MediaSigner(std::string_view signing_key) : mac_(signing_key) {}

std::string MediaSigner::sign(std::string_view key, std::int64_t exp_unix) const {
  return mac_.hex(signed_message(key, exp_unix));
}

std::string MediaSigner::path(std::string_view key, std::int64_t exp_unix) const {
  return fmt::format("/media/{}?exp={}&sig={}", key, exp_unix, sign(key, exp_unix));
}

Result<std::int64_t> MediaSigner::verify(std::string_view key, std::string_view exp, std::string_view sig,
                                         TimePoint now) const {
  std::int64_t exp_unix = 0;
  const auto [end, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), exp_unix);
  if (exp.empty() || ec != std::errc{} || end != exp.data() + exp.size() || exp_unix < 0) {
    return fail(Error::forbidden("missing or malformed media URL expiry"));
  }
  // Compare against the signature of the value as parsed, so "0123" cannot alias "123".
  if (fmt::format("{}", exp_unix) != exp || !constant_time_equal(sign(key, exp_unix), sig)) {
    return fail(Error::forbidden("bad media URL signature"));
  }
  const auto now_unix = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (exp_unix <= now_unix) return fail(Error::forbidden("media URL expired"));
  return exp_unix;
}

}  // namespace syncreel::api
