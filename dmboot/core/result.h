#ifndef DMBOOT_CORE_RESULT_H_
#define DMBOOT_CORE_RESULT_H_

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dmboot {

// ErrorCode is the closed, coarse set of failure kinds. Code branches on it; the message is for
// humans only. Each edge maps it in exactly one place (cli/exit_code.cc, the servers' HTTP map).
enum class ErrorCode {
  kInvalidArgument,       // a caller-supplied value is out of range or badly formed
  kMalformed,             // received bytes violate their format
  kTruncated,             // received bytes end before the format says they should
  kLimitExceeded,         // input is well formed but past a configured limit (size, depth, count)
  kUnsupported,           // a valid feature this build does not implement
  kAuthenticationFailed,  // a MAC, RES or AUTN did not verify; message is always generic
  kRefused,               // a policy refused an otherwise valid request
  kNotFound,              // a named thing does not exist
  kIo,                    // the operating system failed a read, write or socket call
  kInternal,              // a broken invariant inside dmboot
};

// ErrorCodeName returns the stable lower-case name of `code`, e.g. "malformed".
std::string_view ErrorCodeName(ErrorCode code);

// Error is a failure: its kind and a one-line message that names the offending value (never a
// secret).
struct Error {
  ErrorCode code;
  std::string message;
};

// Fail is the one way to build an Error.
inline Error Fail(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// DMBOOT_CHECK aborts on a broken precondition (a programming error, never bad input), in every
// build mode, like BoringSSL's BSSL_CHECK.
#define DMBOOT_CHECK(condition)                                   \
  do {                                                            \
    if (!(condition)) {                                           \
      ::dmboot::internal::CheckFailed(#condition, __FILE__, __LINE__); \
    }                                                             \
  } while (0)

namespace internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace internal

// Result<T> holds either a T or an Error: a subset of C++23 std::expected, so moving to it later
// means swapping an alias. Accessing the wrong alternative aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    DMBOOT_CHECK(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    DMBOOT_CHECK(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    DMBOOT_CHECK(has_value());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    DMBOOT_CHECK(!has_value());
    return std::get<1>(state_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void> is success or an Error. Success holds no Error at all: Ok() is as cheap as a bool
// on the decoders' per-token paths.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const { DMBOOT_CHECK(has_value()); }
  const Error& error() const {
    DMBOOT_CHECK(!has_value());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

// Ok returns a successful Result<void>.
inline Result<void> Ok() { return {}; }

}  // namespace dmboot

#endif  // DMBOOT_CORE_RESULT_H_
