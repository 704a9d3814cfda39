#include "cli/service.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "blob/fs/fs_blob_store.hpp"
#include "core/ids.hpp"
#include "providers/local/local_provider.hpp"
#include "providers/seedance/seedance_provider.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "store/sqlite/sqlite_key_store.hpp"

namespace syncreel {
namespace {

namespace fs = std::filesystem;

Result<void> make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::storage("cannot create " + dir.string() + ": " + ec.message()));
  return {};
}

// Reads the signing key, creating it (random, 0600) on first start. Writing to a temp
// name then renaming means a crash never leaves a truncated key behind.
Result<std::string> load_or_create_secret(const fs::path& file) {
  if (std::ifstream in(file); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key = ss.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    if (key.size() >= 32) return key;
    return fail(Error::storage(file.string() + " holds no usable key (delete it to create a new one)"));
  }
  const std::string key = random_hex(32);
  const fs::path tmp = file.string() + ".tmp";
  {
    const mode_t old_mask = umask(077);
    std::ofstream out(tmp, std::ios::trunc);
    umask(old_mask);
    out << key << '\n';
    if (!out.flush()) return fail(Error::storage("cannot write " + tmp.string()));
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) return fail(Error::storage("cannot create " + file.string() + ": " + ec.message()));
  return key;
}

// The Seedance provider when an API key is in the environment; nullptr without one (jobs
// asking for it are then refused at submission). The file's settings come first, the
// environment overrides them. Errors: invalid_argument for a key with unusable settings.
Result<std::unique_ptr<SeedanceProvider>> open_seedance(const ServiceConfig& config, const Clock& clock,
                                                        obs::JsonLog& log) {
  SeedanceConfig file = config.seedance;
  if (file.callback_url.empty() && !config.public_base_url.empty()) {
    std::string base = config.public_base_url;
    while (base.ends_with('/')) base.pop_back();
    file.callback_url = base + "/v1/provider-callbacks/" + std::string(SeedanceProvider::kName);
  }
  auto merged = seedance_config_from_env(std::move(file));
  if (!merged && merged.error().detail == "SEEDANCE_API_KEY") {
    log.write("provider_disabled", {{"provider", std::string(SeedanceProvider::kName)},
                                    {"message", "no SEEDANCE_API_KEY or ARK_API_KEY in the environment"}});
    return std::unique_ptr<SeedanceProvider>{};
  }
  if (!merged) return fail(Error::invalid("seedance: " + merged.error().message, merged.error().detail));
  auto provider = SeedanceProvider::create(std::move(*merged), clock);
  if (!provider) return fail(provider.error());
  const SeedanceConfig& c = (*provider)->config();
  // Never the key: only where calls go and what they ask for.
  log.write("provider_ready", {{"provider", std::string(SeedanceProvider::kName)},
                               {"base_url", c.base_url},
                               {"model", c.model},
                               {"fast_model", c.fast_model},
                               {"concurrency", static_cast<std::int64_t>(config.seedance_concurrency)},
                               {"callbacks", !c.callback_url.empty()}});
  return provider;
}

Result<std::shared_ptr<SqliteDatabase>> open_database(const fs::path& data_dir) {
  if (auto r = make_dirs(data_dir); !r) return fail(r.error());
  return SqliteDatabase::open(data_dir / "syncreel.db");
}

}  // namespace

Result<std::unique_ptr<Service>> Service::open(const ServiceConfig& config, obs::JsonLog& log) {
  std::unique_ptr<Service> s(new Service());
  const fs::path& data = config.data_dir;
  for (const char* sub : {"blobs", "scratch", "secrets"}) {
    if (auto r = make_dirs(data / sub); !r) return fail(r.error());
  }
  auto db = open_database(data);
  if (!db) return fail(db.error());
  s->db_ = *db;
  s->jobs_ = std::make_unique<SqliteJobStore>(s->db_);
  s->keys_ = std::make_unique<SqliteKeyStore>(s->db_);
  auto blobs = FsBlobStore::create(data / "blobs");
  if (!blobs) return fail(blobs.error());
  s->blobs_ = std::move(*blobs);
  auto secret = load_or_create_secret(data / "secrets" / "media-signing.key");
  if (!secret) return fail(secret.error());
  s->signing_key_ = std::move(*secret);

  s->providers_.add(std::make_unique<LocalProvider>());
  auto seedance = open_seedance(config, s->clock_, log);
  if (!seedance) return fail(seedance.error());
  OrchestratorConfig orch = config.orchestrator;
  if (*seedance) {
    s->providers_.add(std::move(*seedance));
    orch.provider_concurrency.emplace(std::string(SeedanceProvider::kName), config.seedance_concurrency);
  }
  orch.scratch_root = data / "scratch";
  s->processor_ = std::make_unique<MediaClipProcessor>(config.processing, s->metrics_);
  s->orchestrator_ = std::make_unique<Orchestrator>(orch, *s->jobs_, *s->blobs_, s->providers_, log, s->metrics_,
                                                    s->clock_, s->processor_.get());
  return s;
}

Service::~Service() {
  if (orchestrator_) orchestrator_->stop();
}

Result<void> Service::ready() {
  if (auto stats = jobs_->next_run_at(); !stats) return fail(stats.error());
  return blobs_->check_writable();
}

Result<std::unique_ptr<KeyStore>> open_key_store(const fs::path& data_dir) {
  auto db = open_database(data_dir);
  if (!db) return fail(db.error());
  return std::unique_ptr<KeyStore>(std::make_unique<SqliteKeyStore>(*db));
}

}  // namespace syncreel
