// Checking plan/1 documents against the plan rules a framework carries as data.
#include "qmark/plan.hpp"

#include "json_util.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace qmark {

using detail::Problems;
using detail::ptr;

const char *rule_outcome_name(RuleOutcome r) noexcept {
  switch (r) {
    case RuleOutcome::pass: return "pass";
    case RuleOutcome::fail: return "fail";
    case RuleOutcome::not_applicable: return "not_applicable";
  }
  return "fail";
}

namespace {

constexpr const char *plan_members[] = {"qmark", "school", "as_of", "covers", "adopted_on", "revised_on",
                                        "priorities", "targets_statement", "professional_learning", "community",
                                        "resources", "previous_targets", "consulted", "inspection", "summary",
                                        "calendar", "extensions"};
constexpr const char *consulted_values[] = {"headteacher", "pupils", "parents_carers", "staff", "governors", "other"};

void date_list(Problems &p, const json &holder, const char *key, const std::string &at) {
  const json *m = p.member(holder, key, at, false);
  if (!m || m->is_null()) return;
  if (m->is_string()) {
    p.date(holder, key, at, false);
    return;
  }
  if (!m->is_array()) {
    p.add(errc::invalid_document, std::string("\"") + key + "\" must be a list of dates", ptr(at, key));
    return;
  }
  for (std::size_t i = 0; i < m->size(); ++i) {
    const std::string iat = ptr(ptr(at, key), i);
    if (!(*m)[i].is_string() || !Date::parse((*m)[i].get_ref<const std::string &>()))
      p.add(errc::invalid_date, "not a calendar date (YYYY-MM-DD)", iat);
  }
}

}  // namespace

result<Plan> Plan::from_json(const json &doc) {
  if (auto e = detail::check_format(doc, "plan", 1)) return std::move(*e);
  Problems p;
  Plan plan;
  if (const json *s = p.object(doc, "school", "", true)) plan.school_id = p.string(*s, "id", "/school", true).value_or("");
  if (auto d = p.date(doc, "as_of", "", true)) plan.as_of = *d;
  if (const json *c = p.object(doc, "covers", "", false)) {
    p.date(*c, "from", "/covers", false);
    p.date(*c, "to", "/covers", false);
  }
  if (const json *a = p.member(doc, "adopted_on", "", false); a && !a->is_null()) p.date(doc, "adopted_on", "", false);
  date_list(p, doc, "revised_on", "");
  if (const json *pr = p.array(doc, "priorities", "", false)) {
    for (std::size_t i = 0; i < pr->size(); ++i) {
      const std::string at = ptr("/priorities", i);
      const json &item = (*pr)[i];
      if (!item.is_object()) {
        p.add(errc::invalid_document, "a priority must be an object", at);
        continue;
      }
      if (const json *y = p.member(item, "year", at, false); y && !y->is_null()) {
        if (!y->is_number_integer() || y->get<long long>() < 1 || y->get<long long>() > 3)
          p.add(errc::invalid_document, "\"year\" must be 1, 2 or 3 (the plan's current year and the two following)",
                ptr(at, "year"));
      }
      if (const json *np = p.member(item, "national_priorities", at, false); np && !np->is_array() && !np->is_null())
        p.add(errc::invalid_document, "\"national_priorities\" must be a list of ids", ptr(at, "national_priorities"));
      if (const json *acts = p.member(item, "actions", at, false); acts && !acts->is_array() && !acts->is_null())
        p.add(errc::invalid_document, "\"actions\" must be a list", ptr(at, "actions"));
    }
  }
  if (const json *c = p.array(doc, "consulted", "", false)) {
    for (std::size_t i = 0; i < c->size(); ++i) {
      const json &v = (*c)[i];
      const bool known = v.is_string() && std::any_of(std::begin(consulted_values), std::end(consulted_values),
                                                      [&](const char *k) { return v.get_ref<const std::string &>() == k; });
      if (!known)
        p.add(errc::unknown_kind,
              "\"consulted\" entries are headteacher, pupils, parents_carers, staff, governors or other",
              ptr("/consulted", i));
    }
  }
  if (const json *ins = p.member(doc, "inspection", "", false); ins && !ins->is_null()) {
    if (!ins->is_object()) {
      p.add(errc::invalid_document, "\"inspection\" must be an object with \"date\"", "/inspection");
    } else {
      p.date(*ins, "date", "/inspection", true);
      if (const json *am = p.member(*ins, "amended_on", "/inspection", false); am && !am->is_null())
        p.date(*ins, "amended_on", "/inspection", false);
    }
  }
  if (const json *cal = p.object(doc, "calendar", "", false)) date_list(p, *cal, "holidays", "/calendar");
  if (const json *sum = p.object(doc, "summary", "", false)) {
    if (const json *pub = p.member(*sum, "published_on_website", "/summary", false);
        pub && !pub->is_boolean() && !pub->is_null())
      p.add(errc::invalid_document, "\"published_on_website\" must be true or false", "/summary/published_on_website");
  }
  if (!p.empty()) return p.take();
  plan.document = json::object();
  for (const char *k : plan_members)
    if (doc.contains(k) && std::string(k) != "extensions") plan.document[k] = doc[k];
  plan.extensions = detail::unknown_members(doc, plan_members, std::size(plan_members));
  if (doc.contains("extensions") && doc["extensions"].is_object())
    for (auto it = doc["extensions"].begin(); it != doc["extensions"].end(); ++it) plan.extensions[it.key()] = *it;
  return plan;
}

result<Plan> Plan::parse(std::string_view text) {
  auto doc = detail::parse_json(text);
  if (!doc) return std::move(doc).error();
  return from_json(doc.value());
}

json Plan::to_json() const {
  json out = document;
  if (!extensions.empty()) out["extensions"] = extensions;
  return out;
}

namespace {

struct Checker {
  const Plan &plan;

  const json *get(const json &from, const std::string &pointer) const {
    try {
      const json::json_pointer jp(pointer);
      return from.contains(jp) ? &from.at(jp) : nullptr;
    } catch (const std::exception &) {
      return nullptr;
    }
  }
  const json *get(const std::string &pointer) const { return get(plan.document, pointer); }

  static bool present(const json *j) {
    if (!j || j->is_null()) return false;
    if (j->is_string()) {
      const auto &s = j->get_ref<const std::string &>();
      return std::any_of(s.begin(), s.end(), [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; });
    }
    if (j->is_array() || j->is_object()) return !j->empty();
    return true;
  }

  std::optional<Date> date_at(const std::string &pointer) const {
    const json *j = get(pointer);
    if (!j || !j->is_string()) return std::nullopt;
    return Date::parse(j->get_ref<const std::string &>());
  }

  // Expands "/a/*/b" into the pointers of every element: "/a/0/b", "/a/1/b", …
  void expand(const std::string &pattern, std::vector<std::string> &out) const {
    const auto star = pattern.find("/*");
    if (star == std::string::npos) {
      if (const json *j = get(pattern); j && j->is_array())
        for (std::size_t i = 0; i < j->size(); ++i) out.push_back(pattern + "/" + std::to_string(i));
      return;
    }
    const std::string head = pattern.substr(0, star);
    const std::string tail = pattern.substr(star + 2);
    const json *j = get(head);
    if (!j || !j->is_array()) return;
    for (std::size_t i = 0; i < j->size(); ++i) expand(head + "/" + std::to_string(i) + tail, out);
  }

  static std::string join(const std::vector<std::string> &v) {
    std::string out;
    for (const auto &s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  static std::string value_text(const json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

  RuleOutcome run(const PlanCheck &c, std::string &why) const {
    using T = PlanCheck::Type;
    switch (c.type) {
      case T::text_present:
      case T::any_text_present: {
        std::vector<std::string> missing;
        for (const auto &m : c.members)
          if (!present(get(m))) missing.push_back(m);
        if (c.type == T::text_present && !missing.empty()) {
          why = "missing or blank: " + join(missing);
          return RuleOutcome::fail;
        }
        if (c.type == T::any_text_present && missing.size() == c.members.size()) {
          why = "none of these is filled in: " + join(missing);
          return RuleOutcome::fail;
        }
        return RuleOutcome::pass;
      }
      case T::is_true: {
        const json *j = get(c.member);
        if (j && j->is_boolean() && j->get<bool>()) return RuleOutcome::pass;
        why = c.member + " is not true";
        return RuleOutcome::fail;
      }
      case T::period_at_least: {
        const auto from = date_at(c.from), to = date_at(c.to);
        if (!from || !to) {
          why = "the plan does not say the period it covers (" + c.from + ", " + c.to + ")";
          return RuleOutcome::fail;
        }
        const Date needed = from->add_months(12 * c.amount).add_days(-1);
        if (*to >= needed) return RuleOutcome::pass;
        why = "covers " + from->to_string() + " to " + to->to_string() + "; " + std::to_string(c.amount) +
              " years need it to run to at least " + needed.to_string();
        return RuleOutcome::fail;
      }
      case T::each_value_has_item:
      case T::each_value_referenced: {
        const json *items = get(c.items);
        std::vector<std::string> missing;
        for (const json &v : c.values) {
          bool found = false;
          if (items && items->is_array())
            for (const json &item : *items) {
              if (!item.is_object() || !item.contains(c.field)) continue;
              const json &f = item[c.field];
              bool match = c.type == T::each_value_has_item ? f == v
                                                            : (f == v || (f.is_array() && std::find(f.begin(), f.end(), v) != f.end()));
              if (match && c.type == T::each_value_has_item)
                for (const auto &t : c.text) match = match && present(get(item, "/" + t));
              if (match) found = true;
            }
          if (!found) missing.push_back(value_text(v));
        }
        if (missing.empty()) return RuleOutcome::pass;
        why = (c.type == T::each_value_has_item ? "no item in " + c.items + " with " + c.field + " = "
                                                 : "not referenced by any item of " + c.items + ": ") +
              join(missing);
        return RuleOutcome::fail;
      }
      case T::includes_all: {
        const json *m = get(c.member);
        std::vector<std::string> missing;
        for (const json &v : c.values)
          if (!m || !m->is_array() || std::find(m->begin(), m->end(), v) == m->end()) missing.push_back(value_text(v));
        if (missing.empty()) return RuleOutcome::pass;
        why = "missing from " + c.member + ": " + join(missing);
        return RuleOutcome::fail;
      }
      case T::latest_date_within: {
        std::optional<Date> latest;
        auto consider = [&](const json &v) {
          if (!v.is_string()) return;
          if (auto d = Date::parse(v.get_ref<const std::string &>()); d && (!latest || *d > *latest)) latest = d;
        };
        for (const auto &m : c.members)
          if (const json *j = get(m)) {
            if (j->is_array())
              for (const json &v : *j) consider(v);
            else
              consider(*j);
          }
        const Date from = plan.as_of.add_months(-c.amount);
        if (!latest) {
          why = "no date of adoption or revision (" + join(c.members) + ")";
          return RuleOutcome::fail;
        }
        if (*latest >= from && *latest <= plan.as_of) return RuleOutcome::pass;
        why = "latest adoption or revision " + latest->to_string() + " is outside " + from.to_string() + " to " +
              plan.as_of.to_string();
        return RuleOutcome::fail;
      }
      case T::working_days_deadline: {
        const auto event = date_at(c.event);
        if (!event) {
          why = "no inspection recorded";
          return RuleOutcome::not_applicable;
        }
        std::set<std::int32_t> holidays;
        if (!c.holidays.empty())
          if (const json *h = get(c.holidays); h && h->is_array())
            for (const json &v : *h)
              if (v.is_string())
                if (auto d = Date::parse(v.get_ref<const std::string &>())) holidays.insert(d->days());
        Date deadline = *event;
        for (int counted = 0; counted < c.amount;) {
          deadline = deadline.add_days(1);
          if (deadline.weekday() < 5 && !holidays.count(deadline.days())) ++counted;
        }
        const auto done = date_at(c.done);
        const std::string span = "inspection on " + event->to_string() + "; the deadline, " + std::to_string(c.amount) +
                                 " working days later, is " + deadline.to_string();
        if (!done) {
          if (plan.as_of > deadline) {
            why = span + ", and the plan has not been amended";
            return RuleOutcome::fail;
          }
          why = span + "; not yet due";
          return RuleOutcome::not_applicable;
        }
        if (*done >= *event && *done <= deadline) {
          why = span + "; amended on " + done->to_string();
          return RuleOutcome::pass;
        }
        why = span + "; amended on " + done->to_string() + (*done < *event ? ", before the inspection" : ", too late");
        return RuleOutcome::fail;
      }
      case T::each_item: {
        std::vector<std::string> items;
        expand(c.items, items);
        std::vector<std::string> failing;
        std::size_t selected = 0;
        for (const auto &ip : items) {
          const json *item = get(ip);
          if (!c.where_has.empty() && !(item && item->is_object() && present(get(*item, "/" + c.where_has)))) continue;
          ++selected;
          std::vector<std::string> missing;
          for (const auto &t : c.text)
            if (!item || !present(get(*item, "/" + t))) missing.push_back(t);
          for (const auto &n : c.nonempty) {
            const json *arr = item ? get(*item, "/" + n) : nullptr;
            if (!arr || !arr->is_array() || arr->empty()) missing.push_back(n);
          }
          if (!missing.empty()) failing.push_back(ip + " (" + join(missing) + ")");
        }
        if (selected == 0) {
          why = "nothing to check in " + c.items;
          return c.if_none == 0 ? RuleOutcome::pass : c.if_none == 1 ? RuleOutcome::fail : RuleOutcome::not_applicable;
        }
        if (failing.empty()) return RuleOutcome::pass;
        why = "missing or blank: " + join(failing);
        return RuleOutcome::fail;
      }
      case T::all_of: {
        bool all_na = !c.checks.empty();
        RuleOutcome out = RuleOutcome::pass;
        std::vector<std::string> reasons;
        for (const PlanCheck &sub : c.checks) {
          std::string w;
          const RuleOutcome r = run(sub, w);
          if (r != RuleOutcome::not_applicable) all_na = false;
          if (r == RuleOutcome::fail) {
            out = RuleOutcome::fail;
            reasons.push_back(w);
          }
        }
        why = join(reasons);
        return all_na ? RuleOutcome::not_applicable : out;
      }
    }
    return RuleOutcome::fail;
  }
};

}  // namespace

result<Compliance> check_plan(const Framework &fw, const Plan &plan) {
  if (fw.plan_rules().empty())
    return error(errc::invalid_argument, "framework \"" + fw.id() + "\" has no plan rules");
  Compliance c;
  c.framework_id = fw.id();
  c.framework_version = fw.version();
  c.school_id = plan.school_id;
  c.as_of = plan.as_of;
  c.compliant = true;
  const Checker checker{plan};
  for (const PlanRule &rule : fw.plan_rules()) {
    RuleResult r;
    r.id = rule.id;
    r.severity = rule.must ? "must" : "should";
    r.title = rule.title;
    r.source = rule.source;
    std::string why;
    r.result = checker.run(rule.check, why);
    switch (r.result) {
      case RuleOutcome::pass: r.message = "Met: " + rule.title + (why.empty() ? "" : " (" + why + ")"); break;
      case RuleOutcome::fail: r.message = "Not met: " + rule.title + " — " + why; break;
      case RuleOutcome::not_applicable: r.message = "Does not apply: " + why; break;
    }
    if (rule.must && r.result == RuleOutcome::fail) c.compliant = false;
    c.rules.push_back(std::move(r));
  }
  return c;
}

nlohmann::ordered_json to_json(const Compliance &c) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["qmark"] = "compliance/1";
  out["framework"] = {{"id", c.framework_id}, {"version", c.framework_version}};
  out["school"] = {{"id", c.school_id}};
  out["as_of"] = c.as_of.to_string();
  out["verdict"] = c.compliant ? "compliant" : "non_compliant";
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const RuleResult &r : c.rules)
    rules.push_back({{"id", r.id},
                     {"severity", r.severity},
                     {"result", rule_outcome_name(r.result)},
                     {"title", r.title},
                     {"message", r.message},
                     {"source", r.source}});
  out["rules"] = std::move(rules);
  return out;
}

std::string to_json_text(const Compliance &c) { return to_json(c).dump(2) + "\n"; }

std::string to_text(const Compliance &c) {
  std::ostringstream o;
  o << "School development plan: " << c.school_id << " (as of " << c.as_of.to_string() << ", " << c.framework_id
    << " " << c.framework_version << ")\n";
  o << "Verdict: " << (c.compliant ? "compliant" : "NOT compliant") << "\n\n";
  for (const RuleResult &r : c.rules)
    o << "  " << (r.result == RuleOutcome::pass ? "pass" : r.result == RuleOutcome::fail ? "FAIL" : "n/a ") << "  ["
      << r.severity << "] " << r.id << ": " << r.message << "\n";
  return o.str();
}

}  // namespace qmark
