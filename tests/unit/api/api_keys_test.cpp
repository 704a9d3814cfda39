#include "api/api_keys.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "api/auth.hpp"

namespace syncreel::api {
namespace {

bool all_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

TEST(ApiKeys, IssueShapesAndHashes) {
  const TimePoint now{std::chrono::seconds{1'790'000'000}};
  const IssuedKey a = issue_api_key(Role::moderator, "", "ci", now);
  ASSERT_EQ(a.secret.size(), 3u + 48u);
  EXPECT_TRUE(a.secret.starts_with("sr_"));
  EXPECT_TRUE(all_hex(a.secret.substr(3)));
  ASSERT_EQ(a.record.key_id.size(), 4u + 8u);
  EXPECT_TRUE(a.record.key_id.starts_with("key_"));
  ASSERT_EQ(a.record.user_id.size(), 4u + 12u);
  EXPECT_TRUE(a.record.user_id.starts_with("usr_"));
  EXPECT_EQ(a.record.role, Role::moderator);
  EXPECT_EQ(a.record.label, "ci");
  EXPECT_EQ(a.record.created_at, now);
  EXPECT_FALSE(a.record.revoked_at.has_value());
  EXPECT_EQ(a.record.secret_hash, hash_api_key(a.secret));
  EXPECT_EQ(a.record.secret_hash.find(a.secret), std::string::npos);

  const IssuedKey b = issue_api_key(Role::user, "usr_given", "", now);
  EXPECT_EQ(b.record.user_id, "usr_given");
  EXPECT_NE(a.secret, b.secret);
  EXPECT_NE(a.record.key_id, b.record.key_id);
}

TEST(ApiKeys, HashIsSha256Hex) {
  EXPECT_EQ(hash_api_key(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hash_api_key("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A KeyStore that counts lookups, to see what the cache saves.
class CountingKeyStore final : public KeyStore {
 public:
  Result<void> add(const ApiKeyRecord& key) override {
    std::lock_guard lock(mu_);
    keys_[key.secret_hash] = key;
    return {};
  }
  Result<std::optional<ApiKeyRecord>> find_by_hash(std::string_view hash) override {
    std::lock_guard lock(mu_);
    ++lookups;
    if (down) return fail(Error::storage("disk gone"));
    const auto it = keys_.find(std::string(hash));
    if (it == keys_.end()) return std::optional<ApiKeyRecord>{};
    return std::optional<ApiKeyRecord>{it->second};
  }
  Result<void> revoke(std::string_view key_id, TimePoint now) override {
    std::lock_guard lock(mu_);
    for (auto& [h, k] : keys_) {
      if (k.key_id == key_id) {
        k.revoked_at = now;
        return {};
      }
    }
    return fail(Error::not_found("no such key"));
  }
  Result<std::vector<ApiKeyRecord>> list() override { return std::vector<ApiKeyRecord>{}; }

  int lookups = 0;
  bool down = false;

 private:
  std::mutex mu_;
  std::map<std::string, ApiKeyRecord> keys_;
};

class AuthTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  CountingKeyStore keys_;
  Authenticator auth_{keys_, clock_, std::chrono::seconds{5}, 2};
};

TEST_F(AuthTest, AcceptsBearerKeys) {
  const IssuedKey k = issue_api_key(Role::admin, "usr_a", "", clock_.now());
  ASSERT_TRUE(keys_.add(k.record));
  for (const std::string& header : {"Bearer " + k.secret, "bearer " + k.secret, "BEARER  " + k.secret + " "}) {
    const auto who = auth_.authenticate(header);
    ASSERT_TRUE(who.has_value()) << header;
    EXPECT_EQ(who->user_id, "usr_a");
    EXPECT_EQ(who->role, Role::admin);
    EXPECT_EQ(who->key_id, k.record.key_id);
  }
}

TEST_F(AuthTest, RejectsMissingMalformedUnknown) {
  const std::vector<std::string> headers = {"",       "Bearer",           "Bearer ",
                                            "Basic dXNlcjpwYXNz", "sr_abc", "Bearer sr_unknown",
                                            "Bearer " + std::string(10'000, 'a')};
  for (const std::string& header : headers) {
    const auto who = auth_.authenticate(header);
    ASSERT_FALSE(who.has_value()) << header;
    EXPECT_EQ(who.error().code, ErrorCode::unauthorized) << header;
  }
}

TEST_F(AuthTest, CachesForTtlThenSeesRevocation) {
  const IssuedKey k = issue_api_key(Role::user, "usr_a", "", clock_.now());
  ASSERT_TRUE(keys_.add(k.record));
  const std::string header = "Bearer " + k.secret;
  ASSERT_TRUE(auth_.authenticate(header));
  ASSERT_TRUE(auth_.authenticate(header));
  EXPECT_EQ(keys_.lookups, 1);

  ASSERT_TRUE(keys_.revoke(k.record.key_id, clock_.now()));
  EXPECT_TRUE(auth_.authenticate(header)) << "still cached: revocation is eventual, within the TTL";
  clock_.advance(std::chrono::seconds{5});
  const auto after = auth_.authenticate(header);
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, ErrorCode::unauthorized);
}

TEST_F(AuthTest, CacheIsBounded) {
  std::vector<std::string> headers;
  for (int i = 0; i < 3; ++i) {
    const IssuedKey k = issue_api_key(Role::user, "", "", clock_.now());
    ASSERT_TRUE(keys_.add(k.record));
    headers.push_back("Bearer " + k.secret);
    ASSERT_TRUE(auth_.authenticate(headers.back()));
  }
  EXPECT_EQ(keys_.lookups, 3);
  ASSERT_TRUE(auth_.authenticate(headers[2]));  // still cached
  EXPECT_EQ(keys_.lookups, 3);
  ASSERT_TRUE(auth_.authenticate(headers[0]));  // evicted (capacity 2): looked up again
  EXPECT_EQ(keys_.lookups, 4);
}

TEST_F(AuthTest, StoreFailureIsUnavailableNotUnauthorized) {
  keys_.down = true;
  const auto who = auth_.authenticate("Bearer sr_whatever");
  ASSERT_FALSE(who.has_value());
  EXPECT_EQ(who.error().code, ErrorCode::unavailable);
}

TEST(Roles, Ordering) {
  EXPECT_TRUE(role_at_least(Role::admin, Role::moderator));
  EXPECT_TRUE(role_at_least(Role::moderator, Role::user));
  EXPECT_TRUE(role_at_least(Role::user, Role::user));
  EXPECT_FALSE(role_at_least(Role::user, Role::moderator));
  EXPECT_FALSE(role_at_least(Role::moderator, Role::admin));
}

}  // namespace
}  // namespace syncreel::api
