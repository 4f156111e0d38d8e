// Bootstrap MAC over the 1485-byte DM 1.2 bootstrap (libwbxml's sample): dmboot's BootstrapSigner
// (key derived and HMAC keyed once, MAC written as hex) against raw OpenSSL EVP_MAC keyed once,
// same bytes, same run. And the device's whole receive path: verify + decode + extract.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "openssl_hmac_peer.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/verifier.h"
#include "dmboot/wbxml/decoder.h"

namespace {

std::vector<uint8_t> Sample() {
  std::ifstream in(DMBOOT_SOURCE_DIR "/dmboot/bootstrap/testdata/dm12_bootstrap.v12.wbxml", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

dmboot::bootstrap::BootstrapCredentials Credentials() {
  dmboot::bootstrap::BootstrapCredentials c;
  c.network_id = *dmboot::bootstrap::Imsi::Parse("001010123456789");
  c.pin = *dmboot::bootstrap::Pin::Parse("1234");
  return c;
}

void BM_Dmboot_BootstrapSigner_UserPinNetworkId(benchmark::State& state) {
  const std::vector<uint8_t> doc = Sample();
  auto signer = *dmboot::bootstrap::BootstrapSigner::Create(
      dmboot::bootstrap::SecurityType::kUserPinNetworkId, Credentials());
  for (auto _ : state) {
    std::string mac = signer.Sign(doc);
    benchmark::DoNotOptimize(mac);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_Dmboot_BootstrapSigner_UserPinNetworkId);

void BM_OpenSsl_EvpMac_HmacSha1_SameDocument(benchmark::State& state) {
  const std::vector<uint8_t> doc = Sample();
  const uint8_t key[] = {'1', '2', '3', '4', ':', 0x09, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10};
  RunOpenSslHmacSha1KeyedOnce(state, key, doc);
}
BENCHMARK(BM_OpenSsl_EvpMac_HmacSha1_SameDocument);

// What a device does with one received DM 1.2 bootstrap: parse the header, derive the key, check
// the MAC over the bytes, decode the WBXML, extract and validate the account.
void BM_Dmboot_Device_VerifyDecodeExtract(benchmark::State& state) {
  const std::vector<uint8_t> doc = Sample();
  const auto type = dmboot::bootstrap::SecurityType::kUserPinNetworkId;
  const std::string content_type = dmboot::bootstrap::FormatContentType(
      type, *dmboot::bootstrap::ComputeBootstrapMac(type, Credentials(), doc));
  dmboot::bootstrap::DeviceCredentials device;
  device.network_id = *dmboot::bootstrap::Imsi::Parse("001010123456789");
  device.pin_supplier = [] { return dmboot::bootstrap::Pin::Parse("1234"); };
  const dmboot::bootstrap::VerificationPolicy policy;
  dmboot::bootstrap::PinAttemptCounter attempts;
  for (auto _ : state) {
    auto verified = dmboot::bootstrap::VerifyBootstrapBytes(doc, content_type, device, policy, attempts);
    auto decoded = dmboot::wbxml::Decode(doc);
    auto account = dmboot::bootstrap::ExtractAccount(*decoded);
    if (!verified || !account) {
      state.SkipWithError("the sample did not verify");
      break;
    }
    benchmark::DoNotOptimize(account);
  }
}
BENCHMARK(BM_Dmboot_Device_VerifyDecodeExtract)->Unit(benchmark::kMicrosecond);

}  // namespace
