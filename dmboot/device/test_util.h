#ifndef DMBOOT_DEVICE_TEST_UTIL_H_
#define DMBOOT_DEVICE_TEST_UTIL_H_

// Test-only: what a DM server (NAF) sends a device, built with the library modules the server
// side uses (bootstrap documents and MACs, WSP Push and SMS, GBA Push Info from Milenage), and the
// server's half of the first DM session. Shared by dmboot/device and nf/device tests.

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/base64.h"
#include "dmboot/core/hex.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"
#include "dmboot/provision/bootstrap_push.h"
#include "dmboot/push/sms.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/session/dm_auth.h"
#include "dmboot/session/dm_package.h"

namespace dmboot::device::test {

// TS 35.208 test set 1 K and OPc (3GPP TS 35.208 §4.3, set 1), as dmboot/gba's tests use them.
inline constexpr char kKHex[] = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline constexpr char kOpcHex[] = "cd63cb71954a9f4e48a5994e37a02baf";
inline constexpr char kImsi[] = "001010123456789";
inline constexpr char kImpi[] = "001010123456789@ims.mnc001.mcc001.3gppnetwork.org";
inline constexpr uint64_t kNow = 1790000000;

inline gba::SubscriberKeys Keys() {
  return gba::SubscriberKeys{*gba::K::FromSpan(*HexDecode(kKHex)),
                             *gba::Opc::FromSpan(*HexDecode(kOpcHex))};
}

inline gba::NafId Dms(const std::string& fqdn = "dms.example.test") {
  return *gba::NafId::Create(fqdn, gba::kDefaultDmUaId);
}

// Account returns a valid w7 account whose CLCRED has `type` (BASIC, DIGEST or HMAC).
inline bootstrap::Account Account(const std::string& server_id = "dms.example.test",
                                  const std::string& type = "HMAC",
                                  const std::string& address = "http://127.0.0.1:1/dm",
                                  const std::string& secret = "client-secret-1",
                                  const std::string& node = "dmboot") {
  bootstrap::Account a;
  a.node_name = node;
  a.server_id = server_id;
  a.name = "dmboot test server";
  a.addresses.push_back(bootstrap::AppAddr{address, "URI", std::nullopt});
  a.auth_pref = type;
  bootstrap::AppAuth client;
  client.level = bootstrap::AuthLevel::kClient;
  client.type = type;
  client.name = "device-user";
  client.secret = crypto::SecretBytes::FromText(secret);
  client.nonce_b64 = "bm9uY2UtMQ==";
  a.credentials.push_back(client);
  bootstrap::AppAuth server;
  server.level = bootstrap::AuthLevel::kServer;
  server.type = type;
  server.name = server_id;
  server.secret = crypto::SecretBytes::FromText("server-secret");
  server.nonce_b64 = "c3J2LW5vbmNl";
  a.credentials.push_back(server);
  return a;
}

// BootstrapPush returns the WSP Push PDU of the bootstrap `body` with SEC `type` and exactly the
// MAC parameters `macs` (none, one or repeated: what a broken server or an attacker may send).
inline std::vector<uint8_t> BootstrapPush(std::vector<uint8_t> body, bootstrap::SecurityType type,
                                          std::vector<std::string> macs) {
  Result<std::vector<uint8_t>> pdu =
      push::EncodeWspPush(provision::BootstrapPushOf(type, std::move(body), std::move(macs)));
  EXPECT_TRUE(pdu.has_value());
  return *pdu;
}

// BootstrapDocument returns the WBXML bootstrap of `account` in `profile`.
inline std::vector<uint8_t> BootstrapDocument(
    const bootstrap::Account& account,
    bootstrap::Profile profile = bootstrap::Profile::kDm12Inbox) {
  Result<std::vector<uint8_t>> doc =
      bootstrap::BuildBootstrapWbxml(account, profile, {"IMEI:490154203237518", "1", "1"});
  EXPECT_TRUE(doc.has_value()) << (doc ? "" : doc.error().message);
  return *doc;
}

// SignedBootstrapPush returns the WSP Push PDU of `account` as a DM 1.2 bootstrap signed with
// `type` and `credentials`; `tamper` flips a bit of the body after signing.
inline std::vector<uint8_t> SignedBootstrapPush(const bootstrap::Account& account,
                                                bootstrap::SecurityType type,
                                                const bootstrap::BootstrapCredentials& credentials,
                                                bool tamper = false,
                                                bootstrap::Profile profile =
                                                    bootstrap::Profile::kDm12Inbox) {
  std::vector<uint8_t> doc = BootstrapDocument(account, profile);
  Result<std::string> mac = bootstrap::ComputeBootstrapMac(type, credentials, doc);
  EXPECT_TRUE(mac.has_value()) << (mac ? "" : mac.error().message);
  if (tamper) {
    doc[doc.size() / 2] ^= 0x01;
  }
  return BootstrapPush(std::move(doc), type, {*mac});
}

inline bootstrap::BootstrapCredentials PinCredentials(const std::string& pin) {
  bootstrap::BootstrapCredentials c;
  c.pin = *bootstrap::Pin::Parse(pin);
  return c;
}

inline bootstrap::BootstrapCredentials GbaCredentials(const gba::NafKey& ks_naf) {
  bootstrap::BootstrapCredentials c;
  c.ks_naf = *bootstrap::KsNaf::Create(crypto::SecretBytes(ks_naf.Reveal()));
  return c;
}

// GpiPush is a GPI push and the Ks_NAF the BSF gave the NAF with it.
struct GpiPush {
  std::vector<uint8_t> pdu;
  gba::NafKey ks_naf;
  gba::Rand rand;
};

// Network is the HSS + BSF of one subscriber: Milenage, the SQN generator, BuildGpi.
class Network {
 public:
  Network() : milenage_(gba::Milenage::Create(Keys())) {}

  // Push builds a GPI push from a fresh AV; `wrong_mac` flips the last bit of the GPI MAC (the
  // profile's last field, docs/gpi-profile.md) and leaves AUTN valid.
  GpiPush Push(std::vector<uint8_t> p_tid, uint64_t expiry = kNow + 3600,
               gba::NafId naf = Dms(), std::optional<gba::Sqn> sqn = std::nullopt,
               bool wrong_mac = false) {
    gba::Rand rand;
    for (size_t i = 0; i < rand.bytes.size(); ++i) {
      rand.bytes[i] = static_cast<uint8_t>(counter_ * 13 + i);
    }
    ++counter_;
    gba::Sqn use = sqn ? *sqn : *sqn_.Next();
    const gba::AuthVector av = gba::GenerateAuthVector(milenage_, rand, use, gba::Amf{{0x80, 0}});
    Result<gba::GpiResponse> r = gba::BuildGpi(
        gba::GpiRequest{std::move(p_tid), std::move(naf), kImpi, gba::GbaType::kGbaMe, expiry,
                        std::nullopt, std::nullopt},
        av);
    EXPECT_TRUE(r.has_value());
    if (wrong_mac) {
      r->gpi.back() ^= 0x01;
    }
    Result<std::vector<uint8_t>> env = gba::EncodeGpiEnvelope({"sess-1", r->gpi});
    EXPECT_TRUE(env.has_value());
    push::WspPush wsp;
    wsp.tid = 2;
    wsp.content_type.media = std::string(push::kMediaGbaPushInfo);
    wsp.application_id = push::WspApplicationId{push::kAppIdSyncmlDm, ""};
    wsp.body = *env;
    Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(wsp);
    EXPECT_TRUE(pdu.has_value());
    return GpiPush{*pdu, r->ks_naf, rand};
  }

  const gba::Milenage& milenage() const { return milenage_; }

 private:
  gba::Milenage milenage_;
  gba::SqnGenerator sqn_;
  size_t counter_ = 1;
};

// SmsTpdus cuts a WSP PDU into SMS-DELIVER TPDUs (8-bit, WDP ports 2948/9200, concatenated).
inline std::vector<std::vector<uint8_t>> SmsTpdus(const std::vector<uint8_t>& pdu,
                                                  uint16_t reference = 7) {
  push::SegmentOptions options;
  options.reference = reference;
  Result<std::vector<push::SmsUserData>> parts = push::SegmentForSms(pdu, options);
  EXPECT_TRUE(parts.has_value());
  push::SmsTpdu like;
  like.address = "+358401234567";
  Result<std::vector<std::vector<uint8_t>>> tpdus = push::EncodeSmsTpdus(*parts, like);
  EXPECT_TRUE(tpdus.has_value());
  return *tpdus;
}

// AnswerPackage1 is the DM server's side of the first session: it checks the client credential of
// `account` (Cred for BASIC/DIGEST, x-syncml-hmac for HMAC) and returns package 2 with 212, or
// 401 when it does not verify.
inline std::vector<uint8_t> AnswerPackage1(const bootstrap::Account& account,
                                           const std::vector<uint8_t>& body,
                                           const std::string& hmac_header) {
  Result<session::Package1> p1 = session::DecodePackage1(body);
  EXPECT_TRUE(p1.has_value());
  const bootstrap::AppAuth* c = account.ClientCredential();
  session::DmCredential expected{*session::AuthTypeFromAAuthType(c->type), c->name, c->secret,
                                 *Base64Decode(c->nonce_b64)};
  Result<void> ok = expected.type == session::DmAuthType::kHmac
                        ? session::VerifyHmacHeader(expected, hmac_header, body)
                        : session::VerifyCredData(expected, p1 ? p1->cred_data : "");
  session::Package2 p2;
  p2.session_id = p1 ? p1->session_id : "1";
  p2.server_uri = p1 ? p1->server_uri : "";
  p2.device_id = p1 ? p1->device_id : "";
  p2.header_status = ok ? 212 : 401;
  return *session::EncodePackage2(p2);
}

}  // namespace dmboot::device::test

#endif  // DMBOOT_DEVICE_TEST_UTIL_H_
