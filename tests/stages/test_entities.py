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


def test_title_after_possessive_and_of_country(extract):
    record = extract("Dmytro Kuleba, the foreign minister of Ukraine, spoke. The president's deputy "
                     "national security adviser, Benjamin J. Rhodes, said so. Rhodes left.")
    people = {e.name: e for e in record.entities if e.type == "PERSON"}
    assert (people["Dmytro Kuleba"].title, people["Dmytro Kuleba"].country) == ("foreign minister", "UKR")
    assert people["Benjamin J. Rhodes"].title == "deputy national security adviser"
    assert len(people["Benjamin J. Rhodes"].mentions) == 2


def test_honorific_picks_the_right_namesake(extract):
    record = extract("Sara Netanyahu arrived. Prime Minister Benjamin Netanyahu spoke. "
                     "Mr. Netanyahu left. Mrs. Netanyahu stayed.")
    people = {e.name: [record.text[s:t] for s, t in e.mentions] for e in record.entities
              if e.type == "PERSON"}
    assert people["Sara Netanyahu"] == ["Sara Netanyahu", "Netanyahu"]
    assert people["Benjamin Netanyahu"] == ["Benjamin Netanyahu", "Netanyahu"]
    mrs = record.text.index("Mrs. Netanyahu") + len("Mrs. ")
    sara = next(e for e in record.entities if e.name == "Sara Netanyahu")
    assert [mrs, mrs + len("Netanyahu")] in sara.mentions


def test_first_name_before_full_name_joins_it(extract):
    record = extract("Hillary spoke first. Later Hillary Clinton said she was proud.")
    people = [e for e in record.entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["Hillary Clinton"] and len(people[0].mentions) == 2


def test_known_groups_and_seats_of_power_have_countries(extract):
    record = extract("Hamas fighters fired rockets at Israel. The Kremlin said it would respond. "
                     "The Taliban seized a district.")
    codes = {e.name: (e.country, e.sector) for e in record.entities}
    assert codes["Hamas"] == ("PSE", "REB")
    assert codes["Kremlin"] == ("RUS", "GOV")
    assert codes["Taliban"] == ("AFG", "REB")


def test_cities_get_their_country_from_the_places_stage(extract):
    record = extract("Shelling hit Mariupol and Kharkiv on Monday, officials said.")
    codes = {e.name: (e.type, e.country) for e in record.entities}
    assert codes["Kharkiv"] == ("GPE", "UKR")
    assert codes["Mariupol"] == ("GPE", "UKR")


def test_nationality_tagged_as_org_still_gives_country_and_abbreviations(extract):
    record = extract("Gambian President Dawda Jawara accused Senegal of interference. "
                     "The PRC and the European Community signed a trade deal.")
    codes = {e.name: e.country for e in record.entities}
    assert codes["Dawda Jawara"] == "GMB"
    assert codes["PRC"] == "CHN"
    assert codes["European Union"] == "EUR"


def test_leaders_named_without_title_get_country_and_sector(extract):
    record = extract("Putin met Erdogan in Sochi on Monday. Later, Kofi Annan spoke.")
    people = {e.name: e for e in record.entities if e.type == "PERSON"}
    assert (people["Putin"].country, people["Putin"].sector) == ("RUS", "GOV")
    assert (people["Erdogan"].country, people["Erdogan"].sector) == ("TUR", "GOV")
    assert (people["Kofi Annan"].country, people["Kofi Annan"].sector) == ("UNO", "IGO")


def test_leader_name_wins_over_a_small_namesake_place(extract):
    record = extract("The Bush administration said on Tuesday that China must lower its tariffs.")
    bush = next(e for e in record.entities if e.name == "Bush")
    assert (bush.type, bush.country, bush.sector) == ("PERSON", "USA", "GOV")


def test_namesake_of_a_leader_gets_no_country_from_the_table(extract):
    record = extract("Laura Bush visited a school on Monday.")
    laura = next(e for e in record.entities if e.name == "Laura Bush")
    assert laura.country is None


def test_country_name_tagged_as_organisation_is_the_country(extract):
    record = extract("The United States demanded that the Democratic People's Republic of Korea end its program.")
    korea = next(e for e in record.entities if "Korea" in e.name)
    assert korea.country == "PRK"


def test_the_countrys_title_takes_the_country_named_before(extract):
    record = extract("Lithuania will buy more air-defence systems, according to the country's defence "
                     "minister Anna Kovac, who met her Polish counterpart Piotr Nowak in Warsaw.")
    people = {e.name: e for e in record.entities if e.type == "PERSON"}
    assert (people["Anna Kovac"].title, people["Anna Kovac"].country) == ("defence minister", "LTU")
    assert people["Piotr Nowak"].country == "POL"
    event = next(e for e in record.events if e.type == "CONSULT")
    assert (event.source.country, event.target.country) == ("LTU", "POL")
