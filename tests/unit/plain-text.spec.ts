// Plain text only in the volunteer network's free-text fields (issue 18: "HTML and scripts in every
// text field: each refused with a clear message, nothing lost"): the shared check and the forms that
// use it, each refusing with the one code volp_err_markup and keeping what was typed.
import { describe, expect, it } from 'vitest';
import { hasMarkup, MARKUP_ERROR } from '$lib/server/platform/form-text';
import { parseProfileForm } from '$lib/server/volunteering/profiles';
import { parseCallForm } from '$lib/server/volunteering/call-form';
import { parseEventForm } from '$lib/server/portal/event-form';
import { parseLogForm } from '$lib/server/volunteering/hours';
import { belgradeWallClock } from '$lib/server/platform/region-time';
import { DAY, T0 } from './helpers';

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

describe('hasMarkup', () => {
	it('finds tags, end tags, comments, doctypes and processing instructions', () => {
		for (const text of [
			'<script>alert(1)</script>',
			'<b>bold</b>',
			'hello <img src=x onerror=alert(1)>',
			'</p>',
			'<!-- note -->',
			'<!DOCTYPE html>',
			'<?xml version="1.0"?>',
			'<SVG onload=alert(1)>',
			'line one\n<a href="javascript:alert(1)">x</a>'
		])
			expect(hasMarkup(text), text).toBe(true);
	});

	it('lets plain text with a lone < or > pass', () => {
		for (const text of [
			'',
			'3 < 5',
			'I <3 my town',
			'a<5 and b>2',
			'<- this way',
			'x < y > z',
			'Ševe < Žabe',
			'Shtëpia e < Kulturës >',
			'>> quoted',
			'e-mail: ana@example.org'
		])
			expect(hasMarkup(text), text).toBe(false);
	});
});

describe('forms refuse markup with one message and keep the values', () => {
	const profile = {
		municipality: 'zvecan',
		languages: ['sr'],
		age_band: 'under-18',
		contact_consent: 'yes',
		guardian_consent: 'yes',
		skills_other: '<script>alert(1)</script>',
		guardian_name: 'Mira <b>P</b>',
		guardian_contact: '<!-- 064 -->'
	};

	it('the volunteer profile: other skills, guardian name and contact', () => {
		const { input, values, errors } = parseProfileForm(form(profile));
		expect(input).toBeNull();
		expect(errors).toEqual({ skills_other: MARKUP_ERROR, guardian_name: MARKUP_ERROR, guardian_contact: MARKUP_ERROR });
		expect(values).toMatchObject({
			skills_other: '<script>alert(1)</script>',
			guardian_name: 'Mira <b>P</b>',
			guardian_contact: '<!-- 064 -->'
		});
		const plain = parseProfileForm(
			form({ ...profile, skills_other: 'Maths 3 < 5, I <3 chess', guardian_name: 'Mira', guardian_contact: '064 111' })
		);
		expect(plain.errors).toEqual({});
		expect(plain.input?.skillsOther).toBe('Maths 3 < 5, I <3 chess');
	});

	it('the call form: title, description and place', () => {
		const call = {
			title: 'Clean-up <i>now</i>',
			description: 'Bring gloves.<script>x</script>',
			municipality: 'zvecan',
			place: '</div>Bridge',
			required_course: '',
			shift_id: '',
			shift_date: belgradeWallClock(T0 + 7 * DAY).date,
			shift_start: '10:00',
			shift_end: '12:00',
			shift_places: '3'
		};
		const { values, errors } = parseCallForm(form(call), T0);
		expect(errors).toEqual({ title: MARKUP_ERROR, description: MARKUP_ERROR, place: MARKUP_ERROR });
		expect(values).toMatchObject({ title: call.title, description: call.description, place: call.place });
		const plain = parseCallForm(form({ ...call, title: 'Clean-up', description: 'Groups < 5', place: 'Bridge' }), T0);
		expect(plain.errors).toEqual({});
	});

	it('the portal event form: title, description and place', () => {
		const event = {
			kind: 'cso-event',
			title: '<h1>Akcija</h1>',
			description: 'Dođite <!-- skriveno -->',
			municipality: 'zvecan',
			place: '<iframe src=x>',
			start_date: '2026-06-20',
			start_time: '18:00',
			official_url: ''
		};
		const now = Date.UTC(2026, 5, 1, 10, 0, 0);
		const { input, values, errors } = parseEventForm(form(event), now);
		expect(input).toBeNull();
		expect(errors).toMatchObject({ title: MARKUP_ERROR, description: MARKUP_ERROR, place: MARKUP_ERROR });
		expect(values).toMatchObject({ title: event.title, description: event.description, place: event.place });
		const plain = parseEventForm(form({ ...event, title: 'Akcija', description: 'Za <3 grada', place: 'Sala' }), now);
		expect(plain.errors).toEqual({});
	});

	it('the hours note', () => {
		const { errors, values } = parseLogForm(
			form({ organisation: '1', worked_on: '2025-02-28', hours: '2', note: '<b>Sorted</b> books' }),
			T0
		);
		expect(errors).toEqual({ note: MARKUP_ERROR });
		expect(values.note).toBe('<b>Sorted</b> books');
	});
});
