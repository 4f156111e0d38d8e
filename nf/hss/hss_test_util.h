#ifndef DMBOOT_NF_HSS_HSS_TEST_UTIL_H_
#define DMBOOT_NF_HSS_HSS_TEST_UTIL_H_

// Test-only helpers shared by the HSS and BSF tests.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "dmboot/core/hex.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"
#include "nf/hss/hss_service.h"

namespace dmboot::nf::hss::test {

// TS 35.208 test set 1 (3GPP TS 35.208 §4.3, Test Set 1): K, OP and the OPc it gives.
inline constexpr const char* kK1 = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline constexpr const char* kOp1 = "cdc202d5123e20f62b6d676ac72cb318";
inline constexpr const char* kOpc1 = "cd63cb71954a9f4e48a5994e37a02baf";

template <typename T>
T FromHex(const std::string& hex) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  Result<T> out = T::FromSpan(bytes ? *bytes : std::vector<uint8_t>{});
  EXPECT_TRUE(out.has_value());
  return out ? *out : T{};
}

inline gba::Milenage Milenage1() {
  return gba::Milenage::Create(gba::SubscriberKeys{FromHex<gba::K>(kK1), FromHex<gba::Opc>(kOpc1)});
}

// SqnOfAv opens the AUTN of `av` with AK = f5(RAND) of `m`: the SQN the HSS allocated.
inline uint64_t SqnOfAv(const gba::Milenage& m, const gba::AuthVector& av) {
  return gba::SqnToInt(gba::OpenAutn(av.autn, m.F2345(av.rand).ak).sqn);
}

// NewSubscriber1 is test set 1 under `imsi`.
inline NewSubscriber NewSubscriber1(const std::string& imsi, const std::string& msisdn = "") {
  NewSubscriberText text;
  text.imsi = imsi;
  text.msisdn = msisdn;
  text.k = kK1;
  text.opc = kOpc1;
  Result<NewSubscriber> s = ParseNewSubscriber(text);
  EXPECT_TRUE(s.has_value());
  return s ? *s : NewSubscriber{};
}

// TempDir is a fresh folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "dmboot_nf_XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace dmboot::nf::hss::test

#endif  // DMBOOT_NF_HSS_HSS_TEST_UTIL_H_
