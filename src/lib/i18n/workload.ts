// How long a course or module takes, in the reader's language: reading time exactly (the lessons'
// minutes), exercise time as the estimate it is ("about 32 h", to the half hour).
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { intlLocale } from './locales';

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(n: number): string {
	const locale = intlLocale[getLocale()];
	let found = numberFormats.get(locale);
	if (!found) {
		found = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
		numberFormats.set(locale, found);
	}
	return found.format(n);
}

/** An exact time: "45 min", "2 h", "4 h 50 min". */
export function duration(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const min = minutes % 60;
	if (h === 0) return m.minutes({ minutes: min });
	if (min === 0) return m.work_hours({ hours: formatNumber(h) });
	return m.work_hours_minutes({ hours: formatNumber(h), minutes: min });
}

/** An estimate: "about 40 min", "about 1.5 h" (to the half hour from an hour up). */
export function roughly(minutes: number): string {
	if (minutes < 60) return m.work_about({ time: m.minutes({ minutes: Math.max(5, Math.round(minutes / 5) * 5) }) });
	return m.work_about({ time: m.work_hours({ hours: formatNumber(Math.round(minutes / 30) / 2) }) });
}

/** "Reading 4 h 50 min · Exercises and assignments about 32 h · In all about 37 h". */
export function courseWorkload(reading: number, exercises: number): string {
	if (exercises === 0) return m.work_reading_only({ reading: duration(reading) });
	return m.work_course_times({
		reading: duration(reading),
		exercises: roughly(exercises),
		total: roughly(reading + exercises)
	});
}

/** A module's line: "Reading 35 min · Exercises about 5 h". */
export function moduleWorkload(reading: number, exercises: number): string {
	if (exercises === 0) return m.work_reading_only({ reading: duration(reading) });
	return m.work_module_times({ reading: duration(reading), exercises: roughly(exercises) });
}
