// The exports of a programme results report (issue 19): the CSV a spreadsheet opens (byte-order mark,
// RFC 4180 quoting, "< 5", definitions, no formula from a user's organisation name) and the A4 PDF,
// read the way a reader sees it, through PDF.js (unpdf), so that a missing glyph shows up as a failure.
// The reports are built by hand: the figures come from the sections, whose own tests check them.
import { afterEach, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from './pdf-reading';
import { extractText, getDocumentProxy } from 'unpdf';
import * as runtime from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { IndicatorReport, Label, Table } from '$lib/indicators/report';
import { measureDefinition, measureName, tableTitle } from '$lib/indicators/labels';
import { reportCsv } from '$lib/server/indicators/csv';
import { reportPdf, PDF_MAX_ROWS } from '$lib/server/indicators/pdf';
import { exportFileName, recordExport } from '$lib/server/indicators/export';
import { csvFigure, figureText, periodText, rowLabelText } from '$lib/indicators/display';
import { freshDb, insertUser, T0 } from './helpers';

const CONTEXT = { programme: 'CivicSteps — civil-society outreach programme, Northern Kosovo', snapshot: null };
const ALBANIAN = 'Shoqata Zëri i Çdo Gruas';
const SERBIAN_LATIN = 'Udruženje Šančić Đurđevak Čačak Žica';
const SERBIAN_CYRILLIC = 'Удружење Заједно Ђурђевак Љубовија Њива';

function report(changes: Partial<IndicatorReport> = {}, tables?: Table[]): IndicatorReport {
	return {
		version: 1,
		generatedAt: T0,
		filters: { from: '2025-01-01', to: '2025-02-28', course: 'community-outreach', cohort: null },
		scope: { courseTitle: 'Community outreach', cohortName: null },
		tables: tables ?? [
			{
				id: 'orgs-by-municipality',
				rows: [
					{ label: { kind: 'municipality', code: 'leposavic' }, cells: [12, 3, null] },
					{ label: { kind: 'municipality', code: 'zvecan' }, cells: [7, null, 0] }
				],
				total: [19, 5, 1]
			},
			{
				id: 'people-by-organisation',
				rows: [
					{ label: { kind: 'text', text: ALBANIAN }, cells: [40, 31, 20, 18, 50] },
					{ label: { kind: 'text', text: SERBIAN_LATIN }, cells: [22, 20, 11, 9, 50] },
					{ label: { kind: 'text', text: SERBIAN_CYRILLIC }, cells: [12, null, null, null, null] },
					{ label: { kind: 'text', text: '=HYPERLINK("http://evil.example","click")' }, cells: [9, 8, 7, 6, 77.78] },
					{ label: { kind: 'text', text: '+1 CSO' }, cells: [5, 5, 5, 5, 100] },
					{ label: { kind: 'text', text: '@SUM(A1)' }, cells: [5, 5, 5, 5, 100] },
					{ label: { kind: 'text', text: '-2 people' }, cells: [5, 5, 5, 5, 100] },
					{ label: { kind: 'text', text: 'Youth "Hope", Zvečan' }, cells: [6, 6, 6, 6, 100] },
					{ label: { kind: 'no-organisation' }, cells: [null, null, null, null, null] }
				],
				total: null
			},
			{
				id: 'lessons-per-week',
				rows: [
					{ label: { kind: 'week', start: '2025-01-06' }, cells: [120] },
					{ label: { kind: 'week', start: '2025-01-13' }, cells: [95] }
				],
				total: [215]
			}
		],
		...changes
	};
}

/** The CSV as rows of cells (a small RFC 4180 reader: quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

/** Each page's text, to see where a table's rows and header land. */
async function pageTexts(pdf: Buffer): Promise<string[]> {
	const doc = await getDocumentProxy(new Uint8Array(pdf));
	const { text } = await extractText(doc, { mergePages: false });
	return text.map((t) => t.replace(/\s+/g, ' '));
}

const original = runtime.getLocale;
afterEach(() => runtime.overwriteGetLocale(original));

describe('the CSV export', () => {
	it('starts with a byte-order mark and ends its rows with CRLF', () => {
		runtime.overwriteGetLocale(() => 'en');
		const csv = reportCsv(report(), CONTEXT);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.startsWith(`\uFEFF${m.rep_title()}\r\n`)).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
	});

	it('has the header block: programme, period, course, cohort, date and what "< 5" means', () => {
		runtime.overwriteGetLocale(() => 'en');
		const rows = parseCsv(reportCsv(report(), CONTEXT).slice(1));
		expect(rows).toContainEqual([m.rex_programme(), CONTEXT.programme]);
		// The same words as the page's (display.ts scopeLines), the days as 'YYYY-MM-DD'.
		expect(rows).toContainEqual([m.rep_period(), '2025-01-01 – 2025-02-28']);
		expect(rows).toContainEqual([m.rep_filter_course(), 'Community outreach']);
		expect(rows).toContainEqual([m.rep_filter_cohort(), m.rep_filter_all_cohorts()]);
		// T0 is 1 March 2025, 09:00 UTC: 10:00 in Kosovo.
		expect(rows).toContainEqual([m.rep_as_of_label(), '2025-03-01 10:00']);
		expect(rows).toContainEqual(['< 5', m.ind_small_explained()]);
	});

	it('writes each table: title, note, header row, rows with "< 5" for hidden cells, the total and definitions', () => {
		runtime.overwriteGetLocale(() => 'en');
		const rows = parseCsv(reportCsv(report(), CONTEXT).slice(1));
		const at = rows.findIndex((r) => r[0] === tableTitle('orgs-by-municipality'));
		expect(at).toBeGreaterThan(0);
		expect(rows[at + 2]).toEqual(['', 'Participating', 'With a certified member', 'Certified']);
		expect(rows[at + 3]).toEqual(['Leposavić', '12', '3', '–']);
		expect(rows[at + 4]).toEqual(['Zvečan', '7', '–', '0']);
		expect(rows[at + 5]).toEqual([m.ind_label_all(), '19', '5', '1']);
		expect(rows[at + 6]).toEqual([m.rep_definitions()]);
		expect(rows[at + 7]).toEqual([measureName('orgs-participating'), measureDefinition('orgs-participating')]);
		// Plain numbers with a '.' decimal point, whatever the language; shares with one decimal.
		runtime.overwriteGetLocale(() => 'sq');
		const sq = parseCsv(reportCsv(report(), CONTEXT).slice(1));
		// Counts of people read "< 5"; a share hidden with them "–".
		expect(sq).toContainEqual([SERBIAN_CYRILLIC, '12', '< 5', '< 5', '< 5', '–']);
		expect(sq).toContainEqual([ALBANIAN, '40', '31', '20', '18', '50.0']);
		expect(sq).toContainEqual([m.ind_label_week({ date: '2025-01-06' }), '120']);
		expect(sq[0]).toEqual([m.rep_title()]);
	});

	it('quotes commas and quotes, and neutralises cells that start like a formula', () => {
		runtime.overwriteGetLocale(() => 'en');
		const csv = reportCsv(report(), CONTEXT);
		expect(csv).toContain('"Youth ""Hope"", Zvečan",6,6,6,6,100.0');
		const rows = parseCsv(csv.slice(1));
		const labels = rows.map((r) => r[0]);
		expect(labels).toContain(`'=HYPERLINK("http://evil.example","click")`);
		expect(labels).toContain(`'+1 CSO`);
		expect(labels).toContain(`'@SUM(A1)`);
		expect(labels).toContain(`'-2 people`);
		expect(labels.filter((l) => /^[=+\-@]/.test(l))).toEqual([]);
		expect(rows).toContainEqual([ALBANIAN, '40', '31', '20', '18', '50.0']);
		expect(rows).toContainEqual([`'=HYPERLINK("http://evil.example","click")`, '9', '8', '7', '6', '77.8']);
	});

	it('says which frozen report it is, and the period in words when an end is open', () => {
		runtime.overwriteGetLocale(() => 'en');
		const frozen = { ...CONTEXT, snapshot: { id: 4, title: 'Report to the EU, Q1' } };
		const rows = parseCsv(
			reportCsv(report({ filters: { from: null, to: null, course: null, cohort: null } }), frozen).slice(1)
		);
		expect(rows).toContainEqual([m.rex_snapshot(), 'Report to the EU, Q1']);
		expect(rows).toContainEqual([m.rep_period(), m.rep_period_all()]);
		expect(periodText({ from: '2025-01-01', to: null }, (d) => d)).toBe('From 2025-01-01');
		expect(periodText({ from: null, to: '2025-01-31' })).toBe('Until 31 January 2025');
	});

	it('names the file after the period', () => {
		expect(exportFileName(report(), 'csv')).toBe('programme-results-2025-01-01-2025-02-28.csv');
		const open = report({ filters: { from: null, to: null, course: null, cohort: null } });
		expect(exportFileName(open, 'pdf')).toBe('programme-results-start-2025-03-01.pdf');
		expect(exportFileName(open, 'pdf', 7)).toBe('programme-results-snapshot-7-start-2025-03-01.pdf');
	});

	it('writes an empty report (no tables yet) as its header block', () => {
		runtime.overwriteGetLocale(() => 'en');
		const rows = parseCsv(reportCsv(report({}, []), CONTEXT).slice(1));
		expect(rows[0]).toEqual([m.rep_title()]);
		expect(rows.length).toBe(9);
	});
});

describe('the PDF export', () => {
	it('is A4 with the title, programme, period, course, issuer, "< 5", definitions and page numbers', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const pdf = await reportPdf(report(), CONTEXT, 'en');
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const pages = await pdfPages(pdf);
		for (const p of pages) {
			expect(Math.round(p.width)).toBe(595);
			expect(Math.round(p.height)).toBe(842);
		}
		const text = await pdfText(pdf);
		for (const expected of [
			m.rep_title(),
			CONTEXT.programme,
			'1 January 2025 – 28 February 2025',
			'Community outreach',
			m.rex_issuer(),
			'1 March 2025',
			tableTitle('orgs-by-municipality'),
			'Leposavić',
			m.ind_label_week({ date: '6 January 2025' }),
			m.ind_small_explained(),
			m.rep_definitions(),
			measureDefinition('orgs-with-certified-member'),
			measureDefinition('lessons'),
			m.rex_page({ page: 1, pages: pages.length })
		]) {
			expect(text, expected).toContain(expected);
		}
		expect(text).toMatch(/Leposavić 12 3 –/);
		expect(text).toMatch(/Zvečan 7 – 0/);
	});

	it('prints Albanian and Serbian in both scripts intact', async () => {
		runtime.overwriteGetLocale(() => 'sr-Cyrl');
		const pdf = await reportPdf(report(), CONTEXT, 'sr-Cyrl');
		const text = await pdfText(pdf);
		expect(text).toContain('Резултати програма');
		expect(text).toContain(ALBANIAN);
		expect(text).toContain(SERBIAN_LATIN);
		expect(text).toContain(SERBIAN_CYRILLIC);
		expect(text).toContain('Лепосавић');
		expect(text).not.toContain('\uFFFD');

		runtime.overwriteGetLocale(() => 'sq');
		const sq = await pdfText(await reportPdf(report(), CONTEXT, 'sq'));
		expect(sq).toContain('Rezultatet e programit');
		expect(sq).toContain(m.rep_as_of_label());
		expect(sq).toContain(SERBIAN_CYRILLIC);
		// Numbers in the reader's language, shares with one decimal: 77,8 and 50,0 in Albanian.
		expect(sq).toContain('77,8');
		expect(sq).toContain('50,0');
	});

	it('names a frozen report by its title', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const frozen = { ...CONTEXT, snapshot: { id: 4, title: 'Report to the EU — Zvečan, Q1' } };
		const text = await pdfText(await reportPdf(report(), frozen, 'en'));
		expect(text).toContain('Report to the EU — Zvečan, Q1');
		expect(text).toContain(m.rex_snapshot());
	});

	it('breaks a long table across pages, repeating its header row, and stays bounded', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const rows = Array.from({ length: PDF_MAX_ROWS + 40 }, (_, i) => ({
			label: { kind: 'text' as const, text: `Organisation ${String(i + 1).padStart(4, '0')} Zëri` },
			cells: [i + 5, i + 4, null, i, 50]
		}));
		const pdf = await reportPdf(report({}, [{ id: 'people-by-organisation', rows, total: null }]), CONTEXT, 'en');
		const pages = await pageTexts(pdf);
		expect(pages.length).toBeGreaterThan(5);
		expect(pages.length).toBeLessThan(40);
		const header = `${measureName('enrolled')} ${measureName('started')}`;
		const withRows = pages.filter((p) => p.includes('Organisation 0'));
		expect(withRows.length).toBeGreaterThan(5);
		for (const page of withRows) expect(page).toContain(header);
		const text = pages.join(' ');
		expect(text).toContain(`Organisation ${String(PDF_MAX_ROWS).padStart(4, '0')} Zëri`);
		expect(text).not.toContain(`Organisation ${String(PDF_MAX_ROWS + 1).padStart(4, '0')} Zëri`);
		expect(text).toContain(m.rex_rows_more({ count: '40' }));
		expect(text).toContain(m.rex_page({ page: pages.length, pages: pages.length }));
	});

	it('draws 260 weeks (five years) as a table and a chart in a bounded number of pages', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const start = Date.UTC(2021, 0, 4);
		const rows = Array.from({ length: 260 }, (_, i) => ({
			label: { kind: 'week' as const, start: new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10) },
			cells: [i % 9 === 0 ? null : 10 + (i % 40)]
		}));
		const pdf = await reportPdf(report({}, [{ id: 'lessons-per-week', rows, total: [9000] }]), CONTEXT, 'en');
		const pages = await pageTexts(pdf);
		expect(pages.length).toBeLessThan(15);
		const last = pages.findLast((p) => p.includes(m.ind_label_all()))!;
		// The total shares its page with the last week.
		expect(last).toContain('Week of 22 December 2025');
		expect(last).toMatch(/All 9,000/);
		expect(pages.join(' ')).toContain('Week of 4 January 2021');
	});

	it('prints an empty report with its header block', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const text = await pdfText(await reportPdf(report({}, []), CONTEXT, 'en'));
		expect(text).toContain(m.rep_title());
		expect(text).toContain(m.rep_no_rows());
	});
});

describe('a stored report this version reads oddly', () => {
	it('prints an unknown kind of label as empty and a short row with its missing cells as "< 5"', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const odd = report({}, [
			{
				id: 'orgs-by-municipality',
				rows: [
					{ label: { kind: 'planet', code: 'mars' } as unknown as Label, cells: [12] },
					{ label: { kind: 'municipality', code: 'zvecan' }, cells: [7, 8, 9, 10] }
				],
				total: [19]
			}
		]);
		const rows = parseCsv(reportCsv(odd, CONTEXT).slice(1));
		expect(rows).toContainEqual(['', '12', '–', '–']);
		expect(rows).toContainEqual(['Zvečan', '7', '8', '9']);
		expect(rows).toContainEqual([m.ind_label_all(), '19', '–', '–']);
		const text = await pdfText(await reportPdf(odd, CONTEXT, 'en'));
		expect(text).toMatch(/Zvečan 7 8 9/);
		expect(
			exportFileName({ ...odd, filters: { from: '"x\r\nSet-Cookie: a', to: 'é', course: null, cohort: null } }, 'csv')
		).toBe('programme-results-_x__Set-Cookie__a-_.csv');
	});
});

describe('one rule for figures on the page, in the CSV and in the PDF', () => {
	it('writes counts as integers and shares, days and hours with one decimal', () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(figureText('enrolled', 1234)).toBe('1,234');
		expect(figureText('completion-rate', 50)).toBe('50.0');
		expect(figureText('median-days', 12.25)).toBe('12.3');
		expect(figureText('hours', 7.5)).toBe('7.5');
		expect(figureText('hours', 3)).toBe('3');
		expect(figureText('completion-rate', null)).toBe('–');
		expect(figureText('enrolled', null)).toBe('< 5');
		expect(figureText('completion-rate', 50, 'sq')).toBe('50,0');
		expect(csvFigure('enrolled', 1234)).toBe('1234');
		expect(csvFigure('completion-rate', 50)).toBe('50.0');
		expect(csvFigure('median-days', 12.25)).toBe('12.3');
		expect(csvFigure('hours', 1234.56)).toBe('1234.6');
		expect(csvFigure('hours', 3)).toBe('3');
		expect(csvFigure('hours', null)).toBe('–');
		expect(csvFigure('volunteers-active', null)).toBe('< 5');
	});

	it('says under a table counted over its own period which period that is, in the CSV and the PDF', async () => {
		runtime.overwriteGetLocale(() => 'en');
		const quarters = report({}, [
			{
				id: 'people-by-gender',
				rows: [{ label: { kind: 'gender', code: 'woman' }, cells: [40, 30, 20, 10, 50] }],
				total: [40, 30, 20, 10, 50],
				period: { from: '2025-01-01', to: '2025-03-31' }
			}
		]);
		const rows = parseCsv(reportCsv(quarters, CONTEXT).slice(1));
		const at = rows.findIndex((r) => r[0] === tableTitle('people-by-gender'));
		expect(rows[at + 1]).toEqual([m.rep_table_period({ from: '2025-01-01', to: '2025-03-31' })]);
		const text = await pdfText(await reportPdf(quarters, CONTEXT, 'en'));
		expect(text).toContain(m.rep_table_period({ from: '1 January 2025', to: '31 March 2025' }));
		// No line for a table counted over the report's own period.
		expect(parseCsv(reportCsv(report(), CONTEXT).slice(1)).flat().join(' ')).not.toContain('Counted');
	});

	it('reads a label of a kind it does not know by its text, else as empty', () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(rowLabelText({ kind: 'comet', text: 'Small ones' } as unknown as Label)).toBe('Small ones');
		expect(rowLabelText({ kind: 'planet' } as unknown as Label)).toBe('');
	});
});

describe('the audit entry of an export', () => {
	it('records who exported which report in which format', async () => {
		const db = await freshDb();
		const coordinator = await insertUser(db, { name: 'Coco', email: 'coco@example.test', role: 'coordinator' });
		await recordExport(db, coordinator, 'csv', report(), null, T0);
		await recordExport(
			db,
			coordinator,
			'pdf',
			report({ filters: { from: null, to: null, course: null, cohort: 3 } }),
			9,
			T0
		);
		const rows = await db
			.selectFrom('audit_log')
			.select(['actor_id', 'action', 'subject', 'detail', 'at'])
			.orderBy('id')
			.execute();
		expect(rows).toEqual([
			{
				actor_id: coordinator,
				action: 'indicators_exported',
				subject: 'report.csv',
				detail: 'csv from=2025-01-01&to=2025-02-28&course=community-outreach',
				at: T0
			},
			{
				actor_id: coordinator,
				action: 'indicators_exported',
				subject: 'snapshot 9 report.pdf',
				detail: 'pdf cohort=3',
				at: T0
			}
		]);
	});
});
