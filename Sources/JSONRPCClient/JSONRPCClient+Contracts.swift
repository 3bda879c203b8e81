import Contracts
import EthPrimitives
import JSONRPC

extension JSONRPCCall {
    /// `eth_call` of a contract function from the generated bindings, its return data decoded strictly as the
    /// function's output.
    ///
    /// ```swift
    /// let session = try await client.send(.call(SessionEscrow.GetSession(sessionId: 7), on: escrow))
    /// ```
    ///
    /// - Parameters:
    ///   - function: the call and its arguments (`SessionEscrow.GetSession(sessionId: 7)`).
    ///   - contract: the contract's address.
    ///   - from: `msg.sender` of the call, when the function reads it.
    ///   - value: wei sent with the call (payable functions).
    ///   - block: the block whose state the call reads.
    public static func call<Function: ContractFunction>(
        _ function: Function, on contract: Address, from: Address? = nil, value: UInt256? = nil,
        at block: BlockTag = .latest
    ) -> JSONRPCCall<Function.Output> where Function.Output: Sendable, Value == Function.Output {
        let request = TransactionRequest(from: from, to: contract, value: value, input: HexBytes(function.calldata))
        return JSONRPCCall("eth_call", params: [parameter(request), parameter(block)]) { result in
            try Function.decodeOutput(try result.decode(HexBytes.self).bytes)
        }
    }
}

extension JSONRPCClient {
    /// `eth_call` of a contract function from the generated bindings, its output decoded.
    ///
    /// - Throws: ``JSONRPCClientError``: a revert is ``JSONRPCClientError/node(_:)`` whose
    ///   ``JSONRPCClientError/revertData`` the contract's `decodeRevert` reads (`escrow: unknown session`); return
    ///   data that is not the function's output is ``JSONRPCClientError/badResponse(_:)``.
    public func call<Function: ContractFunction>(
        _ function: Function, on contract: Address, from: Address? = nil, value: UInt256? = nil,
        at block: BlockTag = .latest
    ) async throws(JSONRPCClientError) -> Function.Output where Function.Output: Sendable {
        try await send(.call(function, on: contract, from: from, value: value, at: block))
    }
}
