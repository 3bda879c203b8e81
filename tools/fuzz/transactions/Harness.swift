// libFuzzer harness for the raw-transaction decoder. Built and run by tools/fuzz/run.sh transactions <seconds>.
//
// The property: whatever SignedTransaction.decode accepts re-encodes to exactly the input bytes, with a matching
// encodedLength and hash, and rebuilds through the checked initialiser to the same value; anything else must be
// refused with a TransactionError whose offset lies inside the input (never a crash, a hang or an out-of-bounds
// read, which ASan would catch). Accepted transactions also go through recovery, the chain rules and the CREATE
// address, which must not crash either.
import EthPrimitives
import Transactions

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTransactions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let decoded: SignedTransaction
    do {
        decoded = try SignedTransaction.decode(input)
    } catch {
        if let offset = error.offset, offset < 0 || offset > input.count {
            fatalError("error offset \(offset) outside the \(input.count)-byte input: \(error) on \(input)")
        }
        if !error.description.hasPrefix("transactions: \(error.rule): ") {
            fatalError("malformed description \(error.description)")
        }
        return 0
    }
    let encoded = decoded.encode()
    guard encoded == input, decoded.encodedLength == input.count else {
        fatalError("decoded \(input) re-encodes as \(encoded) (encodedLength \(decoded.encodedLength))")
    }
    guard decoded.hash == Keccak256.hash(input) else { fatalError("hash is not the Keccak-256 of \(input)") }
    guard (try? SignedTransaction(transaction: decoded.transaction, signature: decoded.signature)) == decoded else {
        fatalError("the checked initialiser disagrees with the decoder on \(input)")
    }
    // A slice with another start index decodes the same way, with the same offsets.
    let padded = [0xee] + input
    guard (try? SignedTransaction.decode(padded[1...])) == decoded else {
        fatalError("decoding a slice disagrees with decoding the array on \(input)")
    }
    if let sender = try? decoded.recoverSender() {
        _ = decoded.transaction.contractAddress(sender: sender)
    }
    for fork in ChainRules.Fork.allCases {
        _ = try? ChainRules(chainID: decoded.transaction.chainID ?? 1, fork: fork).validate(decoded)
    }
    return 0
}
