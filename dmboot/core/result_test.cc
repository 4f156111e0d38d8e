#include "dmboot/core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

namespace dmboot {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return Fail(ErrorCode::kInvalidArgument, "odd value " + std::to_string(x));
  }
  return x / 2;
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> ok = Half(8);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 4);
  Result<int> bad = Half(7);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "odd value 7");
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(3);
  ASSERT_TRUE(r.has_value());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 3);
}

TEST(ResultTest, VoidResult) {
  Result<void> ok = Ok();
  EXPECT_TRUE(ok);
  Result<void> bad = Fail(ErrorCode::kIo, "disk full");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kIo);
}

TEST(ResultDeathTest, WrongAlternativeAborts) {
  Result<int> bad = Half(1);
  EXPECT_DEATH((void)bad.value(), "check failed");
  Result<int> ok = Half(2);
  EXPECT_DEATH((void)ok.error(), "check failed");
}

TEST(ResultTest, EveryCodeHasADistinctName) {
  const ErrorCode codes[] = {ErrorCode::kInvalidArgument, ErrorCode::kMalformed,
                             ErrorCode::kTruncated,       ErrorCode::kLimitExceeded,
                             ErrorCode::kUnsupported,     ErrorCode::kAuthenticationFailed,
                             ErrorCode::kRefused,         ErrorCode::kNotFound,
                             ErrorCode::kIo,              ErrorCode::kInternal};
  std::set<std::string_view> names;
  for (ErrorCode c : codes) {
    names.insert(ErrorCodeName(c));
  }
  EXPECT_EQ(names.size(), std::size(codes));
}

}  // namespace
}  // namespace dmboot
