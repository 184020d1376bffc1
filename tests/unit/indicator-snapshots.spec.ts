// Frozen reports (issue 19): the title is cleaned like other free text before it is stored, and a
// user's exports are limited to two at a time (the third gets a plain 429 until one is done).
import { describe, expect, it } from 'vitest';
import * as runtime from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { IndicatorReport } from '$lib/indicators/report';
import { freeze, getSnapshot, cleanTitle, TITLE_MAX } from '$lib/server/indicators/snapshots';
import { EXPORTS_PER_USER, withExportSlot } from '$lib/server/http/indicator-exports';
import { freshDb, insertUser, T0 } from './helpers';

const REPORT: IndicatorReport = {
	version: 1,
	generatedAt: T0,
	filters: { from: '2025-01-01', to: '2025-03-31', course: null, cohort: null },
	scope: { courseTitle: null, cohortName: null },
	tables: []
};

describe('the title of a frozen report', () => {
	it('is stored without control characters, bidirectional overrides or line breaks', async () => {
		const db = await freshDb();
		const user = await insertUser(db, { name: 'Coco', email: 'coco@example.test', role: 'coordinator' });
		const typed = '  Q1\u0000 report\u001b[31m\u0007 to the\r\nEU \u202Eevil\u202C\u2066x\u2069\ttoo ';
		const result = await freeze(db, user, typed, REPORT, 'en', T0);
		expect(result.ok).toBe(true);
		const stored = await getSnapshot(db, result.ok ? result.id : 0);
		expect(stored?.title).toBe('Q1 report[31m to the EU evilx too');
		expect(stored?.title).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
		const audit = await db.selectFrom('audit_log').select('detail').where('action', '=', 'indicators_frozen').execute();
		expect(audit).toEqual([{ detail: 'Q1 report[31m to the EU evilx too' }]);
	});

	it('is missing when only control characters or spaces were typed, and too long is counted after cleaning', async () => {
		const db = await freshDb();
		const user = await insertUser(db, { name: 'Coco', email: 'coco@example.test', role: 'coordinator' });
		expect(await freeze(db, user, '\u0000\u202E \r\n\u2066', REPORT, 'en', T0)).toEqual({
			ok: false,
			reason: 'title_missing'
		});
		expect((await freeze(db, user, 'x'.repeat(TITLE_MAX) + '\u0000\u0000', REPORT, 'en', T0)).ok).toBe(true);
		expect(await freeze(db, user, 'x'.repeat(TITLE_MAX + 1), REPORT, 'en', T0)).toEqual({
			ok: false,
			reason: 'title_too_long'
		});
		expect(cleanTitle('Zvečan\u00a0Q1')).toBe('Zvečan\u00a0Q1');
	});
});

describe('exports at once per user', () => {
	/** An export that holds its slot until `release` is called. */
	function held(userId: number) {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const response = withExportSlot(userId, async () => {
			await gate;
			return new Response('done');
		});
		return { release, response };
	}

	it('lets two run, answers the third with a plain 429, and frees a slot when one ends', async () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(EXPORTS_PER_USER).toBe(2);
		const first = held(1);
		const second = held(1);
		const refused = await withExportSlot(1, async () => new Response('done'));
		expect(refused.status).toBe(429);
		expect(refused.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await refused.text()).toBe(m.rep_export_busy());
		// Another user is not held up by them.
		expect((await withExportSlot(2, async () => new Response('other'))).status).toBe(200);
		first.release();
		expect(await (await first.response).text()).toBe('done');
		expect((await withExportSlot(1, async () => new Response('after'))).status).toBe(200);
		second.release();
		await second.response;
	});

	it('gives the slot back when the export fails', async () => {
		for (let i = 0; i < EXPORTS_PER_USER + 1; i++) {
			await expect(
				withExportSlot(3, async () => {
					throw new Error('no such snapshot');
				})
			).rejects.toThrow('no such snapshot');
		}
		expect((await withExportSlot(3, async () => new Response('ok'))).status).toBe(200);
	});

	it('refuses the third of many downloads started together', async () => {
		const gates: (() => void)[] = [];
		const all = Array.from({ length: 5 }, () =>
			withExportSlot(4, () => new Promise<Response>((resolve) => gates.push(() => resolve(new Response('pdf')))))
		);
		// Let the refused ones answer before the two running ones finish.
		await new Promise((r) => setTimeout(r, 0));
		gates.forEach((open) => open());
		const statuses = (await Promise.all(all)).map((r) => r.status);
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
	});
});
