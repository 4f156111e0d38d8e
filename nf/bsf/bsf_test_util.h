#ifndef DMBOOT_NF_BSF_BSF_TEST_UTIL_H_
#define DMBOOT_NF_BSF_BSF_TEST_UTIL_H_

// Test-only: a BSF wired to a real in-process HSS (test set 1 subscriber) and the UE side.

#include <gtest/gtest.h>

#include "dmboot/gba/ue.h"
#include "dmboot/gba/usim.h"
#include "nf/bsf/bsf_service.h"
#include "nf/hss/hss_test_util.h"

namespace dmboot::nf::bsf::test {

using hss::test::FromHex;

inline constexpr const char* kImsi = "001010000000001";
inline constexpr const char* kMsisdn = "33600000001";
inline constexpr const char* kImpi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
inline constexpr uint64_t kNow = 1800000000;

inline gba::NafId Naf(const std::string& fqdn) { return *gba::NafId::Create(fqdn, gba::kDefaultDmUaId); }

// The table: dms may push (GBA_U too, 1 h max); me-only may push GBA_ME only; listed-no-push is
// in the table without may_push.
inline Json NafTableJson() {
  return Json::parse(R"([
    {"naf_fqdn": "dms.example.test", "ua_id": "ff00000001", "may_push": true,
     "max_key_lifetime_s": 3600, "gba_u_allowed": true},
    {"naf_fqdn": "me-only.example.test", "ua_id": "ff00000001", "may_push": true,
     "max_key_lifetime_s": 86400, "gba_u_allowed": false},
    {"naf_fqdn": "listed-no-push.example.test", "ua_id": "ff00000001", "may_push": false,
     "max_key_lifetime_s": 86400}])");
}

inline gba::Usim UsimOfSet1() {
  return gba::Usim::Create(gba::SubscriberKeys{FromHex<gba::K>(hss::test::kK1),
                                               FromHex<gba::Opc>(hss::test::kOpc1)});
}

}  // namespace dmboot::nf::bsf::test

#endif  // DMBOOT_NF_BSF_BSF_TEST_UTIL_H_
