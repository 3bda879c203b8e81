public import EthPrimitives
import RLP

/// The addresses new contracts get: CREATE's, from the creator and its nonce, and CREATE2's (EIP-1014), from the
/// creator, a salt and the creation code.
public enum ContractAddress {
    /// The address of a contract created by `sender` with nonce `nonce` (a creation transaction, or the CREATE
    /// opcode, where the nonce is the creating contract's): the last 20 bytes of
    /// `keccak256(rlp([sender, nonce]))`.
    public static func create(sender: Address, nonce: UInt64) -> Address {
        let encoded = RLPEncoder.encode(CreateInput(sender: sender, nonce: nonce))
        return lastTwentyBytes(of: Keccak256.hash(encoded))
    }

    /// The address of a contract created by the CREATE2 opcode in `sender` with `salt`, given the Keccak-256 of its
    /// creation code: the last 20 bytes of `keccak256(0xff ‖ sender ‖ salt ‖ initCodeHash)` (EIP-1014).
    public static func create2(sender: Address, salt: Hash, initCodeHash: Hash) -> Address {
        var hasher = Keccak256()
        hasher.update(CollectionOfOne(0xff as UInt8))
        sender.withUnsafeBytes { hasher.update($0) }
        salt.withUnsafeBytes { hasher.update($0) }
        initCodeHash.withUnsafeBytes { hasher.update($0) }
        return lastTwentyBytes(of: hasher.finalize())
    }

    /// The CREATE2 address for the creation code itself (hashed here).
    public static func create2(sender: Address, salt: Hash, initCode: some Collection<UInt8>) -> Address {
        create2(sender: sender, salt: salt, initCodeHash: Keccak256.hash(initCode))
    }

    private static func lastTwentyBytes(of hash: Hash) -> Address {
        hash.withUnsafeBytes { try! Address($0[12..<32]) }  // exactly 20 bytes: cannot throw
    }

    /// `[sender, nonce]`, the list whose hash names a CREATE address.
    private struct CreateInput: RLPListEncodable {
        let sender: Address
        let nonce: UInt64
        var listPayloadLength: Int { 21 + nonce.encodedLength }
        func encodeListItems(to encoder: inout RLPEncoder) {
            encoder.write(sender)
            encoder.write(nonce)
        }
    }
}
