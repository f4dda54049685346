"""The article texts of the extraction fixtures (make_pages.py shapes
them into pages). Every page's text is its own; names are invented."""

P = lambda s: ("p", s)  # noqa: E731

LONDON_RELATED = [
    "Thames Barrier Upgrade Delayed by Two Years", "Mayor Unveils Night Bus Expansion Plan",
    "Heatwave Warning Issued for South East", "Camden Market Traders Protest Rent Rise",
    "New Elizabeth Line Timetable Cuts Waiting Times", "Bank of England Holds Rates Steady",
    "Record Crowds at Notting Hill Carnival", "Hospital Waiting Lists Fall for Third Month",
    "Teachers Vote on New Pay Offer", "Wimbledon Champion Returns Home to Cheers",
    "Fire Brigade Warns Over E-Bike Batteries", "Rents in Zone Two Hit New High",
    "Council Approves Tower Block Retrofit", "Thames Water Fined Over Sewage Spills",
    "Heathrow Third Runway Plan Revived", "London Marathon Raises Record Sum",
    "City Firms Return to Five-Day Office Week", "Tate Modern Announces Free Late Openings",
    "Police Launch Knife Amnesty Across Boroughs", "Strike Halts Tube Services on Friday",
    "Food Bank Demand Rises Ahead of Winter", "New Bridge Opens Between Battersea and Pimlico",
    "Premier League Club Unveils Stadium Plan", "West End Theatres Report Bumper Season",
    "Electric Taxi Fleet Passes Ten Thousand", "Royal Parks Ban Barbecues in Dry Spell",
    "Pension Funds Back Green Bonds Scheme", "University Fees Freeze Extended",
    "Cyclists Call for Safer Junctions on A10", "Housing Association Admits Damp Failures",
    "British Museum Names New Director", "Air Quality Improves After Ulez Expansion",
    "Chancellor Signals Tax Changes in Autumn", "Shoreditch Start-Up Raises Forty Million",
    "Court Rules on Airbnb Short-Let Limits", "Canal Boat Owners Face Mooring Fee Rise",
    "Police Recruit Record Number of Officers", "Flood Defences Tested After Heavy Rain",
    "Smithfield Market Move Approved", "Covent Garden Buskers Win Licensing Fight",
    "Young Voters Registration Drive Launched", "Hackney Lido Reopens After Repairs",
    "Postal Strike Threatens Christmas Deliveries", "Kew Gardens Records Rare Bloom",
    "Greenwich Observatory Marks Anniversary", "Skills Shortage Hits Construction Sites",
    "New Cancer Centre Opens in Sutton", "Fare Freeze Announced for Buses",
    "Rough Sleeping Numbers Fall in Westminster", "Ferry Service Returns to the Thames Estuary",
]

PAGES = [
    {
        "name": "london-daily", "shape": "london_daily",
        "title": "London Councils Turn Empty Offices into Affordable Homes",
        "standfirst": "Councils across London are converting empty office blocks into affordable homes as remote work leaves towers half used.",
        "image_alt": "An office block in Croydon under conversion",
        "byline": "", "date": "", "tags": ["ANT"],
        "expected_prefix": "Councils across London are converting empty office blocks into affordable homes as remote work leaves towers half used.\n",
        "related": LONDON_RELATED,
        "body": [
            P("Croydon, Barking and Ealing have each bought at least one vacant office building this year, and planners expect more to follow."),
            P("The conversions are cheaper than new construction because the frames, lifts and foundations are already in place."),
            P("Officials say a typical block can be turned into sixty flats in eighteen months, about half the time a new scheme would need."),
            P("Critics warn that some offices make poor homes, with deep floor plates that leave inner rooms without daylight."),
            P("Housing charities want minimum standards for window space and storage written into the permitted development rules."),
            P("The Greater London Authority has set aside funding to help boroughs buy buildings that private landlords no longer want."),
            P("Landlords of older offices face new energy rules that would require costly upgrades before they can be let again."),
            P("For many owners selling to a council is now the quickest way out, according to agents in the City and Docklands."),
            P("Residents of the first converted block in Barking moved in during the spring and report lower heating bills than in their previous flats."),
            P("Council leaders say the programme will not solve the housing shortage on its own but can ease waiting lists in the short term."),
        ],
    },
]

PAGES += [
    {
        "name": "wordpress-allotment", "shape": "wordpress", "site": "Greenfingers Journal",
        "title": "What the Allotment Taught Me About Patience", "byline": "Hannah Whitcombe",
        "date": "2024-02-11T08:30:00+00:00", "tags": ["Gardening", "Slow living"], "yoast": True,
        "body": [
            P("When I took on plot 14 three winters ago, it was a tangle of couch grass, bindweed and broken glass, and I wanted it cleared by March."),
            P("The old hands on the site laughed kindly. Dig it over once, they said, then cover it, then wait a season, because the weeds will tell you what the soil needs."),
            ("h2", "The first year"),
            P("I ignored them, of course. I rotavated the lot, which chopped every root into a hundred new plants, and spent June on my knees pulling them out."),
            P("By the second year I had learned to mulch, to leave the beds covered with cardboard and compost, and to let the worms do the work I had been doing badly."),
            ("ul", ["Cover bare soil before winter", "Sow less than you think, more often", "Write down what you planted, and where"]),
            P("Now the plot feeds us from July to October, and the thing I grow best, it turns out, is patience."),
        ],
    },
    {
        "name": "ghost-ferries", "shape": "ghost", "site": "Tidewater",
        "title": "The Quiet Economics of Island Ferries", "byline": "Callum Rennie",
        "date": "2024-03-02T07:00:00.000Z", "tags": ["Transport", "Islands"],
        "standfirst": "Why a half-empty boat in February is what keeps an island alive in August.",
        "body": [
            P("Every morning at ten past seven, the ferry leaves the pier with perhaps a dozen passengers, two vans, a lorry of feed and the post."),
            P("On paper the crossing loses money from October to April. The operator's accounts show winter sailings running at a fraction of their cost, covered by summer fares and a public subsidy."),
            P("Islanders know the arithmetic better than any consultant. Cut the winter timetable and the nurse, the teacher and the mechanic cannot live on the island, and without them the summer visitors have nothing to visit."),
            ("quote", "A ferry is not a business that happens to carry people. It is a road that happens to float."),
            P("The new vessels on order are smaller and run on batteries for the short crossings, which should bring the cost of a winter sailing down by a third."),
            P("Whether that saving is passed on to the timetable, or to the treasury, will decide what kind of places these islands become."),
        ],
    },
    {
        "name": "jsonld-glacier", "shape": "jsonld",
        "title": "Alpine Glacier Loses a Tenth of Its Ice in One Summer", "byline": "Livia Brunner",
        "date": "2023-10-05T12:00:00+02:00", "tags": ["Climate", "Switzerland"],
        "body": [
            P("A glacier above the Rhone valley lost about ten percent of its remaining volume between June and September, according to measurements released on Thursday."),
            P("Researchers who have surveyed the ice every autumn since the 1990s said the loss was the second largest on record, after the summer of 2022."),
            P("Low snowfall over the winter left the ice exposed early in the season, and a long heatwave in August did the rest, the team said."),
            P("Meltwater from the glacier feeds hydroelectric dams downstream, and operators are already planning for rivers that run lower in late summer."),
            P("Mountain guides have moved several routes because crevasses and rockfall now make the old approaches unsafe."),
        ],
    },
]
