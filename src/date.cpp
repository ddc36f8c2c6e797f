#include "qmark/date.hpp"

#include <algorithm>
#include <cstdio>

namespace qmark {
namespace {

// Howard Hinnant's civil-calendar algorithms (public domain).
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m, d;
};

constexpr Ymd civil_from_days(std::int32_t z) noexcept {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned last_day(int y, unsigned m) noexcept {
  constexpr unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

}  // namespace

std::optional<Date> Date::parse(std::string_view t) noexcept {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](std::size_t from, std::size_t n, int &out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > last_day(y, static_cast<unsigned>(m))) return std::nullopt;
  return Date(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

Date Date::from_ymd(int y, unsigned m, unsigned d) noexcept { return Date(days_from_civil(y, m, d)); }

int Date::year() const noexcept { return civil_from_days(days_).y; }
unsigned Date::month() const noexcept { return civil_from_days(days_).m; }
unsigned Date::day() const noexcept { return civil_from_days(days_).d; }

unsigned Date::weekday() const noexcept {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int w = (days_ % 7 + 7 + 3) % 7;
  return static_cast<unsigned>(w);
}

Date Date::add_months(int months) const noexcept {
  const Ymd c = civil_from_days(days_);
  // Clamped to years ±1,000,000 (a framework's parameter may be any number of months):
  // far beyond any real date, and the day number stays in range.
  constexpr std::int64_t limit = std::int64_t{1000000} * 12;
  const std::int64_t total =
      std::clamp(std::int64_t{c.y} * 12 + static_cast<std::int64_t>(c.m - 1) + months, -limit, limit);
  const int y = static_cast<int>(total >= 0 ? total / 12 : (total - 11) / 12);
  const unsigned m = static_cast<unsigned>(total - std::int64_t{y} * 12) + 1;
  const unsigned d = c.d < last_day(y, m) ? c.d : last_day(y, m);
  return Date(days_from_civil(y, m, d));
}

std::string Date::to_string() const {
  const Ymd c = civil_from_days(days_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

}  // namespace qmark
