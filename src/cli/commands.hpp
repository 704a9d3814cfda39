// The `syncreel` subcommands. Each returns the process exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/job_spec.hpp"
#include "store/key_store.hpp"

namespace syncreel::cli {

struct ServeOptions {
  std::optional<std::filesystem::path> config_file;
  std::optional<std::string> listen;  // HOST:PORT
  std::optional<std::filesystem::path> data_dir;
};
int run_serve(const ServeOptions& options);

struct GenerateOptions {
  JobSpec spec;  // not yet validated
  std::filesystem::path output;
  std::optional<std::filesystem::path> data_dir;  // default: a temporary folder, removed after
  std::optional<std::filesystem::path> config_file;
};
int run_generate(const GenerateOptions& options);

struct KeysCreateOptions {
  Role role = Role::user;
  std::filesystem::path data_dir = "./data";
  std::string user;   // empty: a new user
  std::string label;
};
int run_keys_create(const KeysCreateOptions& options);

// Revokes a key named by its id ("key_...") or by its secret ("sr_...").
int run_keys_revoke(const std::filesystem::path& data_dir, const std::string& key);

// Prints one line per key: id, user, role, created, revoked.
int run_keys_list(const std::filesystem::path& data_dir);

// Prints the QC figures of `file` as one JSON object. 0: within the QC thresholds,
// 1: outside them (the JSON lists the failures), 2: the file cannot be read.
int run_probe(const std::filesystem::path& file, const std::optional<std::filesystem::path>& config_file);

}  // namespace syncreel::cli
