// Shared steps of the integration tests: keys, jobs, waiting, and ffprobe.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "service_process.hpp"

namespace syncreel::testing {

// `syncreel keys create` against the service's data folder; returns the secret.
std::string create_key(const std::filesystem::path& data_dir, const std::string& role = "user");

Headers bearer(const std::string& key);

// A generate body for a short, cheap clip.
nlohmann::json small_job_body(const std::string& prompt = "Une femme dit « Bonjour » sur une plage");

// GET /v1/jobs/{id} until its status is terminal (or the time runs out).
nlohmann::json wait_until_terminal(std::uint16_t port, const std::string& key, const std::string& id,
                                   std::chrono::seconds timeout = std::chrono::seconds(180));

bool is_terminal_status(const std::string& status);

// ffprobe -show_streams -show_format as JSON; null on failure.
nlohmann::json ffprobe(const std::filesystem::path& file);

}  // namespace syncreel::testing
