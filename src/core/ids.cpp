#include "core/ids.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace syncreel {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kPrefix = "job_";
constexpr std::size_t kUlidChars = 26;

void fill_random(void* buf, std::size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    const ssize_t got = getrandom(p, n, 0);
    if (got < 0) std::abort();  // no entropy: the machine is broken
    p += got;
    n -= static_cast<std::size_t>(got);
  }
}

}  // namespace

JobId new_job_id(TimePoint now) {
  std::array<std::uint8_t, 16> bytes{};
  const auto ms = static_cast<std::uint64_t>(to_unix_ms(now));
  for (int i = 0; i < 6; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  fill_random(bytes.data() + 6, 10);
  // 128 bits -> 26 base32 digits, most significant first (the top digit holds 3 bits).
  std::string out(kPrefix);
  out.resize(kPrefix.size() + kUlidChars);
  // Bit `pos` of the 128-bit big-endian number, counted from the least significant.
  const auto bit = [&](int pos) { return (bytes[static_cast<std::size_t>(15 - pos / 8)] >> (pos % 8)) & 1; };
  for (std::size_t i = 0; i < kUlidChars; ++i) {
    const int low = static_cast<int>(5 * (kUlidChars - 1 - i));  // lowest bit of digit i
    int digit = 0;
    for (int b = 4; b >= 0; --b) digit = (digit << 1) | (low + b < 128 ? bit(low + b) : 0);
    out[kPrefix.size() + i] = kCrockford[static_cast<std::size_t>(digit)];
  }
  return out;
}

bool is_valid_job_id(std::string_view id) {
  if (id.size() != kPrefix.size() + kUlidChars || !id.starts_with(kPrefix)) return false;
  for (char c : id.substr(kPrefix.size())) {
    if (kCrockford.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  fill_random(raw.data(), raw.size());
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace syncreel
