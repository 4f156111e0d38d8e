#include "nf/common/udp_socket.h"

#include <fcntl.h>
#include <gtest/gtest.h>

namespace dmboot::nf {
namespace {

TEST(UdpSocketTest, BindsAnEphemeralPortAndRoundTripsADatagram) {
  Result<UdpSocket> device = UdpSocket::Bind("127.0.0.1", 0);
  ASSERT_TRUE(device.has_value()) << device.error().message;
  EXPECT_GT(device->port(), 0);
  Result<UdpSocket> sender = UdpSocket::Open();
  ASSERT_TRUE(sender.has_value());
  EXPECT_EQ(sender->port(), 0);
  const std::vector<uint8_t> hello = {0x01, 0x06, 0x00, 0xFF};
  ASSERT_TRUE(sender->SendTo("127.0.0.1", device->port(), hello));
  EXPECT_GT(sender->port(), 0) << "the kernel bound the sender on its first send";
  Result<std::optional<std::vector<uint8_t>>> got = device->Receive(1000);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  ASSERT_TRUE(*got);
  EXPECT_EQ(**got, hello);
  // An empty datagram is a datagram too; a name resolves like an address.
  ASSERT_TRUE(sender->SendTo("localhost", device->port(), {}));
  got = device->Receive(1000);
  ASSERT_TRUE(got.has_value() && *got);
  EXPECT_TRUE((*got)->empty());
}

TEST(UdpSocketTest, ReceiveDoesNotBlockWhenNothingWaits) {
  Result<UdpSocket> device = UdpSocket::Bind("127.0.0.1", 0);
  ASSERT_TRUE(device.has_value());
  Result<std::optional<std::vector<uint8_t>>> got = device->Receive();
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(*got);
  std::vector<uint8_t> buffer(16);
  Result<std::optional<size_t>> into = device->ReceiveInto(buffer);
  ASSERT_TRUE(into.has_value());
  EXPECT_FALSE(*into);
}

TEST(UdpSocketTest, ErrorsNameTheAddress) {
  Result<UdpSocket> first = UdpSocket::Bind("127.0.0.1", 0);
  ASSERT_TRUE(first.has_value());
  const std::string taken = "127.0.0.1:" + std::to_string(first->port());
  Result<UdpSocket> second = UdpSocket::Bind("127.0.0.1", first->port());
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kIo);
  EXPECT_NE(second.error().message.find(taken), std::string::npos) << second.error().message;

  Result<UdpSocket> bad_host = UdpSocket::Bind("not-a-host.invalid", 0);
  ASSERT_FALSE(bad_host.has_value());
  EXPECT_EQ(bad_host.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_host.error().message.find("not-a-host.invalid:0"), std::string::npos);

  Result<void> sent = first->SendTo("not-a-host.invalid", 2948, std::vector<uint8_t>{1});
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kIo);
  EXPECT_NE(sent.error().message.find("not-a-host.invalid:2948"), std::string::npos);
}

TEST(UdpSocketTest, AMovedSocketIsClosedOnce) {
  Result<UdpSocket> opened = UdpSocket::Bind("127.0.0.1", 0);
  ASSERT_TRUE(opened.has_value());
  const int fd = opened->fd();
  const int port = opened->port();
  {
    UdpSocket moved = std::move(*opened);
    EXPECT_EQ(moved.fd(), fd);
    EXPECT_EQ(moved.port(), port);
    EXPECT_EQ(opened->fd(), -1);
    EXPECT_NE(::fcntl(fd, F_GETFD), -1);
  }
  EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "the descriptor outlived its socket";
  // The port is free again.
  EXPECT_TRUE(UdpSocket::Bind("127.0.0.1", port).has_value());
}

}  // namespace
}  // namespace dmboot::nf
