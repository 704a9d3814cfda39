// JobRenderer: a Job as the API shows it to a caller, written straight to a string.
//
// {id, status, progress, spec, created_at, updated_at, published_at?, stages, outputs?,
//  moderation?, cost_usd, model_version?, error?}; timestamps are RFC 3339 UTC with
// milliseconds. `outputs` holds signed media URLs and is present only when media exists,
// has not been deleted and may be shown: to the owner once published; to moderators and
// admins in any state (they review unpublished media). Internal bookkeeping (lease,
// provider task id, idempotency key, attempts) is never shown.
// Thread-safe: rendering only reads the renderer's configuration.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "api/media_url.hpp"
#include "core/clock.hpp"
#include "core/job.hpp"

namespace syncreel::api {

class JobRenderer {
 public:
  // `signer` and `clock` are not owned and must outlive the renderer. Media links are
  // valid for `media_ttl`; `base_url` ("" = relative links) prefixes every link.
  JobRenderer(const MediaSigner& signer, const Clock& clock, std::string base_url,
              std::chrono::seconds media_ttl);

  // Appends the job document. `privileged`: the viewer is a moderator or admin.
  void append(std::string& out, const Job& job, bool privileged) const;
  std::string render(const Job& job, bool privileged) const;

  // Appends the JobSpec object alone.
  static void append_spec(std::string& out, const JobSpec& spec);

  // `path` ("/v1/jobs/...") made absolute when a base URL is configured.
  std::string link(std::string_view path) const;

 private:
  void append_outputs(std::string& out, const JobOutputs& outputs) const;

  const MediaSigner& signer_;
  const Clock& clock_;
  std::string base_url_;  // without a trailing slash
  std::chrono::seconds media_ttl_;
};

}  // namespace syncreel::api
