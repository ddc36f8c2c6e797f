#include "helpers.hpp"

using qmark::Date;

TEST_CASE("dates parse strictly") {
  CHECK(Date::parse("2026-06-30"));
  CHECK(Date::parse("2024-02-29"));
  CHECK_FALSE(Date::parse("2026-02-30"));
  CHECK_FALSE(Date::parse("2025-02-29"));
  CHECK_FALSE(Date::parse("2026-13-01"));
  CHECK_FALSE(Date::parse("2026-6-30"));
  CHECK_FALSE(Date::parse("2026-06-30T00:00"));
  CHECK_FALSE(Date::parse("0000-01-01"));
  CHECK(Date::parse("2026-06-30")->to_string() == "2026-06-30");
}

TEST_CASE("month arithmetic clamps to the target month and never snaps to month end") {
  CHECK(Date::parse("2024-02-29")->add_months(12).to_string() == "2025-02-28");
  CHECK(Date::parse("2025-02-28")->add_months(36).to_string() == "2028-02-28");
  CHECK(Date::parse("2026-03-31")->add_months(-1).to_string() == "2026-02-28");
  CHECK(Date::parse("2026-06-30")->add_months(-24).to_string() == "2024-06-30");
  CHECK(Date::parse("2026-01-15")->add_months(-13).to_string() == "2024-12-15");
  CHECK(Date::parse("2028-02-29")->add_months(-48).to_string() == "2024-02-29");
}

TEST_CASE("weekdays") {
  CHECK(Date::parse("2026-11-23")->weekday() == 0);  // a Monday
  CHECK(Date::parse("2026-11-29")->weekday() == 6);
  CHECK(Date::parse("1970-01-01")->weekday() == 3);
}
