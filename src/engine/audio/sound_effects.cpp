#include "engine/audio/sound_effects.hpp"

#include <algorithm>
#include <cmath>

#include "engine/audio/audio_format.hpp"

namespace syncreel::engine {
namespace {

using dsp::kTwoPi;

std::size_t samples(double seconds) { return static_cast<std::size_t>(seconds * kSampleRate); }
double seconds(std::size_t n) { return static_cast<double>(n) / kSampleRate; }

// A burst of filtered noise with an exponential decay: steps, clicks, slams.
void noise_burst(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double level, double cutoff_hz, double decay_sec,
                 dsp::PanGains pan) {
  dsp::Biquad lp;
  lp.set_lowpass(cutoff_hz, 0.7);
  const std::size_t n = samples(decay_sec * 6);
  for (std::size_t i = 0; i < n; ++i) {
    out.add(f0 + i, level * lp.process(rng.bipolar()) * std::exp(-seconds(i) / decay_sec), pan);
  }
}

// Noise through a band-pass whose centre follows `centre(t)` (t in 0-1), under a
// sine-squared swell: whooshes and gusts.
template <class Centre>
void swept_noise(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double level, double length_sec, double q,
                 Centre centre, double pan_from, double pan_to) {
  dsp::PinkNoise noise(rng.next());
  dsp::Biquad bp;
  const std::size_t n = samples(length_sec);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n);
    if (i % 32 == 0) bp.set_bandpass(centre(t), q);
    const double env = std::pow(std::sin(std::numbers::pi * t), 2.0);
    out.add(f0 + i, level * 3.0 * env * bp.process(noise.next()), dsp::pan_gains(pan_from + (pan_to - pan_from) * t));
  }
}

void footsteps(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double g) {
  for (int step = 0; step < 4; ++step) {
    const std::size_t at = f0 + samples(step * 0.48 + rng.uniform(0, 0.03));
    const auto pan = dsp::pan_gains(step % 2 == 0 ? -0.15 : 0.15);
    noise_burst(out, at, rng, g * 1.6, 280, 0.035, pan);                   // heel: a dull thud
    noise_burst(out, at + samples(0.03), rng, g * 0.25, 3500, 0.02, pan);  // sole: a scuff
  }
}

void chime(dsp::StereoView out, std::size_t f0, double g) {
  // A struck bar: inharmonic partials, the high ones dying first.
  constexpr double kRatio[] = {1.0, 2.76, 5.40, 8.93};
  constexpr double kAmp[] = {1.0, 0.5, 0.25, 0.12};
  constexpr double kDecay[] = {1.6, 0.9, 0.5, 0.3};
  const double f = 1046.5;  // C6
  for (std::size_t i = 0; i < samples(3.0); ++i) {
    const double t = seconds(i);
    double v = 0;
    for (int p = 0; p < 4; ++p) v += kAmp[p] * std::exp(-t / kDecay[p]) * std::sin(kTwoPi * f * kRatio[p] * t);
    out.add(f0 + i, g * 0.22 * v * std::min(1.0, t / 0.002), dsp::PanGains{});
  }
}

void thunder(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double g) {
  dsp::Biquad hp;
  hp.set_highpass(1200, 0.7);
  for (std::size_t i = 0; i < samples(0.4); ++i) {  // the crack
    out.add(f0 + i, g * 0.5 * hp.process(rng.bipolar()) * std::exp(-seconds(i) / 0.07), dsp::PanGains{});
  }
  // The rumble: brown noise rolling in a few waves as the sound arrives from the bolt.
  dsp::BrownNoise left(rng.next()), right(rng.next());
  dsp::Biquad lp_l, lp_r;
  lp_l.set_lowpass(160, 0.7);
  lp_r.set_lowpass(160, 0.7);
  dsp::SlowRandom roll(rng.next(), 0.35);
  for (std::size_t i = 0; i < samples(4.5); ++i) {
    const double t = seconds(i);
    const double env = std::min(1.0, t / 0.25) * std::exp(-t / 1.3) * (0.4 + 0.6 * roll.next());
    out.add(f0 + samples(0.08) + i, g * 6.0 * env * lp_l.process(left.next()),
            g * 6.0 * env * lp_r.process(right.next()));
  }
}

void splash(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double g) {
  dsp::Biquad bp;
  bp.set_bandpass(1500, 0.8);
  for (std::size_t i = 0; i < samples(0.9); ++i) {
    const double t = seconds(i);
    out.add(f0 + i, g * 1.2 * bp.process(rng.bipolar()) * std::min(1.0, t / 0.005) * std::exp(-t / 0.15),
            dsp::PanGains{});
  }
  for (int d = 0; d < 14; ++d) {  // droplets falling back
    const std::size_t at = f0 + samples(rng.uniform(0.05, 0.7));
    const double f = rng.uniform(1000, 3000);
    const auto pan = dsp::pan_gains(rng.uniform(-0.6, 0.6));
    for (std::size_t i = 0; i < samples(0.03); ++i) {
      const double t = seconds(i);
      out.add(at + i, g * 0.12 * std::sin(kTwoPi * f * (1 + 2 * t) * t) * std::exp(-t / 0.008), pan);
    }
  }
}

void car_horn(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double g, double length_sec, dsp::PanGains pan) {
  const double f1 = rng.uniform(400, 460), f2 = f1 * 1.26;  // two horns a major third apart
  dsp::Biquad lp;
  lp.set_lowpass(2500, 0.7);
  const std::size_t n = samples(length_sec);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = seconds(i);
    double v = 0;
    for (int h = 1; h <= 5; ++h) v += (std::sin(kTwoPi * f1 * h * t) + std::sin(kTwoPi * f2 * h * t)) / h;
    const double env = std::min({1.0, t / 0.01, (length_sec - t) / 0.04});
    out.add(f0 + i, g * 0.12 * env * lp.process(v), pan);
  }
}

void door(dsp::StereoView out, std::size_t f0, dsp::Rng& rng, double g) {
  // The creak: stick-slip pulses of a hinge, their rate wandering, through a resonance.
  dsp::Biquad bp;
  bp.set_bandpass(900, 3);
  dsp::SlowRandom pitch(rng.next(), 0.08);
  double phase = 0;
  for (std::size_t i = 0; i < samples(0.6); ++i) {
    const double t = seconds(i);
    phase += (60 + 60 * pitch.next()) / kSampleRate;
    const double pulse = phase >= 1.0 ? 1.0 : 0.0;
    phase -= std::floor(phase);
    out.add(f0 + i, g * 2.5 * std::sin(std::numbers::pi * t / 0.6) * bp.process(pulse), dsp::PanGains{});
  }
  const std::size_t slam = f0 + samples(0.65);
  noise_burst(out, slam, rng, g * 2.0, 220, 0.09, dsp::PanGains{});
  noise_burst(out, slam, rng, g * 0.3, 4000, 0.01, dsp::PanGains{});
}

}  // namespace

void add_bird_call(dsp::StereoView out, std::size_t frame, dsp::Rng& rng, double level, dsp::PanGains pan) {
  const int chirps = 2 + static_cast<int>(rng.next() % 4);
  const double f0 = rng.uniform(2200, 4500), sweep = rng.uniform(0.7, 1.5);
  std::size_t at = frame;
  for (int c = 0; c < chirps; ++c) {
    const double length = rng.uniform(0.04, 0.12);
    const std::size_t n = samples(length);
    double phase = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(n);
      phase += kTwoPi * f0 * (1.0 + (sweep - 1.0) * t) / kSampleRate;
      out.add(at + i, level * std::pow(std::sin(std::numbers::pi * t), 2.0) * std::sin(phase), pan);
    }
    at += n + samples(rng.uniform(0.05, 0.15));
  }
}

std::vector<float> render_sound_effect(Sfx kind, std::uint64_t seed) {
  constexpr double kLongest = 5.0;  // thunder's rumble
  std::vector<float> buffer(2 * samples(kLongest), 0.0f);
  dsp::StereoView out(buffer);
  dsp::Rng rng(seed);
  switch (kind) {
    case Sfx::footsteps: footsteps(out, 0, rng, 1); break;
    case Sfx::whoosh:
      swept_noise(
          out, 0, rng, 1, 0.7, 2.0, [](double t) { return 400 + 1600 * std::sin(std::numbers::pi * t); }, -0.6, 0.6);
      break;
    case Sfx::chime: chime(out, 0, 1); break;
    case Sfx::thunder: thunder(out, 0, rng, 1); break;
    case Sfx::splash: splash(out, 0, rng, 1); break;
    case Sfx::bird_call: add_bird_call(out, 0, rng, 0.35, dsp::pan_gains(rng.uniform(-0.5, 0.5))); break;
    case Sfx::car_horn: car_horn(out, 0, rng, 1, 0.6, dsp::pan_gains(rng.uniform(-0.6, 0.6))); break;
    case Sfx::door: door(out, 0, rng, 1); break;
    case Sfx::wind_gust:
      swept_noise(
          out, 0, rng, 0.8, 1.8, 1.2, [](double t) { return 300 + 900 * std::sin(std::numbers::pi * t * 0.8); }, -0.3,
          0.3);
      break;
  }
  dsp::high_pass(buffer, kRumbleCutHz);
  // Drop the silent tail so callers only mix what sounds.
  std::size_t end = buffer.size();
  while (end > 0 && std::fabs(buffer[end - 1]) < 1e-6f) --end;
  buffer.resize(end + (end % 2));
  return buffer;
}

}  // namespace syncreel::engine
