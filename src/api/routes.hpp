// The route tables of the API: v1 (authenticated job routes), media, and operations
// (health, readiness, metrics). Each builder returns routes whose handlers capture the
// given collaborators by reference: they must outlive the router.
#pragma once

#include <functional>
#include <vector>

#include "api/job_cache.hpp"
#include "api/job_json.hpp"
#include "api/media_handler.hpp"
#include "api/router.hpp"
#include "obs/metrics.hpp"
#include "orchestrator/job_service.hpp"

namespace syncreel::api {

// POST /v1/generate, GET /v1/jobs, GET|DELETE /v1/jobs/{id}, GET /v1/jobs/{id}/events;
// every one requires role user or above.
// `default_provider` is used for generate requests that name none; `cache` serves
// GET /v1/jobs/{id} and is invalidated by DELETE.
std::vector<Route> v1_routes(JobService& jobs, const JobRenderer& renderer, JobDocumentCache& cache,
                             std::string default_provider);

// GET|HEAD /media/{key...}: public, the signed URL is the capability.
Route media_route(const MediaHandler& media);

// POST /v1/provider-callbacks/{provider}: public (providers sign nothing), body capped at
// kMaxCallbackBytes; a JSON object whose "id" names the task. Answers 200 {} for any such
// body, whether or not the task is known, so the route reveals nothing.
inline constexpr std::size_t kMaxCallbackBytes = 16 * 1024;
Route provider_callback_route(std::function<bool(std::string_view, std::string_view)> on_callback);

// GET /healthz, /readyz (from `ready`; an empty function means ready), /metrics.
std::vector<Route> ops_routes(obs::MetricsRegistry& metrics, std::function<Result<void>()> ready);

}  // namespace syncreel::api
