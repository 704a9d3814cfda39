// SHA-256 as lowercase hex: for prompt hashes in logs, request fingerprints and API key
// hashes. Never used as a password hash: the inputs it protects are high-entropy.
#pragma once

#include <string>
#include <string_view>

namespace syncreel {

std::string sha256_hex(std::string_view data);

}  // namespace syncreel
