#ifndef DMBOOT_NF_DMS_DMS_SERVICE_H_
#define DMBOOT_NF_DMS_DMS_SERVICE_H_

// The DM server acting as NAF (docs/network-functions.md §DMS): bootstrap jobs run by a worker
// pool, GBA Push through the BSF, WAP Push of the GPI and of the signed bootstrap, and the first
// DM session. Request in, response out: the service has no sockets; the BSF and the push bearer
// are interfaces (HTTP / UDP in nf/dms/dms_server.h, fakes in the tests).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/types.h"
#include "nf/common/http.h"
#include "nf/contracts/identity.h"
#include "nf/contracts/operator_api.h"
#include "nf/contracts/zpn.h"
#include "nf/dms/job_store.h"

namespace dmboot::nf::dms {

using contracts::BootstrapRequest;
using contracts::BsfClient;
using contracts::BulkResult;
using contracts::DeviceView;
using contracts::FleetView;
using contracts::GpiReportStatus;
using contracts::JobStatus;
using contracts::PushInfo;

// PushMessage is one WAP Push to one device; the bearer (nf/bearer) is the route's business.
struct PushMessage {
  std::string imei;
  std::string msisdn;
  std::vector<uint8_t> wsp_pdu;  // connectionless WSP Push PDU
  // Fault injection: the bearer loses one frame of this push (SMS: one segment; a one-datagram
  // bearer loses nothing).
  bool drop_one_frame = false;
};

// PushSender delivers a push over the device's bearer. Send fails with kNotFound when no route
// is known for the MSISDN and kIo when the bearer fails.
class PushSender {
 public:
  virtual ~PushSender() = default;
  virtual Result<void> Send(const PushMessage& message) = 0;
};

// Clock returns the wall-clock time in milliseconds since 1970.
using Clock = std::function<int64_t()>;
int64_t SystemClockMs();

// DmsConfig is the service part of the DMS configuration.
struct DmsConfig {
  std::string fqdn = "dms.example.test";
  gba::UaSecurityProtocolId ua_id = gba::kDefaultDmUaId;
  int64_t key_lifetime_s = 3600;
  gba::GbaType gba_type = gba::GbaType::kGbaMe;
  // dm_server_uri is the address put in generated accounts; empty: the caller of
  // RequestBootstrap supplies it (the HTTP adapter derives it from the Host header).
  std::string dm_server_uri;
  std::set<std::string> tamper_bootstrap_imeis;   // fault injection: flip a byte after signing
  std::set<std::string> drop_sms_segment_imeis;   // fault injection: lose one SMS segment
  // workers == 0 runs every job step inline in the calling thread (deterministic tests).
  size_t workers = 4;
  size_t queue_capacity = 4096;  // pending job steps; beyond it a request is refused (413)
  int max_resyncs = 2;
};

// DmReply is the answer to a DM package 1: package 2 and its SyncHdr status.
struct DmReply {
  std::vector<uint8_t> package2;
  int header_status = 0;
};

// DmsService is the job engine. Thread-safe. Construct, Start, serve, Stop (the destructor stops).
class DmsService {
 public:
  DmsService(DmsConfig config, JobStore& store, BsfClient& bsf, PushSender& sender,
             Clock clock = SystemClockMs);
  ~DmsService();
  DmsService(const DmsService&) = delete;
  DmsService& operator=(const DmsService&) = delete;

  // Start launches the workers and re-queues the steps of unfinished jobs found in the store
  // (requested, gpi_requested, gpi_accepted): a restart resumes them.
  Result<void> Start();
  // Stop finishes the step each worker is running, drops what is queued (it stays in the store
  // and is resumed by the next Start) and joins the workers.
  void Stop();
  // Drain waits until no step is queued or running (tests and benchmarks).
  void Drain();

  // RequestBootstrap checks `request` (ValidateBootstrapRequest, and that a supplied account has
  // a CLCRED the first session can check), stores the job and queues it (for a 202). Fails with
  // kInvalidArgument naming the field, kRefused when the IMEI has an unfinished job,
  // kLimitExceeded when the queue is full. `default_dm_uri` is used for generated accounts when
  // the config has no dm_server_uri.
  Result<JobStatus> RequestBootstrap(const BootstrapRequest& request, const std::string& default_dm_uri = "");
  // RequestBulk reads CSV `imei,imsi,msisdn,security_type,pin` and requests every line. Fails
  // with kInvalidArgument on a bad header; a bad line is reported in the result.
  Result<BulkResult> RequestBulk(std::string_view csv, const std::string& default_dm_uri = "");
  // GetDevice returns the job of `imei` without its secrets, or kNotFound.
  Result<DeviceView> GetDevice(const std::string& imei);
  // Fleet returns the campaign's counts and latency.
  Result<FleetView> Fleet();
  // GpiReport applies the device's report on the GPI push. Fails with kNotFound (no job),
  // kRefused (job not waiting for a GPI report), kInvalidArgument (a RAND that is not the
  // pushed GPI's).
  Result<JobStatus> GpiReport(const std::string& imei, const contracts::GpiReport& report);
  // HandleDm answers a DM package 1 (`hmac_header` is the x-syncml-hmac header, if any): 212 and
  // the job enrolled when the CLCRED credential verifies, 401 otherwise. Fails with kMalformed
  // for a body that is not a package 1, kNotFound for an unknown device, kRefused when the
  // device has not been sent a bootstrap.
  Result<DmReply> HandleDm(std::span<const uint8_t> body, const std::string& hmac_header);

  const DmsConfig& config() const { return config_; }

 private:
  enum class StepKind { kStart, kPushBootstrap, kResync };
  // Step is queued work on one job. `version` is the job's version when the step was queued:
  // the step's first write is a compare-and-set on it, so a step that another worker or process
  // already took, or that a newer job of the IMEI replaced, does nothing.
  struct Step {
    StepKind kind;
    std::string imei;
    int64_t version = 0;
    std::vector<uint8_t> rand;  // kResync
    std::vector<uint8_t> auts;  // kResync
  };

  // Failure is why a step ended the job: a reason kind for the fleet and a message.
  struct Failure {
    FailureKind kind;
    std::string message;
  };
  struct SignedBootstrap {
    std::vector<uint8_t> wbxml;
    std::string mac;
    bootstrap::SecurityType type;
  };

  Result<void> Enqueue(Step step);
  void WorkerLoop();
  void RunStep(const Step& step);
  // Each step returns the failure that ends the job, or nothing (done, or not its turn).
  std::optional<Failure> RunStart(const Step& step);
  std::optional<Failure> RunGpi(const std::string& imei, int64_t version);
  std::optional<Failure> RunBootstrap(const std::string& imei, int64_t version);
  std::optional<Failure> RunResync(const Step& step);
  Result<SignedBootstrap> BuildSignedBootstrap(const JobRecord& job);

  // Apply moves job `imei` by `event` (the state it goes to is kJobTransitions's, never the
  // caller's): `update` may set the job's data fields, then the row is written with a
  // compare-and-set. With `expected_version`, the job must still be at that version (a step's
  // claim); without, a lost race is retried on the fresh row. Fails with kNotFound (no job) or
  // kRefused (the table has no row for the job's state and `event`, or the version moved on).
  Result<JobRecord> Apply(const std::string& imei, JobEvent event,
                          std::optional<int64_t> expected_version,
                          const std::function<void(JobRecord&)>& update = nullptr);
  // MarkFailed moves an unfinished job to failed with `kind` and a message (never a secret).
  void MarkFailed(const std::string& imei, FailureKind kind, const std::string& message);
  uint8_t NextPushId();

  DmsConfig config_;
  JobStore& store_;
  BsfClient& bsf_;
  PushSender& sender_;
  Clock clock_;
  std::atomic<uint32_t> rotation_{0};
  std::atomic<uint32_t> push_counter_{0};

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::condition_variable idle_cv_;
  std::deque<Step> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

using contracts::ValidateImei;
using contracts::ValidateMsisdn;
// LatencyPercentile returns the nearest-rank percentile `p` (0 < p <= 100) of `sorted` values.
int64_t LatencyPercentile(const std::vector<int64_t>& sorted, int p);

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_DMS_SERVICE_H_
