// _qmark — the compiled core of the qmark Python package: frameworks, overlays,
// assessment and plan checking over the C++ library, with JSON text in and out.
// The Pythonic layer (Decision, the error classes, data frames, charts) is the pure-Python
// package on top of it (bindings/python/qmark/), as re2's _re2 sits under re2.py.
#include "qmark/qmark.hpp"
#include "text_scan.hpp"  // the library's string-content scan (src/, header only)

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// A qmark::error on its way to Python. The bindings throw it; the translator registered
// in the module turns it into the matching qmark.QmarkError subclass.
struct Failure {
  qmark::error error;
};

template <class T>
T value_or_throw(qmark::result<T> r) {
  if (!r) throw Failure{std::move(r).error()};
  return std::move(r).value();
}

const char *code_name(const qmark::error &e) {
  if (e.code.category() != qmark::error_category()) return qmark::errc_name(qmark::errc::internal);
  return qmark::errc_name(e.value());
}

// Text for Python. Messages may quote the offending input, which need not be valid UTF-8:
// undecodable bytes become U+FFFD rather than a UnicodeDecodeError in place of the error.
py::str to_python(const std::string &s) {
  PyObject *o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

// The Python exception object for an error. The classes (and their documentation) live in
// one place, qmark/_errors.py; this only fills them in.
py::object python_error(const qmark::error &e) {
  py::list more;
  for (const auto &m : e.more) more.append(python_error(m));
  py::object make = py::module_::import("qmark._errors").attr("_from_native");
  return make(code_name(e), to_python(e.message), to_python(e.pointer), e.line, e.column, more);
}

void translate_failure(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const Failure &f) {
    py::object exc = python_error(f.error);
    PyErr_SetObject(reinterpret_cast<PyObject *>(Py_TYPE(exc.ptr())), exc.ptr());
  }
}

const char *aggregate_name(qmark::Aggregate a) {
  switch (a) {
    case qmark::Aggregate::none: return "none";
    case qmark::Aggregate::counts: return "counts";
    case qmark::Aggregate::min: return "min";
    case qmark::Aggregate::upper_median: return "upper_median";
  }
  return "none";
}

// A framework as Python holds it: the compiled framework assessments use, and what it was
// made from (the base framework and the overlay applied to it), which is what pickles.
struct Framework {
  qmark::FrameworkPtr compiled;
  qmark::FrameworkPtr base;
  std::optional<qmark::Overlay> overlay;
};

Framework from_compiled(qmark::FrameworkPtr fw) {
  Framework out;
  out.compiled = fw;
  out.base = std::move(fw);
  return out;
}

Framework builtin_framework(const std::string &id) {
  return from_compiled(value_or_throw(qmark::Framework::builtin(id)));
}

Framework load_framework(const std::string &text) {
  qmark::result<qmark::FrameworkPtr> r = qmark::error();
  {
    py::gil_scoped_release release;
    r = qmark::Framework::load(text);
  }
  return from_compiled(value_or_throw(std::move(r)));
}

Framework framework_with_overlay(const Framework &self, const qmark::Overlay &overlay) {
  qmark::result<qmark::FrameworkPtr> r = qmark::error();
  {
    py::gil_scoped_release release;
    r = self.compiled->with_overlay(overlay);
  }
  Framework out;
  out.compiled = value_or_throw(std::move(r));
  out.base = self.compiled;
  out.overlay = overlay;
  return out;
}

py::tuple framework_state(const Framework &self) {
  py::object overlay = self.overlay ? py::object(py::str(self.overlay->document().dump())) : py::none();
  return py::make_tuple(self.base->document().dump(), overlay);
}

Framework framework_from_state(const py::tuple &state) {
  if (state.size() != 2)
    throw Failure{qmark::error(qmark::errc::invalid_argument, "a Framework state is (document, overlay or None)")};
  Framework fw = load_framework(state[0].cast<std::string>());
  if (state[1].is_none()) return fw;
  auto overlay = value_or_throw(qmark::Overlay::parse(state[1].cast<std::string>()));
  return framework_with_overlay(fw, overlay);
}

py::list framework_nodes(const Framework &self) {
  const qmark::Framework &fw = *self.compiled;
  py::list out;
  for (std::size_t i = 0; i < fw.nodes().size(); ++i) {
    const qmark::Node &n = fw.nodes()[i];
    const qmark::NodeKind &kind = fw.kinds()[static_cast<std::size_t>(n.kind)];
    py::dict d;
    d["id"] = n.id;
    d["title"] = n.title;
    d["statement"] = n.statement;
    d["kind"] = kind.id;
    d["parent"] = n.parent >= 0 ? py::object(py::str(fw.nodes()[static_cast<std::size_t>(n.parent)].id)) : py::none();
    d["depth"] = n.depth;
    py::list children;
    for (int c : n.children) children.append(fw.nodes()[static_cast<std::size_t>(c)].id);
    d["children"] = children;
    d["judgeable"] = kind.judgeable;
    d["aggregate"] = aggregate_name(kind.aggregate);
    d["limiting"] = n.limiting;
    py::object levels = py::none();
    if (const qmark::Scale *scale = fw.scale_of(static_cast<int>(i))) {
      py::list ids;
      for (const auto &level : scale->levels) ids.append(level.id);
      levels = ids;
    }
    d["levels"] = levels;
    out.append(d);
  }
  return out;
}

py::list framework_outcomes(const Framework &self) {
  py::list out;
  for (const auto &o : self.compiled->outcomes()) {
    py::dict d;
    d["id"] = o.id;
    d["title"] = o.title;
    d["award"] = o.award ? py::object(py::str(*o.award)) : py::none();
    out.append(d);
  }
  return out;
}

// One audit, read and assessed; never throws (a batch must not lose the other results).
// A decision made in C++ for Python, its decision/1 text written when it is first asked
// for (qmark.Decision asks on first use): assessing writes no text that nobody reads.
struct NativeDecision {
  qmark::FrameworkPtr fw;  // the framework that made it, kept alive
  qmark::Decision decision;

  py::str json() const {
    std::string text;
    try {
      text = qmark::to_json_text(*fw, decision);
    } catch (const std::exception &e) {  // text in the decision that is not UTF-8
      throw Failure{qmark::error(qmark::errc::internal, std::string("assessment failed: ") + e.what())};
    }
    return to_python(text);
  }
};

struct Assessed {
  bool ok = false;
  std::unique_ptr<NativeDecision> decision;
  qmark::error error;
};

Assessed assess_one(const qmark::FrameworkPtr &fw, std::string_view audit, bool trace) noexcept {
  Assessed out;
  try {
    qmark::AssessOptions options;
    options.trace = trace;
    auto decision = qmark::assess_json(*fw, audit, options);
    if (!decision) {
      out.error = std::move(decision).error();
      return out;
    }
    out.decision.reset(new NativeDecision{fw, std::move(decision).value()});
    out.decision->decision.work = {};  // (never assessed into again: its scratch goes now, not with the object)
    out.ok = true;
  } catch (const std::exception &e) {
    out.error = qmark::error(qmark::errc::internal, std::string("assessment failed: ") + e.what());
  } catch (...) {
    out.error = qmark::error(qmark::errc::internal, "assessment failed");
  }
  return out;
}

// The UTF-8 text of an audit given as str or bytes, without copying it (a str's UTF-8 is
// cached in it); valid while the object lives.
std::string_view audit_view(py::handle item) {
  Py_ssize_t size = 0;
  if (PyUnicode_Check(item.ptr())) {
    const char *data = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
    if (!data) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
  }
  char *data = nullptr;
  if (PyBytes_Check(item.ptr()) && PyBytes_AsStringAndSize(item.ptr(), &data, &size) == 0)
    return {data, static_cast<std::size_t>(size)};
  throw py::type_error("an audit is JSON text (str or bytes), not " + std::string(Py_TYPE(item.ptr())->tp_name));
}

py::object decision_of(const Framework &self, py::handle audit_text, bool trace) {
  const std::string_view audit = audit_view(audit_text);  // the caller holds the object
  Assessed r;
  {
    py::gil_scoped_release release;
    r = assess_one(self.compiled, audit, trace);
  }
  if (!r.ok) throw Failure{std::move(r.error)};
  return py::cast(std::move(r.decision));
}

// Assesses every audit on a pool of `threads` threads, the calling one included, and
// turns the results into Python objects in order as they come in: the calling thread
// (which holds the GIL for that) converts the next result when it is ready and otherwise
// assesses an audit itself with the GIL released, so converting overlaps assessing.
// The framework is only read, so the workers share it; each result has its own slot.
py::list decisions_of(const Framework &self, const py::sequence &audits_in, int threads, bool trace) {
  if (threads < 0)
    throw Failure{qmark::error(qmark::errc::invalid_argument, "threads must be 0 (one per core) or more")};
  std::vector<py::object> keep;  // the audits, alive while their text is read
  std::vector<std::string_view> audits;
  const std::size_t n = static_cast<std::size_t>(py::len(audits_in));
  keep.reserve(n);
  audits.reserve(n);
  for (py::handle item : audits_in) {
    keep.push_back(py::reinterpret_borrow<py::object>(item));
    audits.push_back(audit_view(item));
  }
  unsigned pool = threads > 0 ? static_cast<unsigned>(threads) : std::thread::hardware_concurrency();
  if (pool == 0) pool = 1;
  if (pool > n) pool = n == 0 ? 1 : static_cast<unsigned>(n);

  const qmark::FrameworkPtr &fw = self.compiled;
  std::vector<Assessed> results(n);
  std::unique_ptr<std::atomic<bool>[]> done(new std::atomic<bool>[n]);
  for (std::size_t i = 0; i < n; ++i) done[i].store(false, std::memory_order_relaxed);
  std::atomic<std::size_t> next{0};
  auto assess_next = [&]() noexcept {  // false when every audit has been taken
    const std::size_t i = next.fetch_add(1);
    if (i >= n) return false;
    results[i] = assess_one(fw, audits[i], trace);
    done[i].store(true, std::memory_order_release);
    return true;
  };
  std::vector<std::thread> workers;
  // Joined however this function ends (an error converting stops the others taking more).
  struct Join {
    std::vector<std::thread> &workers;
    std::atomic<std::size_t> &next;
    std::size_t n;
    ~Join() {
      next.store(n);
      py::gil_scoped_release release;
      for (auto &t : workers) t.join();
    }
  } join{workers, next, n};
  for (unsigned t = 1; t < pool; ++t) {
    try {
      workers.emplace_back([&] {
        while (assess_next()) {
        }
      });
    } catch (const std::system_error &) {
      break;  // fewer threads than asked for: the ones we have finish the work
    }
  }
  py::list out(n);
  for (std::size_t emitted = 0; emitted < n;) {
    if (done[emitted].load(std::memory_order_acquire)) {
      Assessed &r = results[emitted];
      py::object item = r.ok ? py::cast(std::move(r.decision)) : python_error(r.error);
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(emitted), item.release().ptr());
      ++emitted;
      continue;
    }
    py::gil_scoped_release release;
    if (!assess_next())  // all taken: wait for the one that comes next
      while (!done[emitted].load(std::memory_order_acquire)) std::this_thread::yield();
  }
  return out;
}

py::tuple compliance_text(const Framework &self, const std::string &plan_text) {
  qmark::result<qmark::Compliance> r = qmark::error();
  std::string document;
  {
    py::gil_scoped_release release;
    auto plan = qmark::Plan::parse(plan_text);
    if (plan) r = qmark::check_plan(*self.compiled, plan.value());
    else r = std::move(plan).error();
    if (r) document = qmark::to_json_text(r.value());
  }
  const bool compliant = value_or_throw(std::move(r)).compliant;
  return py::make_tuple(to_python(document), compliant);
}

std::string audit_framework(const std::string &audit) {
  return value_or_throw(qmark::Audit::framework_of_text(audit));
}

std::string framework_repr(const Framework &self) {
  std::string out = "<qmark._qmark.Framework " + self.compiled->id() + " " + self.compiled->version();
  if (!self.compiled->overlay_id().empty()) out += " overlay=" + self.compiled->overlay_id();
  return out + ">";
}

// ---------------------------------------------------------------------------- dumps

// json.dumps(obj, ensure_ascii=False, allow_nan=False).encode() written directly, for plain
// data: the exact built-in types dict (str keys), list, tuple, str, int, float (finite),
// bool and None. Anything else (a subclass, another key type, nan, a lone surrogate,
// nesting deeper than max_depth) makes it give up, and the caller uses json.dumps, which
// then does all that it does today (default=, its errors). It runs no Python code (only
// exact built-in types are read), so the borrowed references it walks stay valid.
class PlainJson {
 public:
  // Deeper than the reader accepts (128 levels), and well inside Python's default recursion
  // limit, where json.dumps succeeds; it also stops at a cycle, which json.dumps reports.
  static constexpr int max_depth = 200;

  // The text of obj as bytes, or None (and no Python error set) when obj is not plain data.
  static py::object dumps(py::handle obj) {
    PlainJson json;
    if (!json.write(obj.ptr(), 0)) return py::none();
    return py::bytes(json.buf_.get(), json.len_);
  }

 private:
  // buf_[0, len_) is written, the rest of size_ is room; 32 KiB holds a typical audit (and
  // is not filled in, as a std::string would be).
  std::size_t size_ = std::size_t{1} << 15, len_ = 0;
  std::unique_ptr<char[]> buf_{new char[size_]};

  // Where to write n more bytes (then advance len_ by what was written).
  char *room(std::size_t n) {
    if (size_ - len_ < n) grow(n);
    return buf_.get() + len_;
  }

  void grow(std::size_t n) {
    size_ = std::max(size_ * 2, len_ + n);
    std::unique_ptr<char[]> more(new char[size_]);
    std::memcpy(more.get(), buf_.get(), len_);
    buf_ = std::move(more);
  }

  template <std::size_t N>
  void put(const char (&literal)[N]) {
    std::memcpy(room(N - 1), literal, N - 1);
    len_ += N - 1;
  }

  void put(const char *data, std::size_t n) {
    std::memcpy(room(n), data, n);
    len_ += n;
  }

  bool write(PyObject *obj, int depth) {
    if (PyUnicode_CheckExact(obj)) return write_string(obj);
    if (PyDict_CheckExact(obj)) return write_dict(obj, depth + 1);
    if (PyList_CheckExact(obj)) return write_items(PySequence_Fast_ITEMS(obj), PyList_GET_SIZE(obj), depth + 1);
    if (PyTuple_CheckExact(obj)) return write_items(PySequence_Fast_ITEMS(obj), PyTuple_GET_SIZE(obj), depth + 1);
    if (obj == Py_True) return put("true"), true;
    if (obj == Py_False) return put("false"), true;
    if (obj == Py_None) return put("null"), true;
    if (PyLong_CheckExact(obj)) return write_int(obj);
    if (PyFloat_CheckExact(obj)) return write_float(PyFloat_AS_DOUBLE(obj));
    return false;
  }

  bool write_dict(PyObject *dict, int depth) {
    if (depth > max_depth) return false;
    if (PyDict_GET_SIZE(dict) == 0) return put("{}"), true;
    put("{");
    Py_ssize_t pos = 0;
    PyObject *key = nullptr, *value = nullptr;
    for (bool first = true; PyDict_Next(dict, &pos, &key, &value); first = false) {
      if (!first) put(", ");
      if (!PyUnicode_CheckExact(key) || !write_string(key)) return false;
      put(": ");
      if (!write(value, depth)) return false;
    }
    put("}");
    return true;
  }

  bool write_items(PyObject **items, Py_ssize_t n, int depth) {
    if (depth > max_depth) return false;
    put("[");
    for (Py_ssize_t i = 0; i < n; ++i) {
      if (i > 0) put(", ");
      if (!write(items[i], depth)) return false;
    }
    put("]");
    return true;
  }

  // As the json module's C encoder escapes with ensure_ascii=False: '"', '\\' and the
  // control characters, the common ones by name and the rest as \u00xx; all else raw.
  bool write_string(PyObject *str) {
    Py_ssize_t size = 0;
    const char *data = PyUnicode_AsUTF8AndSize(str, &size);
    if (!data) {  // a lone surrogate: not UTF-8
      PyErr_Clear();
      return false;
    }
    const std::string_view text(data, static_cast<std::size_t>(size));
    char *const start = room(6 * text.size() + 2);  // every byte escaped as \u00xx at most
    char *to = start;
    *to++ = '"';
    std::size_t done = 0;
    for (std::size_t i = qmark::detail::next_special(text, 0); i < text.size();
         i = qmark::detail::next_special(text, i)) {
      const auto c = static_cast<unsigned char>(text[i++]);
      if (c >= 0x80) continue;  // UTF-8 of a non-ASCII character: copied as it is
      std::memcpy(to, text.data() + done, i - 1 - done);
      to = escape(to + (i - 1 - done), c);
      done = i;
    }
    std::memcpy(to, text.data() + done, text.size() - done);
    to += text.size() - done;
    *to++ = '"';
    len_ += static_cast<std::size_t>(to - start);
    return true;
  }

  static char *escape(char *to, unsigned char c) {
    *to++ = '\\';
    switch (c) {
      case '"': *to++ = '"'; return to;
      case '\\': *to++ = '\\'; return to;
      case '\b': *to++ = 'b'; return to;
      case '\f': *to++ = 'f'; return to;
      case '\n': *to++ = 'n'; return to;
      case '\r': *to++ = 'r'; return to;
      case '\t': *to++ = 't'; return to;
      default: break;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::memcpy(to, "u00", 3);
    to[3] = hex[c >> 4];
    to[4] = hex[c & 0xF];
    return to + 5;
  }

  bool write_int(PyObject *obj) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (!overflow) {
      char *const start = room(24);
      len_ += static_cast<std::size_t>(std::to_chars(start, start + 24, v).ptr - start);
      return true;
    }
    PyObject *repr = PyLong_Type.tp_repr(obj);  // beyond 64 bits: int.__repr__, as json does
    if (!repr) {  // more digits than sys.get_int_max_str_digits() allows
      PyErr_Clear();
      return false;
    }
    Py_ssize_t size = 0;
    const char *digits = PyUnicode_AsUTF8AndSize(repr, &size);
    if (digits) put(digits, static_cast<std::size_t>(size));
    else PyErr_Clear();
    Py_DECREF(repr);
    return digits != nullptr;
  }

  // float.__repr__ (the json module writes finite floats with it): the shortest text that
  // reads back as the same double, with ".0" added to whole numbers.
  bool write_float(double v) {
    if (!std::isfinite(v)) return false;
    char *text = PyOS_double_to_string(v, 'r', 0, Py_DTSF_ADD_DOT_0, nullptr);
    if (!text) {
      PyErr_Clear();
      return false;
    }
    put(text, std::strlen(text));
    PyMem_Free(text);
    return true;
  }
};

std::vector<std::string> error_codes() {
  std::vector<std::string> out;
  for (int c = static_cast<int>(qmark::errc::malformed_json); c <= static_cast<int>(qmark::errc::internal); ++c)
    out.emplace_back(qmark::errc_name(static_cast<qmark::errc>(c)));
  return out;
}

}  // namespace

PYBIND11_MODULE(_qmark, m) {
  m.doc() =
      "The compiled core of qmark: frameworks, overlays, assessment and plan checking over the C++ "
      "library, with JSON text in and out. Use the qmark package, which wraps this module.";
  m.attr("__version__") = qmark::version_string;

  py::register_exception_translator(&translate_failure);

  m.def("frameworks", &qmark::Framework::builtin_ids, "Ids of the built-in frameworks, sorted.");
  m.def("error_codes", &error_codes,
        "Names of qmark's error codes (qmark::errc, without ok), in code order: the .code of every "
        "qmark.QmarkError.");
  m.def("dumps", &PlainJson::dumps, py::arg("obj"),
        "json.dumps(obj, ensure_ascii=False, allow_nan=False).encode(), byte for byte, when obj is "
        "plain data (exact dict with str keys, list, tuple, str, int, finite float, bool, None, not "
        "nested too deep); None otherwise (a subclass, a date, nan, a lone surrogate, a cycle …), with "
        "no error raised.");
  m.def("audit_framework", &audit_framework, py::arg("audit"),
        "The framework id an audit/1 document (JSON text) names, without reading the rest.");

  py::class_<qmark::Overlay>(m, "Overlay",
                             "An overlay/1 document, parsed: a partial framework that modifies a base "
                             "framework (thresholds, limiting standards, dropped or added nodes).")
      .def_static("parse", [](const std::string &text) { return value_or_throw(qmark::Overlay::parse(text)); },
                  py::arg("text"), "Parses an overlay/1 document from JSON text (str or bytes).")
      .def_property_readonly("id", &qmark::Overlay::id, "The overlay's id.")
      .def_property_readonly("version", &qmark::Overlay::version, "The overlay's version.")
      .def_property_readonly("base", &qmark::Overlay::base, "Id of the framework the overlay applies to.")
      .def("document_json", [](const qmark::Overlay &o) { return o.document().dump(); },
           "The overlay document as compact JSON text.")
      .def("__repr__",
           [](const qmark::Overlay &o) {
             return "<qmark._qmark.Overlay " + o.id() + " " + o.version() + " base=" + o.base() + ">";
           })
      .def(py::pickle([](const qmark::Overlay &o) { return py::make_tuple(o.document().dump()); },
                      [](const py::tuple &state) {
                        if (state.size() != 1)
                          throw Failure{qmark::error(qmark::errc::invalid_argument, "an Overlay state is (document,)")};
                        return value_or_throw(qmark::Overlay::parse(state[0].cast<std::string>()));
                      }));

  py::class_<NativeDecision>(m, "Decision",
                             "A decision made by Framework.assess or assess_many, kept as the engine made it; "
                             "qmark.Decision wraps it.")
      .def("json", &NativeDecision::json,
           "The decision/1 document as text (2-space indented, trailing newline), written now.");

  py::class_<Framework>(m, "Framework",
                        "A compiled framework (framework/1), possibly with an overlay applied. Immutable: "
                        "share it between threads freely.")
      .def_static("builtin", &builtin_framework, py::arg("id"), "A framework shipped with the library, by id.")
      .def_static("load", &load_framework, py::arg("text"),
                  "Loads and compiles a framework/1 document from JSON text (str or bytes).")
      .def("with_overlay", &framework_with_overlay, py::arg("overlay"),
           "This framework with an overlay applied (a new framework; this one is unchanged).")
      .def_property_readonly("id", [](const Framework &f) { return f.compiled->id(); }, "The framework's id.")
      .def_property_readonly("version", [](const Framework &f) { return f.compiled->version(); },
                             "The framework's version.")
      .def_property_readonly("title", [](const Framework &f) { return f.compiled->title(); },
                             "The framework's title.")
      .def_property_readonly("overlay_id", [](const Framework &f) { return f.compiled->overlay_id(); },
                             "Id of the applied overlay, \"\" when none.")
      .def_property_readonly("overlay_version", [](const Framework &f) { return f.compiled->overlay_version(); },
                             "Version of the applied overlay, \"\" when none.")
      .def_property_readonly("overlay", [](const Framework &f) { return f.overlay; },
                             "The overlay this framework was made with by with_overlay, or None.")
      .def("document_json", [](const Framework &f) { return f.compiled->document().dump(); },
           "The framework document (with the overlay applied) as compact JSON text.")
      .def("base_document_json", [](const Framework &f) { return f.base->document().dump(); },
           "The document of the framework before with_overlay applied an overlay, as compact JSON text.")
      .def("nodes", &framework_nodes,
           "The nodes in framework order, each a dict: id, title, statement, kind, parent (id or None), "
           "depth, children (ids), judgeable, aggregate, limiting, levels (the ids of its scale, lowest "
           "first, or None).")
      .def("outcomes", &framework_outcomes, "The outcomes, lowest first, each a dict: id, title, award.")
      .def("assess", &decision_of, py::arg("audit"), py::arg("trace") = true,
           "Reads an audit/1 document (JSON text) and assesses it; returns the Decision (its decision/1 "
           "text written when asked for). Releases the GIL.")
      .def("assess_many", &decisions_of, py::arg("audits"), py::arg("threads") = 0, py::arg("trace") = true,
           "Assesses many audit/1 documents (JSON texts) on a pool of C++ threads (0: one per core) with "
           "the GIL released. Returns, in order, the Decision of each audit or the qmark.QmarkError it "
           "raised.")
      .def("check_plan", &compliance_text, py::arg("plan"),
           "Checks a plan/1 document (JSON text) against the framework's plan rules; returns the "
           "compliance/1 document as text and whether the plan complies. Releases the GIL.")
      .def("__repr__", &framework_repr)
      .def(py::pickle(&framework_state, &framework_from_state));
}
