// Service: one running syncreel, assembled from its configuration — the stores, the
// providers, the metrics and the orchestrator — over the data folder:
//
//   <data>/syncreel.db   jobs and API keys (SQLite, WAL)
//   <data>/blobs/        media (filesystem blob store)
//   <data>/scratch/      per-job working folders
//   <data>/secrets/      the media URL signing key (created on first start, mode 0600)
//
// Owns everything it builds; destroying it stops the workers first.
#pragma once

#include <memory>
#include <string>

#include "blob/blob_store.hpp"
#include "cli/service_config.hpp"
#include "core/clock.hpp"
#include "obs/json_log.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/media_clip_processor.hpp"
#include "orchestrator/orchestrator.hpp"
#include "providers/provider_set.hpp"
#include "store/job_store.hpp"
#include "store/key_store.hpp"

namespace syncreel {

class SqliteDatabase;

class Service {
 public:
  // Creates the data folder layout if needed and opens everything; does not start the
  // workers. Errors: storage (unusable data folder or database), invalid_argument.
  static Result<std::unique_ptr<Service>> open(const ServiceConfig& config, obs::JsonLog& log);
  ~Service();

  Orchestrator& orchestrator() { return *orchestrator_; }
  JobStore& jobs() { return *jobs_; }
  KeyStore& keys() { return *keys_; }
  BlobStore& blobs() { return *blobs_; }
  obs::MetricsRegistry& metrics() { return metrics_; }
  const Clock& clock() const { return clock_; }
  // Secret for signing media URLs, read from <data>/secrets (never logged).
  const std::string& signing_key() const { return signing_key_; }

  // nullptr when this service has no provider of that name.
  const Provider* provider(std::string_view name) const { return providers_.find(name); }

  // For /readyz: the store answers and the blob store takes writes.
  Result<void> ready();

 private:
  Service() = default;

  SystemClock clock_;
  obs::MetricsRegistry metrics_;
  std::shared_ptr<SqliteDatabase> db_;
  std::unique_ptr<JobStore> jobs_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<BlobStore> blobs_;
  ProviderSet providers_;
  std::string signing_key_;
  std::unique_ptr<MediaClipProcessor> processor_;
  std::unique_ptr<Orchestrator> orchestrator_;
};

// Opens only the key store of a data folder (for `syncreel keys`).
Result<std::unique_ptr<KeyStore>> open_key_store(const std::filesystem::path& data_dir);

}  // namespace syncreel
