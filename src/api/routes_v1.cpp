#include <charconv>
#include <memory>

#include "api/errors.hpp"
#include "api/event_feed.hpp"
#include "api/generate_request.hpp"
#include "api/json_text.hpp"
#include "api/routes.hpp"

namespace syncreel::api {
namespace {

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

bool privileged(const RequestContext& ctx) { return role_at_least(ctx.principal->role, Role::moderator); }

Response generate(JobService& jobs, const JobRenderer& renderer, std::string_view default_provider,
                  const RequestContext& ctx) {
  if (auto ok = check_json_content_type(ctx.req[http::field::content_type]); !ok) return error_response(ok.error());
  const auto key_header = ctx.req.find("Idempotency-Key");
  const bool has_key = key_header != ctx.req.end();
  const std::string_view key = has_key ? std::string_view(key_header->value()) : std::string_view{};
  if (auto ok = check_idempotency_key(key, has_key); !ok) return error_response(ok.error());
  auto parsed = parse_generate_request(ctx.req.body(), default_provider);
  if (!parsed) return error_response(parsed.error());

  auto outcome = jobs.create(ctx.principal->user_id, parsed->spec, std::string(key), parsed->fingerprint);
  if (!outcome) return error_response(outcome.error());
  const Job& job = outcome->job;
  const std::string self = renderer.link("/v1/jobs/" + job.id);

  std::string body = R"({"id":)";
  append_json_string(body, job.id);
  body += R"(,"status":)";
  append_json_string(body, to_string(job.state));
  body += R"(,"links":{"self":)";
  append_json_string(body, self);
  body += R"(,"events":)";
  append_json_string(body, self + "/events");
  body += "}}";
  Response res = json_response(http::status::accepted, std::move(body));
  res.msg.set(http::field::location, self);
  // The replay reports the job as it is now; the header tells the client it was a replay.
  if (!outcome->created) res.msg.set("Idempotent-Replayed", "true");
  return res;
}

Response get_job(JobDocumentCache& cache, const RequestContext& ctx) {
  // Junk ids never reach the store; they are as unknown as someone else's job.
  if (!is_valid_job_id(ctx.param)) return error_response(ApiErrorCode::not_found, "no such job");
  auto doc = cache.get(*ctx.principal, JobId(ctx.param));
  if (!doc) return error_response(doc.error());
  return json_response(http::status::ok, **doc);
}

Response list_jobs(JobService& jobs, const JobRenderer& renderer, const RequestContext& ctx) {
  int limit = kDefaultPageSize;
  if (const auto text = query_param(ctx.query, "limit")) {
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (text->empty() || ec != std::errc{} || end != text->data() + text->size() || limit < 1 ||
        limit > kMaxPageSize) {
      return error_response(ApiErrorCode::invalid_request, "limit must be an integer from 1 to 100", "limit");
    }
  }
  std::optional<JobId> cursor;
  if (const auto text = query_param(ctx.query, "cursor"); text && !text->empty()) {
    if (!is_valid_job_id(*text)) {
      return error_response(ApiErrorCode::invalid_request, "cursor must be a job id from next_cursor", "cursor");
    }
    cursor.emplace(*text);
  }
  auto page = jobs.list(ctx.principal->user_id, cursor, limit);
  if (!page) return error_response(page.error());

  const bool any = privileged(ctx);
  std::string body = R"({"items":[)";
  for (std::size_t i = 0; i < page->size(); ++i) {
    if (i > 0) body.push_back(',');
    renderer.append(body, (*page)[i], any);
  }
  body += R"(],"next_cursor":)";
  if (static_cast<int>(page->size()) == limit && !page->empty()) {
    append_json_string(body, page->back().id);
  } else {
    body += "null";
  }
  body.push_back('}');
  return json_response(http::status::ok, std::move(body));
}

Response delete_job(JobService& jobs, const JobRenderer& renderer, JobDocumentCache& cache,
                    const RequestContext& ctx) {
  if (!is_valid_job_id(ctx.param)) return error_response(ApiErrorCode::not_found, "no such job");
  const JobId id(ctx.param);
  auto job = jobs.cancel_or_delete(ctx.principal->user_id, id);
  // Whatever the service reports, this request changed the job: never serve the old one.
  cache.invalidate(id);
  if (!job) return error_response(job.error());
  return json_response(http::status::ok, renderer.render(*job, privileged(ctx)));
}

Response job_events(JobService& jobs, const JobRenderer& renderer, const RequestContext& ctx) {
  if (!is_valid_job_id(ctx.param)) return error_response(ApiErrorCode::not_found, "no such job");
  const JobId id(ctx.param);
  const bool any = privileged(ctx);
  // Subscribe before reading the job so that no change can fall between the two; the
  // stream skips events that the initial snapshot already covers.
  auto feed = std::make_shared<EventFeed>();
  auto subscription = jobs.subscribe(id, [feed](const Job& job) { feed->push(job); });
  auto job = jobs.get(ctx.principal->user_id, id, any);
  if (!job) {
    feed->close();
    return error_response(job.error());
  }
  Response res;
  res.msg.result(http::status::ok);
  res.msg.set(http::field::content_type, "text/event-stream");
  res.msg.set(http::field::cache_control, "no-cache");
  res.msg.set("X-Accel-Buffering", "no");  // reverse proxies must not hold events back
  res.events = std::make_unique<EventStream>(EventStream{
      std::move(feed), std::move(subscription), std::move(*job),
      [&renderer, any](const Job& j) { return renderer.render(j, any); }});
  return res;
}

}  // namespace

std::vector<Route> v1_routes(JobService& jobs, const JobRenderer& renderer, JobDocumentCache& cache,
                             std::string default_provider) {
  const auto bind = [&jobs, &renderer](Response (*fn)(JobService&, const JobRenderer&, const RequestContext&)) {
    return [&jobs, &renderer, fn](const RequestContext& ctx) { return fn(jobs, renderer, ctx); };
  };
  Handler create = [&jobs, &renderer, provider = std::move(default_provider)](const RequestContext& ctx) {
    return generate(jobs, renderer, provider, ctx);
  };
  return {
      {http::verb::post, "/v1/generate", Role::user, std::move(create)},
      {http::verb::get, "/v1/jobs", Role::user, bind(list_jobs)},
      {http::verb::get, "/v1/jobs/{id}", Role::user, [&cache](const RequestContext& ctx) { return get_job(cache, ctx); }},
      {http::verb::delete_, "/v1/jobs/{id}", Role::user,
       [&jobs, &renderer, &cache](const RequestContext& ctx) { return delete_job(jobs, renderer, cache, ctx); }},
      {http::verb::get, "/v1/jobs/{id}/events", Role::user, bind(job_events)},
  };
}

}  // namespace syncreel::api
