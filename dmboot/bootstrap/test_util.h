#ifndef DMBOOT_BOOTSTRAP_TEST_UTIL_H_
#define DMBOOT_BOOTSTRAP_TEST_UTIL_H_

// Test-only helpers shared by the bootstrap tests.

#include <string>
#include <vector>

#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/hex.h"
#include "testing/test_data.h"
#include "testing/vector_file.h"

namespace dmboot::bootstrap::test {

inline std::vector<uint8_t> CpDocument() {
  return *HexDecode(
      "030b6a0674657374310045c6560187070683000101c655018707068300018711060374657374315f4e41504944"
      "0001871006ab0187080603746573743200018709068901871401c65a01870c069a01870d0603677072737573"
      "65726e616d650001870e06036770727370617373776f72640001010101");
}

inline std::vector<uint8_t> Dm12Document() {
  return testing::ReadTestFile("dmboot/bootstrap/testdata/dm12_bootstrap.v12.wbxml");
}

inline Imsi TestImsi(const std::string& digits = "123456789012345") { return *Imsi::Parse(digits); }
inline Pin TestPin(const std::string& pin = "1234") { return *Pin::Parse(pin); }

// CredentialsFrom reads IMSI / ESN / MEID / Format / PIN / KsNaf attributes of a vector.
inline BootstrapCredentials CredentialsFrom(testing::Vector& v) {
  BootstrapCredentials c;
  if (v.Has("IMSI")) {
    c.network_id = *Imsi::Parse(v.Text("IMSI"));
  }
  if (v.Has("ESN")) {
    c.network_id = *Esn::Parse(v.Text("ESN"));
  }
  if (v.Has("MEID")) {
    c.network_id = *Meid::Parse(v.Text("MEID"));
  }
  if (v.Has("Format")) {
    c.network_id_format = v.Text("Format") == "ascii" ? NetworkIdFormat::kAscii : NetworkIdFormat::kBinary;
  }
  if (v.Has("PIN")) {
    c.pin = *Pin::Parse(v.Text("PIN"));
  }
  if (v.Has("KsNaf")) {
    c.ks_naf = *KsNaf::Create(crypto::SecretBytes(v.Bytes("KsNaf")));
  }
  return c;
}

}  // namespace dmboot::bootstrap::test

#endif  // DMBOOT_BOOTSTRAP_TEST_UTIL_H_
