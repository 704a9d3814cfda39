// ArkClient: a small libcurl client for the Ark video-generation tasks API (BytePlus
// ModelArk and Volcengine Ark speak the same protocol under different hosts).
//
//   create    POST   {base}/contents/generations/tasks
//   retrieve  GET    {base}/contents/generations/tasks/{id}
//   list      GET    {base}/contents/generations/tasks?page_num=&page_size=&filter.model=&filter.status=
//   delete    DELETE {base}/contents/generations/tasks/{id}
//   download  GET    a task's content.video_url (a signed URL on a storage host) to a file
//
// Every call either returns the parsed answer or an ArkError whose Error is classified
// for the orchestrator (see ark_errors.hpp) and never contains the API key. Nothing
// throws. Calls are independent (one libcurl handle each) and never retried here:
// retrying is the caller's decision, because a retried create can bill twice.
//
// Thread-safe: one client may be shared by every worker. The clock (used to read
// Retry-After dates) must outlive the client.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "providers/seedance/ark_types.hpp"

namespace syncreel::seedance {

struct ArkClientConfig {
  std::string base_url;  // e.g. https://ark.ap-southeast.bytepluses.com/api/v3, no trailing slash
  std::string api_key;   // sent only as the bearer token of API calls, never to storage hosts
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};    // whole API exchange
  std::chrono::milliseconds download_timeout{120000};  // whole download, resumes included
  std::uint64_t max_download_bytes = 200ULL << 20;
  int download_attempts = 4;  // transfers per download: the first plus resumes after drops
};

class ArkClient {
 public:
  ArkClient(ArkClientConfig config, const Clock& clock);

  // Creates a task; returns its id ("cgt-..."). On failure with maybe_processed set the
  // task may exist anyway (the answer was lost): find it with list before resending.
  ArkResult<std::string> create_task(const CreateTaskRequest& request) const;

  // The task's current state. A task deleted or older than 7 days is Error::not_found.
  ArkResult<ArkTask> get_task(std::string_view id) const;

  // One page of the account's tasks of the last 7 days, newest first.
  ArkResult<TaskPage> list_tasks(const ListQuery& query) const;

  // Cancels a queued task, or deletes the record of a finished one. A running task is
  // refused (Error::conflict or another 4xx, depending on the service).
  ArkResult<void> delete_task(std::string_view id) const;

  // Downloads `url` to `dest` (created or replaced): at most max_download_bytes, within
  // download_timeout overall; after a dropped connection it resumes with an HTTP Range
  // request (up to download_attempts transfers) and checks the final size against the
  // announced length. No credentials are sent. On failure `dest` is removed. Errors:
  // provider (URL expired: 403/404/410), too_large, timeout, unavailable (drops beyond
  // the attempts, 5xx), cancelled (control.stop), storage (dest not writable).
  ArkResult<DownloadResult> download(const std::string& url, const std::filesystem::path& dest,
                                     const DownloadControl& control = {}) const;

  const ArkClientConfig& config() const { return config_; }

 private:
  const ArkClientConfig config_;
  const Clock& clock_;
};

}  // namespace syncreel::seedance
