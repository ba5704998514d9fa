"""Person names to identities: the pairs that must merge and those that must never."""

import pytest

from dateline.identity import parse, person_id, person_key, same_person

MUST_NOT_MERGE = [
    ("Bill Clinton", "Hillary Clinton"),            # spouses
    ("George H. W. Bush", "George W. Bush"),       # father and son, same given name
    ("George H.W. Bush", "George W Bush"),
    ("Donald Trump", "Donald Trump Jr."),           # a suffix on one only
    ("Robert F. Kennedy", "Robert F. Kennedy Jr."),
    ("Jeb Bush", "George W. Bush"),                 # brothers
    ("Barack Obama", "Michelle Obama"),
    ("Kim Jong-un", "Kim Jong-il"),
    ("Rand Paul", "Ron Paul"),
    ("John F. Kennedy", "Robert F. Kennedy"),       # same middle initial, different given names
]

MUST_MERGE = [
    ("Donald Trump", "Donald J. Trump"),
    ("Donald Trump", "Donald\u00a0Trump"),          # no-break space
    ("Donald Trump", "President Donald Trump's"),
    ("Sergei Lavrov", "Sergey Lavrov"),             # transliteration
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Bill Clinton", "William Jefferson Clinton"),  # short form, middle name
    ("George H.W. Bush", "George HW Bush"),
    ("Hillary Clinton", "Hillary Rodham Clinton"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Martin O'Malley", "Martin O’Malley"),
    ("Secretary of State John Kerry", "John F. Kerry"),
]


@pytest.mark.parametrize("a, b", MUST_NOT_MERGE)
def test_different_people_sharing_a_surname_are_never_merged(a, b):
    assert not same_person(a, b) and not same_person(b, a)


@pytest.mark.parametrize("a, b", MUST_MERGE)
def test_spellings_of_one_person_merge(a, b):
    assert same_person(a, b) and same_person(b, a)


def test_surname_alone_is_the_one_full_name_that_owns_it():
    assert same_person("Lavrov", "Sergei Lavrov")
    assert same_person("Graham", "Lindsey Graham", others=["Lindsey O. Graham"])
    assert same_person("President Obama", "Barack Obama")


def test_leader_named_by_a_bare_surname_is_always_a_candidate():
    # leaders.tsv: "Obama" is Barack Obama, "Clinton" Bill Clinton.
    assert not same_person("Obama", "Michelle Obama")
    assert not same_person("Clinton", "Hillary Clinton")


def test_surname_alone_stays_apart_when_two_people_carry_it():
    assert not same_person("Clinton", "Hillary Clinton", others=["Bill Clinton"])
    assert not same_person("Trump", "Donald Trump", others=["Donald Trump Jr."])
    assert not same_person("Bush", "Jeb Bush", others=["George W. Bush"])


def test_two_surnames_alone_are_not_known_to_be_one_person():
    assert not same_person("Clinton", "Clinton")


def test_titles_honorifics_and_possessives_are_not_part_of_the_name():
    assert parse("Sen. Ted Cruz").key() == "ted cruz"
    assert parse("former Secretary of State Hillary Clinton's").key() == parse("Hillary Clinton").key()
    assert parse("Ursula von der Leyen").surname == "von der leyen"


def test_person_id_is_stable_and_follows_the_leaders_table():
    assert person_key("Donald J. Trump") == person_key("Donald Trump")
    assert person_id(person_key("Sergey Lavrov")) == person_id(person_key("Sergei Lavrov"))
    assert person_id("sergei lavrov") == person_id("sergei lavrov").strip()
    assert person_key("George H.W. Bush") != person_key("George W. Bush")
