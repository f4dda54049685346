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

PAGES += [
    {
        "name": "substack-interest-rates", "shape": "substack", "site": "The Margin Call",
        "title": "Why Your Mortgage Did Not Fall When Rates Did", "byline": "Priya Raman",
        "date": "2024-05-14T11:02:00+00:00", "tags": ["Economics"],
        "standfirst": "The lag between central banks and kitchen tables, explained with one spreadsheet.",
        "body": [
            P("Last month a reader wrote to ask a fair question: the central bank cut its rate in March, so why did the fixed deal she was offered in April cost more than the one in February?"),
            P("The short answer is that lenders do not price fixed mortgages off today's rate. They price them off what markets expect rates to be over the next two or five years, and those expectations moved the other way."),
            ("h3", "Swap rates do the work"),
            P("Banks fund fixed loans with interest rate swaps, and swap rates rose in April after a run of strong wage figures made traders doubt further cuts."),
            P("So the cut that made the headlines was already priced in, while the surprise that did not make headlines pushed the cost of borrowing up."),
            P("If you are choosing between a tracker and a fix this summer, the useful number to watch is the two-year swap rate, not the bank rate on the evening news."),
        ],
    },
    {
        "name": "substack-fiction-notes", "shape": "substack", "site": "Drafts and Margins",
        "title": "On Cutting Forty Thousand Words", "byline": "Tom\u00e1s Ferreira",
        "date": "2024-01-22T09:00:00+00:00", "tags": ["Writing"],
        "standfirst": "What went, what stayed, and the chapter I still miss.",
        "body": [
            P("The first draft of the novel ran to one hundred and thirty thousand words. My editor, with great tact, suggested it wanted to be ninety."),
            P("I began with the obvious cuts: the second wedding, the flashback to the grandfather's war, a long scene in a laundrette that I loved and nobody else did."),
            P("Then came the harder part, which was cutting sentences rather than scenes. I found I had written every emotion twice, once in dialogue and once in the narration that followed it."),
            ("ol", ["Delete the sentence that explains the line of dialogue", "Merge the two minor characters who do the same job", "End each chapter one paragraph earlier"]),
            P("The book is better, and shorter, and I still keep the laundrette scene in a folder, in case it wants to be a story of its own."),
        ],
    },
    {
        "name": "substack-local-politics", "shape": "substack", "site": "Ward Notes",
        "title": "The Budget Meeting Nobody Came To", "byline": "Ade Okafor",
        "date": "2024-02-28T20:15:00+00:00", "tags": ["Local government"],
        "standfirst": "Three hours, four residents and a decision about every bin in the borough.",
        "body": [
            P("On Tuesday night the council set its budget for the coming year. Four members of the public attended, and two of them were there about a parking permit."),
            P("The decisions made in that room will shape daily life more than most of what happens in Parliament: library hours, the frequency of bin collections, the grant that keeps the youth club open on Fridays."),
            P("The biggest change is a move to fortnightly collections for general waste, which officers say will save just over a million a year and push up recycling rates."),
            P("Opposition councillors argued that the saving depends on residents sorting their rubbish far better than they do now, and that fly-tipping could eat up the difference."),
            P("The vote passed by eleven to seven. If you have views on your bins, the consultation on the details closes at the end of March."),
        ],
    },
    {
        "name": "medium-kubernetes", "shape": "medium",
        "title": "We Moved Off Kubernetes and Our Pager Went Quiet", "byline": "Dana Kowalczyk",
        "date": "2023-11-09T16:40:00.000Z", "tags": ["DevOps", "Kubernetes"],
        "body": [
            P("Two years ago our team of six ran forty services on a self-managed Kubernetes cluster. Last quarter we moved them to a handful of plain virtual machines and a managed database."),
            P("This is not an argument that Kubernetes is bad. It is an account of why it was wrong for us, at our size, with our traffic, and what we learned by leaving."),
            ("h2", "What the cluster cost us"),
            P("Most of our incidents were not in our code. They were in the cluster: certificate rotations, a networking plugin upgrade, a node pool that ran out of addresses at three in the morning."),
            P("We measured it honestly and found that roughly a third of one engineer's time went on keeping the platform itself healthy."),
            ("h2", "What we run now"),
            P("Each service is a systemd unit behind a load balancer, deployed by a short script that copies a binary and restarts it. Rollbacks take eleven seconds."),
            P("Our pager fired nine times last quarter, down from forty-one, and nobody misses the YAML."),
        ],
    },
    {
        "name": "medium-design-systems", "shape": "medium",
        "title": "A Design System Is a Product, Not a Project", "byline": "Noor Haddad",
        "date": "2024-04-03T08:00:00.000Z", "tags": ["Design"],
        "body": [
            P("Every design system I have seen fail was treated as a project: funded for a quarter, shipped as a component library, and then left to rot while teams forked the buttons."),
            P("The ones that survive have owners, a roadmap, release notes and users who are allowed to complain. In other words, they are run like products."),
            P("That means measuring adoption, not just counting components. How many screens use the shared date picker? How many teams copied it and changed the padding?"),
            ("h2", "Start with the boring parts"),
            P("Spacing, colour tokens and typography do more for consistency than any clever component. Get those right and the rest follows."),
            P("And write the documentation for the engineer in a hurry on a Friday afternoon, because that is who will read it."),
        ],
    },
    {
        "name": "medium-running", "shape": "medium",
        "title": "What Twelve Weeks of Slow Running Did to My Marathon", "byline": "Grace Achterberg",
        "date": "2024-06-18T05:30:00.000Z", "tags": ["Running", "Health"],
        "body": [
            P("For years I ran every training run at roughly the same pace, a little too fast to chat and a little too slow to count as speed work."),
            P("This spring I tried the advice every coach gives and almost nobody follows: eighty percent of my weekly distance at an easy, conversational pace, and the rest genuinely hard."),
            P("The first month felt absurd. I was overtaken by people pushing buggies. My watch told me my fitness was declining, and I nearly gave up."),
            P("By week eight my easy pace had quickened by almost half a minute per kilometre at the same heart rate, and the hard sessions felt hard in a good way rather than a desperate one."),
            P("I finished the marathon eleven minutes faster than my previous best, and for the first time I enjoyed the last ten kilometres."),
        ],
    },
    {
        "name": "blogger-village-history", "shape": "blogger", "site": "Upper Wharfe Notes",
        "title": "The Mill That Gave the Village Its Name", "byline": "Edith Garside",
        "date": "2023-09-04T09:12:00+01:00", "tags": ["History", "Mills"],
        "body": [
            P("Most visitors assume the village takes its name from the river, but the parish records tell a different story, one that begins with a fulling mill in the fourteenth century."),
            P("Fulling was the process of cleaning and thickening woven cloth by beating it in water, and the mill here was powered by a weir whose stones can still be seen below the bridge."),
            P("By the eighteen hundreds the mill had become a bobbin works, turning out wooden spools for the cotton towns to the south, and employing nearly half the households in the dale."),
            P("It closed in 1931. The building became a barn, then a youth hostel, and is now four holiday cottages, though the wheel pit survives behind the car park."),
        ],
    },
    {
        "name": "blogger-recipe", "shape": "blogger", "site": "Kitchen Table",
        "title": "Grandma's Lemon Drizzle, Slightly Improved", "byline": "Marta Lindqvist",
        "date": "2024-03-17T15:45:00+00:00", "tags": ["Baking", "Cakes"],
        "body": [
            P("This is the cake my grandmother made for every birthday, funeral and church fete for forty years, and I have changed exactly two things about it."),
            ("ul", ["225 g softened butter", "225 g caster sugar", "4 eggs", "275 g self-raising flour", "Zest of two lemons", "Juice of one and a half lemons, with 85 g icing sugar, for the drizzle"]),
            P("First, I add the zest of a second lemon to the batter, because her cake was lovely but shy. Second, I pour the drizzle over while the cake is still hot and properly soak it, with holes made by a skewer."),
            P("Bake it in a loaf tin at 180 degrees for about forty-five minutes, until a skewer comes out clean. It keeps for three days in a tin, if it lasts that long."),
        ],
    },
    {
        "name": "blogger-birding", "shape": "blogger", "site": "Estuary Birds",
        "title": "Forty Avocets on the Scrape", "byline": "Rob Penhallow",
        "date": "2024-04-21T19:30:00+01:00", "tags": ["Birds"],
        "body": [
            P("A grey morning, a falling tide and the best count of avocets on the reserve scrape since the hide was rebuilt two years ago."),
            P("I counted forty-one at half past seven, feeding in the shallow water with that sideways sweep of the upturned bill, and at least six pairs already look settled on the islands."),
            P("Also present were black-tailed godwits in fine brick-red plumage, a single spotted redshank and a pair of little ringed plovers, my first of the year."),
            P("The wardens ask visitors to keep to the path along the sea wall until the nesting season ends in July, so please do."),
        ],
    },
]

PAGES += [
    {
        "name": "news-bridge-collapse", "shape": "news", "site": "The Northern Courier", "section": "UK",
        "title": "Footbridge Closed After Cracks Found in Main Span", "byline": "Isla McBride",
        "date": "2024-02-06T14:20:00+00:00", "tags": ["Transport", "Infrastructure"],
        "standfirst": "Engineers say the Victorian crossing may stay shut for months.",
        "body": [
            P("A Victorian footbridge used by thousands of commuters every day has been closed after inspectors found cracks in the cast iron of its main span."),
            P("The council said the decision was taken as a precaution following a routine survey, and that there was no immediate danger of collapse."),
            P("Pedestrians face a diversion of almost a mile to the next crossing, and <a href=\"/news/bus\">a shuttle bus</a> will run at peak times from Monday."),
            P("Local traders on the south bank fear a long closure will cost them customers, as happened when the bridge was last repaired in 2009."),
            P("Engineers will take samples of the metal next week to decide whether the span can be strengthened in place or must be removed."),
        ],
    },
    {
        "name": "news-election-night", "shape": "news", "site": "Daily Ledger", "section": "Politics",
        "title": "Turnout Falls to a Record Low in Mayoral Race", "byline": "Marcus Adeyemi",
        "date": "2024-05-03T02:10:00+01:00", "tags": ["Elections"],
        "standfirst": "Fewer than one in four registered voters cast a ballot.",
        "body": [
            P("Turnout in the mayoral election fell to twenty-three percent, the lowest since the post was created, according to figures released overnight by the returning officer."),
            P("The incumbent held the seat with a reduced majority, after a campaign dominated by housing, transport fares and the future of the city's two hospitals."),
            P("Election officials said new identification rules may have turned some voters away, though they had yet to publish how many ballot papers were refused."),
            ("quote", "People did not stay at home because they are happy. They stayed at home because they no longer think it makes a difference."),
            P("Both main candidates promised to publish plans within a hundred days to bring down rents and extend night buses to the outer estates."),
            P("The full results for the city council will be declared on Saturday afternoon."),
        ],
    },
    {
        "name": "news-heatwave-1252", "shape": "news", "site": "Coastal Gazette", "section": "Weather",
        "charset": "windows-1252", "encoding": "cp1252", "http_equiv": True,
        "title": "\u201cHottest Day\u201d Record Under Threat as Heat Builds", "byline": "Jo\u00eblle Marchant",
        "date": "2024-07-19T06:00:00+01:00", "tags": ["Weather"],
        "standfirst": "Forecasters put the chance of a new record at one in three.",
        "body": [
            P("Forecasters say there is a one in three chance that the national temperature record will be broken on Sunday, as hot air moves north from Iberia."),
            P("The Met Office issued an amber warning for extreme heat covering most of the south and east, advising people to avoid travel during the hottest part of the day."),
            P("Water companies asked customers to use hoses sparingly, and one said demand had risen by a fifth since Wednesday. \u201cWe are pumping as fast as we can,\u201d a spokesman said."),
            P("Hospitals have put heat plans in place, and care homes have been told to check residents\u2019 fluid intake every hour. Fans were selling for up to \u20ac60 online."),
            P("Temperatures are expected to fall back to the mid twenties by Tuesday, with thunderstorms possible on Monday evening."),
        ],
    },
    {
        "name": "news-de-latin1", "shape": "news", "site": "Rheinische Rundschau", "section": "Wirtschaft",
        "charset": "iso-8859-1", "encoding": "latin-1", "http_equiv": True, "lang": "de",
        "title": "Bäcker kämpfen mit hohen Energiepreisen", "byline": "Jürgen Weiß",
        "date": "2023-11-14T10:00:00+01:00", "tags": ["Handwerk", "Energie"],
        "standfirst": "Viele Betriebe erhöhen die Preise, andere schließen ganz.",
        "more": ["Stadtrat beschließt neuen Radweg", "Hochwasser am Rhein erwartet", "Weihnachtsmarkt öffnet früher"],
        "body": [
            P("Die Bäckereien der Region geraten wegen der gestiegenen Strom- und Gaspreise zunehmend unter Druck. Allein in diesem Jahr haben im Kreis elf Betriebe aufgegeben."),
            P("„Unsere Öfen laufen ab drei Uhr morgens, daran können wir nichts ändern“, sagt ein Bäckermeister aus der Altstadt, dessen Familie den Laden seit 1952 führt."),
            P("Viele Betriebe haben die Preise für Brötchen und Brot erhöht, manche verkürzen die Öffnungszeiten oder bieten am Nachmittag nur noch ein kleines Sortiment an."),
            P("Die Handwerkskammer fordert gezielte Hilfen für energieintensive Kleinbetriebe und verweist auf die Bedeutung der Bäcker für die Nahversorgung auf dem Land."),
            P("Die Landesregierung kündigte an, ein Förderprogramm für effizientere Öfen im kommenden Frühjahr vorzustellen."),
        ],
    },
    {
        "name": "news-ja-shiftjis", "shape": "news", "site": "東和新聞", "section": "社会",
        "charset": "Shift_JIS", "encoding": "shift_jis", "lang": "ja",
        "title": "商店街に新しい図書館が開館", "byline": "佐藤 花子",
        "date": "2024-04-10T09:00:00+09:00", "tags": ["地域"],
        "standfirst": "空き店舗を活用した小さな図書館に、初日から多くの市民が訪れた。",
        "more": ["市バスの路線を見直し", "桜まつりに三万人", "駅前再開発の計画を発表"],
        "body": [
            P("駅前の商店街で、空き店舗を改装した小さな図書館が十日に開館した。初日は開館前から行列ができ、午前中だけで三百人以上が訪れた。"),
            P("図書館は約八千冊の本をそろえ、子ども向けの絵本コーナーや、高校生が勉強できる机も設けた。運営は市と商店街の組合が共同で行う。"),
            P("商店街では十年ほど前から閉店が続き、シャッターを下ろした店が目立っていた。組合の理事長は「人の流れが戻るきっかけにしたい」と話した。"),
            P("開館時間は午前十時から午後八時までで、毎週月曜日が休館日となる。"),
        ],
    },
    {
        "name": "news-ar-rtl", "shape": "news", "site": "صحيفة الساحل", "section": "ثقافة",
        "lang": "ar", "dir": "rtl",
        "title": "افتتاح معرض الكتاب السنوي بمشاركة واسعة", "byline": "ليلى حداد",
        "date": "2024-01-25T18:00:00+03:00", "tags": ["ثقافة", "كتب"],
        "standfirst": "أكثر من خمسمئة دار نشر تشارك في دورة هذا العام.",
        "more": ["أمطار غزيرة على الساحل", "افتتاح مكتبة جديدة في المدينة القديمة"],
        "body": [
            P("افتتح مساء الخميس معرض الكتاب السنوي في قاعة المعارض الكبرى، بمشاركة أكثر من خمسمئة دار نشر من عشرين دولة، في دورة وصفها المنظمون بأنها الأكبر حتى الآن."),
            P("ويضم المعرض هذا العام جناحا خاصا بكتب الأطفال، وبرنامجا ثقافيا يشمل ندوات وأمسيات شعرية وورش عمل في الترجمة والكتابة الإبداعية."),
            P("وقال مدير المعرض إن عدد الزوار في اليوم الأول تجاوز التوقعات، مشيرا إلى أن أسعار الكتب بقيت في متناول العائلات، رغم ارتفاع تكاليف الطباعة والورق."),
            P("ويستمر المعرض عشرة أيام، ويفتح أبوابه يوميا من العاشرة صباحا حتى العاشرة مساء."),
        ],
    },
    {
        "name": "news-fr-lemonde", "shape": "news", "site": "Le Quotidien du Sud", "section": "Société",
        "lang": "fr",
        "title": "À Marseille, les calanques sous quota pour l'été", "byline": "Camille Rouvier",
        "date": "2024-06-01T07:30:00+02:00", "tags": ["Environnement", "Tourisme"],
        "standfirst": "La réservation devient obligatoire pour accéder à la calanque de Sugiton.",
        "more": ["Grève des contrôleurs aériens ce week-end", "La canicule s'installe dans le Sud-Est"],
        "body": [
            P("Pour la quatrième année consécutive, l'accès à la calanque de Sugiton sera soumis à réservation pendant l'été, afin de limiter la fréquentation d'un site fragile."),
            P("Le parc national fixe la jauge à quatre cents personnes par jour. La réservation, gratuite, se fait en ligne jusqu'à trois jours à l'avance."),
            P("Selon les gardes du parc, la végétation a commencé à repousser sur les sentiers les plus piétinés, et l'érosion a nettement ralenti depuis la mise en place du dispositif."),
            P("Certains habitants regrettent pourtant de devoir réserver pour se baigner « dans leur propre jardin », et des commerçants du quartier craignent une baisse de leur activité."),
            P("Des contrôles seront effectués à l'entrée des sentiers, et les contrevenants s'exposent à une amende."),
        ],
    },
    {
        "name": "news-transit-strike", "shape": "news", "site": "Metro Herald", "section": "City",
        "title": "Bus Drivers Vote to Strike Over Shift Patterns", "byline": "Keira O'Donnell",
        "date": "2024-03-11T16:45:00+00:00", "tags": ["Transport", "Unions"],
        "standfirst": "Walkouts could begin before Easter.",
        "body": [
            P("Bus drivers at the city's largest operator have voted to strike in a dispute over new shift patterns, their union announced on Monday."),
            P("Eighty-four percent of those who voted backed walkouts, on a turnout of seventy-one percent, comfortably above the legal threshold."),
            P("The union says the new rotas would add split shifts that leave drivers away from home for up to fourteen hours a day, with unpaid breaks in the middle."),
            P("The company said the changes were needed to match services to demand, which has shifted since the pandemic, and that it remained open to talks."),
            P("No dates have been set, but the union must give two weeks' notice, which means the first walkouts could fall in the week before Easter."),
        ],
    },
    {
        "name": "news-no-ld", "shape": "news", "site": "Valley Times", "section": "Health", "ld": False,
        "title": "Rural Surgery Reopens After Two-Year Search for a Doctor", "byline": "Hamish Dunlop",
        "date": "2024-01-09T09:15:00+00:00", "tags": ["Health"],
        "standfirst": "A new partner has been recruited from Dundee.",
        "body": [
            P("A village surgery that closed two years ago for want of a doctor will reopen next month, after the health board recruited a new partner."),
            P("Patients had been travelling up to thirty miles to the nearest practice, a journey that meant a day off work for many and a taxi fare for those without a car."),
            P("The new doctor, who trained in Dundee and grew up in the glen, said she had always wanted to work in a rural practice and was looking forward to knowing her patients."),
            P("The board will also fund a nurse practitioner and a pharmacy service, which campaigners said was the model they had been asking for since the closure."),
        ],
    },
    {
        "name": "jsonld-graph-yoast", "shape": "jsonld", "graph": True, "ld_type": "BlogPosting",
        "title": "Repairing a Mechanical Keyboard Switch by Switch", "byline": "Sven Ahlgren",
        "date": "2024-02-19T21:00:00+01:00", "tags": ["Hardware", "Repair"],
        "body": [
            P("My ten-year-old keyboard started double-typing the letter E last winter, which is a fine way to learn how often you type the letter E."),
            P("The fix, it turned out, was not a new keyboard but a desoldering pump, a spare switch and an evening at the kitchen table with the windows open."),
            P("Most mechanical switches fail because the contact leaf gets dirty or bent. Sometimes a blast of contact cleaner is enough; sometimes the switch has to come out."),
            ("pre", "$ sudo evtest /dev/input/event3\nEvent: type 1 (EV_KEY), code 18 (KEY_E), value 1\nEvent: type 1 (EV_KEY), code 18 (KEY_E), value 1"),
            P("Above is what a chattering switch looks like to the kernel: two key-down events with no key-up between them."),
            P("Twenty minutes of soldering later, the E types once, and the keyboard should see out another decade."),
        ],
    },
    {
        "name": "jsonld-report", "shape": "jsonld", "ld_type": "ReportageNewsArticle",
        "title": "Inside the Warehouse Where Lost Luggage Goes", "byline": "Fatima Zahra Benali",
        "date": "2023-12-12T08:00:00-05:00", "tags": ["Travel", "Aviation"],
        "body": [
            P("In a low building a few miles from the airport, eleven thousand suitcases wait for owners who may never claim them."),
            P("Most bags that go astray are back with their owners within two days. The ones that end up here have lost their tags, their owners' details, or both."),
            P("Staff open every case, catalogue its contents and search for clues: a name on a prescription, a boarding pass in a jacket pocket, a phone number written inside a book."),
            P("After ninety days, unclaimed items are sold at auction or given to charity, and the warehouse manager says the strangest thing she has found was a full set of bagpipes."),
        ],
    },
    {
        "name": "paginated-longread", "shape": "paginated", "site": "The Long View",
        "title": "The Last Lighthouse Keepers, Part One", "byline": "Owen Pritchard",
        "date": "2023-08-20T10:00:00+01:00", "tags": ["History", "Sea"],
        "body": [
            P("The last keepers left the last manned lighthouse in 1998, and with them went a job that had existed on these coasts for almost three centuries."),
            P("I spent a summer finding the men who did it. Most are in their eighties now, and most still wake at the hours when the lamp needed tending."),
            P("One of them kept a logbook for twenty-two years. It records the weather every four hours, the ships that passed, and, in the margins, the birds he saw from the gallery."),
            P("Another described the silence of a relief day being cancelled by storms, when the supply boat could not land and a month's posting became two."),
            P("In the next part: the automation programme, and what the keepers thought of the machines that replaced them."),
        ],
    },
    {
        "name": "paginated-review", "shape": "paginated", "site": "Screen and Page",
        "title": "A Slow, Beautiful Film About Nothing Much", "byline": "Beatriz Calder\u00f3n",
        "date": "2024-05-24T12:00:00+02:00", "tags": ["Film"],
        "body": [
            P("Nothing much happens in this film, and it happens beautifully. A retired ferryman repairs a boat he will never sail, while his granddaughter spends a summer failing to learn to swim."),
            P("The director holds each shot a beat longer than comfortable, long enough that you start to watch the light on the water rather than the people."),
            P("There are perhaps two hundred lines of dialogue in the whole film. The best of them is spoken to a dog."),
            P("It will not be for everyone, and it does not try to be. But if you can give it the first twenty minutes, it will give you the rest of the afternoon."),
        ],
    },
    {
        "name": "multicol-magazine", "shape": "multicol", "site": "Field Quarterly",
        "title": "The Hedgerow as a City", "byline": "Imogen Thwaite",
        "date": "2023-06-12T09:00:00+01:00", "tags": ["Nature"],
        "body": [
            P("A mature hedgerow is less a line of shrubs than a linear city, with its own districts, traffic and night-time economy, stretched along the edge of a field."),
            P("At its base, in the leaf litter and the damp, live beetles, slugs and the small mammals that feed on them, and the owls that feed on those."),
            P("In the middle storey, among hawthorn and blackthorn, songbirds nest in spring, and in autumn the same branches carry the berries that feed thrushes through the winter."),
            P("Along the top, where the hedge has not been cut for a year or two, the flowers feed bees and hoverflies, and the shelter lets bats hunt along it at dusk."),
            P("Cut every autumn, a hedge loses most of that. Cut every third year, in rotation, it keeps nearly all of it, which is why farmers are now paid to leave the flail in the barn."),
            P("Hedges also slow water running off fields, hold soil on slopes, and shelter livestock from wind, which is worth money even to a farmer with no interest in owls."),
        ],
    },
    {
        "name": "multicol-science", "shape": "multicol", "site": "Bench Notes",
        "title": "Why Bread Goes Stale Faster in the Fridge", "byline": "Dr Anil Mehta",
        "date": "2024-01-30T13:00:00+00:00", "tags": ["Science", "Food"],
        "body": [
            P("It seems obvious that a fridge should keep bread fresh, since it keeps almost everything else fresh. It does the opposite, and the reason is starch."),
            P("When bread bakes, the starch in the flour absorbs water and loses its ordered, crystalline structure. As the loaf cools, that starch slowly crystallises again, squeezing out water."),
            P("This process, called retrogradation, is what makes bread stale, and it is fastest at temperatures just above freezing, which is exactly the temperature of a fridge."),
            P("At room temperature bread stales more slowly, though it may go mouldy sooner. In the freezer the process almost stops, which is why frozen bread toasts so well."),
            P("So keep the loaf you will eat in a bread bin, freeze the rest in slices, and leave the fridge for the butter."),
            P("Warming stale bread reverses some of the change, for a while, which is why an old baguette revives in a hot oven for ten minutes."),
        ],
    },
    {
        "name": "plain-tables", "shape": "plain",
        "title": "Benchmarking Three Compression Tools on Log Files", "byline": "Kai Nakamura",
        "date": "2024-03-05T00:00:00Z", "tags": [],
        "body": [
            P("I had two hundred gigabytes of application logs to archive and wanted to know which compressor was worth its time. So I measured."),
            ("table", [["Tool", "Ratio", "Compress MB/s", "Decompress MB/s"], ["gzip -6", "8.1", "41", "390"], ["zstd -3", "9.4", "310", "1200"], ["xz -6", "11.2", "6", "140"]]),
            P("Logs compress extremely well because they repeat themselves, so every tool did better here than on general data."),
            P("For archives that are rarely read, xz squeezes out the most space, but at six megabytes a second it would have taken nine hours. zstd was the obvious choice."),
        ],
    },
    {
        "name": "plain-figures", "shape": "plain",
        "title": "Restoring a 1970s Enamel Sign", "byline": "Greta Vos",
        "date": "2023-10-28T00:00:00Z", "tags": [],
        "body": [
            P("I found the sign face down in a skip behind a closing hardware shop, and the owner was happy to see it go to someone who wanted it."),
            ("fig", "The sign before cleaning, with rust around the fixing holes", "Before: forty years of grime and rust."),
            P("Vitreous enamel is glass fused onto steel, so it shrugs off solvents that would strip paint. The rust is the real enemy, creeping under the enamel from every chip."),
            P("I treated the exposed steel with a rust converter, filled the chips with an epoxy tinted to match, and polished the whole face with a fine cutting compound."),
            ("fig", "The restored sign on a workshop wall", "After: not perfect, but honest."),
            P("It now hangs in the kitchen, chips and all, advertising paraffin to anyone who will listen."),
        ],
    },
    {
        "name": "plain-quotes-lists", "shape": "plain",
        "title": "Notes From a Week Without a Phone", "byline": "Lior Ben-David",
        "date": "2024-02-02T00:00:00Z", "tags": [],
        "body": [
            P("For one week in January I left my phone in a drawer. These are the notes I kept, on paper, which is its own kind of strange."),
            ("h2", "What I missed"),
            ("ul", ["Maps, constantly, on the first two days", "The bus times", "Photographs of the dog being ridiculous"]),
            ("h2", "What I did not miss"),
            ("ul", ["The news, refreshed forty times a day", "Group chats about arrangements already made", "Checking the weather I could see from the window"]),
            ("quote", "I am bored, wrote my Tuesday self, and then, two lines later: I have started reading the book on the shelf I have been meaning to read for four years."),
            P("The phone is back in my pocket now, but the notifications are off, and the drawer is still there."),
        ],
    },
    {
        "name": "plain-code", "shape": "plain",
        "title": "A Shell Loop That Survives Spaces in File Names", "byline": "Rosa Lindgren",
        "date": "2023-07-15T00:00:00Z", "tags": [],
        "body": [
            P("Every few months someone on my team writes a loop over the output of ls, and every few months a file with a space in its name breaks it."),
            ("pre", "find . -name '*.log' -print0 |\n  while IFS= read -r -d '' f; do\n    gzip -- \"$f\"\n  done"),
            P("The null separator cannot appear in a file name, so nothing in a name can split it. The empty IFS keeps leading spaces, and -r keeps backslashes."),
            P("The double dash stops a file named with a leading hyphen from being read as an option. It looks fussy until the day it saves you."),
        ],
    },
    {
        "name": "wordpress-fr-recette", "shape": "wordpress", "site": "Carnets de cuisine", "lang": "fr-FR",
        "title": "La vraie tarte aux pommes de ma grand-mère", "byline": "Élodie Marchetti",
        "date": "2023-10-08T10:00:00+02:00", "tags": ["Desserts", "Automne"],
        "body": [
            P("Chaque automne, quand les pommes du verger commencent à tomber, ma grand-mère préparait cette tarte, toujours le dimanche, toujours dans le même moule."),
            P("La pâte est une pâte brisée très simple, faite à la main, avec du beurre froid et une pincée de sel. Surtout, il ne faut pas trop la travailler."),
            ("ul", ["250 g de farine", "125 g de beurre", "Six pommes reinettes", "Deux cuillères de sucre", "Un peu de cannelle"]),
            P("Les pommes sont coupées en lamelles fines et disposées en rosace, puis saupoudrées de sucre et de cannelle avant d'aller au four pendant quarante minutes."),
            P("À la sortie du four, elle badigeonnait la tarte de confiture d'abricot tiédie, pour la faire briller. C'est ce détail qui fait toute la différence."),
        ],
    },
    {
        "name": "wordpress-de-technik", "shape": "wordpress", "site": "Bastelkeller", "lang": "de-DE", "yoast": True,
        "title": "Ein alter Laptop als Heimserver", "byline": "Stefan Kühn",
        "date": "2024-01-13T19:30:00+01:00", "tags": ["Linux", "Selbstgebaut"],
        "body": [
            P("Mein alter Laptop lag seit Jahren in der Schublade. Der Akku war hinüber, das Display hatte einen Sprung, aber der Prozessor war noch völlig brauchbar."),
            P("Als Heimserver braucht er weder Akku noch Display. Er verbraucht im Leerlauf etwa sieben Watt und hat eine eingebaute Notstromversorgung, solange der Akku noch etwas hält."),
            ("h2", "Was darauf läuft"),
            ("ul", ["Ein Dateiserver für die Familienfotos", "Ein Werbeblocker für das ganze Heimnetz", "Nächtliche Backups auf eine externe Festplatte"]),
            P("Installiert habe ich ein schlankes Debian ohne grafische Oberfläche. Die Einrichtung hat einen Abend gedauert, und seitdem läuft er ohne Murren."),
        ],
    },
    {
        "name": "wordpress-book-review", "shape": "wordpress", "site": "Reading Room",
        "title": "Review: A Quiet History of Salt", "byline": "Margaret Osei",
        "date": "2023-12-01T12:00:00+00:00", "tags": ["Books", "History"],
        "body": [
            P("Salt has been money, medicine and a reason for war. This short, elegant book traces it through six places, from the Cheshire brine pits to the pans of the Sahel."),
            P("The author is at her best when she follows a single object, a salt cellar or a tax receipt, outwards into the lives of the people who handled it."),
            P("She is weaker on the modern chemical industry, which gets a single hurried chapter, as if she had lost interest once salt stopped being precious."),
            ("quote", "Every empire, she writes, has needed a way to keep meat through the winter, and every empire has taxed it."),
            P("Still, it is the most enjoyable history I have read this year, and it will make you look at the salt on your table with something like respect."),
        ],
    },
    {
        "name": "ghost-newsletter-climate", "shape": "ghost", "site": "Heat Index",
        "title": "Heat Pumps Are Winning the Argument in Cold Countries", "byline": "Sigrid Nyland",
        "date": "2024-02-14T06:00:00.000Z", "tags": ["Energy", "Climate"],
        "standfirst": "Norway, Finland and Sweden have the most heat pumps per household in Europe.",
        "body": [
            P("There is a persistent belief that heat pumps do not work in cold weather. The countries with the most heat pumps per household in Europe are Norway, Finland and Sweden."),
            P("Modern air-source units keep working well below minus twenty, though their efficiency drops as the outside air gets colder and they have less heat to draw from."),
            P("What matters more than the climate is the building: a well-insulated house can run on a small pump and low flow temperatures, while a draughty one needs more."),
            P("In the Nordic countries the push came from cheap hydroelectric power and high taxes on heating oil, which made switching an easy sum for most households."),
        ],
    },
]

# ---- harder shapes, written out whole ----

LONG_COMMENTS = "".join(
    f'<li class="comment"><div class="comment-body"><p class="comment-author">Reader {k}</p><p>I have been following this for years, and I think the '
    f'point about {w} is right, although the council, the landlords and, frankly, the tenants themselves all share some of the blame here, as I said last time.</p></div></li>'
    for k, w in enumerate(["rents", "repairs", "damp", "heating", "waiting lists", "the ombudsman", "inspections", "the budget", "contractors", "insurance", "the courts", "deposits"]))

TRENDING = "".join(
    f'<div class="teaser"><h3><a href="/t/{k}">{h}</a></h3><p>{t}</p></div>'
    for k, (h, t) in enumerate([
        ("Celebrity chef opens third restaurant", "The new place, on the harbour, will serve only fish caught that morning, he says, and will close when it runs out."),
        ("Ten walks for autumn colour", "From beech woods to river gorges, our pick of the best routes, with maps, parking and where to find tea afterwards."),
        ("Is your smart speaker listening?", "We asked three security researchers what the devices really record, where it goes, and how to turn it off."),
        ("Price of coffee hits a new high", "Drought in Brazil and Vietnam has pushed wholesale prices up by half, and roasters say shoppers will feel it by Christmas."),
    ]))

PAGES += [
    {
        "name": "raw-comments-outweigh", "shape": "raw",
        "title": "Tenants Win Repairs Case Against Landlord", "byline": "Ruth Abara",
        "date": "2024-03-21T10:00:00+00:00", "tags": [],
        "body": [
            P("A group of tenants in a south London block have won a case against their landlord, who must now carry out repairs to damp flats within three months."),
            P("The tribunal heard that residents had reported mould and leaking windows for more than two years without any work being done."),
            P("The landlord said it would comply with the ruling and had already appointed contractors."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tenants Win Repairs Case Against Landlord - Local Voice</title>
<meta property="og:title" content="Tenants Win Repairs Case Against Landlord"><meta name="author" content="Ruth Abara">
<meta property="article:published_time" content="2024-03-21T10:00:00+00:00"></head>
<body><div id="wrapper"><div id="top"><a href="/">Local Voice</a></div>
<div id="story"><h1>Tenants Win Repairs Case Against Landlord</h1><div class="story-text">{BODY}</div></div>
<div id="discussion-area"><h2>Discussion (12)</h2><ol class="comment-list">""" + LONG_COMMENTS + """</ol></div>
</div></body></html>""",
    },
    {
        "name": "raw-trending-sidebar", "shape": "raw",
        "title": "Harbour Wall Repairs to Start in May", "byline": "Colin Treloar",
        "date": "2024-04-02T08:00:00+01:00", "tags": [],
        "body": [
            P("Repairs to the storm-damaged harbour wall will start in May, the harbour commissioners confirmed on Tuesday, after funding was agreed with the county council."),
            P("The wall was breached in two places during the January storms, flooding the fish market and a row of cottages on the quay."),
            P("Work is expected to take six months, and the commissioners said boats would be able to use the harbour throughout, with some restrictions at low tide."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour Wall Repairs to Start in May | West Coast News</title>
<meta property="og:site_name" content="West Coast News"><meta property="og:title" content="Harbour Wall Repairs to Start in May | West Coast News">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour Wall Repairs to Start in May", "author": {"@type": "Person", "name": "Colin Treloar"}, "datePublished": "2024-04-02T08:00:00+01:00"}</script></head>
<body><div class="container"><div class="row">
<div class="col-md-8"><div class="post"><h1>Harbour Wall Repairs to Start in May</h1>{BODY}</div></div>
<div class="col-md-4"><div class="trending-box"><h2>Trending now</h2>""" + TRENDING + """</div></div>
</div></div></body></html>""",
    },
    {
        "name": "raw-div-paragraphs", "shape": "raw",
        "title": "Orchestra Plays Its Last Concert in the Old Hall", "byline": "Hugo Lindström",
        "date": "2023-12-18T22:00:00+01:00", "tags": ["Music"],
        "body": [
            P("The city orchestra played its final concert in the old hall on Sunday night, closing a building that has housed it since 1926."),
            P("The programme ended, as the first concert there did, with Brahms, and the audience stood for nearly ten minutes before the players left the stage."),
            P("Next season the orchestra moves to a new hall by the river, whose acoustics, the conductor said, were excellent but would take some getting used to."),
            P("The old hall will be converted into a music school, keeping its organ and the painted ceiling above the stalls."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Orchestra Plays Its Last Concert in the Old Hall</title>
<meta property="og:title" content="Orchestra Plays Its Last Concert in the Old Hall"><meta property="article:tag" content="Music">
<meta property="article:published_time" content="2023-12-18T22:00:00+01:00"></head>
<body><div id="page"><div id="hdr"><a href="/">Kulturbladet</a> <a href="/musik">Music</a> <a href="/film">Film</a> <a href="/scen">Stage</a></div>
<div id="art"><h1>Orchestra Plays Its Last Concert in the Old Hall</h1><div class="author">Hugo Lindström</div>
<div id="txt">{BODY_DIVS}</div>
<div class="ad-wrapper"><div class="adsbygoogle">Advertisement</div></div></div>
<div id="ftr">Kulturbladet AB, all rights reserved</div></div></body></html>""",
    },
    {
        "name": "raw-br-only", "shape": "raw",
        "title": "Notes on a Winter Allotment Meeting", "byline": "Bill Hargreaves",
        "date": "2024-01-06T00:00:00Z", "tags": [],
        "body": [
            P("The winter meeting of the allotment society was held in the church hall, with twenty-two members present and apologies from six."),
            P("The treasurer reported a small surplus for the year, mostly from the plant sale in May, and proposed that rents stay the same for another season."),
            P("Members agreed to buy a second shredder for the communal compost area, and to ask the council again about the leaking water trough by gate two."),
            P("The next meeting will be in April, when the seed swap will also take place."),
        ],
        "html": """<html><head><title>Notes on a Winter Allotment Meeting</title><meta name="author" content="Bill Hargreaves">
<meta name="date" content="2024-01-06T00:00:00Z"></head>
<body bgcolor="#ffffff"><table width="100%"><tr><td width="150" valign="top"><a href="/">Home</a><br><a href="/minutes">Minutes</a><br><a href="/plots">Plots</a><br><a href="/contact">Contact</a></td>
<td valign="top"><font face="Arial"><b>Notes on a Winter Allotment Meeting</b><br><br>
{BODY_BR}
</font></td></tr></table>
<center><font size="1">Last updated January 2024</font></center></body></html>""",
    },
    {
        "name": "raw-hidden-paywall", "shape": "raw",
        "title": "Fishing Quotas Cut for Second Year", "byline": "Niamh Gallagher",
        "date": "2024-12-12T09:00:00+00:00", "tags": ["Fishing"],
        "body": [
            P("Quotas for cod and haddock in northern waters will be cut for a second year running, after scientists warned that stocks had not recovered as hoped."),
            P("Fishing organisations said the cuts would force some boats to tie up for part of the year, and called for compensation for crews."),
            P("Ministers said the reductions were smaller than scientists had advised, to give the industry time to adjust."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fishing Quotas Cut for Second Year</title>
<meta property="og:title" content="Fishing Quotas Cut for Second Year"><meta property="article:tag" content="Fishing">
<meta property="article:published_time" content="2024-12-12T09:00:00+00:00"><meta property="article:author" content="https://example.org/staff/ng"></head>
<body><header><nav><a href="/">Maritime Weekly</a> <a href="/news">News</a></nav></header>
<main><article><h1>Fishing Quotas Cut for Second Year</h1><p class="byline">By <span itemprop="author">Niamh Gallagher</span></p>
<div class="article__body">{BODY}
<div class="paywall" style="display: none"><p>Subscribe to read the rest of this story, and every story, with a digital subscription from only a pound a week.</p></div>
<p hidden>Hidden paragraph for search engines only, which no reader will ever see on the page.</p></div>
<div class="social-share"><a href="https://twitter.com/share">Tweet</a> <a href="https://facebook.com/share">Share</a></div></article></main>
<footer><p>Maritime Weekly</p></footer></body></html>""",
    },
    {
        "name": "raw-inline-related", "shape": "raw",
        "title": "New Ferry Route Links the Two Islands", "byline": "Eilidh Morrison",
        "date": "2024-05-20T07:00:00+01:00", "tags": ["Ferries"],
        "body": [
            P("A new ferry route linking the two largest islands in the group will start running in June, cutting the journey between them from a day to forty minutes."),
            P("Until now, travellers had to sail to the mainland and back out again, an expensive trip that most islanders made only for hospital appointments."),
            P("The service will run four times a day in summer and twice in winter, using a small vessel transferred from a route in the south."),
            P("Islanders have campaigned for the link for more than twenty years, and the community council said it was a day many had thought they would not see."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>New Ferry Route Links the Two Islands</title>
<meta property="og:title" content="New Ferry Route Links the Two Islands"><meta property="article:tag" content="Ferries">
<script type="application/ld+json">[{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "headline": "New Ferry Route Links the Two Islands", "author": "Eilidh Morrison", "datePublished": "2024-05-20T07:00:00+01:00"}]</script></head>
<body><div class="page-wrap"><div class="nav-bar"><ul><li><a href="/">Home</a></li><li><a href="/islands">Islands</a></li><li><a href="/weather">Weather</a></li></ul></div>
<div class="article-container"><h1>New Ferry Route Links the Two Islands</h1>
<div class="entry">{BODY}
<div class="related-links"><strong>Related:</strong> <a href="/a">Ferry fares frozen for a year</a> | <a href="/b">New harbour for the north isles</a> | <a href="/c">Islanders vote on fixed link</a></div>
</div></div>
<div class="footer-wrap"><a href="/about">About us</a></div></div></body></html>""",
    },
    {
        "name": "raw-og-title-suffix", "shape": "raw",
        "title": "Library Fines Abolished Across the County", "byline": "Samir Qureshi",
        "date": "2024-03-01T09:30:00+00:00", "tags": ["Libraries"],
        "body": [
            P("Libraries across the county will no longer charge fines for overdue books, the council announced, after a trial found that fines kept people away more than they brought books back."),
            P("During the trial, the number of lapsed members who returned to borrow again rose by a quarter, and the number of books returned late barely changed."),
            P("Lost books will still have to be paid for, but members with old fines on their accounts will have them wiped from April."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Library fines abolished | County Chronicle | Local news, sport and weather</title>
<meta property="og:title" content="Library Fines Abolished Across the County - County Chronicle"><meta property="og:site_name" content="County Chronicle">
<meta name="author" content="Samir Qureshi"><meta name="keywords" content="library, fines, council">
<meta property="article:tag" content="Libraries"></head>
<body><div id="nav"><a href="/">County Chronicle</a></div>
<div id="main"><h2 class="kicker">Local news</h2><h1>Library Fines Abolished Across the County</h1>
<time datetime="2024-03-01T09:30:00+00:00">1 March 2024</time>
<div class="content-body">{BODY}</div></div>
<div id="aside"><div class="promo-box"><p>Get our free app for breaking news alerts and the daily puzzle.</p></div></div></body></html>""",
    },
    {
        "name": "raw-table-layout", "shape": "raw",
        "title": "Bell Ringers Mark Centenary of the Tower", "byline": "Alan Fenwick",
        "date": "2023-09-30T00:00:00Z", "tags": [],
        "body": [
            P("The bell ringers of St Mary's rang a full peal on Saturday to mark the hundredth anniversary of the rebuilding of the tower, which took three hours and eleven minutes."),
            P("The ring of eight bells was recast in 1923 after a fire destroyed the old tower, and the newest ringer in Saturday's band learned only last year."),
            P("Visitors will be able to climb the tower on heritage open days next month, and the band is always looking for new learners, of any age."),
        ],
        "html": """<html><head><title>Bell Ringers Mark Centenary of the Tower</title><meta name="author" content="Alan Fenwick"><meta name="date" content="2023-09-30T00:00:00Z"></head>
<body><table border="0" cellpadding="4" width="760"><tr><td colspan="2"><img src="/banner.gif" alt="Parish News"></td></tr>
<tr><td class="menu" width="140" valign="top"><a href="/">Home</a><br><a href="/services">Services</a><br><a href="/bells">Bells</a><br><a href="/news">News</a><br><a href="/links">Links</a></td>
<td valign="top"><h2>Bell Ringers Mark Centenary of the Tower</h2>{BODY}</td></tr>
<tr><td colspan="2" align="center"><small><a href="/copyright">Copyright</a> | <a href="/webmaster">Webmaster</a></small></td></tr></table></body></html>""",
    },
]

RELATED_PLAIN = [
    "Night Tube Returns on Two More Lines", "Street Market Wins Award for Hot Food", "Parks Police Patrols to Double",
    "School Meals Pilot Extended to Secondaries", "Bus Lane Cameras Switched On in Hackney", "Thames Swim Ban Lifted for One Day",
]

PAGES += [
    {
        "name": "raw-related-heading", "shape": "raw",
        "title": "City Trees Lower Summer Street Temperatures by Four Degrees", "byline": "Aisha Karimi",
        "date": "2024-07-02T06:00:00+01:00", "tags": ["Environment"],
        "body": [
            P("Streets lined with mature trees were up to four degrees cooler on the hottest afternoons of last summer than similar streets without them, a study of sensor data has found."),
            P("Researchers placed temperature loggers on lamp posts in forty streets across the city and compared readings over three months, adjusting for traffic and the height of buildings."),
            P("The effect was largest where tree canopies met over the road, shading both pavements and the tarmac, which otherwise stores heat and releases it after dark."),
            P("The council plans to plant another ten thousand street trees by 2030, prioritising the areas with the least shade and the most residents over the age of seventy-five."),
        ],
        "html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>City Trees Lower Summer Street Temperatures by Four Degrees - Capital Post</title>
<meta property="og:title" content="City Trees Lower Summer Street Temperatures by Four Degrees"><meta property="article:tag" content="Environment">
<meta name="author" content="Aisha Karimi"><meta property="article:published_time" content="2024-07-02T06:00:00+01:00"></head>
<body><div class="top"><a href="/">Capital Post</a></div>
<div class="wrap"><h1>City Trees Lower Summer Street Temperatures by Four Degrees</h1>
<div class="text">{BODY}</div>
<h2>Related Articles</h2>
<ul>""" + "".join(f'<li><a href="/news/{k}.html">{h}</a></li>' for k, h in enumerate(RELATED_PLAIN)) + """</ul>
<p class="small">Capital Post, 1 Fleet Lane</p></div></body></html>""",
    },
]
