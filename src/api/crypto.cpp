#include "api/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cstdlib>

namespace syncreel::api {
namespace {

// A failing OpenSSL call on fixed, valid inputs means a broken installation.
void check(int ok) {
  if (ok != 1) std::abort();
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(n * 2, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter>;

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

struct HmacSha256::State {
  MacCtx keyed;  // initialised with the key; never updated, only duplicated
};

HmacSha256::HmacSha256(std::string_view key) : state_(std::make_unique<State>()) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) std::abort();
  state_->keyed.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context keeps its own reference
  if (!state_->keyed) std::abort();
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  if (key.empty()) std::abort();  // a precondition: see the header
  check(EVP_MAC_init(state_->keyed.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     params));
}

HmacSha256::~HmacSha256() = default;

std::string HmacSha256::hex(std::string_view message) const {
  MacCtx ctx(EVP_MAC_CTX_dup(state_->keyed.get()));
  if (!ctx) std::abort();
  check(EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()));
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t len = 0;
  check(EVP_MAC_final(ctx.get(), out.data(), &len, out.size()));
  return to_hex(out.data(), len);
}

}  // namespace syncreel::api
