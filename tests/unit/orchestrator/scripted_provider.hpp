// Test providers for the orchestrator: an in-process one that writes small artifact
// files, and a remote one that replays a script of poll answers. They implement the
// Provider interface honestly (thread-safe, honour the stop flag); wire-level fakes
// of real services live in tests/fakes/.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "providers/provider.hpp"

namespace syncreel::testing {

class InProcessTestProvider final : public Provider {
 public:
  std::string_view name() const override { return "local"; }
  bool renders_in_process() const override { return true; }
  Result<Submission> submit(const JobId& id, const JobSpec&) override { return Submission{"local-" + id, "test-1"}; }
  Result<TaskPoll> poll(const std::string&) override { return TaskPoll{TaskStatus::succeeded}; }
  Result<void> cancel(const std::string&) override { return {}; }
  Result<Artifacts> fetch(const FetchContext& ctx) override {
    renders.fetch_add(1);
    for (int p = 10; p <= 100; p += 10) {
      if (block_until_stopped) {
        while (!ctx.stop->load()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      if (ctx.stop->load()) return fail(Error::cancelled("stopped"));
      ctx.on_progress(p);
    }
    Artifacts a;
    a.mp4 = ctx.scratch_dir / "clip.mp4";
    a.poster = ctx.scratch_dir / "poster.jpg";
    std::ofstream(a.mp4) << "mp4 bytes of " << ctx.job_id;
    std::ofstream(a.poster) << "jpeg bytes";
    a.duration_sec = ctx.spec.duration_sec;
    a.model_version = "test-1";
    return a;
  }
  std::atomic<int> renders{0};
  std::atomic<bool> block_until_stopped{false};
};

// Remote provider whose answers come from a script; when the script runs out, polls
// answer `succeeded`.
class ScriptedRemoteProvider final : public Provider {
 public:
  std::string_view name() const override { return "remote"; }
  bool renders_in_process() const override { return false; }
  Result<Submission> submit(const JobId& id, const JobSpec&) override {
    std::lock_guard lock(mu_);
    ++submits;
    if (!submit_errors.empty()) {
      Error e = submit_errors.front();
      submit_errors.pop_front();
      return fail(e);
    }
    return Submission{"task-" + id, "remote-model-1"};
  }
  std::vector<int> segment_durations(const JobSpec& spec) const override {
    std::lock_guard lock(mu_);
    return segments.empty() ? std::vector<int>{spec.duration_sec} : segments;
  }
  Result<Submission> submit_segment(const JobId& id, const JobSpec& spec, const SegmentRequest& segment) override {
    {
      std::lock_guard lock(mu_);
      segment_requests.push_back(segment);
    }
    auto submitted = submit(id, spec);
    if (submitted && segment.index > 0) submitted->task_id += "-" + std::to_string(segment.index);
    return submitted;
  }
  Result<TaskPoll> poll(const std::string& task_id) override {
    std::lock_guard lock(mu_);
    ++polls;
    if (const auto e = poll_errors.find(polls); e != poll_errors.end()) return fail(e->second);
    if (polls_script.empty()) {
      TaskPoll done{TaskStatus::succeeded, 100};
      done.last_frame_url = "https://frames.example/" + task_id + ".png";
      return done;
    }
    TaskPoll p = polls_script.front();
    polls_script.pop_front();
    return p;
  }
  Result<void> cancel(const std::string&) override {
    std::lock_guard lock(mu_);
    ++cancels;
    return {};
  }
  Result<Artifacts> fetch(const FetchContext& ctx) override {
    {
      std::lock_guard lock(mu_);
      fetched_segments = ctx.segment_task_ids;
    }
    // The download's progress, as a real provider reports it.
    if (ctx.on_progress) {
      for (int p : {50, 100}) ctx.on_progress(p);
    }
    Artifacts a;
    a.mp4 = ctx.scratch_dir / "clip.mp4";
    std::ofstream(a.mp4) << "remote mp4";
    return a;
  }
  Result<void> admits_new_jobs() const override {
    std::lock_guard lock(mu_);
    if (refusal) return fail(*refusal);
    return {};
  }
  double cost_usd(std::int64_t tokens) const override { return static_cast<double>(tokens) * 1e-5; }

  mutable std::mutex mu_;
  std::optional<Error> refusal;  // admits_new_jobs fails with it while set
  std::deque<Error> submit_errors;
  std::deque<TaskPoll> polls_script;
  std::map<int, Error> poll_errors;  // poll number (from 1) -> answered with this error
  std::vector<int> segments;         // segment_durations; empty: one task
  std::vector<SegmentRequest> segment_requests;
  std::vector<std::string> fetched_segments;
  int submits = 0;
  int polls = 0;
  int cancels = 0;
};

}  // namespace syncreel::testing
