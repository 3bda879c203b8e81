import Benchmark
import EthPrimitives
import RLP

/// A legacy (pre-EIP-2718) transaction as nine RLP fields, through the typed protocols.
///
/// Byte fields are owned arrays, as a decoded transaction keeps them; the integers fit `UInt64` here (the
/// Transactions module will use `UInt256`, which writes and reads through the same generic integer path).
struct LegacyTransaction: RLPListEncodable, RLPDecodable {
    var nonce: UInt64
    var gasPrice: UInt64
    var gasLimit: UInt64
    var to: [UInt8]
    var value: UInt64
    var data: [UInt8]
    var v: UInt64
    var r: [UInt8]
    var s: [UInt8]

    init(
        nonce: UInt64, gasPrice: UInt64, gasLimit: UInt64, to: [UInt8], value: UInt64, data: [UInt8], v: UInt64,
        r: [UInt8], s: [UInt8]
    ) {
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.v = v
        self.r = r
        self.s = s
    }

    var listPayloadLength: Int {
        nonce.encodedLength + gasPrice.encodedLength + gasLimit.encodedLength + to.encodedLength
            + value.encodedLength + data.encodedLength + v.encodedLength + r.encodedLength + s.encodedLength
    }

    func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(nonce)
        encoder.write(gasPrice)
        encoder.write(gasLimit)
        encoder.write(to)
        encoder.write(value)
        encoder.write(data)
        encoder.write(v)
        encoder.write(r)
        encoder.write(s)
    }

    init(from decoder: inout RLPDecoder) throws(RLPError) {
        var fields = try decoder.readList(expectedCount: 9)
        nonce = try fields.readInteger()
        gasPrice = try fields.readInteger()
        gasLimit = try fields.readInteger()
        to = Array(try fields.readBytes(count: 20))
        value = try fields.readInteger()
        data = try fields.read()
        v = try fields.readInteger()
        r = try fields.read()
        s = try fields.read()
    }

    /// The workload shared with tools/bench/peers_rlp.py: an ERC-20 `transfer` (68 bytes of calldata) with an
    /// EIP-155 `v` for chain 1.
    static let sample = LegacyTransaction(
        nonce: 9, gasPrice: 20_000_000_000, gasLimit: 21_000, to: [UInt8](repeating: 0x35, count: 20),
        value: 1_000_000_000_000_000_000,
        data: [0xa9, 0x05, 0x9c, 0xbb] + [UInt8](repeating: 0, count: 12) + [UInt8](repeating: 0x11, count: 20)
            + [UInt8](repeating: 0, count: 31) + [0x64],
        v: 37, r: (1...32).map { UInt8($0) }, s: (33...64).map { UInt8($0) })
}

func rlpBenchmarks() {
    let transaction = LegacyTransaction.sample
    let encoded = RLPEncoder.encode(transaction)
    // The very bytes tools/bench/peers_rlp.py encodes and decodes.
    precondition(
        Hex.encode(encoded)
            == "0xf8b1098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000b844a9059cbb"
            + "0000000000000000000000001111111111111111111111111111111111111111000000000000000000000000000000000000"
            + "000000000000000000000000006425a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20a0"
            + "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40")
    let metrics: [BenchmarkMetric] = [.throughput, .mallocCountTotal]

    Benchmark("RLP encode legacy tx", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(RLPEncoder.encode(transaction)) }
    }
    Benchmark("RLP decode legacy tx typed", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RLPDecoder.decode(LegacyTransaction.self, from: encoded)) }
    }
    Benchmark("RLP decode legacy tx RLPItem", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RLPDecoder.decode(RLPItem.self, from: encoded)) }
    }
}
