#ifndef DMBOOT_NF_DEMO_DEMO_H_
#define DMBOOT_NF_DEMO_DEMO_H_

#include <string>

#include "dmboot/core/result.h"

namespace dmboot::nf {

// DemoOptions shape one run of the end-to-end campaign.
struct DemoOptions {
  int devices = 100;           // fleet size, planted failures included
  std::string workdir;         // empty: a fresh temporary folder, removed afterwards unless keep
  bool keep = false;           // keep the workdir (databases, logs, configs)
  int timeout_s = 120;         // for the whole campaign
  bool progress = true;        // the progress line on stderr
  std::string dmboot;          // the dmboot executable to start (default: this one)
  int key_lifetime_s = 3600;   // NAF SA lifetime the DMS asks the BSF for
  bool plant_failures = true;  // wrong PIN, NAF not authorized, tampered push, unknown IMSI,
                               // lost SMS segment; plus an SQN resync that must succeed
};

// RunDemo starts HSS, BSF, two DMS (one whose NAF the BSF does not authorize) and a device fleet
// as separate processes on loopback with SQLite in the workdir, provisions the subscribers, runs
// the campaign, prints the summary table (per security type: requested, GPI accepted,
// bootstrapped, enrolled, failed with reason, latency p50/p99), stops every process, and scans
// every log for the run's keys, PINs and IMSI-derived keys. It succeeds only if every device meant
// to succeed is enrolled, every planted failure failed for its reason, and no secret was logged;
// otherwise it fails with kInternal naming the first deviations.
Result<void> RunDemo(const DemoOptions& options);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_DEMO_DEMO_H_
