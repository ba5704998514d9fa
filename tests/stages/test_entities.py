def test_person_named_in_full_then_by_surname_is_one_entity(extract):
    record = extract("Ukrainian Foreign Minister Dmytro Kuleba arrived on Thursday. "
                     "Kuleba said he was ready to talk.")
    people = [e for e in record.entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["Dmytro Kuleba"]
    kuleba = people[0]
    assert len(kuleba.mentions) == 2
    assert (kuleba.title, kuleba.country, kuleba.sector) == ("foreign minister", "UKR", "GOV")


def test_appositive_title_and_igo_code(extract):
    record = extract("Jens Stoltenberg, NATO's secretary general, spoke in Brussels.")
    person = next(e for e in record.entities if e.type == "PERSON")
    assert person.name == "Jens Stoltenberg"
    assert person.title == "secretary general"
    assert (person.country, person.sector) == ("NATO", "IGO")


def test_two_people_sharing_a_surname_stay_apart(extract):
    record = extract("Bill Clinton and Hillary Clinton arrived in Ohio. Hillary Clinton spoke first.")
    names = sorted(e.name for e in record.entities if e.type == "PERSON")
    assert names == ["Bill Clinton", "Hillary Clinton"]


def test_country_aliases_merge(extract):
    record = extract("Turkey hosted the talks. Officials in Türkiye said the talks went well.")
    turkey = [e for e in record.entities if e.country == "TUR" and e.type == "GPE"]
    assert len(turkey) == 1 and len(turkey[0].mentions) == 2
