// Hand-written JSON output for the hot paths (job documents, SSE events, error
// envelopes): appending to one string is several times cheaper than building a
// nlohmann::json tree and dumping it. Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace syncreel::api {

// Appends `s` as a quoted JSON string. Bytes that are not well-formed UTF-8 become
// U+FFFD so that the document stays valid whatever a store or provider put in `s`.
void append_json_string(std::string& out, std::string_view s);

void append_json_int(std::string& out, std::int64_t v);

// Shortest round-trip form; NaN and infinities (not JSON) become null.
void append_json_double(std::string& out, double v);

}  // namespace syncreel::api
