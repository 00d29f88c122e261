from summarise.ingest.boilerplate import agency_signoff, strip_boilerplate

ARTICLE = """Israel has since continued to bomb Gaza.

See also\xa0 Syria and Saudi Arabia are heading to resume consular services | Syrian war news

Hamas said it would not release any more prisoners.

Posters calling for the release of hostages held by Hamas. Photo: Angie Ruiz. TIME

A Hamas source told AFP that Haniyeh intends to discuss a truce.

Leave a Reply

Your email address will not be published. Required fields are marked *
"""


def test_seed_boilerplate_lines_are_removed_and_the_rest_kept():
    text, removed = strip_boilerplate(ARTICLE)
    assert removed == 4
    assert text == (
        "Israel has since continued to bomb Gaza.\n\n"
        "Hamas said it would not release any more prisoners.\n\n"
        "A Hamas source told AFP that Haniyeh intends to discuss a truce.\n\n"
    )


def test_other_furniture():
    lines = [
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "Read more: The truce explained",
        "Sign up for our newsletter",
        "Advertisement",
        "Related: Hamas head in Cairo",
        "We use cookies to improve your experience.",
        "(AP Photo/Hatem Moussa)",
        "Smoke over Gaza. Mahmud Hams/AFP via Getty Images",
        # One line for each form of photo credit the pattern knows (each passes its prefilter).
        "The quay at dawn. Photograph: Ines Varga",
        "Photo by Oren Tal",
        "(EPA Photo/Lena Ose)",
        "Flooded fields. Reuters/Karl Ostby",
        "Flooded fields. AFP/Mira Dalen",
        "Image credit Tuva Lind",
        "Photo credit Tuva Lind",
    ]
    text, removed = strip_boilerplate("Real sentence here.\n" + "\n".join(lines) + "\nEnd.")
    assert removed == len(lines)
    assert text == "Real sentence here.\nEnd."


def test_trailing_agency_signoff():
    text = "The talks went on.\n\nEFE and AFP\n"
    assert agency_signoff(text) == ["EFE", "AFP"]
    stripped, removed = strip_boilerplate(text)
    assert (stripped, removed) == ("The talks went on.\n\n", 1)
    assert agency_signoff("It rained.\n(Reuters)") == ["Reuters"]
    assert agency_signoff("It rained.\nEFE\n\nLeave a Reply\n") == ["EFE"]


def test_sentences_that_mention_agencies_are_kept():
    text = "A source close to Hamas told AFP this Wednesday that talks resumed.\nAFP said so.\n"
    assert strip_boilerplate(text) == (text, 0)
    assert agency_signoff(text) == []
    # An agency line that is not the last line is not a sign-off.
    assert strip_boilerplate("AFP\nThe talks went on.") == ("AFP\nThe talks went on.", 0)


def test_blank_runs_collapse_to_one_blank_line():
    assert strip_boilerplate("One.\n\n\n\nTwo.") == ("One.\n\nTwo.", 0)
