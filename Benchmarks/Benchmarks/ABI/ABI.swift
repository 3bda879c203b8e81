import ABI
import Benchmark
import EthPrimitives

/// Encoding and decoding of a mixed tuple `(uint256,address,bytes,string,uint256[])` (100-byte bytes, 20-character
/// string, 10-element array) and of a `transfer(address,uint256)` call, through the static path (Swift types that
/// conform to `ABIEncodable`/`ABIDecodable`) and the dynamic one (`ABIValue` and `ABIType`).
func abiBenchmarks() {
    let configuration = Benchmark.Configuration(metrics: [.throughput, .mallocCountTotal])

    // (uint256,address,bytes,string,uint256[])
    let amount = UInt256.max >> 3
    let recipient = try! Address(hex: "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")
    let payload = ABIBytes((0..<100).map { UInt8($0) })
    let note = "tutoring session #42"  // 20 characters
    let minutes = (1...10).map { UInt256($0 * 60) }
    let mixedTypes = try! ["uint256", "address", "bytes", "string", "uint256[]"].map { try ABIType(parsing: $0) }
    let mixedValues: [ABIValue] = [
        .uint256(amount), .address(recipient), .bytes(payload.bytes), .string(note),
        .array(minutes.map { .uint256($0) }),
    ]
    let mixedEncoding = ABIEncoder.encode(amount, recipient, payload, note, minutes)
    precondition(mixedEncoding == (try! ABIEncoder.encode(mixedValues, as: mixedTypes)))

    Benchmark("ABI encode mixed static", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ABIEncoder.encode(amount, recipient, payload, note, minutes))
        }
    }
    Benchmark("ABI encode mixed dynamic", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ABIEncoder.encode(mixedValues, as: mixedTypes))
        }
    }
    Benchmark("ABI decode mixed static", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try ABIDecoder.decode(
                    UInt256.self, Address.self, ABIBytes.self, String.self, [UInt256].self, from: mixedEncoding))
        }
    }
    Benchmark("ABI decode mixed dynamic", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ABIDecoder.decode(mixedTypes, from: mixedEncoding))
        }
    }

    // transfer(address,uint256)
    let transfer = try! ABIFunction(parsing: "transfer(address,uint256)")
    let selector = transfer.selector
    let value = UInt256(1_000_000_000_000_000_000)
    let transferValues: [ABIValue] = [.address(recipient), .uint256(value)]
    let transferTypes = transfer.inputTypes
    let calldata = ABIEncoder.encodeCall(selector: selector, recipient, value)

    Benchmark("ABI encode transfer static", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ABIEncoder.encodeCall(selector: selector, recipient, value))
        }
    }
    Benchmark("ABI encode transfer dynamic", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ABIEncoder.encodeCall(selector: selector, transferValues, as: transferTypes))
        }
    }
    Benchmark("ABI decode transfer static", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ABIDecoder.decodeCall(selector: selector, Address.self, UInt256.self, from: calldata))
        }
    }
    Benchmark("ABI decode transfer dynamic", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ABIDecoder.decodeCall(selector: selector, transferTypes, from: calldata))
        }
    }
}
