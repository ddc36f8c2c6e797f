// qmark/date.hpp — calendar dates as day numbers, with the month arithmetic the
// frameworks' rules use (clamped to the target month, never snapped to month end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qmark {

/// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  /// Parses "YYYY-MM-DD"; nullopt for anything else, including impossible dates.
  [[nodiscard]] static std::optional<Date> parse(std::string_view text) noexcept;
  [[nodiscard]] static Date from_ymd(int y, unsigned m, unsigned d) noexcept;

  [[nodiscard]] int year() const noexcept;
  [[nodiscard]] unsigned month() const noexcept;
  [[nodiscard]] unsigned day() const noexcept;
  /// 0 = Monday … 6 = Sunday.
  [[nodiscard]] unsigned weekday() const noexcept;
  [[nodiscard]] std::int32_t days() const noexcept { return days_; }

  /// Adds (or, negative, subtracts) months keeping the day of the month, clamped to the
  /// target month's length: 2024-02-29 + 12 months = 2025-02-28.
  [[nodiscard]] Date add_months(int months) const noexcept;
  [[nodiscard]] Date add_days(int days) const noexcept { return Date(days_ + days); }
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend constexpr bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend constexpr bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend constexpr bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend constexpr bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend constexpr bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

}  // namespace qmark
