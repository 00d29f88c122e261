"""The review header says what each count counts (issue 24, item 8): claims reviewed overall,
the claims of the current document (not "doc 3/26", read as "document 3 of 26"), and under
`--split` the reviewer's own share first with every share's total labelled beside it."""

from __future__ import annotations

from pathlib import Path

from summarise.models import ClaimStatus, ReviewAction
from summarise.store import ClaimFilter, Store
from summarise.tui.app import create_app
from summarise.tui.session import Progress
from summarise.tui.widgets.status_bar import StatusBar, describe
from tests.tui.helpers import press, review_screen, settle, start


def header(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(review_screen(pilot).query_one(StatusBar).render())


def test_each_count_is_named() -> None:
    plain = describe(
        Progress(total=101, accepted=2, rejected=1, document_total=26, document_reviewed=3),
        ClaimFilter(),
    ).plain
    assert plain.startswith("3 of 101 claims reviewed (2✓ 1✗) · this document: 3 of 26 claims")
    split = describe(
        Progress(total=40, accepted=1, rejected=0, split=(2, 3), all_total=101, all_reviewed=12),
        ClaimFilter(split=(2, 3)),
    ).plain
    assert split.startswith(
        "your share (2 of 3): 1 of 40 claims reviewed (1✓ 0✗) · all shares: 12 of 101"
    )
    assert "split=" not in split  # said once, in words


async def test_the_header_counts_claims_overall_and_in_this_document(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False)
    async with start(app, size=(120, 30)) as pilot:
        await settle(pilot)
        screen = review_screen(pilot)
        with Store.open(seeded) as store:
            total = store.count_claims()
            in_document = store.count_claims(ClaimFilter(document_id=screen.claim.document_id))
        assert f"0 of {total} claims reviewed" in header(pilot)
        assert f"this document: 0 of {in_document} claims" in header(pilot)
        assert "doc 0/" not in header(pilot)
        await press(pilot, "a")
        assert f"1 of {total} claims reviewed (1✓ 0✗)" in header(pilot)
        assert f"this document: 1 of {in_document} claims" in header(pilot)


async def test_under_split_the_header_shows_the_share_and_the_labelled_total(
    seeded: Path,
) -> None:
    with Store.open(seeded) as store:
        total = store.count_claims()
        share = store.count_claims(ClaimFilter(split=(2, 2)))
        (elsewhere, *_) = store.claims(ClaimFilter(split=(1, 2)))
        # A colleague's decision in the other share counts in the total, not in ann's share.
        store.decide(elsewhere.id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
    assert 0 < share < total
    app = create_app(str(seeded), "ann", analyse=False, split=(2, 2))
    async with start(app, size=(120, 30)) as pilot:
        await settle(pilot)
        shown = header(pilot)
        assert shown.startswith(f"your share (2 of 2): 0 of {share} claims reviewed (0✓ 0✗)")
        assert f"all shares: 1 of {total}" in shown
        await press(pilot, "a")
        shown = header(pilot)
        assert shown.startswith(f"your share (2 of 2): 1 of {share} claims reviewed (1✓ 0✗)")
        assert f"all shares: 2 of {total}" in shown
    with Store.open(seeded) as store:
        assert store.status_counts(where=ClaimFilter(split=(2, 2)))[ClaimStatus.ACCEPTED.value] == 1
