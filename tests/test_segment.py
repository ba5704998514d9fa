from dateline.segment import segment


def kinds(text):
    seg = segment(text)
    return [(b.kind, text[b.start:b.end]) for b in seg.boilerplate], seg


def test_dateline_with_agency():
    found, seg = kinds("KYIV, Ukraine (AP) — Air raid sirens sounded across the city.")
    assert found == [("dateline", "KYIV, Ukraine (AP) — ")]
    assert seg.dateline == "KYIV, Ukraine"


def test_from_outlet_line_gives_source():
    found, seg = kinds("The talks ended.\n\nFrom Reuters\n")
    assert ("source_line", "From Reuters") in found
    assert seg.source == "Reuters"


def test_caption_with_credit_and_image_title():
    text = ("The talks ended.\n\nLeaders meet in Antalya\n"
            "The ministers shake hands on March 10, 2022. (AP Photo/Jane Doe)\n")
    found, _ = kinds(text)
    assert ("caption", "Leaders meet in Antalya") in found
    assert ("caption", "The ministers shake hands on March 10, 2022. ") in found
    assert ("credit", "(AP Photo/Jane Doe)") in found


def test_whole_line_credits_and_byline():
    found, _ = kinds("By Anna Petrova\n\nNTD Photo\n\nBody text here.")
    assert ("byline", "By Anna Petrova") in found
    assert ("credit", "NTD Photo") in found


def test_body_sentences_are_not_boilerplate():
    found, _ = kinds("Russian forces shelled the city on Tuesday, officials said.")
    assert found == []


def test_updated_line_is_metadata_but_a_published_report_is_body():
    found, _ = kinds("Updated 3:05 PM, March 10, 2022\n\nPublished reports said the army withdrew.")
    assert found == [("other", "Updated 3:05 PM, March 10, 2022")]


def test_body_run_into_one_line_with_its_caption_keeps_the_body():
    body = ("DULUTH, Minn. — Two ferries collided in the harbor on Friday, the Coast Guard said. " * 8)
    caption = "A ferry is towed to the dock on Friday. (AP Photo/Harbor Patrol)"
    text = "Ferries collide in harbor. " + body + caption
    found, _ = kinds(text)
    assert ("caption", "A ferry is towed to the dock on Friday. ") in found
    assert ("credit", "(AP Photo/Harbor Patrol)") in found
    assert not any(kind == "caption" and "collided" in words for kind, words in found)


def test_the_pipeline_passes_its_settings_to_the_segmenter(nlp):
    from dateline import Article, extract
    from dateline.settings import Settings

    body = "Two ferries collided in the harbor on Friday, the Coast Guard said. " * 8
    text = body + "A ferry is towed to the dock. (AP Photo/Harbor Patrol)"
    captions = {setting: [b for b in extract(Article(text=text), nlp=nlp, settings=Settings(caption_max_chars=setting))
                          .boilerplate if b.kind == "caption"] for setting in (400, 10_000)}
    assert text[captions[400][0].start:captions[400][0].end] == "A ferry is towed to the dock. "
    assert captions[10_000][0].start == 0  # a limit longer than the line: the whole line is the caption
