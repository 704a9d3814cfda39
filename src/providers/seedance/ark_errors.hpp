// How Ark failures become syncreel errors: one table, used by every ArkClient call.
//
// Transient (the orchestrator retries later): 429 -> rate_limited with the Retry-After
// hint; 5xx, connection failures and resets, garbled answers -> unavailable; timeouts and
// 504 -> timeout. Final: 401/403 -> unauthorized/forbidden naming the key and region;
// 400 -> invalid_argument (parameters, input moderation) or provider; everything else ->
// provider. The Ark error code always goes to Error::detail.
// Pure functions, safe from any thread.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "providers/seedance/ark_types.hpp"
#include "providers/seedance/http_call.hpp"

namespace syncreel::seedance {

// A non-2xx answer to `operation` ("create task", "retrieve task cgt-...").
ArkError classify_reply(std::string_view operation, const HttpReply& reply, TimePoint now);

// No usable answer to `operation`; `timeout` is the limit that applied, for the message.
ArkError classify_transport(std::string_view operation, const TransportFailure& failure,
                            std::chrono::milliseconds timeout);

// A 2xx answer whose body could not be used (`reason` from the JSON boundary).
ArkError unusable_answer(std::string_view operation, const HttpReply& reply, std::string_view reason);

// `text` with every occurrence of `secret` replaced by "[redacted]" (no-op when empty).
std::string redact(std::string text, std::string_view secret);

// `url` without its query and fragment: signed URLs carry their credential there.
std::string without_query(std::string_view url);

}  // namespace syncreel::seedance
