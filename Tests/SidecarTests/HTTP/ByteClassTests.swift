// Byte classes: the bitmaps match the RFC grammar, and the eight-at-a-time field-value
// check agrees with the byte-by-byte one on every input tried.
import Testing
@testable import Sidecar

@Suite struct ByteClassTests {
    @Test func bitmapsMatchTheGrammar() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(ByteClass.isToken(byte) == tchar.contains(byte))
            #expect(ByteClass.isFieldValue(byte) == (byte == 0x09 || byte == 0x20 || (byte >= 0x21 && byte != 0x7F)))
            let unreserved = tchar.subtracting("!#$%&'*+^`|".utf8).union("~".utf8)
            let target = unreserved.union(":/?#[]@!$&'()*+,;=%".utf8)
            #expect(ByteClass.isTarget(byte) == target.contains(byte))
            #expect(ByteClass.isHost(byte) == target.subtracting("/?#@".utf8).contains(byte))
        }
    }

    @Test func wordAtATimeAgreesWithByteAtATime() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xFF]
        for length in 0..<40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in
                    Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8(ascii: "a")
                }
                let expected = bytes.allSatisfy(ByteClass.isFieldValue)
                #expect(bytes.withUnsafeBytes(ByteClass.allFieldValue) == expected, "\(bytes)")
            }
        }
    }

    @Test func oneBadByteIsFoundAtEveryPositionOfEveryLength() {
        // The word loop's last word overlaps the one before it: every position must be
        // covered, the last byte of each length included.
        for length in 1...24 {
            for position in 0..<length {
                for bad: UInt8 in [0x00, 0x0D, 0x0A, 0x1F, 0x7F] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    bytes[position] = bad
                    #expect(!bytes.withUnsafeBytes(ByteClass.allFieldValue), "0x\(String(bad, radix: 16)) at \(position) of \(length)")
                }
                var tabbed = [UInt8](repeating: 0xC3, count: length)
                tabbed[position] = 0x09
                #expect(tabbed.withUnsafeBytes(ByteClass.allFieldValue))
            }
        }
    }

    @Test func theNameTableFoldsTokensAndZeroesTheRest() {
        for byte in UInt8.min...UInt8.max {
            #expect(ByteClass.lowercaseToken[Int(byte)] == (ByteClass.isToken(byte) ? ByteClass.lowercased(byte) : 0))
        }
    }
}
