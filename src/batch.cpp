// Batch and streaming assessment: a bounded window of audits in flight, workers that
// parse and assess (the calling thread among them), and delivery in input order on the
// caller's thread.
#include "qmark/batch.hpp"

#include "audit_read.hpp"
#include "json_util.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace qmark {

namespace {

// An audit read and not yet delivered.
struct Slot {
  std::string text;
  BatchResult result;
  bool done = false;
};

// A batch's decisions are kept or handed on, not assessed into again: their working
// storage goes now, on the thread that assessed, rather than with each result later.
Decision kept(Decision decision) {
  decision.work = {};
  return decision;
}

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

BatchResult assess_one(const FrameworkResolver &resolve, std::string_view text, std::size_t index,
                       const AssessOptions &options) {
  BatchResult r;
  r.index = index;
  try {
    // The common case: the framework named plainly near the top, the audit read straight
    // from its text. Otherwise (or if that reading gives up) the document decides, with
    // the errors it has always given, in its order.
    std::optional<std::string> named = detail::audit_framework_in_text(text);
    std::optional<result<FrameworkPtr>> resolved;
    if (named) {
      resolved = resolve(*named);
      if (resolved->has_value()) {
        auto audit = detail::read_audit_text(*resolved->value(), text, false);  // for assessing only
        if (audit) {
          r.framework = resolved->value();
          r.decision = kept(assess(*r.framework, *audit, options));
          return r;
        }
      }
    }
    auto doc = detail::parse_json(text);
    if (!doc) {
      r.decision = std::move(doc).error();
      return r;
    }
    auto id = Audit::framework_of(doc.value());
    if (!id) {
      r.decision = std::move(id).error();
      return r;
    }
    if (!resolved || id.value() != *named) resolved = resolve(id.value());
    if (!resolved->has_value()) {
      r.decision = std::move(*resolved).error();
      return r;
    }
    r.framework = resolved->value();
    auto audit = Audit::from_json(*r.framework, std::move(doc).value());
    if (!audit) {
      r.decision = std::move(audit).error();
      return r;
    }
    r.decision = kept(assess(*r.framework, audit.value(), options));
  } catch (const std::bad_alloc &) {
    r.decision = error(errc::limit_exceeded, "out of memory assessing this audit");
  } catch (const std::exception &e) {
    r.decision = error(errc::internal, std::string("internal error: ") + e.what());
  }
  return r;
}

}  // namespace

void assess_stream(const FrameworkResolver &resolve, const AuditSource &source, const ResultSink &sink,
                   const BatchOptions &options) {
  const unsigned workers = thread_count(options.threads);
  const std::size_t window = options.max_in_flight ? options.max_in_flight : 4u * workers;

  if (workers == 1) {  // no threads needed: read, assess, deliver
    std::string text;
    for (std::size_t index = 0; source(text); ++index) sink(assess_one(resolve, text, index, options.assess));
    return;
  }

  std::mutex mutex;
  std::condition_variable work_ready, result_ready;
  std::deque<Slot> slots;      // in input order; front is the next to deliver
  std::size_t first_index = 0;  // input index of slots.front()
  std::size_t next_to_take = 0;  // input index of the next slot a worker takes
  bool input_done = false;

  // Assesses the next audit not yet taken, with the lock released meanwhile; false when
  // every audit read so far has been taken. (A slot stays until it is delivered, which
  // is not before it is done: its place is worked out again after assessing.)
  auto take = [&](std::unique_lock<std::mutex> &lock) {
    if (next_to_take >= first_index + slots.size()) return false;
    const std::size_t index = next_to_take++;
    std::string text = std::move(slots[index - first_index].text);
    lock.unlock();
    BatchResult r = assess_one(resolve, text, index, options.assess);
    lock.lock();
    Slot &slot = slots[index - first_index];
    slot.result = std::move(r);
    slot.done = true;
    return true;
  };

  // `workers` threads in all: workers - 1 started here, and the calling thread, which
  // reads and delivers and, rather than wait for the others, assesses an audit itself
  // (so no more threads are busy than were asked for).
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (unsigned w = 1; w < workers; ++w)
    pool.emplace_back([&] {
      for (;;) {
        {
          std::unique_lock<std::mutex> lock(mutex);
          work_ready.wait(lock, [&] { return next_to_take < first_index + slots.size() || input_done; });
          if (!take(lock)) return;  // input done, nothing left
        }
        result_ready.notify_one();
      }
    });

  auto deliver_ready = [&](std::unique_lock<std::mutex> &lock) {
    while (!slots.empty() && slots.front().done) {
      BatchResult r = std::move(slots.front().result);
      slots.pop_front();
      ++first_index;
      lock.unlock();
      sink(std::move(r));
      lock.lock();
    }
  };
  // Delivers what is done; with `room`, until the window has room for one more audit,
  // else until everything read has been delivered. Assesses audits meanwhile.
  auto settle = [&](std::unique_lock<std::mutex> &lock, bool room) {
    for (;;) {
      deliver_ready(lock);
      if (room ? slots.size() < window : slots.empty()) return;
      if (take(lock)) continue;
      result_ready.wait(lock, [&] { return slots.front().done; });  // every audit is taken: wait for the first
    }
  };

  try {
    std::string text;
    bool more = true;
    while (more) {
      more = source(text);
      std::unique_lock<std::mutex> lock(mutex);
      if (more) {
        settle(lock, true);
        slots.push_back(Slot{std::move(text), {}, false});
        text.clear();
        lock.unlock();
        work_ready.notify_one();
      } else {
        input_done = true;
        lock.unlock();
        work_ready.notify_all();
      }
    }
    std::unique_lock<std::mutex> lock(mutex);
    settle(lock, false);
  } catch (...) {
    // `source` or `sink` threw: the workers take nothing more, finish what they hold and
    // are joined before the exception goes on to the caller.
    {
      std::lock_guard<std::mutex> lock(mutex);
      input_done = true;
      next_to_take = first_index + slots.size();
    }
    work_ready.notify_all();
    for (auto &t : pool) t.join();
    throw;
  }
  for (auto &t : pool) t.join();
}

std::vector<result<Decision>> assess_many(const Framework &framework, const std::vector<std::string> &audits,
                                          const BatchOptions &options) {
  // The caller's framework is used for every audit (no lookup by id): wrap it without
  // taking ownership.
  const FrameworkPtr shared(std::shared_ptr<const Framework>{}, &framework);
  const FrameworkResolver resolve = [&](const std::string &id) -> result<FrameworkPtr> {
    if (id != framework.id())
      return error(errc::overlay_mismatch, "audit is for framework \"" + id + "\", not \"" + framework.id() + "\"",
                   "/framework");
    return shared;
  };
  const std::size_t n = audits.size();
  std::vector<result<Decision>> out;
  out.reserve(n);
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(thread_count(options.threads), std::max<std::size_t>(n, 1)));
  if (workers == 1) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(assess_one(resolve, audits[i], i, options.assess).decision);
    return out;
  }
  // The texts are in memory already and every result is kept until the call returns, so
  // there is no window to bound (max_in_flight does not apply): the threads take the
  // audits by index and keep each result in its audit's place, with no lock between them
  // (through assess_stream's queue, 2 threads ran ~0.03 less of 2× one: bench/RESULTS.md).
  // Each place starts as an empty decision, replaced by its audit's result.
  out.assign(n, result<Decision>(Decision{}));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;)
      out[i] = assess_one(resolve, audits[i], i, options.assess).decision;
  };
  {
    std::vector<std::thread> pool;
    // Joined however this block ends: an exception on the calling thread stops the others
    // taking more audits.
    struct Join {
      std::vector<std::thread> &pool;
      std::atomic<std::size_t> &next;
      std::size_t n;
      ~Join() {
        next.store(n);
        for (auto &t : pool) t.join();
      }
    } join{pool, next, n};
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error &) {
        break;  // fewer threads than asked for: the ones there are do the work
      }
    }
    work();
  }
  return out;
}

}  // namespace qmark
