// A real HttpServer on an ephemeral port over test doubles: FakeJobService, the SQLite
// key store and the filesystem blob store in a temporary directory, a ManualClock.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "api/api_keys.hpp"
#include "api/http_server.hpp"
#include "blob/fs/fs_blob_store.hpp"
#include "fake_job_service.hpp"
#include "obs/json_log.hpp"
#include "store/sqlite/sqlite_key_store.hpp"
#include "test_http_client.hpp"

namespace syncreel::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "syncreel-api-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto blobs = FsBlobStore::create(dir_.path() / "blobs");
    ASSERT_TRUE(blobs) << blobs.error().message;
    blobs_ = std::move(*blobs);
    auto db = SqliteDatabase::open(dir_.path() / "keys.db");
    ASSERT_TRUE(db) << db.error().message;
    keys_ = std::make_unique<SqliteKeyStore>(*db);
    alice_ = add_key(Role::user, "usr_alice");
    bob_ = add_key(Role::user, "usr_bob");
    mod_ = add_key(Role::moderator, "usr_mod");
  }

  void TearDown() override {
    server_.reset();
    if (log_file_ != nullptr) std::fclose(log_file_);
  }

  api::IssuedKey add_key(Role role, const std::string& user) {
    api::IssuedKey k = api::issue_api_key(role, user, "test", clock_.now());
    EXPECT_TRUE(keys_->add(k.record));
    return k;
  }

  void start(api::ApiConfig config = {}) {
    config.port = 0;
    config.threads = 2;
    api::ApiDeps deps{jobs_,  *keys_, *blobs_, metrics_, clock_, "test-signing-key",
                      [this]() -> Result<void> {
                        if (ready_) return {};
                        return fail(Error::unavailable("store offline"));
                      },
                      &log_};
    auto server = api::HttpServer::start(std::move(config), std::move(deps));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
  }

  std::uint16_t port() const { return server_->port(); }

  static Headers bearer(const api::IssuedKey& k, Headers extra = {}) {
    extra["Authorization"] = "Bearer " + k.secret;
    return extra;
  }

  static nlohmann::json job_body(const std::string& prompt = "Une femme dit « Bonjour » sur une plage") {
    return {{"prompt", prompt}, {"style", "cinematic"}, {"duration_sec", 6}, {"consent", true}};
  }

  // POST /v1/generate as `who`; the new job's id ("" on failure, with a test failure).
  std::string create_job(const api::IssuedKey& who, const std::string& prompt = "a quiet beach at dawn") {
    clock_.advance(std::chrono::milliseconds{1});  // distinct, ordered job ids
    const Reply r = request(port(), "POST", "/v1/generate", job_body(prompt).dump(), bearer(who));
    EXPECT_EQ(r.status, 202u) << r.body;
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("id") ? j["id"].get<std::string>() : "";
  }

  std::string log_text() {
    std::fflush(log_file_);
    std::rewind(log_file_);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, log_file_)) > 0;) out.append(buf, n);
    return out;
  }

  ScratchDir dir_;
  ManualClock clock_;
  FakeJobService jobs_{clock_};
  std::unique_ptr<FsBlobStore> blobs_;
  std::unique_ptr<SqliteKeyStore> keys_;
  obs::MetricsRegistry metrics_;
  std::FILE* log_file_ = std::tmpfile();
  obs::JsonLog log_{log_file_};
  std::atomic<bool> ready_{true};
  api::IssuedKey alice_, bob_, mod_;
  std::unique_ptr<api::HttpServer> server_;
};

}  // namespace syncreel::testing
