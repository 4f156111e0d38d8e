#ifndef DMBOOT_CLI_CREDENTIAL_FLAGS_H_
#define DMBOOT_CLI_CREDENTIAL_FLAGS_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/bootstrap/verifier.h"
#include "dmboot/core/result.h"

namespace dmboot::cli {

// CredentialFlags are the flags every command that keys a bootstrap shares (mac, sign, verify,
// push): --imsi, --esn, --meid, --pin, --pin-file, --ks-naf, --netid-format.
struct CredentialFlags {
  std::string imsi;
  std::string esn;
  std::string meid;
  std::string pin;
  std::string pin_file;
  std::string ks_naf_hex;
  std::string netid_format = "semi-octet";
};

// AddCredentialFlags registers the flags on `command`, storing into `flags`.
void AddCredentialFlags(CLI::App* command, CredentialFlags& flags);

// ToCredentials validates the flags into credentials (at most one of IMSI/ESN/MEID; PIN digits
// per the default policy, or the raw user string for USERPINMAC; Ks_NAF 64 hex digits). Errors
// name the flag, never its value.
Result<bootstrap::BootstrapCredentials> ToCredentials(const CredentialFlags& flags,
                                                      const bootstrap::PinPolicy& pin_policy = {});

// ToDeviceCredentials gives the verifier what the flags hold as a device would: the network id,
// and the PIN and Ks_NAF handed over when the SEC type asks for them (a type whose credential was
// not given fails with kInvalidArgument naming the flag).
bootstrap::DeviceCredentials ToDeviceCredentials(bootstrap::BootstrapCredentials credentials);

// ParseSecFlag reads --sec for `media` ("dm", "cp" or empty). Empty media tries the DM names
// first, then the CP names, so `--sec NETWPIN` needs no --media.
Result<bootstrap::SecurityType> ParseSecFlag(const std::string& sec, const std::string& media);

}  // namespace dmboot::cli

#endif  // DMBOOT_CLI_CREDENTIAL_FLAGS_H_
