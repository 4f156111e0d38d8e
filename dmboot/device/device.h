#ifndef DMBOOT_DEVICE_DEVICE_H_
#define DMBOOT_DEVICE_DEVICE_H_

// One simulated handset as pure logic (no sockets, no threads, no clock): WAP Push in (a WSP PDU
// from the UDP bearer, or SMS-DELIVER TPDUs), actions out (a GPI report to send, a first DM session
// to open), with the USIM, the NAF SAs of GBA Push, the bootstrap verifier, the DM tree and the
// state the fleet reports. docs/network-functions.md "Device fleet" is the contract.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/core/result.h"
#include "dmboot/device/dm_tree.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/types.h"
#include "dmboot/gba/ue.h"
#include "dmboot/gba/usim.h"
#include "dmboot/push/sms.h"
#include "dmboot/push/wsp_push.h"

namespace dmboot::device {

// DeviceState is what the fleet reports (the contract's states).
enum class DeviceState : uint8_t {
  kIdle = 0,
  kGpiAccepted = 1,     // a NAF SA was stored; the report says "accepted"
  kGpiSyncFailure = 2,  // the USIM answered AUTS; the report says "sync_failure"
  kGpiRejected = 3,     // the GPI was refused; the report says "rejected"
  kBootstrapped = 4,    // a bootstrap verified and the account is on disk
  kEnrolled = 5,        // the first DM session was accepted (212)
  kFailed = 6,
};

// DeviceStateName returns "idle", "gpi_accepted", "gpi_sync_failure", "gpi_rejected",
// "bootstrapped", "enrolled" or "failed".
std::string_view DeviceStateName(DeviceState state);

// Failure is why a device failed: a stable snake_case kind (docs: "Device: implementation notes")
// and a message that names the offending value, never a key or a PIN.
struct Failure {
  std::string kind;
  std::string message;
};

// DevicePolicy is the device's acceptance policy (the fleet config's "policy").
struct DevicePolicy {
  bool allow_networkid = false;  // accept SEC=NETWORKID (off: an IMSI is no secret)
  unsigned max_pin_failures = 3;
  bool allow_replace_other_server = false;  // ApplyPolicy
};

// DeviceConfig is one device of the fleet.
struct DeviceConfig {
  std::string imei;
  std::string imsi;
  std::string msisdn;
  std::string impi;  // the KDF's IMPI (ImpiFromImsi unless configured)
  gba::SubscriberKeys keys;
  // sqn: the highest SQN the USIM has already accepted (a USIM ahead of the HSS causes a sync
  // failure); nullopt = a fresh USIM.
  std::optional<gba::Sqn> sqn;
  gba::Amf amf{{0x80, 0x00}};
  std::optional<bootstrap::Pin> pin;  // the user's PIN, for USERPIN types
  DevicePolicy policy;
  std::vector<gba::NafId> trusted_nafs;
  push::ReassemblyLimits reassembly{8, 64 * 1024, 5000};
};

// GpiReport is the body of POST /v1/devices/<imei>/gpi-report.
struct GpiReport {
  std::string status;    // "accepted", "sync_failure" or "rejected"
  std::string rand_hex;  // sync_failure
  std::string auts_hex;  // sync_failure
  std::string reason;    // rejected: "<kind>: <message>"
};

// DmSessionRequest is the HTTP request of the first DM session: POST `body` (package 1) to
// `server_uri` with `headers` (x-syncml-hmac for HMAC).
struct DmSessionRequest {
  std::string server_uri;
  std::string session_id;
  std::vector<uint8_t> body;
  std::map<std::string, std::string> headers;
};

// PushOutcome is what one received datagram led to. All empty: nothing to do yet (an SMS segment
// of an incomplete message, or a duplicate).
struct PushOutcome {
  std::optional<GpiReport> report;           // send to the DMS
  std::optional<DmSessionRequest> session;   // open the first DM session
  std::optional<Failure> failure;            // what went wrong (also recorded on the device
                                             // unless the datagram was mere noise)
};

// TreeSink persists a tree (atomically, SaveTreeFile); a failure keeps the old tree in force.
using TreeSink = std::function<Result<void>(const DmTree& tree)>;

class Device {
 public:
  // Create builds the device: the USIM from the keys (brought forward to `config.sqn` by running
  // AUTHENTICATE on vectors it computes itself, in steps the Δ limit allows), the tree loaded by
  // the caller, and `sink` for every tree change. Fails with kInvalidArgument on a bad IMSI.
  static Result<Device> Create(DeviceConfig config, DmTree tree, TreeSink sink);

  // OnPush handles one WSP connectionless Push PDU (UDP bearer, or a reassembled SMS datagram) at
  // `now_s` (Unix seconds, for the NAF SA lifetime). A GPI (application/vnd.3gpp.gba.gpi in the
  // TS 24.109 J.3 envelope) is processed with the USIM (gba::ProcessGpi) and answered by a report;
  // a bootstrap (DM or CP WBXML) is checked against the replay guard, verified over the received
  // bytes (bootstrap::VerifyBootstrapBytes, Ks_NAF of the newest unexpired NAF SA), decoded,
  // extracted, applied to the tree (ApplyAccount) and persisted before the device counts as
  // bootstrapped; then package 1 is prepared. Never fails: bad input is a Failure in the outcome.
  PushOutcome OnPush(std::span<const uint8_t> pdu, uint64_t now_s);

  // OnSms handles one SMS-DELIVER TPDU (the sms bearer: one TPDU per datagram) at the monotonic
  // `now_ms`; a TPDU that completes a datagram goes on to OnPush.
  PushOutcome OnSms(std::span<const uint8_t> tpdu, uint64_t now_ms, uint64_t now_s);

  // Tick expires incomplete SMS messages older than the reassembly timeout: a message that lost a
  // segment fails the device with kind "sms_segment_lost". Returns that failure, if any.
  std::optional<Failure> Tick(uint64_t now_ms);
  // HasPendingSms reports whether an SMS message is waiting for segments (the fleet ticks those).
  bool HasPendingSms() const { return reassembler_.pending_sets() > 0; }

  // OnDmSessionReply takes the server's answer to package 1 (or the transport error): package 2
  // with SyncHdr status 212 → enrolled; any other status → failed "dm_auth_rejected"; an error or
  // an undecodable answer → failed "dm_session_failed".
  void OnDmSessionReply(const Result<std::vector<uint8_t>>& reply);

  // OnReportFailed records that the GPI report could not be delivered ("report_failed").
  void OnReportFailed(const Error& error);

  const DeviceConfig& config() const { return config_; }
  DeviceState state() const { return state_; }
  const std::optional<Failure>& failure() const { return failure_; }
  // last_refusal is the newest refused push in any state: an enrolled device keeps its state
  // when it refuses a later push (a replay, an expired NAF SA), and this is where that shows.
  const std::optional<Failure>& last_refusal() const { return last_refusal_; }
  const DmTree& tree() const { return tree_; }
  // account_server_id is the ServerID of the account the last bootstrap applied (or, after a
  // restart, of the first account in the tree).
  const std::optional<std::string>& account_server_id() const { return account_server_id_; }
  size_t naf_sa_count() const { return store_.size(); }

  Device(Device&&) = default;
  Device& operator=(Device&&) = delete;

 private:
  Device(DeviceConfig config, gba::Usim usim, DmTree tree, TreeSink sink);

  PushOutcome OnGpi(std::span<const uint8_t> body, uint64_t now_s);
  PushOutcome OnBootstrap(std::span<const uint8_t> body, const push::WspContentType& content_type,
                          uint64_t now_s);
  // Failed records `kind`/`message`; an enrolled device stays enrolled (a refused push does not undo
  // an accepted account) but the failure is still returned.
  PushOutcome Failed(std::string kind, std::string message);
  Result<DmSessionRequest> PrepareSession(const bootstrap::Account& account);

  DeviceConfig config_;
  gba::Usim usim_;
  gba::InMemoryNafSaStore store_;
  std::vector<std::vector<uint8_t>> sa_order_;  // P-TIDs, oldest first
  push::SmsReassembler reassembler_;
  DmTree tree_;
  TreeSink sink_;
  DeviceState state_ = DeviceState::kIdle;
  std::optional<Failure> failure_;
  std::optional<Failure> last_refusal_;
  std::optional<std::string> account_server_id_;
  std::string session_id_;  // from the last GPI envelope
  uint64_t sessions_ = 0;
};

}  // namespace dmboot::device

#endif  // DMBOOT_DEVICE_DEVICE_H_
