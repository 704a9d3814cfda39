// ClipProcessor: the work of the `processing` stage on a remote provider's clip, between
// fetch (the provider's MP4 in the job's scratch folder) and upload to blob storage.
//
// The orchestrator owns the stage (states, render slots, retries, upload); what is done
// to the pictures and sound lives behind this seam, in the media pipeline
// (MediaClipProcessor). Without a processor the fetched files are published as they are.
// Implementations are thread-safe: many workers call one instance concurrently.
#pragma once

#include "core/error.hpp"
#include "providers/provider.hpp"

namespace syncreel {

class ClipProcessor {
 public:
  virtual ~ClipProcessor() = default;

  // Turns `fetched` into the delivered set (MP4, HLS, poster, captions, QC figures),
  // written inside ctx.scratch_dir. Reports progress 0-100 through ctx.on_progress and
  // stops with Error::cancelled when *ctx.stop becomes true. A clip that fails QC is
  // still a success: its figures and failures travel in the result.
  // Errors: invalid_argument with detail = a refusal code (the provider's file is not a
  // clip we accept), storage, internal, cancelled.
  virtual Result<Artifacts> process(const Artifacts& fetched, const FetchContext& ctx) = 0;
};

}  // namespace syncreel
