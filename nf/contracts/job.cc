#include "nf/contracts/job.h"

#include <string>

namespace dmboot::nf::contracts {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kRequested:
      return "requested";
    case JobState::kGpiRequested:
      return "gpi_requested";
    case JobState::kGpiPushed:
      return "gpi_pushed";
    case JobState::kGpiAccepted:
      return "gpi_accepted";
    case JobState::kBootstrapPushed:
      return "bootstrap_pushed";
    case JobState::kEnrolled:
      return "enrolled";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

Result<JobState> ParseJobState(std::string_view name) {
  for (JobState state : kAllJobStates) {
    if (JobStateName(state) == name) {
      return state;
    }
  }
  return Fail(ErrorCode::kMalformed, "unknown job state '" + std::string(name) + "' in the store");
}

bool IsFinished(JobState state) { return state == JobState::kEnrolled || state == JobState::kFailed; }

std::string_view FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kInternal:
      return "internal";
    case FailureKind::kNafNotAuthorized:
      return "naf_not_authorized";
    case FailureKind::kIdentityUnknown:
      return "identity_unknown";
    case FailureKind::kBsfUnavailable:
      return "bsf_unavailable";
    case FailureKind::kBsfError:
      return "bsf_error";
    case FailureKind::kGpiRejected:
      return "gpi_rejected";
    case FailureKind::kSyncFailure:
      return "sync_failure";
    case FailureKind::kKeyExpired:
      return "key_expired";
    case FailureKind::kPushFailed:
      return "push_failed";
    case FailureKind::kQueueFull:
      return "queue_full";
  }
  return "internal";
}

Result<FailureKind> ParseFailureKind(std::string_view name) {
  for (FailureKind kind : kAllFailureKinds) {
    if (FailureKindName(kind) == name) {
      return kind;
    }
  }
  return Fail(ErrorCode::kMalformed, "unknown failure kind '" + std::string(name) + "' in the store");
}

}  // namespace dmboot::nf::contracts
