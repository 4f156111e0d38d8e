#ifndef DMBOOT_NF_CONTRACTS_JOB_H_
#define DMBOOT_NF_CONTRACTS_JOB_H_

// A DMS bootstrap job's state and failure kind, as the operator API and the store spell them.
// The moves between states are the DMS's (nf/dms/job_state.h, kJobTransitions).

#include <array>
#include <string_view>

#include "dmboot/core/result.h"

namespace dmboot::nf::contracts {

// JobState is where a bootstrap job is. The values order the progress of a job (`reached`).
enum class JobState : int {
  kRequested = 0,
  kGpiRequested = 1,
  kGpiPushed = 2,
  kGpiAccepted = 3,
  kBootstrapPushed = 4,
  kEnrolled = 5,
  kFailed = 6,
};
inline constexpr std::array kAllJobStates = {
    JobState::kRequested,       JobState::kGpiRequested, JobState::kGpiPushed, JobState::kGpiAccepted,
    JobState::kBootstrapPushed, JobState::kEnrolled,     JobState::kFailed};

// JobStateName returns the wire / store spelling: "requested", "gpi_requested", ..., "failed".
std::string_view JobStateName(JobState state);
// ParseJobState reads a JobStateName, or fails with kMalformed.
Result<JobState> ParseJobState(std::string_view name);
// IsFinished reports whether a job has ended (enrolled or failed): only then may it be requested
// again.
bool IsFinished(JobState state);

// FailureKind is why a job failed (the fleet view counts failed jobs by kind).
enum class FailureKind : int {
  kInternal = 0,          // a bug or a store error in the DMS
  kNafNotAuthorized = 1,  // the BSF refused this NAF (TS 29.109 5402)
  kIdentityUnknown = 2,   // the BSF / HSS do not know the IMSI (TS 29.109 5401)
  kBsfUnavailable = 3,    // the BSF could not be reached
  kBsfError = 4,          // the BSF answered something unusable
  kGpiRejected = 5,       // the device refused the GPI
  kSyncFailure = 6,       // AUTS resynchronisation failed or was exhausted
  kKeyExpired = 7,        // the NAF SA expired before the bootstrap was signed
  kPushFailed = 8,        // the bearer could not deliver a push
  kQueueFull = 9,         // the job's next step could not be queued
};
inline constexpr std::array kAllFailureKinds = {
    FailureKind::kInternal,    FailureKind::kNafNotAuthorized, FailureKind::kIdentityUnknown,
    FailureKind::kBsfUnavailable, FailureKind::kBsfError,      FailureKind::kGpiRejected,
    FailureKind::kSyncFailure, FailureKind::kKeyExpired,       FailureKind::kPushFailed,
    FailureKind::kQueueFull};

// FailureKindName returns the wire / store spelling: "internal", "naf_not_authorized", ...
std::string_view FailureKindName(FailureKind kind);
// ParseFailureKind reads a FailureKindName, or fails with kMalformed.
Result<FailureKind> ParseFailureKind(std::string_view name);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_JOB_H_
