#include "nf/dms/job_state.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace dmboot::nf::dms {
namespace {

// The expected machine, written out independently of kJobTransitions: every (state, event) pair
// of the 7 × 9 grid is checked, so a row added, dropped or redirected in the table fails here.
TEST(JobStateTest, EveryStateEventPairMatchesTheDocumentedMachine) {
  using S = JobState;
  using E = JobEvent;
  const std::map<std::pair<S, E>, S> expected = {
      {{S::kRequested, E::kRequestGpi}, S::kGpiRequested},
      {{S::kGpiRequested, E::kRequestGpi}, S::kGpiRequested},
      {{S::kGpiRequested, E::kPushGpi}, S::kGpiPushed},
      {{S::kGpiPushed, E::kGpiAccepted}, S::kGpiAccepted},
      {{S::kGpiPushed, E::kGpiRejected}, S::kFailed},
      {{S::kGpiPushed, E::kSyncFailure}, S::kGpiRequested},
      {{S::kGpiPushed, E::kResyncsExhausted}, S::kFailed},
      {{S::kRequested, E::kPushBootstrap}, S::kBootstrapPushed},
      {{S::kGpiAccepted, E::kPushBootstrap}, S::kBootstrapPushed},
      {{S::kBootstrapPushed, E::kEnroll}, S::kEnrolled},
      {{S::kRequested, E::kFail}, S::kFailed},
      {{S::kGpiRequested, E::kFail}, S::kFailed},
      {{S::kGpiPushed, E::kFail}, S::kFailed},
      {{S::kGpiAccepted, E::kFail}, S::kFailed},
      {{S::kBootstrapPushed, E::kFail}, S::kFailed},
  };
  size_t walked = 0;
  for (JobState from : kAllJobStates) {
    for (JobEvent event : kAllJobEvents) {
      ++walked;
      const auto it = expected.find({from, event});
      const std::optional<JobState> to = NextState(from, event);
      if (it == expected.end()) {
        EXPECT_FALSE(to) << JobStateName(from) << " + " << JobEventName(event) << " must be refused";
      } else {
        ASSERT_TRUE(to) << JobStateName(from) << " + " << JobEventName(event) << " must apply";
        EXPECT_EQ(*to, it->second) << JobStateName(from) << " + " << JobEventName(event);
      }
    }
  }
  EXPECT_EQ(walked, 7u * 9u);
  EXPECT_EQ(kJobTransitions.size(), expected.size());
}

TEST(JobStateTest, FinishedStatesHaveNoWayOut) {
  for (JobState from : {JobState::kEnrolled, JobState::kFailed}) {
    EXPECT_TRUE(IsFinished(from));
    for (JobEvent event : kAllJobEvents) {
      EXPECT_FALSE(NextState(from, event)) << JobStateName(from) << " + " << JobEventName(event);
    }
  }
  for (JobState from : kAllJobStates) {
    if (!IsFinished(from)) {
      EXPECT_EQ(NextState(from, JobEvent::kFail), JobState::kFailed) << JobStateName(from);
    }
  }
}

TEST(JobStateTest, NamesRoundTripAndAreDistinct) {
  std::set<std::string_view> names;
  for (JobState state : kAllJobStates) {
    EXPECT_EQ(*ParseJobState(JobStateName(state)), state);
    names.insert(JobStateName(state));
  }
  EXPECT_EQ(names.size(), kAllJobStates.size());
  names.clear();
  for (FailureKind kind : kAllFailureKinds) {
    EXPECT_EQ(*ParseFailureKind(FailureKindName(kind)), kind);
    names.insert(FailureKindName(kind));
  }
  EXPECT_EQ(names.size(), kAllFailureKinds.size());
  names.clear();
  for (JobEvent event : kAllJobEvents) {
    names.insert(JobEventName(event));
  }
  EXPECT_EQ(names.size(), kAllJobEvents.size());
  EXPECT_EQ(ParseJobState("done").error().message, "unknown job state 'done' in the store");
  EXPECT_EQ(ParseFailureKind("oops").error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace dmboot::nf::dms
