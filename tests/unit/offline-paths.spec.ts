import { describe, expect, it } from 'vitest';
import {
	actionPath,
	courseOfPage,
	isOpId,
	localeOf,
	matchAction,
	matchDevicePage,
	matchSaveCourse,
	safeNext,
	sendPath
} from '$lib/offline/paths';

// The worker answers only the protocol's paths; everything else stays the network's.
describe('offline paths', () => {
	it('knows the device page and the save link in every language, and nothing like them', () => {
		expect(matchDevicePage('/sq/offline')).toEqual({ locale: 'sq' });
		expect(matchDevicePage('/sr-Cyrl/offline')).toEqual({ locale: 'sr-Cyrl' });
		expect(matchDevicePage('/offline')).toBeNull();
		expect(matchDevicePage('/de/offline')).toBeNull();
		expect(matchDevicePage('/en/offline/send')).toBeNull();
		expect(matchSaveCourse('/en/courses/outreach/offline')).toEqual({ locale: 'en', course: 'outreach' });
		expect(matchSaveCourse('/en/courses/Outreach/offline')).toBeNull();
		expect(matchSaveCourse('/en/courses/outreach/offline.json')).toBeNull();
		expect(matchSaveCourse(`/en/courses/${'a'.repeat(81)}/offline`)).toBeNull();
	});

	it('finds the course of a page, not of the save link or the search', () => {
		expect(courseOfPage('/sq/courses/c')).toBe('c');
		expect(courseOfPage('/sq/courses/c/m/l1')).toBe('c');
		expect(courseOfPage('/sq/courses/c/offline')).toBeNull();
		expect(courseOfPage('/sq/courses')).toBeNull();
		expect(courseOfPage('/sq/courses/search')).toBeNull();
		expect(courseOfPage('/sq/learning')).toBeNull();
		expect(localeOf('/sr-Latn/courses')).toBe('sr-Latn');
		expect(localeOf('/sr-Latnx')).toBeNull();
	});

	it('knows the two actions a learner may take offline', () => {
		expect(matchAction('/sq/courses/c/m/l1', '?/complete')).toEqual({
			kind: 'lesson',
			locale: 'sq',
			course: 'c',
			page: '/sq/courses/c/m/l1'
		});
		expect(matchAction('/sq/courses/c/m/quiz', '')).toEqual({
			kind: 'quiz',
			locale: 'sq',
			course: 'c',
			page: '/sq/courses/c/m/quiz'
		});
		expect(actionPath(matchAction('/sq/courses/c/m/quiz', '?queued=1')!)).toBe('/sq/courses/c/m/quiz');
		expect(actionPath(matchAction('/sq/courses/c/m/l1/', '?/complete')!)).toBe('/sq/courses/c/m/l1?/complete');
		expect(matchAction('/sq/courses/c/m/quiz', '?/submit')).toBeNull();
		expect(matchAction('/sq/courses/c/m/l1', '?/other')).toBeNull();
		expect(matchAction('/sq/courses/c/m/l1', '')).toBeNull();
		expect(matchAction('/sq/courses/c/m/quiz', '?/complete')).toBeNull();
		expect(matchAction('/sq/courses/c/m/assignment', '?/complete')).toBeNull();
		expect(matchAction('/sq/teach/c/m/l1', '?/complete')).toBeNull();
		expect(sendPath('/sr-Cyrl/courses/c/m/quiz')).toBe('/sr-Cyrl/offline/send');
	});

	it('goes on only to a path of this site after an offline action', () => {
		expect(safeNext('/sq/courses/c/m/l2')).toBe('/sq/courses/c/m/l2');
		for (const bad of [
			'//evil.example/x',
			'https://evil.example',
			'/\\evil.example',
			'javascript:alert(1)',
			'/x/y',
			'',
			null
		]) {
			expect(safeNext(bad)).toBeNull();
		}
		expect(isOpId('0123456789abcdef0123456789ABCDEF')).toBe(true);
		expect(isOpId('0123456789abcdef0123456789abcde')).toBe(false);
		expect(isOpId('0123456789abcdef0123456789abcdeg')).toBe(false);
	});
});
