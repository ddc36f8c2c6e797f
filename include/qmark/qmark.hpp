// qmark/qmark.hpp — the whole C++ API.
#pragma once

#include "qmark/audit.hpp"
#include "qmark/batch.hpp"
#include "qmark/crosswalk.hpp"
#include "qmark/csv.hpp"
#include "qmark/date.hpp"
#include "qmark/decision.hpp"
#include "qmark/error.hpp"
#include "qmark/framework.hpp"
#include "qmark/plan.hpp"
#include "qmark/report.hpp"
#include "qmark/summary.hpp"
#include "qmark/version.hpp"
