from __future__ import annotations

import json
from pathlib import Path

from summarise.analysis import refresh as analysis
from summarise.output import schemas
from summarise.store import Store
from summarise.store.migrations import MIGRATIONS, applied, migrate
from tests.factories import document, store_claims
from tests.old_databases import database_before

STORY_TABLES = {
    "stories",
    "document_stories",
    "claim_links",
    "conflicts",
    "conflict_claims",
    "conflict_resolutions",
    "analysis_state",
}


def test_003_stories_on_a_blank_database(store: Store) -> None:
    assert "003_stories" in applied(store.db)
    assert set(store.db.table_names()) >= STORY_TABLES
    assert "agencies" in store.db["documents"].columns_dict


def test_003_stories_upgrades_a_database_at_the_previous_version(db_path: Path) -> None:
    db = database_before(db_path, "003_stories")
    db.execute(
        "INSERT INTO documents (id, source, text, ingested_at) VALUES "
        "('d1', 'old.txt', 'Rebels seized the town on Monday.', 'then')"
    )
    db.conn.commit()
    db.close()
    with Store.open(db_path) as store:
        assert applied(store.db) == [m.name for m in MIGRATIONS]
        old = store.get_document("d1")
        assert old is not None and old.agencies is None  # unknown: ingested before
        new = document("Officials said 40 people died.\n\nAFP", "new.txt").model_copy(
            update={"agencies": ["AFP"]}
        )
        store_claims(store, new, "Officials said 40 people died.")
        report = analysis.refresh(store)
        assert report.recomputed and report.stories == 2
        assert store.get_document(new.id).agencies == ["AFP"]  # type: ignore[union-attr]
        assert migrate(store.db) == []


def test_dropping_unreviewed_claims_takes_their_links_along(store: Store) -> None:
    text = "Rebels seized Kidal in northern Mali on Monday, the army said in a statement."
    first = document(text, "a.txt")
    second = document(text + " Residents fled.", "b.txt")
    store_claims(store, first, text)
    store_claims(store, second, text)
    analysis.refresh(store)
    assert store.stories.links()
    store.db.execute("DELETE FROM claims WHERE document_id = ?", [first.id])
    assert store.stories.links() == []


def test_committed_schemas_match_the_models() -> None:
    directory = Path(__file__).resolve().parent.parent / "schemas"
    for name, schema in schemas.generate().items():
        on_disk = json.loads((directory / name).read_text(encoding="utf-8"))
        assert on_disk == json.loads(schemas.render(schema)), (
            f"run python -m summarise.output.schemas ({name})"
        )
