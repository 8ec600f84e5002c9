import NIOCore
import NIOPosix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How one emulated host behaves when `banners record` connects to it.
public enum HostBehaviour: Sendable, Hashable {
  /// Sends `greeting`, answers the first line it reads (the probe) with `reply`, answers
  /// the next (QUIT) with `221` and closes. An empty `reply` closes right after the
  /// greeting (as `421 ... Sorry, unable to contact destination` hosts do).
  /// `pacing` splits every write into pieces sent apart (separate TCP segments).
  case smtp(greeting: [UInt8], reply: [UInt8], pacing: Pacing? = nil)
  /// Accepts and never sends a byte: the recorder's greeting timeout.
  case silent
  /// Accepts and closes at once: `immediate disconnect`.
  case immediateClose
  /// Greets, then answers the probe with continuation lines that never end: the byte cap.
  case endless
  /// Accepts and stays silent until `gate` opens, then behaves as `then`.
  indirect case held(HostGate, then: HostBehaviour)

  /// `size` bytes at a time, `interval` apart.
  public struct Pacing: Sendable, Hashable {
    public var size: Int
    public var interval: TimeAmount
    public init(size: Int, interval: TimeAmount) {
      self.size = max(1, size)
      self.interval = interval
    }
  }

  /// A greeting and reply sent one byte every `interval`: a slow drip.
  public static func drip(greeting: String, reply: String, interval: TimeAmount) -> HostBehaviour {
    .smtp(
      greeting: Array(greeting.utf8), reply: Array(reply.utf8),
      pacing: Pacing(size: 1, interval: interval))
  }

  /// An SMTP host from text.
  public static func smtp(_ greeting: String, _ reply: String, pacing: Pacing? = nil)
    -> HostBehaviour
  {
    .smtp(greeting: Array(greeting.utf8), reply: Array(reply.utf8), pacing: pacing)
  }
}

/// An SMTP emulator that serves many "hosts" at once on loopback: every address of
/// 127.0.0.0/8 (Linux answers on all of them) on one port, each address with its own
/// `HostBehaviour`, plus `::1`. Tests and the loopback survey demo never leave the machine.
///
/// One listening socket serves them all: it is bound to the wildcard address on the
/// loopback device only (`SO_BINDTODEVICE lo`, where permitted), and a connection whose
/// local address is not loopback is closed at once, so nothing outside can reach it.
/// A listener per address would need one descriptor per host (20,310 for the 1998
/// population, over the usual limit).
///
/// "No listener" (`connection refused`) hosts are targets on `refusedPort`: a port
/// held bound, never listening, so the kernel refuses every connection to it.
public final class LoopbackSMTPServer: Sendable {
  /// The port every emulated host listens on.
  public let port: Int
  /// A port on which nothing listens, on every loopback address.
  public let refusedPort: Int
  private let group: MultiThreadedEventLoopGroup
  private let channels: [Channel]
  private let refusedSocket: Int32

  /// Starts serving. `behaviour(address)` is asked once per connection with the
  /// address the client connected to (`127.1.2.3`, `::1`); nil closes the connection.
  public init(
    threads: Int = 1, behaviour: @escaping @Sendable (String) -> HostBehaviour?
  ) throws {
    group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    do {
      let listener = try Self.makeSocket(listening: true)
      let refused = try Self.makeSocket(listening: false)
      refusedSocket = refused.fd
      refusedPort = refused.port
      port = listener.port
      let bootstrap = ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(EmulatedHost(behaviour: behaviour))
          }
        }
      var channels = [try bootstrap.withBoundSocket(listener.fd).wait()]
      // NIO listens with a backlog of 128; a survey at concurrency 1,000 needs more.
      _ = listen(listener.fd, 4096)
      if let v6 = try? bootstrap.serverChannelOption(.backlog, value: 4096)
        .bind(host: "::1", port: listener.port).wait()
      {
        channels.append(v6)
      }
      self.channels = channels
    } catch {
      try? group.syncShutdownGracefully()
      throw error
    }
  }

  /// Stops serving and closes every socket.
  public func shutdown() {
    for channel in channels { try? channel.close().wait() }
    close(refusedSocket)
    try? group.syncShutdownGracefully()
  }

  /// A TCP socket bound to 0.0.0.0 on an ephemeral port, on the loopback device; not
  /// yet listening.
  private static func makeSocket(listening: Bool) throws -> (fd: Int32, port: Int) {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "socket") }
    if listening {
      var one: Int32 = 1
      _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }
    #if canImport(Glibc)
      // Best effort: refused without CAP_NET_RAW on kernels before 5.7; the local
      // address check in EmulatedHost still keeps outsiders out.
      _ = "lo".withCString { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0, 3) }
    #endif
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    // The refused port is held bound (never listening) on every address, without
    // SO_REUSEADDR, so no one else can start listening on it during the test.
    address.sin_addr.s_addr = INADDR_ANY
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else {
      let code = errno
      close(fd)
      throw IOError(errnoCode: code, reason: "bind")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }
}
