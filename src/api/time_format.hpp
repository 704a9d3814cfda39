// Timestamp spellings used on the wire: RFC 3339 (UTC, milliseconds) in JSON bodies and
// the IMF-fixdate of RFC 9110 in HTTP headers. Pure functions, safe from any thread.
#pragma once

#include <string>

#include "core/clock.hpp"

namespace syncreel::api {

// Appends e.g. "2026-09-21T08:05:03.042Z".
void append_rfc3339_ms(std::string& out, TimePoint t);
std::string rfc3339_ms(TimePoint t);

// e.g. "Mon, 21 Sep 2026 08:05:03 GMT" (seconds; sub-second parts are dropped).
std::string http_date(TimePoint t);

}  // namespace syncreel::api
