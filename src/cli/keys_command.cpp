#include <cstdio>
#include <ctime>

#include "api/api_keys.hpp"
#include "cli/commands.hpp"
#include "cli/service.hpp"

namespace syncreel::cli {

int run_keys_create(const KeysCreateOptions& options) {
  auto keys = open_key_store(options.data_dir);
  if (!keys) {
    std::fprintf(stderr, "syncreel: %s\n", keys.error().message.c_str());
    return 1;
  }
  const SystemClock clock;
  api::IssuedKey issued = api::issue_api_key(options.role, options.user, options.label, clock.now());
  if (auto added = (*keys)->add(issued.record); !added) {
    std::fprintf(stderr, "syncreel: cannot store the key: %s\n", added.error().message.c_str());
    return 1;
  }
  // The secret goes to stdout alone so scripts can capture it; the rest to stderr.
  std::fprintf(stderr, "created %s key %s for user %s\n", std::string(to_string(options.role)).c_str(),
               issued.record.key_id.c_str(), issued.record.user_id.c_str());
  std::printf("%s\n", issued.secret.c_str());
  return 0;
}

int run_keys_revoke(const std::filesystem::path& data_dir, const std::string& key) {
  auto keys = open_key_store(data_dir);
  if (!keys) {
    std::fprintf(stderr, "syncreel: %s\n", keys.error().message.c_str());
    return 1;
  }
  std::string key_id = key;
  if (!key.starts_with("key_")) {
    auto found = (*keys)->find_by_hash(api::hash_api_key(key));
    if (!found || !*found) {
      std::fprintf(stderr, "syncreel: no such key\n");
      return 1;
    }
    key_id = (*found)->key_id;
  }
  const SystemClock clock;
  if (auto revoked = (*keys)->revoke(key_id, clock.now()); !revoked) {
    std::fprintf(stderr, "syncreel: %s\n", revoked.error().message.c_str());
    return 1;
  }
  std::fprintf(stderr, "revoked %s\n", key_id.c_str());
  return 0;
}

int run_keys_list(const std::filesystem::path& data_dir) {
  auto keys = open_key_store(data_dir);
  if (!keys) {
    std::fprintf(stderr, "syncreel: %s\n", keys.error().message.c_str());
    return 1;
  }
  auto all = (*keys)->list();
  if (!all) {
    std::fprintf(stderr, "syncreel: %s\n", all.error().message.c_str());
    return 1;
  }
  const auto day = [](TimePoint t) {
    const std::time_t secs = SysClock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf);
  };
  for (const auto& k : *all) {
    const std::string status = k.revoked_at ? "revoked " + day(*k.revoked_at) : "active";
    std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", k.key_id.c_str(), k.user_id.c_str(), std::string(to_string(k.role)).c_str(),
                day(k.created_at).c_str(), status.c_str(), k.label.c_str());
  }
  return 0;
}

}  // namespace syncreel::cli
