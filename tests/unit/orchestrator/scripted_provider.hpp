// Test providers for the orchestrator: an in-process one that writes small artifact
// files, and a remote one that replays a script of poll answers. They implement the
// Provider interface honestly (thread-safe, honour the stop flag); wire-level fakes
// of real services live in tests/fakes/.
#pragma once

#include <atomic>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

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
  Result<TaskPoll> poll(const std::string&) override {
    std::lock_guard lock(mu_);
    ++polls;
    if (polls_script.empty()) return TaskPoll{TaskStatus::succeeded, 100};
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
    Artifacts a;
    a.mp4 = ctx.scratch_dir / "clip.mp4";
    std::ofstream(a.mp4) << "remote mp4";
    return a;
  }

  std::mutex mu_;
  std::deque<Error> submit_errors;
  std::deque<TaskPoll> polls_script;
  int submits = 0;
  int polls = 0;
  int cancels = 0;
};

}  // namespace syncreel::testing
