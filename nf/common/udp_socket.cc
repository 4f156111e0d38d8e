#include "nf/common/udp_socket.h"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dmboot::nf {
namespace {

std::string Peer(const std::string& host, int port) { return host + ":" + std::to_string(port); }

Error Io(const std::string& what) {
  return Fail(ErrorCode::kIo, what + ": " + std::strerror(errno));
}

// Resolve turns HOST:PORT into an IPv4 socket address: a dotted quad directly, a name through
// the resolver.
std::optional<sockaddr_in> Resolve(const std::string& host, int port) {
  if (port < 0 || port > 65535) {
    return std::nullopt;
  }
  sockaddr_in out{};
  out.sin_family = AF_INET;
  out.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &out.sin_addr) == 1) {
    return out;
  }
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  out.sin_addr = reinterpret_cast<const sockaddr_in*>(found->ai_addr)->sin_addr;
  ::freeaddrinfo(found);
  return out;
}

}  // namespace

Result<UdpSocket> UdpSocket::Open() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return Io("cannot open a UDP socket");
  }
  return UdpSocket(fd);
}

Result<UdpSocket> UdpSocket::Bind(const std::string& host, int port) {
  std::optional<sockaddr_in> address = Resolve(host, port);
  if (!address) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "cannot bind UDP " + Peer(host, port) + ": not an IPv4 address or a name resolving to one");
  }
  Result<UdpSocket> bound = Open();
  if (!bound) {
    return bound;
  }
  if (::bind(bound->fd_, reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0) {
    return Io("cannot bind UDP " + Peer(host, port));
  }
  socklen_t len = sizeof *address;
  if (::getsockname(bound->fd_, reinterpret_cast<sockaddr*>(&*address), &len) != 0) {
    return Io("getsockname of UDP " + Peer(host, port));
  }
  bound->port_ = ntohs(address->sin_port);
  return bound;
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept : fd_(other.fd_), port_(other.port_) {
  other.fd_ = -1;
}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = other.fd_;
    port_ = other.port_;
    other.fd_ = -1;
  }
  return *this;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Result<void> UdpSocket::SendTo(const std::string& host, int port,
                               std::span<const uint8_t> datagram) {
  std::optional<sockaddr_in> to = Resolve(host, port);
  if (!to) {
    return Fail(ErrorCode::kIo, "cannot resolve " + Peer(host, port));
  }
  ssize_t sent = -1;
  do {
    sent = ::sendto(fd_, datagram.data(), datagram.size(), 0,
                    reinterpret_cast<const sockaddr*>(&*to), sizeof *to);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    return Io("sendto " + Peer(host, port) + " failed");
  }
  if (static_cast<size_t>(sent) != datagram.size()) {
    return Fail(ErrorCode::kIo, "sendto " + Peer(host, port) + " sent " + std::to_string(sent) +
                                    " of " + std::to_string(datagram.size()) + " octets");
  }
  if (port_ == 0) {
    sockaddr_in self{};
    socklen_t len = sizeof self;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&self), &len) == 0) {
      port_ = ntohs(self.sin_port);
    }
  }
  return Ok();
}

Result<std::optional<size_t>> UdpSocket::ReceiveInto(std::span<uint8_t> buffer) {
  while (true) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got >= 0) {
      return std::optional<size_t>(static_cast<size_t>(got));
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return std::optional<size_t>();
    }
    if (errno != EINTR) {
      return Io("recv on UDP port " + std::to_string(port_));
    }
  }
}

Result<std::optional<std::vector<uint8_t>>> UdpSocket::Receive(int timeout_ms) {
  if (timeout_ms > 0) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) {
      return Io("poll on UDP port " + std::to_string(port_));
    }
  }
  std::vector<uint8_t> buffer(65535);  // the largest UDP payload
  Result<std::optional<size_t>> got = ReceiveInto(buffer);
  if (!got) {
    return got.error();
  }
  if (!*got) {
    return std::optional<std::vector<uint8_t>>();
  }
  buffer.resize(**got);
  return std::optional<std::vector<uint8_t>>(std::move(buffer));
}

}  // namespace dmboot::nf
