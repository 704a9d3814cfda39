// ProgressDisplay: how `syncreel generate` shows a job's progress — a redrawn bar on a
// terminal, plain lines (one per stage or 10 % step) when stderr is a file or a pipe.
// Used from one thread at a time (the caller serialises).
#pragma once

#include <cstdio>
#include <string>

#include "core/job.hpp"

namespace syncreel::cli {

class ProgressDisplay {
 public:
  explicit ProgressDisplay(std::FILE* out);
  void show(const Job& job);
  // Ends the bar's line so later output starts on a fresh line.
  void finish();

 private:
  std::FILE* out_;
  bool terminal_;
  std::string last_state_;
  int last_step_ = -1;
  bool bar_drawn_ = false;
};

}  // namespace syncreel::cli
