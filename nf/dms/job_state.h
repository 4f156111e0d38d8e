#ifndef DMBOOT_NF_DMS_JOB_STATE_H_
#define DMBOOT_NF_DMS_JOB_STATE_H_

// The DMS job's vocabulary: its states, the events that move it, the one transition table, and
// why a job failed (docs/network-functions.md §DMS "Job states"). Every change of a stored job is
// one row of kJobTransitions, written as a compare-and-set on the job's version
// (JobStore::CompareAndSetJob), so two DMS processes over one store never both take a step.

#include <array>
#include <optional>
#include <string_view>

#include "dmboot/bootstrap/security_type.h"
#include "dmboot/core/result.h"

namespace dmboot::nf::dms {

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

// JobEvent is what happened to a job.
enum class JobEvent : int {
  kRequestGpi = 0,       // a worker asks the BSF for a GPI (first time, after a resync, or resumed)
  kPushGpi = 1,          // the GPI push is about to leave
  kGpiAccepted = 2,      // the device reported "accepted"
  kGpiRejected = 3,      // the device reported "rejected"
  kSyncFailure = 4,      // the device reported AUTS and a resync is allowed
  kResyncsExhausted = 5, // the device reported AUTS once too often
  kPushBootstrap = 6,    // the signed bootstrap is about to leave
  kEnroll = 7,           // the first DM session authenticated with the new credentials
  kFail = 8,             // a step failed (the failure kind says why)
};
inline constexpr std::array kAllJobEvents = {
    JobEvent::kRequestGpi,  JobEvent::kPushGpi,          JobEvent::kGpiAccepted,
    JobEvent::kGpiRejected, JobEvent::kSyncFailure,      JobEvent::kResyncsExhausted,
    JobEvent::kPushBootstrap, JobEvent::kEnroll,         JobEvent::kFail};

// JobEventName returns "request_gpi", "push_gpi", ... (logs and refusals).
std::string_view JobEventName(JobEvent event);

// JobTransition is one row of the table: in state `from`, `event` moves the job to `to`.
struct JobTransition {
  JobState from;
  JobEvent event;
  JobState to;
};

// kJobTransitions is every move a job can make; any (state, event) not listed is refused.
// kRequestGpi from gpi_requested is how a resumed or resynchronised job asks again; the version
// compare-and-set is what keeps two workers from both doing it.
inline constexpr std::array kJobTransitions = {
    JobTransition{JobState::kRequested, JobEvent::kRequestGpi, JobState::kGpiRequested},
    JobTransition{JobState::kGpiRequested, JobEvent::kRequestGpi, JobState::kGpiRequested},
    JobTransition{JobState::kGpiRequested, JobEvent::kPushGpi, JobState::kGpiPushed},
    JobTransition{JobState::kGpiPushed, JobEvent::kGpiAccepted, JobState::kGpiAccepted},
    JobTransition{JobState::kGpiPushed, JobEvent::kGpiRejected, JobState::kFailed},
    JobTransition{JobState::kGpiPushed, JobEvent::kSyncFailure, JobState::kGpiRequested},
    JobTransition{JobState::kGpiPushed, JobEvent::kResyncsExhausted, JobState::kFailed},
    JobTransition{JobState::kRequested, JobEvent::kPushBootstrap, JobState::kBootstrapPushed},
    JobTransition{JobState::kGpiAccepted, JobEvent::kPushBootstrap, JobState::kBootstrapPushed},
    JobTransition{JobState::kBootstrapPushed, JobEvent::kEnroll, JobState::kEnrolled},
    JobTransition{JobState::kRequested, JobEvent::kFail, JobState::kFailed},
    JobTransition{JobState::kGpiRequested, JobEvent::kFail, JobState::kFailed},
    JobTransition{JobState::kGpiPushed, JobEvent::kFail, JobState::kFailed},
    JobTransition{JobState::kGpiAccepted, JobEvent::kFail, JobState::kFailed},
    JobTransition{JobState::kBootstrapPushed, JobEvent::kFail, JobState::kFailed},
};

// NextState returns the state `event` moves a job in `from` to, or std::nullopt when the table
// has no such row.
std::optional<JobState> NextState(JobState from, JobEvent event);

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

// ParseDmSecurityType reads a job's security type: a DM SEC name (OMA DM Security 1.2.1 §5.7),
// exactly as spelled, or fails with kInvalidArgument listing the names.
Result<bootstrap::SecurityType> ParseDmSecurityType(std::string_view name);

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_JOB_STATE_H_
