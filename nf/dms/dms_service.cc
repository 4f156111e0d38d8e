#include "nf/dms/dms_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>
#include <utility>

#include "dmboot/bootstrap/account.h"
#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/bootstrap_mac.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/base64.h"
#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/random.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/provision/bootstrap_push.h"
#include "dmboot/provision/first_session.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/session/dm_auth.h"
#include "dmboot/session/dm_package.h"
#include "nf/common/log.h"

namespace dmboot::nf::dms {
namespace {

constexpr char kComponent[] = "dms";

using bootstrap::SecurityType;

Error Field(const std::string& field, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + message);
}

FailureKind FailureKindForBsf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kRefused:
      return FailureKind::kNafNotAuthorized;
    case ErrorCode::kNotFound:
      return FailureKind::kIdentityUnknown;
    case ErrorCode::kIo:
      return FailureKind::kBsfUnavailable;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kTruncated:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kUnsupported:
    case ErrorCode::kAuthenticationFailed:
    case ErrorCode::kInternal:
      return FailureKind::kBsfError;
  }
  return FailureKind::kBsfError;
}

// RandomText returns `len` random octets as hex text, held as a secret.
crypto::SecretBytes RandomHexSecret(size_t len) {
  crypto::SecretBytes raw = crypto::RandomSecret(len);
  std::string text = HexEncode(raw.Reveal());
  crypto::SecretBytes out = crypto::SecretBytes::FromText(text);
  crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  return out;
}

std::string RandomNonceB64() {
  std::vector<uint8_t> nonce(16);
  crypto::FillRandom(nonce);
  return Base64Encode(nonce);
}

}  // namespace

int64_t SystemClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t LatencyPercentile(const std::vector<int64_t>& sorted, int p) {
  DMBOOT_CHECK(!sorted.empty() && p > 0 && p <= 100);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const size_t n = sorted.size();
  size_t rank = (static_cast<size_t>(p) * n + 99) / 100;
  rank = std::max<size_t>(rank, 1);
  return sorted[rank - 1];
}

DmsService::DmsService(DmsConfig config, JobStore& store, BsfClient& bsf, PushSender& sender,
                       Clock clock)
    : config_(std::move(config)), store_(store), bsf_(bsf), sender_(sender), clock_(std::move(clock)) {
  auto join = [](const std::set<std::string>& imeis) {
    std::string out;
    for (const std::string& imei : imeis) {
      out += (out.empty() ? "" : ",") + imei;
    }
    return out;
  };
  if (!config_.tamper_bootstrap_imeis.empty()) {
    Log(LogLevel::kWarning, kComponent,
        "FAULT INJECTION: the signed bootstrap of these IMEIs will be tampered with: " +
            join(config_.tamper_bootstrap_imeis));
  }
  if (!config_.drop_sms_segment_imeis.empty()) {
    Log(LogLevel::kWarning, kComponent,
        "FAULT INJECTION: one SMS segment of the bootstrap of these IMEIs will be dropped: " +
            join(config_.drop_sms_segment_imeis));
  }
}

DmsService::~DmsService() { Stop(); }

Result<void> DmsService::Start() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = false;
    for (size_t i = 0; i < config_.workers; ++i) {
      workers_.emplace_back([this] { WorkerLoop(); });
    }
  }
  Result<std::vector<JobRecord>> jobs = store_.ListJobs();
  if (!jobs) {
    return jobs.error();
  }
  size_t resumed = 0;
  for (const JobRecord& job : *jobs) {
    std::optional<StepKind> kind;
    if (job.state == JobState::kRequested || job.state == JobState::kGpiRequested) {
      kind = StepKind::kStart;
    } else if (job.state == JobState::kGpiAccepted) {
      kind = StepKind::kPushBootstrap;
    }
    if (kind) {
      Result<void> queued = Enqueue(Step{*kind, job.imei, job.version, {}, {}});
      if (!queued) {
        return queued;
      }
      ++resumed;
    }
  }
  if (resumed > 0) {
    Log(LogLevel::kInfo, kComponent, "resumed " + std::to_string(resumed) + " unfinished jobs");
  }
  return Ok();
}

void DmsService::Stop() {
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
    queue_.clear();
    workers.swap(workers_);
  }
  queue_cv_.notify_all();
  for (std::thread& t : workers) {
    t.join();
  }
  idle_cv_.notify_all();
}

void DmsService::Drain() {
  std::unique_lock<std::mutex> lock(queue_mu_);
  idle_cv_.wait(lock, [this] { return (queue_.empty() && running_ == 0) || workers_.empty(); });
}

Result<void> DmsService::Enqueue(Step step) {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!workers_.empty()) {
      if (queue_.size() >= config_.queue_capacity) {
        return Fail(ErrorCode::kLimitExceeded, "the job queue is full (" +
                                                   std::to_string(config_.queue_capacity) +
                                                   " steps pending); retry later");
      }
      queue_.push_back(std::move(step));
      queue_cv_.notify_one();
      return Ok();
    }
  }
  // No workers (config.workers == 0): run the step now, in the caller's thread.
  RunStep(step);
  return Ok();
}

void DmsService::WorkerLoop() {
  while (true) {
    Step step;
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        return;
      }
      step = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    RunStep(step);
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      --running_;
      if (queue_.empty() && running_ == 0) {
        idle_cv_.notify_all();
      }
    }
  }
}

uint8_t DmsService::NextPushId() { return static_cast<uint8_t>(push_counter_.fetch_add(1) & 0xFF); }

Result<JobRecord> DmsService::Apply(const std::string& imei, JobEvent event,
                                    std::optional<int64_t> expected_version,
                                    const std::function<void(JobRecord&)>& update) {
  // Without an expected version a lost race is retried on the fresh row; a handful of rounds is
  // plenty (each loss means another writer made progress on this job).
  for (int attempt = 0; attempt < 8; ++attempt) {
    Result<std::optional<JobRecord>> job = store_.GetJob(imei);
    if (!job) {
      return job.error();
    }
    if (!job->has_value()) {
      return Fail(ErrorCode::kNotFound, "no job for IMEI " + imei);
    }
    JobRecord record = std::move(**job);
    if (expected_version && record.version != *expected_version) {
      return Fail(ErrorCode::kRefused, "the job for IMEI " + imei + " moved on (version " +
                                           std::to_string(record.version) + ", expected " +
                                           std::to_string(*expected_version) + ")");
    }
    const std::optional<JobState> to = NextState(record.state, event);
    if (!to) {
      return Fail(ErrorCode::kRefused, "the job for IMEI " + imei + " is " +
                                           std::string(JobStateName(record.state)) + ": " +
                                           std::string(JobEventName(event)) + " does not apply");
    }
    if (update) {
      update(record);
    }
    record.state = *to;  // after `update`: the table, not the caller, decides the state
    if (*to != JobState::kFailed && static_cast<int>(*to) > static_cast<int>(record.reached)) {
      record.reached = *to;
    }
    record.updated_at_ms = clock_();
    Result<bool> written = store_.CompareAndSetJob(record);
    if (!written) {
      return written.error();
    }
    if (*written) {
      ++record.version;
      if (record.state != JobState::kFailed) {
        Log(LogLevel::kInfo, kComponent, "imei " + imei + " -> " + std::string(JobStateName(record.state)));
      }
      return record;
    }
    if (expected_version) {
      return Fail(ErrorCode::kRefused, "the job for IMEI " + imei + " was taken by another writer");
    }
  }
  return Fail(ErrorCode::kRefused, "the job for IMEI " + imei + " kept changing; " +
                                       std::string(JobEventName(event)) + " not applied");
}

void DmsService::MarkFailed(const std::string& imei, FailureKind kind, const std::string& message) {
  Result<JobRecord> done = Apply(imei, JobEvent::kFail, std::nullopt, [&](JobRecord& r) {
    r.failure_kind = kind;
    r.failure_message = message;
  });
  const std::string kind_name(FailureKindName(kind));
  if (done) {
    Log(LogLevel::kWarning, kComponent, "imei " + imei + " failed: " + kind_name + ": " + message);
  } else {
    Log(LogLevel::kError, kComponent,
        "imei " + imei + ": cannot record failure " + kind_name + ": " + done.error().message);
  }
}

// --- requests ---------------------------------------------------------------------------------

Result<JobStatus> DmsService::RequestBootstrap(const BootstrapRequest& request,
                                               const std::string& default_dm_uri) {
  if (Result<void> ok = contracts::ValidateBootstrapRequest(request); !ok) {
    return ok.error();
  }
  JobRecord job;
  job.imei = request.imei;
  job.imsi = request.imsi;
  job.msisdn = request.msisdn;
  job.security_type = request.security_type;
  job.profile = request.profile;
  if (request.pin) {
    job.pin = request.pin->secret();
  }
  const std::string type_name(bootstrap::SecurityTypeName(request.security_type));

  if (request.account) {
    if (Result<session::DmCredential> cred = provision::ClientCredentialOf(*request.account); !cred) {
      return cred.error();
    }
    job.account_json = bootstrap::AccountToJson(*request.account);
  } else {
    const std::string uri = !config_.dm_server_uri.empty() ? config_.dm_server_uri : default_dm_uri;
    if (uri.empty()) {
      return Fail(ErrorCode::kInternal, "no dm_server_uri configured for generated accounts");
    }
    static constexpr const char* kRotation[] = {"HMAC", "DIGEST", "BASIC"};
    const std::string cl_type = kRotation[rotation_.fetch_add(1) % 3];
    bootstrap::Account account;
    account.node_name = "dmboot";
    account.server_id = config_.fqdn;
    account.name = "dmboot DM server";
    account.addresses.push_back(bootstrap::AppAddr{uri, "URI", std::nullopt});
    account.auth_pref = cl_type;
    bootstrap::AppAuth client;
    client.level = bootstrap::AuthLevel::kClient;
    client.type = cl_type;
    client.name = "dev" + job.imei;
    client.secret = RandomHexSecret(16);
    client.nonce_b64 = RandomNonceB64();
    bootstrap::AppAuth server;
    server.level = bootstrap::AuthLevel::kServer;
    server.type = "DIGEST";
    server.name = config_.fqdn;
    server.secret = RandomHexSecret(16);
    server.nonce_b64 = RandomNonceB64();
    account.credentials.push_back(std::move(client));
    account.credentials.push_back(std::move(server));
    if (Result<void> ok = bootstrap::ValidateAccount(account); !ok) {
      return Fail(ErrorCode::kInvalidArgument, "generated account: " + ok.error().message);
    }
    job.account_json = bootstrap::AccountToJson(account);
  }

  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!workers_.empty() && queue_.size() >= config_.queue_capacity) {
      return Fail(ErrorCode::kLimitExceeded, "the job queue is full (" +
                                                 std::to_string(config_.queue_capacity) +
                                                 " steps pending); retry later");
    }
  }
  job.state = JobState::kRequested;
  job.reached = JobState::kRequested;
  job.requested_at_ms = clock_();
  job.updated_at_ms = job.requested_at_ms;
  Result<int64_t> version = store_.CreateJob(job);
  if (!version) {
    return version.error();
  }
  Log(LogLevel::kInfo, kComponent,
      "imei " + job.imei + " requested (" + type_name + ", msisdn " + job.msisdn + ")");
  const std::string imei = job.imei;
  if (Result<void> queued = Enqueue(Step{StepKind::kStart, imei, *version, {}, {}}); !queued) {
    MarkFailed(imei, FailureKind::kQueueFull, queued.error().message);
    return queued.error();
  }
  return JobStatus{imei, JobState::kRequested};
}

Result<BulkResult> DmsService::RequestBulk(std::string_view csv, const std::string& default_dm_uri) {
  std::vector<std::string> lines;
  {
    std::string line;
    std::istringstream in{std::string(csv)};
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      lines.push_back(line);
    }
  }
  if (lines.empty() || lines[0] != "imei,imsi,msisdn,security_type,pin") {
    return Fail(ErrorCode::kInvalidArgument,
                "csv: the header line must be imei,imsi,msisdn,security_type,pin");
  }
  BulkResult result;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream row(lines[i]);
    while (std::getline(row, cell, ',')) {
      cells.push_back(cell);
    }
    if (!lines[i].empty() && lines[i].back() == ',') {
      cells.emplace_back();
    }
    if (cells.size() != 5 && cells.size() != 4) {
      result.rejected.push_back({i + 1, "expected 5 comma-separated fields"});
      continue;
    }
    // A line is a request with the JSON API's field names and rules (one parser for both).
    Json body = {{"imei", cells[0]}, {"imsi", cells[1]}, {"msisdn", cells[2]}, {"security_type", cells[3]}};
    if (cells.size() == 5 && !cells[4].empty()) {
      body["pin"] = cells[4];
    }
    Result<BootstrapRequest> request = contracts::ParseBootstrapRequestJson(body);
    Result<JobStatus> done = request ? RequestBootstrap(*request, default_dm_uri) : Result<JobStatus>(request.error());
    if (done) {
      ++result.accepted;
    } else {
      result.rejected.push_back({i + 1, done.error().message});
    }
  }
  return result;
}

Result<DeviceView> DmsService::GetDevice(const std::string& imei) {
  Result<std::optional<JobRecord>> job = store_.GetJob(imei);
  if (!job) {
    return job.error();
  }
  if (!job->has_value()) {
    return Fail(ErrorCode::kNotFound, "no job for IMEI " + imei);
  }
  const JobRecord& r = **job;
  DeviceView view;
  view.imei = r.imei;
  view.state = r.state;
  view.security_type = r.security_type;
  view.msisdn = r.msisdn;
  view.requested_at_ms = r.requested_at_ms;
  view.resyncs = r.resyncs;
  if (r.state == JobState::kFailed) {
    view.failure = contracts::JobFailure{r.failure_kind.value_or(FailureKind::kInternal), r.failure_message};
  }
  if (!r.p_tid.empty()) {
    view.p_tid = r.p_tid;
    // The public facts of the job's NAF SA (RAND went over the air in the GPI); never Ks_NAF.
    Result<std::optional<NafSa>> sa = store_.FindNafSa(r.p_tid);
    if (!sa) {
      return sa.error();
    }
    if (sa->has_value()) {
      view.naf_sa = contracts::NafSaView{(*sa)->p_tid, (*sa)->rand, (*sa)->naf_id, (*sa)->expiry_s};
    }
  }
  view.enrolled_at_ms = r.enrolled_at_ms;
  return view;
}

Result<FleetView> DmsService::Fleet() {
  Result<std::vector<JobRecord>> jobs = store_.ListJobs();
  if (!jobs) {
    return jobs.error();
  }
  FleetView view;
  view.devices = static_cast<int64_t>(jobs->size());
  for (JobState s : kAllJobStates) {
    view.by_state[s] = 0;
  }
  std::vector<int64_t> latencies;
  for (const JobRecord& r : *jobs) {
    ++view.by_state[r.state];
    contracts::TypeFunnel& t = view.by_type[r.security_type];
    ++t.requested;
    if (bootstrap::NeedsKsNaf(r.security_type) &&
        static_cast<int>(r.reached) >= static_cast<int>(JobState::kGpiAccepted)) {
      ++t.gpi_accepted;
    }
    if (static_cast<int>(r.reached) >= static_cast<int>(JobState::kBootstrapPushed)) {
      ++t.bootstrapped;
    }
    if (r.state == JobState::kEnrolled) {
      ++t.enrolled;
      if (r.enrolled_at_ms) {
        latencies.push_back(*r.enrolled_at_ms - r.requested_at_ms);
      }
    }
    if (r.state == JobState::kFailed) {
      ++t.failed[r.failure_kind.value_or(FailureKind::kInternal)];
    }
  }
  view.latency_samples = latencies.size();
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    view.latency_p50_ms = LatencyPercentile(latencies, 50);
    view.latency_p99_ms = LatencyPercentile(latencies, 99);
  }
  return view;
}

Result<JobStatus> DmsService::GpiReport(const std::string& imei, const contracts::GpiReport& report) {
  if (report.status == GpiReportStatus::kAccepted) {
    Result<JobRecord> job = Apply(imei, JobEvent::kGpiAccepted, std::nullopt);
    if (!job) {
      return job.error();
    }
    if (Result<void> queued = Enqueue(Step{StepKind::kPushBootstrap, imei, job->version, {}, {}});
        !queued) {
      MarkFailed(imei, FailureKind::kQueueFull, queued.error().message);
      return queued.error();
    }
    return JobStatus{imei, JobState::kGpiAccepted};
  }
  if (report.status == GpiReportStatus::kRejected) {
    const std::string text = report.reason.value_or("no reason given");
    Result<JobRecord> job = Apply(imei, JobEvent::kGpiRejected, std::nullopt, [&](JobRecord& r) {
      r.failure_kind = FailureKind::kGpiRejected;
      r.failure_message = "the device rejected the GPI: " + text;
    });
    if (!job) {
      return job.error();
    }
    Log(LogLevel::kWarning, kComponent, "imei " + imei + " failed: gpi_rejected: " + text);
    return JobStatus{imei, JobState::kFailed};
  }
  if (!report.rand || !report.auts) {
    return Fail(ErrorCode::kInvalidArgument, "rand: a sync_failure report carries RAND and AUTS");
  }
  Result<std::optional<JobRecord>> current = store_.GetJob(imei);
  if (!current) {
    return current.error();
  }
  if (!current->has_value()) {
    return Fail(ErrorCode::kNotFound, "no job for IMEI " + imei);
  }
  const JobRecord& seen = **current;
  Result<std::optional<NafSa>> sa = store_.FindNafSa(seen.p_tid);
  if (!sa) {
    return sa.error();
  }
  if (!sa->has_value() || !crypto::ConstantTimeEquals((*sa)->rand, report.rand->bytes)) {
    return Field("rand", "is not the RAND of the GPI pushed to this device");
  }
  // The event is chosen on the row read here; the compare-and-set on its version makes the
  // choice and the write one step (a concurrent report makes this one kRefused).
  const bool give_up = seen.resyncs >= config_.max_resyncs;
  const int resyncs = seen.resyncs;
  Result<JobRecord> job =
      Apply(imei, give_up ? JobEvent::kResyncsExhausted : JobEvent::kSyncFailure, seen.version,
            [&](JobRecord& r) {
              if (give_up) {
                r.failure_kind = FailureKind::kSyncFailure;
                r.failure_message = "the device reported a synchronisation failure after " +
                                    std::to_string(resyncs) + " resyncs";
              } else {
                ++r.resyncs;
              }
            });
  if (!job) {
    return job.error();
  }
  if (give_up) {
    Log(LogLevel::kWarning, kComponent, "imei " + imei + " failed: sync_failure: resyncs exhausted");
    return JobStatus{imei, JobState::kFailed};
  }
  const std::vector<uint8_t> rand(report.rand->bytes.begin(), report.rand->bytes.end());
  const std::vector<uint8_t> auts(report.auts->bytes.begin(), report.auts->bytes.end());
  if (Result<void> queued = Enqueue(Step{StepKind::kResync, imei, job->version, rand, auts}); !queued) {
    MarkFailed(imei, FailureKind::kQueueFull, queued.error().message);
    return queued.error();
  }
  return JobStatus{imei, JobState::kGpiRequested};
}

// --- job steps --------------------------------------------------------------------------------

void DmsService::RunStep(const Step& step) {
  std::optional<Failure> failure;
  switch (step.kind) {
    case StepKind::kStart:
      failure = RunStart(step);
      break;
    case StepKind::kPushBootstrap:
      failure = RunBootstrap(step.imei, step.version);
      break;
    case StepKind::kResync:
      failure = RunResync(step);
      break;
  }
  if (failure) {
    MarkFailed(step.imei, failure->kind, failure->message);
  }
}

std::optional<DmsService::Failure> DmsService::RunStart(const Step& step) {
  Result<std::optional<JobRecord>> job = store_.GetJob(step.imei);
  if (!job) {
    return Failure{FailureKind::kInternal, "store: " + job.error().message};
  }
  if (!job->has_value()) {
    return std::nullopt;
  }
  return bootstrap::NeedsKsNaf((*job)->security_type) ? RunGpi(step.imei, step.version)
                                                      : RunBootstrap(step.imei, step.version);
}

std::optional<DmsService::Failure> DmsService::RunGpi(const std::string& imei, int64_t version) {
  // The claim: only the worker whose compare-and-set moves the queued version takes the job.
  Result<JobRecord> job = Apply(imei, JobEvent::kRequestGpi, version);
  if (!job) {
    return std::nullopt;  // not this step's turn any more (a duplicate, stale or resumed step)
  }
  Result<gba::NafId> naf_id = gba::NafId::Create(config_.fqdn, config_.ua_id);
  if (!naf_id) {
    return Failure{FailureKind::kInternal, "fqdn: " + naf_id.error().message};
  }
  contracts::PushInfoRequest request;
  request.naf_id = naf_id->Bytes();
  request.ue_id = job->imsi;
  request.ue_id_type = contracts::IdentityKind::kImsi;
  request.gba_type = config_.gba_type;
  request.key_lifetime_s = static_cast<uint64_t>(config_.key_lifetime_s);
  Result<PushInfo> info = bsf_.RetrievePushInfo(request);
  if (!info) {
    return Failure{FailureKindForBsf(info.error().code), "BSF: " + info.error().message};
  }
  Result<gba::GbaPushInfo> gpi = gba::GpiProfileV1().Decode(info->gpi);
  if (!gpi) {
    return Failure{FailureKind::kBsfError, "the BSF's GPI does not decode: " + gpi.error().message};
  }
  if (!(gpi->naf_id == *naf_id)) {
    return Failure{FailureKind::kBsfError, "the BSF's GPI names another NAF_Id"};
  }
  NafSa sa;
  const std::string p_tid = HexEncode(info->p_tid);  // the P-TID's text form in the store
  sa.p_tid = p_tid;
  sa.imei = imei;
  sa.imsi = job->imsi;
  sa.naf_id = naf_id->Bytes();
  sa.rand.assign(gpi->rand.bytes.begin(), gpi->rand.bytes.end());
  sa.ks_naf = crypto::SecretBytes(info->key.Reveal());
  sa.expiry_s = static_cast<int64_t>(info->key_expiry);
  sa.created_at_ms = clock_();
  if (Result<void> saved = store_.SaveNafSa(sa); !saved) {
    return Failure{FailureKind::kInternal, "store: " + saved.error().message};
  }
  std::vector<uint8_t> session_id_bytes(4);
  crypto::FillRandom(session_id_bytes);
  Result<std::vector<uint8_t>> envelope =
      gba::EncodeGpiEnvelope({HexEncode(session_id_bytes), info->gpi});
  if (!envelope) {
    return Failure{FailureKind::kBsfError, "GPI envelope: " + envelope.error().message};
  }
  push::WspPush wsp;
  wsp.tid = NextPushId();
  wsp.content_type.media = std::string(push::kMediaGbaPushInfo);
  wsp.body = std::move(*envelope);
  Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(wsp);
  if (!pdu) {
    return Failure{FailureKind::kInternal, "WSP push: " + pdu.error().message};
  }
  // The state is committed before the push leaves: the device may report before Send returns.
  Result<JobRecord> pushed =
      Apply(imei, JobEvent::kPushGpi, job->version, [&](JobRecord& r) { r.p_tid = p_tid; });
  if (!pushed) {
    return std::nullopt;
  }
  PushMessage message{imei, job->msisdn, std::move(*pdu), false};
  if (Result<void> sent = sender_.Send(message); !sent) {
    return Failure{FailureKind::kPushFailed, "GPI push: " + sent.error().message};
  }
  return std::nullopt;
}

Result<DmsService::SignedBootstrap> DmsService::BuildSignedBootstrap(const JobRecord& job) {
  const SecurityType type = job.security_type;
  Result<bootstrap::Account> account = bootstrap::ParseAccountJson(job.account_json);
  if (!account) {
    return Fail(ErrorCode::kInternal, "stored account: " + account.error().message);
  }
  bootstrap::MessageHeader header;
  header.device_id = "IMEI:" + job.imei;
  Result<std::vector<uint8_t>> wbxml = bootstrap::BuildBootstrapWbxml(*account, job.profile, header);
  if (!wbxml) {
    return wbxml.error();
  }
  bootstrap::BootstrapCredentials credentials;
  if (type == SecurityType::kNetworkId || type == SecurityType::kUserPinNetworkId) {
    // DM Security §5.7 NETWORKID: the IMSI as on the SIM (semi-octets).
    Result<bootstrap::Imsi> imsi = bootstrap::Imsi::Parse(job.imsi);
    if (!imsi) {
      return imsi.error();
    }
    credentials.network_id = *imsi;
  }
  if (bootstrap::NeedsPin(type)) {
    Result<bootstrap::Pin> pin = bootstrap::Pin::Parse(job.pin.RevealText());
    if (!pin) {
      return Fail(ErrorCode::kInternal, "stored PIN: " + pin.error().message);
    }
    credentials.pin = std::move(*pin);
  }
  if (bootstrap::NeedsKsNaf(type)) {
    // The SA of this job's GPI push (its P-TID), not merely the newest of the IMEI: a GPI
    // request that lost the race to another worker may have stored an SA too.
    Result<std::optional<NafSa>> sa = store_.FindNafSa(job.p_tid);
    if (!sa) {
      return sa.error();
    }
    if (!sa->has_value()) {
      return Fail(ErrorCode::kNotFound, "no NAF SA '" + job.p_tid + "' for IMEI " + job.imei);
    }
    if ((*sa)->expiry_s * 1000 <= clock_()) {
      return Fail(ErrorCode::kRefused, "the NAF SA " + (*sa)->p_tid + " has expired");
    }
    Result<bootstrap::KsNaf> ks = bootstrap::KsNaf::Create((*sa)->ks_naf);
    if (!ks) {
      return ks.error();
    }
    credentials.ks_naf = std::move(*ks);
  }
  Result<bootstrap::BootstrapSigner> signer = bootstrap::BootstrapSigner::Create(type, credentials);
  if (!signer) {
    return signer.error();
  }
  SignedBootstrap out;
  out.mac = signer->Sign(*wbxml);
  out.wbxml = std::move(*wbxml);
  out.type = type;
  return out;
}

std::optional<DmsService::Failure> DmsService::RunBootstrap(const std::string& imei, int64_t version) {
  Result<std::optional<JobRecord>> job = store_.GetJob(imei);
  if (!job) {
    return Failure{FailureKind::kInternal, "store: " + job.error().message};
  }
  if (!job->has_value()) {
    return std::nullopt;
  }
  const JobRecord& record = **job;
  // A GBA job is signed only after its GPI was accepted: the table also lets a legacy job go
  // from requested, which a GBA job must never do.
  const JobState from =
      bootstrap::NeedsKsNaf(record.security_type) ? JobState::kGpiAccepted : JobState::kRequested;
  if (record.state != from || record.version != version) {
    return std::nullopt;
  }
  Result<SignedBootstrap> signed_bootstrap = BuildSignedBootstrap(record);
  if (!signed_bootstrap) {
    const bool expired = signed_bootstrap.error().code == ErrorCode::kRefused;
    return Failure{expired ? FailureKind::kKeyExpired : FailureKind::kInternal,
                   "bootstrap: " + signed_bootstrap.error().message};
  }
  if (config_.tamper_bootstrap_imeis.count(imei) != 0) {
    // Fault injection (demo / e2e): one byte of the signed document flipped after signing.
    std::vector<uint8_t>& bytes = signed_bootstrap->wbxml;
    bytes[bytes.size() / 2] ^= 0x01;
    Log(LogLevel::kWarning, kComponent, "FAULT INJECTION: imei " + imei + ": bootstrap tampered after signing");
  }
  Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(
      provision::BootstrapPushOf(signed_bootstrap->type, std::move(signed_bootstrap->wbxml),
                                 {signed_bootstrap->mac}, NextPushId()));
  if (!pdu) {
    return Failure{FailureKind::kInternal, "WSP push: " + pdu.error().message};
  }
  Result<JobRecord> pushed = Apply(imei, JobEvent::kPushBootstrap, version);
  if (!pushed) {
    return std::nullopt;
  }
  const bool drop = config_.drop_sms_segment_imeis.count(imei) != 0;
  if (drop) {
    Log(LogLevel::kWarning, kComponent, "FAULT INJECTION: imei " + imei + ": one SMS segment will be dropped");
  }
  PushMessage message{imei, record.msisdn, std::move(*pdu), drop};
  if (Result<void> sent = sender_.Send(message); !sent) {
    return Failure{FailureKind::kPushFailed, "bootstrap push: " + sent.error().message};
  }
  return std::nullopt;
}

std::optional<DmsService::Failure> DmsService::RunResync(const Step& step) {
  Result<std::optional<JobRecord>> job = store_.GetJob(step.imei);
  if (!job) {
    return Failure{FailureKind::kInternal, "store: " + job.error().message};
  }
  if (!job->has_value() || (*job)->state != JobState::kGpiRequested || (*job)->version != step.version) {
    return std::nullopt;
  }
  Result<gba::NafId> naf_id = gba::NafId::Create(config_.fqdn, config_.ua_id);
  if (!naf_id) {
    return Failure{FailureKind::kInternal, "fqdn: " + naf_id.error().message};
  }
  contracts::PushResync resync;
  resync.naf_id = naf_id->Bytes();
  resync.ue_id = (*job)->imsi;
  resync.ue_id_type = contracts::IdentityKind::kImsi;
  Result<gba::Rand> rand = gba::Rand::FromSpan(step.rand);
  Result<gba::Auts> auts = gba::Auts::FromSpan(step.auts);
  if (!rand || !auts) {
    return Failure{FailureKind::kInternal, "resynchronisation: RAND or AUTS of the wrong length"};
  }
  resync.rand = *rand;
  resync.auts = *auts;
  if (Result<void> done = bsf_.Resync(resync); !done) {
    return Failure{done.error().code == ErrorCode::kIo ? FailureKind::kBsfUnavailable : FailureKind::kSyncFailure,
                   "resynchronisation: " + done.error().message};
  }
  Log(LogLevel::kInfo, kComponent, "imei " + step.imei + " resynchronised; requesting a new GPI");
  return RunGpi(step.imei, step.version);
}

// --- DM session -------------------------------------------------------------------------------

Result<DmReply> DmsService::HandleDm(std::span<const uint8_t> body, const std::string& hmac_header) {
  Result<session::Package1> p1 = session::DecodePackage1(body);
  if (!p1) {
    // Whatever the WBXML decoder objected to, the request is a bad package 1: 400.
    return Fail(ErrorCode::kMalformed, "package 1: " + p1.error().message);
  }
  constexpr std::string_view kPrefix = "IMEI:";
  if (p1->device_id.rfind(kPrefix, 0) != 0) {
    return Fail(ErrorCode::kNotFound, "package 1: Source LocURI must be IMEI:<imei>");
  }
  const std::string imei = p1->device_id.substr(kPrefix.size());
  Result<std::optional<JobRecord>> job = store_.GetJob(imei);
  if (!job) {
    return job.error();
  }
  if (!job->has_value()) {
    return Fail(ErrorCode::kNotFound, "no job for IMEI " + imei);
  }
  const JobState state = (*job)->state;
  if (state != JobState::kBootstrapPushed && state != JobState::kEnrolled) {
    return Fail(ErrorCode::kRefused, "the job for IMEI " + imei + " is " +
                                         std::string(JobStateName(state)) +
                                         ": no bootstrap was pushed");
  }
  Result<bootstrap::Account> account = bootstrap::ParseAccountJson((*job)->account_json);
  if (!account) {
    return Fail(ErrorCode::kInternal, "stored account: " + account.error().message);
  }
  Result<session::DmCredential> expected = provision::ClientCredentialOf(*account);
  if (!expected) {
    return Fail(ErrorCode::kInternal, expected.error().message);
  }
  // OMA DM Security §5.3: BASIC / DIGEST in the SyncHdr Cred, HMAC in x-syncml-hmac.
  bool verified = false;
  if (expected->type == session::DmAuthType::kHmac) {
    verified = !hmac_header.empty() &&
               session::VerifyHmacHeader(*expected, hmac_header, body).has_value();
  } else {
    verified = p1->cred_type == expected->type && !p1->cred_data.empty() &&
               session::VerifyCredData(*expected, p1->cred_data).has_value();
  }
  const int status = verified ? 212 : 401;
  if (verified && state == JobState::kBootstrapPushed) {
    const int64_t now = clock_();
    Result<JobRecord> enrolled =
        Apply(imei, JobEvent::kEnroll, std::nullopt, [now](JobRecord& r) { r.enrolled_at_ms = now; });
    if (!enrolled && enrolled.error().code != ErrorCode::kRefused) {
      return enrolled.error();
    }
  } else if (!verified) {
    Log(LogLevel::kWarning, kComponent, "imei " + imei + ": DM session credential rejected (401)");
  }
  session::Package2 p2;
  p2.session_id = p1->session_id;
  p2.server_uri = p1->server_uri;
  p2.device_id = p1->device_id;
  p2.header_status = status;
  Result<std::vector<uint8_t>> encoded = session::EncodePackage2(p2);
  if (!encoded) {
    return encoded.error();
  }
  return DmReply{std::move(*encoded), status};
}

}  // namespace dmboot::nf::dms
