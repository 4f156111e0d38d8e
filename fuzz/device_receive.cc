// Fuzz target: a device receiving hostile datagrams. Byte 0 picks the bearer: even = one WSP PDU
// (UDP), odd = SMS-DELIVER TPDUs as length-prefixed records (then the reassembly timeout passes).
// Properties: nothing crashes; the tree in force is always the tree last persisted (the apply is
// all or nothing); an account exists only if a push verified and asked for a DM session.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/device/device.h"

namespace {

dmboot::device::DeviceConfig Config() {
  dmboot::device::DeviceConfig c;
  c.imei = "490154203237518";
  c.imsi = "001010123456789";
  c.msisdn = "358401234567";
  c.impi = "001010123456789@ims.mnc001.mcc001.3gppnetwork.org";
  // TS 35.208 test set 1.
  c.keys = dmboot::gba::SubscriberKeys{
      *dmboot::gba::K::FromSpan(*dmboot::HexDecode("465b5ce8b199b49faa5f0a2ee238a6bc")),
      *dmboot::gba::Opc::FromSpan(*dmboot::HexDecode("cd63cb71954a9f4e48a5994e37a02baf"))};
  c.pin = *dmboot::bootstrap::Pin::Parse("1234");
  c.trusted_nafs = {*dmboot::gba::NafId::Create("dms.example.test", dmboot::gba::kDefaultDmUaId)};
  c.reassembly.timeout_ms = 1000;
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) {
    return 0;
  }
  auto persisted = std::make_shared<std::optional<dmboot::device::DmTree>>();
  dmboot::Result<dmboot::device::Device> made = dmboot::device::Device::Create(
      Config(), {}, [persisted](const dmboot::device::DmTree& t) -> dmboot::Result<void> {
        *persisted = t;
        return dmboot::Ok();
      });
  if (!made) {
    __builtin_trap();
  }
  dmboot::device::Device& device = *made;
  bool session = false;
  std::span<const uint8_t> rest(data + 1, size - 1);
  if ((data[0] & 1) == 0) {
    session = device.OnPush(rest, 1790000000).session.has_value();
  } else {
    uint64_t now = 0;
    while (!rest.empty()) {
      size_t len = std::min<size_t>(rest[0], rest.size() - 1);
      session = device.OnSms(rest.subspan(1, len), now++, 1790000000).session.has_value() || session;
      rest = rest.subspan(1 + len);
    }
    (void)device.Tick(now + 5000);
  }
  const dmboot::device::DmTree& in_force = device.tree();
  if (persisted->has_value() ? !(**persisted == in_force) : !(in_force == dmboot::device::DmTree{})) {
    __builtin_trap();
  }
  if (in_force.Get("./DMAcc") != nullptr && !session) {
    __builtin_trap();
  }
  return 0;
}
