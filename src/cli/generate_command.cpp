// `syncreel generate`: one clip, no server. It runs the same pipeline as the service
// (store, orchestrator, provider, blob store) over a private data folder, then copies
// the published MP4 to the output path atomically.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <condition_variable>

#include "cli/commands.hpp"
#include "cli/progress_display.hpp"
#include "cli/service.hpp"

namespace syncreel::cli {
namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

// Removes the temporary data folder when generate made one.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// Streams a blob to `out` via a temporary file beside it, so `out` appears only when
// complete (exit code 0 promises a whole file).
Result<void> export_blob(BlobStore& blobs, const std::string& key, const fs::path& out) {
  auto reader = blobs.open(key);
  if (!reader) return fail(reader.error());
  const fs::path tmp = out.string() + ".part";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return fail(Error::storage("cannot write " + tmp.string()));
    std::string buf(1 << 16, '\0');
    while (true) {
      auto n = (*reader)->read(buf);
      if (!n) return fail(n.error());
      if (*n == 0) break;
      file.write(buf.data(), static_cast<std::streamsize>(*n));
    }
    if (!file.flush()) return fail(Error::storage("cannot write " + tmp.string() + " (disk full?)"));
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) return fail(Error::storage("cannot create " + out.string() + ": " + ec.message()));
  return {};
}

}  // namespace

int run_generate(const GenerateOptions& options) {
  if (auto valid = validate(options.spec); !valid) {
    std::fprintf(stderr, "syncreel: %s\n", valid.error().message.c_str());
    return 2;
  }
  auto config = load_service_config(options.config_file);
  if (!config) {
    std::fprintf(stderr, "syncreel: %s\n", config.error().message.c_str());
    return 2;
  }
  TempDir temp;
  if (options.data_dir) {
    config->data_dir = *options.data_dir;
  } else {
    std::string tmpl = (fs::temp_directory_path() / "syncreel-generate-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      std::perror("syncreel: cannot create a temporary folder");
      return 1;
    }
    temp.path = tmpl;
    config->data_dir = tmpl;
  }
  config->orchestrator.workers = 1;
  config->orchestrator.instance_id = "generate";

  obs::JsonLog log(nullptr);  // the progress display is this command's log
  auto service = Service::open(*config, log);
  if (!service) {
    std::fprintf(stderr, "syncreel: %s\n", service.error().message.c_str());
    return 1;
  }
  Orchestrator& orch = (*service)->orchestrator();
  const UserId user = "usr_cli";
  auto created = orch.create(user, options.spec, "", "");
  if (!created) {
    std::fprintf(stderr, "syncreel: %s\n", created.error().message.c_str());
    return 1;
  }
  const JobId id = created->job.id;

  std::mutex mu;
  std::condition_variable changed;
  ProgressDisplay display(stderr);
  std::optional<Job> latest;
  auto sub = orch.subscribe(id, [&](const Job& job) {
    std::lock_guard lock(mu);
    display.show(job);
    latest = job;
    changed.notify_all();
  });
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  if (auto started = orch.start(); !started) {
    std::fprintf(stderr, "syncreel: %s\n", started.error().message.c_str());
    return 1;
  }

  bool cancel_sent = false;
  Job final_job;
  {
    std::unique_lock lock(mu);
    while (!(latest && is_terminal(latest->state))) {
      changed.wait_for(lock, std::chrono::milliseconds(100));
      if (g_interrupted && !cancel_sent) {
        cancel_sent = true;
        lock.unlock();
        (void)orch.cancel_or_delete(user, id);
        lock.lock();
      }
    }
    display.finish();
    final_job = *latest;
  }
  sub.reset();
  orch.stop();

  if (final_job.state != JobState::published) {
    const std::string why = final_job.error ? final_job.error->code + ": " + final_job.error->message
                                            : std::string(to_string(final_job.state));
    std::fprintf(stderr, "syncreel: job %s ended %s (%s)\n", id.c_str(), std::string(to_string(final_job.state)).c_str(),
                 why.c_str());
    return final_job.state == JobState::cancelled ? 130 : 1;
  }
  if (auto exported = export_blob((*service)->blobs(), final_job.outputs.mp4, options.output); !exported) {
    std::fprintf(stderr, "syncreel: %s\n", exported.error().message.c_str());
    return 1;
  }
  std::fprintf(stderr, "wrote %s (%d s, %s, %s)\n", options.output.string().c_str(), options.spec.duration_sec,
               std::string(to_string(options.spec.style)).c_str(), std::string(to_string(options.spec.aspect_ratio)).c_str());
  return 0;
}

}  // namespace syncreel::cli
