"""The generated contract bindings next to eth-abi (the Python reference, pinned in tools/requirements.txt), doing
by hand what the bindings do: build stopSessionAt calldata; read deposit calldata (selector looked up among the
escrow's, arguments decoded); read a Settled log (event looked up by its first topic, indexed value from the topic,
the rest from the data); read getSession's eleven-word result. Goal: at least 50 times eth-abi's rate.
"""
from eth_abi import decode, encode
from eth_utils import event_signature_to_log_topic, function_signature_to_4byte_selector

from timing import Workload, ops_per_second

STOP = function_signature_to_4byte_selector("stopSessionAt(uint256,uint256)")
DEPOSIT = function_signature_to_4byte_selector("deposit(address,address,uint256,uint256)")
TUTOR = "0x90f79bf6eb2c4f870365e785982e1f101e93b906"
STUDENT = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"
ZERO = "0x" + "00" * 20
DEPOSIT_TYPES = ["address", "address", "uint256", "uint256"]
DEPOSIT_CALLDATA = DEPOSIT + encode(DEPOSIT_TYPES, [TUTOR, ZERO, 2 * 10**12, 1800])
# The escrow's selectors, as the bindings' switch holds them.
FUNCTIONS = {DEPOSIT: DEPOSIT_TYPES, STOP: ["uint256", "uint256"]}

SETTLED = event_signature_to_log_topic("Settled(uint256,uint256,uint256)")
SETTLED_TOPICS = [SETTLED, (1).to_bytes(32, "big")]
SETTLED_DATA = encode(["uint256", "uint256"], [240 * 10**12, 3360 * 10**12])
EVENTS = {SETTLED: (["uint256"], ["uint256", "uint256"])}

SESSION_TYPES = ["(address,address,address,uint256,uint256,uint256,uint256,uint256,uint8,uint256,uint256)"]
SESSION = encode(SESSION_TYPES, [(STUDENT, TUTOR, ZERO, 2 * 10**12, 1800, 1735689601, 1735689641, 1735689761, 3,
                                  240 * 10**12, 3360 * 10**12)])


def encode_stop():
    return STOP + encode(["uint256", "uint256"], [7, 1735689720])


def decode_deposit():
    types = FUNCTIONS[DEPOSIT_CALLDATA[:4]]
    return decode(types, DEPOSIT_CALLDATA[4:])


def decode_settled():
    indexed, data = EVENTS[SETTLED_TOPICS[0]]
    topics = [decode([t], topic)[0] for t, topic in zip(indexed, SETTLED_TOPICS[1:])]
    return topics, decode(data, SETTLED_DATA)


def decode_session():
    return decode(SESSION_TYPES, SESSION)


def peer(fn):
    return {"eth-abi": lambda: ops_per_second(fn)}


WORKLOADS = [
    Workload("encode stopSessionAt", "ContractsBenchmarks", "Bindings encode stopSessionAt", peer(encode_stop),
             goal=("eth-abi", 50)),
    Workload("decode deposit calldata", "ContractsBenchmarks", "Bindings decode deposit calldata",
             peer(decode_deposit), goal=("eth-abi", 50)),
    Workload("decode Settled log", "ContractsBenchmarks", "Bindings decode Settled log", peer(decode_settled),
             goal=("eth-abi", 50)),
    Workload("decode getSession output", "ContractsBenchmarks", "Bindings decode getSession output",
             peer(decode_session), goal=("eth-abi", 50)),
]
