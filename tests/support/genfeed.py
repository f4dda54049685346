#!/usr/bin/env python3
"""Deterministic generator of London-Daily-like news feeds, for ldnews's tests
and benchmarks.

It makes a feed of N articles as RSS 2.0 (the default), Atom 1.0, RSS 1.0
(RDF) or JSON Feed 1.1. Each article has a headline, a link
(https://londondaily.com/<section>/<yyyy>/<mm>/<dd>/<slug>-<seed>-<index>,
which is also its guid/id, unique per seed and index), a publication date, a
byline (dc:creator / author), 1-4 tags from a vocabulary of about 200, a
one-sentence standfirst (<description> / summary) and an HTML body of 5-15
paragraphs (about 5.5 KB) with links, <strong>, <em>, lists, sometimes a
subheading, quote, table or picture, and some non-ASCII text (accents, curly
quotes, CJK, emoji). `--items 10000 --seed 1` makes about 64 MB of RSS, the
feed ldnews's performance targets are stated on.

The output depends only on the arguments: everything is drawn from
random.Random(seed), dates count back from a fixed 2024-09-12 09:00 UTC by
seeded intervals (newest first), and nothing reads the clock or depends on
hash order, so the same arguments give byte-identical output on every run and
machine. Article i does not depend on --items: a longer feed is a shorter one
with older articles after it.

    python3 tests/support/genfeed.py --items 10000 --seed 1 -o feed.xml
    python3 tests/support/genfeed.py --items 50 --format json > feed.json

    sys.path.insert(0, "tests/support")
    import genfeed
    genfeed.write_feed("feed.xml", 1000, seed=3, fmt="atom", tags=20)
    for chunk in genfeed.generate(100, seed=1, fmt="rdf"): ...
"""
import argparse
import collections
import dataclasses
import datetime as dt
import email.utils
import functools
import itertools
import json
import os
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import TextIO

SITE = "https://londondaily.com"
NEWEST = dt.datetime(2024, 9, 12, 9, 0, tzinfo=dt.timezone.utc)
FORMATS = ("rss", "atom", "rdf", "json")
DEFAULT_TITLE = "London Daily"
DESCRIPTION = "News, politics, business, sport and culture from London and the world"


# --- Vocabulary -------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Section:
    slug: str        # first part of the link's path
    tag: str         # the tag every article of the section carries
    weight: int      # how often it runs, relative to the others
    actors: tuple[str, ...]   # who does things: subjects of headlines and sentences
    matters: tuple[str, ...]  # what the story is about: their objects


def _pool(text):
    """One phrase a line, so phrases may hold spaces and commas."""
    return tuple(line.strip() for line in text.strip().splitlines())


SECTIONS = (
    Section("politics", "Politics", 14, _pool("""
        the Prime Minister
        Downing Street
        the Chancellor
        the Home Secretary
        Labour backbenchers
        the Conservatives
        the Liberal Democrats
        the SNP
        the Speaker
        a cross-party committee
        the Cabinet Office
        senior peers
        the Welsh government
        the shadow cabinet
        the Foreign Office
        """), _pool("""
        the autumn budget
        a cap on ministers’ pay
        votes at 16
        the two-child benefit limit
        House of Lords reform
        the winter fuel payment
        new planning rules
        a ban on MPs’ second jobs
        the asylum backlog
        devolution deals for the regions
        council tax bands
        the spending review
        a snap general election
        lobbying rules
        """)),
    Section("business", "Business", 12, _pool("""
        the Bank of England
        the FTSE 100
        high street retailers
        Ofgem
        the Competition and Markets Authority
        Thames Water
        shareholders
        the City watchdog
        M&S
        P&O Ferries
        supermarket chains
        housebuilders
        the Treasury
        start-up founders
        """), _pool("""
        interest rates
        the energy price cap
        a £4bn takeover bid
        inflation
        mortgage rates
        the four-day week
        water bills
        bankers’ bonuses
        a stock market listing
        business rates
        the pound
        R&D tax credits
        shrinkflation
        pension reform
        """)),
    Section("world", "World", 12, _pool("""
        the White House
        the European Commission
        Brussels
        Beijing
        the Kremlin
        the UN secretary-general
        Nato allies
        G7 leaders
        Kyiv
        the Élysée Palace
        Tokyo
        the Indian government
        officials in Brasília
        the African Union
        """), _pool("""
        a ceasefire
        trade tariffs
        the US election
        small boat crossings in the Channel
        sanctions on Moscow
        peace talks
        a new trade deal
        the refugee crisis
        defence spending
        border checks in the Schengen area
        the Olympic bid
        food aid
        the climate finance pledge
        """)),
    Section("crime", "Crime", 9, _pool("""
        the Metropolitan Police
        Scotland Yard
        detectives
        the Crown Prosecution Service
        a jury at the Old Bailey
        the coroner
        the police watchdog
        prison governors
        the Serious Fraud Office
        magistrates
        the National Crime Agency
        """), _pool("""
        knife crime
        a spate of phone thefts
        county lines gangs
        shoplifting
        a £20m fraud
        prison overcrowding
        stop and search
        a decades-old cold case
        e-bike thefts
        a jewellery heist in Hatton Garden
        the courts backlog
        online scams
        """)),
    Section("sport", "Sport", 12, _pool("""
        Arsenal
        Chelsea
        Tottenham
        West Ham
        Crystal Palace
        Fulham
        Brentford
        England
        the Lionesses
        the England and Wales Cricket Board
        the Premier League
        the FA
        Wimbledon organisers
        Team GB
        the Red Roses
        """), _pool("""
        the title race
        the transfer window
        VAR
        the Ashes
        the Champions League draw
        the London Marathon
        a new stadium
        ticket prices
        the manager’s future
        the Six Nations
        the Boat Race
        the women’s Super League
        a record transfer fee
        """)),
    Section("london", "London", 10, _pool("""
        Transport for London
        the mayor of London
        the RMT union
        Network Rail
        Heathrow
        Gatwick
        the borough council
        commuters
        cyclists
        black cab drivers
        the London Assembly
        tenants’ groups
        """), _pool("""
        tube fares
        the Night Tube
        a third runway
        the Bakerloo line extension
        rail strikes
        e-scooter rentals
        the congestion charge
        Low Traffic Neighbourhoods
        the Silvertown tunnel
        rent controls
        affordable homes in the borough
        the Elizabeth line timetable
        """)),
    Section("health", "Health", 8, _pool("""
        NHS England
        junior doctors
        the BMA
        the Health Secretary
        GPs
        nurses
        the UK Health Security Agency
        hospital trusts
        dentists
        """), _pool("""
        waiting lists
        the winter flu season
        a strike over pay
        A&E waiting times
        weight-loss jabs
        mental health services
        vaping among teenagers
        the Covid inquiry
        social care funding
        dental deserts
        """)),
    Section("climate", "Climate", 7, _pool("""
        the Met Office
        the Environment Agency
        climate scientists
        protesters
        the Climate Change Committee
        the UN climate summit
        the Energy Secretary
        water companies
        farmers
        """), _pool("""
        the heatwave
        flood defences
        net zero targets
        sewage spills in the Thames
        a record winter storm
        the Ulez expansion
        heat pumps
        onshore wind farms
        drought warnings
        rewilding
        air pollution
        the hosepipe ban
        """)),
    Section("science", "Science", 6, _pool("""
        astronomers
        researchers at Imperial College
        the Royal Society
        the UK Space Agency
        geneticists
        Oxford scientists
        the Natural History Museum
        the Francis Crick Institute
        physicists at Cern
        marine biologists
        """), _pool("""
        a new antibiotic
        the James Webb telescope’s latest images
        gene editing
        a dinosaur fossil
        quantum computing
        the search for dark matter
        AI chatbots
        a malaria vaccine
        microplastics
        bird flu
        lab-grown meat
        the next Moon landing
        """)),
    Section("culture", "Culture", 6, _pool("""
        the National Theatre
        the British Museum
        Tate Modern
        the BBC
        the Booker judges
        West End producers
        Glastonbury organisers
        the Royal Opera House
        the BFI
        Arts Council England
        """), _pool("""
        the Parthenon sculptures
        the licence fee
        the Booker shortlist
        a new Banksy
        the Proms season
        streaming royalties
        arts funding cuts
        the Turner prize
        a West End revival
        the Notting Hill carnival
        """)),
    Section("education", "Education", 5, _pool("""
        Ofsted
        head teachers
        the Education Secretary
        universities
        the National Education Union
        exam boards
        parents
        student unions
        """), _pool("""
        A-level results
        tuition fees
        crumbling school buildings
        free school meals
        VAT on private school fees
        teacher recruitment
        term-time holidays
        international students
        phone bans in schools
        """)),
    Section("royals", "Royals", 4, _pool("""
        the King
        Buckingham Palace
        the Prince of Wales
        the Princess of Wales
        Queen Camilla
        the Duke of Sussex
        palace aides
        royal biographers
        Kensington Palace
        """), _pool("""
        Trooping the Colour
        a state visit to Canada
        the Sandringham estate
        the royal finances
        the coronation anniversary
        the Sovereign Grant
        the restoration of Windsor Castle
        a new royal portrait
        the Christmas broadcast
        the Duchy of Cornwall
        """)),
)

# Tags: the sections' own first (so any --tags N keeps them), then topics,
# places and institutions. A few are non-ASCII on purpose.
TAGS = tuple(s.tag for s in SECTIONS) + _pool("""
    Economy
    Inflation
    Interest rates
    Housing
    Rents
    Mortgages
    Energy
    Jobs
    Strikes
    Trade unions
    Pensions
    Benefits
    Tax
    Budget
    Elections
    Parliament
    House of Lords
    Brexit
    Immigration
    Asylum
    Defence
    Diplomacy
    Ukraine
    Middle East
    China
    United States
    European Union
    India
    Africa
    Latin America
    Policing
    Courts
    Prisons
    Knife crime
    Fraud
    Terrorism
    Cybercrime
    Football
    Premier League
    Cricket
    Rugby union
    Tennis
    Athletics
    Formula One
    Boxing
    Golf
    Olympics
    Women’s sport
    NHS
    Mental health
    Social care
    Public health
    Vaccines
    Cancer
    Dementia
    Weather
    Floods
    Heatwaves
    Air pollution
    Net zero
    Renewables
    Wildlife
    Rivers
    Space
    Astronomy
    Physics
    Genetics
    Artificial intelligence
    Technology
    Cybersecurity
    Social media
    Theatre
    Film
    Television
    Music
    Books
    Art
    Museums
    Architecture
    Fashion
    Food and drink
    Restaurants
    Travel
    Schools
    Universities
    Exams
    Childcare
    Transport
    Rail
    Tube
    Buses
    Cycling
    Aviation
    Roads
    Monarchy
    Obituaries
    Opinion
    Analysis
    Explainers
    Interviews
    Investigations
    Data
    Photography
    Podcasts
    Lifestyle
    Family
    Money
    Consumer rights
    Retail
    Banking
    Markets
    Start-ups
    Property
    Media
    Religion
    Charities
    Homelessness
    Poverty
    Inequality
    LGBTQ+
    Disability
    Race
    Young people
    Older people
    Local government
    Devolution
    Scotland
    Wales
    Northern Ireland
    Ireland
    France
    Germany
    Japan
    Brazil
    Australia
    Canada
    Nato
    United Nations
    G7
    Westminster
    Whitehall
    Canary Wharf
    City of London
    Croydon
    Hackney
    Tower Hamlets
    Southwark
    Camden
    Lambeth
    Newham
    Greenwich
    Brixton
    Stratford
    Heathrow
    Manchester
    Birmingham
    Glasgow
    Edinburgh
    Cardiff
    Belfast
    Bristol
    Leeds
    Liverpool
    Newcastle
    Brighton
    Oxford
    Cambridge
    Kent
    Cornwall
    Bank of England
    Met Police
    BBC
    Ofsted
    Ofgem
    Transport for London
    Supreme Court
    Zürich
    São Paulo
    Montréal
    Côte d’Ivoire
    東京
    Weekend
    Long reads
    Quizzes
    Puzzles
    Letters
    Corrections
""")

PLACES = _pool("""
    London
    Croydon
    Hackney
    Tower Hamlets
    Lewisham
    Barnet
    Ealing
    Wembley
    Peckham
    Walthamstow
    Canary Wharf
    Manchester
    Birmingham
    Leeds
    Glasgow
    Edinburgh
    Cardiff
    Belfast
    Bristol
    Liverpool
    Newcastle
    Brighton
    Oxford
    Southampton
    Norwich
    Plymouth
    Dover
    the Cotswolds
    Cornwall
    Paris
    Berlin
    Washington
    New York
    Kyiv
    Tokyo
    Delhi
    Lagos
    Nairobi
    Sydney
    Toronto
    São Paulo
    Zürich
    Kraków
    Reykjavík
    Montréal
    Málaga
    Düsseldorf
    Gdańsk
""")

# Bylines and the people quoted: one name list, bylines from its first half.
NAMES = _pool("""
    Harriet Okonjo
    Declan Murphy
    Nisha Varma
    Tomasz Wiśniewski
    Margaux Lefèvre
    Ciarán Byrne
    Søren Kjær
    Aoife Brennan
    Kofi Asante
    Imogen Strachan
    Rohan Desai
    Beatriz Álvarez
    Felix Hargreaves
    Mei Lin Chow
    Adebola Oyelaran
    Hugo Pemberton
    Saoirse Nic Giolla
    Jamal Idris
    Clémence Aubert
    Niamh Gallagher
    Dmitri Sokolov
    Yasmin Qureshi
    Alistair Dunbar
    Eun-ji Park
    Matteo Bianchi
    Ruth Abernethy
    Tariq Mahmood
    Annika Lindqvist
    Callum Whitfield
    Zainab Hussain
    Gwen Pritchard
    Ikechukwu Nwosu
    Lottie Fairbairn
    Raúl Ortega
    Priyanka Iyer
    Edmund Ashcroft
    Chiara Esposito
    Olamide Bakare
    Fenella Rhodes
    Kenji Watanabe
    Bronwen Hughes
    Marek Dvořák
    Rosalind Achebe
    Finlay McTavish
    Leila Farahani
    Oscar Lindgren
    Thandiwe Mokoena
    Bartholomew Crane
    陈静
    Anouk de Vries
""")
AUTHORS = NAMES[:len(NAMES) // 2]

ROLES = _pool("""
    a senior Treasury source
    the shadow home secretary
    chief economist at a City bank
    a spokesperson for the campaign
    a local councillor
    professor of public health at UCL
    the club’s manager
    a royal commentator
    head of policy at a Westminster think tank
    a former cabinet minister
    the union’s general secretary
    a consultant at St Thomas’ Hospital
    a climate scientist at the University of Reading
    chief executive of the trade body
    a barrister who has followed the case
    a lifelong resident of the borough
    a senior diplomat
    a retired detective
    the headteacher of a primary school in Lewisham
    a founder of the start-up
""")

QUOTES = _pool("""
    We will not be rushed into this
    This is a wake-up call for all of us
    Nobody saw it coming, and that is the problem
    The numbers simply don’t add up
    It is a good day for London
    We have been ignored for far too long
    Frankly, it’s a mess
    There is no plan B
    This changes the rules of the game
    We are cautiously optimistic
    It should never have been allowed to happen
    We owe it to the next generation
    Lessons must be learned, and quickly
    The public deserves straight answers
    I have never seen anything like it in thirty years
    Nobody voted for this
    It is a step in the right direction, but only a step
    The money has to come from somewhere
    We are not going anywhere
    People are scared, and they are angry
    This is what ambition looks like
    We need a plan, not a press release
""")

# Verbs in forms that agree with singular and plural subjects alike
# ("the Treasury", "junior doctors").
VERBS = _pool("""
    warned about
    came under growing pressure over
    promised to review
    confirmed plans for
    criticised
    defended
    called for an inquiry into
    pledged fresh money for
    rejected calls to scrap
    welcomed
    raised fresh concerns about
    faced accusations of mishandling
    published new figures on
    will vote next week on
    quietly dropped
    will announce changes to
    declined to comment on
    denied any wrongdoing over
    spent months studying
    urged caution over
""")

# Headlines' "{actor} to {hverb}": the future of headline English.
HEADLINE_VERBS = _pool("""
    back
    scrap
    delay
    defend
    rule out
    warn over
    unveil
    face questions over
    U-turn on
    double down on
    promise action on
    vow to fix
    apologise for
    pause
    revive
    take aim at
""")

PAST_VERBS = _pool("""
    shelved
    rewrote
    paid for
    lobbied against
    cut
    watered down
    signed off
    overruled advice on
    backed
    scrapped
    delayed
    unveiled
    doubled down on
    apologised for
    revived
    took aim at
""")

TAILS = _pool("""
    after months of talks
    amid growing pressure from backbenchers
    according to documents seen by London Daily
    despite warnings from experts
    in a statement on Monday
    ahead of the autumn budget
    as temperatures hit 31C
    before the clocks go back
    for the first time since 2008
    in a late-night U-turn
    after a London Daily investigation
    following a three-month review
    as the row deepened
""")

CLAUSES = _pool("""
    a move critics called long overdue
    despite opposition from campaigners
    sources close to the talks said
    the latest twist in a long-running saga
    raising fresh questions for the government
    a decision that surprised many in Westminster
    something few had predicted a year ago
    although details remain scarce
    with a final decision due in the spring
""")

SOURCES = _pool("""
    the Office for National Statistics
    the Institute for Fiscal Studies
    the Resolution Foundation
    analysis by London Daily
    a leaked Whitehall memo
    the House of Commons library
    the consumer group Which?
    the Centre for Cities
""")

CJK = (("伦敦地铁罢工", "London Underground strike"), ("英国王室", "the British royal family"),
       ("ロンドンの家賃高騰", "London’s soaring rents"), ("기후 위기", "climate crisis"),
       ("東京株式市場", "Tokyo stock market"), ("脱炭素", "decarbonisation"),
       ("英国大选", "the British election"), ("프리미어리그", "Premier League"))
ASIAN_CITIES = ("Tokyo", "Beijing", "Seoul", "Hong Kong", "Shanghai", "Taipei", "Osaka")
EMOJI = ("🇬🇧", "⚽", "🏏", "🌧️", "🔥", "👑", "🚇", "📉", "🎭", "🌍", "🐝", "🚴", "☕", "👏")

EXTERNAL = _pool("""
    https://www.gov.uk/government/news
    https://www.ons.gov.uk/releases
    https://www.metoffice.gov.uk/weather/warnings-and-advice
    https://www.parliament.uk/business/news/
    https://www.nhs.uk/conditions/
    https://tfl.gov.uk/travel-information/
    https://www.bankofengland.co.uk/news
    https://www.ipcc.ch/reports/
    https://www.royal.uk/news
    https://www.judiciary.uk/judgments/
""")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# --- Templates --------------------------------------------------------------
# Slots are filled by Newsroom.fill(): {actor}, {matter}, {place} and the
# others in Newsroom._fillers; a capital first letter ({Actor}) capitalises
# the pick, a trailing digit ({matter2}) makes an independent second pick.

HEADLINES = _pool("""
    {Actor} to {hverb} {matter}
    {Actor} set to {hverb} {matter} {tail}
    {Actor} {pverb} {matter} {tail}
    What {matter} means for {place}
    {Place} residents protest over {matter}
    Live: {actor} to {hverb} {matter} – latest updates
    {small} things we learned as {actor} {pverb} {matter}
    ‘{quote}’: {speaker} on {matter}
    Analysis: why {matter} matters in {place}
    Explained: {matter} and what happens next
    {Actor} {pverb} {matter} – and {place} pays the price
    {Place} to get £{small}m boost for {matter}
    Revealed: how {actor} quietly {pverb} {matter}
    {Speaker} vows to {hverb} {matter} in {place} speech
    Is this the end of {matter}?
    From {place} to {place2}: {matter} in {small} charts
    {Matter}: {actor} and {actor2} at odds
    The week in {section}: {matter}, {matter2} and more
    ‘{quote}’ – inside the fight over {matter}
""")

STANDFIRSTS = _pool("""
    {Actor} {verb} {matter} {tail}, as {actor2} {verb2} {matter2}.
    The decision on {matter} leaves {actor} facing awkward questions in {place}.
    {Actor} {verb} {matter}, {clause}.
    Figures from {source} suggest {matter} is hitting {place} harder than anywhere else.
""")

# (weight, template): statements carry most of the text.
SENTENCES = (
    (9, "{Actor} {verb} {matter} {tail}."),
    (6, "{Actor} {verb} {matter}, {clause}."),
    (4, "In {place}, {actor} {verb} {matter} {tail}."),
    (3, "Figures published on {weekday} show {matter} {rose} by {pct} per cent in the "
        "year to {month}."),
    (2, "The bill for {matter} has {risen} to {money}, according to {source}."),
    (2, "It is the {ordinal} time this year that {actor} {pverb} {matter}."),
    (2, "The row comes {small} weeks after {actor} {pverb} {matter} in {place}."),
    (2, "Critics say {matter} has been neglected for more than a decade."),
    (1, "{Actor} did not respond to a request for comment."),
    (2, "Asked about {matter} on {weekday}, {actor} said only that talks were continuing."),
    (2, "A spokesperson for {actor} said: “{quote}.”"),
    (4, "“{quote},” said {speaker}, {role}."),
    (2, "“{quote}. {quote2},” {speaker} told London Daily."),
    (2, "Polling by {pollster} suggests {pct} per cent of voters in {place} back {matter}."),
    (2, "{Actor} will set out more detail {when}."),
    (1, "More than {thousands} people have signed a petition about {matter}."),
    (2, "According to {source}, {matter} could cost {money} by {year}."),
)

LIST_ITEMS = _pool("""
    {Matter} to be reviewed by {month}
    £{small}m set aside for {place}
    Consultation closes on {weekday} {dom} {month}
    {Actor} to report back {when}
    Fines of up to {money} for breaches
    {pct} per cent of households affected, says {source}
    Pilot scheme to start in {place}
""")


# --- Generation -------------------------------------------------------------

SLOT = re.compile(r"\{(\w+)\}")
SECTION_WEIGHTS = tuple(itertools.accumulate(s.weight for s in SECTIONS))
SENTENCE_TEMPLATES = tuple(t for _, t in SENTENCES)
SENTENCE_WEIGHTS = tuple(itertools.accumulate(w for w, _ in SENTENCES))


@functools.cache
def template_slots(template):
    """The template's slots as (text before, slot, filler name, capitalised)
    and the text after the last one; {matter2} is filled by "matter"."""
    pieces = SLOT.split(template)
    slots = tuple((pieces[i - 1], pieces[i], pieces[i].rstrip("0123456789").lower(),
                   pieces[i][0].isupper()) for i in range(1, len(pieces), 2))
    return slots, pieces[-1]


@dataclasses.dataclass
class Article:
    section: Section
    title: str
    link: str
    date: dt.datetime
    authors: list[str]
    tags: list[str]
    standfirst: str
    body: str = ""
    image: str | None = None


def vocabulary(size=None):
    """The first `size` tags; past the built-in ones, numbered repeats
    ("Housing 2") so that tests can ask for a large tag pane."""
    if size is None:
        return list(TAGS)
    if size < 1:
        raise ValueError("the tag vocabulary needs at least one tag")
    return [TAGS[i % len(TAGS)] + ("" if i < len(TAGS) else f" {i // len(TAGS) + 1}")
            for i in range(size)]


def slugify(title):
    """ASCII words of the title: accents dropped, CJK and emoji left out."""
    plain = unicodedata.normalize("NFKD", title.replace("’", "").replace("'", ""))
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
    slug = "-".join(words)
    if len(slug) > 64:  # cut at a word's end, as sites do
        slug = slug[:65].rsplit("-", 1)[0][:64]
    return slug or "story"


def capitalise(text):
    return text[:1].upper() + text[1:]


class Newsroom:
    """Makes the articles of one feed, newest first.

    Two random streams, both from random.Random(seed): one for each article's
    head (section, title, date, byline, tags, standfirst) and one for bodies.
    The RDF writer lists every link before the first item; it replays the
    heads alone with a second Newsroom, which costs little because the body
    stream is apart."""

    def __init__(self, seed, tags=None):
        self.seed = seed
        self.heads = random.Random(seed)
        self.bodies = random.Random(self.heads.getrandbits(64))
        self.tags = vocabulary(tags)
        self.tag_set = set(self.tags)
        # (link, title) of the latest articles, for links between stories.
        self.recent = collections.deque(maxlen=200)
        self.date = NEWEST
        # Slot fillers per stream, text or HTML and section, made once:
        # fill() runs for every sentence.
        self.slots = {(rng, html): {s.slug: self._fillers(rng, s, html) for s in SECTIONS}
                      for rng in (self.heads, self.bodies) for html in (False, True)}

    # Slots ----------------------------------------------------------------

    @staticmethod
    def _fillers(rng, section, html) -> dict[str, Callable[[], str]]:
        def one_of(pool):
            pool = tuple(map(esc, pool)) if html else pool
            size = len(pool)
            # rng.choice, without its overhead: this runs for every slot.
            return lambda: pool[int(rng.random() * size)]

        def money():
            if rng.random() < 0.5:
                return f"£{rng.randint(2, 950)}m"
            return f"£{rng.randint(1, 40)}.{rng.randint(1, 9)}bn"

        return {
            "actor": one_of(section.actors),
            "matter": one_of(section.matters),
            "section": lambda: section.tag.lower(),
            "place": one_of(PLACES),
            "speaker": one_of(NAMES),
            "role": one_of(ROLES),
            "quote": one_of(QUOTES),
            "verb": one_of(VERBS),
            "hverb": one_of(HEADLINE_VERBS),
            "pverb": one_of(PAST_VERBS),
            "tail": one_of(TAILS),
            "clause": one_of(CLAUSES),
            "source": one_of(SOURCES),
            "pollster": one_of(("YouGov", "Ipsos", "Savanta", "Opinium", "More in Common")),
            "when": one_of(("later this month", "in the autumn", "before Christmas",
                            "in the spring", "next week", "after the summer recess")),
            "rose": one_of(("rose", "fell", "jumped", "slipped", "climbed")),
            "risen": one_of(("risen", "fallen", "climbed", "soared", "doubled")),
            "ordinal": one_of(("second", "third", "fourth", "fifth")),
            "weekday": one_of(WEEKDAYS),
            "month": one_of(MONTHS),
            "dom": lambda: str(rng.randint(1, 28)),
            "small": lambda: str(rng.randint(2, 48)),
            "pct": lambda: f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
            "money": money,
            "thousands": lambda: f"{rng.randint(2, 250) * 1000:,}",
            "year": lambda: str(rng.randint(2025, 2035)),
        }

    def fill(self, template, section, rng, html=False, markup=False):
        """The template with its slots picked from rng: plain text, or HTML
        (values escaped) where, with markup, one noun phrase may come out
        as a link, <strong> or <em>."""
        fillers = self.slots[rng, html][section.slug]
        wrap = self._wrapper(rng) if markup else None
        slots, end = template_slots(template)
        picked = {}
        out = []
        for before, key, name, capital in slots:
            value = picked.get(key)
            if value is None:
                value = fillers[name]()
                if capital:
                    value = capitalise(value)
                if wrap and name in ("actor", "matter", "place"):
                    value, wrap = wrap(value), None
                picked[key] = value
            out += (before, value)
        out.append(end)
        return "".join(out)

    def _wrapper(self, rng):
        """How (and whether) a sentence's first noun phrase is marked up:
        about one sentence in four, as in a real article's body."""
        x = rng.random()
        if x < 0.09:
            return lambda v: f"<a href=\"{self._href(rng)}\">{v}</a>"
        if x < 0.17:
            return lambda v: f"<strong>{v}</strong>"
        if x < 0.24:
            return lambda v: f"<em>{v}</em>"
        return None

    def _href(self, rng):
        # Mostly other London Daily stories (newer ones: they exist already).
        if self.recent and rng.random() < 0.6:
            return rng.choice(self.recent)[0]
        return f"{rng.choice(EXTERNAL)}?utm_source=londondaily&amp;utm_medium=referral"

    # Heads ----------------------------------------------------------------

    def head(self, index):
        """The next article's head; advances the date."""
        rng = self.heads
        section = rng.choices(SECTIONS, cum_weights=SECTION_WEIGHTS)[0]
        title = self.fill(rng.choice(HEADLINES), section, rng)
        if rng.random() < 0.03:
            title += " " + rng.choice(EMOJI)
        date = self.date
        self.date -= dt.timedelta(seconds=rng.randint(2 * 60, 75 * 60))
        # The seed and index make the link (and so the guid) unique.
        link = f"{SITE}/{section.slug}/{date:%Y/%m/%d}/{slugify(title)}-{self.seed}-{index}"
        authors = [rng.choice(AUTHORS)]
        if rng.random() < 0.06:
            authors.append(rng.choice([a for a in AUTHORS if a != authors[0]]))
        return Article(section, title, link, date, authors, self._tags(section),
                       self.fill(rng.choice(STANDFIRSTS), section, rng))

    def _tags(self, section):
        """The section's tag (when in the vocabulary) and up to three more.
        The draws are floats so that --tags changes only the tags, not the
        random stream the rest of the feed is made from."""
        rng = self.heads
        count = rng.randint(1, 4)
        drawn = [self.tags[int(rng.random() * len(self.tags))] for _ in range(count)]
        if section.tag in self.tag_set:
            drawn.insert(0, section.tag)
        return list(dict.fromkeys(drawn))[:count]

    # Bodies ---------------------------------------------------------------

    def sentence(self, section, markup=True):
        rng = self.bodies
        template = rng.choices(SENTENCE_TEMPLATES, cum_weights=SENTENCE_WEIGHTS)[0]
        return self.fill(template, section, rng, html=True, markup=markup)

    def paragraph(self, section):
        return "<p>" + " ".join(self.sentence(section)
                                for _ in range(self.bodies.randint(3, 7))) + "</p>"

    def extra(self, article, n):
        """Now and then, something other than a paragraph after paragraph n."""
        rng, section = self.bodies, article.section
        x = rng.random()
        if n == 2 and x < 0.35:
            return self.bullets(section)
        if n == 3 and x < 0.25:
            return f"<h2>{esc(capitalise(rng.choice(section.matters)))}</h2>"
        if n == 4 and x < 0.08:
            return self.table()
        if n == 5 and x < 0.10:
            return self.social()
        if n == 6 and x < 0.12:
            word, gloss = rng.choice(CJK)
            return (f"<p>In {rng.choice(ASIAN_CITIES)}, the story led the front pages as "
                    f"“{word}” ({gloss}).</p>")
        return ""

    def bullets(self, section):
        rng = self.bodies
        items = "".join(f"<li>{self.fill(rng.choice(LIST_ITEMS), section, rng, html=True)}</li>"
                        for _ in range(rng.randint(3, 6)))
        return f"<p><strong>Key points</strong></p><ul>{items}</ul>"

    def table(self):
        rng = self.bodies
        rows = "".join(
            f"<tr><td>{place}</td><td>{rng.randint(100, 90000):,}</td>"
            f"<td>{rng.uniform(-25, 25):+.1f}%</td></tr>"
            for place in rng.sample(PLACES[:29], rng.randint(3, 9)))  # UK places only
        return ("<table><caption>How the areas compare</caption><thead><tr><th>Area</th>"
                "<th>Cases</th><th>Change on last year</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def social(self):
        rng = self.bodies
        name = rng.choice(NAMES)
        handle = slugify(name).replace("-", "_") or "londoner"
        return (f"<blockquote><p>{rng.choice(EMOJI)} {rng.choice(QUOTES)} {rng.choice(EMOJI)}"
                f"</p>— {name} (@{handle})</blockquote>")

    def figure(self, article):
        rng = self.bodies
        src = (f"https://static.londondaily.com/img/{article.date:%Y/%m}/"
               f"{rng.getrandbits(48):012x}.jpg")
        caption = self.fill("{Actor} in {place}.", article.section, rng, html=True)
        html = (f'<figure><img src="{src}" alt="{caption}" width="1280" height="720">'
                f"<figcaption>{caption} Photograph: {rng.choice(NAMES)}/London Daily"
                "</figcaption></figure>")
        return html, src

    def body(self, article):
        rng = self.bodies
        parts = []
        if rng.random() < 0.22:
            html, article.image = self.figure(article)
            parts.append(html)
        for n in range(rng.randint(5, 15)):
            parts.append(self.paragraph(article.section))
            parts.append(self.extra(article, n))
        if rng.random() < 0.15:
            parts.append(f"<p><em>Additional reporting by {rng.choice(AUTHORS)}.</em></p>")
        if self.recent and rng.random() < 0.5:
            parts.append(self.related())
        return "".join(parts)

    def related(self):
        """The "More on this story" list of a site's article page."""
        rng = self.bodies
        picks = rng.sample(self.recent, min(len(self.recent), rng.randint(1, 3)))
        items = "".join(f'<li><a href="{link}">{title}</a></li>' for link, title in picks)
        return f"<h3>More on this story</h3><ul>{items}</ul>"

    def articles(self, count):
        for index in range(count):
            article = self.head(index)
            article.body = self.body(article)
            self.recent.append((article.link, esc(article.title)))
            yield article


# --- Formats ----------------------------------------------------------------

def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text):
    return esc(text).replace('"', "&quot;")


def cdata(html):
    return "<![CDATA[" + html.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rfc822(date):
    return email.utils.format_datetime(date, usegmt=True)


def rfc3339(date):
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def rss(seed, count, title, tags):
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
           f"<title>{esc(title)}</title>\n<link>{SITE}/</link>\n"
           f'<atom:link href="{SITE}/rss" rel="self" type="application/rss+xml"/>\n'
           f"<description>{esc(DESCRIPTION)}</description>\n<language>en-gb</language>\n"
           f"<copyright>© {NEWEST.year} London Daily</copyright>\n"
           f"<lastBuildDate>{rfc822(NEWEST)}</lastBuildDate>\n<ttl>15</ttl>\n"
           f"<image><url>{SITE}/static/logo-144.png</url><title>{esc(title)}</title>"
           f"<link>{SITE}/</link></image>\n")
    for a in Newsroom(seed, tags).articles(count):
        cats = "".join(f'<category domain="{SITE}/tag/{slugify(t)}">{esc(t)}</category>\n'
                       for t in a.tags)
        yield (f"<item>\n<title>{esc(a.title)}</title>\n<link>{a.link}</link>\n"
               f'<guid isPermaLink="true">{a.link}</guid>\n'
               f"<pubDate>{rfc822(a.date)}</pubDate>\n"
               f"<dc:creator>{esc(' and '.join(a.authors))}</dc:creator>\n{cats}"
               f"<description>{esc(a.standfirst)}</description>\n"
               f"<content:encoded>{cdata(a.body)}</content:encoded>\n</item>\n")
    yield "</channel>\n</rss>\n"


def atom(seed, count, title, tags):
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">\n'
           f"<title>{esc(title)}</title>\n<subtitle>{esc(DESCRIPTION)}</subtitle>\n"
           f'<link rel="alternate" type="text/html" href="{SITE}/"/>\n'
           f'<link rel="self" type="application/atom+xml" href="{SITE}/atom"/>\n'
           f"<id>{SITE}/</id>\n<updated>{rfc3339(NEWEST)}</updated>\n"
           f"<icon>{SITE}/static/logo-144.png</icon>\n"
           f"<rights>© {NEWEST.year} London Daily</rights>\n")
    for a in Newsroom(seed, tags).articles(count):
        authors = "".join(f"<author><name>{esc(n)}</name></author>\n" for n in a.authors)
        cats = "".join(f'<category term="{attr(t)}" scheme="{SITE}/tag/"/>\n' for t in a.tags)
        yield (f"<entry>\n<title type=\"text\">{esc(a.title)}</title>\n"
               f'<link rel="alternate" type="text/html" href="{a.link}"/>\n'
               f"<id>{a.link}</id>\n<published>{rfc3339(a.date)}</published>\n"
               f"<updated>{rfc3339(a.date)}</updated>\n{authors}{cats}"
               f'<summary type="text">{esc(a.standfirst)}</summary>\n'
               f'<content type="html">{cdata(a.body)}</content>\n</entry>\n')
    yield "</feed>\n"


def rdf(seed, count, title, tags):
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
           f'<channel rdf:about="{SITE}/rdf">\n<title>{esc(title)}</title>\n'
           f"<link>{SITE}/</link>\n<description>{esc(DESCRIPTION)}</description>\n"
           f"<dc:language>en-gb</dc:language>\n<dc:date>{rfc3339(NEWEST)}</dc:date>\n"
           "<items>\n<rdf:Seq>\n")
    # RSS 1.0 lists the items in the channel first: replay the heads alone.
    heads = Newsroom(seed, tags)
    for index in range(count):
        yield f'<rdf:li rdf:resource="{heads.head(index).link}"/>\n'
    yield "</rdf:Seq>\n</items>\n</channel>\n"
    for a in Newsroom(seed, tags).articles(count):
        subjects = "".join(f"<dc:subject>{esc(t)}</dc:subject>\n" for t in a.tags)
        yield (f'<item rdf:about="{a.link}">\n<title>{esc(a.title)}</title>\n'
               f"<link>{a.link}</link>\n<description>{esc(a.standfirst)}</description>\n"
               f"<dc:date>{rfc3339(a.date)}</dc:date>\n"
               f"<dc:creator>{esc(' and '.join(a.authors))}</dc:creator>\n{subjects}"
               f"<content:encoded>{cdata(a.body)}</content:encoded>\n</item>\n")
    yield "</rdf:RDF>\n"


def jsonfeed(seed, count, title, tags):
    def dump(value):
        return json.dumps(value, ensure_ascii=False)

    meta = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": f"{SITE}/", "feed_url": f"{SITE}/feed.json",
            "description": DESCRIPTION, "icon": f"{SITE}/static/logo-144.png",
            "language": "en-GB", "authors": [{"name": "London Daily", "url": f"{SITE}/"}]}
    # The head of the object up to the items' opening bracket; one item a line.
    yield dump({**meta, "items": []})[:-2] + "\n"
    sep = ""
    for a in Newsroom(seed, tags).articles(count):
        item = {"id": a.link, "url": a.link, "title": a.title, "summary": a.standfirst,
                "content_html": a.body, "date_published": rfc3339(a.date),
                "authors": [{"name": n} for n in a.authors], "tags": a.tags}
        if a.image:
            item["image"] = a.image
        yield sep + dump(item)
        sep = ",\n"
    yield "\n]}\n"


WRITERS = {"rss": rss, "atom": atom, "rdf": rdf, "json": jsonfeed}


# --- API and command line ---------------------------------------------------

def generate(items, seed=1, fmt="rss", *, feed_title=DEFAULT_TITLE, tags=None) -> Iterator[str]:
    """The feed as str chunks (about one an article), made as they are read.

    items: number of articles; seed: any int; fmt: rss, atom, rdf or json;
    feed_title: the feed's own title; tags: size of the tag vocabulary
    (default: all ~200 built-in tags)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if items < 0:
        raise ValueError("items must be 0 or more")
    vocabulary(tags)  # fail now, not at the first article
    return WRITERS[fmt](seed, items, feed_title, tags)


def write_feed(out: str | os.PathLike | TextIO, items, seed=1, fmt="rss", **knobs) -> None:
    """Writes the feed to an open text file (UTF-8 expected) or to a path.
    A path gets the whole feed or nothing: benches keep generated feeds and
    make them only when missing, so a half-written one must never appear."""
    chunks = generate(items, seed, fmt, **knobs)
    if hasattr(out, "write"):
        out.writelines(chunks)
        return
    part = f"{os.fspath(out)}.part"
    try:
        # newline="\n": the same bytes on every platform.
        with open(part, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(chunks)
        os.replace(part, out)
    finally:
        if os.path.exists(part):
            os.unlink(part)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    ap.add_argument("--items", type=int, default=100, help="number of articles (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--format", choices=FORMATS, default="rss", help="default rss (RSS 2.0)")
    ap.add_argument("--feed-title", default=DEFAULT_TITLE, help="the feed's title")
    ap.add_argument("--tags", type=int, help="size of the tag vocabulary (default: about 200)")
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    a = ap.parse_args(argv)
    if not a.output:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    try:
        write_feed(a.output or sys.stdout, a.items, a.seed, a.format,
                   feed_title=a.feed_title, tags=a.tags)
    except ValueError as e:  # raised before anything is written
        ap.error(str(e))
    except BrokenPipeError:
        # A reader that stopped early (| head): no traceback, and none again
        # when Python flushes stdout on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
