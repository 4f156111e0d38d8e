#ifndef DMBOOT_NF_CONTRACTS_OPERATOR_API_H_
#define DMBOOT_NF_CONTRACTS_OPERATOR_API_H_

// The DMS's APIs (docs/network-functions.md §DMS): the operator's (request a bootstrap, one or a
// CSV batch; read a device's job; read the fleet) and the device's GPI report. The types the
// DmsService takes and returns, and their JSON codec, used by the DMS's HTTP adapter and by its
// clients (the device fleet, the demo, the tests). Requests parse with kInvalidArgument naming
// the field; a PIN or a credential never appears in a message.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/gba/types.h"
#include "nf/common/http.h"
#include "nf/contracts/job.h"

namespace dmboot::nf::contracts {

// BootstrapRequest is POST /v1/bootstrap: bootstrap `imei` (its SIM's IMSI, its MSISDN for the
// push) with a DM security type; a PIN exactly when the type has one; a DM profile (default
// dm12); an account, or none for the DMS to generate one.
struct BootstrapRequest {
  std::string imei;
  std::string imsi;
  std::string msisdn;
  bootstrap::SecurityType security_type = bootstrap::SecurityType::kNetworkId;
  std::optional<bootstrap::Pin> pin;
  bootstrap::Profile profile = bootstrap::Profile::kDm12Inbox;
  std::optional<bootstrap::Account> account;
};

// ParseDmSecurityType reads a DM SEC name (OMA DM Security 1.2.1 §5.7) exactly as spelled (no
// codes, no CP names), or fails with kInvalidArgument "security_type: must be one of ...".
Result<bootstrap::SecurityType> ParseDmSecurityType(std::string_view name);

// ValidateBootstrapRequest checks what the types cannot: the IMEI's Luhn digit, the IMSI and
// MSISDN syntax, a PIN present exactly when the type needs one, a DM (not CP) profile.
Result<void> ValidateBootstrapRequest(const BootstrapRequest& request);
Result<BootstrapRequest> ParseBootstrapRequestJson(const Json& body);
// BootstrapRequestJson is the client's side (it carries the PIN's digits to the DMS).
Json BootstrapRequestJson(const BootstrapRequest& request);

// JobStatus is the answer to a request or a report: the job and the state it is in now.
struct JobStatus {
  std::string imei;
  JobState state = JobState::kRequested;
};
Json JobStatusJson(const JobStatus& status);

// BulkResult is the answer to POST /v1/bootstrap/bulk (CSV `imei,imsi,msisdn,security_type,pin`):
// the lines accepted, and each rejected line (1-based, the header is line 1) with its reason.
struct BulkRejection {
  size_t line = 0;
  std::string error;
};
struct BulkResult {
  size_t accepted = 0;
  std::vector<BulkRejection> rejected;
};
Json BulkResultJson(const BulkResult& result);

// DeviceView is GET /v1/devices/<imei>: one job, without its secrets.
struct JobFailure {
  FailureKind kind = FailureKind::kInternal;
  std::string message;
};
// NafSaView is the public part of a job's NAF SA: its P-TID, the RAND the GPI carried over the
// air, the NAF_Id and the expiry. Never Ks_NAF.
struct NafSaView {
  std::string p_tid;
  std::vector<uint8_t> rand;
  std::vector<uint8_t> naf_id;
  int64_t expiry_s = 0;
};
struct DeviceView {
  std::string imei;
  JobState state = JobState::kRequested;
  bootstrap::SecurityType security_type = bootstrap::SecurityType::kNetworkId;
  std::string msisdn;
  int64_t requested_at_ms = 0;
  int resyncs = 0;
  std::optional<JobFailure> failure;       // when failed
  std::optional<std::string> p_tid;        // GBA types, once a GPI was pushed
  std::optional<int64_t> enrolled_at_ms;   // when enrolled
  std::optional<NafSaView> naf_sa;         // GBA types, once the BSF answered
};
Json DeviceViewJson(const DeviceView& view);
// ParseDeviceViewJson reads a DMS answer (kMalformed naming the field).
Result<DeviceView> ParseDeviceViewJson(const Json& body);

// FleetView is GET /v1/fleet: jobs by state, a funnel per security type, failures by kind, and
// the request-to-enrolled latency (nearest-rank percentiles; absent when nothing enrolled).
struct TypeFunnel {
  int64_t requested = 0;
  int64_t gpi_accepted = 0;  // GBA types: reached gpi_accepted
  int64_t bootstrapped = 0;  // reached bootstrap_pushed
  int64_t enrolled = 0;
  std::map<FailureKind, int64_t> failed;
};
struct FleetView {
  int64_t devices = 0;
  std::map<JobState, int64_t> by_state;  // every state, zero included
  std::map<bootstrap::SecurityType, TypeFunnel> by_type;
  size_t latency_samples = 0;
  std::optional<int64_t> latency_p50_ms;
  std::optional<int64_t> latency_p99_ms;
};
Json FleetViewJson(const FleetView& view);

// GpiReport is POST /v1/devices/<imei>/gpi-report: what the device made of the GPI push
// (TS 33.223 §5.3.3). `rand` and `auts` come with kSyncFailure only; `reason` is the device's
// words, reduced to 200 printable ASCII characters by the parser.
enum class GpiReportStatus { kAccepted, kSyncFailure, kRejected };
std::string_view GpiReportStatusName(GpiReportStatus status);
struct GpiReport {
  GpiReportStatus status = GpiReportStatus::kAccepted;
  std::optional<gba::Rand> rand;
  std::optional<gba::Auts> auts;
  std::optional<std::string> reason;
};
Json GpiReportJson(const GpiReport& report);
Result<GpiReport> ParseGpiReportJson(const Json& body);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_OPERATOR_API_H_
