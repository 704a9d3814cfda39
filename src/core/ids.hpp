// Identifiers. Job ids sort by creation time (a ULID in Crockford base32 with a
// "job_" prefix), so "newest first" and cursors are plain string comparisons.
// Generating ids is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace syncreel {

using JobId = std::string;
using UserId = std::string;
using WorkerId = std::string;

// "job_" + 26 characters: 48 bits of milliseconds then 80 random bits.
JobId new_job_id(TimePoint now);

// True for strings shaped like new_job_id's output (used to reject junk early).
bool is_valid_job_id(std::string_view id);

// `bytes` bytes from the OS's CSPRNG, as lowercase hex. Aborts if the OS has no
// entropy source, which is a broken machine, not a likely error.
std::string random_hex(std::size_t bytes);

}  // namespace syncreel
