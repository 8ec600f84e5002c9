import BannersCore
import BannersRecorder
import Glibc
import NIOCore
import Testing

@Suite struct FailureReasonTests {
  /// The seven reasons of the posts' failure tables: six from errno, one from EOF.
  @Test(arguments: [
    (ETIMEDOUT, "timed out"),
    (EHOSTUNREACH, "host unreachable"),
    (ECONNREFUSED, "connection refused"),
    (ENETUNREACH, "network unreachable"),
    (ENOPROTOOPT, "protocol not available"),
    (ENONET, "machine not on network"),
  ])
  func errnoMapsToThePostsWords(errno: Int32, text: String) {
    #expect(FailureReason(errno: errno).text == text)
    #expect(FailureReason(errno: errno).errno == errno)
  }

  @Test(arguments: [
    (ECONNRESET, "ECONNRESET"),
    (ENETDOWN, "ENETDOWN"),
    (EHOSTDOWN, "EHOSTDOWN"),
    (ECONNABORTED, "ECONNABORTED"),
    (EMFILE, "EMFILE"),
    (Int32(9999), "errno 9999"),
  ])
  func otherErrnosKeepTheirSymbolicName(errno: Int32, text: String) {
    #expect(FailureReason(errno: errno).text == text)
  }

  @Test func closeBeforeAnyByteIsAnImmediateDisconnect() {
    #expect(FailureReason.immediateDisconnect.text == "immediate disconnect")
    #expect(FailureReason.immediateDisconnect.errno == nil)
    #expect(FailureReason.timedOut.text == "timed out")
  }

  @Test func nioErrorsMapThroughTheirErrno() {
    #expect(
      Recorder.outcome(for: IOError(errnoCode: ECONNREFUSED, reason: "connect"))
        == .failed("connection refused"))
    #expect(
      Recorder.outcome(for: IOError(errnoCode: EHOSTUNREACH, reason: "connect"))
        == .failed("host unreachable"))
    #expect(
      Recorder.outcome(for: IOError(errnoCode: ECONNRESET, reason: "read")) == .failed("ECONNRESET")
    )
    #expect(
      Recorder.outcome(for: ChannelError.connectTimeout(.seconds(10))) == .failed("timed out"))
  }
}
