#include "cli/credential_flags.h"

#include <memory>
#include <utility>

#include "cli/hex_flag.h"
#include "cli/io.h"
#include "dmboot/crypto/constant_time.h"

namespace dmboot::cli {

void AddCredentialFlags(CLI::App* command, CredentialFlags& flags) {
  command->add_option("--imsi", flags.imsi, "IMSI digits (NETWORKID, NETWPIN, USERNETWPIN, ...)");
  command->add_option("--esn", flags.esn, "ESN, 8 hex digits (NETWORKID on CDMA)");
  command->add_option("--meid", flags.meid, "MEID, 14 hex digits (NETWORKID on CDMA)");
  command->add_option("--pin", flags.pin, "user PIN (USERPIN types; USERPINMAC: K, or K||m to verify)");
  command->add_option("--pin-file", flags.pin_file, "read the PIN from a file (keeps it out of ps)");
  command->add_option("--ks-naf", flags.ks_naf_hex, "Ks_NAF, 64 hex digits (the GBA types)");
  command->add_option("--netid-format", flags.netid_format, "NETWORKID key bytes: semi-octet (default) or ascii")
      ->check(CLI::IsMember({"semi-octet", "ascii"}));
}

Result<bootstrap::BootstrapCredentials> ToCredentials(const CredentialFlags& flags,
                                                      const bootstrap::PinPolicy& pin_policy) {
  bootstrap::BootstrapCredentials c;
  const int identities = !flags.imsi.empty() + !flags.esn.empty() + !flags.meid.empty();
  if (identities > 1) {
    return Fail(ErrorCode::kInvalidArgument, "give at most one of --imsi, --esn, --meid");
  }
  if (!flags.imsi.empty()) {
    Result<bootstrap::Imsi> imsi = bootstrap::Imsi::Parse(flags.imsi);
    if (!imsi) {
      return Fail(ErrorCode::kInvalidArgument, "--imsi: " + imsi.error().message);
    }
    c.network_id = *imsi;
  } else if (!flags.esn.empty()) {
    Result<bootstrap::Esn> esn = bootstrap::Esn::Parse(flags.esn);
    if (!esn) {
      return Fail(ErrorCode::kInvalidArgument, "--esn: " + esn.error().message);
    }
    c.network_id = *esn;
  } else if (!flags.meid.empty()) {
    Result<bootstrap::Meid> meid = bootstrap::Meid::Parse(flags.meid);
    if (!meid) {
      return Fail(ErrorCode::kInvalidArgument, "--meid: " + meid.error().message);
    }
    c.network_id = *meid;
  }
  c.network_id_format = flags.netid_format == "ascii" ? bootstrap::NetworkIdFormat::kAscii
                                                      : bootstrap::NetworkIdFormat::kBinary;
  std::string pin = flags.pin;
  if (!flags.pin_file.empty()) {
    if (!pin.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "give --pin or --pin-file, not both");
    }
    Result<std::vector<uint8_t>> bytes = ReadInput(flags.pin_file, 256);
    if (!bytes) {
      return bytes.error();
    }
    pin.assign(bytes->begin(), bytes->end());
    while (!pin.empty() && (pin.back() == '\n' || pin.back() == '\r')) {
      pin.pop_back();
    }
  }
  if (!pin.empty()) {
    Result<bootstrap::Pin> parsed = bootstrap::Pin::Parse(pin, pin_policy);
    if (!parsed) {
      return Fail(ErrorCode::kInvalidArgument, "--pin: " + parsed.error().message);
    }
    c.pin = std::move(parsed).value();
  }
  if (!flags.ks_naf_hex.empty()) {
    Result<std::vector<uint8_t>> key = HexFlag("--ks-naf", flags.ks_naf_hex);
    if (!key) {
      return key.error();
    }
    Result<bootstrap::KsNaf> ks_naf = bootstrap::KsNaf::Create(crypto::SecretBytes(*key));
    crypto::Cleanse(*key);
    if (!ks_naf) {
      return Fail(ErrorCode::kInvalidArgument, "--ks-naf: " + ks_naf.error().message);
    }
    c.ks_naf = std::move(ks_naf).value();
  }
  return c;
}

bootstrap::DeviceCredentials ToDeviceCredentials(bootstrap::BootstrapCredentials credentials) {
  bootstrap::DeviceCredentials device;
  device.network_id = credentials.network_id;
  device.network_id_format = credentials.network_id_format;
  auto shared = std::make_shared<const bootstrap::BootstrapCredentials>(std::move(credentials));
  device.pin_supplier = [shared]() -> Result<bootstrap::Pin> {
    if (!shared->pin) {
      return Fail(ErrorCode::kInvalidArgument, "this SEC type needs --pin");
    }
    return *shared->pin;
  };
  device.ks_naf_lookup = [shared]() -> Result<bootstrap::KsNaf> {
    if (!shared->ks_naf) {
      return Fail(ErrorCode::kInvalidArgument, "this SEC type needs --ks-naf");
    }
    return *shared->ks_naf;
  };
  return device;
}

Result<bootstrap::SecurityType> ParseSecFlag(const std::string& sec, const std::string& media) {
  if (media == "cp") {
    return bootstrap::ParseSecurityType(bootstrap::BootstrapMedia::kCp, sec);
  }
  Result<bootstrap::SecurityType> dm = bootstrap::ParseSecurityType(bootstrap::BootstrapMedia::kDm, sec);
  if (dm || !media.empty() || dm.error().code != ErrorCode::kRefused) {
    return dm;
  }
  return bootstrap::ParseSecurityType(bootstrap::BootstrapMedia::kCp, sec);
}

}  // namespace dmboot::cli
