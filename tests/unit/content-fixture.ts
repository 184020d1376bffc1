// A small course written to a temporary folder by the tests themselves: two modules ("intro" with
// two lessons and a quiz using every question type, "practice" with two lessons and a short quiz),
// in English, Albanian and Serbian Latin. Tests change, add or remove files to make the case they
// need, then read or import the folder.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { DB } from '$lib/server/db/client';
import { ContentErrors, readCourse } from '$lib/server/catalogue/content/read';
import { importContent } from '$lib/server/catalogue/content/import';
import type { CourseSource } from '$lib/server/catalogue/content/schema';
import { freshDb } from './helpers';

export type Files = Record<string, string>;

const made: string[] = [];

/** A new empty folder under the system temp dir; removed by `removeTempDirs`. */
export function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'civicsteps-content-'));
	made.push(dir);
	return dir;
}

export function removeTempDirs(): void {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(root: string, files: Files): void {
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
}

export function removeFiles(root: string, ...paths: string[]): void {
	for (const path of paths) unlinkSync(join(root, path));
}

/** A Markdown file with YAML front matter. */
export function md(data: Record<string, unknown>, body = ''): string {
	return `---\n${stringify(data)}---\n${body}\n`;
}

export function yaml(data: unknown): string {
	return stringify(data);
}

type Locale = 'en' | 'sq' | 'sr-Latn';
const suffix = (locale: Locale) => (locale === 'en' ? '' : `.${locale}`);

type Texts = Record<Locale, string>;

const lessons: Record<string, { minutes: number; title: Texts; body: Texts }> = {
	'01-intro/01-welcome': {
		minutes: 5,
		title: { en: 'Welcome to the course', sq: 'Mirë se vini në kurs', 'sr-Latn': 'Dobro došli na kurs' },
		body: {
			en: '## What you will learn\n\nThis course helps your organisation reach people.\n\n![A map of the town](images/map.png)\n\nNext, read [why a mission matters](02-mission.md).',
			sq: '## Çfarë do të mësoni\n\nKy kurs ndihmon organizatën tuaj të arrijë njerëzit.',
			'sr-Latn': '## Šta ćete naučiti\n\nOvaj kurs pomaže vašoj organizaciji da dopre do ljudi.'
		}
	},
	'01-intro/02-mission': {
		minutes: 8,
		title: { en: 'Why your mission matters', sq: 'Pse ka rëndësi misioni juaj', 'sr-Latn': 'Zašto je misija važna' },
		body: {
			en: '## A mission in one sentence\n\nA mission says why you exist and whom you serve.\n\n| Part | Example |\n|---|---|\n| Who | Young people |\n| Why | To take part |',
			sq: '## Misioni në një fjali\n\nMisioni thotë pse ekzistoni dhe kë shërbeni.',
			'sr-Latn': '## Misija u jednoj rečenici\n\nMisija kaže zašto postojite i kome služite.'
		}
	},
	'02-practice/01-plan': {
		minutes: 6,
		title: { en: 'Make a plan', sq: 'Bëni një plan', 'sr-Latn': 'Napravite plan' },
		body: {
			en: '## Plan\n\nWrite down one goal.',
			sq: '## Plani\n\nShkruani një qëllim.',
			'sr-Latn': '## Plan\n\nZapišite jedan cilj.'
		}
	},
	'02-practice/02-act': {
		minutes: 7,
		title: { en: 'Act on it', sq: 'Veproni', 'sr-Latn': 'Delujte' },
		body: {
			en: '## Act\n\nDo the first step this week.',
			sq: '## Veprimi\n\nBëni hapin e parë këtë javë.',
			'sr-Latn': '## Delovanje\n\nNapravite prvi korak ove nedelje.'
		}
	}
};

const modules: Record<string, { title: Texts; objectives: Texts }> = {
	'01-intro': {
		title: { en: 'Your organisation', sq: 'Organizata juaj', 'sr-Latn': 'Vaša organizacija' },
		objectives: { en: 'Write a mission', sq: 'Shkruani një mision', 'sr-Latn': 'Napišite misiju' }
	},
	'02-practice': {
		title: { en: 'Putting it into practice', sq: 'Në praktikë', 'sr-Latn': 'U praksi' },
		objectives: { en: 'Make a plan', sq: 'Bëni një plan', 'sr-Latn': 'Napravite plan' }
	}
};

export interface QuizQuestion {
	id: string;
	type: string;
	prompt?: string;
	options?: string[];
	items?: string[];
	correct?: unknown;
	accepted?: string[];
	explanation?: string;
}

export interface QuizFile {
	title: string;
	pass_mark?: number;
	max_attempts?: number | null;
	wait_minutes?: number;
	questions: QuizQuestion[];
}

/** Every answer right on the demo course's intro quiz (introQuiz): 100 %. */
export const INTRO_RIGHT = {
	'mission-purpose': 2,
	'stakeholder-examples': [1, 3],
	'mission-changes': false,
	'mapping-steps': [0, 1, 2, 3],
	'people-word': 'stakeholders',
	'certificate-word': 'certificate'
};
/** Every answer right on the practice quiz (practiceQuiz). */
export const PRACTICE_RIGHT = { 'plan-first': 1, 'plan-alone': false };
/** The right answers of the demo course's quizzes, by module slug. */
export const RIGHT_ANSWERS: Record<string, Record<string, unknown>> = { intro: INTRO_RIGHT, practice: PRACTICE_RIGHT };

/** The intro quiz: every question type; short_text answers in each language. */
export function introQuiz(locale: Locale = 'en'): QuizFile {
	const t = (en: string, sq: string, sr: string) => ({ en, sq, 'sr-Latn': sr })[locale];
	return {
		title: t('Check your understanding', 'Kontrolloni njohuritë', 'Proverite znanje'),
		pass_mark: 70,
		max_attempts: null,
		wait_minutes: 0,
		questions: [
			{
				id: 'mission-purpose',
				type: 'single',
				prompt: t('What is a mission statement for?', 'Për çfarë shërben misioni?', 'Čemu služi misija?'),
				options: [
					t('Listing every project', 'Renditja e projekteve', 'Nabrajanju projekata'),
					t('Saying why you exist and whom you serve', 'Të thotë pse ekzistoni', 'Kaže zašto postojite'),
					t("Filling in a donor's form", 'Plotësimi i formularit', 'Popunjavanju formulara')
				],
				correct: 2,
				explanation: t('A mission says why you exist.', 'Misioni thotë pse ekzistoni.', 'Misija kaže zašto postojite.')
			},
			{
				id: 'stakeholder-examples',
				type: 'multiple',
				prompt: t(
					'Which are stakeholders of a youth centre?',
					'Cilët janë palë të interesit?',
					'Ko su akteri omladinskog centra?'
				),
				options: [
					t('Young people', 'Të rinjtë', 'Mladi'),
					t('A passing tourist', 'Një turist', 'Turista u prolazu'),
					t('Parents', 'Prindërit', 'Roditelji'),
					t('A film star abroad', 'Një yll filmi', 'Filmska zvezda')
				],
				correct: [1, 3],
				explanation: t('People affected by the centre.', 'Njerëzit e prekur.', 'Ljudi na koje centar utiče.')
			},
			{
				id: 'mission-changes',
				type: 'true_false',
				prompt: t(
					'A mission should change with every project.',
					'Misioni ndryshon me çdo projekt.',
					'Misija se menja sa svakim projektom.'
				),
				correct: false,
				explanation: t('Projects change; the mission guides them.', 'Projektet ndryshojnë.', 'Projekti se menjaju.')
			},
			{
				id: 'mapping-steps',
				type: 'ordering',
				prompt: t('Put the steps of a needs mapping in order.', 'Renditni hapat.', 'Poređajte korake.'),
				items: [
					t('Decide what you want to learn', 'Vendosni çfarë doni të mësoni', 'Odlučite šta želite da saznate'),
					t('Choose whom to ask', 'Zgjidhni kë të pyesni', 'Izaberite koga da pitate'),
					t('Collect answers', 'Mblidhni përgjigjet', 'Prikupite odgovore'),
					t('Share the results', 'Ndani rezultatet', 'Podelite rezultate')
				],
				explanation: t(
					'Plan, ask, collect, share.',
					'Planifikoni, pyesni, mblidhni, ndani.',
					'Planirajte, pitajte, prikupite, podelite.'
				)
			},
			{
				id: 'people-word',
				type: 'short_text',
				prompt: t(
					'One word for the people your work affects?',
					'Një fjalë për njerëzit e prekur?',
					'Jedna reč za ljude na koje utičete?'
				),
				accepted: { en: ['stakeholders', 'stakeholder'], sq: ['palët', 'aktorët'], 'sr-Latn': ['učesnici', 'akteri'] }[
					locale
				],
				explanation: t('They are your stakeholders.', 'Ata janë palët.', 'To su učesnici.')
			},
			{
				id: 'certificate-word',
				type: 'short_text',
				prompt: t('What do you receive when you finish?', 'Çfarë merrni në fund?', 'Šta dobijate na kraju?'),
				accepted: { en: ['certificate'], sq: ['certifikatë', 'dëshmi'], 'sr-Latn': ['sertifikat', 'potvrda'] }[locale],
				explanation: t('A certificate.', 'Një certifikatë.', 'Sertifikat.')
			}
		]
	};
}

/** The practice quiz: two questions, two attempts, 30 minutes' wait after a failure. */
export function practiceQuiz(locale: Locale = 'en'): QuizFile {
	const t = (en: string, sq: string, sr: string) => ({ en, sq, 'sr-Latn': sr })[locale];
	return {
		title: t('Practice check', 'Kontroll', 'Provera'),
		max_attempts: 2,
		wait_minutes: 30,
		questions: [
			{
				id: 'plan-first',
				type: 'single',
				prompt: t('What comes first?', 'Çfarë vjen e para?', 'Šta je prvo?'),
				options: [t('A goal', 'Një qëllim', 'Cilj'), t('A poster', 'Një poster', 'Plakat')],
				correct: 1,
				explanation: t('A goal.', 'Një qëllim.', 'Cilj.')
			},
			{
				id: 'plan-alone',
				type: 'true_false',
				prompt: t('You must plan alone.', 'Duhet të planifikoni vetëm.', 'Morate planirati sami.'),
				correct: false,
				explanation: t('Plan together.', 'Planifikoni së bashku.', 'Planirajte zajedno.')
			}
		]
	};
}

/** The files of the demo course, relative to the content root (course folder `demo`). */
export function demoCourse(): Files {
	const files: Files = {};
	for (const locale of ['en', 'sq', 'sr-Latn'] as const) {
		const s = suffix(locale);
		files[`demo/course${s}.md`] = md(
			{
				title: { en: 'Demo course', sq: 'Kurs demonstrues', 'sr-Latn': 'Probni kurs' }[locale],
				summary: { en: 'A short course.', sq: 'Një kurs i shkurtër.', 'sr-Latn': 'Kratak kurs.' }[locale],
				...(locale === 'en' ? { pass_mark: 70, certificate: { modules: 'all', organisation_min_certified: 2 } } : {})
			},
			''
		);
		for (const [dir, m] of Object.entries(modules)) {
			files[`demo/${dir}/module${s}.md`] = md({
				title: m.title[locale],
				summary: m.title[locale],
				objectives: [m.objectives[locale]]
			});
		}
		for (const [path, l] of Object.entries(lessons)) {
			files[`demo/${path}${s}.md`] = md({ title: l.title[locale], minutes: l.minutes }, l.body[locale]);
		}
		files[`demo/01-intro/quiz${s}.yaml`] = yaml(introQuiz(locale));
		files[`demo/02-practice/quiz${s}.yaml`] = yaml(practiceQuiz(locale));
	}
	return files;
}

/** A content root holding the demo course (plus any changed or extra files). */
export function writeDemo(changes: Files = {}): string {
	const root = tempDir();
	writeFiles(root, { ...demoCourse(), ...changes });
	return root;
}

/** readCourse on `<root>/demo` with error messages relative to the root. */
export function readDemo(root: string, course = 'demo'): { course: CourseSource | null; errors: string[] } {
	const errors = new ContentErrors(root);
	const result = readCourse(join(root, course), errors);
	return { course: result, errors: errors.list };
}

let generationSeed = 0;

/**
 * A fresh database whose content generation starts at a value no other database in this test file
 * uses: the course-structure cache in courses.ts is per process and keyed by that counter.
 */
export async function freshContentDb(): Promise<DB> {
	const db = await freshDb();
	generationSeed += 1_000_000;
	await db
		.insertInto('meta')
		.values({ key: 'content_generation', value: String(generationSeed) })
		.execute();
	return db;
}

/** Imports a content root, failing loudly if the import reports errors. */
export async function importOk(db: DB, root: string) {
	const report = await importContent(db, root, root);
	if (!report.ok) throw new Error(`import failed:\n${report.errors.join('\n')}`);
	return report;
}
