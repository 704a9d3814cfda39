// How a Seedance job longer than one task can make is cut into consecutive tasks, and
// the seed each of them is sent with. Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <vector>

namespace syncreel::seedance {

inline constexpr int kMinDurationSec = 4;  // one Seedance task makes 4-15 s
inline constexpr int kMaxDurationSec = 15;

// The durations of the tasks that make a clip of `total_sec`: as few tasks as can make
// it, in whole seconds as even as possible, longer ones first (25 -> 13 + 12, 30 -> 15 +
// 15, 16 -> 8 + 8). One task for 4-15 s; empty when total_sec is below 4.
std::vector<int> split_duration(int total_sec);

// The seed of segment `index` of a job whose first segment uses `job_seed`. The first
// keeps the job's seed (a one-task job is sent exactly what it always was); later ones
// get another 31-bit value, so that the task list can tell the segments of one job
// apart when a lost create is reconciled (segments of equal length would otherwise look
// identical).
std::int64_t segment_seed(std::int64_t job_seed, int index);

}  // namespace syncreel::seedance
