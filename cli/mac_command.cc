// dmboot mac | sign | verify: the bootstrap MAC of OMA DM Security §5.7 and PROVBOOT 1.1.
#include <cstdio>

#include "cli/command.h"
#include "cli/credential_flags.h"
#include "cli/io.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/content_type.h"
#include "dmboot/bootstrap/verifier.h"
#include "dmboot/wbxml/decoder.h"

namespace dmboot::cli {
namespace {

struct MacFlags {
  std::string sec;
  std::string media;
  std::string input;
  CredentialFlags credentials;
};

struct ComputedMac {
  bootstrap::SecurityType type;
  std::string mac;  // 40 hex digits, or the m digits of USERPINMAC
};

Result<ComputedMac> ComputeMac(const MacFlags& f) {
  Result<bootstrap::SecurityType> type = ParseSecFlag(f.sec, f.media);
  if (!type) {
    return Fail(type.error().code, "--sec: " + type.error().message);
  }
  Result<bootstrap::BootstrapCredentials> creds = ToCredentials(f.credentials);
  if (!creds) {
    return creds.error();
  }
  Result<std::vector<uint8_t>> wbxml = ReadInput(f.input);
  if (!wbxml) {
    return wbxml.error();
  }
  Result<std::string> mac = bootstrap::ComputeBootstrapMac(*type, *creds, *wbxml);
  if (!mac) {
    return mac.error();
  }
  return ComputedMac{*type, std::move(mac).value()};
}

void AddMac(CLI::App& app) {
  auto flags = std::make_shared<MacFlags>();
  CLI::App* cmd = app.add_subcommand("mac", "Compute the bootstrap HMAC for a security type");
  cmd->add_option("--sec", flags->sec, "security type (NETWORKID, USERPIN, USERPIN_NETWORKID, "
                                       "NETWORKID_GBA, USERPIN_NETWORKID_GBA, NETWPIN, USERNETWPIN, "
                                       "USERPINMAC) or CP code 0-3")->required();
  cmd->add_option("--media", flags->media, "dm or cp (default: by the SEC name)")->check(CLI::IsMember({"dm", "cp"}));
  AddCredentialFlags(cmd, flags->credentials);
  cmd->add_option("IN", flags->input, "WBXML bootstrap ('-' = stdin)")->required();
  SetAction(cmd, [flags]() -> Result<void> {
    Result<ComputedMac> computed = ComputeMac(*flags);
    if (!computed) {
      return computed.error();
    }
    return WriteText("-", computed->mac + "\n");
  });
}

void AddSign(CLI::App& app) {
  auto flags = std::make_shared<MacFlags>();
  CLI::App* cmd = app.add_subcommand("sign", "Sign a bootstrap: print its Content-Type with SEC and MAC");
  cmd->add_option("--sec", flags->sec, "security type")->required();
  cmd->add_option("--media", flags->media, "dm or cp (default: by the SEC name)")->check(CLI::IsMember({"dm", "cp"}));
  AddCredentialFlags(cmd, flags->credentials);
  cmd->add_option("IN", flags->input, "WBXML bootstrap ('-' = stdin)")->required();
  SetAction(cmd, [flags]() -> Result<void> {
    Result<ComputedMac> computed = ComputeMac(*flags);
    if (!computed) {
      return computed.error();
    }
    // USERPINMAC: the MAC digits go to the user with the PIN, never into the push.
    const bool in_header = computed->type != bootstrap::SecurityType::kCpUserPinMac;
    return WriteText("-", bootstrap::FormatContentType(computed->type, in_header ? computed->mac : "") + "\n");
  });
}

void AddVerify(CLI::App& app) {
  auto flags = std::make_shared<MacFlags>();
  auto content_type = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("verify", "Verify a received bootstrap as a device does");
  cmd->add_option("--content-type", *content_type, "the Content-Type value received with IN")->required();
  AddCredentialFlags(cmd, flags->credentials);
  cmd->add_option("IN", flags->input, "WBXML bootstrap as received ('-' = stdin)")->required();
  cmd->footer(
      "Prints `verified` (exit 0) or `verification failed` (exit 1). The MAC is checked over the "
      "received bytes first; then the document is decoded and its account validated (exit 3 if "
      "not). Every security type is accepted here: device policy is the device's business.");
  SetAction(cmd, [flags, content_type]() -> Result<void> {
    Result<bootstrap::BootstrapCredentials> creds = ToCredentials(flags->credentials);
    if (!creds) {
      return creds.error();
    }
    Result<std::vector<uint8_t>> wbxml = ReadInput(flags->input);
    if (!wbxml) {
      return wbxml.error();
    }
    const bootstrap::DeviceCredentials device = ToDeviceCredentials(std::move(creds).value());
    bootstrap::VerificationPolicy every_type;
    for (auto t : {bootstrap::SecurityType::kNetworkId, bootstrap::SecurityType::kCpNetwPin}) {
      every_type.allowed.insert(t);
    }
    bootstrap::PinAttemptCounter attempts;
    Result<bootstrap::SecurityType> verified =
        bootstrap::VerifyBootstrapBytes(*wbxml, *content_type, device, every_type, attempts);
    if (!verified) {
      if (verified.error().code == ErrorCode::kAuthenticationFailed) {
        std::printf("verification failed\n");
      }
      return verified.error();
    }
    Result<wbxml::Document> doc = wbxml::Decode(*wbxml);
    if (!doc) {
      return Fail(doc.error().code, "verified, but the document does not decode: " + doc.error().message);
    }
    Result<bootstrap::Account> account = bootstrap::ExtractAccount(*doc);
    if (!account) {
      return Fail(account.error().code == ErrorCode::kInvalidArgument ? ErrorCode::kMalformed
                                                                      : account.error().code,
                  "verified, but the account is not acceptable: " + account.error().message);
    }
    return WriteText("-", "verified\n");
  });
}

const bool kMac = RegisterCommand("mac", AddMac);
const bool kSign = RegisterCommand("sign", AddSign);
const bool kVerify = RegisterCommand("verify", AddVerify);

}  // namespace
}  // namespace dmboot::cli
