import EthPrimitives
import Foundation
import PropertyBased
import Testing

/// vectors/keccak.json, made by tools/vectors/gen_keccak.py from pycryptodome (cross-checked with eth-hash).
struct KeccakVectors: Decodable {
    struct Row: Decodable {
        var length: Int
        var keccak256: String
    }
    struct Pieces: Decodable {
        var length: Int
        var pieces: [Int]
        var keccak256: String
    }
    struct Text: Decodable {
        var text: String
        var keccak256: String
    }
    var stream: String
    var hashes: [Row]
    var incremental: [Pieces]
    var text: [Text]

    static let shared: KeccakVectors = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try! Data(contentsOf: root.appendingPathComponent("vectors/keccak.json"))
        return try! JSONDecoder().decode(KeccakVectors.self, from: data)
    }()

    /// The pseudo-random byte stream every row hashes a prefix of.
    static let streamBytes: [UInt8] = try! [UInt8](hex: shared.stream)
    /// Expected digest of the first n bytes of the stream, for the lengths the file lists.
    static let expected: [Int: String] = Dictionary(
        uniqueKeysWithValues: shared.hashes.map { ($0.length, $0.keccak256) })
}

/// A collection without contiguous storage, to drive the element-by-element path of the generic API.
private func nonContiguous(_ bytes: ArraySlice<UInt8>) -> LazyMapCollection<ArraySlice<UInt8>, UInt8> {
    bytes.lazy.map { $0 }
}

@Suite struct KeccakTests {
    // MARK: Known values

    @Test func emptyInput() {
        let empty = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        #expect(Keccak256.hash([UInt8]()).description == empty)
        #expect(Keccak256.hash("").description == empty)
        #expect(Keccak256.hash(UnsafeRawBufferPointer(start: nil, count: 0)).description == empty)
        #expect(Keccak256().finalize().description == empty)
    }

    @Test func knownStrings() {
        // Ethereum's own constants: the ERC-20 Transfer topic and transfer selector, and a classic test string.
        #expect(
            Keccak256.hash("Transfer(address,address,uint256)").description
                == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        #expect(Keccak256.hash("transfer(address,uint256)").description.hasPrefix("0xa9059cbb"))
        #expect(
            Keccak256.hash("hello world").description
                == "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad")
    }

    @Test func isKeccakNotSHA3() {
        // SHA3-256("") is a7ffc6f8…; Ethereum's Keccak-256 pads with 0x01, not 0x06.
        #expect(!Keccak256.hash("").description.hasPrefix("0xa7ffc6f8"))
    }

    @Test func textRows() {
        for row in KeccakVectors.shared.text {
            #expect(Keccak256.hash(row.text).description == row.keccak256, "\(row.text)")
            #expect(Keccak256.hash(Array(row.text.utf8)).description == row.keccak256, "\(row.text)")
        }
    }

    // MARK: Every vector row, through every entry point

    @Test func oneShotEveryLength() {
        let stream = KeccakVectors.streamBytes
        for row in KeccakVectors.shared.hashes {
            let input = Array(stream[..<row.length])
            #expect(Keccak256.hash(input).description == row.keccak256, "length \(row.length)")
            let viaBuffer = input.withUnsafeBytes { Keccak256.hash($0) }
            #expect(viaBuffer.description == row.keccak256, "length \(row.length), raw buffer")
            #expect(Keccak256.hash(Data(input)).description == row.keccak256, "length \(row.length), Data")
            // A slice that does not start at the stream's beginning: the copy starts at an odd address offset.
            var shifted = [UInt8](repeating: 0xee, count: 3)
            shifted += input
            #expect(Keccak256.hash(shifted[3...]).description == row.keccak256, "length \(row.length), unaligned")
        }
    }

    @Test func incrementalSingleUpdateEveryLength() {
        let stream = KeccakVectors.streamBytes
        for row in KeccakVectors.shared.hashes {
            var hasher = Keccak256()
            hasher.update(stream[..<row.length])
            #expect(hasher.finalize().description == row.keccak256, "length \(row.length)")
        }
    }

    @Test func nonContiguousCollections() {
        let stream = KeccakVectors.streamBytes
        for row in KeccakVectors.shared.hashes where row.length <= 300 || row.length == 4096 {
            let input = nonContiguous(stream[..<row.length])
            #expect(Keccak256.hash(input).description == row.keccak256, "length \(row.length)")
            var hasher = Keccak256()
            hasher.update(nonContiguous(stream[..<(row.length / 3)]))
            hasher.update(stream[(row.length / 3)..<row.length])
            #expect(hasher.finalize().description == row.keccak256, "length \(row.length), mixed")
        }
    }

    @Test func incrementalRows() {
        let stream = KeccakVectors.streamBytes
        for row in KeccakVectors.shared.incremental {
            var hasher = Keccak256()
            var offset = 0
            for piece in row.pieces {
                hasher.update(stream[offset..<(offset + piece)])
                offset += piece
            }
            #expect(offset == row.length)
            #expect(hasher.finalize().description == row.keccak256, "length \(row.length) in pieces \(row.pieces)")
        }
    }

    /// Two updates, split at every offset, for every length up to 300 (two blocks and then some).
    @Test func everySplitOfEveryShortLength() {
        let stream = KeccakVectors.streamBytes
        for length in 0...300 {
            let expected = KeccakVectors.expected[length]!
            stream.withUnsafeBytes { all in
                for split in 0...length {
                    var hasher = Keccak256()
                    hasher.update(UnsafeRawBufferPointer(rebasing: all[0..<split]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: all[split..<length]))
                    #expect(hasher.finalize().description == expected, "length \(length) split at \(split)")
                }
            }
        }
    }

    /// Three updates around the rate boundaries (135, 136, 137 bytes and twice that).
    @Test(arguments: [135, 136, 137, 271, 272, 273])
    func threePiecesAroundRate(length: Int) {
        let stream = KeccakVectors.streamBytes
        let expected = KeccakVectors.expected[length]!
        for first in 0...length {
            for second in stride(from: first, through: length, by: 7) {
                var hasher = Keccak256()
                hasher.update(stream[0..<first])
                hasher.update(stream[first..<second])
                hasher.update(stream[second..<length])
                #expect(hasher.finalize().description == expected, "\(length): \(first), \(second)")
            }
        }
    }

    @Test func byteAtATime() {
        let stream = KeccakVectors.streamBytes
        for length in [0, 1, 135, 136, 137, 300, 1000] {
            var hasher = Keccak256()
            for byte in stream[..<length] { hasher.update(CollectionOfOne(byte)) }
            #expect(hasher.finalize().description == KeccakVectors.expected[length]!, "length \(length)")
        }
    }

    @Test func copyingForksTheComputation() {
        let stream = KeccakVectors.streamBytes
        var hasher = Keccak256()
        hasher.update(stream[..<100])
        let snapshot = hasher
        hasher.update(stream[100..<300])
        #expect(snapshot.finalize().description == KeccakVectors.expected[100]!)
        #expect(hasher.finalize().description == KeccakVectors.expected[300]!)
    }

    // MARK: Properties

    @Test func splitsNeverChangeTheDigest() async {
        await propertyCheck(
            count: 200, input: Gen.uint8().array(of: 0...700), Gen.int(in: 0...700), Gen.int(in: 0...700)
        ) { data, a, b in
            let (first, second) = (min(a, b, data.count), min(max(a, b), data.count))
            var hasher = Keccak256()
            hasher.update(data[0..<first])
            hasher.update(data[first..<second])
            hasher.update(data[second...])
            #expect(hasher.finalize() == Keccak256.hash(data))
        }
    }

    @Test func differentInputsDifferentDigests() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 1...300), Gen.int(in: 0...299)) { data, i in
            var changed = data
            changed[i % data.count] ^= 1
            #expect(Keccak256.hash(changed) != Keccak256.hash(data))
            #expect(Keccak256.hash(data.dropLast()) != Keccak256.hash(data))
        }
    }
}
