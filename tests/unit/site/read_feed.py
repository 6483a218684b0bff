#!/usr/bin/python3
"""Reads a feed or a calendar as a subscriber's client would and prints what it
understood as JSON, for feeds_test.cpp to compare with the posts it rendered.

  read_feed.py feed FILE       RSS or Atom, through feedparser
  read_feed.py jsonfeed FILE   JSON Feed 1.1 (feedparser 6.0 cannot read it)
  read_feed.py ical FILE       iCalendar, through icalendar

Run with Debian's /usr/bin/python3 (python3-feedparser, python3-icalendar);
a missing module is an import error and a failed test, not a skip.
"""

import calendar
import datetime
import html.parser
import json
import sys

import feedparser
import feedparser.datetimes
import icalendar


def iso_from_struct(struct):
    if struct is None:
        return None
    return datetime.datetime.fromtimestamp(
        calendar.timegm(struct), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def iso_utc(dt):
    return dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


class _Text(html.parser.HTMLParser):
    """HTML as a reader shows it, with <br> as a line break."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == 'br':
            self.parts.append('\n')

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(value):
    parser = _Text()
    parser.feed(value)
    parser.close()
    return ''.join(parser.parts)


def detail_text(detail):
    if detail is None:
        return None
    if detail.get('type') == 'text/html':
        return html_to_text(detail['value'])
    return detail['value']


def read_feed(path):
    d = feedparser.parse(path)
    feed = d.feed
    out = {
        'bozo': int(d.bozo),
        'bozo_exception': str(d.get('bozo_exception', '')),
        'version': d.version,
        'title': feed.get('title'),
        'link': feed.get('link'),
        'links': [{'rel': l.get('rel'), 'href': l.get('href'), 'type': l.get('type')}
                  for l in feed.get('links', [])],
        'language': feed.get('language'),
        'subtitle': feed.get('subtitle'),
        'updated': iso_from_struct(feed.get('updated_parsed')),
        'author': feed.get('author_detail', {}).get('name'),
        'entries': [],
    }
    for e in d.entries:
        if 'content' in e:
            text = detail_text(e.content[0])
        else:
            text = detail_text(e.get('summary_detail'))
        image = None
        image_type = None
        for enclosure in e.get('enclosures', []):
            image, image_type = enclosure.get('href'), enclosure.get('type')
        for media in e.get('media_content', []):
            image, image_type = media.get('url'), media.get('type')
        out['entries'].append({
            'title': e.get('title'),
            'link': e.get('link'),
            'id': e.get('id'),
            'published': iso_from_struct(e.get('published_parsed')),
            'updated': iso_from_struct(e.get('updated_parsed')),
            'text': text,
            'tags': [t.get('term') for t in e.get('tags', [])],
            'image': image,
            'image_type': image_type,
        })
    return out


def read_json_feed(path):
    """Checks what JSON Feed 1.1 requires and reads the dates with feedparser's
    RFC 3339 parser, into the same shape as read_feed()."""
    problems = []
    with open(path, encoding='utf-8') as f:
        feed = json.load(f)

    def want(obj, key, kind, where):
        if key not in obj:
            problems.append(f'{where}: no {key}')
            return None
        if not isinstance(obj[key], kind):
            problems.append(f'{where}: {key} is not {kind.__name__}')
            return None
        return obj[key]

    def date(value, where):
        if value is None:
            return None
        parsed = feedparser.datetimes._parse_date(value)
        if parsed is None:
            problems.append(f'{where}: bad date {value!r}')
        return iso_from_struct(parsed)

    if feed.get('version') != 'https://jsonfeed.org/version/1.1':
        problems.append('version is not 1.1')
    want(feed, 'title', str, 'feed')
    items = want(feed, 'items', list, 'feed') or []
    entries = []
    for i, item in enumerate(items):
        where = f'item {i}'
        want(item, 'id', str, where)
        if 'content_text' not in item and 'content_html' not in item:
            problems.append(f'{where}: neither content_text nor content_html')
        entries.append({
            'title': item.get('title'),
            'link': item.get('url'),
            'id': item.get('id'),
            'published': date(item.get('date_published'), where),
            'updated': date(item.get('date_modified'), where),
            'text': item.get('content_text'),
            'tags': item.get('tags', []),
            'image': item.get('image'),
            'image_type': None,
        })
    links = []
    if 'home_page_url' in feed:
        links.append({'rel': 'alternate', 'href': feed['home_page_url'], 'type': 'text/html'})
    if 'feed_url' in feed:
        links.append({'rel': 'self', 'href': feed['feed_url'],
                      'type': 'application/feed+json'})
    authors = feed.get('authors', [])
    return {
        'bozo': int(bool(problems)),
        'bozo_exception': '; '.join(problems),
        'version': feed.get('version'),
        'title': feed.get('title'),
        'link': feed.get('home_page_url'),
        'links': links,
        'language': feed.get('language'),
        'subtitle': feed.get('description'),
        'updated': None,
        'author': authors[0].get('name') if authors else None,
        'entries': entries,
    }


def zone_from_vtimezone(vtimezone):
    """icalendar's own reading of a VTIMEZONE. RFC 5545 wants a sub-component's
    RRULE UNTIL in UTC, and libical writes it so, but icalendar 4.0 hands it
    with a naive DTSTART to dateutil, which refuses the mix; the same instant
    as local time before the change (UTC + TZOFFSETFROM) is what it can read."""
    for observance in vtimezone.subcomponents:
        rule = observance.get('RRULE')
        if rule is None or 'UNTIL' not in rule:
            continue
        offset = observance['TZOFFSETFROM'].td
        rule['UNTIL'] = [u.astimezone(datetime.timezone.utc).replace(tzinfo=None) + offset
                         if getattr(u, 'tzinfo', None) else u for u in rule['UNTIL']]
    return vtimezone.to_tz()


def _is_utf8(data):
    try:
        data.decode('utf-8')
        return True
    except UnicodeDecodeError:
        return False


def read_ical(path):
    with open(path, 'rb') as f:
        raw = f.read()
    lines = raw.split(b'\r\n')
    cal = icalendar.Calendar.from_ical(raw)
    vtimezones = cal.walk('VTIMEZONE')
    # Our own VTIMEZONE, read by icalendar, checks the rules we send rather
    # than the client's copy of the tz database.
    own_zone = zone_from_vtimezone(vtimezones[0]) if vtimezones else None

    def moment(prop):
        if prop is None:
            return None
        dt = prop.dt
        tzid = prop.params.get('TZID')
        out = {
            'local': dt.strftime('%Y-%m-%dT%H:%M:%S'),
            'tzid': str(tzid) if tzid else None,
            'zone': getattr(dt.tzinfo, 'zone', None) or (str(dt.tzinfo) if dt.tzinfo else None),
            'utc': iso_utc(dt),
            'utc_by_vtimezone': None,
        }
        if tzid and own_zone is not None:
            out['utc_by_vtimezone'] = iso_utc(own_zone.localize(dt.replace(tzinfo=None)))
        return out

    def text(component, name):
        value = component.get(name)
        return None if value is None else str(value)

    events = []
    for ev in cal.walk('VEVENT'):
        events.append({
            'uid': text(ev, 'UID'),
            'summary': text(ev, 'SUMMARY'),
            'location': text(ev, 'LOCATION'),
            'description': text(ev, 'DESCRIPTION'),
            'url': text(ev, 'URL'),
            'dtstamp': iso_utc(ev['DTSTAMP'].dt) if 'DTSTAMP' in ev else None,
            'dtstart': moment(ev.get('DTSTART')),
            'dtend': moment(ev.get('DTEND')),
        })
    return {
        'crlf': raw.endswith(b'\r\n') and b'\n' not in raw.replace(b'\r\n', b''),
        'max_line_octets': max(len(line) for line in lines),
        'lines_utf8': all(_is_utf8(line) for line in lines),
        'prodid': text(cal, 'PRODID'),
        'version': text(cal, 'VERSION'),
        'calname': text(cal, 'X-WR-CALNAME'),
        'timezone': text(cal, 'X-WR-TIMEZONE'),
        'vtimezones': [str(tz['TZID']) for tz in vtimezones],
        'events': events,
    }


def main():
    kind, path = sys.argv[1], sys.argv[2]
    readers = {'feed': read_feed, 'jsonfeed': read_json_feed, 'ical': read_ical}
    json.dump(readers[kind](path), sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
