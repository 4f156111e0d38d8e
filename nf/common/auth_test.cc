#include "nf/common/auth.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

namespace dmboot::nf {
namespace {

HttpRequest WithBearer(const std::string& token) {
  HttpRequest request;
  request.headers["authorization"] = "Bearer " + token;
  return request;
}

TEST(AuthTest, BearerTokenIsStoredOnlyAsItsHashAndAuthenticates) {
  auto [token, stored] = NewToken("ops", {"operator"});
  EXPECT_EQ(token.size(), 64u);
  Authenticator auth({stored}, {});
  Result<Principal> who = auth.Authenticate(WithBearer(token));
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->name, "ops");
  EXPECT_TRUE(who->Has("operator"));
}

TEST(AuthTest, NoOrWrongCredentialIs401) {
  auto [token, stored] = NewToken("ops", {"operator"});
  Authenticator auth({stored}, {});
  EXPECT_EQ(auth.Authenticate(HttpRequest{}).error().code, ErrorCode::kAuthenticationFailed);
  EXPECT_EQ(auth.Authenticate(WithBearer(token + "0")).error().code, ErrorCode::kAuthenticationFailed);
  HttpRequest basic;
  basic.headers["authorization"] = "Basic " + token;
  EXPECT_EQ(auth.Authenticate(basic).error().code, ErrorCode::kAuthenticationFailed);
}

TEST(AuthTest, PeerIdentityMapsToConfiguredRoles) {
  Authenticator auth({}, {{"naf.example.org", {"naf"}}});
  HttpRequest request;
  request.peer_identity = "naf.example.org";
  Result<Principal> who = Authorize(auth, request, "naf", "test");
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->name, "naf.example.org");
  request.peer_identity = "other.example.org";  // verified but unmapped: no roles
  EXPECT_EQ(Authorize(auth, request, "naf", "test").error().code, ErrorCode::kRefused);
}

TEST(AuthTest, MissingRoleIs403) {
  auto [token, stored] = NewToken("ops", {"operator"});
  Authenticator auth({stored}, {});
  EXPECT_EQ(Authorize(auth, WithBearer(token), "admin", "test").error().code, ErrorCode::kRefused);
  EXPECT_TRUE(Authorize(auth, WithBearer(token), "operator", "test"));
}

TEST(AuthTest, TokensFileRoundTripsAndMustBe0600) {
  auto [token, stored] = NewToken("bsf", {"bsf"});
  std::string path = ::testing::TempDir() + "/auth_test_tokens";
  { std::ofstream(path) << StoredTokenLine(stored) << "\n"; }
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(LoadTokens(path).error().code, ErrorCode::kRefused);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  Result<std::vector<StoredToken>> loaded = LoadTokens(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  Authenticator auth(*loaded, {});
  EXPECT_TRUE(Authorize(auth, WithBearer(token), "bsf", "test"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dmboot::nf
