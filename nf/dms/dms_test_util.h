#ifndef DMBOOT_NF_DMS_DMS_TEST_UTIL_H_
#define DMBOOT_NF_DMS_DMS_TEST_UTIL_H_

// Fakes for the DMS tests: a BSF that answers with a GPI it builds itself (Ks_NAF fixed and
// known to the test) and a push sender that records what it is given.

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/gba/gpi.h"
#include "nf/dms/dms_service.h"
#include "nf/dms/sqlite_job_store.h"

namespace dmboot::nf::dms::testing {

// kFakeKsNaf is the Ks_NAF the fake BSF hands out: 32 octets 0xA0..0xBF (computed by us).
inline std::vector<uint8_t> FakeKsNafBytes(uint8_t salt = 0) {
  std::vector<uint8_t> key(32);
  for (size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<uint8_t>(0xA0 + i + salt);
  }
  return key;
}

class FakeBsf : public BsfClient {
 public:
  Result<PushInfo> RetrievePushInfo(const contracts::PushInfoRequest& request) override {
    const std::string& imsi = request.ue_id;
    Result<gba::NafId> naf_id = gba::NafId::Parse(request.naf_id);
    if (!naf_id) {
      return naf_id.error();
    }
    if (on_retrieve) {
      on_retrieve();
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++retrievals;
    last_naf_id = request.naf_id;
    last_imsi = imsi;
    last_gba_type = request.gba_type;
    last_lifetime = static_cast<int64_t>(request.key_lifetime_s);
    if (next_error) {
      return *next_error;
    }
    const uint8_t n = static_cast<uint8_t>(retrievals);
    gba::GbaPushInfo info{.p_tid = {0x50, n, static_cast<uint8_t>(imsi.back())},
                          .rand = {},
                          .autn = {},
                          .naf_id = *naf_id,
                          .app_lbl = std::nullopt,
                          .gba_type = gba::GbaType::kGbaMe,
                          .key_expiry = static_cast<uint64_t>(expiry_s),
                          .ue_identity = std::nullopt,
                          .extensions = {},
                          .mac = {}};
    for (size_t i = 0; i < 16; ++i) {
      info.rand.bytes[i] = static_cast<uint8_t>(size_t{0x10} * n + i);
    }
    Result<std::vector<uint8_t>> gpi = gba::GpiProfileV1().Encode(info);
    if (!gpi) {
      return gpi.error();
    }
    last_gpi = *gpi;
    last_rand.assign(info.rand.bytes.begin(), info.rand.bytes.end());
    PushInfo out;
    const std::string p_tid = p_tid_prefix + HexEncode(info.p_tid) + "-" + imsi;
    out.p_tid.assign(p_tid.begin(), p_tid.end());
    out.gpi = *gpi;
    out.key = *gba::NafKey::FromSpan(FakeKsNafBytes(static_cast<uint8_t>(n - 1)));
    out.key_expiry = static_cast<uint64_t>(expiry_s);
    out.impi = imsi + "@ims.mnc001.mcc001.3gppnetwork.org";
    return out;
  }

  Result<void> Resync(const contracts::PushResync& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++resyncs;
    last_naf_id = request.naf_id;
    last_imsi = request.ue_id;
    resync_rand.assign(request.rand.bytes.begin(), request.rand.bytes.end());
    resync_auts.assign(request.auts.bytes.begin(), request.auts.bytes.end());
    if (resync_error) {
      return *resync_error;
    }
    return Ok();
  }

  std::mutex mu_;
  int retrievals = 0;
  int resyncs = 0;
  std::vector<uint8_t> last_naf_id;
  std::string last_imsi;
  gba::GbaType last_gba_type = gba::GbaType::kGbaMe;
  int64_t last_lifetime = 0;
  std::vector<uint8_t> last_gpi;
  std::vector<uint8_t> last_rand;
  std::vector<uint8_t> resync_rand;
  std::vector<uint8_t> resync_auts;
  int64_t expiry_s = 4102444800;  // 2100-01-01
  std::string p_tid_prefix = "ptid-";  // two fakes standing for one BSF need distinct P-TIDs
  std::optional<Error> next_error;
  std::optional<Error> resync_error;
  std::function<void()> on_retrieve;  // runs before each retrieval (state observations)
};

class FakeSender : public PushSender {
 public:
  Result<void> Send(const PushMessage& message) override {
    if (on_send) {
      on_send(message);
    }
    std::lock_guard<std::mutex> lock(mu_);
    sent.push_back(message);
    if (fail) {
      return Fail(ErrorCode::kNotFound, "no route for MSISDN " + message.msisdn);
    }
    return Ok();
  }
  std::vector<PushMessage> Sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent;
  }
  std::mutex mu_;
  std::vector<PushMessage> sent;
  bool fail = false;
  std::function<void(const PushMessage&)> on_send;  // runs before each send
};

}  // namespace dmboot::nf::dms::testing

#endif  // DMBOOT_NF_DMS_DMS_TEST_UTIL_H_
