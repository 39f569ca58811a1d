"""The fingerprint an investigator types from the paper record (--expect-fingerprint):
every honest way of writing it parses to the same key; anything else is a clear
InvalidInput, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlroom.errors import InvalidInput
from controlroom.evidence.keys import display_fingerprint
from controlroom.evidence.verify import parse_fingerprint

HEX = "0123456789abcdef"
fingerprints = st.text(alphabet=HEX, min_size=64, max_size=64)


@settings(max_examples=60)
@given(fp=fingerprints, seps=st.lists(st.sampled_from(["", " ", ":", "  ", "\t", "-"]),
                                      min_size=64, max_size=64),
       upper=st.booleans(), prefix=st.sampled_from(["", "SHA256:", "sha256:", "SHA256: "]))
def test_any_honest_spelling_parses(fp: str, seps: list[str], upper: bool, prefix: str) -> None:
    typed = prefix + "".join(c + s for c, s in zip(fp.upper() if upper else fp, seps,
                                                   strict=True))
    assert parse_fingerprint(typed) == fp
    assert parse_fingerprint(display_fingerprint(fp)) == fp


@settings(max_examples=80)
@given(st.text(max_size=90))
def test_anything_else_is_invalid_input(s: str) -> None:
    try:
        out = parse_fingerprint(s)
    except InvalidInput as e:
        assert "64" in e.en
        return
    rest = iter(s.lower())  # what parses is the typed digits, in order, nothing invented
    assert len(out) == 64 and set(out) <= set(HEX) and all(c in rest for c in out)


@pytest.mark.parametrize("bad", ["", "SHA256:", "ab" * 31, "ab" * 33, "g" * 64,
                                 "SHA256:" + "ab" * 31 + "zz", "٣" * 64])
def test_known_bad_inputs(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_fingerprint(bad)
