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


def test_dateline_inside_a_line_when_the_text_has_lost_its_line_breaks():
    text = ("NATO allies agree to send air defences to Ukraine BRUSSELS (Reuters) — NATO defence "
            "ministers agreed on Thursday to send more air defences to Ukraine.")
    found, seg = kinds(text)
    assert found == [("dateline", "BRUSSELS (Reuters) — ")]
    assert seg.dateline == "BRUSSELS"
    found, seg = kinds("Governor signs budget after long fight DECATUR, Ill. — The governor signed it.")
    assert seg.dateline == "DECATUR, Ill."
    found, seg = kinds("Senate passes the bill WASHINGTON - A contentious vote ended the session.")
    assert seg.dateline == "WASHINGTON"


def test_no_dateline_inside_a_line_without_a_wire_service_or_a_sure_place():
    for text in ("Russia warns NATO — Allies will answer, the minister said.",  # a small place's name
                 "Sanctions hit the FBI — which said nothing on Monday.",      # not a place
                 "Ministers met in Geneva on Monday. GENEVA — talks resumed.",  # lower case after the dash
                 "x " * 250 + "BRUSSELS (Reuters) — Ministers met."):          # too far into the text
        assert segment(text).dateline is None, text


def test_parse_starts_a_sentence_at_a_dateline_inside_a_line():
    from dateline.nlp import load_nlp

    doc = load_nlp("sm")("Allies agree to send air defences to Ukraine BRUSSELS (Reuters) — NATO "
                         "defence ministers agreed on Thursday to send more air defences.")
    starts = [sent.text.split()[0] for sent in doc.sents]
    assert "BRUSSELS" in starts and starts[0] == "Allies"
