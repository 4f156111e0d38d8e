#ifndef DMBOOT_NF_COMMON_PKI_H_
#define DMBOOT_NF_COMMON_PKI_H_

// A small certificate authority for the demo and the tests (issue #13 item 1): one CA and one
// certificate per process, for TLS 1.3 and mutual TLS between the network functions. Built on the
// OpenSSL API (no shell-out). Real deployments bring their own PKI (docs/security.md "Transport").
//
// Files: dir/ca.crt, dir/ca.key, dir/<name>.crt, dir/<name>.key, PEM. Certificates are 0644; keys
// are created with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 (never readable by others, not even
// briefly), and an existing key is never overwritten. Private key bytes in memory are wiped.
// Errors name the file and what is wrong, never key material.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::nf {

// CertUsage selects the extendedKeyUsage of an issued certificate.
enum class CertUsage {
  kServer = 0,           // serverAuth
  kClient = 1,           // clientAuth
  kServerAndClient = 2,  // serverAuth and clientAuth (an NF that serves and calls)
};

struct CertRequest {
  std::string name;                       // file stem and subject CN, e.g. "bsf"
  std::vector<std::string> dns_names;     // SAN DNS entries; the first is the identity servers check
  std::vector<std::string> ip_addresses;  // SAN IP entries, e.g. "127.0.0.1"
  CertUsage usage = CertUsage::kServerAndClient;
  int days = 365;
};

// MakeCa creates dir (0700) if needed and writes dir/ca.crt (0644) and dir/ca.key (0600): a
// self-signed CA (basicConstraints CA:TRUE critical, keyUsage keyCertSign+cRLSign critical, SKI),
// EC P-256, SHA-256. Refuses (kRefused) to overwrite an existing ca.key; kInvalidArgument for a
// bad common name or days; kIo naming the file when the OS fails.
Result<void> MakeCa(const std::filesystem::path& dir, const std::string& common_name, int days = 3650);

// IssueCert writes dir/<name>.crt (0644) and dir/<name>.key (0600), signed by dir/ca.{crt,key}:
// EC P-256 key, SHA-256 signature, random 128-bit serial, SAN from the request, extendedKeyUsage
// serverAuth and/or clientAuth per usage, keyUsage digitalSignature (critical), basicConstraints
// CA:FALSE (critical), SKI/AKI. The name must be a plain file stem ([A-Za-z0-9_-], not empty);
// at least one DNS name is required; IP addresses are IPv4 or IPv6 literals. Refuses (kRefused)
// to overwrite an existing <name>.key; a missing, unreadable, malformed or mismatched CA key or
// certificate fails naming the file.
Result<void> IssueCert(const std::filesystem::path& dir, const CertRequest& request);

// CertFiles are the paths of one issued certificate and its key.
struct CertFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
};

// DemoPki lists what MakeDemoPki made (or found): the CA and each process's files by name.
struct DemoPki {
  std::filesystem::path ca_cert;
  std::filesystem::path ca_key;
  std::map<std::string, CertFiles> certs;  // "hss", "bsf", "dms", "operator", "fleet"
};

// kDemoDomain is the DNS suffix of the demo processes: "<name>.dmboot.test".
inline constexpr char kDemoDomain[] = "dmboot.test";
// kDemoDmsNafFqdn is the NAF FQDN the demo configures for the DMS (nf/demo/demo.cc kDmsFqdn): the
// DMS certificate's first DNS SAN, so the BSF can match the client identity against the nafId.
inline constexpr char kDemoDmsNafFqdn[] = "dms.example.test";

// DemoCertRequests returns the requests MakeDemoPki issues: "hss", "bsf", "dms" (server and
// client), "operator" and "fleet" (client only), each with DNS SAN "<name>.dmboot.test" and IP
// SAN 127.0.0.1; the DMS's first DNS SAN is kDemoDmsNafFqdn, then "dms.dmboot.test".
std::vector<CertRequest> DemoCertRequests();

// MakeDemoPki makes the CA ("dmboot demo CA") and the DemoCertRequests() certificates in dir and
// returns their paths. Idempotent: an existing CA that loads (certificate and matching key) is
// reused, and an existing certificate that verifies against it, is in its validity period, has
// the requested SANs and usage and matches its key is kept; a stale one is replaced. An existing
// ca.key that does not load is an error (never overwritten).
Result<DemoPki> MakeDemoPki(const std::filesystem::path& dir);

// CertInfo is what `dmboot pki show` prints about a certificate.
struct CertInfo {
  std::string subject;                    // one line, e.g. "CN=bsf"
  std::string issuer;                     // one line
  std::vector<std::string> dns_names;     // SAN DNS entries, in order
  std::vector<std::string> ip_addresses;  // SAN IP entries, in text form
  bool is_ca = false;                     // basicConstraints CA:TRUE
  bool server_auth = false;               // extendedKeyUsage serverAuth
  bool client_auth = false;               // extendedKeyUsage clientAuth
  std::string not_before;                 // "YYYY-MM-DDTHH:MM:SSZ"
  std::string not_after;                  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string serial_hex;                 // upper-case hex
};

// ReadCertInfo reads a PEM certificate file; kNotFound / kIo / kMalformed naming the file.
Result<CertInfo> ReadCertInfo(const std::filesystem::path& cert_file);

// VerifyCert checks that cert_file chains to ca_file (X509_verify_cert, with the current time,
// purpose-neutral) and, if key_file is not empty, that the key matches the certificate.
// kAuthenticationFailed "verification failed: <reason>" (the reason names no secret).
Result<void> VerifyCert(const std::filesystem::path& ca_file, const std::filesystem::path& cert_file,
                        const std::filesystem::path& key_file = {});

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_PKI_H_
