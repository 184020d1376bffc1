// The assignment pages: a learner's page and download, a trainer's queue and review. Reasons the
// domain returns become messages in the reader's language here.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as assignments from '../assignments';
import { ASSIGNMENT_LIMITS } from '../assignments/format';
import { requireUser } from './guard';
import { loadModuleOr404, stepPlace } from './learning-pages';
import { assignmentPath, submissionFilePath } from '$lib/paths';

const TYPE_NAMES: Record<assignments.FileKind, string> = {
	pdf: 'PDF',
	docx: 'DOCX',
	odt: 'ODT',
	png: 'PNG',
	jpg: 'JPEG'
};
export const typeList = (kinds: assignments.FileKind[]) => kinds.map((k) => TYPE_NAMES[k]).join(', ');
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function context(event: RequestEvent) {
	const user = requireUser(event);
	const { course, record, state, moduleState } = await loadModuleOr404(
		event.locals.db,
		user.id,
		event.params.course ?? '',
		event.params.module ?? ''
	);
	const assignment = await assignments.forModule(event.locals.db, moduleState.module.id, getLocale());
	if (!assignment) error(404, { message: m.error_404_text() });
	return { user, course, record, state, moduleState, assignment };
}

/** The learner's assignment page: instructions, rubric, the form, and every version handed in. */
export async function assignmentPage(event: RequestEvent) {
	const { user, course, record, state, moduleState, assignment } = await context(event);
	const thread = await assignments.threadOf(event.locals.db, assignment, user.id);
	const versions = thread ? await assignments.history(event.locals.db, thread) : [];
	// Locked as its lessons are: the module before it is not done yet (named in the message).
	const index = state.modules.indexOf(moduleState);
	const locked = Boolean(record?.enrolment) && !moduleState.open;
	const submitted = Number(event.url.searchParams.get('submitted'));
	return {
		...stepPlace(course, moduleState),
		assignment: { ...assignment, types: typeList(assignment.accepted), maxMb: megabytes(assignment.maxBytes) },
		// A template lies beside assignment.md in the module's folder (NN-slug), served as a course asset.
		templateHref: assignment.template?.includes('.')
			? `/content-assets/${course.slug}/${String(moduleState.module.position).padStart(2, '0')}-${moduleState.module.slug}/${assignment.template}`
			: null,
		// A template named without extension is one of the course's templates/, printed on request.
		templateFiles:
			assignment.template && !assignment.template.includes('.')
				? {
						pdf: `${assignmentPath(course.slug, moduleState.module.slug)}/template.pdf`,
						md: `${assignmentPath(course.slug, moduleState.module.slug)}/template.md`
					}
				: null,
		enrolled: Boolean(record?.enrolment),
		unlocksAfter: locked ? (state.modules[index - 1]?.module.title ?? '') : null,
		// An organisation's assignment: whether the reader may hand it in (a confirmed member).
		organisationWork: assignment.scope === 'organisation' ? { member: thread !== null } : null,
		accepted: versions[0]?.status === 'accepted',
		versions: versions.map((v) => ({ ...v, fileHref: v.file ? submissionFilePath(v.id) : null })),
		justSubmitted: Number.isInteger(submitted) && submitted > 0 ? submitted : null
	};
}

/** The form's action: hand in a version, or re-show the form with the text kept and a message. */
export async function submitAssignment(event: RequestEvent) {
	const { user, course, moduleState, assignment } = await context(event);
	const form = await event.request.formData();
	const text = form.get('text');
	const upload = form.get('file');
	const file =
		upload instanceof File && upload.size > 0
			? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
			: null;
	const result = await assignments.submit(event.locals.db, {
		userId: user.id,
		assignmentId: assignment.id,
		text,
		file,
		locale: getLocale()
	});
	if (!result.ok) {
		const kept = m.asg_error_kept();
		const message = {
			empty: m.asg_error_empty(),
			text_too_long: m.asg_error_text_too_long(),
			too_large: m.asg_error_too_large({ size: megabytes(assignment.maxBytes) }),
			wrong_type: m.asg_error_wrong_type({ types: typeList(assignment.accepted) }),
			zip_bomb: m.asg_error_zip_bomb(),
			accepted: m.asg_error_accepted(),
			not_enrolled: m.asg_enrol_first(),
			not_member: m.orgasg_not_member(),
			not_found: m.error_404_text(),
			locked: m.asged_locked_refused(),
			text_not_accepted: m.asged_error_text_not_accepted({ types: typeList(assignment.accepted) }),
			too_many_versions: m.asg_error_too_many_versions({ max: ASSIGNMENT_LIMITS.versions })
		}[result.reason];
		const status =
			result.reason === 'too_large'
				? 413
				: result.reason === 'accepted'
					? 409
					: result.reason === 'not_enrolled' || result.reason === 'not_member' || result.reason === 'locked'
						? 403
						: 400;
		return fail(status, {
			message: result.reason === 'not_enrolled' || result.reason === 'not_member' ? message : `${message} ${kept}`,
			text: typeof text === 'string' ? text : ''
		});
	}
	redirect(303, localizeHref(`${assignmentPath(course.slug, moduleState.module.slug)}?submitted=${result.version}`));
}

/** A handed-in file, for its learner, the course's trainers and the cohort's coordinators; 404 for others. */
export async function submissionFile(event: RequestEvent): Promise<Response> {
	const user = requireUser(event);
	const id = /^\d{1,9}$/.test(event.params.id ?? '') ? Number(event.params.id) : 0;
	const db = event.locals.db;
	const file = await assignments.fileFor(db, id, user, (courseId, learnerId, organisationId) =>
		assignments.canSeeWork(db, user, courseId, learnerId, organisationId)
	);
	if (!file) error(404, { message: m.error_404_text() });
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.type,
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}
