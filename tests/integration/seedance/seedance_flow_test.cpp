// The normal life of a Seedance task against the fake: submit, poll, fetch, cancel.
#include <gtest/gtest.h>

#include <set>

#include "../../unit/media/probe.hpp"
#include "providers/seedance/seedance_mapping.hpp"
#include "seedance_test_support.hpp"

namespace syncreel::testing {
namespace {

using SeedanceFlow = SeedanceTest;

TEST_F(SeedanceFlow, SubmitPollFetchDeliversAnMp4WithPictureAndSound) {
  const JobSpec spec = small_spec();
  const auto sub = provider().submit("job_01JFLOW00000000000000000000", spec);
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_TRUE(sub->task_id.starts_with("cgt-"));
  EXPECT_EQ(sub->model_version, "dreamina-seedance-2-0-260128");

  const TaskPoll done = poll_until(sub->task_id);
  ASSERT_EQ(done.status, TaskStatus::succeeded);
  EXPECT_EQ(done.progress, 100);
  EXPECT_EQ(done.model_version, "dreamina-seedance-2-0-260128");
  EXPECT_EQ(done.tokens_used, seedance::estimate_tokens("16:9", "480p", 5));

  probe::TempDir scratch;
  FetchContext ctx;
  ctx.job_id = "job_01JFLOW00000000000000000000";
  ctx.spec = spec;
  ctx.task_id = sub->task_id;
  ctx.scratch_dir = scratch.path();
  std::vector<int> progress;
  ctx.on_progress = [&](int p) { progress.push_back(p); };
  const auto art = provider().fetch(ctx);
  ASSERT_TRUE(art) << art.error().message;
  EXPECT_EQ(art->mp4, scratch.path() / "clip.mp4");
  EXPECT_EQ(art->tokens_used, done.tokens_used);
  EXPECT_EQ(art->model_version, "dreamina-seedance-2-0-260128");
  EXPECT_DOUBLE_EQ(art->duration_sec, 5.0);
  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_EQ(progress.back(), 100);

  const auto info = probe::ffprobe(art->mp4);
  ASSERT_FALSE(info.is_null());
  const auto video = probe::stream_of(info, "video");
  const auto audio = probe::stream_of(info, "audio");
  EXPECT_EQ(video.value("codec_name", ""), "h264");
  EXPECT_EQ(video.value("width", 0), 864);  // Seedance's 480p 16:9 (syncreel's 360p)
  EXPECT_EQ(video.value("height", 0), 496);
  EXPECT_EQ(audio.value("codec_name", ""), "aac");
  EXPECT_NEAR(probe::json_number(info["format"], "duration"), 5.0, 0.2);
  EXPECT_EQ(provider().cost_usd(art->tokens_used), 0.0);  // no price configured
}

TEST_F(SeedanceFlow, TheCreateBodyHasExactlyTheStrictTopLevelFields) {
  JobSpec spec = small_spec();
  spec.aspect_ratio = AspectRatio::r9x16;
  spec.resolution = Resolution::p1080;
  spec.duration_sec = 12;
  spec.seed = 4242;
  ASSERT_TRUE(provider().submit("job_a", spec));
  const auto body = stats()["last_create_body"];
  std::set<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"model", "content", "ratio", "resolution", "duration", "seed",
                                         "generate_audio", "watermark"}));
  EXPECT_EQ(body["model"], "dreamina-seedance-2-0-260128");
  EXPECT_EQ(body["content"], nlohmann::json::parse(R"([{"type":"text","text":")" + spec.prompt + R"("}])"));
  EXPECT_EQ(body["ratio"], "9:16");
  EXPECT_EQ(body["resolution"], "1080p");
  EXPECT_EQ(body["duration"], 12);
  EXPECT_EQ(body["seed"], 4242);
  EXPECT_EQ(body["generate_audio"], true);
  EXPECT_EQ(body["watermark"], false);

  SeedanceConfig with_callback = config_for(*fake_);
  with_callback.callback_url = "https://syncreel.example/hooks/seedance";
  use_config(with_callback);
  spec.aspect_ratio = AspectRatio::r1x1;
  spec.resolution = Resolution::p720;
  spec.seed.reset();
  ASSERT_TRUE(provider().submit("job_b", spec));
  const auto second = stats()["last_create_body"];
  EXPECT_EQ(second["callback_url"], "https://syncreel.example/hooks/seedance");
  EXPECT_EQ(second["ratio"], "1:1");
  EXPECT_EQ(second["resolution"], "720p");
  // Without a seed of its own a job gets one derived from its prompt, the same each time.
  EXPECT_EQ(second["seed"], seedance::seed_for(spec));
  EXPECT_EQ(seedance::seed_for(spec), seedance::seed_for(small_spec()));
  EXPECT_NE(seedance::seed_for(spec), seedance::seed_for(small_spec("Another prompt entirely")));
}

TEST_F(SeedanceFlow, TheFastModelIsChosenByNameAndRefuses1080p) {
  JobSpec spec = small_spec();
  spec.model = "fast";
  const auto sub = provider().submit("job_fast", spec);
  ASSERT_TRUE(sub) << sub.error().message;
  EXPECT_EQ(sub->model_version, "dreamina-seedance-2-0-fast-260128");
  spec.resolution = Resolution::p1080;
  const Error e = error_of(provider().submit("job_fast_hd", spec));
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.detail, "resolution");
}

TEST_F(SeedanceFlow, WhatSeedanceCannotMakeIsRefusedBeforeAnyRequest) {
  JobSpec spec = small_spec();
  spec.duration_sec = 20;
  Error e = error_of(provider().submit("job_long", spec));
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.detail, "duration_sec");
  EXPECT_NE(e.message.find("4 to 15 s"), std::string::npos) << e.message;

  SeedanceConfig priced = config_for(*fake_);
  priced.usd_per_million_tokens = 10.0;
  use_config(priced);
  spec = small_spec();
  spec.resolution = Resolution::p720;
  spec.max_cost_usd = 0.5;  // 720p 5 s is 108,900 tokens: about $1.09
  e = error_of(provider().submit("job_costly", spec));
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.detail, "max_cost_usd");
  EXPECT_NEAR(provider().cost_usd(108'900), 1.089, 1e-9);
  EXPECT_EQ(stats()["create_requests"], 0);
}

TEST_F(SeedanceFlow, AnUnknownModelIsAProviderErrorNamingTheRegion) {
  JobSpec spec = small_spec();
  spec.model = "seedance-nonexistent";
  const Error e = error_of(provider().submit("job_model", spec));
  EXPECT_EQ(e.code, ErrorCode::provider);
  EXPECT_EQ(e.detail, "InvalidEndpointOrModel.NotFound");
  EXPECT_NE(e.message.find("region"), std::string::npos) << e.message;
}

TEST_F(SeedanceFlow, CancellingAQueuedTaskCancelsIt) {
  ASSERT_TRUE(fake_->set_faults({{"queued_ms", 600000}}));
  const auto sub = provider().submit("job_cancel", small_spec());
  ASSERT_TRUE(sub);
  EXPECT_TRUE(provider().cancel(sub->task_id));
  const auto polled = provider().poll(sub->task_id);
  ASSERT_TRUE(polled);
  EXPECT_EQ(polled->status, TaskStatus::cancelled);
  EXPECT_EQ(stats()["active"], 0);
}

TEST_F(SeedanceFlow, CancellingARunningOrFinishedTaskIsNotAnError) {
  ASSERT_TRUE(fake_->set_faults({{"queued_ms", 0}, {"running_ms", 600000}}));
  const auto sub = provider().submit("job_running", small_spec());
  ASSERT_TRUE(sub);
  poll_until(sub->task_id, [](const TaskPoll& p) { return p.status == TaskStatus::running; });
  EXPECT_TRUE(provider().cancel(sub->task_id));  // Seedance refuses: the task runs on
  EXPECT_EQ(provider().poll(sub->task_id)->status, TaskStatus::running);

  ASSERT_TRUE(fake_->set_faults({{"running_ms", 0}}));
  const std::string done = submit_and_finish(small_spec("A second clip"));
  EXPECT_TRUE(provider().cancel(done));  // deletes the finished record
  EXPECT_TRUE(provider().cancel(done));  // already gone
  EXPECT_EQ(error_of(provider().poll(done)).code, ErrorCode::not_found);
}

}  // namespace
}  // namespace syncreel::testing
