#include "nf/dms/job_state.h"

#include <string>

namespace dmboot::nf::dms {

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

}  // namespace dmboot::nf::dms
