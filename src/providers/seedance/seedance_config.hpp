// SeedanceConfig: how syncreel reaches Seedance 2.0 through an Ark account.
//
// Ark runs in regions with their own hosts, keys and model ids (keys are region-bound):
//   BytePlus ap-southeast-1  https://ark.ap-southeast.bytepluses.com/api/v3
//                            dreamina-seedance-2-0-260128, dreamina-seedance-2-0-fast-260128
//   Volcengine cn-beijing    https://ark.cn-beijing.volces.com/api/v3
//                            doubao-seedance-2-0-260128, doubao-seedance-2-0-fast-260128
//   BytePlus eu-west-1 offers no Seedance 2.0.
// Plain value type; see docs/seedance.md for every setting.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "providers/resilience/circuit_breaker.hpp"

namespace syncreel {

inline constexpr std::string_view kBytePlusApBaseUrl = "https://ark.ap-southeast.bytepluses.com/api/v3";
inline constexpr std::string_view kVolcengineBeijingBaseUrl = "https://ark.cn-beijing.volces.com/api/v3";
inline constexpr std::string_view kBytePlusModel = "dreamina-seedance-2-0-260128";
inline constexpr std::string_view kBytePlusFastModel = "dreamina-seedance-2-0-fast-260128";
inline constexpr std::string_view kVolcengineModel = "doubao-seedance-2-0-260128";
inline constexpr std::string_view kVolcengineFastModel = "doubao-seedance-2-0-fast-260128";

struct SeedanceConfig {
  std::string base_url{kBytePlusApBaseUrl};    // the region's Ark API root, no trailing slash
  std::string api_key;                         // a secret: from SEEDANCE_API_KEY or ARK_API_KEY, never logged
  std::string model{kBytePlusModel};           // used when a job names no model
  std::string fast_model{kBytePlusFastModel};  // used when a job asks for model "fast"; no 1080p
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};    // one API call
  std::chrono::milliseconds download_timeout{120000};  // the whole result download, resumes included
  std::uint64_t max_download_bytes = 200ULL << 20;
  int download_attempts = 4;  // transfers per download: the first plus resumes after drops
  // Price of a million output tokens in USD; 0 = unknown (cost is then reported as 0 and
  // jobs' max_cost_usd cannot be checked before submitting).
  double usd_per_million_tokens = 0.0;
  std::string callback_url;                // Ark POSTs task updates here when set
  CircuitBreakerConfig circuit_breaker{};  // shared by all calls of this account
};

// `defaults` overlaid with the environment: SEEDANCE_API_KEY (or ARK_API_KEY),
// SEEDANCE_BASE_URL (or ARK_BASE_URL), SEEDANCE_MODEL, SEEDANCE_FAST_MODEL,
// SEEDANCE_USD_PER_MILLION_TOKENS, SEEDANCE_CALLBACK_URL. When the base URL is the
// Volcengine host and no model was chosen, the models default to the doubao-* ids.
// Errors: invalid_argument (detail = the variable) when the key is missing, a value does
// not parse, or the model does not exist in the base URL's region.
Result<SeedanceConfig> seedance_config_from_env(SeedanceConfig defaults);

// Checks a config before use (the same region rules as seedance_config_from_env).
Result<void> validate(const SeedanceConfig& config);

}  // namespace syncreel
