"""What every workflow change returns or raises."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse.workflow.audit import empty_audit
from pulse.workflow.outcome import Outcome, Refused, required_text


def test_refused_carries_its_reason_as_is() -> None:
    with pytest.raises(Refused) as refused:
        raise Refused("Choose the client to recommend")
    assert refused.value.reason == "Choose the client to recommend"
    assert str(refused.value) == "Choose the client to recommend"


def test_a_plain_change_has_no_conflicts() -> None:
    outcome = Outcome(episodes=None, actions=pd.DataFrame(), audit=empty_audit())
    assert outcome.conflicts == 0


@pytest.mark.parametrize(("value", "text"), [("Sam", "Sam"), ("  Sam Lee \n", "Sam Lee")])
def test_required_text_is_trimmed(value: str, text: str) -> None:
    assert required_text(value, "Say who") == text


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_required_text_refuses_a_blank(value: str | None) -> None:
    with pytest.raises(Refused) as refused:
        required_text(value, "Say who recommends the client")
    assert refused.value.reason == "Say who recommends the client"
