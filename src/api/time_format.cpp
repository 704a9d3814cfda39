#include "api/time_format.hpp"

#include <chrono>
#include <cstdint>

namespace syncreel::api {
namespace {

void append_digits(std::string& out, std::int64_t v, int width) {
  char buf[20];
  int n = 0;
  const bool negative = v < 0;
  std::uint64_t u = negative ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0 && n < 20);
  if (negative) out.push_back('-');
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(buf[--n]);
}

struct Civil {
  std::int64_t year;
  unsigned month, day, hour, minute, second, millis, weekday;  // weekday: 0 = Sunday
};

Civil civil(TimePoint t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(hms.hours().count()),
          static_cast<unsigned>(hms.minutes().count()),
          static_cast<unsigned>(hms.seconds().count()),
          static_cast<unsigned>(hms.subseconds().count()),
          weekday{day}.c_encoding()};
}

}  // namespace

void append_rfc3339_ms(std::string& out, TimePoint t) {
  const Civil c = civil(t);
  append_digits(out, c.year, 4);
  out.push_back('-');
  append_digits(out, c.month, 2);
  out.push_back('-');
  append_digits(out, c.day, 2);
  out.push_back('T');
  append_digits(out, c.hour, 2);
  out.push_back(':');
  append_digits(out, c.minute, 2);
  out.push_back(':');
  append_digits(out, c.second, 2);
  out.push_back('.');
  append_digits(out, c.millis, 3);
  out.push_back('Z');
}

std::string rfc3339_ms(TimePoint t) {
  std::string out;
  append_rfc3339_ms(out, t);
  return out;
}

std::string http_date(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Civil c = civil(t);
  std::string out;
  out.reserve(29);
  out += kDays[c.weekday % 7];
  out += ", ";
  append_digits(out, c.day, 2);
  out.push_back(' ');
  out += kMonths[(c.month + 11) % 12];
  out.push_back(' ');
  append_digits(out, c.year, 4);
  out.push_back(' ');
  append_digits(out, c.hour, 2);
  out.push_back(':');
  append_digits(out, c.minute, 2);
  out.push_back(':');
  append_digits(out, c.second, 2);
  out += " GMT";
  return out;
}

}  // namespace syncreel::api
