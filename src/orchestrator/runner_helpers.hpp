// How JobRunner reads provider errors, shared by its source files. Internal to the
// orchestrator.
#pragma once

#include <random>
#include <string>

#include "core/error.hpp"

namespace syncreel::runner {

// Worth retrying later: the provider was busy, down or slow.
inline bool is_transient(const Error& e) {
  return e.code == ErrorCode::rate_limited || e.code == ErrorCode::unavailable || e.code == ErrorCode::timeout;
}

// The job error code shown to the user for a permanent provider-side failure.
inline std::string job_error_code(const Error& e) {
  switch (e.code) {
    case ErrorCode::invalid_argument: return "provider_rejected";
    case ErrorCode::storage: return "storage_unavailable";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::provider: return "provider_failed";
    default: return "generation_failed";
  }
}

// Jitter for poll and retry delays.
inline double unit_random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace syncreel::runner
