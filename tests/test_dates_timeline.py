from __future__ import annotations

from datetime import date

from summarise.analysis.dates import find_dates, resolve_month_day
from summarise.analysis.timeline import DateBasis, event_date, ordered

DEC_20 = date(2023, 12, 20)  # a Wednesday


def test_month_day_takes_the_year_before_the_reference() -> None:
    [mention] = find_dates("After the Hamas attack on September 7 with more", DEC_20)
    assert (mention.month, mention.day, mention.resolved) == (9, 7, date(2023, 9, 7))
    assert resolve_month_day(1, 5, DEC_20) == date(2024, 1, 5)  # within a month's grace
    assert resolve_month_day(3, 5, DEC_20) == date(2023, 3, 5)


def test_day_month_year_and_ranges() -> None:
    first, second = find_dates("lasted from November 24 to December 1, aid", DEC_20)
    assert first.resolved == date(2023, 11, 24) and not first.range_end
    assert second.resolved == date(2023, 12, 1) and second.range_end
    [dated] = find_dates("on 7 October 2023 militants", None)
    assert dated.resolved == date(2023, 10, 7) and dated.explicit


def test_weekdays_resolve_against_the_publication_date() -> None:
    tuesday = find_dates("Netanyahu said on Tuesday that", DEC_20)[0]
    assert tuesday.resolved == date(2023, 12, 19) and not tuesday.explicit
    assert find_dates("arrived this Wednesday", DEC_20)[0].resolved == DEC_20
    assert find_dates("assured last Saturday in Munich", DEC_20)[0].resolved == date(2023, 12, 16)
    assert find_dates("on Tuesday", None)[0].resolved is None


def test_may_the_verb_is_not_a_date() -> None:
    assert find_dates("Tel Aviv may 5 times reconsider", DEC_20) == []


def test_event_date_prefers_the_stated_date_but_not_background() -> None:
    stated = event_date("The truce on November 24 allowed the release", None, DEC_20)
    assert stated.when == date(2023, 11, 24) and stated.basis is DateBasis.STATED
    background = event_date("captives held since the October 7 attacks were", DEC_20)
    assert background.when == DEC_20 and background.basis is DateBasis.DOCUMENT
    story = event_date("No date here.", None, DEC_20)
    assert story.basis is DateBasis.STORY
    assert event_date("No date here.", None).basis is DateBasis.UNKNOWN


def test_timeline_orders_by_event_then_document() -> None:
    texts = [
        "Talks resumed on Tuesday.",
        "The truce began on November 24.",
        "The attack on October 7 killed many.",
        "Undated remark.",
    ]
    when = {t: event_date(t, DEC_20) for t in texts}
    result = ordered(texts, lambda t: when[t], lambda t: (t, 0))
    assert result == [texts[2], texts[1], texts[0], texts[3]]
