// Dates, times and hours as the reader sees them: a 24-hour clock in every language (Kosovo reads
// "17:00", not "5:00 m.d."), a same-day shift names its date once, and hours use the language's
// decimal separator ("2,5 orë").
import { afterEach, describe, expect, it } from 'vitest';
import * as runtime from '$lib/paraglide/runtime';
import { formatDateTime, formatHours, formatShift } from '$lib/i18n/format';
import { formatShift as callShift } from '$lib/volunteering/call-text';
import { noticeText, shiftTime } from '$lib/volunteering/volunteer-texts';
import { hoursValue } from '$lib/volunteering/staffing-text';
import { plural } from '$lib/i18n/plural';
import { m } from '$lib/paraglide/messages';

// 20 Dec 2026, 17:00 and 20:00 in Europe/Belgrade (CET, UTC+1).
const start = Date.UTC(2026, 11, 20, 16);
const end = Date.UTC(2026, 11, 20, 19);
const nextDay = Date.UTC(2026, 11, 21, 19);
const LOCALES = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const;

describe('date and time formatting', () => {
	const original = runtime.getLocale;
	afterEach(() => runtime.overwriteGetLocale(original));

	for (const locale of LOCALES) {
		it(`uses a 24-hour clock in ${locale}`, () => {
			runtime.overwriteGetLocale(() => locale);
			expect(formatDateTime(Date.UTC(2026, 11, 20, 4))).toContain('05:00');
			expect(formatDateTime(start)).toContain('17:00');
			expect(formatDateTime(start)).not.toMatch(/m\.d\.|p\.d\.|PM|AM|pm|am/);
			expect(formatShift(start, end)).toMatch(/17:00\s*–\s*20:00/);
		});
	}

	it('names the date once for a same-day shift, twice across midnight', () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(formatShift(start, end)).toBe('20 Dec 2026, 17:00–20:00');
		expect(formatShift(start, nextDay)).toMatch(/^20 Dec 2026, 17:00\s–\s21 Dec 2026, 20:00$/);
		runtime.overwriteGetLocale(() => 'sq');
		expect(formatShift(start, end)).toMatch(/^20 dhj 2026, 17:00\s*–\s*20:00$/);
	});

	it('has one shift formatter under its older names', () => {
		expect(callShift).toBe(formatShift);
		expect(shiftTime).toBe(formatShift);
	});

	it('writes hours with the language’s decimal separator', () => {
		runtime.overwriteGetLocale(() => 'sq');
		expect(formatHours('2.5')).toBe('2,5');
		expect(formatHours(3)).toBe('3');
		expect(formatHours('not a number')).toBe('not a number');
		expect(noticeText('hours-confirmed', { hours: '2.5', organisation: 'Org' })).toContain('2,5 orë');
		expect(hoursValue(150)).toContain('2,5');
		runtime.overwriteGetLocale(() => 'sr-Latn');
		expect(formatHours('2.5')).toBe('2,5');
		runtime.overwriteGetLocale(() => 'en');
		expect(formatHours('2.5')).toBe('2.5');
	});

	it('never puts a double full stop after a time in a notice', () => {
		for (const locale of LOCALES) {
			runtime.overwriteGetLocale(() => locale);
			const text = noticeText('shift-reminder', { call: 'Clean-up', callId: 1, starts: start });
			expect(text).toContain('17:00');
			expect(text).not.toContain('..');
		}
	});

	it('counts one application in the singular', () => {
		runtime.overwriteGetLocale(() => 'en');
		const counts = (count: number) =>
			plural({ accepted: 0, places: 3, count }, m.ux_shift_counts_one, m.ux_shift_counts);
		expect(counts(1)).toBe('0 of 3 places taken · 1 application');
		expect(counts(2)).toBe('0 of 3 places taken · 2 applications');
		runtime.overwriteGetLocale(() => 'sq');
		expect(counts(1)).toContain('1 aplikim');
		expect(counts(1)).not.toContain('aplikime');
	});
});
