#include "providers/seedance/seedance_config.hpp"

#include <cmath>
#include <cstdlib>
#include <optional>

namespace syncreel {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

bool host_is(std::string_view url, std::string_view host) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const auto rest = url.substr(scheme + 3);
  return rest.substr(0, rest.find_first_of("/:")) == host;
}

}  // namespace

Result<void> validate(const SeedanceConfig& c) {
  if (c.api_key.empty()) {
    return fail(Error::invalid("no Seedance API key: set SEEDANCE_API_KEY (or ARK_API_KEY)", "SEEDANCE_API_KEY"));
  }
  if (!c.base_url.starts_with("https://") && !c.base_url.starts_with("http://")) {
    return fail(Error::invalid("SEEDANCE_BASE_URL must be an http(s) URL", "SEEDANCE_BASE_URL"));
  }
  if (host_is(c.base_url, "ark.eu-west.bytepluses.com")) {
    return fail(Error::invalid("BytePlus eu-west-1 offers no Seedance 2.0: use " + std::string(kBytePlusApBaseUrl),
                               "SEEDANCE_BASE_URL"));
  }
  // Model ids differ per platform; a mismatch would fail every job with a 404.
  const bool volcengine = host_is(c.base_url, "ark.cn-beijing.volces.com");
  const bool byteplus = host_is(c.base_url, "ark.ap-southeast.bytepluses.com");
  for (const std::string* model : {&c.model, &c.fast_model}) {
    if ((volcengine && model->starts_with("dreamina-")) || (byteplus && model->starts_with("doubao-"))) {
      return fail(Error::invalid("model " + *model + " does not exist at " + c.base_url + ": use " +
                                     std::string(volcengine ? kVolcengineModel : kBytePlusModel) + " / " +
                                     std::string(volcengine ? kVolcengineFastModel : kBytePlusFastModel),
                                 "SEEDANCE_MODEL"));
    }
  }
  if (c.model.empty()) return fail(Error::invalid("SEEDANCE_MODEL is empty", "SEEDANCE_MODEL"));
  if (c.connect_timeout.count() <= 0 || c.request_timeout.count() <= 0 || c.download_timeout.count() <= 0) {
    return fail(Error::invalid("Seedance timeouts must be positive", "timeout"));
  }
  if (c.max_download_bytes == 0 || c.download_attempts < 1) {
    return fail(Error::invalid("max_download_bytes and download_attempts must be positive", "max_download_bytes"));
  }
  if (!std::isfinite(c.usd_per_million_tokens) || c.usd_per_million_tokens < 0.0) {
    return fail(Error::invalid("the token price must be >= 0", "SEEDANCE_USD_PER_MILLION_TOKENS"));
  }
  return {};
}

Result<SeedanceConfig> seedance_config_from_env(SeedanceConfig c) {
  if (auto v = env("SEEDANCE_API_KEY")) {
    c.api_key = std::move(*v);
  } else if (auto ark = env("ARK_API_KEY")) {
    c.api_key = std::move(*ark);
  }
  if (auto v = env("SEEDANCE_BASE_URL")) {
    c.base_url = std::move(*v);
  } else if (auto ark = env("ARK_BASE_URL")) {
    c.base_url = std::move(*ark);
  }
  while (c.base_url.ends_with('/')) c.base_url.pop_back();
  // On the Volcengine host the built-in BytePlus ids cannot work: use its own, unless the
  // operator chose models explicitly.
  if (host_is(c.base_url, "ark.cn-beijing.volces.com")) {
    if (c.model == kBytePlusModel) c.model = kVolcengineModel;
    if (c.fast_model == kBytePlusFastModel) c.fast_model = kVolcengineFastModel;
  }
  if (auto v = env("SEEDANCE_MODEL")) c.model = std::move(*v);
  if (auto v = env("SEEDANCE_FAST_MODEL")) c.fast_model = std::move(*v);
  if (auto v = env("SEEDANCE_CALLBACK_URL")) c.callback_url = std::move(*v);
  if (auto v = env("SEEDANCE_USD_PER_MILLION_TOKENS")) {
    char* end = nullptr;
    const double price = std::strtod(v->c_str(), &end);
    if (end == v->c_str() || *end != '\0' || !std::isfinite(price) || price < 0.0) {
      return fail(
          Error::invalid("SEEDANCE_USD_PER_MILLION_TOKENS is not a number >= 0", "SEEDANCE_USD_PER_MILLION_TOKENS"));
    }
    c.usd_per_million_tokens = price;
  }
  if (auto ok = validate(c); !ok) return fail(ok.error());
  return c;
}

}  // namespace syncreel
