"""The benchmark runner maps an instance onto the engine and judges the result with the
benchmark's own rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import roster_nrp_bench as nrp

DATA = Path(nrp.__file__).parent / "data" / "nrp"


def test_parse_and_rules() -> None:
    inst = nrp.parse((DATA / "Instance2.txt").read_text())
    assert inst.horizon == 14 and inst.not_after["L"] == {"E"}
    assert inst.staff["D"].max_shifts == {"E": 14, "L": 0} and inst.cover[(2, "L")][0] == 6
    empty = {sid: [""] * 14 for sid in inst.staff}
    bad = nrp.violations(inst, empty)
    assert any("min outside" in v for v in bad)
    # each uncovered person-shift costs its under weight; each unmet on-request its weight
    under = sum(r * u for r, u, _o in inst.cover.values())
    assert nrp.objective(inst, empty) == under + sum(w for *_x, w in inst.on)
    row = ["L", "E"] + [""] * 12
    assert any("L then E" in v for v in nrp.violations(inst, {**empty, "A": row}))


def test_instance1_solves_to_the_best_known(capsys: pytest.CaptureFixture[str]) -> None:
    rc = nrp.main(["--instance", str(DATA / "Instance1.txt"), "--seconds", "20",
                   "--workers", "2"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rc == 0 and out["violations"] == 0
    assert out["objective"] >= 607 and set(out["roster"]) == set("ABCDEFGH")
    assert all(len(v) == 14 for v in out["roster"].values())
