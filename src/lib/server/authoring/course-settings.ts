// A course's settings, edited in the browser by its trainers and admins: the pass mark, whether it
// issues a certificate and what that needs (which modules, every assignment accepted), and what an
// organisation needs. They are settings, not versioned texts: they take effect at once, each change
// goes to the audit log, and a later course import sets them from course.md again.
import type { DB } from '../db/client';
import { bumpContentGeneration } from '../catalogue/content/generation';
import { readCertificateModules } from '../catalogue/course-schema';
import * as audit from '../people/audit';
import { courseOutlines } from './outline';

export const PASS_MARK_RANGE = { min: 1, max: 100 } as const;
export const ORG_MIN_RANGE = { min: 1, max: 500 } as const;

export interface CourseSettings {
	passMark: number;
	issuesCertificate: boolean;
	requiresAssignments: boolean;
	/** 'all', or the slugs of the modules the certificate needs. */
	certificateModules: 'all' | string[];
	orgMinCertified: number;
	/** The module whose organisation-level assignment organisation certification needs, or null. */
	orgAssignmentModule: string | null;
}

/** The course's modules as the settings page lists them, with their quiz's attempt rules. */
export interface SettingsModule {
	slug: string;
	title: string;
	quiz: {
		id: number;
		passMark: number | null;
		maxAttempts: number | null;
		waitMinutes: number;
		attemptsPerDay: number | null;
	} | null;
}

export type SettingsField = 'passMark' | 'certificateModules' | 'orgMinCertified' | 'orgAssignmentModule';
export type SaveSettingsResult = { ok: true; changed: string[] } | { ok: false; errors: SettingsField[] };

export async function settingsOf(db: DB, courseId: number): Promise<CourseSettings | null> {
	const row = await db
		.selectFrom('courses')
		.select([
			'pass_mark',
			'issues_certificate',
			'requires_assignments',
			'certificate_modules',
			'org_min_certified',
			'org_assignment_module'
		])
		.where('id', '=', courseId)
		.where('archived', '=', 0)
		.executeTakeFirst();
	if (!row) return null;
	return {
		passMark: row.pass_mark,
		issuesCertificate: row.issues_certificate === 1,
		requiresAssignments: row.requires_assignments === 1,
		certificateModules: readCertificateModules(row.certificate_modules),
		orgMinCertified: row.org_min_certified,
		orgAssignmentModule: row.org_assignment_module
	};
}

/** The course's modules in order, in the reader's language, with each quiz's live attempt rules. */
export async function settingsModules(db: DB, courseId: number, locale: string): Promise<SettingsModule[]> {
	const modules = (await courseOutlines(db, [courseId], locale)).get(courseId) ?? [];
	const quizIds = modules.flatMap((mod) => (mod.quizId === null ? [] : [mod.quizId]));
	const rules =
		quizIds.length === 0
			? []
			: await db
					.selectFrom('quizzes')
					.innerJoin('quiz_versions', 'quiz_versions.id', 'quizzes.current_version_id')
					.select([
						'quizzes.id',
						'quiz_versions.pass_mark',
						'quiz_versions.max_attempts',
						'quiz_versions.wait_minutes',
						'quiz_versions.attempts_per_day'
					])
					.where('quizzes.id', 'in', quizIds)
					.execute();
	return modules.map((mod) => {
		const rule = rules.find((r) => r.id === mod.quizId);
		return {
			slug: mod.slug,
			title: mod.title,
			quiz:
				mod.quizId === null
					? null
					: {
							id: mod.quizId,
							passMark: rule?.pass_mark ?? null,
							maxAttempts: rule?.max_attempts ?? null,
							waitMinutes: rule?.wait_minutes ?? 0,
							attemptsPerDay: rule?.attempts_per_day ?? null
						}
		};
	});
}

const MAX_FIELD = 200;

function wholeNumber(input: unknown, range: { min: number; max: number }): number | null {
	const text = typeof input === 'string' ? input.trim() : '';
	if (!/^\d{1,4}$/.test(text)) return null;
	const value = Number(text);
	return value >= range.min && value <= range.max ? value : null;
}

/** The form as it was sent, for re-showing it with the person's values. */
export interface SettingsInput {
	passMark: unknown;
	issuesCertificate: unknown;
	requiresAssignments: unknown;
	/** 'all' or 'some'. */
	certificateScope: unknown;
	/** The module slugs ticked, when the scope is 'some'. */
	certificateModules: unknown[];
	orgMinCertified: unknown;
	orgAssignmentModule: unknown;
}

/**
 * Checks and saves the settings; each number within its range, the modules the course's own (at
 * least one when not all count). The module list is checked in the writing transaction, so a module
 * archived meanwhile cannot be saved as required. Returns which fields were wrong, or what changed
 * (also written to the audit log, by `userId`).
 */
export async function saveSettings(
	db: DB,
	courseId: number,
	input: SettingsInput,
	userId: number,
	now = Date.now()
): Promise<SaveSettingsResult> {
	const errors: SettingsField[] = [];
	const passMark = wholeNumber(input.passMark, PASS_MARK_RANGE);
	if (passMark === null) errors.push('passMark');
	const orgMin = wholeNumber(input.orgMinCertified, ORG_MIN_RANGE);
	if (orgMin === null) errors.push('orgMinCertified');
	const all = input.certificateScope !== 'some';
	const ticked = input.certificateModules
		.slice(0, MAX_FIELD)
		.filter((s): s is string => typeof s === 'string' && s.length <= MAX_FIELD);
	const orgModuleInput = typeof input.orgAssignmentModule === 'string' ? input.orgAssignmentModule : '';
	return db.transaction().execute(async (tx) => {
		const before = await settingsOf(tx, courseId);
		if (!before) return { ok: false as const, errors: ['certificateModules' as const] };
		const slugs = (
			await tx
				.selectFrom('modules')
				.select('slug')
				.where('course_id', '=', courseId)
				.where('archived', '=', 0)
				.orderBy('position')
				.orderBy('id')
				.execute()
		).map((r) => r.slug);
		// Kept in the course's order, each once.
		const chosen = slugs.filter((s) => ticked.includes(s));
		if (!all && (chosen.length === 0 || chosen.length !== new Set(ticked).size)) errors.push('certificateModules');
		const orgModule = orgModuleInput === '' ? null : orgModuleInput;
		if (orgModule !== null && !slugs.includes(orgModule)) errors.push('orgAssignmentModule');
		if (errors.length > 0 || passMark === null || orgMin === null) return { ok: false as const, errors };
		const after: CourseSettings = {
			passMark,
			issuesCertificate: input.issuesCertificate === 'on',
			requiresAssignments: input.requiresAssignments === 'on',
			certificateModules: all ? 'all' : chosen,
			orgMinCertified: orgMin,
			orgAssignmentModule: orgModule
		};
		const changed = describeChanges(before, after);
		if (changed.length === 0) return { ok: true as const, changed };
		await tx
			.updateTable('courses')
			.set({
				pass_mark: after.passMark,
				issues_certificate: after.issuesCertificate ? 1 : 0,
				requires_assignments: after.requiresAssignments ? 1 : 0,
				certificate_modules: after.certificateModules === 'all' ? 'all' : JSON.stringify(after.certificateModules),
				org_min_certified: after.orgMinCertified,
				org_assignment_module: after.orgAssignmentModule,
				updated_at: now
			})
			.where('id', '=', courseId)
			.execute();
		const slug = await tx.selectFrom('courses').select('slug').where('id', '=', courseId).executeTakeFirstOrThrow();
		await audit.record(tx, userId, 'course_settings_changed', slug.slug, changed.join('; '), now);
		// The course pages cache what a certificate needs by content generation.
		await bumpContentGeneration(tx);
		return { ok: true as const, changed };
	});
}

/** "field: before → after" for every setting that differs, as the audit log keeps it. */
function describeChanges(before: CourseSettings, after: CourseSettings): string[] {
	const show = (v: CourseSettings[keyof CourseSettings]) =>
		Array.isArray(v) ? v.join(', ') : v === null ? '—' : String(v);
	return (Object.keys(after) as (keyof CourseSettings)[])
		.filter((k) => show(before[k]) !== show(after[k]))
		.map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`);
}
