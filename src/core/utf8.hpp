// UTF-8 checks for untrusted text.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace syncreel {

// Number of code points in `s` when it is well-formed UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF); nullopt otherwise.
std::optional<std::size_t> utf8_length(std::string_view s);

}  // namespace syncreel
