#include "nf/dms/job_state.h"

#include <string>

namespace dmboot::nf::dms {

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

std::string_view JobEventName(JobEvent event) {
  switch (event) {
    case JobEvent::kRequestGpi:
      return "request_gpi";
    case JobEvent::kPushGpi:
      return "push_gpi";
    case JobEvent::kGpiAccepted:
      return "gpi_accepted";
    case JobEvent::kGpiRejected:
      return "gpi_rejected";
    case JobEvent::kSyncFailure:
      return "sync_failure";
    case JobEvent::kResyncsExhausted:
      return "resyncs_exhausted";
    case JobEvent::kPushBootstrap:
      return "push_bootstrap";
    case JobEvent::kEnroll:
      return "enroll";
    case JobEvent::kFail:
      return "fail";
  }
  return "fail";
}

std::optional<JobState> NextState(JobState from, JobEvent event) {
  for (const JobTransition& row : kJobTransitions) {
    if (row.from == from && row.event == event) {
      return row.to;
    }
  }
  return std::nullopt;
}

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

Result<bootstrap::SecurityType> ParseDmSecurityType(std::string_view name) {
  std::string names;
  for (const bootstrap::SecurityTypeInfo& row : bootstrap::kSecurityTypes) {
    if (row.media != bootstrap::BootstrapMedia::kDm) {
      continue;
    }
    if (row.name == name) {
      return row.type;
    }
    names += (names.empty() ? "" : ", ") + std::string(row.name);
  }
  return Fail(ErrorCode::kInvalidArgument, "security_type: must be one of " + names);
}

}  // namespace dmboot::nf::dms
