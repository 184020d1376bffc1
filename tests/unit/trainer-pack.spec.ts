// The trainer pack and the assignment templates as printed: the PDF is read the way a reader sees it,
// through PDF.js (`unpdf`), so that a missing glyph (ë ç č ć đ š ž, Cyrillic) or a lost section fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import { canUsePack, modulesWithPack, packPdf, template, templatePdf } from '$lib/server/catalogue/trainer-pack';
import { outreachDb, people, addCohort } from './assignment-fixture';

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
	const doc = await getDocumentProxy(new Uint8Array(pdf));
	const { text } = await extractText(doc, { mergePages: true });
	return { text: text.replace(/\s+/g, ' '), pages: doc.numPages };
}

const labels = { title: 'Trainer pack', subtitle: 'Outreach', footer: 'CivicSteps' };
let db: DB;
let course: CourseInfo;

const packOf = (moduleSlug: string, assignmentTemplate: string | null, locale: string) =>
	packPdf(db, { courseId: course.id, moduleSlug, assignmentTemplate, locale, labels });

// Importing the whole of content/ takes seconds on a busy machine: once for the file.
beforeAll(async () => {
	({ db, course } = await outreachDb());
}, 60_000);

describe('the trainer pack of a module', () => {
	it('prints the session plan, then the templates it hands out and the assignment’s, in English', async () => {
		const pdf = (await packOf('local-decisions', 'advocacy-ask', 'en'))!;
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const { text, pages } = await pdfText(pdf);
		expect(text).toContain('Session plan: Taking part in local decisions');
		expect(text).toContain('Wrap-up');
		expect(text).toContain('Advocacy ask on one page');
		expect(text).toContain('Attendance sheet');
		expect(pages).toBeGreaterThanOrEqual(3);
		// The advocacy ask is named by the plan and by the assignment: printed once.
		expect(text.split('Advocacy ask on one page').length - 1).toBe(1);
	});

	it('prints Albanian with ë and ç', async () => {
		const { text } = await pdfText((await packOf('social-media', null, 'sq'))!);
		expect(text).toContain('Plani i sesionit: Rrjetet sociale për OShC-të');
		expect(text).toContain('Formulari i pëlqimit për fotografi, video dhe të dhëna personale');
		expect(text).toContain('Përmbyllja');
		expect(text).toContain('ç');
	});

	it('prints Serbian in Latin script with č ć đ š ž, and in Cyrillic', async () => {
		const latin = (await pdfText((await packOf('volunteer-network', 'volunteer-role', 'sr-Latn'))!)).text;
		expect(latin).toContain('Plan radionice: Izgradnja mreže volontera');
		expect(latin).toContain('Opis volonterske uloge');
		for (const letter of ['č', 'ć', 'đ', 'š', 'ž']) expect(latin).toContain(letter);
		const cyrillic = (await pdfText((await packOf('volunteer-network', 'volunteer-role', 'sr-Cyrl'))!)).text;
		expect(cyrillic).toContain('План радионице: Изградња мреже волонтера');
		expect(cyrillic).toContain('Опис волонтерске улоге');
	});

	it('exists for every outreach module and for none of the tour', async () => {
		expect([...(await modulesWithPack(db, course.id))].sort()).toEqual(
			[
				'local-decisions',
				'measuring-impact',
				'mobilisation-youth',
				'northern-kosovo',
				'planning-outreach',
				'social-media',
				'volunteer-network',
				'your-organisation'
			].sort()
		);
		expect(await packOf('no-such-module', null, 'en')).toBeNull();
	});

	it('is for the course’s trainers, coordinators and administrators, not for learners or other trainers', async () => {
		const who = await people(db, course.id);
		expect(await canUsePack(db, who.trainer, course.id)).toBe(true);
		expect(await canUsePack(db, who.coordinator, course.id)).toBe(true);
		expect(await canUsePack(db, who.ana, course.id)).toBe(false);
		expect(await canUsePack(db, who.otherTrainer, course.id)).toBe(false);
		const cohort = await addCohort(db, course.id, [who.ana.id]);
		await db.insertInto('cohort_trainers').values({ cohort_id: cohort, user_id: who.otherTrainer.id }).execute();
		expect(await canUsePack(db, who.otherTrainer, course.id)).toBe(true);
	});
});

describe('an assignment template for learners', () => {
	it('is printed alone in the learner’s language, its table of boxes kept', async () => {
		const { text, pages } = await pdfText(
			(await templatePdf(db, course.id, 'outreach-plan', 'sr-Latn', { subtitle: 'Kurs', footer: 'CivicSteps' }))!
		);
		expect(text).toContain('Plan rada sa zajednicom na jednoj stranici');
		expect(text).toContain('Trošak ili materijal');
		expect(text).not.toContain('Plan radionice');
		expect(pages).toBe(1);
	});

	it('falls back to English where a language has no translation, and its Markdown is served as written', async () => {
		expect((await template(db, course.id, 'attendance-sheet', 'de'))?.title).toBe('Attendance sheet');
		expect((await template(db, course.id, 'consent-form', 'sq'))?.body).toContain('- [ ] Pajtohem');
		expect(await template(db, course.id, 'no-such-template', 'en')).toBeNull();
	});
});
