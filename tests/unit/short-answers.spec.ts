// Typed answers in the real quizzes of content/: a learner who gives a reasonable synonym (permission
// for consent, "pismena saglasnost", "leje") gets the point, in every language, graded by the real
// grading function on the quizzes as the importer reads them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentErrors, listCourseDirs, readCourse } from '$lib/server/catalogue/content/read';
import { SOURCE_LOCALES, type QuestionKey } from '$lib/server/catalogue/content/schema';
import { gradeAnswer } from '$lib/server/learning/grading';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Every short-answer question of every course, as "course/module/question id". */
function shortAnswerKeys(): Map<string, QuestionKey> {
	const keys = new Map<string, QuestionKey>();
	for (const dir of listCourseDirs(join(repo, 'content'))) {
		const errors = new ContentErrors(repo);
		const course = readCourse(dir, errors);
		expect(errors.list).toEqual([]);
		for (const mod of course?.modules ?? [])
			for (const q of mod.quiz?.questions ?? [])
				if (q.type === 'short_text') keys.set(`${course!.slug}/${mod.slug}/${q.id}`, q);
	}
	return keys;
}

const keys = shortAnswerKeys();
const find = (suffix: string) => {
	const found = [...keys].filter(([id]) => id.endsWith(suffix));
	expect(found, suffix).toHaveLength(1);
	return found[0][1];
};

// question → locale → answers a learner may reasonably type
const EXPECTED: Record<string, Record<string, string[]>> = {
	'social-media/consent-word': {
		en: ['Permission', 'informed consent', 'written consent'],
		sq: ['leje', 'pëlqim', 'pëlqim me shkrim', 'miratim'],
		'sr-Latn': ['pismena saglasnost', 'dozvola', 'Pristanak', 'odobrenje'],
		'sr-Cyrl': ['писмена сагласност', 'дозвола']
	},
	'volunteer-network/consent-word': {
		en: ['agreement', 'written consent'],
		sq: ['lejen', 'pëlqimi me shkrim'],
		'sr-Latn': ['pisana saglasnost', 'dozvolu']
	},
	'mobilisation-youth/parental-consent': {
		en: ['parental permission', 'a signed consent form', 'written permission'],
		sq: ['leje prindërore', 'pëlqimi i prindit', 'formulari i pëlqimit'],
		'sr-Latn': ['pismena saglasnost', 'dozvola roditelja', 'pristanak roditelja'],
		'sr-Cyrl': ['сагласност родитеља']
	},
	'your-organisation/tool-for-why': {
		en: ['interviews', 'focus groups'],
		sq: ['intervistat', 'grupet e fokusit'],
		'sr-Latn': ['intervjui', 'fokus grupe']
	},
	'planning-outreach/channel-term': {
		en: ['communication channels'],
		sq: ['kanali i komunikimit'],
		'sr-Latn': ['komunikacioni kanal']
	},
	'local-decisions/coalition-term': { en: ['alliance'], sq: ['aleancë'], 'sr-Latn': ['savez'] },
	'measuring-impact/indicator-term': {
		en: ['measure', 'success indicator'],
		sq: ['tregues suksesi', 'indikatorët'],
		'sr-Latn': ['pokazatelj uspeha', 'merilo']
	},
	'how-it-works/course-complete-reward': {
		en: ['certificate of completion'],
		sq: ['vërtetim'],
		'sr-Latn': ['potvrda', 'uverenje']
	},
	'learning-well/where-saved': {
		en: ['in the cloud', 'in my account'],
		sq: ['në llogari', 'online'],
		'sr-Latn': ['na nalogu', 'u oblaku']
	}
};

describe('short answers in content/', () => {
	it.each(Object.entries(EXPECTED))('%s accepts the reasonable synonyms', (question, byLocale) => {
		const key = find(question);
		const refused = Object.entries(byLocale).flatMap(([locale, answers]) =>
			answers.filter((a) => gradeAnswer(key, a, locale) !== 1).map((a) => `${locale}: ${a}`)
		);
		expect(refused).toEqual([]);
	});

	it('still refuses the wrong answers', () => {
		expect(gradeAnswer(find('your-organisation/tool-for-why'), 'ankete', 'sr-Latn')).toBe(0);
		expect(gradeAnswer(find('your-organisation/tool-for-why'), 'surveys', 'en')).toBe(0);
		expect(gradeAnswer(find('social-media/consent-word'), 'fotografija', 'sr-Latn')).toBe(0);
		expect(gradeAnswer(find('measuring-impact/indicator-term'), 'aktivitet', 'sq')).toBe(0);
	});

	it('every short-answer question lists several answers in each language', () => {
		expect(keys.size).toBeGreaterThanOrEqual(9);
		const thin = [...keys].flatMap(([id, key]) =>
			SOURCE_LOCALES.filter((l) => (key.accepted[l]?.length ?? 0) < 5).map((l) => `${id} ${l}`)
		);
		expect(thin).toEqual([]);
	});
});
