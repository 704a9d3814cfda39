#include "cli/progress_display.hpp"

#include <unistd.h>

namespace syncreel::cli {

ProgressDisplay::ProgressDisplay(std::FILE* out) : out_(out), terminal_(isatty(fileno(out)) == 1) {}

void ProgressDisplay::show(const Job& job) {
  const std::string state(to_string(job.state));
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = job.progress * kWidth / 100;
    std::fprintf(out_, "\r%-11s [%s%s] %3d%%", state.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), job.progress);
    std::fflush(out_);
    bar_drawn_ = true;
    return;
  }
  const int step = job.progress / 10;
  if (state == last_state_ && step == last_step_) return;
  last_state_ = state;
  last_step_ = step;
  std::fprintf(out_, "%s %d%%\n", state.c_str(), job.progress);
  std::fflush(out_);
}

void ProgressDisplay::finish() {
  if (bar_drawn_) std::fputc('\n', out_);
  bar_drawn_ = false;
}

}  // namespace syncreel::cli
