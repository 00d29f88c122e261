from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.analysis import refresh as analysis
from summarise.cli import cli
from summarise.models import ClaimStatus, ConflictRecord, Resolution, ReviewAction
from summarise.store import InvalidDecision, StaleDecision, Store
from tests.story_fixtures import claim_containing, seeds_db, seeds_db_template, seeds_store

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]


def _by_subject(store: Store, subject: str) -> ConflictRecord:
    [conflict] = [c for c in store.conflicts.list() if c.subject == subject]
    return conflict


def _values_by_file(conflict: ConflictRecord) -> dict[str, set[str]]:
    return {
        key: {Path(m.document_source).name[:3] for m in members}
        for key, members in conflict.values().items()
    }


def test_released_hostages_conflict_has_every_value_and_source(seeds_store: Store) -> None:
    conflict = _by_subject(seeds_store, "hostages released")
    assert conflict.kind == "quantity" and conflict.status == "open"
    assert _values_by_file(conflict) == {
        "110": {"000"},
        "105": {"002"},
        "100": {"001"},
        "80": {"004"},
    }
    assert {m.value for m in conflict.members} == {
        "110 hostages",
        "105 hostages",
        "100 Israelis",
        "80 Israeli captives",
    }
    # The 240 Palestinian prisoners all four agree on are not a conflict of their own.
    assert not [c for c in seeds_store.conflicts.list() if "Palestinian" in c.subject]


def test_september_7_against_october_7(seeds_store: Store) -> None:
    conflict = _by_subject(seeds_store, "date of the Hamas attack")
    values = _values_by_file(conflict)
    assert values["09-07"] == {"000"}
    assert values["10-07"] == {"000", "001", "002", "004"}
    assert [m.value for m in conflict.values()["09-07"]] == ["September 7"]


def test_the_february_article_is_no_party_to_december_conflicts(seeds_store: Store) -> None:
    # 003 says "more than 29,000 dead" two months after "19,600": an update, not a conflict.
    files = {
        Path(m.document_source).name[:3] for c in seeds_store.conflicts.list() for m in c.members
    }
    assert "003" not in files
    assert len(seeds_store.conflicts.list()) == 2


def test_pick_accepts_one_rejects_the_other_values_in_one_transaction(seeds_store: Store) -> None:
    conflict = _by_subject(seeds_store, "hostages released")
    right = claim_containing(seeds_store, "002", "105 hostages")
    resolution = seeds_store.conflicts.resolve(
        conflict.id, Resolution.PICK, reviewer="ana", claim_id=right.id, note="checked"
    )
    after = seeds_store.conflicts.get(conflict.id)
    assert after is not None and after.status == "resolved"
    statuses = {m.value_key: m.status for m in after.members}
    assert statuses == {"105": "accepted", "110": "rejected", "100": "rejected", "80": "rejected"}
    reviews = {r.id: r for r in seeds_store.reviews()}
    assert sorted(reviews) == sorted(resolution.reviews) and len(reviews) == 4
    assert {r.reviewer for r in reviews.values()} == {"ana"}
    rejected = [r for r in reviews.values() if r.action is ReviewAction.REJECT]
    assert all("conflict" in (r.reason or "") for r in rejected)
    assert after.resolution is not None and after.resolution.claim_id == right.id
    with pytest.raises(InvalidDecision, match="resolved"):
        seeds_store.conflicts.resolve(conflict.id, Resolution.REJECT, reviewer="ana")


def test_a_stale_claim_fails_the_whole_resolution(seeds_store: Store) -> None:
    conflict = _by_subject(seeds_store, "hostages released")
    member = conflict.members[0]
    with pytest.raises(StaleDecision):
        seeds_store.conflicts.resolve(
            conflict.id,
            Resolution.REJECT,
            reviewer="ana",
            expected_versions={member.claim_id: member.version + 1},
        )
    assert seeds_store.reviews() == []
    assert seeds_store.conflicts.resolutions() == []
    assert seeds_store.conflicts.get(conflict.id).status == "open"  # type: ignore[union-attr]


def test_a_claim_decided_elsewhere_fails_it_even_when_left_unchanged(seeds_store: Store) -> None:
    # Someone rejects the 80 claim while a reviewer looks at the conflict; the reviewer then
    # rejects every value. That claim needs no change, but the choice was made on a stale view.
    conflict = _by_subject(seeds_store, "hostages released")
    shown = {m.claim_id: m.version for m in conflict.members}
    other = next(m for m in conflict.members if m.value_key == "80")
    seeds_store.decide(
        other.claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=other.version
    )
    with pytest.raises(StaleDecision, match=other.claim_id):
        seeds_store.conflicts.resolve(
            conflict.id, Resolution.REJECT, reviewer="ana", expected_versions=shown
        )
    assert [r.reviewer for r in seeds_store.reviews()] == ["bob"]
    assert seeds_store.conflicts.resolutions() == []


def test_keep_both_and_reject(seeds_store: Store) -> None:
    dates = _by_subject(seeds_store, "date of the Hamas attack")
    with pytest.raises(InvalidDecision, match="only pick"):
        seeds_store.conflicts.resolve(dates.id, Resolution.KEEP_BOTH, reviewer="a", claim_id="x")
    seeds_store.conflicts.resolve(dates.id, Resolution.KEEP_BOTH, reviewer="ana")
    assert {m.status for m in seeds_store.conflicts.get(dates.id).members} == {"accepted"}  # type: ignore[union-attr]
    hostages = _by_subject(seeds_store, "hostages released")
    seeds_store.conflicts.resolve(hostages.id, Resolution.REJECT, reviewer="ana")
    assert {m.status for m in seeds_store.conflicts.get(hostages.id).members} == {"rejected"}  # type: ignore[union-attr]


def test_resolutions_survive_recomputation(seeds_store: Store) -> None:
    conflict = _by_subject(seeds_store, "hostages released")
    seeds_store.conflicts.resolve(conflict.id, Resolution.KEEP_BOTH, reviewer="ana")
    analysis.refresh(seeds_store, force=True)
    again = _by_subject(seeds_store, "hostages released")
    assert again.id == conflict.id and again.status == "resolved"
    assert again.resolution is not None and again.resolution.action == "keep_both"


def test_conflicts_for_a_claim(seeds_store: Store) -> None:
    claim = claim_containing(seeds_store, "001", "100 Israelis")
    subjects = {c.subject for c in seeds_store.conflicts.for_claim(claim.id)}
    assert subjects == {"hostages released", "date of the Hamas attack"}


def test_conflicts_command_lists_and_resolves(seeds_db: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["conflicts", "--db", str(seeds_db)])
    assert listing.exit_code == 0, listing.output
    assert "hostages released" in listing.output and "80 Israeli captives" in listing.output
    with Store.open(seeds_db) as store:
        conflict = _by_subject(store, "hostages released")
        pick = claim_containing(store, "000", "110 hostages").id
    done = runner.invoke(
        cli,
        [
            "conflicts",
            "--db",
            str(seeds_db),
            "resolve",
            str(conflict.id),
            "--pick",
            pick[:8],
            "--reviewer",
            "ana",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "4 claim decision(s)" in done.output
    with Store.open(seeds_db) as store:
        assert store.get_claim(pick).status is ClaimStatus.ACCEPTED  # type: ignore[union-attr]
    usage = runner.invoke(cli, ["conflicts", "--db", str(seeds_db), "resolve", "1"])
    assert usage.exit_code == 2
    resolved = runner.invoke(cli, ["conflicts", "--db", str(seeds_db), "--status", "resolved"])
    assert "Resolved: pick" in resolved.output and "by ana" in resolved.output
