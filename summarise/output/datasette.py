"""Datasette metadata for a summarise database: a title and description for every table and
view, a description for each column a person reads, the column that names a row where
another table links to it (`label_column`), and the facets worth offering. Printed by
`summarise datasette-metadata`; used as `datasette review.db --metadata metadata.json`
(docs/database.md). Datasette itself is not a dependency: this is plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

WHEN = "When (ISO 8601 UTC, e.g. 2026-12-07T16:35:51.116764+00:00)."

# table or view -> (description, {column: description}, extra Datasette table options)
TABLES: dict[str, tuple[str, dict[str, str], dict[str, Any]]] = {
    "claims_overview": (
        "View: one row per claim with its document, review status, last reviewer and story. "
        "Start here.",
        {
            "claim_id": "The claim (claims.id).",
            "status": "pending, accepted or rejected.",
            "kind": "event, statement, figure, background or other.",
            "text": "The claim as it stands (after any edit).",
            "quote": "The verbatim passage of the document it rests on.",
            "attribution": "Who says it, as the document names them.",
            "document_id": "Its document.",
            "document_name": "The document's title, else its first line, else its file name.",
            "document_source": "The document's file path as given to `summarise batch`.",
            "document_published": "The document's publication date (YYYY-MM-DD), if known.",
            "story_id": "The story its document belongs to.",
            "story_title": "The story's name (given by a reviewer) or automatic title.",
            "reviewer": "Who made the last decision on it.",
            "decided_at": "When the last decision was made. " + WHEN,
            "last_action": "The last decision: accept, edit, reject or undo.",
            "reject_reason": "Why it was rejected, when it is rejected and a reason was given.",
            "created_at": "When it was extracted. " + WHEN,
            "backend": "The extractor: regex or openai.",
            "model": "The model (or regex rules) that extracted it.",
        },
        {"facets": ["status", "kind", "reviewer", "story_id"]},
    ),
    "review_history": (
        "View: every review decision, newest first, with the claim's document and story.",
        {
            "review_id": "The decision (reviews.id).",
            "decided_at": WHEN,
            "reviewer": "Who decided.",
            "action": "accept, edit, reject or undo.",
            "status_before": "The claim's status before the decision.",
            "status_after": "The claim's status after it.",
            "claim_id": "The claim decided.",
            "text_before": "The claim's text before the decision.",
            "text_after": "Its text after (the same unless edited or undone).",
            "text_changed": "1 when the decision changed the text (an edit or its undo).",
            "reason": "A rejection's reason.",
            "undoes": "For an undo: the decision it undoes.",
            "group_id": "The bulk decision or conflict settlement it was part of.",
            "document_id": "The claim's document.",
            "document_name": "The document's title, else its first line, else its file name.",
            "story_id": "The document's story.",
        },
        {"facets": ["reviewer", "action"]},
    ),
    "figure_series": (
        "View: every number a claim states, one row each, with what it counts and the date "
        "its document was published: filter on story_id and counts, sort by reported, for a "
        "figure's series over time.",
        {
            "story_id": "The story of the claim's document.",
            "story_title": "The story's name or automatic title.",
            "counts": "What the number counts ('hostages'), as extracted; may be empty.",
            "value": "The number, with 'million', 'thousand' ... applied.",
            "raw": "The number as written ('1.9 million').",
            "qualifier": "How exact: 'at least', 'more than', 'about' ... or empty.",
            "reported": "The publication date of the claim's document.",
            "status": "The claim's review status: only accepted claims reach a summary.",
            "claim_id": "The claim stating it.",
            "document_id": "The claim's document.",
            "document_name": "The document's title, else its first line, else its file name.",
        },
        {"facets": ["status", "counts", "story_id"]},
    ),
    "documents": (
        "Input files as read: the exact text claims quote, with title, outlet and date.",
        {
            "id": "A hash of the text: the same text is one document.",
            "source": "The file path given to `summarise batch`.",
            "title": "The headline, when the first line reads as one; else empty.",
            "name": "What to call it: its title, else its first line, else its file name.",
            "published": "Publication date (YYYY-MM-DD) from the text or file name, if found.",
            "text": "The text exactly as decoded; claims' offsets index into it.",
            "encoding": "The encoding it was decoded from.",
            "boilerplate_removed": "Lines of boilerplate (bylines, share buttons) left out.",
            "char_count": "Characters of text.",
            "ingested_at": WHEN,
            "agencies": "News agencies the text credits (JSON list), for counting sources.",
            "outlet": "The agency or outlet its dateline names, if it has one.",
            "dateline_month_day": "MM-DD of a dateline that gives no year; analysis takes the "
            "year from the story's dated reports.",
        },
        {"label_column": "name"},
    ),
    "claims": (
        "Atomic statements extracted from documents, each tied to a verbatim quote; "
        "documents.text[quote_start:quote_end] = quote.",
        {
            "id": "A hash of document, extractor, quote span and text.",
            "document_id": "The document it was extracted from.",
            "text": "The claim as it stands (after any edit).",
            "original_text": "The extracted text, kept when a reviewer edited it.",
            "quote": "The verbatim passage of the document it rests on.",
            "quote_start": "Character offset of the quote in documents.text.",
            "quote_end": "Character offset of the quote's end.",
            "kind": "event, statement, figure, background or other.",
            "attribution": "Who says it, as the document names them.",
            "figures": "The numbers it states (JSON: value, raw, counts, qualifier).",
            "backend": "The extractor: regex or openai.",
            "model": "The model (or regex rules).",
            "prompt_version": "The prompt (or rules) version.",
            "run_id": "The run that extracted it.",
            "created_at": WHEN,
            "status": "pending, accepted or rejected.",
            "version": "Decisions so far: a decision on an older version is refused.",
            "updated_at": "When it last changed. " + WHEN,
            "needs_context": "1 when it does not stand alone (a pronoun with no referent).",
            "context_note": "What it lacks, or how it was reworded to stand alone.",
        },
        {"label_column": "text", "facets": ["status", "kind"]},
    ),
    "reviews": (
        "Every review decision, appended, never changed: the history behind each status.",
        {
            "id": "Order of decisions.",
            "claim_id": "The claim decided.",
            "reviewer": "Who decided.",
            "action": "accept, edit, reject or undo.",
            "decided_at": WHEN,
            "status_before": "The claim's status before.",
            "status_after": "The claim's status after.",
            "text_before": "The claim's text before.",
            "text_after": "Its new text, only when the decision changed it (empty: unchanged).",
            "reason": "A rejection's reason.",
            "undoes": "For an undo: the decision undone.",
            "quote_start_before": "Quote start before a re-anchor.",
            "quote_end_before": "Quote end before a re-anchor.",
            "quote_start_after": "Quote start after a re-anchor.",
            "quote_end_after": "Quote end after a re-anchor.",
            "group_id": "The bulk decision or settlement it was part of.",
        },
        {"facets": ["reviewer", "action"]},
    ),
    "runs": (
        "One row per `summarise batch` (and remote job submit/collect): what it read, "
        "extracted and spent.",
        {
            "status": "running, completed, interrupted or failed.",
            "started_at": WHEN,
            "ended_at": WHEN,
            "inputs": "The paths given (JSON list).",
            "errors": "Per-file errors (JSON list).",
            "pricing": "batch for remote jobs (half price); empty for live runs.",
        },
        {},
    ),
    "extractions": (
        "Which documents each extractor (backend, model, prompt version) has done.",
        {"status": "extracted or failed.", "extracted_at": WHEN},
        {},
    ),
    "calls": (
        "Every model request attempt, failed and re-asked ones too (browse with `summarise logs`).",
        {
            "status": "The outcome: ok, invalid, http_error, timeout, truncated, lost ...",
            "request": "The JSON body sent (never headers, so never the API key).",
            "response": "The body received, if any.",
            "latency_ms": "Milliseconds from send to reply.",
            "tokens_estimated": "1 when the server reported no usage and tokens are estimated.",
            "started_at": WHEN,
            "finished_at": WHEN,
        },
        {"facets": ["status", "model"]},
    ),
    "stories": (
        "Documents grouped as reporting the same events.",
        {
            "title": "Automatic title (its most central document's headline).",
            "name": "A reviewer's name for it, which wins over the title.",
            "follows": "The story this one is a later development of.",
        },
        {"label_column": "title"},
    ),
    "document_stories": (
        "Which story each document is in, and whether grouping or a user put it there.",
        {"assigned_by": "auto (grouping) or user (`summarise stories move`)."},
        {},
    ),
    "conflicts": (
        "Claims of different documents giving one quantity or date different values.",
        {"status": "open, resolved or obsolete.", "kind": "quantity or date."},
        {"label_column": "subject", "facets": ["status", "kind"]},
    ),
    "conflict_claims": ("The claims of each conflict, with the value each states.", {}, {}),
    "conflict_resolutions": (
        "How reviewers settled conflicts: pick one value, keep both, or reject all.",
        {},
        {},
    ),
    "claim_links": ("Pairs of claims found to state the same fact (for corroboration).", {}, {}),
    "decision_groups": ("Bulk decisions and settlements, undone as one.", {}, {}),
    "point_decisions": (
        "Reviewers' fixes to a story's points, by claim id: merge, split, move, headline.",
        {"kind": "merge, split, move or headline.", "undone_at": "Set when taken back (u)."},
        {"facets": ["kind", "reviewer"]},
    ),
    "figure_decisions": (
        "Reviewers' fixes to tracked figures, by claim id and figure as written.",
        {
            "kind": "update, dispute, retracted, move, rename, merge or split.",
            "undone_at": "Set when taken back (`summarise figures undo`).",
        },
        {"facets": ["kind", "reviewer"]},
    ),
    "claim_leases": (
        "Which reviewer has which claim on screen (expires_at: Unix time).",
        {},
        {},
    ),
    "figure_corrections": (
        "A claim kept by a settlement with one figure marked wrong and the right value.",
        {},
        {},
    ),
    "remote_batches": ("Remote jobs (OpenAI Batch API, vLLM request files).", {}, {}),
    "remote_requests": ("The request lines of remote jobs.", {}, {}),
    "response_cache": ("Validated model answers, reused instead of asking again.", {}, {}),
    "syntheses": ("Model-written story syntheses, cached by key points and model.", {}, {}),
    "analysis_state": ("Bookkeeping: what the analysis last saw.", {}, {"hidden": True}),
    "_summarise_migrations": ("Schema migrations applied.", {}, {"hidden": True}),
}


def metadata(database_path: str) -> dict[str, Any]:
    """Datasette metadata for the database at `database_path` (Datasette names a database
    by its file name without the extension)."""
    tables = {}
    for name, (description, columns, extra) in TABLES.items():
        tables[name] = {"description": description, **extra}
        if columns:
            tables[name]["columns"] = columns
    return {
        "title": "summarise: reviewed, cited claims",
        "description": "Claims extracted from documents, their review and their stories. "
        "Start with the claims_overview view; see docs/database.md.",
        "databases": {Path(database_path).stem: {"tables": tables}},
    }
