// Crash durability of the HSS: a child process serves the real HSS HTTP API on a SQLite file and
// is killed with SIGKILL at random moments while vectors are being requested; it is restarted on
// the same file. Every SQN that ever reached the client (recovered from AUTN with AK = f5(RAND)
// and the known K/OPc) must be strictly above every earlier one: no SQN is issued twice.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "nf/common/http.h"
#include "nf/hss/hss_server.h"
#include "nf/hss/hss_service.h"
#include "nf/hss/hss_test_util.h"
#include "nf/hss/sqlite_hss_store.h"

namespace dmboot::nf::hss {
namespace {

constexpr const char* kImsi = "001010000000001";

// StartChild forks an HSS server on `db_path` and returns its pid and port. The parent has no
// other threads at this point, so fork is safe.
std::pair<pid_t, int> StartChild(const std::string& db_path) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Result<std::unique_ptr<SqliteHssStore>> store = SqliteHssStore::Open(db_path);
    if (!store) {
      _exit(3);
    }
    std::unique_ptr<HssService> service = std::move(*HssService::Create(HssConfig{}, **store));
    HttpServer server;
    AddHssRoutes(server, *service);
    Result<int> port = server.Bind("127.0.0.1", 0);
    if (!port) {
      _exit(4);
    }
    const int p = *port;
    if (write(fds[1], &p, sizeof p) != static_cast<ssize_t>(sizeof p)) {
      _exit(5);
    }
    close(fds[1]);
    server.Serve();
    _exit(0);
  }
  close(fds[1]);
  int port = 0;
  EXPECT_EQ(read(fds[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
  close(fds[0]);
  return {pid, port};
}

Result<uint64_t> RequestSqn(HttpClient& client, const gba::Milenage& m) {
  Result<Json> av = client.PostJson("/zh/v1/av", Json{{"imsi", kImsi}});
  if (!av) {
    return av.error();
  }
  gba::AuthVector v;
  v.rand = test::FromHex<gba::Rand>((*av)["rand"].get<std::string>());
  v.autn = test::FromHex<gba::Autn>((*av)["autn"].get<std::string>());
  return test::SqnOfAv(m, v);
}

TEST(HssCrashTest, KillNineNeverReissuesAnSqn) {
  test::TempDir dir;
  const std::string db = dir.File("hss.sqlite");
  {
    std::unique_ptr<SqliteHssStore> store = std::move(*SqliteHssStore::Open(db));
    std::unique_ptr<HssService> service = std::move(*HssService::Create(HssConfig{}, *store));
    ASSERT_TRUE(service->Add(test::NewSubscriber1(kImsi)));
  }
  const gba::Milenage m = test::Milenage1();
  std::mt19937 rng(12345);
  std::vector<uint64_t> sqns;
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    auto [pid, port] = StartChild(db);
    ASSERT_GT(pid, 0);
    HttpClient client("127.0.0.1", port, std::chrono::milliseconds(2000));
    // Two vectors first (so every round releases some), then a kill at a random moment while
    // requests are in flight (some kills land inside a commit).
    for (int i = 0; i < 2; ++i) {
      Result<uint64_t> sqn = RequestSqn(client, m);
      ASSERT_TRUE(sqn) << sqn.error().message;
      sqns.push_back(*sqn);
    }
    const auto delay = std::chrono::milliseconds(static_cast<int>(rng() % 250));
    std::thread killer([pid = pid, delay] {
      std::this_thread::sleep_for(delay);
      kill(pid, SIGKILL);
    });
    for (;;) {
      Result<uint64_t> sqn = RequestSqn(client, m);
      if (!sqn) {
        EXPECT_EQ(sqn.error().code, ErrorCode::kIo) << sqn.error().message;
        break;
      }
      sqns.push_back(*sqn);
    }
    killer.join();
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    ++kills;
  }
  // A last restart: the next vector is above everything released before the crashes.
  auto [pid, port] = StartChild(db);
  {
    HttpClient client("127.0.0.1", port);
    for (int i = 0; i < 5; ++i) {
      Result<uint64_t> sqn = RequestSqn(client, m);
      ASSERT_TRUE(sqn) << sqn.error().message;
      sqns.push_back(*sqn);
    }
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);

  EXPECT_EQ(kills, 8);
  ASSERT_GE(sqns.size(), 8u * 2 + 5);
  for (size_t i = 1; i < sqns.size(); ++i) {
    ASSERT_GT(sqns[i] >> gba::kIndBits, sqns[i - 1] >> gba::kIndBits) << "SQN reissued at #" << i;
  }
  std::printf("[ HSS crash ] %zu vectors over %d kill -9 restarts, SEQ %llu..%llu, none reissued\n",
              sqns.size(), kills, static_cast<unsigned long long>(sqns.front() >> gba::kIndBits),
              static_cast<unsigned long long>(sqns.back() >> gba::kIndBits));
}

}  // namespace
}  // namespace dmboot::nf::hss
