"""Fixtures for the contract tests: the local genesis on py-evm, rolled back after every test.

The chain is laid down once per session (tools/contracts/evm.py); each test runs inside a snapshot
(`boa.env.anchor()` underneath) that is reverted when it ends, so tests are independent and fast.

Hypothesis profiles: "ci" (the default: derandomized, so every run explores the same sequences and a failure
always reproduces; sized to keep the whole suite around two minutes of CPU on two cores), "dev" (fewer
examples, random), "quick" (few, derandomized, no shrinking: to see fast whether a change breaks anything), "thorough" (many more, random: run it after changing a contract). Select with
HYPOTHESIS_PROFILE=thorough; INVARIANT_STATS=1 with `-s` prints what the state machines reached.
"""

from __future__ import annotations

import os
import pathlib
import sys

import pytest
from hypothesis import HealthCheck, Phase, settings

TOOLS = pathlib.Path(__file__).resolve().parent.parent.parent / "tools" / "contracts"
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from evm import Chain  # noqa: E402

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
               print_blob=True)
settings.register_profile("ci", max_examples=20, stateful_step_count=40, derandomize=True, **_common)
settings.register_profile("dev", max_examples=15, stateful_step_count=25, **_common)
settings.register_profile("quick", max_examples=15, stateful_step_count=30, derandomize=True,
                          phases=[Phase.explicit, Phase.generate], **_common)  # no shrinking: fails fast
settings.register_profile("thorough", max_examples=1000, stateful_step_count=80, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def genesis() -> Chain:
    return Chain()


@pytest.fixture
def chain(genesis: Chain):
    with genesis.anchor():
        yield genesis
