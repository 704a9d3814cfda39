// Shared steps of the Seedance integration tests: a fixture that starts the fake Ark
// server and builds a SeedanceProvider against it, waiting for tasks, and a record of
// every error text a test produced (checked for the API key when the test ends).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "fake_ark_process.hpp"
#include "providers/seedance/seedance_provider.hpp"

namespace syncreel::testing {

JobSpec small_spec(std::string prompt = "A lighthouse at dawn, waves breaking on the rocks");

// A config pointing at `fake` with short timeouts.
SeedanceConfig config_for(const FakeArkProcess& fake);

class SeedanceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Extra command-line flags for the fake; the default makes tasks quick.
  virtual std::vector<std::string> fake_args() const { return {"--queued-ms", "50", "--running-ms", "100"}; }

  // Builds (or rebuilds) the provider from `config`.
  SeedanceProvider& use_config(SeedanceConfig config, const Clock* clock = nullptr);
  SeedanceProvider& provider() { return *provider_; }

  // Polls every 50 ms until `done` holds (default: any final status); fails the test when
  // polling fails or 120 s pass.
  TaskPoll poll_until(const std::string& task_id, const std::function<bool(const TaskPoll&)>& done = {});
  // submit + poll until succeeded; returns the task id.
  std::string submit_and_finish(const JobSpec& spec);

  // The error of a result that must have failed; recorded for the key check.
  template <class T>
  Error error_of(const Result<T>& r) {
    if (r) {
      ADD_FAILURE() << "expected an error";
      return Error{};
    }
    record(r.error());
    return r.error();
  }
  void record(const Error& e) { texts_.push_back(e.message + "\n" + e.detail); }
  void record(const JobError& e) { texts_.push_back(e.code + "\n" + e.message); }

  nlohmann::json stats() const { return fake_->stats(); }

  SystemClock system_clock_;
  std::unique_ptr<FakeArkProcess> fake_;
  std::unique_ptr<SeedanceProvider> provider_;
  std::vector<std::string> texts_;  // every error text seen
};

}  // namespace syncreel::testing
