import BannersTestSupport
import Testing

@testable import BannersCore

/// `LoopAmbiguity.polynomialPumps`: two loops sharing a string, found on the automaton
/// alone (PCRE2 confirms them in BacktrackingCheckTests).
@Suite struct PolynomialAmbiguityTests {
  func pumps(_ regex: String) throws -> [LoopAmbiguity.Pump] {
    let list = try AwkOracle.rules("/\(regex)/ x\n")
    return LoopAmbiguity(list.rules[0].translation.syntax, polynomial: true)?.polynomialPumps()
      ?? []
  }

  @Test func twoLoopsOnTheSameByteShareIt() throws {
    #expect(try pumps("a*a*b").first == LoopAmbiguity.Pump(prefix: [], pump: Array("a".utf8)))
    #expect(
      try pumps("x[ab]+b+").first
        == LoopAmbiguity.Pump(prefix: Array("x".utf8), pump: Array("b".utf8)))
  }

  @Test func aMandatoryByteBetweenTheLoopsIsInThePump() throws {
    // p -"  "-> q passes the mandatory space; p and q read "  " round themselves too.
    #expect(try pumps(" *  *$").first?.pump == Array("  ".utf8))
  }

  @Test(arguments: ["a*b*", "[0-9]+\\.[0-9]+", "x+y+z", "(ab)*c", "a+", "[a-z]+[0-9]+"])
  func loopsThatShareNoStringHaveNoPump(_ regex: String) throws {
    #expect(try pumps(regex).isEmpty)
  }

  @Test func manyLoopsStayWithinTheBudget() throws {
    let regex = String(repeating: "[a-z]*", count: 12) + "!"
    let found = try pumps(regex)
    #expect(!found.isEmpty && found.count <= 4)
  }
}
