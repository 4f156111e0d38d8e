#include "nf/contracts/fleet_api.h"

#include <gtest/gtest.h>

namespace dmboot::nf::contracts {
namespace {

TEST(FleetApiTest, StatusRoundTripsWithItsOptionalFields) {
  FleetStatus status;
  FleetDeviceStatus enrolled{"490154203237518", "enrolled", std::nullopt,
                             DeviceReason{"replayed", "a bootstrap MAC seen before"}, "dms.example.test"};
  FleetDeviceStatus failed{"356938035643809", "failed", DeviceReason{"pin_locked", "3 wrong PINs"},
                           std::nullopt, std::nullopt};
  status.devices = {enrolled, failed};
  status.by_state = {{"enrolled", 1}, {"failed", 1}};
  status.datagrams = 7;
  status.noise = 2;
  const Json json = FleetStatusJson(status);
  EXPECT_EQ(json["stats"]["datagrams"], 7);
  EXPECT_FALSE(json["devices"][0].contains("failure"));
  Result<FleetStatus> back = ParseFleetStatusJson(json);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->devices.size(), 2u);
  EXPECT_EQ(back->devices[0].last_refusal->kind, "replayed");
  EXPECT_EQ(back->devices[0].account_server_id, "dms.example.test");
  EXPECT_EQ(back->devices[1].failure->kind, "pin_locked");
  EXPECT_EQ(back->by_state.at("failed"), 1);
  EXPECT_EQ(back->noise, 2u);
  Json bad = FleetDeviceStatusJson(failed);
  bad.erase("state");
  Result<FleetDeviceStatus> missing = ParseFleetDeviceStatusJson(bad);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace dmboot::nf::contracts
