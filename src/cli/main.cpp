// syncreel: the command line. Parses arguments and hands off to one subcommand; the
// command-line contract is in docs/cli.md.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.hpp"
#include "media/library_log.hpp"

namespace {

using namespace syncreel;

// Converts a named enum option, with a message listing the accepted values.
template <class E>
bool parse_choice(const std::string& value, std::optional<E> (*from_string)(std::string_view), E& out,
                  const char* option, const char* accepted) {
  if (const auto v = from_string(value)) {
    out = *v;
    return true;
  }
  std::fprintf(stderr, "syncreel: %s must be one of %s, got '%s'\n", option, accepted, value.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"syncreel: short synchronized video clips from a text prompt"};
  app.require_subcommand(1);

  cli::ServeOptions serve;
  std::string serve_config, serve_data;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP service");
  serve_cmd->add_option("--config", serve_config, "TOML configuration file");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve_cmd->add_option("--data", serve_data, "Data folder (default ./data)");

  cli::GenerateOptions gen;
  std::string style = "cinematic", aspect = "16:9", resolution = "720p", language, output, gen_data, gen_config;
  std::optional<std::uint32_t> seed;
  auto* gen_cmd = app.add_subcommand("generate", "Make one clip without a server");
  gen_cmd->add_option("prompt", gen.spec.prompt, "What happens in the clip")->required();
  gen_cmd->add_option("--style", style, "cinematic | anime | documentary | cartoon");
  gen_cmd->add_option("--duration", gen.spec.duration_sec, "Seconds, 5-30 (default 10)");
  gen_cmd->add_option("--aspect", aspect, "16:9 | 9:16 | 1:1");
  gen_cmd->add_option("--resolution", resolution, "360p | 720p | 1080p");
  gen_cmd->add_option("--voice", gen.spec.voice, "Voice name");
  gen_cmd->add_option("--language", language, "fr | en (default: detected)");
  gen_cmd->add_option("--seed", seed, "Seed for a reproducible clip");
  gen_cmd->add_option("--provider", gen.spec.provider, "local | seedance (default local)");
  gen_cmd->add_option("-o,--output", output, "Output MP4 file")->required();
  gen_cmd->add_option("--data", gen_data, "Keep the job's data in this folder (default: temporary)");
  gen_cmd->add_option("--config", gen_config, "TOML configuration file");

  cli::KeysCreateOptions keys;
  std::string role = "user", keys_data = "./data";
  auto* keys_cmd = app.add_subcommand("keys", "Manage API keys");
  keys_cmd->require_subcommand(1);
  auto* keys_create = keys_cmd->add_subcommand("create", "Create an API key and print it");
  keys_create->add_option("--role", role, "user | moderator | admin");
  keys_create->add_option("--data", keys_data, "Data folder (default ./data)");
  keys_create->add_option("--user", keys.user, "Existing user id to add the key to (default: a new user)");
  keys_create->add_option("--label", keys.label, "A note to recognise the key by");

  std::string revoke_key, revoke_data = "./data", list_data = "./data";
  auto* keys_revoke = keys_cmd->add_subcommand("revoke", "Revoke an API key (by key id or secret)");
  keys_revoke->add_option("key", revoke_key, "key_... id or sr_... secret")->required();
  keys_revoke->add_option("--data", revoke_data, "Data folder (default ./data)");
  auto* keys_list = keys_cmd->add_subcommand("list", "List API keys (never their secrets)");
  keys_list->add_option("--data", list_data, "Data folder (default ./data)");

  std::string probe_file;
  auto* probe_cmd = app.add_subcommand("probe", "Print the QC figures of a media file as JSON");
  probe_cmd->add_option("file", probe_file, "MP4, MOV or WebM file")->required();
  std::string probe_config;
  probe_cmd->add_option("--config", probe_config, "TOML configuration file: its [processing.qc] thresholds and "
                                                   "[processing.limits] apply");

  CLI11_PARSE(app, argc, argv);
  media::keep_only_library_errors();

  if (serve_cmd->parsed()) {
    if (!serve_config.empty()) serve.config_file = serve_config;
    if (!serve_data.empty()) serve.data_dir = serve_data;
    return cli::run_serve(serve);
  }
  if (gen_cmd->parsed()) {
    gen.spec.consent = true;  // running the command is the user's own acceptance
    gen.spec.seed = seed;
    if (!parse_choice(style, style_from_string, gen.spec.style, "--style", "cinematic, anime, documentary, cartoon") ||
        !parse_choice(aspect, aspect_from_string, gen.spec.aspect_ratio, "--aspect", "16:9, 9:16, 1:1") ||
        !parse_choice(resolution, resolution_from_string, gen.spec.resolution, "--resolution", "360p, 720p, 1080p")) {
      return 2;
    }
    if (!language.empty()) {
      Language lang{};
      if (!parse_choice(language, language_from_string, lang, "--language", "fr, en")) return 2;
      gen.spec.language = lang;
    }
    gen.output = output;
    if (!gen_data.empty()) gen.data_dir = gen_data;
    if (!gen_config.empty()) gen.config_file = gen_config;
    return cli::run_generate(gen);
  }
  if (keys_create->parsed()) {
    if (!parse_choice(role, role_from_string, keys.role, "--role", "user, moderator, admin")) return 2;
    keys.data_dir = keys_data;
    return cli::run_keys_create(keys);
  }
  if (keys_revoke->parsed()) return cli::run_keys_revoke(revoke_data, revoke_key);
  if (keys_list->parsed()) return cli::run_keys_list(list_data);
  if (probe_cmd->parsed()) {
    return cli::run_probe(probe_file, probe_config.empty() ? std::nullopt : std::optional<std::filesystem::path>(probe_config));
  }
  return 2;
}
