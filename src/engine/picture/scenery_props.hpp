// Props shared by the setting painters: trees, rocks, grass, flowers, buildings,
// fences. All take stage coordinates on a Canvas and use its light and style; props
// with random detail take a salt, so the copies c.tiled() draws are identical.
// Thread-safe as long as each Canvas is used by one thread.
#pragma once

#include "engine/picture/scenery.hpp"

namespace syncreel::engine {

// Light from inside (windows, lamps): drawn unlit, so it glows at night.
inline constexpr Rgb kWindowGlow{1.0, 0.84, 0.46};

// A conifer standing on `base` (stage y), `h` tall; `snow` caps its tiers.
void pine(Canvas& c, double x, double base, double h, Rgb colour, bool snow = false);
// A broadleaf tree: trunk and a crown of overlapping discs.
void round_tree(Canvas& c, double x, double base, double h, Rgb colour);
// A palm leaning toward +x (or -x with lean < 0).
void palm(Canvas& c, double x, double base, double h, double lean, std::uint64_t salt);
// A saguaro cactus.
void cactus(Canvas& c, double x, double base, double h, std::uint64_t salt);
void rock(Canvas& c, double x, double base, double r, Rgb colour);
// Blades of grass scattered between y0 and y1 across the tile.
void grass(Canvas& c, double y0, double y1, int count, Rgb colour);
// Small flowers scattered between y0 and y1.
void flowers(Canvas& c, double y0, double y1, int count);
// A fence of posts and two rails along `base`.
void fence(Canvas& c, double base, double h, Rgb colour);
// Evenly spaced, seeded positions across the tile, jittered by up to `jitter` of the gap.
std::vector<double> spread(Canvas& c, int count, double jitter = 0.35);

}  // namespace syncreel::engine
