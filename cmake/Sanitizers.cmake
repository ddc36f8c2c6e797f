# Sanitizer and fuzzing instrumentation for the whole build (every target: the library,
# the C ABI, the CLI and the tests), chosen at configure time:
#
#   -DQMARK_SANITIZE=address  AddressSanitizer + UndefinedBehaviorSanitizer, and any
#                             report is fatal (-fno-sanitize-recover=all)
#   -DQMARK_SANITIZE=thread   ThreadSanitizer
#   -DQMARK_FUZZ=ON           libFuzzer targets (tests/fuzz): needs clang
#                             (CMAKE_CXX_COMPILER=clang++-14); everything is built with
#                             -fsanitize=fuzzer-no-link,address,undefined and the fuzz
#                             targets link -fsanitize=fuzzer
#
# CMakePresets.json has the asan and tsan builds; scripts/sanitize.sh and scripts/fuzz.sh
# run them. Included from the top-level CMakeLists.txt before any target is defined.
set(QMARK_SANITIZE "" CACHE STRING "Sanitizers to build with: address (ASan+UBSan), thread (TSan) or empty")
set_property(CACHE QMARK_SANITIZE PROPERTY STRINGS "" address thread)
option(QMARK_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

set(qmark_sanitizer_flags "")
if(QMARK_SANITIZE STREQUAL "address")
  set(qmark_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=all)
elseif(QMARK_SANITIZE STREQUAL "thread")
  set(qmark_sanitizer_flags -fsanitize=thread)
elseif(NOT QMARK_SANITIZE STREQUAL "")
  message(FATAL_ERROR "QMARK_SANITIZE must be address, thread or empty, not '${QMARK_SANITIZE}'")
endif()

if(QMARK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "QMARK_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14 "
                        "-DCMAKE_C_COMPILER=clang-14")
  endif()
  if(NOT QMARK_SANITIZE STREQUAL "")
    message(FATAL_ERROR "QMARK_FUZZ brings its own sanitizers (address, undefined): leave QMARK_SANITIZE empty")
  endif()
  set(qmark_sanitizer_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
endif()

if(qmark_sanitizer_flags)
  # Frame pointers and debug info make the reports' stack traces readable.
  add_compile_options(${qmark_sanitizer_flags} -fno-omit-frame-pointer -g)
  if(NOT QMARK_SANITIZE STREQUAL "thread")
    # libstdc++'s own checks too: an out-of-range operator[], an empty optional's value,
    # nlohmann's asserts (NDEBUG is not defined by the presets) abort with a message.
    add_compile_definitions(_GLIBCXX_ASSERTIONS)
  endif()
  add_link_options(${qmark_sanitizer_flags})
  message(STATUS "qmark: instrumented with ${qmark_sanitizer_flags}")
endif()
