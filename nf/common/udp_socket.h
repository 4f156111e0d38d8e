#ifndef DMBOOT_NF_COMMON_UDP_SOCKET_H_
#define DMBOOT_NF_COMMON_UDP_SOCKET_H_

// The one UDP socket of the network functions (IPv4): the DMS's push sender, the fleet's device
// sockets, the demo and the tests all use it. An owned descriptor (closed by the destructor),
// bound to HOST:PORT (port 0 = ephemeral) or left for the kernel to bind on the first send.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dmboot/core/result.h"

namespace dmboot::nf {

class UdpSocket {
 public:
  // Open returns an unbound socket for sending (the kernel picks the source port on the first
  // send), or kIo.
  static Result<UdpSocket> Open();
  // Bind returns a socket bound to `host` (an IPv4 address or a name resolving to one) and
  // `port` (0 = an ephemeral port, see port()). Fails with kInvalidArgument when the host does
  // not resolve and kIo naming HOST:PORT when the socket cannot be opened or bound.
  static Result<UdpSocket> Bind(const std::string& host, int port);

  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();

  // fd is the descriptor, for epoll; the socket keeps owning it.
  int fd() const { return fd_; }
  // port is the bound local port (0 for an Open socket that has not sent yet).
  int port() const { return port_; }

  // SendTo sends `datagram` as one datagram to HOST:PORT (blocking while the send buffer is
  // full). Fails with kIo naming HOST:PORT when the host does not resolve or the send fails.
  Result<void> SendTo(const std::string& host, int port, std::span<const uint8_t> datagram);

  // ReceiveInto reads one datagram into `buffer` without blocking (MSG_DONTWAIT) and returns its
  // length, or nothing when no datagram is waiting. A datagram longer than the buffer is
  // truncated (the caller sizes the buffer to the largest datagram it takes). Fails with kIo.
  Result<std::optional<size_t>> ReceiveInto(std::span<uint8_t> buffer);
  // Receive waits up to `timeout_ms` (0: no wait) for one datagram and returns it, or nothing
  // when none came. Fails with kIo.
  Result<std::optional<std::vector<uint8_t>>> Receive(int timeout_ms = 0);

 private:
  explicit UdpSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_COMMON_UDP_SOCKET_H_
