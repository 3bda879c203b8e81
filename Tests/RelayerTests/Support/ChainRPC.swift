import ChainSim
import EthPrimitives
import JSONRPC

/// The `eth_` methods the relayer uses, served by a ``JSONRPCDispatcher`` over an in-process ``Chain``: what a node
/// answers, errors included (the chain's errors carry geth's codes and messages).
enum ChainRPC {
    static func dispatcher(_ chain: Chain) -> JSONRPCDispatcher {
        var dispatcher = JSONRPCDispatcher()
        dispatcher.register("eth_chainId") { () in Quantity(chain.chainID) }
        dispatcher.register("eth_blockNumber") { () in Quantity(chain.blockNumber) }
        dispatcher.register("eth_getTransactionCount") { (address: Address, tag: BlockTag?) in
            Quantity(try chain.nonce(of: address, at: tag ?? .latest))
        }
        dispatcher.register("eth_getBalance") { (address: Address, tag: BlockTag?) in
            Quantity(try chain.balance(of: address, at: tag ?? .latest))
        }
        dispatcher.register("eth_call") { (request: TransactionRequest, tag: BlockTag?) in
            HexBytes(try chain.call(request, at: tag ?? .latest))
        }
        dispatcher.register("eth_estimateGas") { (request: TransactionRequest, tag: BlockTag?) in
            Quantity(try chain.estimateGas(request, at: tag ?? .latest))
        }
        dispatcher.register("eth_feeHistory") { (count: Quantity<UInt64>, newest: BlockTag, percentiles: [Double]?) in
            try chain.feeHistory(blockCount: count.value, newestBlock: newest, rewardPercentiles: percentiles)
        }
        dispatcher.register("eth_maxPriorityFeePerGas") { () in Quantity(chain.maxPriorityFeePerGas) }
        dispatcher.register("eth_gasPrice") { () in Quantity(chain.gasPrice) }
        dispatcher.register("eth_sendRawTransaction") { (raw: HexBytes) in try chain.sendRawTransaction(raw.bytes) }
        dispatcher.register("eth_getTransactionReceipt") { (hash: Hash) in chain.receipt(hash: hash) }
        dispatcher.register("eth_getTransactionByHash") { (hash: Hash) in chain.transaction(hash: hash) }
        dispatcher.register("eth_getBlockByNumber") { (tag: BlockTag, full: Bool) in
            chain.block(tag, fullTransactions: full)
        }
        return dispatcher
    }
}
