#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <cstdlib>

#include <array>

namespace syncreel {
namespace {

// Fetched once: the implicit fetch inside EVP_Digest takes a global lock on every call,
// which shows on hot paths (API key checks, request fingerprints).
const EVP_MD* sha256_md() {
  static EVP_MD* const md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) std::abort();
    return m;
  }();
  return md;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest is a one-shot call with no context to leak; it only fails on allocation
  // failure, where an empty digest would be wrong, so abort like any OOM.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &len, sha256_md(), nullptr) != 1) std::abort();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace syncreel
