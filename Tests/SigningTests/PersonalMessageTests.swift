import EthPrimitives
import Secp256k1
import Testing

@testable import Signing

@Suite struct PersonalMessageTests {
    @Test(arguments: SigningVectors.shared.eip191)
    func matchesEthAccount(_ row: SigningVectors.PersonalRow) throws {
        let key = try PrivateKey(hex: row.privateKey)
        let message = row.kind == "text" ? Array(row.message.utf8) : try [UInt8](hex: row.message)
        #expect(PersonalMessage.hash(message).description == row.hash)
        let signature = try PersonalMessage.sign(message, with: key)
        #expect(Hex.encode(signature.rsv) == row.signature)
        #expect(try PersonalMessage.recoverSigner(message, signature: signature).checksummed == row.address)
    }

    /// Known values: the hash of "hello" and "" under the EIP-191 prefix (as web3.js' hashMessage gives them).
    @Test func knownHashes() {
        #expect(
            PersonalMessage.hash("hello").description
                == "0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750")
        #expect(
            PersonalMessage.hash("").description
                == "0x5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad")
        #expect(
            PersonalMessage.hash("Hello World").description
                == "0xa1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2")
    }

    @Test func textAndItsBytesHashAlike() {
        #expect(PersonalMessage.hash("héllo") == PersonalMessage.hash(Array("héllo".utf8)))
    }

    @Test func aTamperedMessageRecoversAnotherAddress() throws {
        let key = try PrivateKey(bytes: [UInt8](repeating: 3, count: 32))
        let signature = try PersonalMessage.sign("pay 1 wei", with: key)
        #expect(try PersonalMessage.recoverSigner("pay 1 wei", signature: signature) == key.address)
        #expect(try PersonalMessage.recoverSigner("pay 2 wei", signature: signature) != key.address)
    }
}
