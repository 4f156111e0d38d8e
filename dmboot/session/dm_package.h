#ifndef DMBOOT_SESSION_DM_PACKAGE_H_
#define DMBOOT_SESSION_DM_PACKAGE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/session/dm_auth.h"

namespace dmboot::session {

// kDmWbxmlMediaType is the media type of a DM session message over HTTP (OMA DM HTTP binding).
inline constexpr char kDmWbxmlMediaType[] = "application/vnd.syncml.dm+wbxml";

// DevInfo is the ./DevInfo a client reports in package 1 (OMA-TS-DM_StdObj 1.2 §5.1).
struct DevInfo {
  std::string dev_id;  // ./DevInfo/DevId, e.g. "IMEI:490154203237518"
  std::string man = "dmboot";
  std::string mod = "simulated-device";
  std::string dm_v = "1.2";
  std::string lang = "en";
};

// Package1 is the client's first message of a client-initiated session (OMA DM Protocol 1.2 §8.3):
// SyncHdr with the server as Target, the device as Source (LocName = the username) and, for
// BASIC and DIGEST, a Cred; SyncBody with Alert 1201, a Replace of ./DevInfo, Final. For HMAC the
// credential travels in the x-syncml-hmac HTTP header instead.
struct Package1 {
  std::string session_id;
  std::string server_uri;
  std::string device_id;
  std::string username;
  DmAuthType cred_type = DmAuthType::kDigest;
  std::string cred_data;  // empty for kHmac
  DevInfo dev_info;
};

// EncodePackage1 writes `package` as SyncML 1.2 WBXML (WBXML 1.2, string table on).
Result<std::vector<uint8_t>> EncodePackage1(const Package1& package);

// SignedPackage1 is a package 1 as a client sends it: the WBXML body and, for kHmac, the
// x-syncml-hmac header value (empty otherwise).
struct SignedPackage1 {
  std::vector<uint8_t> body;
  std::string hmac_header;
};

// SignPackage1 fills the credential part of `package` from `credential` (username, type, Cred Data
// for kBasic/kDigest; DevInfo DevId = the device id), encodes it and, for kHmac, computes the
// x-syncml-hmac header over the body (OMA DM Security 1.2.1 §5.3.3). Fails as EncodePackage1.
Result<SignedPackage1> SignPackage1(Package1 package, const DmCredential& credential);

// DecodePackage1 reads a package 1; it fails with the WBXML decoder's errors, or kMalformed when
// the message is not a DM 1.2 client-initiated package 1 (no Alert 1201, no Source, ...). A
// missing Cred is not an error here (HMAC carries none): cred_data stays empty.
Result<Package1> DecodePackage1(std::span<const uint8_t> wbxml);

// Package2 is the server's answer: the Status of the SyncHdr (212 authentication accepted, 401
// unauthorized, 407 credentials missing) and Final.
struct Package2 {
  std::string session_id;
  std::string server_uri;
  std::string device_id;
  int header_status = 212;
};

Result<std::vector<uint8_t>> EncodePackage2(const Package2& package);
Result<Package2> DecodePackage2(std::span<const uint8_t> wbxml);

}  // namespace dmboot::session

#endif  // DMBOOT_SESSION_DM_PACKAGE_H_
