// Internal: scanning JSON string content (8 bytes at a time), checking its UTF-8 and
// comparing short texts, shared by the audit text reader (audit_text.cpp), the decision
// writer (output.cpp) and the lookups that reading an audit makes (framework.cpp, audit.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qmark::detail {

/// Whether a byte of string content needs a closer look: '"', '\\', a control character or
/// a byte of a non-ASCII character.
inline bool special_in_string(unsigned char c) noexcept {
  return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

/// The index of the first byte at or after `i` that special_in_string picks out, or
/// text.size() if none.
inline std::size_t next_special(std::string_view text, std::size_t i) noexcept {
#if defined(__SSE2__)
  // 16 bytes at a time (every x86-64 has SSE2). As signed bytes, the control characters
  // and the bytes of non-ASCII characters are exactly those below 0x20.
  const __m128i quotes = _mm_set1_epi8('"'), backslashes = _mm_set1_epi8('\\'), spaces = _mm_set1_epi8(0x20);
  while (i + 16 <= text.size()) {
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text.data() + i));
    const __m128i marks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quotes), _mm_cmpeq_epi8(w, backslashes)),
                                       _mm_cmplt_epi8(w, spaces));
    if (const int bits = _mm_movemask_epi8(marks))
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    i += 16;
  }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // Bit tricks on 64-bit words mark such bytes; a mark can be wrong only above a right one
  // (a borrow), so the lowest mark is the first such byte.
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  while (i + 8 <= text.size()) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    const std::uint64_t marks =
        (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((w - ones * 0x20) & ~w) | w) & highs;
    if (marks) return i + static_cast<std::size_t>(__builtin_ctzll(marks)) / 8;
    i += 8;
  }
#endif
  for (; i < text.size(); ++i)
    if (special_in_string(static_cast<unsigned char>(text[i]))) return i;
  return text.size();
}

#if defined(__GNUC__)
#define QMARK_DETAIL_ALWAYS_INLINE __attribute__((always_inline))
#else
#define QMARK_DETAIL_ALWAYS_INLINE
#endif

/// Whether x and y, n bytes each (sizeof(Word) <= n <= 2 * sizeof(Word)), are equal: their
/// first and last words compared, overlapping in the middle.
template <class Word>
QMARK_DETAIL_ALWAYS_INLINE inline bool same_ends(const char *x, const char *y, std::size_t n) noexcept {
  Word x1, y1, x2, y2;
  std::memcpy(&x1, x, sizeof(Word));
  std::memcpy(&y1, y, sizeof(Word));
  std::memcpy(&x2, x + n - sizeof(Word), sizeof(Word));
  std::memcpy(&y2, y + n - sizeof(Word), sizeof(Word));
  return ((x1 ^ y1) | (x2 ^ y2)) == 0;
}

/// Whether two short texts are equal, without a call to memcmp for the ids, levels and
/// member names that audits repeat thousands of times (most are 16 bytes or fewer: two
/// overlapping loads of each).
QMARK_DETAIL_ALWAYS_INLINE inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char *x = a.data(), *y = b.data();
  if (n >= 8) return n > 16 ? std::memcmp(x, y, n) == 0 : same_ends<std::uint64_t>(x, y, n);
  if (n >= 4) return same_ends<std::uint32_t>(x, y, n);
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

/// The length of the well-formed UTF-8 sequence at text[i] (a byte >= 0x80), as RFC 3629's
/// table allows it: no overlong forms, surrogates or code points past U+10FFFF (what
/// nlohmann accepts when it reads or writes a string); 0 when it is not one.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    if (k >= text.size()) return false;
    const auto c = static_cast<unsigned char>(text[k]);
    return c >= lo && c <= hi;
  };
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= 0xC2 && c <= 0xDF) return in(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace qmark::detail
