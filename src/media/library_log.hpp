// The FFmpeg libraries log to stderr at "info" level by default (encoder statistics,
// muxer notes), which would interleave with syncreel's JSON log lines. The level is
// process-wide, so the program's entry point sets it once.
#pragma once

namespace syncreel::media {

// Keeps only the libraries' errors. Call once at start-up, before any thread uses libav.
void keep_only_library_errors();

}  // namespace syncreel::media
