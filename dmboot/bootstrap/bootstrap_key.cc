#include "dmboot/bootstrap/bootstrap_key.h"

#include <string>
#include <vector>

#include "dmboot/core/hex.h"

namespace dmboot::bootstrap {
namespace {

Error Missing(SecurityType type, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, "SEC=" + std::string(SecurityTypeName(type)) +
                                               " needs " + std::string(what));
}

std::vector<uint8_t> TextBytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// NetworkKey returns the NETWORKID secret bytes. IMSI, ESN and MEID are identifiers, not secrets,
// but the key built from them still travels as SecretBytes.
Result<crypto::SecretBytes> NetworkKey(SecurityType type, const BootstrapCredentials& c,
                                       bool imsi_only) {
  if (!c.network_id) {
    return Missing(type, imsi_only ? "an IMSI" : "an IMSI, ESN or MEID");
  }
  const bool ascii = c.network_id_format == NetworkIdFormat::kAscii;
  if (const Imsi* imsi = std::get_if<Imsi>(&*c.network_id)) {
    return crypto::SecretBytes(ascii ? TextBytes(imsi->digits()) : imsi->SemiOctets());
  }
  if (imsi_only) {
    return Missing(type, "an IMSI (ESN and MEID are not defined for OMA CP)");
  }
  if (const Esn* esn = std::get_if<Esn>(&*c.network_id)) {
    return crypto::SecretBytes(ascii ? TextBytes(HexEncode(esn->bytes(), HexCase::kUpper))
                                     : std::vector<uint8_t>(esn->bytes().begin(), esn->bytes().end()));
  }
  const Meid& meid = std::get<Meid>(*c.network_id);
  return crypto::SecretBytes(ascii ? TextBytes(HexEncode(meid.bytes(), HexCase::kUpper))
                                   : std::vector<uint8_t>(meid.bytes().begin(), meid.bytes().end()));
}

Result<crypto::SecretBytes> PinColon(SecurityType type, const BootstrapCredentials& c,
                                     const crypto::SecretBytes& secret) {
  if (!c.pin) {
    return Missing(type, "a PIN");
  }
  static const uint8_t kColon[] = {':'};
  crypto::SecretBytes pin_colon = crypto::SecretBytes::Concat(c.pin->secret().Reveal(), kColon);
  return crypto::SecretBytes::Concat(pin_colon.Reveal(), secret.Reveal());
}

}  // namespace

Result<crypto::SecretBytes> DeriveBootstrapKey(SecurityType type, const BootstrapCredentials& c) {
  switch (type) {
    case SecurityType::kNetworkId:
      return NetworkKey(type, c, /*imsi_only=*/false);
    case SecurityType::kCpNetwPin:
      return NetworkKey(type, c, /*imsi_only=*/true);
    case SecurityType::kUserPin:
    case SecurityType::kCpUserPin:
    case SecurityType::kCpUserPinMac:
      if (!c.pin) {
        return Missing(type, "a PIN");
      }
      return c.pin->secret();
    case SecurityType::kUserPinNetworkId: {
      Result<crypto::SecretBytes> network = NetworkKey(type, c, /*imsi_only=*/false);
      if (!network) {
        return network.error();
      }
      return PinColon(type, c, *network);
    }
    case SecurityType::kCpUserNetwPin: {
      Result<crypto::SecretBytes> network = NetworkKey(type, c, /*imsi_only=*/true);
      if (!network) {
        return network.error();
      }
      if (!c.pin) {
        return Missing(type, "a PIN");
      }
      return crypto::SecretBytes::Concat(network->Reveal(), c.pin->secret().Reveal());
    }
    case SecurityType::kNetworkIdGba:
      if (!c.ks_naf) {
        return Missing(type, "Ks_NAF from a GBA Push security association");
      }
      return c.ks_naf->secret();
    case SecurityType::kUserPinNetworkIdGba:
      if (!c.ks_naf) {
        return Missing(type, "Ks_NAF from a GBA Push security association");
      }
      return PinColon(type, c, c.ks_naf->secret());
  }
  return Fail(ErrorCode::kInternal, "unhandled security type");
}

}  // namespace dmboot::bootstrap
