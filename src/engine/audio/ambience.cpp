#include "engine/audio/ambience.hpp"

#include <algorithm>
#include <cmath>

#include "engine/audio/audio_format.hpp"
#include "engine/audio/dsp.hpp"
#include "media/audio/loudness.hpp"
#include "engine/audio/sound_effects.hpp"

namespace syncreel::engine {
namespace {

using dsp::kTwoPi;

constexpr double kMaxDuration = 600;
constexpr double kDistantLufs = -36;  // horns and thunder far off: under the bed

// Seed parts, one per layer, so adding a layer never changes another one's noise.
enum class Layer : std::uint64_t {
  waves = 1,
  wind,
  birds,
  crickets,
  city,
  horns,
  drone,
  room,
  clinks,
  rain,
  thunder,
  effects
};

std::uint64_t seed_of(const Timeline& t, Layer layer, std::uint64_t index = 0) {
  return dsp::derive_seed(t.seed, static_cast<std::uint64_t>(layer), index);
}

void add_waves(dsp::StereoView out, std::uint64_t seed, double level) {
  dsp::PinkNoise left(seed), right(seed + 1);
  dsp::OnePole lp_l, lp_r;
  dsp::SlowRandom swell(seed + 2, 3.5);  // a wave every 7 s or so: up, then down
  double s = 0;
  for (std::size_t f = 0; f < out.frames(); ++f) {
    if (f % 32 == 0) {
      s = swell.next();
      for (int skip = 1; skip < 32; ++skip) swell.next();
      lp_l.set_cutoff(250 + 2500 * s * s);
      lp_r.set_cutoff(260 + 2400 * s * s);
    }
    const double amp = level * (0.25 + 0.75 * std::pow(s, 1.5));
    out.add(f, amp * lp_l.process(left.next()), amp * lp_r.process(right.next()));
  }
}

void add_wind(dsp::StereoView out, std::uint64_t seed, double level, double low_hz, double high_hz) {
  dsp::PinkNoise left(seed), right(seed + 1);
  dsp::Biquad bp_l, bp_r;
  dsp::SlowRandom gust(seed + 2, 2.0), drift(seed + 3, 3.0);
  double g = 0;
  for (std::size_t f = 0; f < out.frames(); ++f) {
    g = gust.next();
    const double d = drift.next();
    if (f % 64 == 0) {
      bp_l.set_bandpass(low_hz + (high_hz - low_hz) * d, 0.8);
      bp_r.set_bandpass(low_hz + (high_hz - low_hz) * (1 - d * 0.8), 0.8);
    }
    const double amp = level * 2.0 * (0.35 + 0.65 * g * g);
    out.add(f, amp * bp_l.process(left.next()), amp * bp_r.process(right.next()));
  }
}

void add_birds(dsp::StereoView out, std::uint64_t seed, double calls_per_sec) {
  dsp::Rng rng(seed);
  const double end = static_cast<double>(out.frames()) / kSampleRate;
  for (double t = rng.wait(1.0 / calls_per_sec); t < end; t += rng.wait(1.0 / calls_per_sec)) {
    add_bird_call(out, static_cast<std::size_t>(t * kSampleRate), rng, rng.uniform(0.03, 0.12),
                  dsp::pan_gains(rng.uniform(-0.8, 0.8)));
  }
}

void add_crickets(dsp::StereoView out, std::uint64_t seed) {
  dsp::Rng rng(seed);
  for (int cricket = 0; cricket < 3; ++cricket) {
    const double f = rng.uniform(4200, 4900), period = rng.uniform(0.45, 0.8), level = rng.uniform(0.01, 0.03);
    const auto pan = dsp::pan_gains(rng.uniform(-0.7, 0.7));
    for (double t = rng.uniform(0, period); t * kSampleRate < static_cast<double>(out.frames()); t += period) {
      for (int pulse = 0; pulse < 3; ++pulse) {  // one chirp: three wing strokes
        const auto f0 = static_cast<std::size_t>((t + pulse * 0.025) * kSampleRate);
        for (std::size_t i = 0; i < 720; ++i) {
          const double x = static_cast<double>(i) / 720.0;
          out.add(f0 + i,
                  level * std::sin(std::numbers::pi * x) * std::sin(kTwoPi * f * static_cast<double>(i) / kSampleRate),
                  pan);
        }
      }
    }
  }
}

void add_city(dsp::StereoView out, const Timeline& t) {
  dsp::BrownNoise rumble_l(seed_of(t, Layer::city)), rumble_r(seed_of(t, Layer::city, 1));
  dsp::PinkNoise traffic(seed_of(t, Layer::city, 2));
  dsp::Biquad lp_l, lp_r, swish;
  lp_l.set_lowpass(120, 0.7);
  lp_r.set_lowpass(120, 0.7);
  swish.set_bandpass(600, 0.7);
  dsp::SlowRandom passing(seed_of(t, Layer::city, 3), 1.5);
  for (std::size_t f = 0; f < out.frames(); ++f) {
    const double p = passing.next();
    const double s = 0.05 * p * p * swish.process(traffic.next());
    out.add(f, 0.6 * lp_l.process(rumble_l.next()) + s, 0.6 * lp_r.process(rumble_r.next()) + s);
  }
}

void add_drone(dsp::StereoView out, std::uint64_t seed) {
  dsp::SlowRandom breath(seed, 6.0);
  for (std::size_t f = 0; f < out.frames(); ++f) {
    const double t = static_cast<double>(f) / kSampleRate;
    const double b = 0.6 + 0.4 * breath.next();
    // Slightly detuned between the ears: a slow beating that keeps the drone alive.
    const double l =
        std::sin(kTwoPi * 55.0 * t) + 0.5 * std::sin(kTwoPi * 82.4 * t) + 0.25 * std::sin(kTwoPi * 110.0 * t);
    const double r =
        std::sin(kTwoPi * 55.3 * t) + 0.5 * std::sin(kTwoPi * 82.7 * t) + 0.25 * std::sin(kTwoPi * 110.4 * t);
    out.add(f, 0.1 * b * l, 0.1 * b * r);
  }
}

void add_room_tone(dsp::StereoView out, std::uint64_t seed) {
  dsp::PinkNoise left(seed), right(seed + 1);
  dsp::Biquad lp_l, lp_r;
  lp_l.set_lowpass(900, 0.7);
  lp_r.set_lowpass(900, 0.7);
  for (std::size_t f = 0; f < out.frames(); ++f)
    out.add(f, 0.3 * lp_l.process(left.next()), 0.3 * lp_r.process(right.next()));
}

void add_clinks(dsp::StereoView out, std::uint64_t seed) {
  dsp::Rng rng(seed);
  const double end = static_cast<double>(out.frames()) / kSampleRate;
  for (double t = rng.wait(2.5); t < end; t += rng.wait(2.5)) {
    const double f = rng.uniform(1800, 3200), decay = rng.uniform(0.12, 0.35), level = rng.uniform(0.02, 0.06);
    const auto pan = dsp::pan_gains(rng.uniform(-0.6, 0.6));
    const auto f0 = static_cast<std::size_t>(t * kSampleRate);
    for (std::size_t i = 0; i < static_cast<std::size_t>(decay * 5 * kSampleRate); ++i) {
      const double x = static_cast<double>(i) / kSampleRate;
      const double v =
          std::sin(kTwoPi * f * x) + 0.6 * std::sin(kTwoPi * f * 2.32 * x) + 0.3 * std::sin(kTwoPi * f * 4.25 * x);
      out.add(f0 + i, level * v * std::exp(-x / decay), pan);
    }
  }
}

void add_rain(dsp::StereoView out, std::uint64_t seed) {
  dsp::Rng noise(seed), drops(seed + 1);
  dsp::Biquad hp_l, hp_r, lp_l, lp_r;
  hp_l.set_highpass(900, 0.7);
  hp_r.set_highpass(900, 0.7);
  lp_l.set_lowpass(7000, 0.7);
  lp_r.set_lowpass(7000, 0.7);
  double drop_l = 0, drop_r = 0;
  for (std::size_t f = 0; f < out.frames(); ++f) {
    // Close drops: sparse clicks that decay in a millisecond, over a steady hiss.
    if (drops.chance(30.0 / kSampleRate)) (drops.chance(0.5) ? drop_l : drop_r) = drops.uniform(0.1, 0.3);
    drop_l *= 0.98;
    drop_r *= 0.98;
    out.add(f, lp_l.process(hp_l.process(0.25 * noise.bipolar() + drop_l * noise.bipolar())),
            lp_r.process(hp_r.process(0.25 * noise.bipolar() + drop_r * noise.bipolar())));
  }
}

// Adds the effect `kind` at `at` seconds, levelled to `lufs` (integrated over the
// effect itself, so a short click and a long rumble sound equally present).
Result<void> place_effect(std::vector<float>& out, double at, Sfx kind, std::uint64_t seed, double lufs) {
  if (!std::isfinite(at) || at < 0) return {};
  const std::vector<float> effect = render_sound_effect(kind, seed);
  // Loudness is measured in 400 ms blocks: a shorter effect (a chirp) is measured
  // padded with silence, which reads it up to a few dB quieter than it is.
  std::vector<float> padded = effect;
  padded.resize(std::max(padded.size(), static_cast<std::size_t>(2 * 0.4 * kSampleRate)), 0.0f);
  auto measured = media::integrated_loudness(padded, 2);
  if (!measured) return fail(measured.error());
  if (!std::isfinite(*measured)) return {};
  const double g = dsp::db_to_gain(lufs - *measured);
  const std::size_t offset = 2 * static_cast<std::size_t>(std::llround(at * kSampleRate));
  for (std::size_t i = 0; i < effect.size() && offset + i < out.size(); ++i)
    out[offset + i] += static_cast<float>(g * effect[i]);
  return {};
}

void add_bed(dsp::StereoView out, const Timeline& t) {
  const bool night = t.time_of_day == TimeOfDay::night;
  switch (t.setting) {
    case Setting::beach:
      add_waves(out, seed_of(t, Layer::waves), 1.0);
      add_wind(out, seed_of(t, Layer::wind), 0.15, 300, 700);
      break;
    case Setting::forest:
    case Setting::countryside:
      if (night) {
        add_crickets(out, seed_of(t, Layer::crickets));
      } else {
        const double rate = t.setting == Setting::forest ? 0.9 : 0.5;
        add_birds(out, seed_of(t, Layer::birds), t.time_of_day == TimeOfDay::sunset ? rate / 2 : rate);
      }
      add_wind(out, seed_of(t, Layer::wind), 0.2, 400, 1200);  // leaves
      break;
    case Setting::city: add_city(out, t); break;
    case Setting::mountains: add_wind(out, seed_of(t, Layer::wind), 1.0, 250, 900); break;
    case Setting::snow: add_wind(out, seed_of(t, Layer::wind), 0.6, 180, 500); break;
    case Setting::desert: add_wind(out, seed_of(t, Layer::wind), 0.8, 400, 1400); break;
    case Setting::space: add_drone(out, seed_of(t, Layer::drone)); break;
    case Setting::room: add_room_tone(out, seed_of(t, Layer::room)); break;
    case Setting::kitchen:
      add_room_tone(out, seed_of(t, Layer::room));
      add_clinks(out, seed_of(t, Layer::clinks));
      break;
  }
  switch (t.weather) {
    case Weather::rain: add_rain(out, seed_of(t, Layer::rain)); break;
    case Weather::wind: add_wind(out, seed_of(t, Layer::wind, 1), 1.0, 300, 1100); break;
    case Weather::snow: add_wind(out, seed_of(t, Layer::wind, 2), 0.3, 150, 400); break;
    case Weather::clear:
    case Weather::cloudy:
    case Weather::fog: break;
  }
}

}  // namespace

Result<std::vector<float>> render_ambience(const Timeline& timeline) {
  if (!(timeline.duration > 0) || timeline.duration > kMaxDuration) {
    return fail(Error::invalid("clip duration out of range", "duration"));
  }
  std::vector<float> out(2 * frame_count(timeline.duration), 0.0f);
  add_bed(dsp::StereoView(out), timeline);
  dsp::high_pass(out, kRumbleCutHz);
  auto lufs = media::integrated_loudness(out, 2);
  if (!lufs) return fail(lufs.error());
  if (std::isfinite(*lufs)) {
    const auto g = static_cast<float>(dsp::db_to_gain(kAmbienceBedLufs - *lufs));
    for (float& s : out) s *= g;
  }
  // Events go on top of the levelled bed: a storm's thunder must not turn the rain down.
  if (timeline.setting == Setting::city) {
    dsp::Rng rng(seed_of(timeline, Layer::horns));
    const double mean_gap = timeline.time_of_day == TimeOfDay::night ? 9.0 : 5.0;
    for (double at = rng.wait(mean_gap); at < timeline.duration; at += rng.wait(mean_gap)) {
      if (auto ok = place_effect(out, at, Sfx::car_horn, rng.next(), kDistantLufs + rng.uniform(-4, 0)); !ok)
        return fail(ok.error());
    }
  }
  if (timeline.weather == Weather::rain) {
    dsp::Rng rng(seed_of(timeline, Layer::thunder));
    if (timeline.duration >= 6 && rng.chance(0.6)) {
      if (auto ok =
              place_effect(out, timeline.duration * rng.uniform(0.3, 0.7), Sfx::thunder, rng.next(), kDistantLufs);
          !ok) {
        return fail(ok.error());
      }
    }
  }
  for (std::size_t i = 0; i < timeline.effects.size(); ++i) {
    const SoundEffect& e = timeline.effects[i];
    const double gain = std::clamp(std::isfinite(e.gain) ? e.gain : 0.0, 0.0, 1.0);
    if (gain <= 0) continue;
    if (auto ok =
            place_effect(out, e.at, e.kind, seed_of(timeline, Layer::effects, i), kEffectLufs + 20 * std::log10(gain));
        !ok) {
      return fail(ok.error());
    }
  }
  return out;
}

}  // namespace syncreel::engine
