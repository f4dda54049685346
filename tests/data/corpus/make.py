#!/usr/bin/env python3
"""Write the differential feed corpus (this directory) and its README.md.

Every feed here was written for ldnews's test suite: the shapes are those
real generators produce (WordPress, Blogger, Ghost, YouTube, podcasts, news
sites...), the headlines and people are invented.  The script is the source
of truth; the files are committed too, so that tests and people can read
them without running anything.

Deterministic: no clock, no randomness, no network; running it twice writes
the same bytes.  Files of other names in this directory are left alone.

    python3 tests/data/corpus/make.py          # rewrite the corpus
    python3 tests/data/corpus/make.py --check  # exit 1 if a file differs
"""
from __future__ import annotations

import argparse
import gzip
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# The registry: every file with its class and what it exercises (README).
# ---------------------------------------------------------------------------

CLASSES = {
    "gen": "ordinary feed from a known generator",
    "lang": "ordinary feed, non-English text (UTF-8)",
    "enc": "legacy encoding, declared correctly",
    "1": "white space, BOM or junk before the XML declaration / root",
    "2": "bytes that are not UTF-8, no or a UTF-8 declaration",
    "3": "raw control characters and U+FFFE/U+FFFF",
    "4": "HTML named entities, undefined and external entities",
    "5": "RSS 2.0/0.9x under a default namespace",
    "6": "DOCTYPE in a feed",
    "7": "no article because of an error (exit 3, one line)",
    "8": "escaped markup and entities in titles",
    "9": "Atom text constructs, MIME types, Atom 0.3 modes",
    "10": "fallback elements: titles, dates, tags",
    "11": "items sharing a guid but differing",
    "12": "libxml2 messages that span lines",
    "13": "a feed with no items",
}


@dataclass
class Entry:
    name: str
    cls: str
    what: str
    data: bytes


CORPUS: list[Entry] = []


def add(name: str, cls: str, what: str, data: str | bytes, encoding: str = "utf-8") -> None:
    """Register one file; text is encoded here so legacy encodings stay exact."""
    if cls not in CLASSES:
        raise ValueError(f"{name}: unknown class {cls}")
    if any(e.name == name for e in CORPUS):
        raise ValueError(f"{name}: registered twice")
    raw = data if isinstance(data, bytes) else data.encode(encoding)
    CORPUS.append(Entry(name, cls, what, raw))


# ---------------------------------------------------------------------------
# Small helpers: escaping and the date formats generators really emit.
# ---------------------------------------------------------------------------

def x(s: str) -> str:
    """Escape text content."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xa(s: str) -> str:
    """Escape an attribute value (double-quoted)."""
    return x(s).replace('"', "&quot;")


def cdata(s: str) -> str:
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def slug(title: str) -> str:
    out, dash = [], False
    for ch in title.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:60] or "post"


BASE = datetime(2025, 3, 14, 8, 30, 0, tzinfo=timezone.utc)

# RFC 822 zone names real feeds use, with their offsets in minutes.
ZONES = {"GMT": 0, "UT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360,
         "CDT": -300, "MST": -420, "PST": -480, "PDT": -420}


def when(i: int, step_hours: float = 5.0, start: datetime = BASE) -> datetime:
    """The i-th date of a feed, newest first, minutes varied so no two tie."""
    return start - timedelta(hours=step_hours * i, minutes=(i * 17) % 53)


def _offset(zone: str) -> int:
    if zone in ZONES:
        return ZONES[zone]
    sign = -1 if zone[0] == "-" else 1
    return sign * (int(zone[1:3]) * 60 + int(zone[3:5]))


def rfc822(dt: datetime, zone: str = "+0000", weekday: bool = True,
           seconds: bool = True, pad_day: bool = True) -> str:
    """An RFC 822 date as RSS generators write it, in the given zone."""
    local = dt.astimezone(timezone(timedelta(minutes=_offset(zone))))
    day = f"{local.day:02d}" if pad_day else str(local.day)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    head = local.strftime("%a, ") if weekday else ""
    return f"{head}{day} {local.strftime('%b %Y')} {clock} {zone}"


def iso(dt: datetime, offset: int = 0, frac: str = "", z: bool = True) -> str:
    """An RFC 3339 date: offset in minutes, optional fraction, Z for UTC."""
    local = dt.astimezone(timezone(timedelta(minutes=offset)))
    s = local.strftime("%Y-%m-%dT%H:%M:%S") + frac
    if offset == 0 and z:
        return s + "Z"
    sign = "+" if offset >= 0 else "-"
    return f"{s}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


# ---------------------------------------------------------------------------
# Content pools.  One line per article: title | tags (comma) | author | summary
# ---------------------------------------------------------------------------

@dataclass
class Item:
    title: str
    tags: list[str]
    author: str
    summary: str
    slug: str = ""

    def __post_init__(self) -> None:
        self.slug = self.slug or slug(self.title)

    def html(self, extra: str = "") -> str:
        """A short HTML body as CMSs write it: paragraphs, a link, a list."""
        first, _, rest = self.summary.partition(". ")
        body = f"<p>{x(first)}{'.' if rest else ''}</p>"
        if rest:
            body += f"\n<p>{x(rest)}</p>"
        return body + extra


def pool(text: str) -> list[Item]:
    items = []
    for line in text.strip().splitlines():
        title, tags, author, summary = (f.strip() for f in line.split("|"))
        items.append(Item(title, [t.strip() for t in tags.split(",") if t.strip()],
                          author, summary))
    return items


NEWS = pool("""
Council approves late-night bus trial on six suburban routes | Transport, Local | Priya Natarajan | The twelve-month pilot starts in May. Operators say demand after 11pm has doubled since 2022.
Flood barrier upgrade finished two years ahead of schedule | Environment, Infrastructure | Tom Ashworth | Engineers raised the river wall by forty centimetres. The project came in under its revised budget.
Hospital waiting lists fall for a third consecutive month | Health | Grace Olumide | The regional trust cleared 4,200 planned operations in February. Staff shortages remain in radiology.
Teachers vote to accept revised pay offer | Education, Unions | Martin Keogh | Turnout in the ballot was 61 per cent. The deal includes a one-off payment in April.
Wind farm off the east coast supplies first power to the grid | Energy, Environment | Hannah Reyes | The first twelve turbines are now turning. Full output is expected by the autumn.
City libraries to open on Sundays after volunteer drive | Local, Culture | Owen Pritchard | Seven branches will open from noon. More than 300 residents signed up to help.
Inflation eases to 2.8 per cent as fuel prices drop | Economy | Leah Goldberg | Food inflation remained stubborn at 4.1 per cent. Economists expect a rate cut before summer.
Ferry operator suspends night crossings after engine fault | Transport | Callum Fraser | Passengers were transferred to morning sailings. An inspection is under way.
Museum returns carved panels to their community of origin | Culture, Heritage | Amara Osei | The handover ceremony took place on Thursday. The panels had been in storage since 1931.
Storm warning issued as gusts of 80mph forecast for the coast | Weather | Sian Morgan | An amber warning covers Friday night and Saturday morning. Rail operators have cut speeds.
Parliament committee calls for clearer food labelling rules | Politics, Health | Daniel Whitcombe | The report asks for a single front-of-pack scheme. Retailers broadly welcomed it.
Startup district plan approved despite parking objections | Business, Local | Ines Carvalho | The scheme adds 1,100 homes and office space. Objectors may seek a judicial review.
Archaeologists uncover Roman road beneath supermarket car park | Heritage, Science | Rhys Llewellyn | The paved section runs for forty metres. Excavation continues until June.
Water company fined over sewage spills into chalk streams | Environment, Courts | Fiona McAllister | The fine of 3.2 million is the largest of its kind this year. The company says it will not appeal.
Junior doctors announce three-day walkout in April | Health, Unions | Samuel Adeyemi | The dates avoid the Easter bank holiday. Talks with ministers broke down on Monday.
New cycle bridge links two halves of the harbour | Transport, Local | Nadia Haddad | The 90-metre swing bridge opened at dawn. Around 4,000 crossings are expected daily.
Census shows fastest population growth in coastal towns | Society, Data | Peter Lindqvist | Retirees and remote workers drove the rise. Some towns grew by more than ten per cent.
Drought restrictions lifted after wettest February on record | Weather, Environment | Joanna Price | The hosepipe ban ends on Monday. Reservoirs are at 94 per cent of capacity.
Orchestra cancels tour after funding cut | Culture, Arts | Felix Baumann | The national tour would have visited eighteen towns. The board is seeking private sponsors.
Police trial body cameras for traffic wardens | Crime, Local | Aisha Rahman | The six-month trial follows a rise in assaults. Footage will be kept for 31 days.
Airport expansion inquiry hears from residents under flight path | Transport, Politics | George Whitfield | More than 200 people asked to speak. The inquiry is scheduled to last eleven weeks.
Supermarket chain to cut plastic packaging on fresh fruit | Business, Environment | Laura Chen | Loose fruit will be offered in all stores by July. The change removes 900 tonnes of plastic a year.
Final whistle for the old stadium as club moves across town | Sport, Local | Ben O'Connor | Forty thousand fans said goodbye on Sunday. Demolition starts next month.
Rail timetable shake-up adds faster trains to the north | Transport | Mei Tanaka | Journey times fall by up to 20 minutes. Some rural stations lose their direct services.
Scientists map seagrass meadows from the air | Science, Environment | Olivia Brandt | Drones surveyed 40 square kilometres of coast. Seagrass stores carbon quickly.
""")

TECH = pool("""
Why we moved our build cache to content-addressed storage | Engineering, Build | Sara Lindholm | Remote builds were spending most of their time downloading artefacts they already had. Hashing inputs fixed it.
A gentle introduction to property-based testing | Testing, Python | Marcus Webb | Example tests check the cases you thought of. Property tests find the ones you did not.
Debugging a memory leak that only happened on Tuesdays | Debugging, Go | Yuki Sato | The leak followed a weekly cron job. A forgotten ticker held every request context alive.
What I learned maintaining an open-source parser for five years | Open Source, Parsing | Dana Kowalski | Most bug reports were about input nobody thought was legal. Be liberal in what you accept, but say so.
Postgres indexes you probably do not need | Databases, Postgres | Ravi Menon | Every index slows down writes. We dropped eleven of them and nothing got slower.
Shipping a terminal UI that works over slow SSH links | Terminal, UX | Elena Rossi | Redraw only what changed. Batch writes and never block on the network.
Notes from migrating 400 services to a new logging pipeline | Observability, Migration | Kwame Mensah | The hard part was not the pipeline but the log formats. We wrote a schema registry first.
The case for boring technology in 2025 | Opinion, Architecture | Hugo Lefebvre | New tools have hidden costs. Choose the ones your team can debug at 3am.
Reproducible builds with Nix: a practical guide | Nix, Build | Anja Petrovic | Pin your inputs, then pin them again. Here is the flake we use in production.
How our search got fast: trigram indexes explained | Search, Databases | Tomasz Nowak | Splitting text into three-letter chunks lets the index answer substring queries. The trick has limits.
Rust error handling patterns after two years in production | Rust, Errors | Chloe Durand | We settled on thiserror for libraries and anyhow for binaries. Context matters more than types.
Accessibility audit of our own documentation site | Accessibility, Docs | Ben Amsel | We failed our own checklist on contrast and focus order. Fixes took two sprints.
Understanding TCP slow start with a toy simulator | Networking, Learning | Ivy Zhang | The congestion window doubles each round trip. Loss halves it, and the graph tells the story.
Writing a tiny regex engine in 200 lines of C | C, Regex | Pedro Alves | Backtracking is simple to write and easy to make exponential. Thompson's construction is the cure.
Zero-downtime schema migrations: the expand and contract pattern | Databases, Deployment | Fatima Zahra | Add the new column, write to both, backfill, switch reads, then drop the old one.
Our on-call handbook, published | On-call, Culture | Greg Holm | We wrote down what we expect from people at night. Compensation and rest are part of it.
Benchmarks lie: measuring latency percentiles correctly | Performance, Benchmarks | Leila Farouk | Averages hide the slow requests your users remember. Coordinated omission hides even more.
From cron to a workflow engine, and back again | Operations, Opinion | Jon Ekberg | The engine solved problems we did not have. Two cron jobs and a lock file came back.
Fuzzing a feed parser found eleven crashes in an afternoon | Fuzzing, Security | Mira Kapoor | Most crashes came from character encodings. Two were in date parsing.
Designing an API that is hard to misuse | API Design | Sven Aalto | Make the right call the short one. Types can carry the invariants documentation forgets.
SQLite in production: lessons from a year of WAL mode | SQLite, Databases | Noor Aziz | Checkpoints need watching. Most of our problems were long-running readers.
A week without a mouse: keyboard-only development | Productivity, Editors | Carl Jansen | The first two days were slow. By Friday I had remapped half my editor.
Packaging a C project for Debian the boring way | Debian, Packaging | Ruth Abernethy | debhelper does most of the work. Follow the policy manual and lintian will stay quiet.
How we test our CLI against real-world input | Testing, CLI | Omar Siddiqui | Unit tests covered the grammar, not the world. A corpus of saved inputs did.
Caching HTTP responses politely: ETags, Last-Modified and Retry-After | HTTP, Caching | Julia Novak | A conditional request costs the server almost nothing. Ignoring Retry-After gets you banned.
""")

PODCAST = pool("""
The Quiet Revolution in Battery Chemistry | Science, Energy | Host: Maya Brooks | Sodium-ion cells are cheaper and safer. We ask when they will reach the shops.
Inside a Night Shift at the Sorting Office | Work, Society | Host: Maya Brooks | Two million parcels a night, and the people who move them.
How Maps Are Made Now | Technology, Geography | Host: Maya Brooks | Satellites, volunteers and a lot of arguing about roundabouts.
The Economics of a Village Pub | Business, Food | Host: Maya Brooks | Rising energy bills and the regulars who keep the lights on.
Sleep, Explained (Mostly) | Health, Science | Host: Maya Brooks | A sleep researcher answers the questions our listeners sent in.
Why Bridges Sing | Engineering | Host: Maya Brooks | Wind, resonance and the engineers who listen for trouble.
Bonus: Live from the Science Festival | Bonus, Live | Host: Maya Brooks | Our first live show, with questions from the audience.
What Happens to Recycling | Environment | Host: Maya Brooks | We follow a yoghurt pot from kerbside to pellet.
Trailer: Season Four | Trailer | Host: Maya Brooks | New season, new format, same curiosity.
The People Who Name Storms | Weather, Science | Host: Maya Brooks | Why the list skips Q, U, X, Y and Z.
""")

SPORT = pool("""
Late penalty earns draw in derby thriller | Football | Jamie Clarke | A stoppage-time spot kick rescued a point. The visitors had led since the 12th minute.
Rowing crew sets course record in spring regatta | Rowing | Harriet Lowe | The eight finished in five minutes 41 seconds. Conditions were calm and fast.
Veteran spinner takes five wickets on comeback | Cricket | Arjun Mehta | The 37-year-old bowled 24 overs unchanged. His side lead by 180 runs.
Club confirms manager will stay for next season | Football | Jamie Clarke | The board backed him after a run of six wins. Talks on a new contract begin in June.
Marathon entries open with record ballot demand | Running | Tessa Grant | More than 580,000 people applied. Results are due in July.
Teenager wins national chess title on tiebreak | Chess | Viktor Hale | She beat two grandmasters on the way. The title brings a place at the Olympiad.
""")

FINANCE = pool("""
Shares in regional lender jump on takeover approach | Markets, Banking | Rupert Vance | The bid values the bank at 1.9 billion. Its board is minded to recommend it.
Pension funds shift towards infrastructure debt | Pensions, Investing | Clara Hoffmann | Long-dated bonds match their liabilities. Returns have improved since rates rose.
Small businesses report slower payment times | Small Business | Femi Adebayo | The average invoice is now paid in 47 days. Late payment rules are under review.
Housebuilder cuts forecast as mortgage approvals slide | Housing, Markets | Rupert Vance | Completions will fall by a tenth this year. Shares dropped six per cent.
Central bank holds rates but signals cuts ahead | Economy, Rates | Clara Hoffmann | Two members voted for a cut. Markets now price a move in June.
""")

RELEASES = ["1.4.0", "1.3.2", "1.3.1", "1.3.0", "1.2.4", "1.2.3", "1.2.0", "1.1.0"]

COMMITS = [
    ("Fix off-by-one in ring buffer wrap-around", "Lena Fischer"),
    ("Add --dry-run flag to the migrate command", "Kofi Boateng"),
    ("Bump libcurl minimum to 7.81", "Lena Fischer"),
    ("docs: explain the cache eviction order", "Wei Chen"),
    ("Handle EINTR in the event loop", "Kofi Boateng"),
    ("tests: add regression test for #412", "Ana Ruiz"),
    ("Refactor config loader into its own module", "Wei Chen"),
    ("ci: run the sanitizer job on pull requests", "Ana Ruiz"),
]


def items(p: list[Item], start: int, n: int) -> list[Item]:
    """n articles of a pool from start, wrapping: files share few headlines."""
    return [p[(start + k) % len(p)] for k in range(n)]


# ---------------------------------------------------------------------------
# Generators.  Each writes the envelope its software writes, byte for byte in
# spirit: namespaces, odd whitespace, CDATA habits, date styles.
# ---------------------------------------------------------------------------

def wp_texturize(s: str) -> str:
    """WordPress titles: curly apostrophes and &#038; as numeric references."""
    return x(s).replace("&amp;", "&#038;").replace("'", "&#8217;")


def wordpress_rss(site: str, host: str, its: list[Item], lang: str = "en-GB",
                  zone: str = "+0000", first_id: int = 4821,
                  content: bool = True) -> str:
    head = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{wp_texturize(site)}</title>
	<atom:link href="https://{host}/feed/" rel="self" type="application/rss+xml" />
	<link>https://{host}</link>
	<description>{x(site)} &#8211; local news, every day</description>
	<lastBuildDate>{rfc822(when(0), zone)}</lastBuildDate>
	<language>{lang}</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.2</generator>

<image>
	<url>https://{host}/wp-content/uploads/2023/01/cropped-icon-32x32.png</url>
	<title>{wp_texturize(site)}</title>
	<link>https://{host}</link>
	<width>32</width>
	<height>32</height>
</image> 
"""
    body = []
    for i, it in enumerate(its):
        d = when(i)
        path = f"https://{host}/{d:%Y/%m/%d}/{it.slug}/"
        cats = "".join(f"\n\t\t<category><![CDATA[{t}]]></category>" for t in it.tags)
        enc = (f"\n\t\t\t\t\t\t\t\t\t\t<content:encoded>{cdata(it.html())}</content:encoded>"
               if content else "")
        body.append(f"""	<item>
		<title>{wp_texturize(it.title)}</title>
		<link>{path}</link>
					<comments>{path}#respond</comments>
		
		<dc:creator><![CDATA[{it.author}]]></dc:creator>
		<pubDate>{rfc822(d, zone)}</pubDate>{cats}
		<guid isPermaLink="false">https://{host}/?p={first_id - 7 * i}</guid>

					<description><![CDATA[{it.summary.split('. ')[0]}. [&#8230;]]]></description>{enc}
					<wfw:commentRss>{path}feed/</wfw:commentRss>
			<slash:comments>{(i * 3) % 7}</slash:comments>
		</item>
""")
    return head + "".join(body) + "\t</channel>\n</rss>\n"


def wordpress_comments(host: str, post: Item) -> str:
    people = [("Margaret H.", "Finally! The last bus at 10.40pm is useless for shift workers."),
              ("dave_k", "Will the 47 be part of the trial? It isn't mentioned."),
              ("Riverside Gazette", "Dave &#8211; yes, the 47 is one of the six routes."),
              ("Sunita", "Good news, but who is paying for it after twelve months?")]
    out = [f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	
	>
<channel>
	<title>Comments on: {wp_texturize(post.title)}</title>
	<atom:link href="https://{host}/2025/03/14/{post.slug}/feed/" rel="self" type="application/rss+xml" />
	<link>https://{host}/2025/03/14/{post.slug}/</link>
	<description>Local news, every day</description>
	<lastBuildDate>{rfc822(when(0, 0.5))}</lastBuildDate>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.4.3</generator>
"""]
    for i, (who, text) in enumerate(people):
        cid = 1207 - 4 * i
        out.append(f"""	<item>
		<title>By: {x(who)}</title>
		<link>https://{host}/2025/03/14/{post.slug}/#comment-{cid}</link>

		<dc:creator><![CDATA[{who}]]></dc:creator>
		<pubDate>{rfc822(when(i, 0.75))}</pubDate>
		<guid isPermaLink="false">https://{host}/?p=4821#comment-{cid}</guid>

					<description><![CDATA[{text}]]></description>
		<content:encoded><![CDATA[<p>{text}</p>
]]></content:encoded>
		</item>
""")
    return "".join(out) + "\t</channel>\n</rss>\n"


def atom_feed(*, title: str, feed_id: str, home: str, self_href: str,
              entries: list[str], updated: str, extra_ns: str = "",
              head_extra: str = "", lang: str = "", author: str = "",
              decl: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> str:
    lang_attr = f' xml:lang="{lang}"' if lang else ""
    auth = f"\n  <author>\n    <name>{x(author)}</name>\n  </author>" if author else ""
    return (f'{decl}<feed xmlns="http://www.w3.org/2005/Atom"{extra_ns}{lang_attr}>\n'
            f"  <title>{x(title)}</title>\n"
            f'  <link href="{xa(self_href)}" rel="self"/>\n'
            f'  <link href="{xa(home)}"/>\n'
            f"  <updated>{updated}</updated>\n"
            f"  <id>{x(feed_id)}</id>{auth}{head_extra}\n"
            + "".join(entries) + "</feed>\n")


def wordpress_atom(host: str, its: list[Item]) -> str:
    entries = []
    for i, it in enumerate(its):
        d = when(i, 9)
        link = f"https://{host}/{d:%Y/%m/%d}/{it.slug}/"
        cats = "".join(f'\n\t\t<category scheme="https://{host}" term="{xa(t)}" />'
                       for t in it.tags)
        entries.append(f"""	<entry>
		<author>
			<name>{x(it.author)}</name>
					</author>

		<title type="html"><![CDATA[{it.title.replace("'", "&#8217;")}]]></title>
		<link rel="alternate" type="text/html" href="{link}" />

		<id>https://{host}/?p={3310 - 11 * i}</id>
		<updated>{iso(d, z=True)}</updated>
		<published>{iso(d, z=True)}</published>{cats}
		<summary type="html"><![CDATA[{it.summary}]]></summary>

					<content type="html" xml:base="{link}"><![CDATA[{it.html()}]]></content>
		
					<link rel="replies" type="text/html" href="{link}#comments" thr:count="{i % 4}" />
			<link rel="replies" type="application/atom+xml" href="{link}feed/atom/" thr:count="{i % 4}" />
			<thr:total>{i % 4}</thr:total>
			</entry>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><feed
	xmlns="http://www.w3.org/2005/Atom"
	xmlns:thr="http://purl.org/syndication/thread/1.0"
	xml:lang="en-US"
	>
	<title type="text">Build Notes</title>
	<subtitle type="text">Engineering at a small software shop</subtitle>

	<updated>{iso(when(0, 9))}</updated>

	<link rel="alternate" type="text/html" href="https://{host}" />
	<id>https://{host}/feed/atom/</id>
	<link rel="self" type="application/atom+xml" href="https://{host}/feed/atom/" />

	<generator uri="https://wordpress.org/" version="6.5.2">WordPress</generator>
""" + "".join(entries) + "</feed>\n"


def blogger_atom(blog_id: str, host: str, its: list[Item]) -> str:
    entries = []
    for i, it in enumerate(its):
        d = when(i, 31)
        post_id = 7394718263510021123 - 9173 * i
        link = f"https://{host}/{d:%Y/%m}/{it.slug[:40]}.html"
        cats = "".join(f'<category scheme="http://www.blogger.com/atom/ns#" term="{xa(t)}"/>'
                       for t in it.tags)
        entries.append(
            f"<entry><id>tag:blogger.com,1999:blog-{blog_id}.post-{post_id}</id>"
            f"<published>{iso(d, -420, '.001')}</published>"
            f"<updated>{iso(d + timedelta(minutes=13), -420, '.456')}</updated>{cats}"
            f"<title type='text'>{x(it.title)}</title>"
            f"<content type='html'>{x(it.html())}</content>"
            f"<link rel='replies' type='application/atom+xml' href='https://{host}/feeds/{post_id}/comments/default' title='Post Comments'/>"
            f"<link rel='replies' type='text/html' href='{link}#comment-form' title='{i} Comments'/>"
            f"<link rel='edit' type='application/atom+xml' href='https://www.blogger.com/feeds/{blog_id}/posts/default/{post_id}'/>"
            f"<link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/{blog_id}/posts/default/{post_id}'/>"
            f"<link rel='alternate' type='text/html' href='{link}' title='{xa(it.title)}'/>"
            f"<author><name>{x(it.author)}</name><uri>https://www.blogger.com/profile/0{blog_id[:9]}</uri>"
            f"<email>noreply@blogger.com</email><gd:image rel='http://schemas.google.com/g/2005#thumbnail' width='16' height='16' src='https://img1.blogblog.com/img/b16-rounded.gif'/></author>"
            f"<thr:total>{i}</thr:total></entry>")
    return ("<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href=\"http://www.blogger.com/styles/atom.css\" type=\"text/css\"?>"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:blogger='http://schemas.google.com/blogger/2008' xmlns:georss='http://www.georss.org/georss' "
            "xmlns:gd=\"http://schemas.google.com/g/2005\" xmlns:thr='http://purl.org/syndication/thread/1.0'>"
            f"<id>tag:blogger.com,1999:blog-{blog_id}</id><updated>{iso(when(0, 31), -420, '.789')}</updated>"
            "<category term=\"Gardening\"/><category term=\"Allotment\"/>"
            "<title type='text'>Plot 42: An Allotment Diary</title><subtitle type='html'>Muddy boots, runner beans and the occasional slug war.</subtitle>"
            f"<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='https://{host}/feeds/posts/default'/>"
            f"<link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/{blog_id}/posts/default'/>"
            f"<link rel='alternate' type='text/html' href='https://{host}/'/><link rel='hub' href='http://pubsubhubbub.appspot.com/'/>"
            "<author><name>Ruth Ellison</name><uri>https://www.blogger.com/profile/04718263510</uri><email>noreply@blogger.com</email></author>"
            f"<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator><openSearch:totalResults>{len(its)}</openSearch:totalResults>"
            f"<openSearch:startIndex>1</openSearch:startIndex><openSearch:itemsPerPage>25</openSearch:itemsPerPage>"
            + "".join(entries) + "</feed>")


def blogger_rss(blog_id: str, host: str, its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 40)
        post_id = 2210398475610293847 - 7741 * i
        cats = "".join(f"<category domain='http://www.blogger.com/atom/ns#'>{x(t)}</category>"
                       for t in it.tags)
        out.append(f"<item><guid isPermaLink='false'>tag:blogger.com,1999:blog-{blog_id}.post-{post_id}</guid>"
                   f"<pubDate>{rfc822(d)}</pubDate><atom:updated>{iso(d, 60, '.003')}</atom:updated>{cats}"
                   f"<title>{x(it.title)}</title><description>{x(it.html())}</description>"
                   f"<link>https://{host}/{d:%Y/%m}/{it.slug[:40]}.html</link>"
                   f"<author>noreply@blogger.com ({x(it.author)})</author><thr:total>{i % 3}</thr:total></item>")
    return ("<?xml version='1.0' encoding='UTF-8'?><rss xmlns:atom='http://www.w3.org/2005/Atom' "
            "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:blogger='http://schemas.google.com/blogger/2008' "
            "xmlns:georss='http://www.georss.org/georss' xmlns:gd=\"http://schemas.google.com/g/2005\" "
            "xmlns:thr='http://purl.org/syndication/thread/1.0' version='2.0'><channel>"
            f"<atom:id>tag:blogger.com,1999:blog-{blog_id}</atom:id><lastBuildDate>{rfc822(when(0, 40))}</lastBuildDate>"
            "<category>Linux</category><category>Homelab</category><title>Rack in the Cupboard</title>"
            "<description>One person, one cupboard, too many Raspberry Pis.</description>"
            f"<link>https://{host}/</link><managingEditor>noreply@blogger.com (Imran Qureshi)</managingEditor>"
            f"<generator>Blogger</generator><openSearch:totalResults>{len(its)}</openSearch:totalResults>"
            "<openSearch:startIndex>1</openSearch:startIndex><openSearch:itemsPerPage>25</openSearch:itemsPerPage>"
            + "".join(out) + "</channel></rss>")


def ghost_rss(host: str, site: str, its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 26)
        cats = "".join(f"<category>{cdata(t)}</category>" for t in it.tags)
        img = f"https://{host}/content/images/2025/03/{it.slug[:24]}.jpg"
        out.append(f"<item><title>{cdata(it.title)}</title><description>{cdata(it.summary)}</description>"
                   f"<link>https://{host}/{it.slug}/</link><guid isPermaLink=\"false\">65f0{i:02d}a1c2d3e4f5a6b7c8d{i}</guid>"
                   f"{cats}<dc:creator>{cdata(it.author)}</dc:creator><pubDate>{rfc822(d, 'GMT')}</pubDate>"
                   f"<media:content url=\"{img}\" medium=\"image\"/>"
                   f"<content:encoded>{cdata(f'<img src={chr(34)}{img}{chr(34)} alt={chr(34)}{xa(it.title)}{chr(34)}>' + it.html())}</content:encoded></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            f"<title>{cdata(site)}</title><description>{cdata('Thoughtful writing about software teams.')}</description>"
            f"<link>https://{host}/</link><image><url>https://{host}/favicon.png</url><title>{x(site)}</title><link>https://{host}/</link></image>"
            f"<generator>Ghost 5.82</generator><lastBuildDate>{rfc822(when(0, 26), 'GMT')}</lastBuildDate>"
            f'<atom:link href="https://{host}/rss/" rel="self" type="application/rss+xml"/><ttl>60</ttl>'
            + "".join(out) + "</channel></rss>")


def substack_rss(pub: str, title: str, its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 70)
        out.append(f"<item><title>{cdata(it.title)}</title><description>{cdata(it.summary.split('. ')[0] + '.')}</description>"
                   f"<link>https://{pub}.substack.com/p/{it.slug}</link>"
                   f'<guid isPermaLink="false">https://{pub}.substack.com/p/{it.slug}</guid>'
                   f"<dc:creator>{cdata(it.author)}</dc:creator><pubDate>{rfc822(d, 'GMT')}</pubDate>"
                   f'<enclosure url="https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/{i}a7f.png" length="0" type="image/jpeg"/>'
                   f"<content:encoded>{cdata(it.html('<p>Thanks for reading! Subscribe for free to receive new posts.</p>'))}</content:encoded></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:googleplay="http://www.google.com/schemas/play-podcasts/1.0">'
            f"<channel><title>{cdata(title)}</title><description>{cdata('A weekly letter on money, markets and the people in them.')}</description>"
            f"<link>https://{pub}.substack.com</link><image><url>https://substackcdn.com/image/fetch/w_256/{pub}.png</url>"
            f"<title>{x(title)}</title><link>https://{pub}.substack.com</link></image><generator>Substack</generator>"
            f'<lastBuildDate>{rfc822(when(0, 70), "GMT")}</lastBuildDate><atom:link href="https://{pub}.substack.com/feed" rel="self" type="application/rss+xml"/>'
            f"<copyright>{cdata('Clara Hoffmann')}</copyright><language>{cdata('en')}</language>"
            f"<webMaster>{cdata(pub + '@substack.com')}</webMaster><itunes:owner><itunes:email>{cdata(pub + '@substack.com')}</itunes:email>"
            f"<itunes:name>{cdata('Clara Hoffmann')}</itunes:name></itunes:owner><itunes:author>{cdata('Clara Hoffmann')}</itunes:author>"
            f"<googleplay:owner>{cdata(pub + '@substack.com')}</googleplay:owner><googleplay:email>{cdata(pub + '@substack.com')}</googleplay:email>"
            f"<googleplay:author>{cdata('Clara Hoffmann')}</googleplay:author>"
            + "".join(out) + "</channel></rss>")


def medium_rss(user: str, its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 55)
        pid = f"{0x5a1f3c9e7b20 - 0x1d3b7 * i:012x}"
        cats = "".join(f"<category>{cdata(t.lower().replace(' ', '-'))}</category>" for t in it.tags)
        out.append(f"<item><title>{cdata(it.title)}</title><link>https://medium.com/@{user}/{it.slug}-{pid}?source=rss-{pid[:12]}------2</link>"
                   f'<guid isPermaLink="false">https://medium.com/p/{pid}</guid>{cats}'
                   f"<dc:creator>{cdata(it.author)}</dc:creator><pubDate>{rfc822(d, 'GMT')}</pubDate>"
                   f"<atom:updated>{iso(d + timedelta(hours=2), 0, '.' + f'{(i * 137) % 1000:03d}')}</atom:updated>"
                   f"<content:encoded>{cdata('<h3>' + x(it.title) + '</h3>' + it.html() + f'<img src={chr(34)}https://medium.com/_/stat?event=post.clientViewed&referrerSource=full_rss&postId={pid}{chr(34)} width={chr(34)}1{chr(34)} height={chr(34)}1{chr(34)} alt={chr(34)}{chr(34)}>')}</content:encoded></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'version="2.0" xmlns:cc="http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html">'
            f"<channel><title>{cdata('Stories by Kwame Mensah on Medium')}</title><description>{cdata('Stories by Kwame Mensah on Medium')}</description>"
            f"<link>https://medium.com/@{user}?source=rss-{user}------2</link><image><url>https://cdn-images-1.medium.com/fit/c/150/150/1*{user}.jpeg</url>"
            f"<title>Stories by Kwame Mensah on Medium</title><link>https://medium.com/@{user}?source=rss-{user}------2</link></image>"
            f"<generator>Medium</generator><lastBuildDate>{rfc822(when(0, 55), 'GMT')}</lastBuildDate>"
            f'<atom:link href="https://medium.com/@{user}/feed" rel="self" type="application/rss+xml"/>'
            f"<webMaster>{cdata('yourfriends@medium.com')}</webMaster>"
            '<atom:link href="http://medium.superfeedr.com" rel="hub"/>'
            + "".join(out) + "</channel></rss>")


def feedburner_rss(its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 13)
        orig = f"https://www.oldtownherald.example/news/{d:%Y%m%d}/{it.slug}.html"
        out.append(f"""<item>
      <title>{x(it.title)}</title>
      <link>https://feeds.feedburner.com/~r/OldTownHerald/~3/{chr(65 + i)}x9Kq2mPz{i}/{it.slug}.html</link>
      <description>{x(it.summary)}&lt;img src="https://feeds.feedburner.com/~r/OldTownHerald/~4/{chr(65 + i)}x9Kq2mPz{i}" height="1" width="1" alt=""/&gt;</description>
      <pubDate>{rfc822(d, 'PST')}</pubDate>
      <guid isPermaLink="false">{orig}</guid>
      <feedburner:origLink>{orig}</feedburner:origLink>
    </item>
    """)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" media="screen" href="/~d/styles/rss2full.xsl"?><?xml-stylesheet type="text/css" media="screen" href="http://feeds.feedburner.com/~d/styles/itemcontent.css"?><rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" version="2.0">
  <channel>
    <title>Old Town Herald - Top Stories</title>
    <link>https://www.oldtownherald.example/</link>
    <description>The latest headlines from the Old Town Herald.</description>
    <language>en-us</language>
    <copyright>Copyright 2025, Old Town Herald Media</copyright>
    <atom10:link xmlns:atom10="http://www.w3.org/2005/Atom" rel="self" type="application/rss+xml" href="http://feeds.feedburner.com/OldTownHerald" /><feedburner:info uri="oldtownherald" /><atom10:link xmlns:atom10="http://www.w3.org/2005/Atom" rel="hub" href="http://pubsubhubbub.appspot.com/" />
    {"".join(out)}
  </channel>
</rss>
"""


def feedburner_atom(its: list[Item]) -> str:
    entries = []
    for i, it in enumerate(its):
        d = when(i, 20)
        orig = f"https://devnotes.example.net/{d:%Y/%m}/{it.slug}"
        entries.append(f"""<entry><id>tag:devnotes.example.net,{d:%Y-%m-%d}:/{it.slug}</id><published>{iso(d, -300)}</published><updated>{iso(d, -300)}</updated><title type="text">{x(it.title)}</title><content type="html">{x(it.html())}</content><link rel="alternate" type="text/html" href="https://feeds.feedburner.com/~r/DevNotes/~3/q{i}Zr8/{it.slug}" /><author><name>{x(it.author)}</name></author><feedburner:origLink>{orig}</feedburner:origLink></entry>""")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" media="screen" href="/~d/styles/atom10full.xsl"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
            f'<id>tag:devnotes.example.net,2009:/feed</id><updated>{iso(when(0, 20), -300)}</updated><title type="text">Dev Notes</title>'
            '<link rel="alternate" type="text/html" href="https://devnotes.example.net/" />'
            '<link rel="self" type="application/atom+xml" href="http://feeds.feedburner.com/DevNotes" />'
            '<feedburner:info uri="devnotes" />' + "".join(entries) + "</feed>\n")


def youtube(channel: str, name: str, videos: list[tuple[str, str]], playlist: str = "") -> str:
    """videos: (title, description).  Ids derived deterministically."""
    entries = []
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i, (title, desc) in enumerate(videos):
        vid = "".join(alphabet[(7 * i + 13 * k + len(title)) % 64] for k in range(11))
        d = when(i, 49)
        entries.append(f""" <entry>
  <id>yt:video:{vid}</id>
  <yt:videoId>{vid}</yt:videoId>
  <yt:channelId>{channel}</yt:channelId>
  <title>{x(title)}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v={vid}"/>
  <author>
   <name>{x(name)}</name>
   <uri>https://www.youtube.com/channel/{channel}</uri>
  </author>
  <published>{iso(d, 0, '', False).replace('Z', '')}</published>
  <updated>{iso(d + timedelta(days=1, minutes=7), 0, '', False)}</updated>
  <media:group>
   <media:title>{x(title)}</media:title>
   <media:content url="https://www.youtube.com/v/{vid}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i{i % 4 + 1}.ytimg.com/vi/{vid}/hqdefault.jpg" width="480" height="360"/>
   <media:description>{x(desc)}</media:description>
   <media:community>
    <media:starRating count="{1200 - 97 * i}" average="5.00" min="1" max="5"/>
    <media:statistics views="{48210 - 3111 * i}"/>
   </media:community>
  </media:group>
 </entry>
""")
    pl = f"\n <yt:playlistId>{playlist}</yt:playlistId>" if playlist else ""
    self_q = f"playlist_id={playlist}" if playlist else f"channel_id={channel}"
    feed_id = f"yt:playlist:{playlist}" if playlist else f"yt:channel:{channel[2:]}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?{self_q}"/>
 <id>{feed_id}</id>{pl}
 <yt:channelId>{channel}</yt:channelId>
 <title>{x(name)}</title>
 <link rel="alternate" href="https://www.youtube.com/channel/{channel}"/>
 <author>
  <name>{x(name)}</name>
  <uri>https://www.youtube.com/channel/{channel}</uri>
 </author>
 <published>2014-06-02T11:20:41+00:00</published>
{"".join(entries)}</feed>
"""


def github_releases(repo: str) -> str:
    owner, name = repo.split("/")
    entries = []
    for i, v in enumerate(RELEASES):
        d = when(i, 170)
        notes = (f"<h2>What's Changed</h2>\n<ul>\n<li>{x(COMMITS[i % len(COMMITS)][0])} by "
                 f"<a class=\"user-mention notranslate\" href=\"https://github.com/{COMMITS[i % 8][1].split()[0].lower()}\">@{COMMITS[i % 8][1].split()[0].lower()}</a></li>\n</ul>\n"
                 f"<p><strong>Full Changelog</strong>: <a class=\"commit-link\" href=\"https://github.com/{repo}/compare/v{RELEASES[min(i + 1, 7)]}...v{v}\"><tt>v{RELEASES[min(i + 1, 7)]}...v{v}</tt></a></p>")
        entries.append(f"""  <entry>
    <id>tag:github.com,2008:Repository/{48211093}/v{v}</id>
    <updated>{iso(d, 0, '', True)}</updated>
    <link rel="alternate" type="text/html" href="https://github.com/{repo}/releases/tag/v{v}"/>
    <title>v{v}{' (LTS)' if v.endswith('.0') and i % 2 else ''}</title>
    <content type="html">{x(notes)}</content>
    <author>
      <name>{COMMITS[i % 8][1].split()[0].lower()}</name>
    </author>
    <media:thumbnail height="30" width="30" url="https://avatars.githubusercontent.com/u/{903211 + i}?s=60&amp;v=4"/>
  </entry>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en-US">
  <id>tag:github.com,2008:https://github.com/{repo}/releases</id>
  <link type="text/html" rel="alternate" href="https://github.com/{repo}/releases"/>
  <link type="application/atom+xml" rel="self" href="https://github.com/{repo}/releases.atom"/>
  <title>Release notes from {name}</title>
  <updated>{iso(when(0, 170))}</updated>
{"".join(entries)}</feed>
"""


def github_commits(repo: str) -> str:
    entries = []
    for i, (msg, who) in enumerate(COMMITS):
        d = when(i, 7.5)
        sha = "".join("0123456789abcdef"[(i * 7 + k * 11 + 3) % 16] for k in range(40))
        login = who.split()[0].lower()
        entries.append(f"""  <entry>
    <id>tag:github.com,2008:Grit::Commit/{sha}</id>
    <link type="text/html" rel="alternate" href="https://github.com/{repo}/commit/{sha}"/>
    <title>
        {x(msg)}
    </title>
    <updated>{iso(d, 60)}</updated>
    <media:thumbnail height="30" width="30" url="https://avatars.githubusercontent.com/u/{55021 + i}?s=30&amp;v=4"/>
    <author>
      <name>{login}</name>
      <uri>https://github.com/{login}</uri>
    </author>
    <content type="html">
      &lt;pre style=&#39;white-space:pre-wrap;width:81ex&#39;&gt;{x(x(msg))}&lt;/pre&gt;
    </content>
  </entry>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en-US">
  <id>tag:github.com,2008:/{repo}/commits/main</id>
  <link type="text/html" rel="alternate" href="https://github.com/{repo}/commits/main"/>
  <link type="application/atom+xml" rel="self" href="https://github.com/{repo}/commits/main.atom"/>
  <title>Recent Commits to {repo.split('/')[1]}:main</title>
  <updated>{iso(when(0, 7.5), 60)}</updated>
{"".join(entries)}</feed>
"""


def gitlab_tags(project: str) -> str:
    entries = []
    for i, v in enumerate(RELEASES[:5]):
        d = when(i, 300)
        entries.append(f"""<entry>
<id>https://gitlab.com/{project}/-/tags/v{v}</id>
<link href="https://gitlab.com/{project}/-/tags/v{v}"/>
<title>v{v}</title>
<updated>{iso(d, 0, '', False).replace('+00:00', 'Z')}</updated>
<content>Release v{v}</content>
<summary>Release v{v}</summary>
<author>
<name>{COMMITS[i][1]}</name>
<email>{COMMITS[i][1].split()[0].lower()}@example.org</email>
</author>
</entry>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>{project.split('/')[1]} tags</title>
<link href="https://gitlab.com/{project}/-/tags?format=atom" rel="self" type="application/atom+xml"/>
<link href="https://gitlab.com/{project}/-/tags" rel="alternate" type="text/html"/>
<id>https://gitlab.com/{project}/-/tags</id>
<updated>{iso(when(0, 300))}</updated>
{"".join(entries)}</feed>
"""


def podcast_itunes(title: str, host: str, eps: list[Item], *, generator: str,
                   keywords: bool = False, guid_style: str = "uuid", pad_day: bool = True) -> str:
    out = []
    n = len(eps)
    for i, ep in enumerate(eps):
        d = when(i, 168)
        num = n - i
        etype = "trailer" if ep.title.startswith("Trailer") else "bonus" if ep.title.startswith("Bonus") else "full"
        guid = (f'<guid isPermaLink="false">{(0x3f2a9c41 + i * 0x9e37):08x}-8a2c-4d4e-9f3b-{(0x1a2b3c4d5e6f + i):012x}</guid>'
                if guid_style == "uuid" else f"<guid>https://{host}/episodes/{num}</guid>")
        kw = (f"\n      <itunes:keywords>{x(', '.join(ep.tags + ['science podcast']))}</itunes:keywords>"
              if keywords else "")
        out.append(f"""    <item>
      <title>{x(ep.title)}</title>
      <itunes:title>{x(ep.title)}</itunes:title>
      <description>{cdata('<p>' + x(ep.summary) + '</p><p>Support the show: <a href="https://' + host + '/support">' + host + '/support</a></p>')}</description>
      <itunes:summary>{x(ep.summary)}</itunes:summary>
      <pubDate>{rfc822(d, '+0000' if i % 2 else 'GMT', pad_day=pad_day)}</pubDate>
      {guid}
      <link>https://{host}/episodes/{num}</link>
      <enclosure url="https://media.{host}/ep{num:03d}.mp3" length="{48_000_000 - 1_234_567 * i}" type="audio/mpeg"/>
      <itunes:duration>{'00:' if i % 3 else ''}{41 - i}:{(i * 7) % 60:02d}</itunes:duration>
      <itunes:episode>{num}</itunes:episode>
      <itunes:season>4</itunes:season>
      <itunes:episodeType>{etype}</itunes:episodeType>
      <itunes:explicit>false</itunes:explicit>{kw}
    </item>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>{x(title)}</title>
    <link>https://{host}</link>
    <atom:link href="https://feeds.{host}/rss" rel="self" type="application/rss+xml"/>
    <language>en-gb</language>
    <copyright>&#169; 2025 Curious Minds Audio</copyright>
    <generator>{x(generator)}</generator>
    <itunes:author>Maya Brooks</itunes:author>
    <description>Big questions about how everyday things work, answered by the people who know.</description>
    <itunes:type>episodic</itunes:type>
    <itunes:owner>
      <itunes:name>Curious Minds Audio</itunes:name>
      <itunes:email>hello@{host}</itunes:email>
    </itunes:owner>
    <itunes:image href="https://{host}/artwork-3000.jpg"/>
    <itunes:category text="Science">
      <itunes:category text="Natural Sciences"/>
    </itunes:category>
    <itunes:category text="Society &amp; Culture"/>
    <itunes:explicit>false</itunes:explicit>
    <podcast:locked>yes</podcast:locked>
{"".join(out)}  </channel>
</rss>
"""


def mastodon(user: str, server: str, toots: list[str]) -> str:
    """Mastodon: items have no title at all, only HTML descriptions."""
    out = []
    for i, text in enumerate(toots):
        d = when(i, 3.3)
        sid = 113987654321098765 - 48271 * i
        tags = [w[1:].rstrip(".,") for w in text.split() if w.startswith("#")]
        html = " ".join(f'<a href="https://{server}/tags/{t.lower()}" class="mention hashtag" rel="tag">#<span>{t}</span></a>'
                        if w.startswith("#") else x(w) for w, t in
                        ((w, w[1:].rstrip(".,")) for w in text.split()))
        cats = "".join(f"\n      <category>{t.lower()}</category>" for t in tags)
        out.append(f"""    <item>
      <guid isPermaLink="true">https://{server}/@{user}/{sid}</guid>
      <link>https://{server}/@{user}/{sid}</link>
      <pubDate>{rfc822(d)}</pubDate>
      <description>&lt;p&gt;{x(html)}&lt;/p&gt;</description>{cats}
    </item>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:webfeeds="http://webfeeds.org/rss/1.0" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Dana Kowalski</title>
    <description>Public posts from @{user}@{server}</description>
    <link>https://{server}/@{user}</link>
    <image>
      <url>https://files.{server}/accounts/avatars/109/348/original/a1b2c3d4.png</url>
      <title>Dana Kowalski</title>
      <link>https://{server}/@{user}</link>
    </image>
    <lastBuildDate>{rfc822(when(0, 3.3))}</lastBuildDate>
    <webfeeds:icon>https://files.{server}/accounts/avatars/109/348/original/a1b2c3d4.png</webfeeds:icon>
    <generator>Mastodon v4.3.4</generator>
{"".join(out)}  </channel>
</rss>
"""


def reddit(sub: str, posts: list[tuple[str, str]]) -> str:
    """posts: (title, author).  Reddit's Atom: author names are /u/..."""
    entries = []
    for i, (title, who) in enumerate(posts):
        d = when(i, 2.2)
        pid = "".join("abcdefghijklmnopqrstuvwxyz0123456789"[(i * 5 + k * 7 + 11) % 36] for k in range(7))
        link = f"https://www.reddit.com/r/{sub}/comments/{pid}/{slug(title)[:50].replace('-', '_')}/"
        content = (f'&lt;table&gt; &lt;tr&gt;&lt;td&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;https://www.reddit.com/user/{who}&quot;&gt; /u/{who} &lt;/a&gt; '
                   f'&lt;br/&gt; &lt;span&gt;&lt;a href=&quot;{link}&quot;&gt;[comments]&lt;/a&gt;&lt;/span&gt; &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;')
        entries.append(f'<entry><author><name>/u/{who}</name><uri>https://www.reddit.com/user/{who}</uri></author>'
                       f'<category term="{sub}" label="r/{sub}"/><content type="html">{content}</content>'
                       f'<id>t3_{pid}</id><media:thumbnail url="https://b.thumbs.redditmedia.com/{pid}{i}.jpg" />'
                       f'<link href="{link}" /><updated>{iso(d)[:-1]}+00:00</updated><published>{iso(d)[:-1]}+00:00</published>'
                       f"<title>{x(title)}</title></entry>")
    return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
            f'<category term="{sub}" label="r/{sub}"/><updated>{iso(when(0, 2.2))[:-1]}+00:00</updated>'
            f'<icon>https://www.redditstatic.com/icon.png/</icon><id>/r/{sub}/.rss</id>'
            f'<link rel="self" href="https://www.reddit.com/r/{sub}/.rss" type="application/atom+xml" />'
            f'<link rel="alternate" href="https://www.reddit.com/r/{sub}/" type="text/html" />'
            f"<subtitle>A place to talk about the terminal and the programs that live there.</subtitle><title>The Terminal</title>"
            + "".join(entries) + "</feed>")


def hnrss(stories: list[tuple[str, str, str]]) -> str:
    """stories: (title, url, user)."""
    out = []
    for i, (title, url, user) in enumerate(stories):
        d = when(i, 1.1)
        sid = 43351200 - 1379 * i
        pts, com = 412 - 37 * i, 188 - 15 * i
        out.append(f"""<item>
<title><![CDATA[{title}]]></title>
<description><![CDATA[
<p>Article URL: <a href="{url}">{url}</a></p>
<p>Comments URL: <a href="https://news.ycombinator.com/item?id={sid}">https://news.ycombinator.com/item?id={sid}</a></p>
<p>Points: {pts}</p>
<p># Comments: {com}</p>
]]></description>
<pubDate>{rfc822(d)}</pubDate>
<link>{url}</link>
<dc:creator>{user}</dc:creator>
<comments>https://news.ycombinator.com/item?id={sid}</comments>
<guid isPermaLink="false">https://news.ycombinator.com/item?id={sid}</guid>
</item>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Hacker News: Front Page</title><link>https://news.ycombinator.com/</link><description>Hacker News RSS</description><docs>https://hnrss.org/</docs><generator>hnrss v2.1.1</generator><lastBuildDate>{rfc822(when(0, 1.1))}</lastBuildDate><atom:link href="https://hnrss.org/frontpage" rel="self" type="application/rss+xml"></atom:link>
{"".join(out)}</channel></rss>
"""


def hn_frontpage(stories: list[tuple[str, str, str]]) -> str:
    """news.ycombinator.com/rss: one line, no guid, no author."""
    out = "".join(f"<item><title>{x(t)}</title><link>{x(u)}</link>"
                  f"<pubDate>{rfc822(when(i, 1.4))}</pubDate>"
                  f"<comments>https://news.ycombinator.com/item?id={43351900 - 211 * i}</comments>"
                  f'<description><![CDATA[<a href="https://news.ycombinator.com/item?id={43351900 - 211 * i}">Comments</a>]]></description></item>'
                  for i, (t, u, _) in enumerate(stories))
    return ('<rss version="2.0"><channel><title>Hacker News</title><link>https://news.ycombinator.com/</link>'
            f"<description>Links for the intellectually curious, ranked by readers.</description>{out}</channel></rss>")


HN_STORIES = [
    ("Show HN: A terminal news reader that works offline", "https://github.com/ldnews/ldnews", "dkowalski"),
    ("The surprising complexity of date parsing in RSS feeds", "https://blog.example.org/2025/03/rss-dates", "mirak"),
    ("Why SQLite is a great application file format (2014)", "https://www.sqlite.org/appfileformat.html", "tjansen"),
    ("Ask HN: How do you keep up with industry news?", "https://news.ycombinator.com/item?id=43349900", "throwaway_2291"),
    ("Reverse-engineering a 1990s fax machine's firmware", "https://hackaday.example.com/fax-firmware", "ekberg"),
    ("Postgres 18 beta: asynchronous I/O benchmarks", "https://pganalyze.example.com/blog/pg18-aio", "ravim"),
    ("The unreasonable effectiveness of plain text", "https://plaintext.example.net/essay", "sven_a"),
    ("Launch HN: Tiny satellites for weather data (YC W25)", "https://news.ycombinator.com/item?id=43348101", "orbitco"),
]


def bbc_style(its: list[Item], section: str = "UK") -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 2.5)
        aid = 68123456 - 3170 * i
        url = f"https://www.northernbroadcast.example/news/articles/c{aid:x}o"
        out.append(f"""        <item>
            <title><![CDATA[{it.title}]]></title>
            <description><![CDATA[{it.summary.split('. ')[0]}.]]></description>
            <link>{url}?at_medium=RSS&amp;at_campaign=rss</link>
            <guid isPermaLink="false">{url}#{i}</guid>
            <pubDate>{rfc822(d, 'GMT')}</pubDate>
            <media:thumbnail width="240" height="135" url="https://ichef.northernbroadcast.example/ace/standard/240/cpsprodpb/{aid:x}/live/image-{i}.jpg"/>
        </item>
""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet title="XSL_formatting" type="text/xsl" href="/shared/bsp/xsl/rss/nolsol.xsl"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
    <channel>
        <title><![CDATA[NBC News - {section}]]></title>
        <description><![CDATA[NBC News - {section}]]></description>
        <link>https://www.northernbroadcast.example/news/{section.lower()}</link>
        <image>
            <url>https://news.northernbroadcast.example/nol/shared/img/nbc_news_120x60.gif</url>
            <title>NBC News - {section}</title>
            <link>https://www.northernbroadcast.example/news/{section.lower()}</link>
        </image>
        <generator>RSS for Node</generator>
        <lastBuildDate>{rfc822(when(0, 2.5), 'GMT')}</lastBuildDate>
        <atom:link href="https://feeds.northernbroadcast.example/news/{section.lower()}/rss.xml" rel="self" type="application/rss+xml"/>
        <copyright><![CDATA[Copyright: (C) Northern Broadcasting Corporation]]></copyright>
        <language><![CDATA[en-gb]]></language>
        <ttl>15</ttl>
{"".join(out)}    </channel>
</rss>
"""


def guardian_style(its: list[Item], section: str = "world", big: bool = False) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 1.7)
        url = f"https://www.theherald-observer.example/{section}/{d:%Y/%b/%d}/{it.slug}".lower()
        cats = "".join(f'<category domain="https://www.theherald-observer.example/{slug(t)}">{x(t)}</category>'
                       for t in it.tags + ([section.title()] if section.title() not in it.tags else []))
        body = it.html() * (6 if big else 1)
        out.append(f"<item><title>{x(it.title)}</title><link>{url}</link>"
                   f"<description>{x(body + f'<a href={chr(34)}{url}{chr(34)}>Continue reading...</a>')}</description>{cats}"
                   f"<pubDate>{rfc822(d, 'GMT')}</pubDate><guid>{url}</guid>"
                   f'<media:content width="140" url="https://i.observer-media.example/img/media/{i:02x}{it.slug[:8]}/0_0_5000_3000/master/5000.jpg?width=140&amp;quality=85&amp;auto=format&amp;fit=max&amp;s=ab{i}">'
                   f'<media:credit scheme="urn:ebu">Photograph: Staff Photographer/The Herald-Observer</media:credit></media:content>'
                   f"<dc:creator>{x(it.author)}</dc:creator><dc:date>{iso(d)}</dc:date></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" version="2.0">'
            f"<channel><title>{section.title()} news | The Herald-Observer</title><link>https://www.theherald-observer.example/{section}</link>"
            f"<description>Latest {section} news from The Herald-Observer</description><language>en-gb</language>"
            "<copyright>The Herald-Observer and its affiliated companies. All rights reserved. 2025</copyright>"
            f"<pubDate>{rfc822(when(0, 1.7), 'GMT')}</pubDate><dc:date>{iso(when(0, 1.7))}</dc:date><dc:language>en-gb</dc:language>"
            "<dc:rights>(C) The Herald-Observer and its affiliated companies. All rights reserved. 2025</dc:rights>"
            "<image><title>The Herald-Observer</title><url>https://assets.observer-media.example/images/rss-logo.png</url>"
            f"<link>https://www.theherald-observer.example</link></image>" + "".join(out) + "</channel></rss>")


def nyt_style(its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 3.1)
        url = f"https://www.metropolitantimes.example/{d:%Y/%m/%d}/us/{it.slug}.html"
        cats = "".join(f'<category domain="http://www.metropolitantimes.example/namespaces/keywords/{k}">{x(t)}</category>'
                       for k, t in zip(("des", "nyt_org", "nyt_geo", "des"), it.tags))
        out.append(f"""<item><title>{x(it.title)}</title><link>{url}</link><guid isPermaLink="true">{url}</guid><atom:link href="{url}" rel="standout"></atom:link><description>{x(it.summary)}</description><dc:creator>{x(it.author)} and {x(its[(i + 3) % len(its)].author)}</dc:creator><pubDate>{rfc822(d, "EDT")}</pubDate>{cats}<media:content height="1800" medium="image" url="https://static01.metropolitantimes.example/images/{d:%Y/%m/%d}/multimedia/{i:02d}{it.slug[:12]}-mediumSquareAt3X.jpg" width="1800"></media:content><media:credit>Staff Photographer for The Metropolitan Times</media:credit><media:description>{x(it.summary.split('. ')[0])}.</media:description></item>""")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:media="http://search.yahoo.com/mrss/" xmlns:nyt="http://www.metropolitantimes.example/namespaces/rss/2.0" version="2.0">'
            "<channel><title>MT &gt; U.S. News</title><link>https://www.metropolitantimes.example/section/us</link>"
            '<atom:link href="https://rss.metropolitantimes.example/services/xml/rss/mt/US.xml" rel="self" type="application/rss+xml"></atom:link>'
            f"<description></description><language>en-us</language><copyright>Copyright 2025 The Metropolitan Times Company</copyright>"
            f"<lastBuildDate>{rfc822(when(0, 3.1))}</lastBuildDate><pubDate>{rfc822(when(0, 3.1))}</pubDate>"
            "<image><title>MT &gt; U.S. News</title><url>https://static01.metropolitantimes.example/images/misc/MTLogo.gif</url>"
            "<link>https://www.metropolitantimes.example/section/us</link></image>" + "".join(out) + "</channel></rss>")


def wire_atom(its: list[Item]) -> str:
    entries = "".join(f"""<entry>
<title type="text">{x(it.title.upper() if i == 0 else it.title)}</title>
<link rel="alternate" type="text/html" href="https://newswire.example.com/release/{20250314 - i}{i:03d}/{it.slug}"/>
<id>urn:newswire:release:{20250314 - i}{i:03d}</id>
<published>{iso(when(i, 4), -240)}</published>
<updated>{iso(when(i, 4) + timedelta(minutes=5), -240)}</updated>
<author><name>{x(it.author)}</name></author>
<summary type="text">{x(it.summary)}</summary>
<dc:subject>{x(it.tags[0])}</dc:subject>
<dc:contributor>Newswire Distribution Desk</dc:contributor>
</entry>
""" for i, it in enumerate(its))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<title type="text">Newswire: Business releases</title>
<subtitle type="text">Press releases distributed by Newswire</subtitle>
<link rel="self" href="https://newswire.example.com/feeds/business.atom"/>
<link rel="alternate" type="text/html" href="https://newswire.example.com/business"/>
<id>urn:newswire:feed:business</id>
<updated>{iso(when(0, 4), -240)}</updated>
<rights>Copyright 2025 Newswire</rights>
{entries}</feed>
"""


def drupal(its: list[Item]) -> str:
    out = []
    for i, it in enumerate(its):
        d = when(i, 29)
        nid = 1893 - 6 * i
        cats = "".join(f'\n    <category domain="https://www.westvale.gov.example/taxonomy/term/{40 + k}">{x(t)}</category>'
                       for k, t in enumerate(it.tags))
        out.append(f"""  <item>
    <title>{x(it.title)}</title>
    <link>https://www.westvale.gov.example/news/{it.slug}</link>
    <description>{x(it.html())}</description>
    <pubDate>{rfc822(d, '+0000' if i % 2 else '+0100')}</pubDate>
    <dc:creator>Communications team</dc:creator>
    <guid isPermaLink="false">{nid} at https://www.westvale.gov.example</guid>{cats}
    <comments>https://www.westvale.gov.example/news/{it.slug}#comments</comments>
  </item>
""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="https://www.westvale.gov.example/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Westvale District Council - News</title>
    <link>https://www.westvale.gov.example/</link>
    <description>News and announcements from Westvale District Council</description>
    <language>en</language>
    <atom:link href="https://www.westvale.gov.example/rss.xml" rel="self" type="application/rss+xml" />
{"".join(out)}  </channel>
</rss>
"""


def jekyll(its: list[Item]) -> str:
    entries = []
    for i, it in enumerate(its):
        d = when(i, 97)
        url = f"https://ivy.example.dev/{d:%Y/%m/%d}/{it.slug}.html"
        cats = "".join(f'<category term="{xa(t.lower())}" />' for t in it.tags)
        entries.append(f'<entry><title type="html">{x(it.title)}</title><link href="{url}" rel="alternate" type="text/html" title="{xa(it.title)}" />'
                       f"<published>{iso(d, 60, '', False)}</published><updated>{iso(d, 60, '', False)}</updated>"
                       f"<id>{url}</id><content type=\"html\" xml:base=\"{url}\">{x(it.html())}</content>"
                       f"<author><name>Ivy Zhang</name></author>{cats}"
                       f'<summary type="html">{x(it.summary.split(". ")[0])}.</summary></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" >'
            '<generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator>'
            '<link href="https://ivy.example.dev/feed.xml" rel="self" type="application/atom+xml" />'
            '<link href="https://ivy.example.dev/" rel="alternate" type="text/html" />'
            f"<updated>{iso(when(0, 97), 60, '', False)}</updated><id>https://ivy.example.dev/feed.xml</id>"
            '<title type="html">Ivy Zhang</title><subtitle>Networks, slowly explained.</subtitle>'
            "<author><name>Ivy Zhang</name></author>" + "".join(entries) + "</feed>")


def hugo(its: list[Item]) -> str:
    out = "".join(f"""    <item>
      <title>{x(it.title)}</title>
      <link>https://sven.example.io/posts/{it.slug}/</link>
      <pubDate>{rfc822(when(i, 120), '+0200')}</pubDate>
      
      <guid>https://sven.example.io/posts/{it.slug}/</guid>
      <description>{x(it.html())}</description>
    </item>
""" for i, it in enumerate(its))
    return f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Posts on Sven Aalto</title>
    <link>https://sven.example.io/posts/</link>
    <description>Recent content in Posts on Sven Aalto</description>
    <generator>Hugo -- 0.145.0</generator>
    <language>en-us</language>
    <lastBuildDate>{rfc822(when(0, 120), '+0200')}</lastBuildDate>
    <atom:link href="https://sven.example.io/posts/index.xml" rel="self" type="application/rss+xml" />
{out}  </channel>
</rss>
"""


def tumblr(posts: list[tuple[str, str, list[str]]]) -> str:
    out = []
    for i, (title, text, tags) in enumerate(posts):
        pid = 761209344512000000 - 80_000_000_000 * i
        cats = "".join(f"<category>{x(t)}</category>" for t in tags)
        out.append(f"<item><title>{x(title)}</title><description>{x(text)}</description>"
                   f"<link>https://ceramics-and-coffee.tumblr.com/post/{pid}/{slug(title)}</link>"
                   f"<guid>https://ceramics-and-coffee.tumblr.com/post/{pid}</guid>"
                   f"<pubDate>{rfc822(when(i, 22), '-0400')}</pubDate>{cats}<dc:creator>ceramics-and-coffee</dc:creator></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>'
            "<description>Wheel-thrown things and the coffee that fuels them.</description><title>Ceramics and Coffee</title>"
            "<generator>Tumblr (3.0; @ceramics-and-coffee)</generator><link>https://ceramics-and-coffee.tumblr.com/</link>"
            + "".join(out) + "</channel></rss>\n")


def squarespace(posts: list[tuple[str, str]]) -> str:
    out = "".join(f"""<item>
      <title>{x(t)}</title>
      <dc:creator>Beatriz Lima</dc:creator>
      <pubDate>{rfc822(when(i, 150))}</pubDate>
      <link>https://www.limaflorals.example/journal/{slug(t)}</link>
      <guid isPermaLink="false">5e8f2c1b4a9d7e0012ab34cd:5e8f2d9e1c3b4a0015ef6789:65f{i:02d}b1e2c3d4e5f6a7b8c9</guid>
      <description><![CDATA[<p class="">{x(s)}</p>]]></description>
    </item>""" for i, (t, s) in enumerate(posts))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!--Generated by Squarespace Site Server v5.13.881 (http://www.squarespace.com) on Fri, 14 Mar 2025 08:35:01 GMT
--><rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://www.rssboard.org/media-rss" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>Journal - Lima Florals</title><link>https://www.limaflorals.example/journal/</link><lastBuildDate>{rfc822(when(0, 150))}</lastBuildDate><language>en-GB</language><generator>Site-Server v5.13.881 (http://www.squarespace.com)</generator><description><![CDATA[]]></description>{out}</channel></rss>
"""


def rdf(*, title: str, link: str, desc: str, rows: list[dict], head: str = "",
        ns: str = "", encoding: str = "UTF-8", lang: str = "en-us") -> str:
    """RSS 1.0: rows are dicts with about/title/link/description and any
    extra raw XML under 'extra'."""
    seq = "".join(f'\n        <rdf:li rdf:resource="{xa(r["about"])}" />' for r in rows)
    body = "".join(f"""
<item rdf:about="{xa(r['about'])}">
<title>{x(r['title'])}</title>
<link>{x(r['link'])}</link>
<description>{x(r.get('description', ''))}</description>{r.get('extra', '')}
</item>
""" for r in rows)
    return f"""<?xml version="1.0" encoding="{encoding}"?>

<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"{ns}
>

<channel rdf:about="{xa(link)}">
<title>{x(title)}</title>
<link>{x(link)}</link>
<description>{x(desc)}</description>
<dc:language>{lang}</dc:language>{head}
<items>
    <rdf:Seq>{seq}
    </rdf:Seq>
</items>
</channel>
{body}
</rdf:RDF>
"""


def rdf_slashdot(its: list[Item]) -> str:
    rows = []
    for i, it in enumerate(its):
        d = when(i, 2.9)
        sid = f"25/03/{14 - i // 3:02d}/{(1830 - 117 * i) % 2400:04d}{(i * 233) % 1000:03d}"
        url = f"https://tech.slashnews.example/story/{sid}/{it.slug}?utm_source=rss1.0mainlinkanon"
        rows.append({"about": url, "title": it.title, "link": url,
                     "description": it.summary + f' <p><div class="share_submission"></div></p><p><a href="{url}">Read more of this story</a> at Slashnews.</p>',
                     "extra": f"""
<dc:creator>msmash</dc:creator>
<dc:date>{iso(d, 0, '', False)}</dc:date>
<dc:subject>{x(it.tags[0].lower())}</dc:subject>
<slash:department>{x(['that-was-quick', 'not-a-moment-too-soon', 'who-knew', 'long-time-coming'][i % 4])}</slash:department>
<slash:section>{['news', 'it', 'science', 'yro'][i % 4]}</slash:section>
<slash:comments>{(i * 41 + 7) % 300}</slash:comments>
<slash:hit_parade>{(i * 41 + 7) % 300},{(i * 40) % 280},{(i * 30) % 200},{i * 20},{i * 9},{i * 4},{i}</slash:hit_parade>"""})
    head = f"""
<dc:rights>Copyright 1997-2025, OSDN - Slashnews Media. All Rights Reserved.</dc:rights>
<dc:date>{iso(when(0, 2.9), 0, '', False)}</dc:date>
<dc:publisher>Slashnews Media</dc:publisher>
<dc:creator>help@slashnews.example</dc:creator>
<dc:subject>Technology</dc:subject>
<syn:updateBase>1970-01-01T00:00+00:00</syn:updateBase>
<syn:updateFrequency>1</syn:updateFrequency>
<syn:updatePeriod>hourly</syn:updatePeriod>"""
    return rdf(title="Slashnews", link="https://tech.slashnews.example/",
               desc="News for nerds, stuff that matters", rows=rows, head=head,
               ns='\n xmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n xmlns:taxo="http://purl.org/rss/1.0/modules/taxonomy/"\n xmlns:admin="http://webns.net/mvcb/"\n xmlns:syn="http://purl.org/rss/1.0/modules/syndication/"')


def rdf_arxiv() -> str:
    papers = [
        ("Robust Date Extraction from Heterogeneous Web Syndication Formats", "Anna Kovacs, Li Wei, Marco Bianchi"),
        ("A Survey of Character Encoding Errors in Crawled XML", "Jonas Berg, Priyanka Rao"),
        ("Streaming Parsers for Untrusted Markup: Bounds and Practice", "Samuel Okafor"),
        ("On the Deduplication of News Items Across Syndication Feeds", "Elif Demir, Hiroshi Tanaka, Nora Lund"),
        ("Measuring Feed Freshness at Web Scale", "Carlos Mendes, Aoife Byrne"),
    ]
    rows = []
    for i, (title, authors) in enumerate(papers):
        aid = f"2503.{10841 - 113 * i:05d}"
        rows.append({"about": f"http://arxiv.org/abs/{aid}", "title": f"{title}. (arXiv:{aid}v1 [cs.IR])",
                     "link": f"http://arxiv.org/abs/{aid}",
                     "description": f"<p>We study {title[0].lower() + title[1:]}. Experiments on a corpus of two million documents show consistent gains.</p>",
                     "extra": f"\n<dc:creator>{x(authors)}</dc:creator>"})
    return rdf(title="cs.IR updates on arXiv.org", link="http://arxiv.org/",
               desc="Computer Science -- Information Retrieval (cs.IR) updates on the arXiv.org e-print archive",
               rows=rows, head="\n<dc:publisher>help@arxiv.org</dc:publisher>\n<dc:subject>Computer Science -- Information Retrieval</dc:subject>\n<syn:updateBase>1901-01-01T00:00+00:00</syn:updateBase>\n<syn:updateFrequency>1</syn:updateFrequency>\n<syn:updatePeriod>daily</syn:updatePeriod>",
               ns='\n xmlns:syn="http://purl.org/rss/1.0/modules/syndication/"\n xmlns:admin="http://webns.net/mvcb/"\n xmlns:taxo="http://purl.org/rss/1.0/modules/taxonomy/"')


def rdf_movabletype(its: list[Item]) -> str:
    rows = []
    for i, it in enumerate(its):
        d = when(i, 61)
        url = f"http://www.marginalia-notes.example/archives/{d:%Y/%m}/{it.slug.replace('-', '_')[:15]}.html"
        rows.append({"about": url, "title": it.title, "link": url, "description": it.summary,
                     "extra": f"""
<dc:subject>{x(it.tags[0])}</dc:subject>
<dc:creator>{x(it.author)}</dc:creator>
<dc:date>{iso(d, -300, '', False)}</dc:date>"""})
    return rdf(title="Marginalia", link="http://www.marginalia-notes.example/",
               desc="Notes in the margins of software.", rows=rows,
               head="\n<dc:creator>editor@marginalia-notes.example</dc:creator>\n<dc:date>2025-03-14T03:30:00-05:00</dc:date>\n<admin:generatorAgent rdf:resource=\"http://www.movabletype.org/?v=3.35\" />",
               ns='\n xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n xmlns:admin="http://webns.net/mvcb/"\n xmlns:cc="http://web.resource.org/cc/"')


def rdf_pinboard() -> str:
    marks = [("Understanding RSS date formats", "https://datewrangler.example.org/rss-dates", "rss dates parsing"),
             ("The XML 1.0 specification, fifth edition", "https://www.w3.org/TR/xml/", "xml spec reference"),
             ("A field guide to character encodings", "https://encodings.example.net/guide", "unicode encoding"),
             ("Kiosk mode terminals in public libraries", "https://libtech.example.org/kiosks", "libraries terminal kiosk")]
    rows = [{"about": u, "title": t, "link": u, "description": "",
             "extra": f"\n<dc:creator>ruthless_reader</dc:creator>\n<dc:date>{iso(when(i, 11), 0, '', True)}</dc:date>\n<dc:subject>{x(tags)}</dc:subject>\n<taxo:topics><rdf:Bag>"
                      + "".join(f'<rdf:li rdf:resource="https://pinboard.in/u:ruthless_reader/t:{t}"/>' for t in tags.split())
                      + "</rdf:Bag></taxo:topics>"} for i, (t, u, tags) in enumerate(marks)]
    return rdf(title="Pinboard (ruthless_reader)", link="https://pinboard.in/u:ruthless_reader/public/",
               desc="", rows=rows, ns='\n xmlns:taxo="http://purl.org/rss/1.0/modules/taxonomy/"')


def rss091(its: list[Item], *, doctype: str = "", lang: str = "en", decl_enc: str = "ISO-8859-1",
           ns: str = "", title: str = "Harbourside Weekly") -> str:
    out = "".join(f"""<item>
<title>{x(it.title)}</title>
<link>http://www.harbourside.example/stories/{it.slug[:20]}.html</link>
<description>{x(it.summary)}</description>
</item>
""" for it in its)
    return f"""<?xml version="1.0" encoding="{decl_enc}"?>
{doctype}<rss version="0.91"{ns}>
<channel>
<title>{x(title)}</title>
<link>http://www.harbourside.example/</link>
<description>The week's news from the harbour towns.</description>
<language>{lang}</language>
<copyright>Copyright 2001, Harbourside Publishing.</copyright>
<managingEditor>editor@harbourside.example</managingEditor>
<webMaster>webmaster@harbourside.example</webMaster>
<image>
<title>Harbourside Weekly</title>
<url>http://www.harbourside.example/images/hw88.gif</url>
<link>http://www.harbourside.example/</link>
<width>88</width>
<height>31</height>
</image>
{out}</channel>
</rss>
"""


def rss092(its: list[Item]) -> str:
    out = "".join(f"""		<item>
			<title>{x(it.title)}</title>
			<description>{x(it.summary)}</description>
			<category domain="http://www.radio-notes.example/categories">{x(it.tags[0])}</category>
			<enclosure url="http://www.radio-notes.example/audio/{it.slug[:16]}.mp3" length="{3_400_000 + 91_311 * i}" type="audio/mpeg"/>
			</item>
""" for i, it in enumerate(its))
    return f"""<?xml version="1.0"?>
<!-- RSS generated by Radio UserLand v8.2.1 on Fri, 14 Mar 2025 08:30:00 GMT -->
<rss version="0.92">
	<channel>
		<title>Radio Notes</title>
		<link>http://www.radio-notes.example/</link>
		<description>A weblog with the occasional recording.</description>
		<lastBuildDate>Fri, 14 Mar 2025 08:30:00 GMT</lastBuildDate>
		<docs>http://backend.userland.com/rss092</docs>
		<managingEditor>owen@radio-notes.example (Owen Pritchard)</managingEditor>
		<webMaster>owen@radio-notes.example (Owen Pritchard)</webMaster>
		<cloud domain="rpc.sys.com" port="80" path="/RPC2" registerProcedure="pingMe" protocol="soap"/>
{out}		</channel>
	</rss>
"""


def atom03(*, title: str, home: str, entries: list[str], extra_ns: str = "",
           head: str = "", encoding: str = "utf-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            f'<feed version="0.3" xmlns="http://purl.org/atom/ns#"{extra_ns} xml:lang="en">\n'
            f"  <title mode=\"escaped\" type=\"text/html\">{x(title)}</title>\n"
            f'  <link rel="alternate" type="text/html" href="{xa(home)}"/>\n'
            f"  <modified>{iso(when(0, 33))}</modified>\n{head}"
            + "".join(entries) + "</feed>\n")


def atom03_entry(it: Item, i: int, home: str, *, title_mode: str = "escaped",
                 content_mode: str = "escaped", content_type: str = "text/html",
                 content: str | None = None, step: float = 33) -> str:
    d = when(i, step)
    body = content if content is not None else x(it.html())
    return f"""  <entry>
    <title mode="{title_mode}" type="text/html">{x(x(it.title)) if title_mode == 'escaped' else x(it.title)}</title>
    <link rel="alternate" type="text/html" href="{xa(home)}{d:%Y/%m}/{it.slug}.html"/>
    <author>
      <name>{x(it.author)}</name>
    </author>
    <id>tag:{home.split('/')[2]},{d:%Y}:{home.split('/')[2]}.post-{90210 - 17 * i}</id>
    <issued>{iso(d, -480, '', False)}</issued>
    <modified>{iso(d + timedelta(minutes=40))}</modified>
    <created>{iso(d)}</created>
    <content type="{content_type}" mode="{content_mode}" xml:base="{xa(home)}" xml:space="preserve">{body}</content>
  </entry>
"""


def jsonfeed(version: str, *, title: str, home: str, feed_url: str, items_: list[dict],
             extra: dict | None = None) -> str:
    import json
    doc = {"version": f"https://jsonfeed.org/version/{version}", "title": title,
           "home_page_url": home, "feed_url": feed_url}
    doc.update(extra or {})
    doc["items"] = items_
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def discourse(topics: list[tuple[str, str, str]]) -> str:
    out = "".join(f"""      <item>
        <title>{x(t)}</title>
        <dc:creator><![CDATA[{who}]]></dc:creator>
        <category>{x(cat)}</category>
        <description><![CDATA[
            <p>{x(t)}? I have been trying for a week and cannot get it to work.</p>
            <p><small>{3 + i} posts - {2 + i % 3} participants</small></p>
            <p><a href="https://forum.termfolk.example/t/{slug(t)}/{8812 - 19 * i}">Read full topic</a></p>
          ]]></description>
        <link>https://forum.termfolk.example/t/{slug(t)}/{8812 - 19 * i}</link>
        <pubDate>{rfc822(when(i, 6))}</pubDate>
        <discourse:topicPinned>No</discourse:topicPinned>
        <discourse:topicClosed>No</discourse:topicClosed>
        <discourse:topicArchived>No</discourse:topicArchived>
        <guid isPermaLink="false">forum.termfolk.example-topic-{8812 - 19 * i}</guid>
        <source url="https://forum.termfolk.example/t/{slug(t)}/{8812 - 19 * i}.rss">{x(t)}</source>
      </item>
""" for i, (t, who, cat) in enumerate(topics))
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:discourse="http://www.discourse.org/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Termfolk Forum - Latest topics</title>
    <link>https://forum.termfolk.example/latest</link>
    <description>Latest topics</description>
      <atom:link href="https://forum.termfolk.example/latest.rss" rel="self" type="application/rss+xml" />
{out}  </channel>
</rss>
"""


def stackexchange(qs: list[tuple[str, list[str], str]]) -> str:
    entries = "".join(f"""    <entry>
        <id>https://unix.stackexchange.example/q/{791200 - 57 * i}</id>
        <re:rank scheme="https://unix.stackexchange.example">{i % 4}</re:rank>
        <title type="text">{x(t)}</title>
        {"".join(f'<category scheme="https://unix.stackexchange.example/tags" term="{xa(tag)}" />' for tag in tags)}
        <author>
            <name>{x(who)}</name>
            <uri>https://unix.stackexchange.example/users/{40211 + 13 * i}</uri>
        </author>
        <link rel="alternate" href="https://unix.stackexchange.example/questions/{791200 - 57 * i}/{slug(t)}" />
        <published>{iso(when(i, 0.9))}</published>
        <updated>{iso(when(i, 0.9) + timedelta(minutes=3))}</updated>
        <summary type="html">
            &lt;p&gt;{x(x(t))} I have tried the obvious things.&lt;/p&gt;
        </summary>
    </entry>
""" for i, (t, tags, who) in enumerate(qs))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule" xmlns:re="http://purl.org/atompub/rank/1.0">
    <title type="text">Newest questions - Unix &amp; Linux Stack Exchange</title>
    <link rel="self" href="https://unix.stackexchange.example/feeds" type="application/atom+xml" />
    <link rel="alternate" href="https://unix.stackexchange.example/questions" type="text/html" />
    <subtitle>most recent 30 from unix.stackexchange.example</subtitle>
    <updated>{iso(when(0, 0.9))}</updated>
    <id>https://unix.stackexchange.example/feeds</id>
    <creativeCommons:license>https://creativecommons.org/licenses/by-sa/4.0/rdf</creativeCommons:license>
{entries}</feed>
"""


def google_news(its: list[Item], sources: list[str]) -> str:
    out = []
    for i, it in enumerate(its):
        src = sources[i % len(sources)]
        art = f"CBMi{''.join('abcdefghijklmnopqrstuvwxyzABCDEF0123456789'[(i * 3 + k * 5) % 42] for k in range(48))}"
        out.append(f'<item><title>{x(it.title)} - {x(src)}</title>'
                   f"<link>https://news.google.com/rss/articles/{art}?oc=5</link>"
                   f'<guid isPermaLink="false">{art}</guid><pubDate>{rfc822(when(i, 1.3), "GMT")}</pubDate>'
                   f'<description>{x(f"<a href={chr(34)}https://news.google.com/rss/articles/{art}?oc=5{chr(34)} target={chr(34)}_blank{chr(34)}>{x(it.title)}</a>&nbsp;&nbsp;<font color={chr(34)}#6f6f6f{chr(34)}>{x(src)}</font>")}</description>'
                   f'<source url="https://www.{slug(src)}.example">{x(src)}</source></item>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            "<generator>NFE/5.0</generator><title>Top stories - Google News</title><link>https://news.google.com/?hl=en-GB&amp;gl=GB&amp;ceid=GB:en</link>"
            f"<language>en-GB</language><webMaster>news-webmaster@google.com</webMaster><copyright>2025 Google. All rights reserved. This XML feed is made available solely for the purpose of rendering Google News results within a personal feed reader for personal, non-commercial use. Any other use of the feed is expressly prohibited. By accessing this feed or using these results in any manner whatsoever, you agree to be bound by the foregoing restrictions.</copyright>"
            f"<lastBuildDate>{rfc822(when(0, 1.3), 'GMT')}</lastBuildDate><description>Google News</description>" + "".join(out) + "</channel></rss>")


def mediawiki(changes: list[tuple[str, str, str]]) -> str:
    entries = "".join(f"""	<entry>
		<id>https://wiki.termfolk.example/w/index.php?title={t.replace(' ', '_')}&amp;diff={551900 - 31 * i}&amp;oldid={551870 - 31 * i}</id>
		<title>{x(t)}</title>
		<link rel="alternate" type="text/html" href="https://wiki.termfolk.example/w/index.php?title={t.replace(' ', '_')}&amp;diff={551900 - 31 * i}&amp;oldid={551870 - 31 * i}"/>
		<updated>{iso(when(i, 0.6))}</updated>

		<summary type="html">&lt;p&gt;{x(x(summary))}&lt;/p&gt;
&lt;table style="background-color: #fff; color: #202122;" data-mw="interface"&gt;&lt;tr&gt;&lt;td&gt;(one intermediate revision by the same user not shown)&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</summary>
		<author><name>{x(who)}</name></author>
	</entry>
""" for i, (t, who, summary) in enumerate(changes))
    return f"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
	<id>https://wiki.termfolk.example/w/api.php?action=feedrecentchanges&amp;feedformat=atom</id>
	<title>Termfolk Wiki  - Recent changes [en]</title>
	<link rel="self" type="application/atom+xml" href="https://wiki.termfolk.example/w/api.php?action=feedrecentchanges&amp;feedformat=atom"/>
	<link rel="alternate" type="text/html" href="https://wiki.termfolk.example/wiki/Special:RecentChanges"/>
	<updated>{iso(when(0, 0.6))}</updated>
	<subtitle>Track the most recent changes to the wiki in this feed.</subtitle>
	<generator>MediaWiki 1.42.1</generator>
{entries}</feed>
"""


def letterboxd(films: list[tuple[str, int, float, str]]) -> str:
    out = "".join(f"""
    <item>
      <title>{x(f)}, {y} - {'★' * int(r)}{'½' if r % 1 else ''}</title>
      <link>https://letterboxd.com/marguerite/film/{slug(f)}/</link>
      <guid isPermaLink="false">letterboxd-review-{81234567 - 3301 * i}</guid>
      <pubDate>{rfc822(when(i, 44), '+1200', pad_day=False)}</pubDate>
      <letterboxd:watchedDate>{when(i, 44):%Y-%m-%d}</letterboxd:watchedDate>
      <letterboxd:rewatch>No</letterboxd:rewatch>
      <letterboxd:filmTitle>{x(f)}</letterboxd:filmTitle>
      <letterboxd:filmYear>{y}</letterboxd:filmYear>
      <letterboxd:memberRating>{r}</letterboxd:memberRating>
      <tmdb:movieId>{500000 + 7919 * i}</tmdb:movieId>
      <description><![CDATA[ <p><img src="https://a.ltrbxd.com/resized/film-poster/{i}/{slug(f)}-0-600-0-900-crop.jpg"/></p> <p>{x(note)}</p> ]]></description>
      <dc:creator>Marguerite</dc:creator>
    </item>""" for i, (f, y, r, note) in enumerate(films))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:letterboxd="https://letterboxd.com" xmlns:tmdb="https://themoviedb.org">
  <channel>
    <title>Letterboxd - Marguerite</title>
    <link>https://letterboxd.com/marguerite/</link>
    <description>Letterboxd - Marguerite</description>
    <atom:link rel="self" href="https://letterboxd.com/marguerite/rss/" type="application/rss+xml" xmlns:atom="http://www.w3.org/2005/Atom"/>{out}
  </channel>
</rss>
"""


# ---------------------------------------------------------------------------
# The ordinary feeds: one or more per generator.
# ---------------------------------------------------------------------------

def register_generators() -> None:
    add("gen-wordpress.xml", "gen", "WordPress 6.7 RSS 2.0: content:encoded, CDATA categories, guid ?p=, &#8217; in titles",
        wordpress_rss("Riverside Gazette", "riversidegazette.example", items(NEWS, 0, 8)))
    add("gen-wordpress-comments.xml", "gen", "WordPress comments feed: titles 'By: name', no categories",
        wordpress_comments("riversidegazette.example", NEWS[0]))
    add("gen-wordpress-atom.xml", "gen", "WordPress Atom: title type=html in CDATA, thr:total, xml:base on content",
        wordpress_atom("buildnotes.example.com", items(TECH, 0, 6)))
    add("gen-wordpress-summary-only.xml", "gen", "WordPress set to summaries: no content:encoded, -0500 dates",
        wordpress_rss("Cedar Falls Courier", "cedarfallscourier.example", items(SPORT, 0, 6),
                      lang="en-US", zone="-0500", first_id=912, content=False))
    add("gen-blogger-atom.xml", "gen", "Blogger Atom: single-quoted attributes, -07:00 dates with millis, blogger categories",
        blogger_atom("4718263510298374651", "plot42allotment.blogspot.com",
                     [Item("First earlies in the ground", ["Potatoes", "Spring"], "Ruth Ellison", "Charlotte and Rocket went in today. The soil was just warm enough."),
                      Item("The great slug war of 2025", ["Pests"], "Ruth Ellison", "Beer traps caught forty in one night. The hedgehog caught more."),
                      Item("Seed swap at the community hall", ["Events", "Seeds"], "Ruth Ellison", "Sixty people came. I left with twelve kinds of tomato."),
                      Item("Building raised beds from old scaffold boards", ["DIY"], "Ruth Ellison", "Four beds for the price of the screws. Pictures below."),
                      Item("Why my broad beans failed", ["Beans", "Lessons"], "Ruth Ellison", "Too early, too cold, too many mice. Next year in pots first.")]))
    add("gen-blogger-rss.xml", "gen", "Blogger RSS 2.0: author as 'noreply@blogger.com (Name)', atom:updated",
        blogger_rss("8203947561029384756", "rackinthecupboard.blogspot.com", items(TECH, 5, 5)))
    add("gen-ghost.xml", "gen", "Ghost 5 RSS: CDATA everywhere, media:content, GMT dates, hex guids",
        ghost_rss("teamcraft.example.blog", "Teamcraft", items(TECH, 10, 6)))
    add("gen-substack.xml", "gen", "Substack: CDATA, image enclosure length 0, itunes/googleplay owner tags",
        substack_rss("moneyandmarkets", "Money & Markets, Weekly", items(FINANCE, 0, 5)))
    add("gen-medium.xml", "gen", "Medium: lowercase hyphenated categories, tracking pixel, atom:updated with millis",
        medium_rss("kwame.mensah", items(TECH, 6, 5)))
    add("gen-feedburner-rss.xml", "gen", "FeedBurner RSS: proxied links, feedburner:origLink, PST dates, stylesheet PIs",
        feedburner_rss(items(NEWS, 8, 6)))
    add("gen-feedburner-atom.xml", "gen", "FeedBurner Atom: proxied alternate links, -05:00 dates",
        feedburner_atom(items(TECH, 15, 5)))
    add("gen-youtube.xml", "gen", "YouTube channel Atom: yt:videoId, media:group with media:title/description",
        youtube("UCq3mZ7vK9xPbN2rT5wY8sLd", "Workshop Weekly", [
            ("Restoring a 1950s hand plane (full process)", "Rust removal, flattening the sole and sharpening the iron."),
            ("5 jigs every small workshop needs", "Simple jigs from offcuts that make cuts safer and faster."),
            ("Live Q&A: your joinery questions answered", "Recorded live. Dovetails, glue and wood movement."),
            ("I tried the cheapest table saw on the market", "Is it safe? Is it square? Three months of use."),
            ("Shop tour 2025 | what changed", "New dust extraction and a wall of clamps.")]))
    add("gen-youtube-playlist.xml", "gen", "YouTube playlist Atom: yt:playlistId, numbers and pipes in titles",
        youtube("UC7xLp2Qn4Rt6Vz8Bm1Ck3Jh", "City Council Meetings", [
            ("Full Council | 12 March 2025", "Agenda items 1-14. Public questions start at 0:42:10."),
            ("Planning Committee | 5 March 2025", "Applications for the harbour site and Elm Road."),
            ("Budget Scrutiny | 26 February 2025", "Questions to the cabinet member for finance.")], playlist="PLx3mZ7vK9xPbN2rT5wY8sLd0aQ1"))
    add("gen-github-releases.xml", "gen", "GitHub releases Atom: version titles, escaped HTML release notes",
        github_releases("harbourlabs/tidewatch"))
    add("gen-github-commits.xml", "gen", "GitHub commits Atom: titles with surrounding white space and newlines",
        github_commits("harbourlabs/tidewatch"))
    add("gen-gitlab-tags.xml", "gen", "GitLab tags Atom: plain content, author email",
        gitlab_tags("termfolk/ringbuf"))
    add("gen-podcast-itunes.xml", "gen", "Podcast RSS (Apple spec): itunes:episode/season/episodeType, mp3 enclosures",
        podcast_itunes("Curious Minds", "curiousminds.example", items(PODCAST, 0, 7),
                       generator="Transistor (https://transistor.fm)"))
    add("gen-podcast-anchor.xml", "gen", "Podcast as Anchor/Spotify writes it: itunes:keywords on episodes",
        podcast_itunes("Curious Minds (Anchor mirror)", "anchor.example.fm", items(PODCAST, 3, 6),
                       generator="Anchor Podcasts", keywords=True))
    add("gen-podcast-libsyn.xml", "gen", "Podcast as Libsyn writes it: permalink guids, one-digit days in dates",
        podcast_itunes("Curious Minds Archive", "curiousminds.libsyn.example", items(PODCAST, 5, 5),
                       generator="Libsyn WebEngine 2.0", guid_style="link", pad_day=False))
    add("gen-mastodon.xml", "gen", "Mastodon account RSS: items without titles, hashtags as categories",
        mastodon("dkowalski", "fosstodon.example", [
            "Spent the morning reading RSS feeds from 2004. Every one of them is broken in a different way. #RSS #OpenSource",
            "Reminder: your parser is only as good as the worst feed your users subscribe to.",
            "New release of the feed fixtures repo is out. Thanks to everyone who sent broken feeds! #Testing",
            "Today I learned that some podcast hosts put the episode number in itunes:title only. #Podcasting",
            "Coffee, then date parsing. In that order."]))
    add("gen-reddit.xml", "gen", "Reddit subreddit Atom: /u/ authors, category with label, +00:00 dates",
        reddit("commandline", [
            ("What is your favourite terminal RSS reader in 2025?", "tuxfan88"),
            ("I wrote a tiny tool to turn man pages into flashcards", "carl_j"),
            ("PSA: check your shell history for secrets before sharing dotfiles", "sec_minded"),
            ("tmux vs screen, the eternal debate, now with benchmarks", "paneless"),
            ("Show-off Saturday: my 40-column setup on a 2009 netbook", "oldhardware")]))
    add("gen-hackernews-hnrss.xml", "gen", "hnrss.org front page: CDATA titles, dc:creator, comments links",
        hnrss(HN_STORIES))
    add("gen-hackernews-frontpage.xml", "gen", "news.ycombinator.com/rss: no declaration, no guid, one line",
        hn_frontpage(HN_STORIES[:6]))
    add("gen-news-bbc-style.xml", "gen", "BBC-style RSS: CDATA titles, tracking query strings, media:thumbnail",
        bbc_style(items(NEWS, 4, 8)))
    add("gen-news-guardian-style.xml", "gen", "Guardian-style RSS: many categories with domain, dc:creator, dc:date and pubDate",
        guardian_style(items(NEWS, 12, 7)))
    add("gen-news-nyt-style.xml", "gen", "NYT-style RSS: keyword categories, two-author dc:creator, media:credit",
        nyt_style(items(NEWS, 16, 6)))
    add("gen-newswire-atom.xml", "gen", "Press-release wire Atom: dc:subject, upper-case first headline, -04:00 dates",
        wire_atom(items(FINANCE, 0, 5)))
    add("gen-drupal.xml", "gen", "Drupal 7 RSS: xml:base on rss, 'N at host' guids, +0100/+0000 dates",
        drupal(items(NEWS, 19, 5)))
    add("gen-jekyll.xml", "gen", "jekyll-feed Atom: title type=html, +01:00 dates, lower-case categories",
        jekyll(items(TECH, 12, 5)))
    add("gen-hugo.xml", "gen", "Hugo RSS: standalone=yes, guid equals link, +0200 dates, no categories",
        hugo(items(TECH, 19, 6)))
    add("gen-tumblr.xml", "gen", "Tumblr RSS: one-line channel, -0400 dates, many tags", tumblr([
        ("Spring glaze tests", "<p>Six test tiles, two keepers. The celadon finally behaved.</p>", ["pottery", "glaze", "ceramics"]),
        ("Studio mug of the week", "<p>Thrown, trimmed, and very slightly wonky.</p>", ["mugs", "handmade"]),
        ("Kiln opening!", "<p>Cone 6, 41 pieces, two cracks. Not bad.</p>", ["kiln", "ceramics"]),
        ("New pour-over set", "<p>Dripper, carafe and two cups. All speckled stoneware.</p>", ["coffee", "stoneware"])]))
    add("gen-squarespace.xml", "gen", "Squarespace RSS: comment before the root, empty CDATA description", squarespace([
        ("Spring wedding flowers: what is in season", "Ranunculus, anemones and the first sweet peas."),
        ("How to make cut tulips last a week", "Cold water, a sharp knife and a pin through the stem."),
        ("Behind the scenes: a hotel lobby installation", "Four hundred stems and a very tall ladder."),
        ("Workshop dates for April", "Two wreath workshops and a beginners' class.")]))
    add("gen-rss10-slashdot.xml", "gen", "Slashdot-style RSS 1.0: slash:, syn:, dc:date with +00:00",
        rdf_slashdot(items(TECH, 2, 6)))
    add("gen-rss10-arxiv.xml", "gen", "arXiv-style RSS 1.0: long titles with (arXiv:...), multi-author dc:creator",
        rdf_arxiv())
    add("gen-rss10-movabletype.xml", "gen", "Movable Type index.rdf: dc:date -05:00, admin:generatorAgent",
        rdf_movabletype(items(TECH, 20, 5)))
    add("gen-rss10-pinboard.xml", "gen", "Pinboard RSS 1.0: space-separated dc:subject tags, taxo:topics",
        rdf_pinboard())
    add("gen-rss091-userland.xml", "gen", "RSS 0.91 without DOCTYPE: no dates, no guids, ISO-8859-1 declared (ASCII content)",
        rss091(items(NEWS, 2, 5)))
    add("gen-rss092-radio.xml", "gen", "Radio UserLand RSS 0.92: items without titles, enclosures, cloud",
        rss092(items(PODCAST, 0, 4)))
    home = "https://oldschool-notes.blogspot.example/"
    add("gen-atom03-blogger.xml", "gen", "Atom 0.3 as old Blogger wrote it: escaped titles, issued/modified",
        atom03(title="Old School Notes", home=home,
               entries=[atom03_entry(it, i, home) for i, it in enumerate(items(TECH, 8, 4))]))
    home2 = "https://typepad.example.com/kitchen_table/"
    add("gen-atom03-typepad.xml", "gen", "Atom 0.3 as TypePad wrote it: dc:subject, xml-mode content",
        atom03(title="The Kitchen Table", home=home2, extra_ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"',
               entries=[atom03_entry(it, i, home2, content_mode="xml", content_type="application/xhtml+xml",
                                     content=f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{x(it.summary)}</p></div>')
                        .replace("  </entry>", f"    <dc:subject>{x(it.tags[0])}</dc:subject>\n  </entry>")
                        for i, it in enumerate(items(NEWS, 21, 4))]))
    register_json_generators()
    add("gen-discourse.xml", "gen", "Discourse latest topics: source element, discourse: namespace", discourse([
        ("How do I make the reader open links in w3m", "elena_r", "Support"),
        ("Feature request: per-feed refresh intervals", "kofi", "Feature"),
        ("Sharing my config for a kiosk in a library", "ruthless_reader", "Show and tell"),
        ("Crash when a feed has an empty guid", "mira_k", "Bug")]))
    add("gen-stackexchange.xml", "gen", "Stack Exchange questions Atom: re:rank, several categories, summary type=html", stackexchange([
        ("How can I strip control characters from a file with sed?", ["sed", "text-processing"], "Greg H"),
        ("Why does my cron job not see my PATH?", ["cron", "environment-variables"], "noor"),
        ("Convert ISO-8859-1 subtitles to UTF-8 in place", ["character-encoding", "iconv"], "Jonas B"),
        ("tmux: keep a pane open after the command exits", ["tmux"], "paneless")]))
    add("gen-google-news.xml", "gen", "Google News RSS: ' - Source' title suffix, source element, &nbsp; in escaped HTML",
        google_news(items(NEWS, 2, 6), ["The Herald-Observer", "Northern Broadcast", "Riverside Gazette"]))
    add("gen-mediawiki-atom.xml", "gen", "MediaWiki recent changes Atom: ids with &amp;, no published", mediawiki([
        ("Configuration file", "Sven Aalto", "Document the new [retention] section"),
        ("Kiosk mode", "Ruth Abernethy", "Add a launcher example for systemd"),
        ("Troubleshooting", "Mira Kapoor", "Feeds with a BOM after white space")]))
    add("gen-letterboxd.xml", "gen", "Letterboxd diary RSS: star ratings in titles, +1200 dates, namespaced atom:link", letterboxd([
        ("The Lighthouse Keeper", 2024, 4.5, "Slow, cold and wonderful."),
        ("Paper Moons", 2023, 3.0, "Lovely to look at, thin on story."),
        ("Night Ferry", 2025, 4.0, "Tense from the first minute.")]))
    add("gen-large-wordpress-news.xml", "gen", "A large WordPress news feed (all news items, full content)",
        wordpress_rss("Harbour City Chronicle", "harbourcitychronicle.example", NEWS + SPORT + FINANCE,
                      zone="+0100", first_id=99120))
    add("gen-large-guardian-style.xml", "gen", "A large Guardian-style feed with long descriptions",
        guardian_style(NEWS[:20], section="uk-news", big=True))


def register_json_generators() -> None:
    tech = items(TECH, 3, 4)
    add("gen-jsonfeed10-microblog.json", "gen", "JSON Feed 1.0 as Micro.blog writes it: items without titles, content_html",
        jsonfeed("1", title="Dana Kowalski", home="https://dana.micro.example/", feed_url="https://dana.micro.example/feed.json",
                 extra={"author": {"name": "Dana Kowalski", "url": "https://dana.micro.example/"}},
                 items_=[{"id": f"https://dana.micro.example/2025/03/{14 - i}/{1200 + i}.html",
                          "content_html": f"<p>{x(t)}</p>", "date_published": iso(when(i, 9), 0, "", False),
                          "url": f"https://dana.micro.example/2025/03/{14 - i}/{1200 + i}.html"}
                         for i, t in enumerate(["Finished the encoding chapter. Windows-1252 is everywhere.",
                                                "Walked to the harbour. Seals!",
                                                "Reading old RSS specs for fun, as one does."])]))
    add("gen-jsonfeed11-hugo.json", "gen", "JSON Feed 1.1 with authors array, tags, summary, date_modified",
        jsonfeed("1.1", title="Notes by Omar", home="https://omar.example.net/", feed_url="https://omar.example.net/index.json",
                 extra={"language": "en", "authors": [{"name": "Omar Siddiqui"}]},
                 items_=[{"id": f"https://omar.example.net/posts/{it.slug}/", "url": f"https://omar.example.net/posts/{it.slug}/",
                          "title": it.title, "summary": it.summary.split(". ")[0] + ".", "content_html": it.html(),
                          "date_published": iso(when(i, 50), 120, "", False),
                          "date_modified": iso(when(i, 50) + timedelta(hours=3), 120, "", False),
                          "tags": it.tags, "authors": [{"name": it.author}]} for i, it in enumerate(tech)]))
    add("gen-jsonfeed10-podcast.json", "gen", "JSON Feed 1.0 podcast: attachments, author object, content_text",
        jsonfeed("1", title="Curious Minds (JSON)", home="https://curiousminds.example/", feed_url="https://curiousminds.example/feed.json",
                 extra={"author": {"name": "Maya Brooks"}, "icon": "https://curiousminds.example/artwork-512.jpg"},
                 items_=[{"id": f"ep-{40 - i}", "url": f"https://curiousminds.example/episodes/{40 - i}", "title": ep.title,
                          "content_text": ep.summary, "date_published": iso(when(i, 168)),
                          "attachments": [{"url": f"https://media.curiousminds.example/ep{40 - i:03d}.mp3",
                                           "mime_type": "audio/mpeg", "size_in_bytes": 40_000_000 + i}]}
                         for i, ep in enumerate(items(PODCAST, 0, 4))]))
    add("gen-jsonfeed11-ghost-authors.json", "gen", "JSON Feed 1.1 with a feed-level author only and image/banner fields",
        jsonfeed("1.1", title="Teamcraft", home="https://teamcraft.example.blog/", feed_url="https://teamcraft.example.blog/feed.json",
                 extra={"authors": [{"name": "Elena Rossi", "avatar": "https://teamcraft.example.blog/elena.jpg"}]},
                 items_=[{"id": f"65f1{i:02d}", "url": f"https://teamcraft.example.blog/{it.slug}/", "title": it.title,
                          "content_html": it.html(), "image": f"https://teamcraft.example.blog/img/{i}.jpg",
                          "date_published": iso(when(i, 30), 60, ".000", False), "tags": [t.lower() for t in it.tags]}
                         for i, it in enumerate(items(TECH, 14, 4))]))


# ---------------------------------------------------------------------------
# Non-English feeds (UTF-8) and legacy encodings.
# ---------------------------------------------------------------------------

def plain_rss(*, title: str, link: str, desc: str, lang: str, its: list[Item],
              zone: str = "+0000", encoding: str = "UTF-8", step: float = 6,
              generator: str = "", decl: bool = True) -> str:
    """A plain RSS 2.0 feed as many CMSs write it."""
    out = []
    for i, it in enumerate(its):
        url = f"{link}{when(i, step):%Y/%m/%d}/{it.slug or i}-{4400 - 13 * i}"
        cats = "".join(f"\n      <category>{x(t)}</category>" for t in it.tags)
        out.append(f"""    <item>
      <title>{x(it.title)}</title>
      <link>{url}</link>
      <description>{x(it.summary)}</description>
      <pubDate>{rfc822(when(i, step), zone)}</pubDate>
      <guid>{url}</guid>
      <dc:creator>{x(it.author)}</dc:creator>{cats}
    </item>
""")
    gen = f"\n    <generator>{x(generator)}</generator>" if generator else ""
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if decl else ""
    return f"""{head}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{x(title)}</title>
    <link>{link}</link>
    <description>{x(desc)}</description>
    <language>{lang}</language>{gen}
    <lastBuildDate>{rfc822(when(0, step), zone)}</lastBuildDate>
{"".join(out)}  </channel>
</rss>
"""


def plain_atom(*, title: str, home: str, lang: str, its: list[Item], offset: int = 0,
               encoding: str = "utf-8", step: float = 8) -> str:
    entries = []
    for i, it in enumerate(its):
        d = when(i, step)
        url = f"{home}{d:%Y/%m}/post-{310 - i}.html"
        cats = "".join(f'\n    <category term="{xa(t)}"/>' for t in it.tags)
        entries.append(f"""  <entry>
    <title>{x(it.title)}</title>
    <link rel="alternate" type="text/html" href="{url}"/>
    <id>{url}</id>
    <published>{iso(d, offset)}</published>
    <updated>{iso(d + timedelta(minutes=20), offset)}</updated>
    <author><name>{x(it.author)}</name></author>{cats}
    <summary>{x(it.summary)}</summary>
  </entry>
""")
    return atom_feed(title=title, feed_id=home, home=home, self_href=home + "feed.atom",
                     entries=entries, updated=iso(when(0, step), offset), lang=lang,
                     decl=f'<?xml version="1.0" encoding="{encoding}"?>\n')


def rdf_items(its: list[Item], home: str, offset: int, step: float = 10) -> list[dict]:
    return [{"about": f"{home}entry/{2025031400 - 37 * i}", "title": it.title,
             "link": f"{home}entry/{2025031400 - 37 * i}", "description": it.summary,
             "extra": f"\n<dc:creator>{x(it.author)}</dc:creator>\n<dc:date>{iso(when(i, step), offset)}</dc:date>"
                      + "".join(f"\n<dc:subject>{x(t)}</dc:subject>" for t in it.tags)}
            for i, it in enumerate(its)]


FR = pool("""
Réforme des retraites : le Sénat adopte le texte en première lecture | Politique | Claire Dubois | Le vote a eu lieu tard dans la nuit. L’opposition annonce un recours.
À Marseille, la ligne de tramway prolongée jusqu’à la Joliette | Transports, Marseille | Julien Martel | Les travaux ont duré trois ans. Huit nouvelles stations desservent le quartier.
Climat : l’hiver le plus doux jamais mesuré en Bretagne | Climat, Météo | Anne Le Goff | La température moyenne a dépassé de 2,4 °C la normale. Les agriculteurs s’inquiètent.
Les librairies indépendantes résistent malgré la hausse des loyers | Culture, Économie | Sophie Bernard | Leur chiffre d’affaires progresse de 3 %. Les loyers restent le premier souci.
Football : l’OL s’impose à Lens au bout du suspense | Sport, Football | Karim Benali | Le but est venu à la 94e minute. Lyon remonte à la cinquième place.
« Ni oui ni non » : les maires face au projet d’éoliennes en mer | Énergie, Régions | Hélène Moreau | Les communes côtières sont partagées. Une consultation publique s’ouvre en avril.
""")

FR_BLOG = pool("""
Pourquoi j’ai quitté le cloud pour un serveur à la maison | Auto-hébergement | Mathieu Roux | Un Raspberry Pi, un disque et beaucoup de patience. Le bilan après un an.
Mes notes sur « Les Misérables », tome II | Lecture | Mathieu Roux | Cosette grandit, et Hugo prend son temps. Quelques citations choisies.
Cuisiner les épinards sans que les enfants s’en aperçoivent | Cuisine | Mathieu Roux | La crêpe verte a eu un succès inattendu. Voici la recette.
""")

DE = pool("""
Bahn kündigt neue ICE-Verbindung zwischen München und Zürich an | Verkehr, Bahn | Katrin Vogel | Ab Dezember fahren täglich vier Züge. Die Fahrzeit sinkt auf unter vier Stunden.
Grüne fordern schärfere Regeln für Heizungsförderung | Politik, Energie | Lukas Schröder | Die Fraktion legt einen Antrag vor. Die Union lehnt ihn ab.
Hitzewelle: Städte öffnen kühle Räume für Ältere | Gesundheit, Städte | Miriam Krüger | Bibliotheken und Kirchen bleiben länger offen. Die Aktion läuft bis September.
Bundesliga: Späte Wende im Nordderby | Sport, Fußball | Jan Petersen | Zwei Tore in der Nachspielzeit drehten das Spiel. Die Fans feierten bis in die Nacht.
Forscher kartieren Seegraswiesen vor Rügen | Wissenschaft, Umwelt | Dr. Ute Hoffmann | Drohnen vermaßen 40 Quadratkilometer Küste. Seegras speichert viel Kohlenstoff.
""")

DE_POD = pool("""
Folge 112: Warum Brücken schwingen | Technik | Moderation: Jonas Weber | Wind, Resonanz und die Ingenieure, die auf Geräusche achten.
Folge 111: Die Ökonomie der Dorfkneipe | Wirtschaft | Moderation: Jonas Weber | Energiekosten, Stammgäste und die Frage, wer das Licht anlässt.
Folge 110: Schlaf – erklärt (meistens) | Gesundheit | Moderation: Jonas Weber | Eine Schlafforscherin beantwortet eure Fragen.
""")

JA_BLOG = pool("""
東京の桜、例年より一週間早く開花 | 日記, 季節 | 山田花子 | 近所の公園で満開になっていました。週末はお花見の予定です。
新しいキーボードを買いました | ガジェット | 山田花子 | 静電容量無接点方式は想像以上に快適。打鍵音も静かです。
RSSリーダーを自作してみた話 | プログラミング | 山田花子 | 文字コードの扱いで三日悩みました。Shift_JISのフィードはまだ現役です。
週末は鎌倉で古本屋巡り | 旅行, 本 | 山田花子 | 三軒回って文庫本を十冊。帰りにしらす丼を食べました。
""")

JA_NEWS = pool("""
気象庁 関東甲信で春一番を観測 | 気象 | 社会部 | 昨年より九日早い観測です。強風による交通への影響に注意が必要です。
新幹線 大雪の影響で一部運休 | 交通 | 社会部 | 東北新幹線の一部区間で運転を見合わせています。再開は午後の見込みです。
日銀 金融政策の現状維持を決定 | 経済 | 経済部 | 政策金利は据え置かれました。物価の動向を引き続き注視するとしています。
全国高校ラグビー 決勝は来月に | スポーツ | 運動部 | 準決勝の二試合が行われました。決勝は花園で開催されます。
""")

ZH_CN = pool("""
国家统计局：一季度国内生产总值同比增长5.2% | 经济 | 新华社记者 王磊 | 消费对经济增长的贡献率继续提高。服务业增长较快。
北京地铁新线路今日开通试运营 | 城市, 交通 | 李娜 | 新线路全长二十八公里，设站十六座。早高峰运力明显提升。
春季植树活动在全国各地展开 | 环境 | 张伟 | 各地志愿者参与义务植树。今年计划完成造林一百万公顷。
科学家在青藏高原发现新物种 | 科学 | 陈静 | 研究团队发现了一种新的高山植物。相关论文已在国际期刊发表。
上海推出老年人数字技能培训计划 | 社会 | 刘洋 | 社区将开设免费课程。内容包括手机支付和在线挂号。
""")

ZH_TW = pool("""
台北捷運環狀線北段動工 | 交通, 台北 | 林志明 | 預計2030年完工通車。沿線居民期待已久。
我的第一台機械鍵盤開箱 | 開箱, 3C | 林志明 | 茶軸手感比想像中輕。附上打字聲音影片。
颱風季前的防災準備清單 | 生活 | 林志明 | 手電筒、飲用水和行動電源。一張表格整理好。
台南小吃一日遊 | 旅遊, 美食 | 林志明 | 從早餐的牛肉湯吃到宵夜的豆花。肚子完全撐不住。
""")

RU = pool("""
В Москве открылась новая станция метро | Город, Транспорт | Анна Смирнова | Станция стала сто девяностой в сети. Первые пассажиры прошли в шесть утра.
Синоптики обещают тёплые выходные | Погода | Дмитрий Волков | Температура поднимется до плюс пятнадцати. Осадков не ожидается.
Учёные из Новосибирска создали новый аккумулятор | Наука | Елена Кузнецова | Батарея выдерживает тысячи циклов зарядки. Испытания продолжатся летом.
Библиотеки переходят на электронные читательские билеты | Культура | Ольга Морозова | Оформить билет можно онлайн. Бумажные билеты будут действовать до конца года.
Хоккей: «Авангард» выиграл серию в овертайме | Спорт, Хоккей | Игорь Соколов | Решающую шайбу забросили на пятой минуте овертайма. Команда вышла в полуфинал.
""")

AR = pool("""
افتتاح أكبر محطة للطاقة الشمسية في المنطقة | طاقة, اقتصاد | سارة الخطيب | تنتج المحطة ألفي ميغاواط. ستزود مئات الآلاف من المنازل بالكهرباء.
ارتفاع أسعار الذهب إلى مستوى قياسي جديد | اقتصاد, أسواق | محمد العلي | صعد سعر الأوقية بنسبة اثنين في المئة. يتوقع المحللون استمرار الارتفاع.
وزارة التعليم تعلن موعد امتحانات نهاية العام | تعليم | ليلى حسن | تبدأ الامتحانات في الأول من يونيو. تستمر لمدة أسبوعين.
مهرجان الكتاب يستقبل آلاف الزوار في يومه الأول | ثقافة | يوسف منصور | يشارك في المهرجان أكثر من ثلاثمئة دار نشر. يستمر حتى نهاية الأسبوع.
""")

ES = pool("""
El Gobierno aprueba el nuevo plan de vivienda asequible | Política, Vivienda | Lucía Fernández | El plan prevé 50.000 viviendas en cinco años. Las comunidades gestionarán las ayudas.
Madrid amplía la red de carriles bici en el centro | Madrid, Movilidad | Javier Ortega | Se suman doce kilómetros de carril protegido. Las obras terminarán en otoño.
La sequía obliga a restringir el riego en Andalucía | Medio ambiente | Carmen Ruiz | Los embalses están al 24 % de su capacidad. Los regantes piden ayudas urgentes.
Un equipo español descubre una nueva especie de orquídea | Ciencia | Pablo Gómez | La planta crece en los Picos de Europa. El hallazgo se publicó en una revista botánica.
Fútbol: el Betis remonta en el último minuto | Deportes, Fútbol | Álvaro Núñez | El gol llegó en el descuento. El equipo sigue en puestos europeos.
""")

PT_BR = pool("""
Como organizei minha horta na varanda | Horta, Casa | Beatriz Lima | Três vasos, muito sol e um pouco de paciência. O manjericão foi o primeiro a crescer.
Receita de pão de queijo sem glúten | Receitas | Beatriz Lima | Polvilho azedo, queijo meia cura e ovos. Rende vinte unidades.
Dicas para economizar energia no verão | Casa, Economia | Beatriz Lima | Cortinas fechadas à tarde fazem diferença. O ventilador de teto também ajuda.
""")

KO = pool("""
서울시, 심야 버스 노선 6개 확대 | 교통, 서울 | 김민수 기자 | 다음 달부터 새 노선이 운행된다. 배차 간격은 20분이다.
봄철 미세먼지 주의보 발령 | 환경, 날씨 | 이지은 기자 | 외출 시 마스크 착용이 권고된다. 주말까지 농도가 높을 전망이다.
국내 연구진, 차세대 배터리 소재 개발 | 과학, 기술 | 박준호 기자 | 충전 속도가 두 배 빨라졌다. 상용화까지는 3년이 걸릴 것으로 보인다.
""")

HE = pool("""
נפתח קו הרכבת הקלה החדש בירושלים | תחבורה | נועה כהן | הקו כולל עשרים ושלוש תחנות. הנסיעה הראשונה יצאה בשש בבוקר.
גשם ראשון של העונה צפוי בסוף השבוע | מזג אוויר | אבי לוי | החזאים צופים ממטרים מקומיים. הטמפרטורות ירדו מעט.
מדענים פיתחו שיטה חדשה להתפלת מים | מדע | דנה מזרחי | השיטה חוסכת שלושים אחוז מהאנרגיה. הניסוי נערך במעבדה בנגב.
""")

HI = pool("""
दिल्ली मेट्रो की नई लाइन का उद्घाटन | दिल्ली, परिवहन | राहुल शर्मा | नई लाइन पर बारह स्टेशन हैं। रोज़ाना दो लाख यात्रियों की उम्मीद है।
मौसम विभाग ने भारी बारिश की चेतावनी जारी की | मौसम | प्रिया वर्मा | अगले तीन दिन तेज़ बारिश हो सकती है। मछुआरों को समुद्र में न जाने की सलाह दी गई है।
किसानों के लिए नई सिंचाई योजना शुरू | कृषि | अमित सिंह | योजना के तहत ड्रिप सिंचाई पर सब्सिडी मिलेगी। आवेदन ऑनलाइन किए जा सकते हैं।
""")

PL = pool("""
Nowa linia tramwajowa w Krakowie gotowa przed terminem | Kraków, Transport | Marta Wiśniewska | Tramwaje pojadą od poniedziałku. Linia ma osiem przystanków.
Żółć, źdźbło i łódź: o polskich znakach w programowaniu | Programowanie | Paweł Zieliński | Kodowanie znaków wciąż sprawia kłopoty. Kilka rad na koniec.
Jak zacząłem pisać testy dla starego kodu | Programowanie, Testy | Paweł Zieliński | Najpierw testy charakteryzujące. Potem małe refaktoryzacje.
""")

TR = pool("""
İstanbul'da yeni metro hattı hizmete girdi | İstanbul, Ulaşım | Ayşe Yılmaz | Hat on iki istasyondan oluşuyor. Günde 300 bin yolcu taşıması bekleniyor.
Meteoroloji'den kuvvetli yağış uyarısı | Hava Durumu | Mehmet Demir | Uyarı Karadeniz kıyılarını kapsıyor. Sel riskine karşı dikkatli olunmalı.
Türk bilim insanları yeni bir pil teknolojisi geliştirdi | Bilim | Zeynep Kaya | Pil daha hızlı şarj oluyor. Seri üretim için görüşmeler sürüyor.
""")

IT = pool("""
Come ho migrato il mio blog a un generatore statico | Blog, Web | Giulia Romano | Dieci anni di articoli e nessun database. Il risultato è più veloce.
Perché scrivo ancora in C nel 2025 | Programmazione | Giulia Romano | Il C è piccolo e prevedibile. Serve disciplina, non eroismo.
Appunti sul caffè: moka contro espresso | Caffè | Giulia Romano | La moka fa un caffè più corposo. L'espresso chiede una macchina seria.
""")


def register_languages() -> None:
    add("lang-fr-news-wordpress.xml", "lang", "French news on WordPress: « guillemets », apostrophes, fr-FR",
        wordpress_rss("Le Petit Marseillais", "lepetitmarseillais.example", FR, lang="fr-FR", zone="+0100"))
    add("lang-fr-blog-atom.xml", "lang", "French personal blog in Atom, xml:lang=fr, +01:00 dates",
        plain_atom(title="Carnet de Mathieu", home="https://carnet.example.fr/", lang="fr", its=FR_BLOG, offset=60))
    add("lang-de-news.xml", "lang", "German news RSS 2.0: umlauts, ß, +0100 dates",
        plain_rss(title="Nordkurier Online – Nachrichten", link="https://www.nordkurier-online.example/", desc="Nachrichten aus dem Norden",
                  lang="de-DE", its=DE, zone="+0100"))
    add("lang-de-podcast.xml", "lang", "German podcast with en dash in a title and itunes tags",
        podcast_itunes("Wie funktioniert das?", "wiefunktioniert.example", DE_POD, generator="Podlove Podcast Publisher v4.1")
        .replace("<language>en-gb</language>", "<language>de-de</language>"))
    add("lang-ja-blog-rdf.xml", "lang", "Japanese blog in RSS 1.0 (common in Japan), dc:date +09:00",
        rdf(title="花子の日々", link="https://hanako.blog.example.jp/", desc="東京で暮らすエンジニアの日記",
            rows=rdf_items(JA_BLOG, "https://hanako.blog.example.jp/", 540), lang="ja"))
    add("lang-ja-news.xml", "lang", "Japanese news RSS 2.0, +0900 dates",
        plain_rss(title="東都ニュース", link="https://www.toto-news.example.jp/", desc="東都ニュースの最新記事", lang="ja",
                  its=JA_NEWS, zone="+0900"))
    add("lang-zh-cn-news.xml", "lang", "Simplified Chinese news RSS 2.0, +0800 dates, full-width punctuation",
        plain_rss(title="华夏新闻网 - 要闻", link="https://news.huaxia.example.cn/", desc="华夏新闻网要闻频道", lang="zh-cn",
                  its=ZH_CN, zone="+0800"))
    add("lang-zh-tw-blog.xml", "lang", "Traditional Chinese blog in Atom, +08:00 dates",
        plain_atom(title="志明的部落格", home="https://zhiming.blog.example.tw/", lang="zh-TW", its=ZH_TW, offset=480))
    add("lang-ru-news.xml", "lang", "Russian news RSS 2.0 (Cyrillic, «ёлочки»), +0300 dates",
        plain_rss(title="Вечерний город — Новости", link="https://vechernij-gorod.example.ru/", desc="Новости города", lang="ru",
                  its=RU, zone="+0300"))
    add("lang-ar-news.xml", "lang", "Arabic news RSS 2.0 (right-to-left text), +0300 dates",
        plain_rss(title="أخبار الخليج اليوم", link="https://akhbar-alyawm.example/", desc="آخر الأخبار", lang="ar",
                  its=AR, zone="+0300"))
    add("lang-es-news.xml", "lang", "Spanish news RSS 2.0: ñ, ¿¡, accents, +0100 dates",
        plain_rss(title="Diario del Sur | Portada", link="https://www.diariodelsur.example.es/", desc="Noticias de última hora", lang="es",
                  its=ES, zone="+0100"))
    add("lang-pt-br-blog.xml", "lang", "Brazilian Portuguese blog on WordPress, -0300 dates",
        wordpress_rss("Varanda Verde", "varandaverde.example.com.br", PT_BR, lang="pt-BR", zone="-0300", first_id=210))
    add("lang-ko-news-atom.xml", "lang", "Korean news in Atom, +09:00 dates",
        plain_atom(title="한빛일보 - 최신 기사", home="https://www.hanbit-ilbo.example.kr/", lang="ko", its=KO, offset=540))
    add("lang-he-blog.xml", "lang", "Hebrew news RSS 2.0 (right-to-left), +0200 dates",
        plain_rss(title="חדשות העמק", link="https://haemek-news.example.co.il/", desc="חדשות מקומיות", lang="he",
                  its=HE, zone="+0200"))
    add("lang-hi-news.xml", "lang", "Hindi news RSS 2.0 (Devanagari, combining marks), +0530 dates",
        plain_rss(title="नगर समाचार", link="https://nagar-samachar.example.in/", desc="ताज़ा ख़बरें", lang="hi",
                  its=HI, zone="+0530"))
    add("lang-pl-blog.xml", "lang", "Polish blog in Atom: ą ę ł ż ź ś ć ń ó",
        plain_atom(title="Notatki Pawła", home="https://pawel.example.pl/", lang="pl", its=PL, offset=60))
    add("lang-tr-news.xml", "lang", "Turkish news RSS 2.0: dotted and dotless i, ş, ğ",
        plain_rss(title="Anadolu Haber Ajansı Özel", link="https://www.anadolu-ozel.example.com.tr/", desc="Son dakika", lang="tr",
                  its=TR, zone="+0300"))
    add("lang-it-jsonfeed.json", "lang", "Italian blog in JSON Feed 1.1",
        jsonfeed("1.1", title="Il taccuino di Giulia", home="https://giulia.example.it/", feed_url="https://giulia.example.it/feed.json",
                 extra={"language": "it", "authors": [{"name": "Giulia Romano"}]},
                 items_=[{"id": f"https://giulia.example.it/{it.slug}/", "url": f"https://giulia.example.it/{it.slug}/",
                          "title": it.title, "content_text": it.summary, "date_published": iso(when(i, 60), 60, "", False),
                          "tags": it.tags} for i, it in enumerate(IT)]))


def register_encodings() -> None:
    fr_latin1 = pool("""
Le musée d'Orsay prolonge l'exposition consacrée à Degas | Culture | Élise Garnier | L'exposition a attiré 600 000 visiteurs. Elle fermera ses portes fin mai.
Grève à la SNCF : trafic très perturbé jeudi | Transports | Rémi Fabre | Un TGV sur deux circulera. Les TER seront très touchés.
Météo : des températures printanières sur tout le pays | Météo | Agnès Lefèvre | On attend 22 °C à Bordeaux. La fraîcheur reviendra lundi.
Les écoles de musique manquent de professeurs de piano | Éducation, Musique | Françoise Roux | Les listes d'attente s'allongent. Les communes cherchent des solutions.
""")
    add("enc-iso-8859-1.xml", "enc", "French RSS 2.0 in ISO-8859-1 (é, è, à, ç, °)",
        plain_rss(title="La Dépêche du Vallon", link="https://www.depeche-vallon.example.fr/", desc="Toute l'actualité du Vallon",
                  lang="fr", its=fr_latin1, zone="+0100", encoding="ISO-8859-1"), "iso-8859-1")
    add("enc-iso-8859-1-atom-de.xml", "enc", "German Atom in ISO-8859-1 (ä, ö, ü, ß)",
        plain_atom(title="Grünwald Blog – Bücher & Gärten".replace("–", "-"), home="https://gruenwald.example.de/", lang="de",
                   its=[Item("Gärtnern im März: Was jetzt gesät wird", ["Garten"], "Jürgen Weiß", "Radieschen und Spinat dürfen raus. Tomaten bleiben auf der Fensterbank."),
                        Item("Buchtipp: Die Straße der Bäume", ["Bücher"], "Jürgen Weiß", "Ein ruhiger Roman über einen Förster. Große Empfehlung."),
                        Item("Größere Beete, weniger Mühe?", ["Garten", "Planung"], "Jürgen Weiß", "Hochbeete sparen den Rücken. Sie kosten aber Geld.")],
                   offset=60, encoding="ISO-8859-1"), "iso-8859-1")
    en_1252 = pool("""
“Best summer yet” – seaside towns prepare for record crowds | Travel | Nina Foster | Bookings are up 18 per cent. Hoteliers say it’s the best start since 2019.
Energy bills: what the new €2,400 cap means for you | Money | Adam Price | The cap applies from April. Standing charges rise slightly…
Review: ‘The Long Tide’ is a quiet triumph | Books, Reviews | Rosa Klein | A novel about a lighthouse and a family. Four stars — maybe five.
""")
    add("enc-windows-1252.xml", "enc", "English RSS 2.0 declared windows-1252: curly quotes, en/em dashes, €, …",
        plain_rss(title="The Coastal Review", link="https://www.coastalreview.example/", desc="News and reviews from the coast",
                  lang="en-gb", its=en_1252, encoding="windows-1252"), "cp1252")
    add("enc-koi8r.xml", "enc", "Russian RSS 2.0 in KOI8-R",
        plain_rss(title="Северная газета", link="https://severnaya-gazeta.example.ru/", desc="Новости Севера", lang="ru",
                  its=RU[:4], zone="+0300", encoding="KOI8-R"), "koi8-r")
    add("enc-windows-1251.xml", "enc", "Russian RSS 2.0 in windows-1251",
        plain_rss(title="Уральский вестник", link="https://ural-vestnik.example.ru/", desc="Новости Урала", lang="ru",
                  its=RU[1:], zone="+0500", encoding="windows-1251"), "cp1251")
    add("enc-shift-jis.xml", "enc", "Japanese blog RSS 1.0 in Shift_JIS",
        rdf(title="花子の日々（旧館）", link="https://hanako-old.blog.example.jp/", desc="昔のブログです", encoding="Shift_JIS",
            rows=rdf_items(JA_BLOG, "https://hanako-old.blog.example.jp/", 540), lang="ja"), "shift_jis")
    add("enc-euc-jp.xml", "enc", "Japanese news RSS 2.0 in EUC-JP",
        plain_rss(title="東都ニュース（EUC版）", link="https://euc.toto-news.example.jp/", desc="最新記事", lang="ja",
                  its=JA_NEWS, zone="+0900", encoding="EUC-JP"), "euc-jp")
    add("enc-gb2312.xml", "enc", "Simplified Chinese RSS 2.0 in GB2312",
        plain_rss(title="华夏新闻网 - 国内", link="https://gb.huaxia.example.cn/", desc="国内新闻", lang="zh-cn",
                  its=ZH_CN[:4], zone="+0800", encoding="GB2312"), "gb2312")
    add("enc-gbk.xml", "enc", "Simplified Chinese RSS 2.0 in GBK, with characters outside GB2312 (喆, 镕, 堃)",
        plain_rss(title="南方论坛 - 精华帖", link="https://bbs.nanfang.example.cn/", desc="论坛精华", lang="zh-cn",
                  its=[Item("王喆的摄影作品集：江南古镇", ["摄影"], "王喆", "一组黑白照片。拍摄于清晨的乌镇。"),
                       Item("旧书摊淘到一本《镕铸集》", ["读书"], "李堃", "品相还不错。价格只要十元。"),
                       Item("周末骑行路线推荐", ["户外"], "赵琰", "全程六十公里。沿途风景很好。")],
                  zone="+0800", encoding="GBK"), "gbk")
    add("enc-big5.xml", "enc", "Traditional Chinese RSS 2.0 in Big5",
        plain_rss(title="志明的部落格（舊站）", link="https://old.zhiming.blog.example.tw/", desc="舊文章", lang="zh-tw",
                  its=ZH_TW, zone="+0800", encoding="Big5"), "big5")
    add("enc-iso-8859-2.xml", "enc", "Polish and Czech RSS 2.0 in ISO-8859-2 (ł, ś, ż, ě, ř)",
        plain_rss(title="Gazeta Śląska", link="https://gazeta-slaska.example.pl/", desc="Wiadomości z regionu", lang="pl",
                  its=[Item("Kolej: nowe połączenie Katowice – Ostrawa".replace("–", "-"), ["Transport"], "Łukasz Żak", "Pociągi pojadą co dwie godziny. Bilety już w sprzedaży."),
                       Item("Ostrava: nový most přes Odru otevřen", ["Česko"], "Jiří Dvořák", "Most měří 180 metrů. Řidiči ušetří deset minut."),
                       Item("Źródła ciepła: miasto wymienia piece", ["Ekologia"], "Małgorzata Kęsik", "Do końca roku zniknie 2000 pieców. Dopłaty sięgają 90 procent.")],
                  zone="+0100", encoding="ISO-8859-2"), "iso-8859-2")
    add("enc-iso-8859-15.xml", "enc", "French RSS 2.0 in ISO-8859-15 (€, œ)",
        plain_rss(title="Le Courrier de l'Œuvre", link="https://courrier-oeuvre.example.fr/", desc="Culture et économie", lang="fr",
                  its=[Item("Le prix du cœur de bœuf à 12 € le kilo", ["Économie"], "Noël Brière", "Les bouchers dénoncent la hausse. Les éleveurs répondent."),
                       Item("Œuvres volées : trois tableaux retrouvés à Lyon", ["Culture"], "Zoé Marchal", "La police a mené l'enquête pendant deux ans. Les toiles sont intactes.")],
                  zone="+0100", encoding="ISO-8859-15"), "iso-8859-15")
    add("enc-euc-kr.xml", "enc", "Korean RSS 2.0 in EUC-KR",
        plain_rss(title="한빛일보 (EUC-KR)", link="https://euckr.hanbit-ilbo.example.kr/", desc="최신 기사", lang="ko",
                  its=KO, zone="+0900", encoding="EUC-KR"), "euc-kr")
    add("enc-iso-8859-7.xml", "enc", "Greek RSS 2.0 in ISO-8859-7",
        plain_rss(title="Νέα της Θεσσαλονίκης", link="https://nea-thessalonikis.example.gr/", desc="Τοπικές ειδήσεις", lang="el",
                  its=[Item("Νέα γραμμή μετρό στη Θεσσαλονίκη", ["Μεταφορές"], "Γιώργος Παπαδόπουλος", "Η γραμμή έχει δεκατρείς σταθμούς. Ξεκινά τη Δευτέρα."),
                       Item("Καύσωνας: ανοίγουν κλιματιζόμενες αίθουσες", ["Καιρός"], "Μαρία Νικολάου", "Οι αίθουσες θα είναι ανοιχτές ως τις δέκα. Προτεραιότητα στους ηλικιωμένους.")],
                  zone="+0200", encoding="ISO-8859-7"), "iso-8859-7")
    add("enc-windows-1256.xml", "enc", "Arabic RSS 2.0 in windows-1256",
        plain_rss(title="أخبار الخليج (نسخة قديمة)", link="https://old.akhbar-alyawm.example/", desc="أرشيف", lang="ar",
                  its=AR[:3], zone="+0300", encoding="windows-1256"), "cp1256")
    utf16 = plain_atom(title="Notes in UTF-16", home="https://utf16.example.org/", lang="en",
                       its=items(TECH, 21, 3) + [Item("Ünïcödé in a UTF-16 feed: ✓", ["Encoding"], "Ana Ruiz", "Every character takes two bytes or four. The BOM says which order.")],
                       encoding="UTF-16")
    add("enc-utf16le-bom.xml", "enc", "Atom in UTF-16LE with a BOM, declared UTF-16",
        b"\xff\xfe" + utf16.encode("utf-16-le"))
    add("enc-utf16be-bom.xml", "enc", "Atom in UTF-16BE with a BOM, declared UTF-16",
        b"\xfe\xff" + utf16.encode("utf-16-be"))
    add("enc-us-ascii-charrefs.xml", "enc", "RSS 2.0 declared us-ascii, non-ASCII only as numeric character references",
        plain_rss(title="Caf&#233; Society", link="https://cafesociety.example/", desc="Food &#38; drink", lang="en",
                  its=[Item("PLACEHOLDER0", ["Food"], "Zoë Adams", "A crème brûlée worth the queue. Open from 8am.", slug="naive-brunch-review"),
                       Item("PLACEHOLDER1", ["Drink"], "Zoë Adams", "Flat whites at 3.20. Oat milk is free.", slug="best-coffee-in-town")], encoding="us-ascii")
        .replace("Caf&amp;#233;", "Caf&#233;").replace("Food &amp;#38;", "Food &#38;")
        .replace("PLACEHOLDER0", "Na&#239;ve brunch at the new caf&#233; &#8211; a review")
        .replace("PLACEHOLDER1", "&#8220;Best coffee in town&#8221;? We tried it")
        .replace("Zoë", "Zo&#235;").replace("crème brûlée", "cr&#232;me br&#251;l&#233;e"))


# ---------------------------------------------------------------------------
# The classes of the issue.  Small feeds whose oddity is the point; their
# bytes are spelled out so the oddity is exactly where the name says.
# ---------------------------------------------------------------------------

DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def rss_item(title: str, link: str, i: int, *, extra: str = "", desc: str = "",
             zone: str = "+0000", step: float = 4, guid: str | None = None) -> str:
    """One RSS 2.0 item; title and desc are inserted raw (already markup)."""
    g = guid if guid is not None else f'<guid isPermaLink="true">{link}</guid>'
    return (f"    <item>\n      <title>{title}</title>\n      <link>{link}</link>\n"
            f"      <description>{desc or 'Read the full story on our website.'}</description>\n"
            f"      <pubDate>{rfc822(when(i, step), zone)}</pubDate>\n      {g}{extra}\n    </item>\n")


def rss_doc(title: str, link: str, body: str, *, ns: str = "", decl: str = DECL,
            version: str = "2.0", before_root: str = "", lang: str = "en") -> str:
    return (f'{decl}{before_root}<rss version="{version}"{ns}>\n  <channel>\n    <title>{title}</title>\n'
            f"    <link>{link}</link>\n    <description>{x(title)} - latest stories</description>\n"
            f"    <language>{lang}</language>\n{body}  </channel>\n</rss>\n")


def news_items(host: str, its: list[Item], *, raw_titles: list[str] | None = None, **kw) -> str:
    """Items from a pool; raw_titles (markup) replace the escaped titles."""
    out = []
    for i, it in enumerate(its):
        title = raw_titles[i] if raw_titles else x(it.title)
        cats = "".join(f"\n      <category>{x(t)}</category>" for t in it.tags)
        out.append(rss_item(title, f"https://{host}/{it.slug}", i, desc=x(it.summary),
                            extra=f"\n      <author>news@{host} ({x(it.author)})</author>{cats}", **kw))
    return "".join(out)


def register_class1() -> None:
    wp = wordpress_rss("Harbour Lights Blog", "harbourlights.example", items(NEWS, 3, 4), first_id=2210)
    add("ws-before-decl-wordpress.xml", "1", "one newline before <?xml (a WordPress plugin or theme echoing a blank line)",
        "\n" + wp)
    add("ws-blank-lines-before-decl.xml", "1", "three blank lines and spaces before <?xml (PHP includes)",
        "\n\n   \n" + hugo(items(TECH, 7, 4)))
    add("ws-tab-before-decl-atom.xml", "1", "tabs and a newline before <?xml in an Atom feed",
        "\t\t\n" + jekyll(items(TECH, 17, 3)))
    add("ws-crlf-before-decl-rdf.xml", "1", "CRLF before <?xml, CRLF line ends throughout, RSS 1.0",
        ("\n" + rdf_movabletype(items(TECH, 9, 3))).replace("\n", "\r\n"))
    bom = "\ufeff"
    add("ws-bom-after-newline.xml", "1", "a newline, then a UTF-8 BOM, then <?xml",
        "\n" + bom + plain_rss(title="Valley Voice", link="https://valleyvoice.example/", desc="Community news",
                                lang="en-gb", its=items(NEWS, 6, 3)))
    add("ws-bom-after-spaces-atom.xml", "1", "two spaces, then a UTF-8 BOM, then <?xml, Atom",
        "  " + bom + plain_atom(title="Quiet Compiler", home="https://quietcompiler.example/", lang="en", its=items(TECH, 13, 3)))
    add("ws-double-bom.xml", "1", "two UTF-8 BOMs before <?xml (a file concatenated from two)",
        bom + bom + plain_rss(title="Double Mark Weekly", link="https://doublemark.example/", desc="Weekly",
                              lang="en", its=items(SPORT, 1, 3)))
    add("ws-junk-php-warning.xml", "1", "a PHP warning in HTML before <?xml (headers already sent)",
        "<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at "
        "/var/www/html/wp-content/plugins/seo-toolkit/loader.php:14) in <b>/var/www/html/wp-includes/feed-rss2.php</b> "
        "on line <b>8</b><br />\n" + wordpress_rss("Seaview Parish News", "seaviewparish.example", items(NEWS, 9, 3), first_id=77))
    add("ws-junk-php-notice-atom.xml", "1", "two PHP notices in HTML before an Atom feed's <?xml",
        "<br />\n<b>Notice</b>:  Undefined index: HTTP_REFERER in <b>/srv/www/blog/feed.php</b> on line <b>41</b><br />\n"
        "<br />\n<b>Deprecated</b>:  Function utf8_encode() is deprecated in <b>/srv/www/blog/lib/text.php</b> "
        "on line <b>12</b><br />\n" + wordpress_atom("notices.example", items(TECH, 30, 3)))
    add("ws-junk-text-no-decl.xml", "1", "a plain-text PHP notice, then <rss> without declaration",
        "Deprecated: Function create_function() is deprecated in /home/site/public_html/rss.php on line 3\n"
        + plain_rss(title="Old Mill Radio", link="https://oldmillradio.example/", desc="Shows and news", lang="en",
                    its=items(PODCAST, 2, 3), decl=False))
    add("ws-before-root-no-decl.xml", "1", "blank lines before <rss> and no declaration (well-formed: a control case)",
        "\n\n" + plain_rss(title="Lakeside Notes", link="https://lakeside.example/", desc="Notes", lang="en",
                           its=items(TECH, 23, 3), decl=False))


def register_class2() -> None:
    # Titles written in Unicode, then encoded so that exactly the intended
    # bytes are not UTF-8.
    its = [Item("Council’s “quiet” budget – what it means for you", ["Politics"], "Owen Pritchard", "Cuts of 4% to parks… and a new €1m fund."),
           Item("Café owners fear rent rises", ["Business"], "Élodie Martin", "Rents are up 12%. Owners say it’s unsustainable."),
           Item("Weekend guide: markets, music and more", ["What's on"], "Nina Foster", "Our pick of the weekend — from jazz to jumble sales.")]
    body = plain_rss(title="Town Crier", link="https://towncrier.example/", desc="Local news", lang="en", its=its)
    add("badutf8-cp1252-nodecl.xml", "2", "no encoding declared, smart quotes/dashes/€/… as windows-1252 bytes",
        body.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>'), "cp1252")
    fr = plain_rss(title="Le Journal de Sète", link="https://journal-sete.example.fr/", desc="Actualités", lang="fr",
                   its=[Item("Fête de la Saint-Louis : le programme complet", ["Fêtes"], "Hervé Pélissier", "Joutes, concerts et feu d'artifice. Entrée libre."),
                        Item("Météo : épisode cévenol attendu mercredi", ["Météo"], "Gaëlle Rivière", "Jusqu'à 200 mm de pluie. Vigilance orange."),
                        Item("Le marché de Noël déménage place Aristide-Briand", ["Ville"], "Hervé Pélissier", "Cinquante chalets cette année. Ouverture le 1er décembre.")])
    add("badutf8-latin1-declared-utf8.xml", "2", "declares UTF-8, body in ISO-8859-1 bytes (é as 0xE9)",
        fr, "latin-1")
    mixed = plain_rss(title="Zürich Tech Meetup", link="https://zurich-tech.example.ch/", desc="Talks and notes", lang="en",
                      its=[Item("Talk recap: naïve Bayes in production", ["Talks"], "Lukas Brändli", "Slides are online. Thanks to everyone in Zürich."),
                           Item("MARKER_A Next meetup: Rust on microcontrollers", ["Events"], "Anja Müller", "Doors at 18:30. Pizza provided."),
                           Item("Jobs board: three new openings", ["Jobs"], "Lukas Brändli", "Backend, SRE and a student internship.")])
    raw = mixed.encode("utf-8").replace("MARKER_A".encode(), b"\x93Save the date\x94 \x96")
    add("badutf8-mixed-runs-rss.xml", "2", "valid UTF-8 (ü, ï) plus windows-1252 bytes 0x93/0x94/0x96 in one title",
        raw)
    atom = plain_atom(title="Kitchen Notes", home="https://kitchen-notes.example/", lang="en",
                      its=[Item("Crème fraîche, three ways", ["Recipes"], "Chloé Durand", "Sweet, savoury and in soup. All easy."),
                           Item("MARKER_B", ["Recipes"], "Chloé Durand", "Pasted from a word processor. Watch the quotes."),
                           Item("Jalapeño cornbread", ["Baking"], "Chloé Durand", "Cast iron, hot oven, no sugar.")])
    raw = atom.encode("utf-8").replace(b"MARKER_B", b"Granny\x92s \x93never fails\x94 scones")
    add("badutf8-mixed-runs-atom.xml", "2", "Atom: UTF-8 text with a title pasted from Word in windows-1252",
        raw)
    lone = plain_rss(title="Pocket Reviews", link="https://pocketreviews.example/", desc="Short reviews", lang="en",
                     its=[Item("MARKER_C review: small and fast", ["Reviews"], "Ben Amsel", "Four stars."),
                          Item("Three budget headphones compared", ["Reviews", "Audio"], "Ben Amsel", "The cheapest won.")])
    add("badutf8-lone-lead-byte.xml", "2", "a UTF-8 lead byte (0xC3) with no continuation byte in a title",
        lone.encode("utf-8").replace(b"MARKER_C", b"Caf\xc3 Racer"))
    rdf_latin1 = rdf(title="Bücherecke", link="https://buecherecke.example.de/", desc="Neue Bücher", lang="de",
                     rows=rdf_items([Item("Neuerscheinung: Die Stille über dem Fjord", ["Romane"], "Jörg Haß", "Ein ruhiger Roman aus Norwegen. Sehr empfehlenswert."),
                                     Item("Lesung im Café Müller am Donnerstag", ["Termine"], "Jörg Haß", "Beginn um 19 Uhr. Eintritt frei.")],
                                    "https://buecherecke.example.de/", 60))
    add("badutf8-c1-bytes-nodecl-rdf.xml", "2", "RSS 1.0 without any XML declaration, text in ISO-8859-1 bytes",
        rdf_latin1.split("\n", 1)[1], "latin-1")
    add("badutf8-cp1252-declared-utf8-atom.xml", "2", "Atom declared UTF-8, author and category in windows-1252 bytes",
        plain_atom(title="Photo Walks", home="https://photowalks.example/", lang="en",
                   its=[Item("Dawn at the harbour", ["Landscape"], "Siobhán O’Neill", "Long exposures before the fishing boats left."),
                        Item("Street portraits in the rain", ["Street", "Portrait"], "Siobhán O’Neill", "Umbrellas make good frames.")]),
        "cp1252")


def register_class3() -> None:
    host = "ctl.example-news.com"
    add("ctl-vt-in-title.xml", "3", "a vertical tab (U+000B) between two words of a title",
        rss_doc("Evening Ledger", f"https://{host}/", news_items(host, items(FINANCE, 0, 3),
                raw_titles=["Markets\x0bclose higher as lender jumps", x(FINANCE[1].title), x(FINANCE[2].title)])))
    add("ctl-ff-in-description.xml", "3", "form feeds (U+000C) in a description and in a title",
        rss_doc("Print Shop Notes", f"https://{host}/print/", "".join([
            rss_item("Page one\x0cpage two: how the paper is laid out", f"https://{host}/print/layout", 0,
                     desc="Front page.\x0cInside pages.\x0cBack page."),
            rss_item("New presses arrive in June", f"https://{host}/print/presses", 1, desc="Two presses.\x0cOne crane.")])))
    add("ctl-nul-in-title.xml", "3", "a NUL byte inside a title",
        rss_doc("Nightly Build Log", f"https://{host}/builds/", "".join([
            rss_item("Build 2041 passed\x00 all targets", f"https://{host}/builds/2041", 0),
            rss_item("Build 2040 failed on arm64", f"https://{host}/builds/2040", 1)])))
    add("ctl-esc-in-title-atom.xml", "3", "terminal escape sequences (ESC [31m) in an Atom title and author",
        atom_feed(title="Status Board", feed_id="urn:status-board", home=f"https://{host}/status",
                  self_href=f"https://{host}/status.atom", updated=iso(when(0)), entries=[
                      f"""  <entry>
    <title>\x1b[31mOUTAGE\x1b[0m API latency above 2s in eu-west</title>
    <link href="https://{host}/status/incident-88"/>
    <id>urn:status-board:incident-88</id>
    <updated>{iso(when(0))}</updated>
    <author><name>\x1b]0;pwned\x07On-call bot</name></author>
  </entry>
""", f"""  <entry>
    <title>Resolved: login errors for some users</title>
    <link href="https://{host}/status/incident-87"/>
    <id>urn:status-board:incident-87</id>
    <updated>{iso(when(1))}</updated>
    <author><name>On-call bot</name></author>
  </entry>
"""]))
    add("ctl-bel-bs-in-author.xml", "3", "BEL and backspace characters in dc:creator and a title",
        rss_doc("Forum Digest", f"https://{host}/forum/", "".join([
            rss_item("Who broke the build?\x07\x07", f"https://{host}/forum/t/91", 0,
                     extra="\n      <dc:creator>admin\x08\x08\x08\x08\x08mallory</dc:creator>"),
            rss_item("Weekly thread: what are you working on?", f"https://{host}/forum/t/90", 1,
                     extra="\n      <dc:creator>moderator</dc:creator>")]),
            ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"'))
    add("ctl-fffe-in-title.xml", "3", "the noncharacter U+FFFE (EF BF BE) in a title",
        rss_doc("Unicode Corner", f"https://{host}/unicode/", "".join([
            rss_item("Byte order marks explained\ufffe for beginners", f"https://{host}/unicode/bom", 0),
            rss_item("Why UTF-8 won", f"https://{host}/unicode/utf8", 1)])))
    add("ctl-ffff-in-summary.xml", "3", "the noncharacter U+FFFF in a description and a title",
        rss_doc("Unicode Corner", f"https://{host}/unicode/", "".join([
            rss_item("Sentinels in old C code\uffff", f"https://{host}/unicode/sentinels", 0,
                     desc="Some programs used 0xFFFF\uffff as an end marker."),
            rss_item("Surrogates for the curious", f"https://{host}/unicode/surrogates", 1)])))
    add("ctl-charref-vt.xml", "3", "control characters as references: &#11; and &#x1; in titles",
        rss_doc("Export Errors", f"https://{host}/export/", "".join([
            rss_item("Quarterly report&#11;(draft)", f"https://{host}/export/q1", 0),
            rss_item("Minutes of the&#x1; March meeting", f"https://{host}/export/minutes", 1),
            rss_item("Agenda for April", f"https://{host}/export/agenda", 2)])))
    add("ctl-c1-del-legal-xml.xml", "3", "DEL (U+007F) and C1 controls (U+0085, U+0096) that XML 1.0 allows",
        rss_doc("Legacy Import", f"https://{host}/legacy/", "".join([
            rss_item("Imported post\x7f from the old site", f"https://{host}/legacy/1", 0),
            rss_item("Line one\x85line two", f"https://{host}/legacy/2", 1),
            rss_item("Prices \x96 updated", f"https://{host}/legacy/3", 2)])))
    add("ctl-c1-charrefs.xml", "3", "C1 controls as character references (&#147;quoted&#148;, &#150;, &#133;)",
        rss_doc("Legacy References", f"https://{host}/refs/", "".join([
            rss_item("Minister says &#147;no comment&#148; on leak", f"https://{host}/refs/1", 0),
            rss_item("Scores: 3&#150;1 after extra time", f"https://{host}/refs/2", 1),
            rss_item("To be continued&#133;", f"https://{host}/refs/3", 2)])))


def register_class4() -> None:
    host = "entities.example.org"
    add("ent-html-nbsp.xml", "4", "&nbsp; in titles and descriptions of RSS 2.0 (no DTD)",
        rss_doc("Morning&nbsp;Brief", f"https://{host}/brief/", "".join([
            rss_item("Prices&nbsp;rise for a third month", f"https://{host}/brief/prices", 0, desc="Up&nbsp;0.4%&nbsp;in March."),
            rss_item("Page&nbsp;3: letters to the editor", f"https://{host}/brief/letters", 1),
            rss_item("Weather:&nbsp;&nbsp;dry and bright", f"https://{host}/brief/weather", 2)])))
    add("ent-html-eacute-rss.xml", "4", "&eacute; &egrave; &ccedil; &uuml; &ntilde; in RSS titles",
        rss_doc("Culture Weekly", f"https://{host}/culture/", "".join([
            rss_item("Caf&eacute; culture returns to the square", f"https://{host}/culture/cafe", 0),
            rss_item("Cr&egrave;me de la cr&egrave;me: the best bakeries", f"https://{host}/culture/bakeries", 1),
            rss_item("Fa&ccedil;ade restored at the old theatre", f"https://{host}/culture/theatre", 2),
            rss_item("M&uuml;nchen, Espa&ntilde;a and a summer of festivals", f"https://{host}/culture/festivals", 3)])))
    add("ent-html-mdash-atom.xml", "4", "&mdash; &hellip; &lsquo;&rsquo; &ldquo;&rdquo; in Atom text titles",
        atom_feed(title="Long Reads &mdash; Weekend", feed_id=f"https://{host}/longreads", home=f"https://{host}/longreads",
                  self_href=f"https://{host}/longreads.atom", updated=iso(when(0)), entries=[
                      f"""  <entry>
    <title>The budget &mdash; what it means for renters</title>
    <link href="https://{host}/longreads/budget"/>
    <id>https://{host}/longreads/budget</id>
    <updated>{iso(when(0))}</updated>
    <summary>It&rsquo;s complicated&hellip;</summary>
  </entry>
""", f"""  <entry>
    <title>&ldquo;We&rsquo;re not going anywhere&rdquo;: the last video shop</title>
    <link href="https://{host}/longreads/video-shop"/>
    <id>https://{host}/longreads/video-shop</id>
    <updated>{iso(when(1))}</updated>
  </entry>
""", f"""  <entry>
    <title>&lsquo;Quiet&rsquo; hours on trains, explained</title>
    <link href="https://{host}/longreads/quiet-hours"/>
    <id>https://{host}/longreads/quiet-hours</id>
    <updated>{iso(when(2))}</updated>
  </entry>
"""]))
    add("ent-html5-names.xml", "4", "HTML5-only names (&check; &rarr; &hearts; &starf;) and &euro; &pound; &frac12; &times;",
        rss_doc("Deals &amp; Offers", f"https://{host}/deals/", "".join([
            rss_item("Rail cards &rarr; half price until Friday &check;", f"https://{host}/deals/rail", 0),
            rss_item("Flights from &pound;29 &times; 2 travellers", f"https://{host}/deals/flights", 1),
            rss_item("&frac12; off museum entry with &hearts; from locals", f"https://{host}/deals/museum", 2),
            rss_item("Rated &starf;&starf;&starf;&starf;: hotel breaks under &euro;100", f"https://{host}/deals/hotels", 3)])))
    add("ent-undefined-name.xml", "4", "entities no HTML defines (&foo; &copy2024;) in titles",
        rss_doc("Template Glitches", f"https://{host}/glitch/", "".join([
            rss_item("Welcome to &sitename; news", f"https://{host}/glitch/welcome", 0),
            rss_item("Copyright &copy2024; notices explained", f"https://{host}/glitch/copyright", 1),
            rss_item("A normal headline", f"https://{host}/glitch/normal", 2)])))
    add("ent-bare-ampersand.xml", "4", "bare & in titles and links (AT&T, R&D, ?a=1&b=2)",
        rss_doc("Telecoms Today", f"https://{host}/telecoms/", "".join([
            rss_item("AT&T and T-Mobile in spectrum deal", f"https://{host}/telecoms/story?id=1&ref=rss", 0),
            rss_item("R&D spending hits a record", f"https://{host}/telecoms/story?id=2&ref=rss", 1),
            rss_item("Fibre roll-out reaches rural areas", f"https://{host}/telecoms/story?id=3", 2)])))
    add("ent-bare-ampersand-atom.xml", "4", "bare & in Atom titles, summaries and link hrefs (Q&A, ?a=1&b=2)",
        atom_feed(title="Q&A Weekly", feed_id=f"https://{host}/qa/", home=f"https://{host}/qa/",
                  self_href=f"https://{host}/qa/feed.atom", updated=iso(when(0)), entries=[
                      f'  <entry>\n    <title>Q&A: {t}</title>\n    <link href="https://{host}/qa/post?id={i}&amp;ref=atom&utm=feed"/>\n'
                      f"    <id>https://{host}/qa/{i}</id>\n    <updated>{iso(when(i))}</updated>\n"
                      f"    <summary>Readers ask & we answer: {t.lower()}</summary>\n  </entry>\n"
                      for i, t in enumerate(["Pensions and tax", "Tenancy rights", "Energy bills"])]))
    add("ent-external-system.xml", "4", "an external SYSTEM entity declared in the internal subset and used in titles",
        f"""{DECL}<!DOCTYPE rss [
  <!ENTITY signature SYSTEM "https://{host}/signature.txt">
  <!ENTITY publisher "Entity Press">
]>
""" + rss_doc("&publisher; headlines", f"https://{host}/press/", "".join([
            rss_item("Annual report published &signature;", f"https://{host}/press/annual", 0),
            rss_item("New editor appointed at &publisher;", f"https://{host}/press/editor", 1)]), decl=""))
    add("ent-html-in-rdf.xml", "4", "&eacute; &nbsp; &rsquo; in RSS 1.0 titles and descriptions",
        rdf(title="R&eacute;sum&eacute;s", link=f"https://{host}/rdf/", desc="Summaries", rows=[
            {"about": f"https://{host}/rdf/1", "title": "PH1", "link": f"https://{host}/rdf/1", "description": "PH2"},
            {"about": f"https://{host}/rdf/2", "title": "PH3", "link": f"https://{host}/rdf/2", "description": ""}])
        .replace("R&amp;eacute;sum&amp;eacute;s", "R&eacute;sum&eacute;s")
        .replace("PH1", "Pok&eacute;mon fans queue overnight").replace("PH2", "It&rsquo;s&nbsp;a long night.")
        .replace("PH3", "Don&rsquo;t miss the caf&eacute; reopening"))
    add("ent-uppercase-latin.xml", "4", "upper-case and ligature names: &Eacute; &AElig; &Ouml; &szlig;",
        rss_doc("Nordic &amp; Alpine", f"https://{host}/nordic/", "".join([
            rss_item("&Eacute;cole de ski ouvre ses portes", f"https://{host}/nordic/ski", 0),
            rss_item("&AElig;r&oslash; ferry timetable changes", f"https://{host}/nordic/aero", 1),
            rss_item("&Ouml;sterreich: Stra&szlig;e gesperrt", f"https://{host}/nordic/strasse", 2)])))
    add("ent-html-in-category-author.xml", "4", "HTML entities in category and dc:creator (tags and authors)",
        rss_doc("Fashion Desk", f"https://{host}/fashion/", "".join([
            rss_item("Spring collections reviewed", f"https://{host}/fashion/spring", 0,
                     extra="\n      <dc:creator>Ren&eacute;e Beaulieu</dc:creator>\n      <category>Pr&ecirc;t-&agrave;-porter</category>\n      <category>Paris</category>"),
            rss_item("Knitwear is back", f"https://{host}/fashion/knitwear", 1,
                     extra="\n      <dc:creator>Zo&euml; Kowalczyk</dc:creator>\n      <category>Knitwear&nbsp;</category>")]),
            ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"'))


def register_class5() -> None:
    host = "namespaces.example.net"

    def items_with_everything(its: list[Item], path: str) -> str:
        return "".join(rss_item(x(it.title), f"https://{host}/{path}/{it.slug}", i, desc=x(it.summary),
                                extra=f"\n      <author>desk@{host} ({x(it.author)})</author>"
                                      + "".join(f"\n      <category>{x(t)}</category>" for t in it.tags),
                                guid=f'<guid isPermaLink="false">{path}-{900 - i}</guid>')
                       for i, it in enumerate(its))

    add("ns-userland-rss2.xml", "5", "RSS 2.0 under xmlns=\"http://backend.userland.com/rss2\" (pubDate, guid, category, author)",
        rss_doc("Userland Daily", f"https://{host}/userland/", items_with_everything(items(NEWS, 1, 4), "userland"),
                ns=' xmlns="http://backend.userland.com/rss2"'))
    add("ns-userland-rss.xml", "5", "RSS 2.0 under xmlns=\"http://backend.userland.com/rss\"",
        rss_doc("Scripting Notes", f"https://{host}/scripting/", items_with_everything(items(TECH, 4, 3), "scripting"),
                ns=' xmlns="http://backend.userland.com/rss"'))
    add("ns-harvard-rss2.xml", "5", "RSS 2.0 under xmlns=\"http://blogs.law.harvard.edu/tech/rss\"",
        rss_doc("Law School Tech Blog", f"https://{host}/harvard/", items_with_everything(items(TECH, 11, 3), "harvard"),
                ns=' xmlns="http://blogs.law.harvard.edu/tech/rss"'))
    add("ns-netscape-rss091.xml", "5", "RSS 0.91 root under xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"",
        rss091(items(NEWS, 14, 4), ns=' xmlns="http://my.netscape.com/rdf/simple/0.9/"', title="Netscape Channel News"))
    add("ns-rss2-purl-rss10.xml", "5", "RSS 2.0 under the RSS 1.0 namespace (pubDate, guid, category in it)",
        rss_doc("Mixed Up Feeds", f"https://{host}/mixed/", items_with_everything(items(FINANCE, 1, 3), "mixed"),
                ns=' xmlns="http://purl.org/rss/1.0/"'))
    rss090_items = "".join(f"""
<item>
<title>{x(it.title)}</title>
<link>https://{host}/rss090/{it.slug}</link>
</item>
""" for it in items(NEWS, 20, 4))
    add("ns-rss090-rdf.xml", "5", "RSS 0.90: rdf:RDF root, default namespace http://my.netscape.com/rdf/simple/0.9/",
        f"""<?xml version="1.0"?>

<rdf:RDF
xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://my.netscape.com/rdf/simple/0.9/">

<channel>
<title>Netscape-era Headlines</title>
<link>https://{host}/rss090/</link>
<description>Headlines in the format of 1999</description>
</channel>

<image>
<title>Netscape-era Headlines</title>
<url>https://{host}/rss090/logo.gif</url>
<link>https://{host}/rss090/</link>
</image>
{rss090_items}
<textinput>
<title>Search</title>
<description>Search the archive</description>
<name>q</name>
<link>https://{host}/rss090/search</link>
</textinput>

</rdf:RDF>
""")
    add("ns-rss090-rdf-default.xml", "5", "RSS 0.90 with the RDF namespace as default on <RDF> and the 0.90 one on its children",
        f"""<?xml version="1.0"?>
<RDF xmlns="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <channel xmlns="http://my.netscape.com/rdf/simple/0.9/">
    <title>Old Portal Channel</title>
    <link>https://{host}/portal/</link>
    <description>An old portal channel</description>
  </channel>
""" + "".join(f"""  <item xmlns="http://my.netscape.com/rdf/simple/0.9/">
    <title>{x(it.title)}</title>
    <link>https://{host}/portal/{it.slug}</link>
  </item>
""" for it in items(SPORT, 2, 3)) + "</RDF>\n")


def register_class6() -> None:
    host = "doctype.example.com"
    nets = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    its = [Item("Caf&eacute; reopens after flood repairs", ["Local"], "", ""),
           Item("&copy; notice: reusing our photos", ["Site"], "", ""),
           Item("Na&iuml;ve art exhibition at the library", ["Arts"], "", "")]
    body = "".join(f"""<item>
<title>{it.title}</title>
<link>http://www.{host}/netscape/{i}.html</link>
<description>Story {i + 1} of the day&hellip;</description>
</item>
""" for i, it in enumerate(its))
    add("doctype-rss091-netscape.xml", "6", "RSS 0.91 with Netscape's DOCTYPE, using &eacute; &copy; &iuml; &hellip; it defines",
        f"""<?xml version="1.0" encoding="ISO-8859-1"?>
{nets}<rss version="0.91">
<channel>
<title>Netscape Town News</title>
<link>http://www.{host}/netscape/</link>
<description>Town news in RSS 0.91</description>
<language>en-us</language>
{body}</channel>
</rss>
""", "latin-1")
    add("doctype-rss091-userland.xml", "6", "RSS 0.91 with the rssboard.org DOCTYPE and &nbsp;/&mdash;",
        rss091(items(NEWS, 22, 3), doctype='<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://www.rssboard.org/rss-0.91.dtd">\n',
               title="Harbourside&nbsp;Weekly &mdash; Archive").replace("Harbourside&amp;nbsp;Weekly &amp;mdash; Archive",
                                                                        "Harbourside&nbsp;Weekly &mdash; Archive"))
    xhtml_strict = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
    add("doctype-xhtml-strict-atom.xml", "6", "Atom with an XHTML 1.0 Strict DOCTYPE, &nbsp; and &eacute; in titles",
        atom_feed(title="Design&nbsp;Notes", feed_id=f"https://{host}/design", home=f"https://{host}/design",
                  self_href=f"https://{host}/design.atom", updated=iso(when(0)), decl=DECL + xhtml_strict, entries=[
                      f"""  <entry>
    <title>Typography for the r&eacute;sum&eacute; page</title>
    <link href="https://{host}/design/resume"/>
    <id>https://{host}/design/resume</id>
    <updated>{iso(when(0))}</updated>
  </entry>
""", f"""  <entry>
    <title>Grids&nbsp;&amp; baselines</title>
    <link href="https://{host}/design/grids"/>
    <id>https://{host}/design/grids</id>
    <updated>{iso(when(1))}</updated>
  </entry>
"""]))
    add("doctype-xhtml-transitional-rss2.xml", "6", "RSS 2.0 with an XHTML 1.0 Transitional DOCTYPE, &nbsp; &copy; &reg;",
        rss_doc("Gadget&nbsp;Guide", f"https://{host}/gadgets/", "".join([
            rss_item("Phone&reg; Pro review: better battery", f"https://{host}/gadgets/phone-pro", 0),
            rss_item("&copy; 2025: who owns your smart speaker data?", f"https://{host}/gadgets/speakers", 1),
            rss_item("Laptops under &pound;500", f"https://{host}/gadgets/laptops", 2)]),
            before_root='<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'))
    add("doctype-internal-subset.xml", "6", "internal subset declaring copy, nbsp and a text entity (well-formed XML)",
        rss_doc("&site; &#8212; Latest", f"https://{host}/harbour/", "".join([
            rss_item("&site; wins regional award", f"https://{host}/harbour/award", 0),
            rss_item("Photos &copy; the&nbsp;harbour trust", f"https://{host}/harbour/photos", 1)]),
            before_root='<!DOCTYPE rss [\n  <!ENTITY copy "&#169;">\n  <!ENTITY nbsp "&#160;">\n  <!ENTITY site "Harbour News">\n]>\n'))
    add("doctype-rss2-system.xml", "6", "RSS 2.0 with a SYSTEM DOCTYPE and no entity use",
        rss_doc("Plain Doctype Post", f"https://{host}/plain/", news_items(host, items(TECH, 16, 3)),
                before_root='<!DOCTYPE rss SYSTEM "http://www.rssboard.org/rss-2.0.dtd">\n'))
    add("doctype-html5-before-rss.xml", "6", "<!DOCTYPE html> before an <rss> root (a template's leftover)",
        rss_doc("Template Leftovers", f"https://{host}/leftovers/", news_items(host, items(SPORT, 3, 3)),
                before_root="<!DOCTYPE html>\n"))


def register_class7() -> None:
    add("err-html-page.xml", "7", "an HTML home page (naming no feed) saved where the feed was expected", """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Riverside Gazette - News for the Riverside district</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header><h1>Riverside Gazette</h1></header>
<main>
<article><h2><a href="/2025/03/14/late-night-buses/">Council approves late-night bus trial</a></h2></article>
<article><h2><a href="/2025/03/13/flood-barrier/">Flood barrier upgrade finished early</a></h2></article>
</main>
</body>
</html>
""")
    add("err-empty-file.xml", "7", "a file of zero bytes", b"")
    add("err-whitespace-only.xml", "7", "a file of nothing but blank lines", "\n\n  \n\t\n")
    feed = plain_rss(title="Compressed Times", link="https://compressed.example/", desc="News", lang="en",
                     its=items(NEWS, 5, 3))
    add("err-gzip-raw.xml", "7", "a gzip-compressed feed saved without being decompressed",
        gzip.compress(feed.encode(), mtime=0))
    add("err-truncated-in-channel.xml", "7", "a feed cut off in the channel header, before any item",
        feed[:feed.index("<item>") - 5])
    add("err-opml-not-feed.xml", "7", "an OPML subscription list instead of a feed", f"""{DECL}<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Riverside Gazette" xmlUrl="https://riversidegazette.example/feed/"/>
      <outline type="rss" text="Old Town Herald" xmlUrl="http://feeds.feedburner.com/OldTownHerald"/>
    </outline>
  </body>
</opml>
""")
    add("err-sitemap-not-feed.xml", "7", "an XML sitemap instead of a feed", f"""{DECL}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://riversidegazette.example/</loc><lastmod>2025-03-14</lastmod></url>
  <url><loc>https://riversidegazette.example/2025/03/14/late-night-buses/</loc><lastmod>2025-03-14</lastmod></url>
</urlset>
""")
    broken = plain_rss(title="Broken Start", link="https://brokenstart.example/", desc="News", lang="en",
                       its=items(NEWS, 10, 3))
    add("err-first-item-broken.xml", "7", "the first item is not well-formed (unclosed <b> in the description)",
        broken.replace("</description>", "<b>Update: corrections below.</description>", 1))
    add("err-json-syntax.json", "7", "a JSON Feed with a syntax error (missing comma) before its items",
        '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": "Broken JSON"\n  "items": [\n'
        '    {"id": "1", "title": "Never seen", "content_text": "x"}\n  ]\n}\n')
    add("err-json-not-feed.json", "7", "a JSON API error document instead of a JSON Feed",
        '{"error": {"code": 429, "message": "Rate limit exceeded. Try again in 60 seconds."}}\n')


def register_class8() -> None:
    host = "escapes.example.com"
    add("esc-sup-rss-title.xml", "8", "escaped <sup>/<sub> markup in RSS titles (&lt;sup&gt;2&lt;/sup&gt;)",
        rss_doc("Physics Today Blog", f"https://{host}/physics/", "".join([
            rss_item("E = mc&lt;sup&gt;2&lt;/sup&gt;: the equation at 120", f"https://{host}/physics/emc2", 0),
            rss_item("Why H&lt;sub&gt;2&lt;/sub&gt;O expands when it freezes", f"https://{host}/physics/ice", 1),
            rss_item("Measuring 10&lt;sup&gt;-18&lt;/sup&gt; seconds", f"https://{host}/physics/attoseconds", 2)])))
    add("esc-double-amp-charref.xml", "8", "double-escaped references: &amp;#x0024; and &amp;amp; in RSS titles",
        rss_doc("Bargain Hunter", f"https://{host}/bargains/", "".join([
            rss_item("Lunch deals from &amp;#x0024;5", f"https://{host}/bargains/lunch", 0),
            rss_item("Fish &amp;amp; chips: the best in town", f"https://{host}/bargains/fish", 1),
            rss_item("Tickets at &amp;#163;10 &amp;#8211; today only", f"https://{host}/bargains/tickets", 2)])))
    add("esc-cdata-charref.xml", "8", "character references inside CDATA titles (<![CDATA[It&#8217;s]]>)",
        rss_doc("Weekend Reads", f"https://{host}/weekend/", "".join([
            rss_item("<![CDATA[It&#8217;s the weekend: what to read]]>", f"https://{host}/weekend/read", 0),
            rss_item("<![CDATA[&#8220;Slow travel&#8221; by sleeper train]]>", f"https://{host}/weekend/sleeper", 1),
            rss_item("<![CDATA[Gardening &amp; you]]>", f"https://{host}/weekend/gardening", 2)])))
    add("esc-feed-title-amp-amp.xml", "8", "feed title 'Top News &amp;amp; Analysis' and Q&amp;amp;A item titles",
        rss_doc("Top News &amp;amp; Analysis", f"https://{host}/top/", "".join([
            rss_item("Q&amp;amp;A: the new parking rules", f"https://{host}/top/parking", 0),
            rss_item("Bed &amp;amp; breakfast owners count the cost", f"https://{host}/top/bnb", 1)])))
    add("esc-atom-text-blink.xml", "8", "Atom type=text titles holding a literal <blink> and &amp;amp; (stay text)",
        atom_feed(title="Markup &amp; You", feed_id=f"https://{host}/markup", home=f"https://{host}/markup",
                  self_href=f"https://{host}/markup.atom", updated=iso(when(0)), entries=[
                      f"""  <entry>
    <title type="text">&lt;blink&gt; considered harmful</title>
    <link href="https://{host}/markup/blink"/>
    <id>https://{host}/markup/blink</id>
    <updated>{iso(when(0))}</updated>
  </entry>
""", f"""  <entry>
    <title type="text">Write &amp;amp; in HTML, not &amp;</title>
    <link href="https://{host}/markup/amp"/>
    <id>https://{host}/markup/amp</id>
    <updated>{iso(when(1))}</updated>
  </entry>
""", f"""  <entry>
    <title>The &lt;p&gt; element, 30 years on</title>
    <link href="https://{host}/markup/p"/>
    <id>https://{host}/markup/p</id>
    <updated>{iso(when(2))}</updated>
  </entry>
"""]))
    add("esc-cdata-html-bold.xml", "8", "HTML tags inside CDATA RSS titles (<b>, <em>, <br/>)",
        rss_doc("Breaking Desk", f"https://{host}/breaking/", "".join([
            rss_item("<![CDATA[<b>Breaking:</b> bridge closed after crash]]>", f"https://{host}/breaking/bridge", 0),
            rss_item("<![CDATA[Review: <em>The Long Tide</em>]]>", f"https://{host}/breaking/review", 1),
            rss_item("<![CDATA[Line one<br/>line two]]>", f"https://{host}/breaking/lines", 2)])))
    add("esc-lt-in-text-title.xml", "8", "a lone &lt; (2 &lt; 3) and an escaped tag name in RSS titles",
        rss_doc("Sorting Things Out", f"https://{host}/sorting/", "".join([
            rss_item("Why 2 &lt; 3 matters for sorting", f"https://{host}/sorting/lt", 0),
            rss_item("Use the &lt;details&gt; element for FAQs", f"https://{host}/sorting/details", 1),
            rss_item("a &lt;= b &amp;&amp; b &gt;= c", f"https://{host}/sorting/logic", 2)])))
    add("esc-rdf-escaped-title.xml", "8", "RSS 1.0 titles with &amp;quot; &amp;amp; and escaped <i>",
        rdf(title="Quotes &amp;amp; Notes", link=f"https://{host}/rdf/", desc="Quotations", rows=[
            {"about": f"https://{host}/rdf/{i}", "title": t, "link": f"https://{host}/rdf/{i}"}
            for i, t in enumerate(["PH_A", "PH_B", "PH_C"])])
        .replace("Quotes &amp;amp;amp; Notes", "Quotes &amp;amp; Notes")
        .replace("<title>PH_A</title>", "<title>&amp;quot;Less is more&amp;quot;, said who?</title>")
        .replace("<title>PH_B</title>", "<title>Salt &amp;amp; pepper: a history</title>")
        .replace("<title>PH_C</title>", "<title>On &lt;i&gt;Middlemarch&lt;/i&gt;</title>"))


def register_class9() -> None:
    host = "atomtext.example.org"

    def entry(title_el: str, slug_: str, i: int, rest: str = "") -> str:
        return (f"  <entry>\n    {title_el}\n    <link href=\"https://{host}/{slug_}\"/>\n"
                f"    <id>https://{host}/{slug_}</id>\n    <updated>{iso(when(i))}</updated>{rest}\n  </entry>\n")

    def feed(title: str, entries: list[str]) -> str:
        return atom_feed(title=title, feed_id=f"https://{host}/", home=f"https://{host}/",
                         self_href=f"https://{host}/feed.atom", updated=iso(when(0)), entries=entries)

    add("atom-title-type-html.xml", "9", "type=html titles: escaped <em>, an escaped entity (&amp;eacute;), &amp;amp;",
        feed("Film Reviews", [
            entry('<title type="html">&lt;em&gt;Dune&lt;/em&gt;, part three: review</title>', "dune", 0),
            entry('<title type="html">Caf&amp;eacute; Society at the Odeon</title>', "cafe-society", 1),
            entry('<title type="html">Fast &amp;amp; Furious 12, reviewed</title>', "fast", 2)]))
    add("atom-title-type-xhtml.xml", "9", "type=xhtml titles and summaries inside a div",
        atom_feed(title="XHTML Notes", feed_id=f"https://{host}/x", home=f"https://{host}/x",
                  self_href=f"https://{host}/x.atom", updated=iso(when(0)), entries=[
                      entry('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">The <em>real</em> cost of free software</div></title>', "real-cost", 0,
                            '\n    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Time, <strong>mostly</strong>.</p></div></summary>'),
                      entry('<title type="xhtml"><xhtml:div xmlns:xhtml="http://www.w3.org/1999/xhtml">Prefixed <xhtml:b>xhtml</xhtml:b> &amp; entities</xhtml:div></title>', "prefixed", 1)]))
    add("atom-content-mime-types.xml", "9", "MIME types as type: text/plain, text/html, application/xhtml+xml on titles and content",
        feed("MIME Typed", [
            entry('<title type="text/plain">Plain &lt;b&gt;text&lt;/b&gt; title</title>', "plain", 0,
                  '\n    <content type="text/plain">Just text.</content>'),
            entry('<title type="text/html">&lt;b&gt;HTML&lt;/b&gt; typed title</title>', "html", 1,
                  '\n    <content type="text/html">&lt;p&gt;Some &lt;i&gt;HTML&lt;/i&gt;.&lt;/p&gt;</content>'),
            entry('<title type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">XHTML <b>typed</b> title</div></title>', "xhtml", 2,
                  '\n    <content type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline.</p></div></content>')]))
    home = f"https://{host}/old/"
    add("atom03-mode-escaped.xml", "9", "Atom 0.3 mode=escaped type=text/html titles with escaped <b> and &amp;amp;",
        atom03(title="Escaped Mode", home=home, entries=[
            atom03_entry(Item("<b>Bold</b> claims about caching", ["x"], "Greg Holm", "Caches are hard."), 0, home),
            atom03_entry(Item("Salt & pepper squid", ["x"], "Greg Holm", "Crispy."), 1, home)]))
    import base64

    def b64(s: str) -> str:
        return base64.b64encode(s.encode()).decode()
    add("atom03-mode-base64.xml", "9", "Atom 0.3 mode=base64 titles and content",
        atom03(title="Base64 Mode", home=home, entries=[
            atom03_entry(Item("PH", ["x"], "Greg Holm", "x"), i, home, content_mode="base64", content=b64(f"<p>{body}</p>"))
            .replace('<title mode="escaped" type="text/html">PH</title>', f'<title mode="base64" type="text/plain">{b64(title)}</title>')
            for i, (title, body) in enumerate([("Encoded titles, why?", "Because a tool did it."),
                                               ("Naïve encodings: UTF-8 in base64", "Héllo wörld.")])]))
    add("atom03-mode-xml.xml", "9", "Atom 0.3 mode=xml content with inline XHTML, text/plain titles",
        atom03(title="XML Mode", home=home, entries=[
            atom03_entry(Item("Inline XHTML content", ["x"], "Greg Holm", "x"), 0, home, content_mode="xml",
                         content_type="application/xhtml+xml",
                         content='<div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>there</em>.</p></div>')
            .replace('<title mode="escaped" type="text/html">Inline XHTML content</title>', '<title mode="xml" type="text/plain">Inline XHTML content</title>'),
            atom03_entry(Item("Default mode title", ["x"], "Greg Holm", "x"), 1, home)
            .replace('<title mode="escaped" type="text/html">Default mode title</title>', '<title>Default mode title</title>')]))
    add("atom-summary-xhtml-entities.xml", "9", "xhtml summaries with &amp;lt;, character references and nested markup",
        feed("Entity Soup", [
            entry('<title>Templates with &amp;lt;angle&amp;gt; brackets</title>', "angles", 0,
                  '\n    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Write &amp;lt;b&amp;gt; to show <code>&lt;b&gt;</code> &#8212; simple.</div></summary>'),
            entry('<title>Em dashes &#8212; and why</title>', "dashes", 1,
                  '\n    <summary type="html">&lt;p&gt;One &amp;mdash; two&lt;/p&gt;</summary>')]))
    add("atom-type-text-whitespace.xml", "9", "type=text titles spanning lines with indentation and tabs",
        feed("Folded Titles", [
            entry('<title type="text">\n      A title that\n\t\tspans three\n      lines\n    </title>', "fold", 0),
            entry('<title>   Leading and trailing   </title>', "trim", 1)]))
    add("atom-title-type-html-cdata.xml", "9", "type=html titles in CDATA holding tags and entities",
        feed("CDATA HTML", [
            entry('<title type="html"><![CDATA[<strong>Live:</strong> election night &amp; results]]></title>', "live", 0),
            entry('<title type="html"><![CDATA[It&rsquo;s &ldquo;done&rdquo;]]></title>', "done", 1)]))


def register_class10() -> None:
    host = "fallbacks.example.net"
    dc = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    add("fb-dc-title-only.xml", "10", "RSS items with dc:title and no title",
        rss_doc("Archive Export", f"https://{host}/archive/", "".join(
            f"""    <item>
      <dc:title>{x(it.title)}</dc:title>
      <link>https://{host}/archive/{it.slug}</link>
      <pubDate>{rfc822(when(i))}</pubDate>
      <dc:creator>{x(it.author)}</dc:creator>
    </item>
""" for i, it in enumerate(items(NEWS, 11, 3))), ns=dc))
    media = ' xmlns:media="http://search.yahoo.com/mrss/"'
    add("fb-media-title-only.xml", "10", "MRSS items whose only title is media:title (in media:content and media:group)",
        rss_doc("Video Wall", f"https://{host}/video/", "".join([
            f"""    <item>
      <link>https://{host}/video/1</link>
      <pubDate>{rfc822(when(0))}</pubDate>
      <media:content url="https://cdn.{host}/v/1.mp4" type="video/mp4">
        <media:title type="plain">Harbour timelapse at dawn</media:title>
      </media:content>
    </item>
""", f"""    <item>
      <link>https://{host}/video/2</link>
      <pubDate>{rfc822(when(1))}</pubDate>
      <media:group>
        <media:title>Interview: the last lighthouse keeper</media:title>
        <media:content url="https://cdn.{host}/v/2.mp4" type="video/mp4"/>
      </media:group>
    </item>
"""]), ns=media))
    terms = ' xmlns:dcterms="http://purl.org/dc/terms/"'
    add("fb-dcterms-dates.xml", "10", "items dated only by dcterms:modified, dcterms:created or dcterms:issued",
        rss_doc("Repository Updates", f"https://{host}/repo/", "".join(
            f"""    <item>
      <title>{x(title)}</title>
      <link>https://{host}/repo/{i}</link>
      <{el}>{iso(when(i, 30), 60, '', False)}</{el}>
    </item>
""" for i, (title, el) in enumerate([("Dataset v3 published", "dcterms:issued"),
                                      ("Codebook revised", "dcterms:modified"),
                                      ("Project record created", "dcterms:created"),
                                      ("Licence changed to CC BY 4.0", "dcterms:modified")])), ns=terms))
    add("fb-dc-date-rss2.xml", "10", "RSS 2.0 items dated only by dc:date in several W3C-DTF forms",
        rss_doc("Conference Programme", f"https://{host}/conf/", "".join(
            f"""    <item>
      <title>{x(title)}</title>
      <link>https://{host}/conf/{i}</link>
      <dc:date>{d}</dc:date>
    </item>
""" for i, (title, d) in enumerate([("Keynote: the web we want", "2025-03-14T09:00:00Z"),
                                     ("Workshop: feeds in practice", "2025-03-14T10:30+01:00"),
                                     ("Lunch and posters", "2025-03-14T12:00:00.000+01:00"),
                                     ("Day two announced", "2025-03-13")])), ns=dc))
    itunes = ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    add("fb-itunes-keywords.xml", "10", "podcast items tagged only by itunes:keywords (commas, spaces, empty parts)",
        rss_doc("Garden Hour", f"https://{host}/garden/", "".join(
            rss_item(x(title), f"https://{host}/garden/{i}", i, step=168,
                     extra=f"\n      <itunes:keywords>{x(kw)}</itunes:keywords>")
            for i, (title, kw) in enumerate([("Episode 31: Soil", "soil, compost,  worms ,gardening"),
                                             ("Episode 30: Seeds", "seeds,gardening,,spring"),
                                             ("Episode 29: Tools", "tools")])), ns=itunes))
    add("fb-media-keywords.xml", "10", "items tagged only by media:keywords",
        rss_doc("Photo Agency", f"https://{host}/photos/", "".join(
            rss_item(x(title), f"https://{host}/photos/{i}", i,
                     extra=f'\n      <media:content url="https://cdn.{host}/p/{i}.jpg" medium="image">\n        <media:keywords>{x(kw)}</media:keywords>\n      </media:content>')
            for i, (title, kw) in enumerate([("Storm over the pier", "storm, pier, weather"),
                                             ("Market day", "market,  people , town")])), ns=media))
    add("fb-itunes-category-item.xml", "10", "itunes:category on items (text attribute) as the only tags",
        rss_doc("Lecture Series", f"https://{host}/lectures/", "".join(
            rss_item(x(title), f"https://{host}/lectures/{i}", i, step=72,
                     extra=f'\n      <itunes:category text="{xa(cat)}"/>')
            for i, (title, cat) in enumerate([("Lecture 8: Tides", "Science"),
                                              ("Lecture 7: Maps", "History"),
                                              ("Lecture 6: Ships & Trade", "History")])), ns=itunes))
    add("fb-atom-dc-dates.xml", "10", "Atom entries with neither published nor updated, only dcterms:issued",
        atom_feed(title="Institutional Repository", feed_id=f"https://{host}/ir", home=f"https://{host}/ir",
                  self_href=f"https://{host}/ir.atom", updated=iso(when(0)), extra_ns=terms, entries=[
                      f"""  <entry>
    <title>{x(t)}</title>
    <link href="https://{host}/ir/{i}"/>
    <id>https://{host}/ir/{i}</id>
    <dcterms:issued>{iso(when(i, 48))}</dcterms:issued>
  </entry>
""" for i, t in enumerate(["Thesis: coastal erosion models", "Report: library usage 2024"])]))


def register_class11() -> None:
    host = "duplicates.example.com"
    add("dup-guid-diff-title.xml", "11", "two items with one guid and different titles and links",
        rss_doc("Live Blog", f"https://{host}/live/", "".join([
            rss_item("Election night: polls close", f"https://{host}/live/polls-close", 0, guid='<guid isPermaLink="false">live-2025-03-14</guid>'),
            rss_item("Election night: first results", f"https://{host}/live/first-results", 1, guid='<guid isPermaLink="false">live-2025-03-14</guid>'),
            rss_item("Election night: turnout high", f"https://{host}/live/turnout", 2, guid='<guid isPermaLink="false">live-2025-03-13</guid>')])))
    add("dup-guid-diff-link.xml", "11", "two items with one guid and one title, different links",
        rss_doc("Deals Feed", f"https://{host}/deals/", "".join([
            rss_item("Daily deal", f"https://{host}/deals/kettle", 0, guid='<guid isPermaLink="false">daily-deal</guid>'),
            rss_item("Daily deal", f"https://{host}/deals/toaster", 1, guid='<guid isPermaLink="false">daily-deal</guid>')])))
    add("dup-atom-id-diff-title.xml", "11", "Atom entries sharing an id with different titles",
        atom_feed(title="Changelog", feed_id=f"https://{host}/changelog", home=f"https://{host}/changelog",
                  self_href=f"https://{host}/changelog.atom", updated=iso(when(0)), entries=[
                      f"""  <entry>
    <title>{t}</title>
    <link href="https://{host}/changelog#{anchor}"/>
    <id>tag:{host},2025:changelog</id>
    <updated>{iso(when(i))}</updated>
  </entry>
""" for i, (t, anchor) in enumerate([("Version 2.1: dark mode", "v2-1"), ("Version 2.0: new editor", "v2-0")])]))
    add("dup-guid-permalink-false-reused.xml", "11", "WordPress-style ?p= guids reused by a migrated site (different posts)",
        wordpress_rss("Merged Blogs", "mergedblogs.example", items(TECH, 1, 4), first_id=14)
        .replace("?p=7</guid>", "?p=14</guid>"))
    add("dup-rdf-about-diff-title.xml", "11", "RSS 1.0 items with the same rdf:about and link, different titles",
        rdf(title="Notice Board", link=f"https://{host}/notices/", desc="Notices", rows=[
            {"about": f"https://{host}/notices/current", "title": t, "link": f"https://{host}/notices/current",
             "extra": f"\n<dc:date>{iso(when(i))}</dc:date>"}
            for i, t in enumerate(["Office closed on Monday", "Office open late on Thursday"])]))
    add("dup-identical-items.xml", "11", "the same item twice, byte for byte",
        rss_doc("Repeat Repeat", f"https://{host}/repeat/", rss_item("Same story twice", f"https://{host}/repeat/1", 0) * 2
                + rss_item("A different story", f"https://{host}/repeat/2", 1)))


def register_class12() -> None:
    host = "messages.example.org"
    base = plain_rss(title="Message Test", link=f"https://{host}/", desc="News", lang="en", its=items(NEWS, 13, 4))
    raw = base.encode()
    first = raw.index(b"<title>", raw.index(b"<item>")) + 7
    add("msg-bad-utf8-first-item.xml", "12", "declared UTF-8, a windows-1252 byte in the first item's title (libxml2: 'Bytes: 0x92 ...')",
        raw[:first] + b"Editor\x92s pick: " + raw[first:])
    third = raw.index(b"<title>", raw.index(b"<item>", raw.index(b"<item>", raw.index(b"<item>") + 1) + 1)) + 7
    add("msg-bad-utf8-midway.xml", "12", "declared UTF-8, an ISO-8859-1 byte in the third item's title",
        raw[:third] + b"Caf\xe9 " + raw[third:])
    add("msg-bad-utf8-attribute.xml", "12", "an invalid byte inside an attribute value (enclosure url)",
        plain_rss(title="Attribute Test", link=f"https://{host}/attr/", desc="Pod", lang="en", its=items(PODCAST, 1, 2))
        .encode().replace(b"    </item>", b'      <enclosure url="https://cdn.example.org/\xe9pisode.mp3" length="1" type="audio/mpeg"/>\n    </item>', 1))
    add("msg-unsupported-encoding.xml", "12", "an encoding name nobody knows (encoding=\"win-1252\"), ASCII content",
        plain_rss(title="Typo Encoding", link=f"https://{host}/typo/", desc="News", lang="en", its=items(TECH, 18, 3),
                  encoding="win-1252"))
    add("msg-utf16-label-utf8-content.xml", "12", "declared UTF-16 with no BOM, bytes in UTF-8",
        plain_rss(title="Mislabelled", link=f"https://{host}/mislabelled/", desc="News", lang="en", its=items(TECH, 24, 3),
                  encoding="UTF-16"))
    add("msg-mismatched-tag.xml", "12", "a mismatched end tag in the second item (one-line message: a control case)",
        base.replace("</link>", "</lnk>", 3).replace("</lnk>", "</link>", 2))
    add("msg-misspelt-end-tag.xml", "12", "a misspelt end tag (</titel>) in the first item",
        base.replace("</title>", "</titel>", 2).replace("</titel>", "</title>", 1))
    add("msg-unclosed-html-in-description.xml", "12", "raw HTML in descriptions with <p> and <b> never closed",
        rss_doc("Parish Notes", f"https://{host}/notes/", "".join([
            rss_item("Bell ringing practice moves to Thursday", f"https://{host}/notes/1", 0,
                     desc="<p>Practice is now on <b>Thursdays at 7pm"),
            rss_item("Jumble sale raises 420 pounds", f"https://{host}/notes/2", 1,
                     desc="Thanks to all <p>who helped<br>and donated"),
            rss_item("Churchyard tidy-up on Saturday", f"https://{host}/notes/3", 2)])))
    add("msg-premature-end.xml", "12", "a document cut off in the middle of its third item",
        base[:base.index("<item>", base.index("<item>", base.index("<item>") + 1) + 1) + 60])


def register_class13() -> None:
    add("empty-rss2-channel.xml", "13", "RSS 2.0 channel with title, link and description, no item",
        rss_doc("Quiet Week Gazette", "https://quietweek.example/", ""))
    add("empty-atom-feed.xml", "13", "Atom feed with its metadata and no entry",
        atom_feed(title="Nothing Yet", feed_id="https://nothingyet.example/", home="https://nothingyet.example/",
                  self_href="https://nothingyet.example/feed.atom", updated=iso(when(0)), entries=[], author="Nobody Yet"))
    add("empty-rdf-channel.xml", "13", "RSS 1.0 channel with an empty rdf:Seq",
        rdf(title="Empty Archive", link="https://emptyarchive.example/", desc="No entries", rows=[]))
    add("empty-rss-with-image-textinput.xml", "13", "RSS 0.91 channel with image and textInput but no item",
        rss091([], title="Harbourside Weekly (off season)").replace(
            "</image>\n", "</image>\n<textInput>\n<title>Search</title>\n<description>Search the archive</description>\n"
                          "<name>q</name>\n<link>http://www.harbourside.example/search</link>\n</textInput>\n"))
    add("empty-atom03.xml", "13", "Atom 0.3 feed with no entry", atom03(title="Dormant Blog", home="https://dormant.example/", entries=[]))
    add("empty-wordpress-category.xml", "13", "a WordPress category feed with no posts",
        wordpress_rss("Riverside Gazette &#187; Obituaries".replace("&#187;", "»"), "riversidegazette.example", []))
    add("empty-jsonfeed.json", "13", "JSON Feed 1.1 with an empty items array",
        jsonfeed("1.1", title="Empty JSON", home="https://emptyjson.example/", feed_url="https://emptyjson.example/feed.json", items_=[]))


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

README_HEAD = """# The differential feed corpus

Feeds written for ldnews's tests: each in the shape a real generator
produces, with invented headlines, people and sites.  The harness
`tests/differential/feedparser_diff.py` reads every file here with ldnews and
with Python's feedparser and compares what they find.

`make.py` writes every file of the table below (and this README); the files
are committed as written so they can be read without running anything.
Run `python3 tests/data/corpus/make.py --check` to see that they still match.

Classes: `gen` ordinary feeds of known generators, `lang` non-English text,
`enc` legacy encodings declared correctly, and 1-13 the classes of the issue
"read every feed a reader meets":

| class | meaning |
| --- | --- |
{classes}

HTTP charsets (class 2's first fallback) cannot be expressed by a file; they
need the loopback server of `tests/server/`.

| file | class | what it exercises |
| --- | --- | --- |
"""


def readme() -> str:
    classes = "\n".join(f"| {k} | {v} |" for k, v in CLASSES.items())
    rows = "\n".join(f"| `{e.name}` | {e.cls} | {e.what.replace('|', '&#124;')} |"
                     for e in sorted(CORPUS, key=lambda e: e.name))
    return README_HEAD.format(classes=classes) + rows + "\n"


def build() -> dict[str, bytes]:
    for fn in (register_generators, register_languages, register_encodings, register_class1,
               register_class2, register_class3, register_class4, register_class5, register_class6,
               register_class7, register_class8, register_class9, register_class10, register_class11,
               register_class12, register_class13):
        fn()
    out = {e.name: e.data for e in CORPUS}
    out["README.md"] = readme().encode()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    files = build()
    stale = [n for n, data in files.items()
             if not (HERE / n).is_file() or (HERE / n).read_bytes() != data]
    if args.check:
        for n in stale:
            print(f"differs: {n}", file=sys.stderr)
        return 1 if stale else 0
    for n in stale:
        (HERE / n).write_bytes(data=files[n])
    print(f"{len(files)} files, {len(stale)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
