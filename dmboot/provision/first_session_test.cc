#include "dmboot/provision/first_session.h"

#include <gtest/gtest.h>

namespace dmboot::provision {
namespace {

bootstrap::Account WithClient(const std::string& type, const std::string& nonce_b64) {
  bootstrap::Account account;
  bootstrap::AppAuth client;
  client.level = bootstrap::AuthLevel::kClient;
  client.type = type;
  client.name = "device-user";
  client.secret = crypto::SecretBytes::FromText("client-secret-1");
  client.nonce_b64 = nonce_b64;
  account.credentials.push_back(client);
  return account;
}

TEST(FirstSessionTest, ClientCredentialOfTheAccount) {
  for (const auto& [aauth, type] : {std::pair{"BASIC", session::DmAuthType::kBasic},
                                    std::pair{"HTTP-DIGEST", session::DmAuthType::kDigest},
                                    std::pair{"HMAC", session::DmAuthType::kHmac}}) {
    Result<session::DmCredential> c = ClientCredentialOf(WithClient(aauth, "bm9uY2UtMQ=="));
    ASSERT_TRUE(c) << aauth << ": " << c.error().message;
    EXPECT_EQ(c->type, type);
    EXPECT_EQ(c->name, "device-user");
    EXPECT_TRUE(c->secret == crypto::SecretBytes::FromText("client-secret-1"));
    EXPECT_EQ(std::string(c->nonce.begin(), c->nonce.end()), "nonce-1");
  }
  Result<session::DmCredential> no_nonce = ClientCredentialOf(WithClient("DIGEST", ""));
  ASSERT_TRUE(no_nonce);
  EXPECT_TRUE(no_nonce->nonce.empty());
}

TEST(FirstSessionTest, RefusalsNameTheFieldNeverTheSecret) {
  bootstrap::Account server_only = WithClient("DIGEST", "");
  server_only.credentials[0].level = bootstrap::AuthLevel::kServer;
  for (const auto& [account, expected] :
       {std::pair{server_only, "no CLCRED"}, std::pair{WithClient("X509", ""), "'X509'"},
        std::pair{WithClient("HMAC", "not base64!"), "nonce is not base64"}}) {
    Result<session::DmCredential> c = ClientCredentialOf(account);
    ASSERT_FALSE(c) << expected;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(c.error().message.find(expected), std::string::npos) << c.error().message;
    EXPECT_EQ(c.error().message.find("client-secret"), std::string::npos) << c.error().message;
  }
}

}  // namespace
}  // namespace dmboot::provision
