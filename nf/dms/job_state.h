#ifndef DMBOOT_NF_DMS_JOB_STATE_H_
#define DMBOOT_NF_DMS_JOB_STATE_H_

// The DMS job's vocabulary: its states, the events that move it, the one transition table, and
// why a job failed (docs/network-functions.md §DMS "Job states"). Every change of a stored job is
// one row of kJobTransitions, written as a compare-and-set on the job's version
// (JobStore::CompareAndSetJob), so two DMS processes over one store never both take a step.

#include <array>
#include <optional>
#include <string_view>

#include "dmboot/core/result.h"
#include "nf/contracts/job.h"
#include "nf/contracts/operator_api.h"

namespace dmboot::nf::dms {

// The states and failure kinds are on the wire (the operator API), so they are contracts.
using contracts::FailureKind;
using contracts::FailureKindName;
using contracts::IsFinished;
using contracts::JobState;
using contracts::JobStateName;
using contracts::kAllFailureKinds;
using contracts::kAllJobStates;
using contracts::ParseFailureKind;
using contracts::ParseDmSecurityType;
using contracts::ParseJobState;

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

}  // namespace dmboot::nf::dms

#endif  // DMBOOT_NF_DMS_JOB_STATE_H_
