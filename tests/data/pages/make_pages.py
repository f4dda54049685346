#!/usr/bin/env python3
"""Writes the extraction fixtures: tests/data/pages/NAME.html (a page in
the shape a platform really serves: its class names, nesting and clutter),
NAME.expected.txt (the article's text, one block a line, written from the
same source text as the page, never by running an extractor) and NAME.meta
(title, byline, date and tags, `key: value` a line).

The article texts live in pages_text.py; the platform shapes here.
Run it from anywhere: python3 tests/data/pages/make_pages.py
"""
import html
import json
import zlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pages_text import PAGES  # noqa: E402

E = html.escape


# ---- the article's blocks: as HTML and as expected text ----

def blocks_html(blocks, p_attr=""):
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(f"<p{p_attr}>{b[1]}</p>")
        elif kind in ("h2", "h3", "h4"):
            out.append(f"<{kind}>{E(b[1])}</{kind}>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{E(i)}</li>" for i in b[1]) + f"</{kind}>")
        elif kind == "quote":
            out.append(f"<blockquote><p>{E(b[1])}</p></blockquote>")
        elif kind == "pre":
            out.append(f"<pre><code>{E(b[1])}</code></pre>")
        elif kind == "table":
            head, *rows = b[1]
            out.append("<table><thead><tr>" + "".join(f"<th>{E(c)}</th>" for c in head)
                       + "</tr></thead><tbody>"
                       + "".join("<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>" for r in rows)
                       + "</tbody></table>")
        elif kind == "fig":
            out.append(f'<figure class="wp-block-image"><img src="/img/{zlib.crc32(b[1].encode()) % 1000}.jpg" alt="{E(b[1])}">'
                       f"<figcaption>{E(b[2])}</figcaption></figure>")
        else:
            raise ValueError(kind)
    return "\n".join(out)


def strip_tags(s):
    import re
    return html.unescape(re.sub(r"<[^>]+>", "", s))


def blocks_text(blocks):
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(strip_tags(b[1]))
        elif kind in ("h2", "h3", "h4", "quote"):
            out.append(b[1])
        elif kind in ("ul", "ol"):
            out.extend(b[1])
        elif kind == "pre":
            out.extend(b[1].split("\n"))
        elif kind == "table":
            out.extend(" ".join(r) for r in b[1])
        elif kind == "fig":
            out.append(f"[image: {b[1]}]")
            out.append(b[2])
    return "\n".join(out) + "\n"


def head(pg, og=True, ld=None, charset="utf-8", extra=""):
    h = [f'<meta charset="{charset}">' if charset else "",
         f"<title>{E(pg['title'])} | {E(pg.get('site', 'The Site'))}</title>",
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         '<link rel="stylesheet" href="/assets/main.css">',
         "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>",
         "<style>.hidden{display:none} body{font-family:serif}</style>"]
    if og:
        h.append(f'<meta property="og:site_name" content="{E(pg.get("site", "The Site"))}">')
        h.append(f'<meta property="og:title" content="{E(pg["title"])}">')
        h.append('<meta property="og:type" content="article">')
        if pg.get("date"):
            h.append(f'<meta property="article:published_time" content="{pg["date"]}">')
        for t in pg.get("tags", []):
            h.append(f'<meta property="article:tag" content="{E(t)}">')
        h.append(f'<meta property="og:image" content="/images/{pg["name"]}-lead.jpg">')
    if ld is not None:
        h.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    h.append(extra)
    return "\n".join(x for x in h if x)


def ld_article(pg, typ="NewsArticle", graph=False):
    o = {"@context": "https://schema.org", "@type": typ, "headline": pg["title"],
         "datePublished": pg.get("date"),
         "author": [{"@type": "Person", "name": pg["byline"]}] if pg.get("byline") else None,
         "keywords": pg.get("tags", []),
         "publisher": {"@type": "Organization", "name": pg.get("site", "The Site")}}
    o = {k: v for k, v in o.items() if v is not None}
    if graph:
        return {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": pg.get("site", "The Site")},
            {"@type": "WebPage", "name": pg["title"] + " - " + pg.get("site", "")},
            o]}
    return o


def nav_menu(items, cls="menu"):
    return f'<ul class="{cls}">' + "".join(f'<li class="menu-item"><a href="/{i.lower().replace(" ", "-")}/">{E(i)}</a></li>' for i in items) + "</ul>"


SECTIONS = ["Home", "World", "Politics", "Business", "Technology", "Science", "Culture", "Sport", "Opinion", "Travel"]


def comments(n=3):
    names = ["Margit", "Okonkwo", "Luisa", "Taavi", "Brennan"]
    lis = []
    for k in range(n):
        lis.append(f'<li id="comment-{k}" class="comment even thread-even depth-1"><article id="div-comment-{k}" class="comment-body">'
                   f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{names[k % 5]}</b> <span class="says">says:</span></div>'
                   f'<div class="comment-metadata"><a href="#comment-{k}"><time datetime="2024-01-0{k + 1}T10:00:00+00:00">January {k + 1}, 2024</time></a></div></footer>'
                   f'<div class="comment-content"><p>Commenter number {k} writes at some length, with opinions, asides, and several commas, '
                   f'about how this reminds them of something their neighbour once said over the garden fence, which went on for a while.</p></div>'
                   f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">Reply</a></div></article></li>')
    return ('<div id="comments" class="comments-area"><h2 class="comments-title">%d thoughts on this</h2><ol class="comment-list">%s</ol>'
            '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
            '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-form-comment">'
            '<label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p><p class="form-submit">'
            '<input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div></div>') % (n, "".join(lis))


def share_bar():
    return ('<div class="share-buttons social-share"><span>Share this:</span>'
            '<a href="https://twitter.com/intent/tweet?url=x" class="share-twitter">Twitter</a>'
            '<a href="https://www.facebook.com/sharer.php?u=x" class="share-facebook">Facebook</a>'
            '<a href="mailto:?subject=x" class="share-email">Email</a>'
            '<a href="javascript:window.print()" class="share-print">Print</a></div>')


# ---- the platforms ----

def wordpress(pg):
    tags = "".join(f'<a href="/tag/{t.lower()}/" rel="tag">{E(t)}</a>, ' for t in pg.get("tags", []))
    return f"""<!DOCTYPE html>
<html lang="{pg.get('lang', 'en-US')}"><head>
{head(pg, ld=ld_article(pg, "Article", graph=True) if pg.get("yoast") else None)}
<link rel="https://api.w.org/" href="/wp-json/">
</head>
<body class="post-template-default single single-post postid-{len(pg['name'])} single-format-standard has-sidebar">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">{E(pg.get('site', 'The Site'))}</a></p>
<p class="site-description">Notes and essays from the margins</p></div>
<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu">Menu</button>
{nav_menu(SECTIONS[:6])}</nav></header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{len(pg['name'])}" class="post-{len(pg['name'])} post type-post status-publish format-standard hentry category-notes">
<header class="entry-header"><h1 class="entry-title">{E(pg['title'])}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="/{pg['name']}/" rel="bookmark"><time class="entry-date published" datetime="{pg.get('date', '')}">{pg.get('date', '')[:10]}</time></a></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/someone/">{E(pg.get('byline', ''))}</a></span></span></div>
</header>
<div class="entry-content">
{blocks_html(pg['body'])}
<div class="sharedaddy sd-sharing-enabled">{share_bar()}</div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/notes/" rel="category tag">Notes</a></span>
<span class="tags-links">Tagged {tags}</span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><div class="nav-previous"><a href="/older/" rel="prev">An older post about something else entirely</a></div>
<div class="nav-next"><a href="/newer/" rel="next">A newer post with another title</a></div></div></nav>
{comments()}
</main></div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><input type="search" class="search-field" name="s"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/a/">A recent post on seed saving</a></li><li><a href="/b/">Another on the winter allotment</a></li><li><a href="/c/">Notes from a rainy week</a></li></ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li><a href="/2024/02/">February 2024</a></li><li><a href="/2024/01/">January 2024</a></li></ul></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body></html>
"""


def ghost(pg):
    tag = pg.get("tags", ["News"])[0]
    return f"""<!DOCTYPE html>
<html lang="{pg.get('lang', 'en')}"><head>
{head(pg, ld=ld_article(pg, "Article"))}
<meta name="generator" content="Ghost 5.75">
</head>
<body class="post-template tag-{tag.lower()}">
<div class="viewport">
<header id="gh-head" class="gh-head outer"><div class="gh-head-inner inner">
<div class="gh-head-brand"><a class="gh-head-logo" href="/">{E(pg.get('site', 'Ghost site'))}</a></div>
<nav class="gh-head-menu">{nav_menu(["Home", "About", "Archive", "Membership"], "nav")}</nav>
<div class="gh-head-actions"><a class="gh-head-button" href="#/portal/signup">Subscribe</a></div></div></header>
<div class="site-content">
<main id="site-main" class="site-main">
<article class="article post tag-{tag.lower()}">
<header class="article-header gh-canvas">
<div class="article-tag post-card-tags"><span class="post-card-primary-tag"><a href="/tag/{tag.lower()}/">{E(tag)}</a></span></div>
<h1 class="article-title">{E(pg['title'])}</h1>
<p class="article-excerpt">{E(pg.get('standfirst', ''))}</p>
<div class="article-byline"><section class="article-byline-content"><ul class="author-list"><li class="author-list-item"><a href="/author/x/" class="author-avatar"><img class="author-profile-image" src="/content/images/a.jpg" alt=""></a></li></ul>
<div class="article-byline-meta"><h4 class="author-name"><a href="/author/x/">{E(pg['byline'])}</a></h4>
<div class="byline-meta-content"><time class="byline-meta-date" datetime="{pg['date'][:10]}">{pg['date'][:10]}</time><span class="byline-reading-time"><span class="bull">&bull;</span> 6 min read</span></div></div></section></div>
</header>
<section class="gh-content gh-canvas">
{blocks_html(pg['body'])}
</section>
</article>
</main>
<section class="footer-cta outer"><div class="inner"><h2 class="footer-cta-title">Sign up for {E(pg.get('site', 'this site'))}</h2>
<a class="footer-cta-button" href="#/portal">Enter your email <span>Subscribe</span></a></div></section>
<aside class="read-more-wrap outer"><div class="read-more inner"><div class="post-card-list">
<article class="post-card post"><a class="post-card-content-link" href="/another/"><h2 class="post-card-title">Another essay, on the weather in March</h2></a></article>
<article class="post-card post"><a class="post-card-content-link" href="/third/"><h2 class="post-card-title">Third essay: the cost of ferries</h2></a></article></div></div></aside>
</div>
<footer class="site-footer outer"><div class="inner"><section class="copyright"><a href="/">{E(pg.get('site', ''))}</a> &copy; 2024</section>
<nav class="site-footer-nav"><ul><li><a href="/privacy/">Privacy</a></li><li><a href="https://ghost.org/">Powered by Ghost</a></li></ul></nav></div></footer>
</div>
<script src="/assets/built/casper.js"></script>
</body></html>
"""


def substack(pg):
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{head(pg, ld=ld_article(pg, "NewsArticle"))}
</head>
<body>
<div id="entry"><div id="main" class="main typography use-theme-bg">
<div class="topbar topbar-desktop"><div class="navbar-title"><a href="/">{E(pg.get('site', 'Newsletter'))}</a></div>
<div class="navbar-buttons"><a class="button subscribe-btn" href="/subscribe">Subscribe</a><a class="button sign-in-link" href="/sign-in">Sign in</a></div></div>
<div class="single-post-container"><div class="container"><div class="single-post">
<article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title published">{E(pg['title'])}</h1>
<h3 class="subtitle">{E(pg.get('standfirst', ''))}</h3>
<div class="post-meta"><div class="profile-hover-card-target"><div class="byline-names"><a href="https://substack.com/@someone">{E(pg['byline'])}</a></div></div>
<div class="post-date" title="{pg['date']}">{pg['date'][:10]}</div></div>
<div class="post-ufi"><a class="like-button" href="#">12</a><a class="post-ufi-comment-button" href="#">4</a><a class="share-button" href="#">Share</a></div>
</div>
<div class="available-content"><div dir="auto" class="body markup">
{blocks_html(pg['body'])}
</div></div>
<div class="subscription-widget-wrap"><div class="subscription-widget show-subscribe"><div class="preamble"><p>Thanks for reading! Subscribe for free to receive new posts and support my work.</p></div>
<form class="form" action="/api/v1/free" method="post"><input type="email" name="email" placeholder="Type your email"><button type="submit">Subscribe</button></form></div></div>
</article>
<div class="post-footer"><div class="post-ufi"><a class="like-button">Like</a><a class="share-button">Share</a></div></div>
<div class="comments-section"><div class="comment-list"><div class="comment"><div class="comment-body"><p>A reader replies that the piece made them rethink their whole approach, and wants to know more about the second point.</p></div></div></div></div>
</div></div></div>
<div class="footer-wrap"><div class="footer"><a href="https://substack.com/privacy">Privacy</a><a href="https://substack.com/tos">Terms</a><a href="https://substack.com/signup">Start writing</a></div></div>
</div></div>
<script>window._preloads = {{"post": {{"id": 1}}}}</script>
</body></html>
"""


def medium(pg):
    paras = []
    for b in pg["body"]:
        if b[0] == "p":
            paras.append(f'<p id="{zlib.crc32(b[1].encode()) % 9999:x}" class="pw-post-body-paragraph mk ml fs mm b mn mo mp mq mr ms mt mu mv mw mx my mz na nb nc nd ne nf ng nh ni fl bj" data-selectable-paragraph="">{b[1]}</p>')
        elif b[0] == "h2":
            paras.append(f'<h2 class="nj nk fs be nl nm nn no np nq nr ns nt nu nv nw nx ny nz oa ob oc od oe of og bj" data-selectable-paragraph="">{E(b[1])}</h2>')
        else:
            paras.append(blocks_html([b]))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{head(pg, og=True, ld=ld_article(pg, "NewsArticle"))}
<meta name="author" content="{E(pg['byline'])}">
</head>
<body>
<div id="root"><div class="a b c"><div class="l c">
<div class="bi bj l"><nav class="ce cf cg l ch" aria-label="Top"><a href="/" aria-label="Homepage">Medium</a><a href="/search">Search</a><a href="/new-story">Write</a><a href="/m/signin">Sign in</a></nav></div>
<div class="l"><article><div class="l"><div class="l"><section><div><div class="fs ft fu fv fw"></div>
<div class="ab ca"><div class="ch bg fx fy fz ga">
<div><h1 id="abcd" class="pw-post-title gm gn go be gp gq gr gs gt gu gv gw gx gy gz ha hb hc hd he hf hg hh hi hj hk bj" data-testid="storyTitle">{E(pg['title'])}</h1></div>
<div class="speechify-ignore ab co"><div class="speechify-ignore bg l"><div class="hl hm hn ho hp ab"><div><div class="bl" aria-hidden="false"><a href="/@someone" rel="noopener follow"><img alt="{E(pg['byline'])}" class="l eu bx hq hr cw" src="https://miro.medium.com/v2/resize:fill:88:88/1.jpg" width="44" height="44"></a></div></div>
<div class="bm bg l"><div class="ab"><div style="flex:1"><span class="be b bf z bj"><div class="hs ab q"><div class="ab q ht"><div class="ab q"><div><div class="bl" aria-hidden="false"><a class="af ag ah ai aj ak al am an ao ap aq ar hw" data-testid="authorName" href="/@someone" rel="noopener follow">{E(pg['byline'])}</a></div></div></div>
<span class="hx hy" aria-hidden="true"><span class="be b bf z du">·</span></span><p class="be b bf z jx"><span><a class="jy jz" href="/m/signin">Follow</a></span></p></div></div></span></div></div>
<div class="l hz"><span class="be b bf z du"><div class="ab cn ia ib ic"><span data-testid="storyReadTime">7 min read</span><div class="id ie l" aria-hidden="true"><span class="l" aria-hidden="true"><span class="be b bf z du">·</span></span></div><span data-testid="storyPublishDate">{pg['date'][:10]}</span></div></span></div></div></div>
<div class="ab co if ig ih ii ij ik il im in io ip iq ir is it iu"><div class="h k w ea eb q"><div class="jk l"><div class="ab q jl jm"><div class="pw-multi-vote-icon ed jn jo jp jq"><a href="/m/signin?clap">Clap</a></div><div class="pw-multi-vote-count l jr js jt ju jv jw jx"><p class="be b dv z du"><span class="jy">1.2K</span></p></div></div></div>
<div class="bl" aria-hidden="false"><button class="af fl ah ai aj ak al kd an ao ap ex ke kf kg" aria-label="responses"><span class="pw-responses-count kc kd">23</span></button></div></div>
<div class="ab q iv iw ix iy iz ja jb jc jd je jf jg jh ji jj"><button aria-label="Add to list">Save</button><button aria-label="Share">Share</button></div></div></div></div>
{"".join(paras)}
</div></div></div></section></div></div></article></div>
<div class="ab ca"><div class="ch bg fx fy fz ga"><div class="nn no np nq nr l"><h2 class="be pd pe pf pg ph">More from {E(pg['byline'])}</h2>
<div class="pj pk pl"><a href="/@someone/other-1">Another story about caching that is quite long</a><a href="/@someone/other-2">Why the build broke on Tuesday</a></div>
<h2>Recommended from Medium</h2><div><a href="/p/rec-1">Ten things about focus</a><a href="/p/rec-2">I quit my job to sail</a></div></div></div></div>
<footer class="footer"><a href="https://help.medium.com">Help</a><a href="https://medium.statuspage.io">Status</a><a href="/about">About</a><a href="/jobs">Careers</a></footer>
</div></div></div>
<script>window.__APOLLO_STATE__ = {{"ROOT_QUERY": {{}}}}</script>
</body></html>
"""


def blogger(pg):
    body = []
    for b in pg["body"]:
        if b[0] == "p":
            body.append(b[1] + "<br /><br />")
        else:
            body.append(blocks_html([b]))
    labels = ", ".join(f"<a href='/search/label/{t}' rel='tag'>{E(t)}</a>" for t in pg.get("tags", []))
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'>
<head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<title>{E(pg.get('site', 'Blog'))}: {E(pg['title'])}</title>
<meta content='{E(pg['title'])}' property='og:title'/>
<link href='https://www.blogger.com/static/v1/widgets/css/bundle.css' rel='stylesheet' type='text/css'/>
<style id='page-skin-1' type='text/css'>body {{ font: normal normal 12px Arial; }}</style>
</head>
<body class='loading'>
<div class='navbar section' id='navbar'><div class='widget Navbar' id='Navbar1'><iframe src='https://www.blogger.com/navbar.g' height='30'></iframe></div></div>
<div class='body-fauxcolumns'><div class='fauxcolumn-outer body-fauxcolumn-outer'></div></div>
<div class='content'><div class='content-outer'>
<header><div class='header-outer'><div class='header section' id='header'><div class='widget Header' id='Header1'><div id='header-inner'><div class='titlewrapper'><h1 class='title'><a href='/'>{E(pg.get('site', 'Blog'))}</a></h1></div>
<div class='descriptionwrapper'><p class='description'><span>Small notes from a small place</span></p></div></div></div></div></div></header>
<div class='tabs-outer'><div class='tabs section' id='crosscol'><div class='widget PageList' id='PageList1'><ul><li class='selected'><a href='/'>Home</a></li><li><a href='/p/about.html'>About</a></li></ul></div></div></div>
<div class='main-outer'><div class='main-cap-top cap-top'></div><div class='fauxcolumns'></div>
<div class='region-inner main-inner'><div class='columns fauxcolumns'>
<div class='columns-inner'><div class='column-center-outer'><div class='column-center-inner'>
<div class='main section' id='main'><div class='widget Blog' id='Blog1'><div class='blog-posts hfeed'>
<div class="date-outer"><h2 class='date-header'><span>{pg['date'][:10]}</span></h2>
<div class="date-posts"><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='https://blogger.googleusercontent.com/img/x.jpg' itemprop='image_url'/>
<a name='123456789'></a>
<h3 class='post-title entry-title' itemprop='name'>{E(pg['title'])}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-123456789' itemprop='description articleBody'>
{"".join(body)}
<div style='clear: both;'></div></div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>Posted by <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>{E(pg['byline'])}</span></span></span>
<span class='post-timestamp'>at <meta content='{pg['date']}' itemprop='url'/><a class='timestamp-link' href='/{pg['name']}.html' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{pg['date']}'>09:12</abbr></a></span>
<span class='post-comment-link'><a class='comment-link' href='#comment-form'>2 comments:</a></span>
<div class='post-share-buttons goog-inline-block'><a class='goog-inline-block share-button sb-email' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID=2&amp;target=email' title='Email This'><span class='share-button-link-text'>Email This</span></a><a class='goog-inline-block share-button sb-blog' href='https://www.blogger.com/share-post.g?target=blog'><span class='share-button-link-text'>BlogThis!</span></a></div></div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: {labels}</span></div></div>
</div>
<div class='comments' id='comments'><a name='comments'></a><h4>2 comments:</h4><div class='comments-content'><div class='comment-thread'><ol><li class='comment'><div class='comment-block'><div class='comment-header'><cite class='user'>Anonymous</cite></div><p class='comment-content'>Lovely post, it reminded me of my grandmother's garden in the hills, thanks for writing it.</p></div></li></ol></div></div></div>
</div></div></div>
</div>
<div class='blog-pager' id='blog-pager'><span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='/newer.html'>Newer Post</a></span><a class='home-link' href='/'>Home</a></div>
</div></div></div></div>
<div class='column-right-outer'><div class='column-right-inner'><aside><div class='sidebar section' id='sidebar-right-1'>
<div class='widget Profile' id='Profile1'><h2>About Me</h2><div class='widget-content'><dl class='profile-datablock'><dt class='profile-data'><a class='profile-name-link' href='/profile/1'>{E(pg['byline'])}</a></dt></dl></div></div>
<div class='widget BlogArchive' id='BlogArchive1'><h2>Blog Archive</h2><div class='widget-content'><ul class='hierarchy'><li><a class='post-count-link' href='/2024/'>2024</a> (12)</li><li><a class='post-count-link' href='/2023/'>2023</a> (31)</li></ul></div></div>
</div></aside></div></div>
</div></div></div></div>
<footer><div class='footer-outer'><div class='foot section' id='footer-1'><div class='widget Attribution' id='Attribution1'><div class='widget-content'>Powered by <a href='https://www.blogger.com'>Blogger</a>.</div></div></div></div></footer>
</div></div>
<script type='text/javascript'>window.___gcfg = {{'lang': 'en'}};</script>
</body></html>
"""


def news(pg):
    """A news site with heavy navigation, a ticker, share bars, ads, an
    in-article related box, a newsletter box and a most-read list."""
    body = pg["body"]
    half = max(1, len(body) // 2)
    more = "".join(f'<li><a href="/news/{k}">{E(h)}</a></li>' for k, h in enumerate(pg.get("more", [
        "Council approves new cycle lanes after long debate", "Markets steady as investors await rate decision",
        "Storm warning issued for the north coast", "Museum returns looted bronzes", "Rail strike called off at last minute"])))
    charset = pg.get("charset", "utf-8")
    cs_head = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
               if pg.get("http_equiv") else f'<meta charset="{charset}">')
    ld = ld_article(pg) if pg.get("ld", True) else None
    return f"""<!DOCTYPE html>
<html lang="{pg.get('lang', 'en-GB')}" dir="{pg.get('dir', 'ltr')}"><head>
{cs_head}
{head(pg, og=pg.get("og", True), ld=ld, charset=None)}
</head>
<body class="article-page">
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience and for advertising. By continuing you agree.</p><button>Accept</button><button>Manage</button></div>
<div class="ad-slot ad-leaderboard" id="ad-top"><div class="ad-label">Advertisement</div><iframe src="https://ads.example/serve?slot=top"></iframe></div>
<header class="site-header masthead"><div class="brand"><a href="/" class="logo">{E(pg.get('site', 'The Daily'))}</a></div>
<nav class="primary-nav" role="navigation">{nav_menu(SECTIONS, "nav-list")}</nav>
<nav class="secondary-nav">{nav_menu(["Newsletters", "Podcasts", "Puzzles", "Subscribe", "Log in"], "nav-secondary")}</nav>
<div class="breaking-ticker"><span>Breaking:</span> <a href="/live">Live updates from the summit as talks continue into the night</a></div></header>
<main id="main-content" class="main">
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/{pg.get('section', 'world').lower()}">{E(pg.get('section', 'World'))}</a></div>
<article class="article">
<div class="article-header"><span class="kicker">{E(pg.get('section', 'World'))}</span><h1 class="headline">{E(pg['title'])}</h1>
<p class="standfirst">{E(pg.get('standfirst', ''))}</p>
<div class="article-meta"><span class="byline">By <a rel="author" href="/authors/x">{E(pg.get('byline', ''))}</a></span> <time datetime="{pg.get('date', '')}">{pg.get('date', '')[:10]}</time></div>
{share_bar()}</div>
<div class="article-body" itemprop="articleBody">
{blocks_html(body[:half])}
<div class="ad-slot ad-inarticle"><div class="ad-label">Advertisement</div><div id="div-gpt-ad-1"></div></div>
<aside class="related-inline"><h3>Read more</h3><ul><li><a href="/news/inline-1">An earlier report on the same story, from last week</a></li></ul></aside>
{blocks_html(body[half:])}
</div>
<div class="article-footer">{share_bar()}<div class="topics">Topics: {" ".join(f'<a href="/topic/{t.lower()}/">{E(t)}</a>' for t in pg.get("tags", []))}</div></div>
</article>
<div class="newsletter-signup promo"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter and get the day's top stories in your inbox every morning.</p><form><input type="email"><button>Sign up</button></form></div>
<section class="most-popular"><h2>Most read</h2><ol>{more}</ol></section>
<div class="ad-slot ad-mpu"><iframe src="https://ads.example/serve?slot=mpu"></iframe></div>
</main>
<footer class="site-footer"><div class="footer-links">{nav_menu(["About us", "Contact", "Careers", "Advertise", "Terms", "Privacy", "Cookies", "Accessibility"], "footer-nav")}</div>
<p class="copyright">&copy; 2024 {E(pg.get('site', 'The Daily'))} Ltd. All rights reserved.</p></footer>
<script async src="https://ads.example/gpt.js"></script>
<script>var googletag = googletag || {{}};googletag.cmd = googletag.cmd || [];</script>
</body></html>
"""


def jsonld(pg):
    """Metadata only in JSON-LD: no OpenGraph, no <time>, a bare page."""
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{E(pg['title'])}</title>
<script type="application/ld+json">{json.dumps(ld_article(pg, pg.get("ld_type", "NewsArticle"), graph=pg.get("graph", False)))}</script>
</head>
<body>
<div class="wrapper"><div class="top-links"><a href="/">Front page</a> | <a href="/archive">Archive</a> | <a href="/about">About</a></div>
<div class="layout"><div class="story">
{blocks_html(pg['body'])}
</div>
<div class="rail"><div class="sidebar"><h4>Elsewhere</h4><ul><li><a href="/x">A short link</a></li><li><a href="/y">Another link</a></li></ul></div></div></div>
<div class="footer">Copyright 2024</div></div>
</body></html>
"""


def paginated(pg):
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{head(pg, ld=ld_article(pg))}
<link rel="next" href="/{pg['name']}?page=2">
</head>
<body>
<div id="wrap"><div id="header"><a href="/">{E(pg.get('site', 'Magazine'))}</a> <div id="menu">{nav_menu(SECTIONS[:5])}</div></div>
<div id="container"><div id="content" class="article-content">
<h1>{E(pg['title'])}</h1><div class="byline">By {E(pg['byline'])}</div>
<div class="page-body">
{blocks_html(pg['body'])}
</div>
<div class="pagination"><span class="current">1</span> <a href="?page=2">2</a> <a href="?page=3">3</a> <a href="?page=2" class="next">Next page &raquo;</a></div>
</div>
<div id="sidebar"><h3>Popular</h3><ul><li><a href="/p1">Popular piece on rivers</a></li><li><a href="/p2">Popular piece on bread</a></li></ul></div></div>
<div id="footer"><a href="/contact">Contact</a> &middot; <a href="/terms">Terms</a></div></div>
</body></html>
"""


def multicol(pg):
    body = pg["body"]
    third = max(1, len(body) // 3)
    cols = [body[:third], body[third:2 * third], body[2 * third:]]
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{head(pg, ld=ld_article(pg))}
</head>
<body>
<header class="site-header"><nav class="nav">{nav_menu(SECTIONS[:7])}</nav></header>
<div class="page"><div class="article-wrapper">
<h1 class="article-title">{E(pg['title'])}</h1><p class="article-author">By <span class="author-name">{E(pg['byline'])}</span></p>
<div class="article-columns">
<div class="column column-1">{blocks_html(cols[0])}</div>
<div class="column column-2">{blocks_html(cols[1])}</div>
<div class="column column-3">{blocks_html(cols[2])}</div>
</div></div>
<div class="sidebar-right"><div class="widget"><h3>Our partners</h3><a href="/partner">A partner's offer on mattresses</a></div></div></div>
<footer class="footer"><p>&copy; Magazine</p></footer>
</body></html>
"""


def plain(pg):
    """A hand-written personal site: semantic HTML, little clutter."""
    return f"""<!DOCTYPE html>
<html lang="{pg.get('lang', 'en')}"><head>
<meta charset="utf-8">
<title>{E(pg['title'])} - {E(pg['byline'])}</title>
<meta name="author" content="{E(pg['byline'])}">
<link rel="alternate" type="application/atom+xml" href="/feed.xml">
{pg.get('head_extra', '')}
</head>
<body>
<nav><a href="/">Home</a> <a href="/posts/">Posts</a> <a href="/about/">About</a></nav>
<main><article>
<h1>{E(pg['title'])}</h1>
<p class="post-meta"><time datetime="{pg['date']}">{pg['date'][:10]}</time></p>
{blocks_html(pg['body'])}
</article></main>
<footer><p>Written by {E(pg['byline'])}. <a href="/feed.xml">Feed</a>.</p></footer>
</body></html>
"""


def london_daily(pg):
    related = "".join(f'<li class="related-item"><a href="/{k + 1000}-{h.lower().replace(" ", "-")[:30]}.html">{E(h)}</a></li>'
                      for k, h in enumerate(pg["related"]))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{E(pg['title'])} - London Daily</title>
<meta property="og:site_name" content="London Daily">
<meta property="og:title" content="{E(pg['title'])}">
<meta property="og:image" content="/images/{pg['name']}.jpg">
<meta property="og:image:alt" content="{E(pg['image_alt'])}">
<base href="https://londondaily.example/news/">
</head>
<body>
<div id="masthead" class="masthead"><a href="/" class="logo">London Daily</a><p class="tagline">Focus on the big picture.</p>
<nav class="menu">{nav_menu(["News", "Business", "Tech", "Culture"])}</nav></div>
<div class="page">
<h1 class="article-title">{E(pg['title'])}</h1>
<div class="article-standfirst"><h2>{E(pg['title'])}</h2></div>
<div class="article-audio"><a class="listen" href="audio/{pg['name']}.mp3">Listen</a></div>
<div class="article-text">
<p><strong>{E(pg['standfirst'])}</strong></p>
{blocks_html(pg['body'])}
</div>
<div class="article-tags"><a href="/tag/ANT" class="tag">#ANT</a></div>
<div class="newsletter-box"><a href="/newsletter">Newsletter</a></div>
<section class="related-articles"><h3>Related Articles</h3><ul>{related}</ul></section>
<div class="player" style="display:none"><span>London Daily</span><span>0:00</span><span>0:00</span><button>Close</button></div>
</div>
<div class="footer"><a href="/about">About</a> <a href="javascript:void(0)">&times;</a></div>
</body></html>
"""


def raw(pg):
    """A page written out in pages_text.py, {BODY} standing for the
    article's blocks (or {BODY_DIVS}: each paragraph a bare <div>, or
    {BODY_BR}: paragraphs split by <br><br> only)."""
    divs = "".join(f"<div>{b[1]}</div>\n" for b in pg["body"])
    brs = "<br><br>\n".join(b[1] for b in pg["body"])
    return (pg["html"].replace("{BODY}", blocks_html(pg["body"]))
            .replace("{BODY_DIVS}", divs).replace("{BODY_BR}", brs))


SHAPES = {"raw": raw, "wordpress": wordpress, "ghost": ghost, "substack": substack, "medium": medium,
          "blogger": blogger, "news": news, "jsonld": jsonld, "paginated": paginated,
          "multicol": multicol, "plain": plain, "london_daily": london_daily}


def main():
    names = set()
    for pg in PAGES:
        name = pg["name"]
        assert name not in names, name
        names.add(name)
        page = SHAPES[pg["shape"]](pg)
        enc = pg.get("encoding", "utf-8")
        with open(os.path.join(HERE, name + ".html"), "wb") as f:
            f.write(page.encode(enc, "xmlcharrefreplace"))
        expected = pg.get("expected_prefix", "") + blocks_text(pg["body"])
        with open(os.path.join(HERE, name + ".expected.txt"), "w", encoding="utf-8") as f:
            f.write(expected)
        with open(os.path.join(HERE, name + ".meta"), "w", encoding="utf-8") as f:
            f.write(f"title: {pg['title']}\n")
            f.write(f"byline: {pg.get('byline', '')}\n")
            f.write(f"date: {pg.get('date', '')}\n")
            f.write(f"tags: {', '.join(pg.get('tags', []))}\n")
            f.write(f"shape: {pg['shape']}\n")
        if "related" in pg:
            # what the page's related block must give: title TAB absolute URL
            with open(os.path.join(HERE, name + ".related.txt"), "w", encoding="utf-8") as f:
                for k, h in enumerate(pg["related"]):
                    slug = h.lower().replace(" ", "-")[:30]
                    f.write(f"{h}\thttps://londondaily.example/{k + 1000}-{slug}.html\n")
    print(f"{len(names)} pages")


if __name__ == "__main__":
    main()
