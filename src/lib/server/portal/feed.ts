// The portal's Atom feed (RFC 4287) of open calls and upcoming calendar entries. Written by hand:
// it is a few elements, and every text and attribute goes through one escaping function, so a
// hostile title ("</title><script>") arrives as text in any feed reader.
import type { DB } from '../db/client';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { formatDateTime } from '$lib/i18n/format';
import { eventKindLabel, municipalityLabel } from '../../volunteering/options';
import * as events from './events';
import * as listings from './listings';

export interface FeedItem {
	/** Absolute address of the item's page; also its id. */
	url: string;
	title: string;
	summary: string;
	updated: number;
	category: string;
}

/** Escapes text for XML content and attribute values; drops characters XML 1.0 does not allow. */
export function xmlEscape(text: string): string {
	return text
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
		.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The feed document. `selfUrl` is the feed's own absolute address, `homeUrl` the site's. */
export function atomFeed(feed: {
	title: string;
	subtitle: string;
	selfUrl: string;
	homeUrl: string;
	items: FeedItem[];
}): string {
	const updated = feed.items.reduce((latest, i) => Math.max(latest, i.updated), 0) || Date.UTC(2025, 0, 1);
	const entries = feed.items.map(
		(i) => `  <entry>
    <id>${xmlEscape(i.url)}</id>
    <title type="text">${xmlEscape(i.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(i.url)}"/>
    <updated>${iso(i.updated)}</updated>
    <category term="${xmlEscape(i.category)}"/>
    <summary type="text">${xmlEscape(i.summary)}</summary>
  </entry>`
	);
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlEscape(feed.selfUrl)}</id>
  <title type="text">${xmlEscape(feed.title)}</title>
  <subtitle type="text">${xmlEscape(feed.subtitle)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(feed.homeUrl)}"/>
  <updated>${iso(updated)}</updated>
  <author><name>CivicSteps</name></author>
${entries.join('\n')}
</feed>
`;
}

const FEED_ITEMS = 50;

/**
 * The portal feed in the current language: open calls and upcoming calendar entries, the 50 added
 * most recently, with absolute links under `origin`.
 */
export async function portalFeed(db: DB, origin: string, now = Date.now()): Promise<string> {
	const [calls, upcoming] = await Promise.all([
		listings.openCalls(db, { limit: FEED_ITEMS }, now),
		events.listNewest(db, FEED_ITEMS, now)
	]);
	const items: FeedItem[] = [
		...calls.map((c) => ({
			url: `${origin}${localizeHref(`/calls/${c.id}`)}`,
			title: c.title,
			summary: `${m.portal_feed_call()} · ${c.organisation_name} · ${municipalityLabel(c.municipality)}`,
			// Dated by its approval: a call reviewed days after it was written is news when it opens.
			updated: c.published_at,
			category: 'call'
		})),
		...upcoming.map((e) => ({
			url: `${origin}${localizeHref(`/calendar/${e.id}`)}`,
			title: e.title,
			summary: `${eventKindLabel(e.kind)} · ${formatDateTime(e.starts_at)} · ${municipalityLabel(e.municipality)}`,
			updated: e.updated_at,
			category: e.kind
		}))
	]
		.sort((a, b) => b.updated - a.updated)
		.slice(0, FEED_ITEMS);
	return atomFeed({
		title: `CivicSteps — ${m.portal_feed_title()}`,
		subtitle: m.portal_feed_subtitle(),
		selfUrl: `${origin}${localizeHref('/feed.xml')}`,
		homeUrl: `${origin}${localizeHref('/')}`,
		items
	});
}
