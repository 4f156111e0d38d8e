#ifndef DMBOOT_BOOTSTRAP_BOOTSTRAP_DOCUMENT_H_
#define DMBOOT_BOOTSTRAP_BOOTSTRAP_DOCUMENT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/wbxml/document.h"

namespace dmboot::bootstrap {

// Profile is the shape of a bootstrap document (docs/bootstrap.md §Profiles).
enum class Profile {
  // DM 1.2: one Add to ./Inbox whose Data is an embedded WBXML TNDS MgmtTree holding the w7
  // account (OMA DM Bootstrap 1.2.1: clients MUST support the Inbox and embedded TNDS). The
  // default: the client, not the server, decides where its DMAcc lives, and the TNDS carries the
  // management object type in one self-contained object.
  kDm12Inbox,
  // DM 1.2: Adds of the account's nodes under ./DMAcc/<name> (what libwbxml's sample and many
  // deployed clients expect when the DMAcc root is known to be ./DMAcc).
  kDm12DmAcc,
  // DM 1.1.2 plain profile: Adds under ./SyncML/DMAcc/<name> with the 1.1.2 leaf names.
  kDm11,
  // OMA CP profile: a PROVCONT document with an APPLICATION characteristic, APPID w7.
  kCp,
};

// ParseProfile reads "dm12" (Inbox + TNDS), "dm12-dmacc", "dm11" or "cp".
Result<Profile> ParseProfile(std::string_view name);
std::string_view ProfileName(Profile profile);

// MediaOf returns the bootstrap media family a profile is pushed as.
BootstrapMedia MediaOfProfile(Profile profile);

// MessageHeader fills the SyncHdr of the DM profiles (CP has no header).
struct MessageHeader {
  std::string device_id;   // Target LocURI, e.g. "IMEI:490154203237518" or "IMSI:001010123456789"
  std::string session_id = "1";
  std::string msg_id = "1";
};

// BuildBootstrapDocument returns the element tree of the bootstrap for `account` in `profile`. It
// validates the account first (ValidateAccount) and fails with kInvalidArgument when the account
// or the header (an empty or non-printable device id for a DM profile) is not acceptable.
Result<wbxml::Document> BuildBootstrapDocument(const Account& account, Profile profile,
                                               const MessageHeader& header);

// BuildBootstrapWbxml encodes BuildBootstrapDocument's tree as dmboot always sends bootstraps:
// WBXML 1.2, numeric public id, string table on, Data as strings. Deterministic: the same account
// and header always give the same bytes (the MAC is computed over them).
Result<std::vector<uint8_t>> BuildBootstrapWbxml(const Account& account, Profile profile,
                                                 const MessageHeader& header);

// ExtractAccount reads the w7 account back out of a decoded bootstrap of any profile (the
// device side, after the MAC verified). It decodes an embedded TNDS with the default limits and
// validates the result with ValidateAccount. Fails with kMalformed when the document does not
// create exactly one w7 account, kInvalidArgument when the account is invalid.
Result<Account> ExtractAccount(const wbxml::Document& document);

}  // namespace dmboot::bootstrap

#endif  // DMBOOT_BOOTSTRAP_BOOTSTRAP_DOCUMENT_H_
