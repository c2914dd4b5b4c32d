#!/usr/bin/env python3
"""XSS end to end: hostile records in, every page and format out, inert.

  xss.py make DIR          writes the hostile inputs: one Podium JSON record
                           per payload (payload in title, source, topic,
                           speaker label, name and role, turn text, URL and
                           image) and one Markdown transcript with them all
  xss.py correct DB        corrects every xss-NN record with `podium
                           correct` ($PODIUM), the payload in --who and
                           --why, so the "Corrected on" notice and the
                           earlier-version pages carry it too
  xss.py check BASE_URL    fetches every page and format of those records
                           and the site-wide pages, searches, feeds with the
                           payloads in the query string, and checks:
    HTML   (html.parser) no element outside our templates' set (no iframe,
           object, embed, svg, base, form...), no event-handler attribute,
           no script without src or from elsewhere than /static/, no
           javascript:/data:/vbscript: URL in href/src/action, no
           <meta http-equiv=refresh>; the payload's text is shown as text
    XML    (Atom, Akoma Ntoso, sitemap; expat) well-formed, no script or
           event attribute in any namespace, HTML carried in Atom <content>
           checked as HTML too
    JSON   (json) parses; strings come back exactly as stored
    Markdown  rendered by libcmark (ctypes, CMARK_OPT_UNSAFE so raw HTML
           would pass through) and checked as HTML: transcript text never
           becomes markup or a link
  Prints "checked N responses, P payloads" or exits 1 naming the URL.
"""
import ctypes, ctypes.util, html.parser, http.client, json, os, re, subprocess, sys
import urllib.parse, xml.etree.ElementTree as ET

PAYLOADS = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "' onmouseover='alert(3)' x='",
    "javascript:alert(4)",
    "<a href=\"javascript:alert(5)\">click</a>",
    "<svg onload=alert(6)>",
    "<iframe src=javascript:alert(7)></iframe>",
    "</title></textarea></style><script>alert(8)</script>",
    "]]><script>alert(9)</script><![CDATA[",
    "\u202egnp.exe \u202dRTL override",
    "<style>@import 'javascript:alert(10)';</style>",
    "{{constructor.constructor('alert(11)')()}} ${alert(11)}",
    "[link](javascript:alert(12)) ![img](javascript:alert(13)) <javascript:alert(14)>",
    "<!--<script>alert(15)//-->",
    "&lt;script&gt;alert(16)&lt;/script&gt; &#x3C;script&#x3E;",
    "line\u2028sep\u2029para </script><script>alert(17)</script>",
    "<base href=//evil.example/><form action=javascript:alert(18)><button>x</button></form>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(19)'>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgyMCk8L3NjcmlwdD4=",
    "<object data=javascript:alert(21)></object><embed src=javascript:alert(22)>",
]
# The Markdown file also carries bytes that are not UTF-8.
BROKEN_UTF8 = b"broken \xff\xfe\xc0\xaf<script>alert(23)</script>\xe2\x80"

# Elements our templates use; anything else in a page came from data.
ALLOWED = set("""html head title meta link body header nav main footer section article aside
div span p a ul ol li dl dt dd h1 h2 h3 h4 h5 h6 em strong b i small mark time blockquote
q cite br hr table thead tbody tr th td caption figure figcaption img form input label
button select option script noscript abbr details summary code pre sup sub svg path
rect g line polyline text circle fieldset legend""".split())
# What cmark makes from Markdown syntax (and our Atom entries use).
CMARK_TAGS = set("p h1 h2 h3 h4 h5 h6 em strong a img code pre ul ol li blockquote hr br mark".split())
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

class Bad(Exception):
    pass

class HtmlCheck(html.parser.HTMLParser):
    def __init__(self, where, templates=True):
        super().__init__(convert_charrefs=True)
        self.where, self.templates, self.text, self.in_script = where, templates, [], False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.templates and tag not in ALLOWED:
            raise Bad("%s: element <%s> from data" % (self.where, tag))
        if not self.templates and tag not in CMARK_TAGS:
            # Markdown output from cmark, or HTML inside an Atom entry: only
            # what Markdown syntax makes; raw HTML from text would show here
            # (links and images are allowed: their URLs are checked below)
            raise Bad("%s: transcript text became <%s>" % (self.where, tag))
        for k, v in attrs:
            if k.startswith("on"):
                raise Bad("%s: event attribute %s=%r on <%s>" % (self.where, k, v, tag))
            if k in URL_ATTRS and v and BAD_SCHEME.match(v):
                raise Bad("%s: %s=%r on <%s>" % (self.where, k, v, tag))
            if k == "style" and "javascript" in (v or "").lower():
                raise Bad("%s: script in a style attribute" % self.where)
        if tag == "script":
            src = a.get("src")
            if not src or not src.startswith("/static/"):
                raise Bad("%s: inline or foreign script %r" % (self.where, src))
            self.in_script = True
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            raise Bad("%s: meta refresh" % self.where)
        if tag == "form" and a.get("action") and not a["action"].startswith("/"):
            raise Bad("%s: form to %r" % (self.where, a["action"]))
        if tag == "base":
            raise Bad("%s: <base>" % self.where)
    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
    def handle_data(self, data):
        if self.in_script and data.strip():
            raise Bad("%s: script content %r" % (self.where, data[:80]))
        self.text.append(data)

def check_html(where, body, templates=True):
    p = HtmlCheck(where, templates)
    p.feed(body)
    p.close()
    return "".join(p.text)

def check_xml(where, body):
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise Bad("%s: not well-formed XML: %s" % (where, e))
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        if local in ("script", "iframe", "object", "embed"):
            raise Bad("%s: element %s" % (where, el.tag))
        for k, v in el.attrib.items():
            if k.rsplit("}", 1)[-1].startswith("on"):
                raise Bad("%s: event attribute %s" % (where, k))
            if k.rsplit("}", 1)[-1] in URL_ATTRS and BAD_SCHEME.match(v):
                raise Bad("%s: %s=%r" % (where, k, v))
        if local in ("content", "summary", "title") and el.get("type") in ("html", "xhtml"):
            check_html(where + " <%s type=html>" % local, el.text or "", templates=False)

_cmark = None
def cmark_html(md):
    global _cmark
    if _cmark is None:
        _cmark = ctypes.CDLL(ctypes.util.find_library("cmark") or "libcmark.so")
        _cmark.cmark_markdown_to_html.restype = ctypes.c_void_p
        _cmark.cmark_markdown_to_html.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
        _cmark.free = ctypes.CDLL(None).free
        _cmark.free.argtypes = [ctypes.c_void_p]
    b = md.encode("utf-8", "surrogatepass")
    p = _cmark.cmark_markdown_to_html(b, len(b), 1 << 17)  # CMARK_OPT_UNSAFE
    out = ctypes.string_at(p).decode("utf-8")
    _cmark.free(p)
    return out

def make(out):
    os.makedirs(out, exist_ok=True)
    for i, p in enumerate(PAYLOADS):
        rec = {
            "id": "xss-%02d" % i, "title": "Briefing %d %s" % (i, p), "date": "2024-01-%02d" % (i % 28 + 1),
            "language": "en", "source": "Source " + p, "release_type": "Press Conference",
            "url": p if "javascript" in p or "data:" in p else "https://example.org/" + urllib.parse.quote(p),
            "topics": ["Topic " + p], "images": [{"src": p, "alt": p}],
            "participants": [{"label": "OFFICIAL %d" % i, "name": "Name " + p, "role": "Role " + p,
                              "kind": "host", "aliases": [p]},
                             {"label": p, "name": None, "role": None, "kind": "journalist", "aliases": []}],
            "turns": [{"n": 1, "speaker": "OFFICIAL %d" % i, "kind": "statement", "text": "Statement " + p},
                      {"n": 2, "speaker": p, "kind": "question", "text": "Question " + p + "?"},
                      {"n": 3, "speaker": "OFFICIAL %d" % i, "kind": "answer", "text": "Answer:\n\n" + p}],
        }
        with open(os.path.join(out, "xss-%02d.json" % i), "w", encoding="utf-8") as f:
            json.dump(rec, f, ensure_ascii=False)
    md = ["# Hostile briefing " + PAYLOADS[0], "", "Date: 2024-02-01", ""]
    for p in PAYLOADS:
        md += ["### MINISTER:", "", "Text " + p, "", "### REPORTER:", "", "Asked " + p, ""]
    with open(os.path.join(out, "hostile.md"), "wb") as f:
        f.write("\n".join(md).encode("utf-8") + b"\n### MINISTER:\n\n" + BROKEN_UTF8 + b"\n")

def correct(db):
    podium = os.environ["PODIUM"]
    for i, p in enumerate(PAYLOADS):
        rid = "xss-%02d" % i
        rec = json.loads(subprocess.run([podium, "show", "--db", db, "--format", "json", rid],
                                        check=True, capture_output=True).stdout)
        rec["turns"][2]["text"] = "Corrected answer:\n\n" + p
        path = os.path.join(os.path.dirname(db), rid + ".fixed.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(rec, f, ensure_ascii=False)
        subprocess.run([podium, "correct", "--db", db, "--file", path, "--who", "Editor " + p,
                        "--why", "Reason " + p, rid], check=True, capture_output=True)

def check_revisions(c, rid, p):
    """A corrected record: the notice, the list and the earlier version are
    inert, and who/why come back exactly through the JSON API."""
    st, body = check_one(c, "/api/v1/records/%s/revisions" % rid)
    revs = json.loads(body)["revisions"] if st == 200 else []
    if not revs:
        return False
    if revs[0]["who"] != "Editor " + p or revs[0]["why"] != "Reason " + p:
        raise Bad("/api/v1/records/%s/revisions: who/why changed on the way" % rid)
    for path in ("/records/%s/revisions" % rid, "/records/%s/revisions/1" % rid,
                 "/api/v1/records/%s/revisions/1" % rid):
        st, _ = check_one(c, path)
        if st != 200:
            raise Bad("%s: %d" % (path, st))
    return True

class Client:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        self.n = 0
    def get(self, path):
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        body = r.read()
        self.n += 1
        if r.status >= 500:
            raise Bad("%s: %d" % (path, r.status))
        if r.getheader("X-Content-Type-Options") != "nosniff":
            raise Bad("%s: no X-Content-Type-Options: nosniff" % path)
        ctype = r.getheader("Content-Type", "")
        if "charset=utf-8" not in ctype.lower():
            raise Bad("%s: Content-Type %r without charset=utf-8" % (path, ctype))
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Bad("%s: not UTF-8: %s" % (path, e))
        return r.status, ctype, text

def check_one(c, path):
    st, ctype, body = c.get(path)
    where = path[:100]
    if "html" in ctype:
        check_html(where, body)
        if BIDI.search(body):
            raise Bad("%s: a bidi override reaches the page" % where)
    elif "json" in ctype:
        try:
            json.loads(body)
        except ValueError as e:
            raise Bad("%s: JSON does not parse: %s" % (where, e))
    elif "xml" in ctype or "atom" in ctype:
        check_xml(where, body)
    elif "markdown" in ctype:
        check_html(where + " (cmark)", cmark_html(body), templates=False)
    return st, body

def selftest():
    """The checks must be able to fail: each of these pages is refused."""
    for page in ('<p onclick="x">', '<a href=" javascript:x">', '<script>x</script>',
                 '<iframe src=/x>', '<script src="//evil/x.js"></script>',
                 '<meta http-equiv="Refresh" content="0">'):
        try:
            check_html("selftest", page)
        except Bad:
            continue
        raise SystemExit("FAIL the HTML check accepts %r" % page)
    for doc in ('<feed><x:script xmlns:x="http://www.w3.org/1999/xhtml"/></feed>',
                '<feed><content type="html">&lt;img src=x onerror=alert(1)&gt;</content></feed>',
                '<feed><unclosed></feed>'):
        try:
            check_xml("selftest", doc)
        except Bad:
            continue
        raise SystemExit("FAIL the XML check accepts %r" % doc)
    try:
        check_html("selftest", cmark_html("<b>raw</b> html"), templates=False)
    except Bad:
        return
    raise SystemExit("FAIL the Markdown check accepts raw HTML")

def check(base):
    selftest()
    c = Client(base)
    corrected = 0
    q = lambda s: urllib.parse.quote(s, safe="")
    for i, p in enumerate(PAYLOADS):
        rid = "xss-%02d" % i
        st, body = check_one(c, "/records/" + rid)
        if st != 200:
            raise Bad("/records/%s: %d" % (rid, st))
        text = check_html(rid, body)
        if check_revisions(c, rid, p):
            corrected += 1
            if "Corrected on" not in text:
                raise Bad("/records/%s: corrected, but the page does not say so" % rid)
        # shown, as text: the title survives intact (bidi overrides apart,
        # which pages drop: they could make "exe.png" read "gnp.exe")
        want = re.sub(r"\s+", " ", BIDI.sub("", "Briefing %d %s" % (i, p))).strip()
        if want not in re.sub(r"\s+", " ", text):
            raise Bad("/records/%s: title not shown as text (%r)" % (rid, want[:60]))
        for ext in (".json", ".md", ".txt", ".akn.xml"):
            st, _ = check_one(c, "/records/" + rid + ext)
            if st != 200:
                raise Bad("/records/%s%s: %d" % (rid, ext, st))
        st, body = check_one(c, "/api/v1/records/" + rid)
        rec = json.loads(body)
        if rec["title"] != "Briefing %d %s" % (i, p) or rec["turns"][1]["text"] != "Question " + p + "?":
            raise Bad("/api/v1/records/%s: strings changed on the way" % rid)
        for path in ("/api/v1/records/%s/turns/2" % rid, "/records/%s/parallel" % rid,
                     "/search?q=" + q(p), "/search?q=" + q("Briefing " + p), "/search.atom?q=" + q(p),
                     "/api/v1/search?q=" + q(p), "/speakers/" + q(p), "/speakers/" + q(p) + ".atom",
                     "/speakers/" + q("Name " + p), "/topics/" + q("Topic " + p),
                     "/topics/" + q("Topic " + p) + ".atom", "/types/" + q(p),
                     "/search?q=briefing&speaker=" + q(p), "/search?q=x&lang=" + q(p),
                     "/search?q=briefing&from=" + q(p), "/records/" + q(p), "/api/v1/records/" + q(p),
                     "/search?q=briefing&hl=" + q(p)):
            check_one(c, path)
    for path in ("/", "/feed.atom", "/sitemap.xml", "/browse/dates/2024", "/browse/dates/2024/01",
                 "/api/v1/speakers", "/api/v1/topics", "/api/v1/records?per_page=100",
                 "/search?q=hostile", "/search?q=script", "/search?q=alert", "/search.atom?q=alert",
                 "/api/v1/search?q=alert&per_page=100"):
        check_one(c, path)
    # every other record (the Markdown transcript, broken UTF-8 and all)
    ids = [r["id"] for r in json.loads(c.get("/api/v1/records?per_page=100")[2])["records"]]
    others = [r for r in ids if not r.startswith("xss-")]
    if not others:
        raise Bad("the hostile Markdown transcript was not stored")
    for rid in others:
        for ext in ("", ".json", ".md", ".txt", ".akn.xml", "/parallel"):
            check_one(c, "/records/" + q(rid) + ext)
        check_one(c, "/api/v1/records/" + q(rid))
    print("checked %d responses, %d payloads, %d corrected records" % (c.n, len(PAYLOADS), corrected))

if __name__ == "__main__":
    try:
        if sys.argv[1] == "make":
            make(sys.argv[2])
        elif sys.argv[1] == "correct":
            correct(sys.argv[2])
        elif sys.argv[1] == "check":
            check(sys.argv[2])
        else:
            raise SystemExit(__doc__)
    except Bad as e:
        print("FAIL", e)
        sys.exit(1)
