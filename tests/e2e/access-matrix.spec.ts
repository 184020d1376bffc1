// The access matrix: every route (GET) and every form action (POST ?/name) of src/routes, found at
// test time, with what an anonymous visitor, two learners of different organisations, two trainers
// (one teaching and authoring, one not), the coordinator and the admin get. Dynamic parameters are
// real ids made in setup, plus other people's and unknown ones (IDOR). A route or action that is not
// in the matrix fails the first test, so a new route cannot be forgotten.
//
// Requests go through Playwright request contexts with each person's session cookie, like a browser
// without JavaScript: form posts with the site's Origin and Accept: text/html, so SvelteKit answers
// actions with their real status codes; redirects are not followed.
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
	accountWithRole,
	addMembers,
	anonymous,
	assignAuthor,
	attemptPath,
	BASE,
	certify,
	Client,
	completeLesson,
	coursePath,
	createCohort,
	confirmMember,
	createOrganisation,
	dbAll,
	dbGet,
	DEMO,
	discoverRoutes,
	enrol,
	escapeRegExp,
	FORM_HEADERS,
	formBody,
	importTinyCourse,
	lessonPath,
	locationOf,
	newRequestContext,
	pool,
	FIXTURE_OPTIONS,
	optionValue,
	QUESTION_ID,
	quizPath,
	routeKeys,
	rosterToken,
	signIn,
	signUp,
	submitQuiz,
	summarise,
	tag,
	uploadImage,
	organisationByName,
	type Account,
	type CohortFixture,
	type CourseFixture,
	type Fields
} from './security-helpers';
import { volunteerMatrixFixture } from './volunteer-helpers';
import { seedExportSnapshot, seedSnapshot } from './indicator-helpers';
import { HOUR, seedApplication, seedCall } from './staffing-helpers';

const ACTORS = ['anonymous', 'learner', 'learner2', 'trainer', 'trainer2', 'coordinator', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

/** An exact status; 'signin' = 303 to /en/signin?next=…; or a status with the redirect's target. */
type Expect = number | 'signin' | { status: number; to: RegExp };
type Row = Record<Actor, Expect>;

interface Case {
	/** "GET /route" or "POST /route?/action", as routeKeys() names them. */
	key: string;
	path: string;
	fields?: Fields;
	note?: string;
	/** Uses a session of its own (signing out ends the session it is sent with). */
	fresh?: boolean;
	/** Cases of one chain run one after the other, in order (they change the same record). */
	chain?: string;
	/** Who gets a refusal shown on a page they may see (its names are theirs to read). */
	ownPage?: Actor[];
}
type MatrixCase = Case & { expect: Row };

const S = 'signin' as const;
const to = (status: number, pattern: RegExp | string): Expect => ({
	status,
	to: typeof pattern === 'string' ? new RegExp(`^${escapeRegExp(pattern)}$`) : pattern
});
/** A form that changed something: post/redirect/get, a 303 back to its page saying what was done. */
const done = (page: string, what: string, rest = ''): Expect => to(303, `${page}?done=${what}${rest}`);
/** anonymous, learner, learner2, trainer, trainer2, coordinator, admin */
function r(
	anonymous: Expect,
	learner: Expect,
	learner2: Expect,
	trainer: Expect,
	trainer2: Expect,
	coordinator: Expect,
	admin: Expect
): Row {
	return { anonymous, learner, learner2, trainer, trainer2, coordinator, admin };
}
const all = (e: Expect) => r(e, e, e, e, e, e, e);
const users = (e: Expect) => r(S, e, e, e, e, e, e);
const adminOnly = (e: Expect) => r(S, 403, 403, 403, 403, 403, e);
const coordination = (e: Expect) => r(S, 403, 403, 403, 403, e, e);
/** requireUser('trainer'): trainers and the admin pass; the author check comes after. */
const authoring = (author: Expect, other: Expect = 403) => r(S, 403, 403, author, other, 403, author);
/** A cohort taught by `trainer`: trainers read it, coordinators and the admin manage it. */
const taughtCohort = (e: Expect) => r(S, 403, 403, e, 403, e, e);
const untaughtCohort = (e: Expect) => r(S, 403, 403, 403, 403, e, e);

interface World {
	tag: string;
	course: CourseFixture;
	orgA: { id: number; slug: string };
	orgB: { id: number; slug: string };
	orgS: { id: number; slug: string };
	ids: Record<Actor | 'target' | 'signinUser', number>;
	signinAccount: { email: string; password: string };
	cohorts: { taught: CohortFixture; other: CohortFixture; archive: CohortFixture; join: CohortFixture };
	attempts: { learnerFailed: number; learnerPassed: number; learner2: number };
	code: string;
	/** The issuer's key id, the last part of its kid URL. */
	keyId: string;
	passwordToken: string;
	upload: string;
	learner2Session: string;
	/** The id the preview quiz gives its right option (options are posted by id). */
	previewRight: string;
	secrets: { value: string; owner?: Actor }[];
	/** Calendar entries: one of org A (by the learner), one to cancel, one of the coordinator's. */
	events: { orgA: number; toCancel: number; official: number };
	/** A call of org A with one shift and a withdrawn application of the target (staffing). */
	staffing: { callId: number; withdrawn: number };
}

// Thousands of API requests: no trace (test-results/ is also shared with other runs of the suite).
test.use({ trace: 'off' });

let world: World;
const clients = {} as Record<Actor, Client>;
const accounts = {} as Record<Actor, Account | null>;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	const T = tag();
	// The matrix's own admin and coordinator: the demo accounts are signed in by many other tests at
	// once, and a user keeps at most 20 sessions, so a long sweep could lose a demo account's session.
	const demoAdmin = await signIn(DEMO.admin, 'demo admin');
	const [admin, coordinator] = await Promise.all([
		accountWithRole(demoAdmin, 'admin', `Matrix admin ${T}`, `matrix-admin-${T}@example.test`),
		accountWithRole(demoAdmin, 'coordinator', `Matrix coordinator ${T}`, `matrix-coordinator-${T}@example.test`)
	]);
	await demoAdmin.dispose();
	const orgA = await organisationByName('Demo Youth Association');
	const orgB = await organisationByName("Demo Women's Initiative");
	const [course, orgS, learner, learner2, trainer, trainer2, target, signinUser] = await Promise.all([
		importTinyCourse(admin, `sec-${T}`),
		createOrganisation(admin, { name: `Matrix organisation ${T}`, municipality: 'Nowhere' }),
		signUp(`Matrix learner ${T}`, `matrix-learner-${T}@example.test`, orgA.id, 'learner'),
		signUp(`Matrix learner two ${T}`, `matrix-learner2-${T}@example.test`, orgB.id, 'learner2'),
		accountWithRole(admin, 'trainer', `Matrix trainer ${T}`, `matrix-trainer-${T}@example.test`),
		accountWithRole(admin, 'trainer', `Matrix trainer two ${T}`, `matrix-trainer2-${T}@example.test`),
		signUp(`Matrix target ${T}`, `matrix-target-${T}@example.test`, null, 'target'),
		signUp(`Matrix sign-in ${T}`, `matrix-signin-${T}@example.test`, null, 'signin')
	]);
	// Choosing an organisation at sign-up is a request; a coordinator confirms both learners.
	await confirmMember(coordinator, orgA, learner.account!.id);
	await confirmMember(coordinator, orgB, learner2.account!.id);
	Object.assign(clients, { anonymous: await anonymous(), learner, learner2, trainer, trainer2, coordinator, admin });
	const events = {
		orgA: await addCalendarEntry(learner, 'cso-event', `Matrix event ${T}`),
		toCancel: await addCalendarEntry(learner, 'training', `Matrix training ${T}`),
		official: await addCalendarEntry(coordinator, 'public-meeting', `Matrix meeting ${T}`)
	};
	for (const a of ACTORS) accounts[a] = clients[a].account;
	await assignAuthor(admin, course, trainer.account!.id);

	const [taught, other, archive, join] = await Promise.all([
		createCohort(coordinator, `Matrix taught ${T}`, course, [trainer.account!.id]),
		createCohort(coordinator, `Matrix other ${T}`, course),
		createCohort(coordinator, `Matrix archive ${T}`, course),
		createCohort(coordinator, `Matrix join ${T}`, course)
	]);
	await addMembers(coordinator, taught, [learner.account!.id]);
	await Promise.all(
		(['learner2', 'trainer', 'trainer2', 'coordinator', 'admin'] as const).map((a) => enrol(clients[a], course))
	);
	await Promise.all(
		(['learner2', 'trainer', 'trainer2', 'coordinator', 'admin'] as const).map((a) =>
			completeLesson(clients[a], course, 0)
		)
	);
	// The learner fails once, then passes (and is certified); learner2 fails once.
	await completeLesson(learner, course, 0);
	const learnerFailed = await submitQuiz(learner, course, 0, { [QUESTION_ID]: '1' });
	const { attempt: learnerPassed, code } = await certify(learner, course);
	const learner2Attempt = await submitQuiz(learner2, course, 0, { [QUESTION_ID]: '1' });
	const passwordToken = await rosterToken(coordinator, taught, `Matrix roster ${T}`, `matrix-roster-${T}@example.test`);
	const upload = await uploadImage(trainer, course.modules[0].lessonId);
	// A second session of learner2 (another device), for the session-revoking IDOR case.
	const before = new Set(
		(await dbAll<{ id: string }>('SELECT id FROM sessions WHERE user_id = ?', learner2.account!.id)).map((x) => x.id)
	);
	const device = await signIn(learner2.account!);
	const learner2Session = (
		await dbAll<{ id: string }>('SELECT id FROM sessions WHERE user_id = ?', learner2.account!.id)
	).find((x) => !before.has(x.id))!.id;
	await device.dispose();
	await target.dispose();
	await signinUser.dispose();

	const preview = await trainer.get(
		`/en/teach/courses/${course.id}/preview/${course.modules[0].slug}/quiz?view=drafts`
	);
	const previewRight = optionValue(await preview.text(), QUESTION_ID, FIXTURE_OPTIONS[QUESTION_ID][1]);

	const jwks = (await (await fetch(`${BASE}/issuer/jwks.json`)).json()) as { keys: { kid: string }[] };
	const keyId = jwks.keys[0].kid.split('/').pop()!;

	const staffingCall = await seedCall('Demo Youth Association', `Matrix call ${T}`, [
		{ startsIn: -HOUR, hours: 2, places: 1 }
	]);
	const staffing = {
		callId: staffingCall.callId,
		withdrawn: await seedApplication(staffingCall.shiftIds[0], target.account!.id, 'Matrix', 'withdrawn')
	};

	world = {
		tag: T,
		staffing,
		course,
		orgA,
		orgB,
		orgS,
		ids: {
			anonymous: 0,
			learner: learner.account!.id,
			learner2: learner2.account!.id,
			trainer: trainer.account!.id,
			trainer2: trainer2.account!.id,
			coordinator: coordinator.account!.id,
			admin: admin.account!.id,
			target: target.account!.id,
			signinUser: signinUser.account!.id
		},
		signinAccount: { email: signinUser.account!.email, password: signinUser.account!.password },
		cohorts: { taught, other, archive, join },
		attempts: { learnerFailed, learnerPassed, learner2: learner2Attempt },
		code,
		keyId,
		passwordToken,
		upload,
		learner2Session,
		previewRight,
		events,
		// What a refused answer must never contain (except to its owner).
		secrets: [
			{ value: learner.account!.email, owner: 'learner' },
			{ value: learner2.account!.email, owner: 'learner2' },
			{ value: trainer2.account!.email, owner: 'trainer2' },
			{ value: taught.name },
			{ value: other.name },
			{ value: taught.token },
			{ value: passwordToken },
			{ value: learner2Session, owner: 'learner2' }
		]
	};
});

test.afterAll(async () => {
	for (const a of ACTORS) await clients[a]?.dispose();
});

/** Adds a calendar entry through its form (next year, so it is ahead) and returns its id. */
async function addCalendarEntry(client: Client, kind: string, title: string): Promise<number> {
	const response = await client.post('/en/calendar/new', [
		['kind', kind],
		['title', title],
		['municipality', 'zvecan'],
		['start_date', `${new Date().getUTCFullYear() + 1}-03-15`],
		['start_time', '18:00'],
		['official_url', kind === 'public-meeting' ? 'https://zvecan.example.org/meeting' : '']
	]);
	expect(response.status(), `adding ${title}`).toBe(303);
	return Number(/\/calendar\/(\d+)\?done=added$/.exec(locationOf(response))![1]);
}
// A frozen programme results report (issue 19), for its downloads.
let indicatorSnapshot = 0;
test.beforeAll(async () => {
	indicatorSnapshot = await seedExportSnapshot(`Matrix snapshot ${world.tag}`, world.ids.coordinator);
});

// Calls for volunteers (issue 18): a call of org A is written into the database (as other specs do),
// and the matrix learner, a confirmed member of org A, closes it, so that every role meets a call in
// the same state (a closed call is the organisation's business only; whether org A's calls still wait
// for review does not matter then). Posting it through the form would count against org A's limit of
// calls made in any 24 hours (CALL_LIMITS.perDay), which the calls seeded for org A by this spec,
// volunteer.spec.ts and staffing specs in the same database already reach: the post got a 429.
let volunteerCall = 0;
test.beforeAll(async () => {
	volunteerCall = (
		await seedCall('Demo Youth Association', `Matrix call ${world.tag}`, [
			{ startsIn: 20 * 24 * HOUR, hours: 2, places: 2 }
		])
	).callId;
	const closed = await clients.learner.post(`/en/organisations/${world.orgA.slug}/calls?/close`, [
		['call', String(volunteerCall)]
	]);
	expect(closed.status(), 'the matrix learner closes the call').toBe(303);
});

// ---------------------------------------------------------------------------------------------
// The matrix

async function getCases(w: World): Promise<MatrixCase[]> {
	const c = w.course;
	const m1 = c.modules[0];
	const cohort = (x: CohortFixture, rest = '') => `/en/cohorts/${x.id}${rest}`;
	const { taught, other } = w.cohorts;
	const UNKNOWN = '999999999';
	const outreachId = (await dbGet<{ id: number }>("SELECT id FROM courses WHERE slug = 'outreach'"))!.id;
	const lockedCourse = new RegExp(`^/en/courses/${c.slug}\\?locked=`);
	const inCourse = new RegExp(`^/en/courses/${c.slug}(/|$|\\?)`);
	const vol = await volunteerMatrixFixture();
	const snapshot = await seedSnapshot(`Matrix snapshot ${w.tag}`);
	const learnerHome = to(303, /^\/en(\/courses\/[^?#]+)?$/);
	const cases: MatrixCase[] = [
		// Public pages and files
		{ key: 'GET /', path: '/en', expect: all(200) },
		{ key: 'GET /courses', path: '/en/courses', expect: all(200) },
		{ key: 'GET /courses/[course]', path: coursePath(c), expect: all(200) },
		{ key: 'GET /courses/[course]', path: '/en/courses/no-such-course', expect: all(404) },
		{ key: 'GET /glossary', path: '/sq/glossary', expect: all(200) },
		{ key: 'GET /organisations', path: '/en/organisations', expect: all(200) },
		{ key: 'GET /organisations/[slug]', path: `/en/organisations/${w.orgA.slug}`, expect: all(200) },
		{ key: 'GET /organisations/[slug]', path: '/en/organisations/no-such-organisation', expect: all(404) },
		{ key: 'GET /organisations/[slug]', path: '/en/organisations/Not%20A%20Slug', expect: all(404) },
		{ key: 'GET /verify', path: '/en/verify', expect: all(200) },
		{ key: 'GET /verify/[code]', path: `/en/verify/${w.code}`, expect: all(200) },
		{ key: 'GET /verify/[code]', path: '/en/verify/AAAA-BBBB-CCCC', expect: all(404) },
		{ key: 'GET /verify/[code]/certificate.pdf', path: `/verify/${w.code}/certificate.pdf`, expect: all(200) },
		{ key: 'GET /verify/[code]/certificate.pdf', path: '/verify/AAAA-BBBB-CCCC/certificate.pdf', expect: all(404) },
		{ key: 'GET /verify/[code]/credential.jwt', path: `/verify/${w.code}/credential.jwt`, expect: all(200) },
		{ key: 'GET /verify/[code]/credential.jwt', path: '/verify/AAAA-BBBB-CCCC/credential.jwt', expect: all(404) },
		{ key: 'GET /verify/[code]/status', path: `/verify/${w.code}/status`, expect: all(200) },
		{ key: 'GET /verify/[code]/status', path: '/verify/AAAA-BBBB-CCCC/status', expect: all(404) },
		{ key: 'GET /issuer', path: '/issuer', expect: all(200) },
		{ key: 'GET /issuer/jwks.json', path: '/issuer/jwks.json', expect: all(200) },
		{ key: 'GET /issuer/keys/[kid]', path: `/issuer/keys/${w.keyId}`, expect: all(200) },
		{ key: 'GET /issuer/keys/[kid]', path: '/issuer/keys/not-a-key', expect: all(404) },
		{ key: 'GET /issuer/status/revocation', path: '/issuer/status/revocation', expect: all(200) },
		{ key: 'GET /uploads/[name]', path: w.upload, expect: all(200) },
		{ key: 'GET /uploads/[name]', path: '/uploads/0123456789abcdef0123456789abcdef.png', expect: all(404) },
		{ key: 'GET /uploads/[name]', path: '/uploads/..%2F..%2Fpackage.json', expect: all(404) },
		{
			key: 'GET /content-assets/[course]/[...path]',
			path: '/content-assets/outreach/no-such-image.png',
			expect: all(404)
		},
		{
			key: 'GET /content-assets/[course]/[...path]',
			path: '/content-assets/outreach/..%2F..%2Fpackage.json',
			expect: all(404),
			note: 'path traversal'
		},
		{
			key: 'GET /content-assets/[course]/[...path]',
			path: '/content-assets/outreach/..%2F..%2Fstatic%2Ffavicon.png',
			expect: all(404),
			note: 'path traversal'
		},
		{
			key: 'GET /content-assets/[course]/[...path]',
			path: '/content-assets/..%2F..%2Ftests/x.png',
			expect: all(404),
			note: 'path traversal'
		},

		// Signing in and out
		{
			key: 'GET /signin',
			path: '/en/signin',
			expect: r(
				200,
				learnerHome,
				learnerHome,
				to(303, '/en/teach'),
				to(303, '/en/teach'),
				to(303, '/en/cohorts'),
				to(303, '/en/admin/users')
			),
			note: "each role lands where its work is: a learner on their course's next step (or /en)"
		},
		{
			key: 'POST /signin',
			path: '/en/signin',
			fields: [
				['email', w.signinAccount.email],
				['password', w.signinAccount.password]
			],
			expect: all(to(303, '/en')),
			note: 'valid credentials of another account'
		},
		{
			key: 'GET /signup',
			path: '/en/signup',
			expect: r(
				200,
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account')
			)
		},
		// The failed form is shown again by the page's load, which sends a signed-in person to My account.
		{
			key: 'POST /signup',
			path: '/en/signup',
			fields: [],
			expect: r(
				400,
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account'),
				to(303, '/en/account')
			)
		},
		{ key: 'GET /signout', path: '/en/signout', expect: r(to(303, '/en'), 200, 200, 200, 200, 200, 200) },
		{ key: 'POST /signout', path: '/en/signout', fresh: true, expect: all(to(303, '/en?signedout=1')) },
		{ key: 'GET /set-password/[token]', path: `/en/set-password/${w.passwordToken}`, expect: all(200) },
		{ key: 'GET /set-password/[token]', path: '/en/set-password/abc.def', expect: all(404) },
		{
			key: 'POST /set-password/[token]',
			path: `/en/set-password/${w.passwordToken}`,
			fields: [['password', 'short']],
			expect: all(400)
		},
		{
			key: 'POST /set-password/[token]',
			path: '/en/set-password/abc.def',
			fields: [['password', 'Long enough but unknown']],
			expect: all(404)
		},

		// The volunteer's pages (issue 18): none of the matrix accounts has a volunteer profile.
		{ key: 'GET /volunteer', path: '/en/volunteer', expect: users(200) },
		{
			key: 'POST /volunteer?/readNotices',
			path: '/en/volunteer?/readNotices',
			expect: users(done('/en/volunteer', 'read')),
			note: "one's own notices only"
		},
		{
			key: 'POST /volunteer?/withdraw',
			path: '/en/volunteer?/withdraw',
			fields: [['application', String(vol.foreignApplication)]],
			expect: users(404),
			note: "IDOR: the demo volunteer's application"
		},
		{
			key: 'POST /volunteer?/withdraw',
			path: '/en/volunteer?/withdraw',
			fields: [['application', 'x']],
			expect: users(404)
		},
		{ key: 'GET /volunteer/profile', path: '/en/volunteer/profile', expect: users(200) },
		{ key: 'POST /volunteer/profile?/save', path: '/en/volunteer/profile?/save', fields: [], expect: users(400) },
		{ key: 'POST /volunteer/profile?/hide', path: '/en/volunteer/profile?/hide', expect: users(404) },
		{ key: 'POST /volunteer/profile?/show', path: '/en/volunteer/profile?/show', expect: users(404) },
		{ key: 'POST /volunteer/profile?/delete', path: '/en/volunteer/profile?/delete', fields: [], expect: users(400) },
		{
			key: 'POST /volunteer/profile?/delete',
			path: '/en/volunteer/profile?/delete',
			fields: [['confirm', 'yes']],
			expect: users(404)
		},
		{ key: 'GET /calls/[id]/apply', path: `/en/calls/${vol.open.id}/apply`, expect: users(200) },
		{ key: 'GET /calls/[id]/apply', path: `/en/calls/${vol.pending.id}/apply`, expect: users(404) },
		{ key: 'GET /calls/[id]/apply', path: `/en/calls/${UNKNOWN}/apply`, expect: users(404) },
		{
			key: 'POST /calls/[id]/apply',
			path: `/en/calls/${vol.open.id}/apply`,
			fields: [['shift', String(vol.open.shiftIds[0])]],
			expect: users(400),
			note: 'no volunteer profile'
		},
		{
			key: 'POST /calls/[id]/apply',
			path: `/en/calls/${vol.pending.id}/apply`,
			fields: [['shift', String(vol.pending.shiftIds[0])]],
			expect: users(404)
		},

		// My account and learning
		{ key: 'GET /account', path: '/en/account', expect: users(200) },
		{
			key: 'POST /account?/password',
			path: '/en/account?/password',
			fields: [
				['current', 'not the password'],
				['password', 'Another long password 42']
			],
			expect: users(400)
		},
		{
			key: 'POST /account?/revoke',
			path: '/en/account?/revoke',
			fields: [['session', 'no-such-session']],
			expect: users(404)
		},
		{
			key: 'POST /account?/revoke',
			path: '/en/account?/revoke',
			fields: [['session', w.learner2Session]],
			expect: r(S, 404, done('/en/account', 'revoked'), 404, 404, 404, 404),
			note: "IDOR: signing out learner2's other session (only learner2 may)"
		},
		{
			key: 'POST /account?/withdrawRequest',
			path: '/en/account?/withdrawRequest',
			fields: [],
			expect: users(200),
			note: 'withdraws only the own request (none here)'
		},
		{
			key: 'POST /account?/deleteAccount',
			path: '/en/account?/deleteAccount',
			fields: [
				['password', 'not the password'],
				['confirm', 'yes']
			],
			expect: users(400)
		},
		{ key: 'POST /account?/deleteAccount', path: '/en/account?/deleteAccount', fields: [], expect: users(400) },
		{
			key: 'GET /account/data',
			path: '/account/data',
			expect: users(200),
			note: "only one's own data (no id to change)"
		},
		{ key: 'GET /learning', path: '/en/learning', expect: users(200) },
		// The optional questions about oneself (issue 19): only one's own answers, no id anywhere.
		{ key: 'GET /account/about-you', path: '/en/account/about-you', expect: users(200) },
		{
			key: 'POST /account/about-you?/save',
			path: '/en/account/about-you?/save',
			fields: [
				['gender', 'woman'],
				['age_band', '25-34'],
				['community', 'serbian'],
				['community_consent', 'yes']
			],
			expect: users(done('/en/account/about-you', 'saved'))
		},
		{
			key: 'POST /account/about-you?/save',
			path: '/en/account/about-you?/save',
			fields: [['community', 'serbian']],
			expect: users(400),
			note: 'a community without the explicit consent'
		},
		{
			key: 'POST /account/about-you?/save',
			path: '/en/account/about-you?/save',
			fields: [['gender', '<script>']],
			expect: users(400),
			note: 'a code not on the list'
		},
		{
			key: 'POST /account/about-you?/notNow',
			path: '/en/account/about-you?/notNow',
			fields: [],
			expect: users(done('/en/account/about-you', 'later'))
		},
		{
			key: 'POST /account/about-you?/notNow',
			path: '/en/account/about-you?/notNow',
			fields: [['from', 'learning']],
			expect: users(to(303, '/en/learning?done=dem_later')),
			note: 'the card on My learning goes back there'
		},
		{
			key: 'POST /account/about-you?/withdrawConsent',
			path: '/en/account/about-you?/withdrawConsent',
			fields: [],
			expect: users(done('/en/account/about-you', 'consent-withdrawn'))
		},
		{
			key: 'POST /account/about-you?/withdrawAll',
			path: '/en/account/about-you?/withdrawAll',
			fields: [],
			expect: users(done('/en/account/about-you', 'withdrawn'))
		},
		// Learning offline (issue 21). The device page and the worker's texts are anyone's; the forms of
		// the device page and the save page reach the server only where no worker took them; a course's
		// manifest and the sending endpoint answer JSON (401 signed out, never a redirect to sign in).
		{ key: 'GET /offline', path: '/en/offline', expect: all(200) },
		{ key: 'POST /offline', path: '/en/offline', fields: [], expect: all(to(303, '/en/offline?nosw=1')) },
		{ key: 'GET /offline/texts.json', path: '/sq/offline/texts.json', expect: all(200) },
		{
			key: 'POST /offline/send',
			path: '/en/offline/send',
			fields: [['op', 'x']],
			expect: r(401, 400, 400, 400, 400, 400, 400),
			note: 'a step without its form path is refused as unreadable'
		},
		{ key: 'GET /courses/[course]/offline', path: `${coursePath(c)}/offline`, expect: users(200) },
		{ key: 'GET /courses/[course]/offline', path: '/en/courses/no-such-course/offline', expect: users(404) },
		{
			key: 'POST /courses/[course]/offline',
			path: `${coursePath(c)}/offline`,
			fields: [['remove', '1']],
			expect: all(to(303, '/en/offline?nosw=1'))
		},
		{
			key: 'GET /courses/[course]/offline.json',
			path: `${coursePath(c)}/offline.json`,
			expect: r(401, 200, 200, 200, 200, 200, 200)
		},
		{
			key: 'GET /courses/[course]/offline.json',
			path: '/en/courses/no-such-course/offline.json',
			expect: r(401, 404, 404, 404, 404, 404, 404)
		},
		// Notifications (issue 20): only one's own; a notice id that is not one's own is a 404.
		{ key: 'GET /notifications', path: '/en/notifications', expect: users(200) },
		{
			key: 'POST /notifications?/open',
			path: '/en/notifications?/open',
			fields: [['id', '999999999']],
			expect: users(404)
		},
		{ key: 'POST /notifications?/read', path: '/en/notifications?/read', fields: [['id', 'x']], expect: users(404) },
		{
			key: 'POST /notifications?/readAll',
			path: '/en/notifications?/readAll',
			fields: [],
			expect: users(done('/en/notifications', 'all-read'))
		},
		{ key: 'GET /account/notifications', path: '/en/account/notifications', expect: users(200) },
		{
			key: 'POST /account/notifications?/save',
			path: '/en/account/notifications?/save',
			fields: [
				['app:volunteering', 'on'],
				['app:coordinator-message', 'on']
			],
			expect: users(done('/en/account/notifications', 'saved'))
		},
		{
			key: 'POST /account/notifications?/save',
			path: '/en/account/notifications?/save',
			fields: [['app:someone-else', 'on']],
			expect: users(400)
		},
		// Only one's own volunteer certificates: the page takes no id.
		{ key: 'GET /volunteer/certificates', path: '/en/volunteer/certificates', expect: users(200) },
		{ key: 'POST /courses/[course]?/enrol', path: `${coursePath(c)}?/enrol`, expect: users(to(303, inCourse)) },
		{
			key: 'POST /courses/[course]?/enrol',
			path: '/en/courses/no-such-course?/enrol',
			expect: all(404),
			note: 'the course is looked up first (signing in to enrol carries it)'
		},
		{ key: 'GET /courses/[course]/[module]/[lesson]', path: lessonPath(c, 0), expect: users(200) },
		{
			key: 'GET /courses/[course]/[module]/[lesson]',
			path: lessonPath(c, 1),
			expect: r(
				S,
				200,
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse)
			),
			note: 'module 2 opens after the quiz of module 1'
		},
		{
			key: 'GET /courses/[course]/[module]/[lesson]',
			path: `/en/courses/${c.slug}/${m1.slug}/no-such-lesson`,
			expect: users(404)
		},
		{
			key: 'GET /courses/[course]/[module]/[lesson]',
			path: `/en/courses/${c.slug}/no-such-module/${m1.lessonSlug}`,
			expect: users(404)
		},
		{
			key: 'POST /courses/[course]/[module]/[lesson]?/complete',
			path: `${lessonPath(c, 0)}?/complete`,
			expect: users(to(303, inCourse))
		},
		{
			key: 'POST /courses/[course]/[module]/[lesson]?/complete',
			path: `/en/courses/${c.slug}/${m1.slug}/no-such-lesson?/complete`,
			expect: users(404)
		},
		// Assignments: the tiny course has none; the outreach course's first module has one, and none of
		// these people is enrolled in it, so handing in is refused and nothing is stored.
		{
			key: 'GET /courses/[course]/[module]/assignment',
			path: `/en/courses/${c.slug}/${m1.slug}/assignment`,
			expect: users(404)
		},
		{
			key: 'GET /courses/[course]/[module]/assignment',
			path: '/en/courses/outreach/your-organisation/assignment',
			expect: users(200)
		},
		{
			key: 'POST /courses/[course]/[module]/assignment?/submit',
			path: '/en/courses/outreach/your-organisation/assignment?/submit',
			fields: [['text', 'not enrolled']],
			expect: users(403)
		},
		{
			key: 'POST /courses/[course]/[module]/assignment?/submit',
			path: `/en/courses/${c.slug}/${m1.slug}/assignment?/submit`,
			fields: [['text', 'no assignment here']],
			expect: users(404)
		},
		// The organisation's outreach plan: the same page and form; nobody here is enrolled either.
		{
			key: 'GET /courses/[course]/[module]/assignment',
			path: '/en/courses/outreach/planning-outreach/assignment',
			expect: users(200)
		},
		{
			key: 'POST /courses/[course]/[module]/assignment?/submit',
			path: '/en/courses/outreach/planning-outreach/assignment?/submit',
			fields: [['text', 'not enrolled']],
			expect: users(403)
		},
		// An assignment's template (the outreach plan), printed in the reader's language: signed-in people.
		{
			key: 'GET /courses/[course]/[module]/assignment/template.pdf',
			path: '/sq/courses/outreach/planning-outreach/assignment/template.pdf',
			expect: r({ status: 303, to: /^\/sq\/signin\?next=/ }, 200, 200, 200, 200, 200, 200)
		},
		{
			key: 'GET /courses/[course]/[module]/assignment/template.pdf',
			path: `/en/courses/${c.slug}/${m1.slug}/assignment/template.pdf`,
			expect: users(404)
		},
		{
			key: 'GET /courses/[course]/[module]/assignment/template.md',
			path: '/en/courses/outreach/volunteer-network/assignment/template.md',
			expect: users(200)
		},
		{ key: 'GET /submissions/[id]/file', path: `/en/submissions/${UNKNOWN}/file`, expect: users(404) },
		{ key: 'GET /courses/[course]/[module]/quiz', path: quizPath(c, 0), expect: users(200) },
		{ key: 'GET /courses/[course]/[module]/quiz', path: quizPath(c, 1), expect: users(to(303, lockedCourse)) },
		{
			key: 'GET /courses/[course]/[module]/quiz',
			path: `/en/courses/${c.slug}/no-such-module/quiz`,
			expect: users(404)
		},
		{ key: 'POST /courses/[course]/[module]/quiz', path: quizPath(c, 0), fields: [], expect: users(400) },
		{
			key: 'POST /courses/[course]/[module]/quiz',
			path: quizPath(c, 0),
			fields: [
				['submission', 'a'.repeat(32)],
				['version', '0']
			],
			expect: r(S, 403, 409, 409, 409, 409, 409),
			note: 'passed already (403) or an old version (409)'
		},
		{
			key: 'POST /courses/[course]/[module]/quiz',
			path: quizPath(c, 1),
			fields: [
				['submission', 'b'.repeat(32)],
				['version', '0']
			],
			expect: users(403),
			note: 'a locked quiz',
			chain: 'module2'
		},
		// Only the certified learner may go on to module 2 (after the quiz posts above: it opens its quiz).
		{
			key: 'POST /courses/[course]/[module]/[lesson]?/complete',
			path: `${lessonPath(c, 1)}?/complete`,
			expect: r(
				S,
				to(303, inCourse),
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse),
				to(303, lockedCourse)
			),
			chain: 'module2'
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 0, w.attempts.learnerPassed),
			expect: r(S, 200, 404, 404, 404, 404, 404),
			note: "IDOR: the learner's own attempt only"
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 0, w.attempts.learnerFailed),
			expect: r(S, 200, 404, 404, 404, 404, 404)
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 0, w.attempts.learner2),
			expect: r(S, 404, 200, 404, 404, 404, 404),
			note: "IDOR: learner2's attempt"
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 1, w.attempts.learnerPassed),
			expect: users(404),
			note: 'an attempt under another module'
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 0, UNKNOWN),
			expect: users(404)
		},
		{
			key: 'GET /courses/[course]/[module]/quiz/attempts/[attempt]',
			path: attemptPath(c, 0, '1 OR 1=1'),
			expect: users(404)
		},

		// Cohorts and invitations
		{ key: 'GET /join/[token]', path: `/en/join/${w.cohorts.join.token}`, expect: all(200) },
		{ key: 'GET /join/[token]', path: '/en/join/not-a-real-invitation', expect: all(404) },
		{ key: 'POST /join/[token]', path: `/en/join/${w.cohorts.join.token}`, expect: users(to(303, coursePath(c))) },
		{ key: 'POST /join/[token]', path: '/en/join/not-a-real-invitation', expect: users(404) },
		{ key: 'GET /cohorts', path: '/en/cohorts', expect: r(S, 403, 403, 200, 200, 200, 200) },
		{ key: 'GET /cohorts/new', path: '/en/cohorts/new', expect: coordination(200) },
		{ key: 'POST /cohorts/new?/save', path: '/en/cohorts/new?/save', fields: [], expect: coordination(400) },
		{ key: 'GET /cohorts/[id]', path: cohort(taught), expect: taughtCohort(200) },
		{
			key: 'GET /cohorts/[id]',
			path: cohort(other),
			expect: untaughtCohort(200),
			note: 'IDOR: a trainer opening a cohort they do not teach'
		},
		{ key: 'GET /cohorts/[id]', path: `/en/cohorts/${UNKNOWN}`, expect: r(S, 403, 403, 404, 404, 404, 404) },
		{ key: 'GET /cohorts/[id]', path: '/en/cohorts/abc', expect: r(S, 403, 403, 404, 404, 404, 404) },
		{ key: 'GET /cohorts/[id]/insight', path: cohort(taught, '/insight'), expect: taughtCohort(200) },
		{ key: 'GET /cohorts/[id]/insight', path: cohort(other, '/insight'), expect: untaughtCohort(200) },
		{ key: 'GET /cohorts/[id]/export/[kind]', path: cohort(taught, '/export/matrix'), expect: taughtCohort(200) },
		{ key: 'GET /cohorts/[id]/export/[kind]', path: cohort(taught, '/export/quiz'), expect: taughtCohort(200) },
		{ key: 'GET /cohorts/[id]/export/[kind]', path: cohort(other, '/export/matrix'), expect: untaughtCohort(200) },
		{ key: 'GET /cohorts/[id]/export/[kind]', path: cohort(other, '/export/quiz'), expect: untaughtCohort(200) },
		{
			key: 'GET /cohorts/[id]/export/[kind]',
			path: cohort(taught, '/export/users'),
			expect: r(S, 403, 403, 404, 403, 404, 404)
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]',
			path: cohort(taught, `/learners/${w.ids.learner}`),
			expect: taughtCohort(200)
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]',
			path: cohort(taught, `/learners/${w.ids.learner2}`),
			expect: r(S, 403, 403, 404, 403, 404, 404),
			note: 'IDOR: a learner who is not in the cohort'
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]',
			path: cohort(other, `/learners/${w.ids.learner}`),
			expect: r(S, 403, 403, 403, 403, 404, 404)
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]',
			path: cohort(taught, `/learners/${UNKNOWN}`),
			expect: r(S, 403, 403, 404, 403, 404, 404)
		},
		{
			key: 'GET /cohorts/[id]/edit',
			path: cohort(taught, '/edit'),
			expect: untaughtCohort(200),
			note: 'trainers read, only coordinators change'
		},
		{
			key: 'POST /cohorts/[id]/edit?/save',
			path: cohort(taught, '/edit?/save'),
			fields: [],
			expect: untaughtCohort(400)
		},
		{
			key: 'POST /cohorts/[id]/edit?/save',
			path: `/en/cohorts/${UNKNOWN}/edit?/save`,
			fields: [],
			expect: r(S, 403, 403, 404, 404, 404, 404)
		},
		{
			key: 'POST /cohorts/[id]/edit?/archive',
			path: cohort(w.cohorts.archive, '/edit?/archive'),
			expect: untaughtCohort(to(303, cohort(w.cohorts.archive))),
			note: 'archived by the coordinator, restored by the admin'
		},
		{ key: 'GET /cohorts/[id]/members', path: cohort(taught, '/members'), expect: untaughtCohort(200) },
		{
			key: 'POST /cohorts/[id]/members?/add',
			path: cohort(taught, '/members?/add'),
			fields: [],
			expect: untaughtCohort(400)
		},
		{
			key: 'POST /cohorts/[id]/members?/add',
			path: cohort(other, '/members?/add'),
			fields: [['user', String(w.ids.learner2)]],
			expect: r(
				S,
				403,
				403,
				403,
				403,
				done(cohort(other, '/members'), 'added', '&count=1'),
				done(cohort(other, '/members'), 'added', '&count=0')
			),
			note: 'a learner cannot add themself (the coordinator adds, the admin finds them there)'
		},
		{
			key: 'POST /cohorts/[id]/members?/preview',
			path: cohort(taught, '/members?/preview'),
			fields: [],
			expect: untaughtCohort(400)
		},
		{
			key: 'POST /cohorts/[id]/members?/confirm',
			path: cohort(taught, '/members?/confirm'),
			fields: [],
			expect: untaughtCohort(400)
		},

		// Coordinating organisations and certificates
		{ key: 'GET /coordinate', path: '/en/coordinate', expect: coordination(200) },
		{ key: 'GET /coordinate/network', path: '/en/coordinate/network', expect: coordination(200) },
		{
			key: 'GET /coordinate/network/export.csv',
			path: '/en/coordinate/network/export.csv',
			expect: coordination(200)
		},
		// Programme results (issue 19): the report's downloads, live and frozen.
		...(['csv', 'pdf'] as const).flatMap((format): MatrixCase[] => [
			{
				key: `GET /coordinate/indicators/report.${format}`,
				path: `/en/coordinate/indicators/report.${format}?from=2025-01-01&to=2025-01-31`,
				expect: coordination(200)
			},
			{
				key: `GET /coordinate/indicators/report.${format}`,
				path: `/en/coordinate/indicators/report.${format}?from=2025-02-30`,
				expect: coordination(400),
				note: 'a day that does not exist'
			},
			{
				key: `GET /coordinate/indicators/snapshots/[id]/report.${format}`,
				path: `/en/coordinate/indicators/snapshots/${indicatorSnapshot}/report.${format}`,
				expect: coordination(200)
			},
			{
				key: `GET /coordinate/indicators/snapshots/[id]/report.${format}`,
				path: `/en/coordinate/indicators/snapshots/999999999/report.${format}`,
				expect: coordination(404),
				note: 'an unknown snapshot'
			},
			{
				key: `GET /coordinate/indicators/snapshots/[id]/report.${format}`,
				path: `/en/coordinate/indicators/snapshots/abc/report.${format}`,
				expect: coordination(404),
				note: 'not an id'
			}
		]),

		// Programme results (issue 19): the report, freezing it, the frozen reports
		{ key: 'GET /coordinate/indicators', path: '/en/coordinate/indicators', expect: coordination(200) },
		{
			key: 'GET /coordinate/indicators',
			path: '/en/coordinate/indicators?from=2026-13-45&to=x&course=%3Cscript%3E&cohort=-1',
			expect: coordination(200),
			note: 'bad filters: the form again with a message per field, never an error'
		},
		{
			key: 'POST /coordinate/indicators?/freeze',
			path: '/en/coordinate/indicators?/freeze',
			fields: [['title', '']],
			expect: coordination(400)
		},
		{
			key: 'POST /coordinate/indicators?/freeze',
			path: '/en/coordinate/indicators?from=2026-03-31&to=2026-01-01&/freeze',
			fields: [['title', 'Matrix freeze']],
			expect: coordination(400),
			note: 'filters that cannot be used freeze nothing'
		},
		{
			key: 'POST /coordinate/indicators?/freeze',
			path: '/en/coordinate/indicators?from=2026-01-01&/freeze',
			fields: [['title', `Matrix freeze ${w.tag}`]],
			expect: coordination(to(303, /^\/en\/coordinate\/indicators\/snapshots\/\d+\?done=frozen$/))
		},
		{
			key: 'GET /coordinate/indicators/snapshots',
			path: '/en/coordinate/indicators/snapshots',
			expect: coordination(200)
		},
		{
			key: 'GET /coordinate/indicators/snapshots/[id]',
			path: `/en/coordinate/indicators/snapshots/${snapshot}`,
			expect: coordination(200)
		},
		{
			key: 'GET /coordinate/indicators/snapshots/[id]',
			path: `/en/coordinate/indicators/snapshots/${UNKNOWN}`,
			expect: coordination(404)
		},
		{
			key: 'GET /coordinate/indicators/snapshots/[id]',
			path: '/en/coordinate/indicators/snapshots/abc',
			expect: coordination(404)
		},
		{
			key: 'POST /coordinate?/approve',
			path: '/en/coordinate?/approve',
			fields: [
				['course', c.slug],
				['organisation', String(w.orgS.id)]
			],
			expect: coordination(409),
			note: 'an organisation that is not eligible'
		},
		{
			key: 'POST /coordinate?/approve',
			path: '/en/coordinate?/approve',
			fields: [
				['course', 'no-such-course'],
				['organisation', String(w.orgS.id)]
			],
			expect: coordination(404)
		},
		{
			key: 'POST /coordinate?/decline',
			path: '/en/coordinate?/decline',
			fields: [
				['course', c.slug],
				['organisation', String(w.orgS.id)],
				['note', '']
			],
			expect: coordination(400)
		},
		{
			key: 'POST /coordinate?/confirmMember',
			path: '/en/coordinate?/confirmMember',
			fields: [
				['user', String(w.ids.target)],
				['organisation', String(w.orgS.id)]
			],
			expect: coordination(404)
		},
		{
			key: 'POST /coordinate?/declineMember',
			path: '/en/coordinate?/declineMember',
			fields: [
				['user', String(w.ids.target)],
				['organisation', String(w.orgS.id)]
			],
			expect: coordination(404)
		},
		{ key: 'GET /coordinate/certificates', path: '/en/coordinate/certificates', expect: coordination(200) },
		{
			key: 'POST /coordinate/certificates?/revoke',
			path: '/en/coordinate/certificates?/revoke',
			fields: [
				['code', w.code],
				['reason', '']
			],
			expect: coordination(400),
			note: 'a learner revoking a certificate'
		},
		{
			key: 'POST /coordinate/certificates?/revoke',
			path: '/en/coordinate/certificates?/revoke',
			fields: [
				['code', 'AAAA-BBBB-CCCC'],
				['reason', 'Test']
			],
			expect: coordination(404)
		},

		// The portal: calendar and feed (issue 18)
		{ key: 'GET /calendar', path: '/en/calendar?kind=cso-event&municipality=zvecan', expect: all(200) },
		{ key: 'GET /calendar/[id]', path: `/en/calendar/${w.events.orgA}`, expect: all(200) },
		{ key: 'GET /calendar/[id]', path: `/en/calendar/${UNKNOWN}`, expect: all(404) },
		{ key: 'GET /calendar/[id]', path: '/en/calendar/abc', expect: all(404) },
		{
			key: 'GET /calendar/[id]/calendar.ics',
			path: `/en/calendar/${w.events.official}/calendar.ics`,
			expect: all(200)
		},
		{ key: 'GET /calendar/[id]/calendar.ics', path: `/en/calendar/${UNKNOWN}/calendar.ics`, expect: all(404) },
		{ key: 'GET /feed.xml', path: '/en/feed.xml', expect: all(200) },
		{
			key: 'GET /calendar/new',
			path: '/en/calendar/new',
			expect: r(S, 200, 200, 403, 403, 200, 200),
			note: 'confirmed members of an organisation, coordinators, admins'
		},
		{ key: 'POST /calendar/new', path: '/en/calendar/new', fields: [], expect: r(S, 400, 400, 403, 403, 400, 400) },
		{
			key: 'GET /calendar/[id]/edit',
			path: `/en/calendar/${w.events.orgA}/edit`,
			expect: r(S, 200, 403, 403, 403, 200, 200),
			note: "IDOR: a member of org B editing org A's entry"
		},
		{
			key: 'GET /calendar/[id]/edit',
			path: `/en/calendar/${w.events.official}/edit`,
			expect: r(S, 403, 403, 403, 403, 200, 200)
		},
		{ key: 'GET /calendar/[id]/edit', path: `/en/calendar/${UNKNOWN}/edit`, expect: users(404) },
		{
			key: 'POST /calendar/[id]/edit',
			path: `/en/calendar/${w.events.orgA}/edit`,
			fields: [],
			expect: r(S, 400, 403, 403, 403, 400, 400)
		},
		{
			key: 'POST /calendar/[id]?/attend',
			path: `/en/calendar/${w.events.official}?/attend`,
			fields: [['going', 'yes']],
			expect: users(to(303, new RegExp(`^/en/calendar/${w.events.official}\\?done=attending$`)))
		},
		{
			key: 'POST /calendar/[id]?/attend',
			path: `/en/calendar/${w.events.official}?/attend`,
			fields: [],
			expect: users(400),
			note: 'the form says which state it wants (going=yes|no)'
		},
		{
			key: 'POST /calendar/[id]?/attend',
			path: `/en/calendar/${UNKNOWN}?/attend`,
			fields: [['going', 'yes']],
			expect: users(404)
		},
		{
			key: 'POST /calendar/[id]?/cancel',
			path: `/en/calendar/${w.events.toCancel}?/cancel`,
			expect: r(
				S,
				done(`/en/calendar/${w.events.toCancel}`, 'cancelled'),
				403,
				403,
				403,
				done(`/en/calendar/${w.events.toCancel}`, 'cancelled'),
				done(`/en/calendar/${w.events.toCancel}`, 'cancelled')
			),
			note: 'the organisation and coordinators; cancelling twice changes nothing'
		},
		{ key: 'POST /calendar/[id]?/cancel', path: `/en/calendar/${UNKNOWN}?/cancel`, expect: users(404) },
		// Calls for volunteers (issue 18): a closed call of org A, posted by the learner (a member of org A)
		{ key: 'GET /calls', path: '/en/calls?skill=it&page=2', expect: all(200) },
		{
			key: 'GET /calls/[id]',
			path: `/en/calls/${volunteerCall}`,
			expect: r(404, 200, 404, 404, 404, 200, 200),
			note: 'not open: members of the organisation, coordinators and admins only'
		},
		{ key: 'GET /calls/[id]', path: `/en/calls/${UNKNOWN}`, expect: all(404) },
		{ key: 'GET /calls/[id]', path: '/en/calls/abc', expect: all(404) },
		{
			key: 'GET /organisations/[slug]/calls',
			path: `/en/organisations/${w.orgA.slug}/calls`,
			expect: r(S, 200, 403, 403, 403, 200, 200)
		},
		{
			key: 'GET /organisations/[slug]/calls',
			path: '/en/organisations/no-such-organisation/calls',
			expect: users(404)
		},
		{
			key: 'POST /organisations/[slug]/calls?/close',
			path: `/en/organisations/${w.orgA.slug}/calls?/close`,
			fields: [['call', String(volunteerCall)]],
			expect: r(S, 409, 403, 403, 403, 409, 409),
			note: 'already closed'
		},
		{
			key: 'POST /organisations/[slug]/calls?/close',
			path: `/en/organisations/${w.orgB.slug}/calls?/close`,
			fields: [['call', String(volunteerCall)]],
			expect: r(S, 403, 404, 403, 403, 404, 404),
			note: "IDOR: org A's call under org B"
		},
		{
			key: 'GET /organisations/[slug]/calls/new',
			path: `/en/organisations/${w.orgA.slug}/calls/new`,
			expect: r(S, 200, 403, 403, 403, 200, 200),
			note: 'confirmed members of the organisation, coordinators, admins'
		},
		{
			key: 'POST /organisations/[slug]/calls/new',
			path: `/en/organisations/${w.orgA.slug}/calls/new`,
			fields: [['more', '4']],
			expect: r(S, 200, 403, 403, 403, 200, 200),
			note: '"Add a shift row": the form again, nothing saved'
		},
		{
			key: 'GET /organisations/[slug]/calls/[id]/edit',
			path: `/en/organisations/${w.orgA.slug}/calls/${volunteerCall}/edit`,
			expect: r(S, 200, 403, 403, 403, 200, 200)
		},
		{
			key: 'GET /organisations/[slug]/calls/[id]/edit',
			path: `/en/organisations/${w.orgB.slug}/calls/${volunteerCall}/edit`,
			expect: r(S, 403, 404, 403, 403, 404, 404),
			note: "IDOR: org A's call under org B"
		},
		{
			key: 'GET /organisations/[slug]/calls/[id]/edit',
			path: `/en/organisations/${w.orgA.slug}/calls/${UNKNOWN}/edit`,
			expect: r(S, 404, 403, 403, 403, 404, 404)
		},
		{
			key: 'POST /organisations/[slug]/calls/[id]/edit',
			path: `/en/organisations/${w.orgA.slug}/calls/${volunteerCall}/edit`,
			fields: [['title', 'Taken over']],
			expect: r(S, 409, 403, 403, 403, 409, 409),
			note: 'a closed call cannot be changed'
		},
		{
			key: 'POST /organisations/[slug]/calls/[id]/edit',
			path: `/en/organisations/${w.orgB.slug}/calls/${volunteerCall}/edit`,
			fields: [['title', 'Taken over']],
			expect: r(S, 403, 404, 403, 403, 404, 404),
			note: "IDOR: org A's call under org B"
		},
		{ key: 'GET /coordinate/calls', path: '/en/coordinate/calls', expect: coordination(200) },
		{
			key: 'POST /coordinate/calls?/approve',
			path: '/en/coordinate/calls?/approve',
			fields: [['call', String(volunteerCall)]],
			expect: coordination(409),
			note: 'closed, not pending'
		},
		{
			key: 'POST /coordinate/calls?/approve',
			path: '/en/coordinate/calls?/approve',
			fields: [['call', UNKNOWN]],
			expect: coordination(404)
		},
		{
			key: 'POST /coordinate/calls?/decline',
			path: '/en/coordinate/calls?/decline',
			fields: [
				['call', String(volunteerCall)],
				['note', 'No']
			],
			expect: coordination(409)
		},

		// Organisation profiles
		{
			key: 'GET /organisations/[slug]/edit',
			path: `/en/organisations/${w.orgA.slug}/edit`,
			expect: r(S, 200, 403, 403, 403, 200, 200),
			note: 'IDOR: only members of the organisation'
		},
		{
			key: 'GET /organisations/[slug]/edit',
			path: `/en/organisations/${w.orgB.slug}/edit`,
			expect: r(S, 403, 200, 403, 403, 200, 200)
		},
		{ key: 'GET /organisations/[slug]/edit', path: '/en/organisations/no-such-organisation/edit', expect: users(404) },
		{
			key: 'POST /organisations/[slug]?/confirmMember',
			path: `/en/organisations/${w.orgA.slug}?/confirmMember`,
			fields: [['user', String(w.ids.target)]],
			expect: r(S, 404, 403, 403, 403, 404, 404),
			note: 'confirmed members of the organisation, coordinators, admins; no such request here'
		},
		{
			key: 'POST /organisations/[slug]?/confirmMember',
			path: '/en/organisations/no-such-organisation?/confirmMember',
			fields: [['user', String(w.ids.target)]],
			expect: users(404)
		},
		{
			key: 'POST /organisations/[slug]?/declineMember',
			path: `/en/organisations/${w.orgB.slug}?/declineMember`,
			fields: [['user', String(w.ids.target)]],
			expect: r(S, 403, 404, 403, 403, 404, 404),
			note: 'IDOR: a member of org A deciding for org B'
		},
		{
			key: 'POST /organisations/[slug]/edit',
			path: `/en/organisations/${w.orgA.slug}/edit`,
			fields: [],
			expect: r(S, 400, 403, 403, 403, 400, 400),
			note: "IDOR: a member of org B editing org A's profile"
		},
		{
			key: 'POST /organisations/[slug]/edit',
			path: `/en/organisations/${w.orgB.slug}/edit`,
			fields: [],
			expect: r(S, 403, 400, 403, 403, 400, 400)
		},

		// Volunteer staffing and hours (issue 18): org A's call; the application is withdrawn, so a
		// member's decision is refused with a message (400) and nothing changes.
		{
			key: 'GET /organisations/[slug]/calls/[id]/applicants',
			path: `/en/organisations/${w.orgA.slug}/calls/${w.staffing.callId}/applicants`,
			expect: r(S, 200, 403, 403, 403, 200, 200),
			note: 'members of the organisation; coordinators and admins look without contact details'
		},
		{
			key: 'GET /organisations/[slug]/calls/[id]/applicants',
			path: `/en/organisations/${w.orgB.slug}/calls/${w.staffing.callId}/applicants`,
			expect: users(404),
			note: "IDOR: org A's call under org B's address"
		},
		...(['accept', 'decline', 'came', 'absent'] as const).map((action) => ({
			key: `POST /organisations/[slug]/calls/[id]/applicants?/${action}`,
			path: `/en/organisations/${w.orgA.slug}/calls/${w.staffing.callId}/applicants?/${action}`,
			fields: [['application', String(w.staffing.withdrawn)]] as Fields,
			expect: r(S, 400, 403, 403, 403, 403, 403),
			note: 'only confirmed members decide'
		})),
		{
			key: 'GET /organisations/[slug]/hours',
			path: `/en/organisations/${w.orgA.slug}/hours`,
			expect: r(S, 200, 403, 403, 403, 403, 403),
			note: 'members of the organisation only'
		},
		{
			key: 'GET /organisations/[slug]/hours',
			path: '/en/organisations/no-such-organisation/hours',
			expect: users(404)
		},
		...(['confirm', 'reject'] as const).map((action) => ({
			key: `POST /organisations/[slug]/hours?/${action}`,
			path: `/en/organisations/${w.orgA.slug}/hours?/${action}`,
			fields: [['hours', '999999999']] as Fields,
			expect: r(S, 404, 403, 403, 403, 403, 403)
		})),
		{ key: 'GET /volunteer/hours', path: '/en/volunteer/hours', expect: users(200) },
		{ key: 'POST /volunteer/hours?/log', path: '/en/volunteer/hours?/log', fields: [], expect: users(400) },
		{
			key: 'GET /volunteer/shifts/[application]/calendar.ics',
			path: `/en/volunteer/shifts/${w.staffing.withdrawn}/calendar.ics`,
			expect: users(404),
			note: "another person's shift, and not an accepted one"
		},

		// Administration
		{ key: 'GET /admin', path: '/en/admin', expect: adminOnly(to(303, '/en/admin/users')) },
		{ key: 'GET /admin/users', path: '/en/admin/users', expect: adminOnly(200) },
		{ key: 'GET /admin/users/[id]', path: `/en/admin/users/${w.ids.target}`, expect: adminOnly(200) },
		{ key: 'GET /admin/users/[id]', path: `/en/admin/users/${UNKNOWN}`, expect: adminOnly(404) },
		{ key: 'GET /admin/users/[id]', path: '/en/admin/users/-1', expect: adminOnly(404) },
		{
			key: 'POST /admin/users/[id]?/role',
			path: `/en/admin/users/${w.ids.target}?/role`,
			fields: [['role', 'superuser']],
			expect: adminOnly(400)
		},
		{
			key: 'POST /admin/users/[id]?/role',
			path: `/en/admin/users/${w.ids.learner}?/role`,
			fields: [['role', 'learner']],
			expect: adminOnly(done(`/en/admin/users/${w.ids.learner}`, 'saved')),
			note: 'a learner changing their own role'
		},
		{
			key: 'POST /admin/users/[id]?/role',
			path: `/en/admin/users/${w.ids.admin}?/role`,
			fields: [['role', 'learner']],
			expect: adminOnly(400),
			note: 'the admin cannot demote themself'
		},
		{
			key: 'POST /admin/users/[id]?/organisation',
			path: `/en/admin/users/${w.ids.target}?/organisation`,
			fields: [['organisation', UNKNOWN]],
			expect: adminOnly(400)
		},
		{
			key: 'POST /admin/users/[id]?/deactivate',
			path: `/en/admin/users/${w.ids.target}?/deactivate`,
			expect: adminOnly(done(`/en/admin/users/${w.ids.target}`, 'deactivated')),
			chain: 'target'
		},
		{
			key: 'POST /admin/users/[id]?/deactivate',
			path: `/en/admin/users/${w.ids.admin}?/deactivate`,
			expect: adminOnly(400),
			note: 'not oneself'
		},
		{
			key: 'POST /admin/users/[id]?/deactivate',
			path: `/en/admin/users/${UNKNOWN}?/deactivate`,
			expect: adminOnly(404)
		},
		{
			key: 'POST /admin/users/[id]?/reactivate',
			path: `/en/admin/users/${w.ids.target}?/reactivate`,
			expect: adminOnly(done(`/en/admin/users/${w.ids.target}`, 'reactivated')),
			chain: 'target'
		},
		{ key: 'GET /admin/users/new', path: '/en/admin/users/new', expect: adminOnly(200) },
		{ key: 'POST /admin/users/new', path: '/en/admin/users/new', fields: [], expect: adminOnly(400) },
		{
			key: 'POST /admin/users/[id]?/details',
			path: `/en/admin/users/${w.ids.target}?/details`,
			fields: [['name', '']],
			expect: adminOnly(400)
		},
		{
			key: 'POST /admin/users/[id]?/details',
			path: `/en/admin/users/${UNKNOWN}?/details`,
			fields: [['name', 'Nobody']],
			expect: adminOnly(404)
		},
		{ key: 'POST /admin/users/[id]?/password', path: `/en/admin/users/${UNKNOWN}?/password`, expect: adminOnly(404) },
		{
			key: 'GET /admin/users/[id]/deactivate',
			path: `/en/admin/users/${w.ids.target}/deactivate`,
			expect: adminOnly(200)
		},
		{ key: 'GET /admin/users/[id]/deactivate', path: `/en/admin/users/${UNKNOWN}/deactivate`, expect: adminOnly(404) },
		{ key: 'GET /admin/users/[id]/delete', path: `/en/admin/users/${w.ids.target}/delete`, expect: adminOnly(200) },
		{ key: 'GET /admin/users/[id]/delete', path: `/en/admin/users/${UNKNOWN}/delete`, expect: adminOnly(404) },
		{
			key: 'POST /admin/users/[id]/delete',
			path: `/en/admin/users/${w.ids.admin}/delete`,
			expect: adminOnly(400),
			note: 'not oneself'
		},
		{ key: 'POST /admin/users/[id]/delete', path: `/en/admin/users/${UNKNOWN}/delete`, expect: adminOnly(404) },
		{
			key: 'GET /admin/audit/export.csv',
			path: '/en/admin/audit/export.csv?action=role_changed',
			expect: adminOnly(200)
		},
		{ key: 'GET /admin/audit', path: '/en/admin/audit', expect: adminOnly(200) },
		{ key: 'GET /admin/audit', path: '/en/admin/audit?page=-1', expect: adminOnly(200) },
		{ key: 'GET /admin/organisations', path: '/en/admin/organisations', expect: adminOnly(200) },
		{ key: 'GET /admin/organisations/new', path: '/en/admin/organisations/new', expect: adminOnly(200) },
		{ key: 'POST /admin/organisations/new', path: '/en/admin/organisations/new', fields: [], expect: adminOnly(400) },
		{ key: 'GET /admin/organisations/[id]', path: `/en/admin/organisations/${w.orgA.id}`, expect: adminOnly(200) },
		{ key: 'GET /admin/organisations/[id]', path: `/en/admin/organisations/${UNKNOWN}`, expect: adminOnly(404) },
		{
			key: 'POST /admin/organisations/[id]',
			path: `/en/admin/organisations/${w.orgS.id}`,
			fields: [],
			expect: adminOnly(400)
		},
		{
			key: 'POST /admin/organisations/[id]',
			path: `/en/admin/organisations/${UNKNOWN}`,
			fields: [['name', 'Nobody']],
			expect: adminOnly(404)
		},

		// Authoring
		{ key: 'GET /teach', path: '/en/teach', expect: authoring(200, 200) },
		{
			key: 'POST /teach?/createCourse',
			path: '/en/teach?/createCourse',
			fields: [['title', '']],
			expect: authoring(400, 400)
		},
		{
			key: 'POST /teach?/createModule',
			path: '/en/teach?/createModule',
			fields: [
				['course', String(c.id)],
				['title', '']
			],
			expect: authoring(400),
			note: 'IDOR: trainer2 does not author the course'
		},
		{
			key: 'POST /teach?/createModule',
			path: '/en/teach?/createModule',
			fields: [
				['course', UNKNOWN],
				['title', 'X']
			],
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach?/createLesson',
			path: '/en/teach?/createLesson',
			fields: [
				['module', String(m1.id)],
				['title', '']
			],
			expect: authoring(400)
		},
		{
			key: 'POST /teach?/move',
			path: '/en/teach?/move',
			fields: [
				['kind', 'lesson'],
				['id', String(m1.lessonId)],
				['direction', 'up']
			],
			expect: authoring(400),
			note: 'the first lesson goes no further up: refused after the author check'
		},
		{
			key: 'POST /teach?/move',
			path: '/en/teach?/move',
			fields: [
				['kind', 'module'],
				['id', UNKNOWN],
				['direction', 'up']
			],
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach?/assign',
			path: '/en/teach?/assign',
			fields: [
				['course', String(c.id)],
				['trainer', String(w.ids.trainer)]
			],
			expect: adminOnly(done('/en/teach', 'saved')),
			note: 'trainers cannot make authors'
		},
		{ key: 'POST /teach?/import', path: '/en/teach?/import', fields: [], expect: authoring(400, 400) },
		{ key: 'GET /teach/courses/[id]/export', path: `/teach/courses/${c.id}/export`, expect: authoring(200) },
		{ key: 'GET /teach/courses/[id]/export', path: `/teach/courses/${UNKNOWN}/export`, expect: authoring(404, 404) },
		{ key: 'GET /teach/courses/[id]/insight', path: `/en/teach/courses/${c.id}/insight`, expect: authoring(200) },
		{
			key: 'GET /teach/courses/[id]/insight',
			path: `/en/teach/courses/${UNKNOWN}/insight`,
			expect: authoring(404, 404)
		},
		// The assignment editor: the tiny course's module has no assignment; nothing here creates one.
		{
			key: 'GET /teach/modules/[id]/assignment',
			path: `/en/teach/modules/${m1.id}/assignment`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/modules/[id]/assignment',
			path: `/en/teach/modules/${UNKNOWN}/assignment`,
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/modules/[id]/assignment?/save',
			path: `/en/teach/modules/${m1.id}/assignment?/save`,
			fields: [
				['title', ''],
				['revision', '-1']
			],
			expect: authoring(400),
			note: 'no title: the form again'
		},
		{
			key: 'POST /teach/modules/[id]/assignment?/save',
			path: `/en/teach/modules/${m1.id}/assignment?/save`,
			fields: [
				['title', 'Stale'],
				['body', 'Instructions'],
				['accepts_text', 'on'],
				['criteria', '1'],
				['c0-title', 'Done'],
				['c0-l0-label', 'No'],
				['c0-l0-points', '0'],
				['c0-l1-label', 'Yes'],
				['c0-l1-points', '1'],
				['revision', '7']
			],
			expect: authoring(409),
			note: 'a revision the assignment never had: nothing written'
		},
		{
			key: 'POST /teach/modules/[id]/assignment?/save',
			path: `/en/teach/modules/${UNKNOWN}/assignment?/save`,
			fields: [['revision', '-1']],
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/modules/[id]/assignment?/remove',
			path: `/en/teach/modules/${m1.id}/assignment?/remove`,
			fields: [['revision', '0']],
			expect: authoring(404),
			note: 'no assignment to remove'
		},
		{ key: 'GET /teach/texts/[kind]/[id]', path: `/en/teach/texts/course/${c.id}`, expect: authoring(200) },
		{ key: 'GET /teach/texts/[kind]/[id]', path: `/en/teach/texts/module/${m1.id}`, expect: authoring(200) },
		{ key: 'GET /teach/texts/[kind]/[id]', path: `/en/teach/texts/lesson/${m1.id}`, expect: authoring(404, 404) },
		{
			key: 'POST /teach/texts/[kind]/[id]?/save',
			path: `/en/teach/texts/course/${c.id}?/save`,
			fields: [
				['title', ''],
				['revision', '-1']
			],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/save',
			path: `/en/teach/texts/module/${m1.id}?/save`,
			fields: [
				['title', 'Stale'],
				['revision', '-1']
			],
			expect: authoring(409),
			note: 'an old revision: nothing overwritten'
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/save',
			path: `/en/teach/texts/module/${UNKNOWN}?/save`,
			fields: [
				['title', 'X'],
				['revision', '0']
			],
			expect: authoring(404, 404)
		},
		// A module's exercise time: its authors and the admin; a bad value or a course is refused.
		{
			key: 'POST /teach/texts/[kind]/[id]?/exerciseTime',
			path: `/en/teach/texts/module/${m1.id}?/exerciseTime`,
			fields: [['exercise_minutes', '30']],
			expect: authoring(to(303, `/en/teach/texts/module/${m1.id}?locale=en&time=1`))
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/exerciseTime',
			path: `/en/teach/texts/module/${m1.id}?/exerciseTime`,
			fields: [['exercise_minutes', 'an hour']],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/exerciseTime',
			path: `/en/teach/texts/course/${c.id}?/exerciseTime`,
			fields: [['exercise_minutes', '30']],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/publish',
			path: `/en/teach/texts/module/${m1.id}?/publish`,
			fields: [['revision', '-1']],
			expect: authoring(400),
			note: 'no drafts to publish'
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/markCurrent',
			path: `/en/teach/texts/module/${m1.id}?/markCurrent`,
			fields: [['locale', 'en']],
			expect: authoring(400),
			note: 'English is no translation to mark current'
		},
		{
			key: 'POST /teach/texts/[kind]/[id]?/markCurrent',
			path: `/en/teach/texts/course/${UNKNOWN}?/markCurrent`,
			fields: [['locale', 'sq']],
			expect: authoring(404, 404)
		},
		{
			key: 'GET /teach/texts/[kind]/[id]/history',
			path: `/en/teach/texts/module/${m1.id}/history`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/texts/[kind]/[id]/history',
			path: `/en/teach/texts/course/${c.id}/history`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/texts/[kind]/[id]/history',
			path: `/en/teach/texts/course/${UNKNOWN}/history`,
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/texts/[kind]/[id]/history?/restore',
			path: `/en/teach/texts/course/${c.id}/history?/restore`,
			fields: [
				['version', UNKNOWN],
				['revision', '-1']
			],
			expect: authoring(404)
		},
		// Trainer packs: the page for the course's trainers; the PDF also for coordinators. The tiny
		// course has no session plan (404 to those who may ask); the outreach course has, and its
		// trainers here are only the admin (the matrix trainer teaches the tiny course alone).
		{ key: 'GET /teach/courses/[id]/pack', path: `/en/teach/courses/${c.id}/pack`, expect: authoring(200) },
		{ key: 'GET /teach/courses/[id]/pack', path: `/en/teach/courses/${UNKNOWN}/pack`, expect: authoring(404, 404) },
		{
			key: 'GET /teach/courses/[id]/pack/[module]',
			path: `/teach/courses/${outreachId}/pack/local-decisions?lang=sr-Cyrl`,
			expect: r(S, 403, 403, 403, 403, 200, 200)
		},
		{
			key: 'GET /teach/courses/[id]/pack/[module]',
			path: `/teach/courses/${c.id}/pack/${m1.slug}?lang=sq`,
			expect: r(S, 403, 403, 404, 403, 404, 404)
		},
		// The review queue: the course's author (who also teaches its cohort) and the admin; another
		// trainer gets a 404, as for a course that does not exist.
		{ key: 'GET /teach/courses/[id]/reviews', path: `/en/teach/courses/${c.id}/reviews`, expect: authoring(200, 404) },
		{
			key: 'GET /teach/courses/[id]/reviews',
			path: `/en/teach/courses/${UNKNOWN}/reviews`,
			expect: authoring(404, 404)
		},
		{ key: 'GET /teach/reviews/[id]', path: `/en/teach/reviews/${UNKNOWN}`, expect: authoring(404, 404) },
		{
			key: 'POST /teach/reviews/[id]',
			path: `/en/teach/reviews/${UNKNOWN}`,
			fields: [['decision', 'accept']],
			expect: authoring(404, 404)
		},
		{ key: 'GET /teach/courses/[id]/preview', path: `/en/teach/courses/${c.id}/preview`, expect: authoring(200) },
		{
			key: 'GET /teach/courses/[id]/preview',
			path: `/en/teach/courses/${c.id}/preview?view=drafts`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/courses/[id]/preview',
			path: `/en/teach/courses/${UNKNOWN}/preview`,
			expect: authoring(404, 404)
		},
		{
			key: 'GET /teach/courses/[id]/preview/[module]/[lesson]',
			path: `/en/teach/courses/${c.id}/preview/${m1.slug}/${m1.lessonSlug}`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/courses/[id]/preview/[module]/[lesson]',
			path: `/en/teach/courses/${c.id}/preview/${c.modules[1].slug}/${c.modules[1].lessonSlug}?view=drafts`,
			expect: authoring(200),
			note: 'locked for learners, open in the preview'
		},
		{
			key: 'GET /teach/courses/[id]/preview/[module]/[lesson]',
			path: `/en/teach/courses/${c.id}/preview/${m1.slug}/no-such-lesson`,
			expect: authoring(404)
		},
		{
			key: 'GET /teach/courses/[id]/preview/[module]/quiz',
			path: `/en/teach/courses/${c.id}/preview/${m1.slug}/quiz`,
			expect: authoring(200)
		},
		{
			key: 'GET /teach/courses/[id]/preview/[module]/quiz',
			path: `/en/teach/courses/${c.id}/preview/no-such-module/quiz`,
			expect: authoring(404)
		},
		{
			key: 'POST /teach/courses/[id]/preview/[module]/quiz',
			path: `/en/teach/courses/${c.id}/preview/${m1.slug}/quiz`,
			fields: [],
			expect: authoring(400),
			note: 'nothing answered'
		},
		{
			key: 'POST /teach/courses/[id]/preview/[module]/quiz',
			path: `/en/teach/courses/${c.id}/preview/${m1.slug}/quiz?view=drafts`,
			fields: [[`q.${QUESTION_ID}`, w.previewRight]],
			expect: authoring(200),
			note: 'graded and shown, never stored'
		},
		{ key: 'GET /teach/lessons/[id]', path: `/en/teach/lessons/${m1.lessonId}`, expect: authoring(200) },
		{ key: 'GET /teach/lessons/[id]', path: `/en/teach/lessons/${UNKNOWN}`, expect: authoring(404, 404) },
		{
			key: 'POST /teach/lessons/[id]?/save',
			path: `/en/teach/lessons/${m1.lessonId}?/save`,
			fields: [
				['title', ''],
				['body', 'x'],
				['revision', '-1']
			],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/lessons/[id]?/preview',
			path: `/en/teach/lessons/${m1.lessonId}?/preview`,
			fields: [
				['title', 'T'],
				['body', '# Hi']
			],
			expect: authoring(200)
		},
		{
			key: 'POST /teach/lessons/[id]/preview',
			path: `/teach/lessons/${m1.lessonId}/preview`,
			fields: [['body', '# Hi']],
			expect: authoring(200),
			note: 'the live preview (JSON)'
		},
		{
			key: 'POST /teach/lessons/[id]/preview',
			path: `/teach/lessons/${UNKNOWN}/preview`,
			fields: [['body', '# Hi']],
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/lessons/[id]?/upload',
			path: `/en/teach/lessons/${m1.lessonId}?/upload`,
			fields: [],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/lessons/[id]?/publish',
			path: `/en/teach/lessons/${m1.lessonId}?/publish`,
			fields: [['revision', '-1']],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/lessons/[id]?/markCurrent',
			path: `/en/teach/lessons/${m1.lessonId}?/markCurrent`,
			fields: [['locale', 'en']],
			expect: authoring(400),
			note: 'English is no translation to mark current'
		},
		{
			key: 'POST /teach/lessons/[id]?/markCurrent',
			path: `/en/teach/lessons/${UNKNOWN}?/markCurrent`,
			fields: [['locale', 'sq']],
			expect: authoring(404, 404)
		},
		{
			key: 'GET /teach/lessons/[id]/history',
			path: `/en/teach/lessons/${m1.lessonId}/history`,
			expect: authoring(200)
		},
		{
			key: 'POST /teach/lessons/[id]/history?/restore',
			path: `/en/teach/lessons/${m1.lessonId}/history?/restore`,
			fields: [
				['version', UNKNOWN],
				['revision', '-1']
			],
			expect: authoring(404)
		},
		{ key: 'GET /teach/quizzes/[id]', path: `/en/teach/quizzes/${m1.quizId}`, expect: authoring(200) },
		{ key: 'GET /teach/quizzes/[id]', path: `/en/teach/quizzes/${UNKNOWN}`, expect: authoring(404, 404) },
		{
			key: 'POST /teach/quizzes/[id]?/add',
			path: `/en/teach/quizzes/${m1.quizId}?/add`,
			fields: [['count', '0']],
			expect: authoring(200)
		},
		{
			key: 'POST /teach/quizzes/[id]?/refresh',
			path: `/en/teach/quizzes/${m1.quizId}?/refresh`,
			fields: [
				['count', '0'],
				['open', '0']
			],
			expect: authoring(200),
			note: 'the form again with the fields of a changed question type; nothing saved'
		},
		{
			key: 'POST /teach/quizzes/[id]?/refresh',
			path: `/en/teach/quizzes/${UNKNOWN}?/refresh`,
			fields: [['count', '0']],
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/quizzes/[id]?/save',
			path: `/en/teach/quizzes/${m1.quizId}?/save`,
			fields: [
				['count', '0'],
				['revision', '-1']
			],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/quizzes/[id]?/publish',
			path: `/en/teach/quizzes/${m1.quizId}?/publish`,
			fields: [['revision', '-1']],
			expect: authoring(400)
		},
		{
			key: 'POST /teach/quizzes/[id]?/markCurrent',
			path: `/en/teach/quizzes/${m1.quizId}?/markCurrent`,
			fields: [['locale', 'en']],
			expect: authoring(400),
			note: 'English is no translation to mark current'
		},
		{
			key: 'POST /teach/quizzes/[id]?/markCurrent',
			path: `/en/teach/quizzes/${UNKNOWN}?/markCurrent`,
			fields: [['locale', 'sq']],
			expect: authoring(404, 404)
		},
		{ key: 'GET /teach/quizzes/[id]/history', path: `/en/teach/quizzes/${m1.quizId}/history`, expect: authoring(200) },
		{
			key: 'POST /teach/quizzes/[id]/history?/restore',
			path: `/en/teach/quizzes/${m1.quizId}/history?/restore`,
			fields: [
				['version', UNKNOWN],
				['revision', '-1']
			],
			expect: authoring(404)
		},

		// Everyday work (issue 20): account details, e-mail confirmation, password reset, course search,
		// course settings, undoing a move, and the coordinator's learner tools and messages
		{
			key: 'POST /account?/name',
			path: '/en/account?/name',
			fields: [['name', '']],
			expect: users(400),
			note: 'an empty name: nothing saved'
		},
		{
			key: 'POST /account?/locale',
			path: '/en/account?/locale',
			fields: [['locale', 'xx']],
			expect: users(400)
		},
		{
			key: 'POST /account?/email',
			path: '/en/account?/email',
			fields: [['email', 'not-an-address']],
			expect: users(400)
		},
		{ key: 'GET /confirm-email/[token]', path: '/en/confirm-email/not-a-real-link', expect: all(404) },
		{ key: 'POST /confirm-email/[token]', path: '/en/confirm-email/not-a-real-link', expect: all(404) },
		{ key: 'GET /confirm-email/done', path: '/en/confirm-email/done', expect: all(200) },
		{ key: 'GET /forgot-password', path: '/en/forgot-password', expect: all(200) },
		{
			key: 'POST /forgot-password',
			path: '/en/forgot-password',
			fields: [['email', 'not-an-address']],
			expect: all(to(303, '/en/forgot-password')),
			note: 'without SMTP (as in the e2e server) the page asks the reader to turn to a coordinator'
		},
		{ key: 'GET /reset-password/[token]', path: '/en/reset-password/not-a-real-link', expect: all(404) },
		{
			key: 'POST /reset-password/[token]',
			path: '/en/reset-password/not-a-real-link',
			fields: [['password', 'a long enough password 1']],
			expect: all(404)
		},
		{ key: 'GET /courses/[course]/search', path: `${coursePath(c)}/search?q=lesson`, expect: users(200) },
		{ key: 'GET /courses/[course]/search', path: '/en/courses/no-such-course/search?q=x', expect: users(404) },
		{
			key: 'GET /teach/courses/[id]/settings',
			path: `/en/teach/courses/${c.id}/settings`,
			expect: authoring(200),
			note: "the course's authors and admins"
		},
		{
			key: 'GET /teach/courses/[id]/settings',
			path: `/en/teach/courses/${UNKNOWN}/settings`,
			expect: authoring(404, 404)
		},
		{
			key: 'POST /teach/courses/[id]/settings',
			path: `/en/teach/courses/${c.id}/settings`,
			fields: [['pass_mark', '1000']],
			expect: authoring(400),
			note: 'an impossible pass mark: nothing saved'
		},
		{
			key: 'POST /teach?/undo',
			path: '/en/teach?/undo',
			fields: [['moved', 'nonsense']],
			expect: authoring(400, 400)
		},
		{
			key: 'POST /teach?/undo',
			path: '/en/teach?/undo',
			fields: [['moved', `lesson:${m1.lessonId}:down:1:000000000000`]],
			expect: authoring(409),
			note: "a stale undo of the course's lesson: refused, nothing moved"
		},
		{
			key: 'POST /teach?/undo',
			path: '/en/teach?/undo',
			fields: [['moved', `module:${UNKNOWN}:down:1:000000000000`]],
			expect: authoring(404, 404)
		},
		{
			key: 'GET /coordinate/certificates/revoke',
			path: `/en/coordinate/certificates/revoke?code=${w.code}`,
			expect: coordination(200)
		},
		{
			key: 'GET /coordinate/certificates/revoke',
			path: '/en/coordinate/certificates/revoke?code=AAAA-BBBB-CCCC',
			expect: coordination(404)
		},
		{
			key: 'POST /coordinate/certificates?/unrevoke',
			path: '/en/coordinate/certificates?/unrevoke',
			fields: [
				['code', w.code],
				['reason', 'Test']
			],
			expect: coordination(409),
			note: 'not revoked'
		},
		{
			key: 'POST /coordinate/certificates?/unrevoke',
			path: '/en/coordinate/certificates?/unrevoke',
			fields: [
				['code', 'AAAA-BBBB-CCCC'],
				['reason', 'Test']
			],
			expect: coordination(404)
		},
		{
			key: 'GET /cohorts/[id]/export/selected',
			path: cohort(taught, `/export/selected?user=${w.ids.learner}`),
			expect: untaughtCohort(200),
			note: 'managing the cohort: trainers read it, but do not export e-mail addresses'
		},
		{
			key: 'GET /cohorts/[id]/export/selected',
			path: cohort(taught, '/export/selected'),
			expect: untaughtCohort(400)
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]/remove',
			path: cohort(taught, `/learners/${w.ids.learner}/remove`),
			expect: untaughtCohort(200)
		},
		{
			key: 'GET /cohorts/[id]/learners/[user]/remove',
			path: cohort(taught, `/learners/${w.ids.learner2}/remove`),
			expect: untaughtCohort(404),
			note: 'IDOR: a learner who is not in the cohort'
		},
		{
			key: 'POST /cohorts/[id]/learners/[user]/remove',
			path: cohort(taught, `/learners/${w.ids.learner2}/remove`),
			expect: untaughtCohort(404),
			note: 'IDOR: a learner who is not in the cohort'
		},
		{
			key: 'POST /cohorts/[id]/learners/[user]?/move',
			path: cohort(taught, `/learners/${w.ids.learner}?/move`),
			fields: [['to', '']],
			expect: untaughtCohort(400)
		},
		{
			key: 'POST /cohorts/[id]/learners/[user]?/move',
			path: cohort(taught, `/learners/${w.ids.learner2}?/move`),
			fields: [['to', String(other.id)]],
			expect: untaughtCohort(404),
			note: 'IDOR: a learner who is not in the cohort'
		},
		{
			key: 'POST /cohorts/[id]/learners/[user]?/link',
			path: cohort(taught, `/learners/${w.ids.learner}?/link`),
			expect: untaughtCohort(403),
			note: 'a learner who set their own password gets no set-password link',
			ownPage: ['coordinator', 'admin']
		},
		{ key: 'GET /cohorts/[id]/messages', path: cohort(taught, '/messages'), expect: untaughtCohort(200) },
		{ key: 'GET /cohorts/[id]/messages', path: cohort(other, '/messages'), expect: untaughtCohort(200) },
		{
			key: 'POST /cohorts/[id]/messages?/send',
			path: cohort(taught, '/messages?/send'),
			fields: [
				['subject', ''],
				['body', '']
			],
			expect: untaughtCohort(400)
		},
		{
			key: 'POST /cohorts/[id]/messages?/remind',
			path: cohort(taught, '/messages?/remind'),
			fields: [['user', 'x']],
			expect: untaughtCohort(400)
		}
	];
	return cases;
}

/** The keys no case covers, and the cases whose key is no longer a route. */
function coverage(cases: MatrixCase[]): { missing: string[]; stale: string[] } {
	const discovered = routeKeys(discoverRoutes());
	const covered = new Set(cases.map((c) => c.key));
	return {
		missing: discovered.filter((k) => !covered.has(k)),
		stale: [...covered].filter((k) => !discovered.includes(k))
	};
}

/** The route pattern of a key as a regular expression over the path (locale prefix and query removed). */
function routePattern(key: string): RegExp {
	const route = key.replace(/^\w+ /, '').replace(/\?\/\w+$/, '');
	const source = route
		.split('/')
		.map((seg) => (/^\[\.\.\.\w+\]$/.test(seg) ? '.+' : /^\[\w+\]$/.test(seg) ? '[^/]+' : escapeRegExp(seg)))
		.join('/');
	return new RegExp(`^${source === '/' ? '/?' : source}$`);
}

function check(expected: Expect, status: number, location: string): boolean {
	if (expected === 'signin') return status === 303 && location.startsWith('/en/signin?next=');
	if (typeof expected === 'number') return status === expected;
	return status === expected.status && expected.to.test(location);
}

function show(expected: Expect): string {
	if (expected === 'signin') return '303 → /en/signin?next=…';
	if (typeof expected === 'number') return String(expected);
	return `${expected.status} → ${expected.to.source}`;
}

async function postContext(actor: Actor, fresh: boolean): Promise<APIRequestContext> {
	if (actor === 'anonymous') return newRequestContext();
	if (fresh) return (await signIn(accounts[actor]!)).ctx;
	// Its own context with the same session, so that cookies an answer sets stay out of the shared one.
	return newRequestContext({ storageState: await clients[actor].ctx.storageState() });
}

async function run(matrixCase: MatrixCase, actor: Actor): Promise<string | null> {
	const method = matrixCase.key.split(' ')[0];
	let status: number;
	let headers: Record<string, string>;
	let body: string;
	if (method === 'GET') {
		const response = await clients[actor].get(matrixCase.path);
		[status, headers, body] = [response.status(), response.headers(), await response.text()];
	} else {
		const ctx = await postContext(actor, Boolean(matrixCase.fresh));
		try {
			const response = await ctx.post(BASE + matrixCase.path, {
				maxRedirects: 0,
				headers: { ...FORM_HEADERS },
				data: formBody(matrixCase.fields ?? [])
			});
			[status, headers, body] = [response.status(), response.headers(), await response.text()];
		} finally {
			await ctx.dispose();
		}
	}
	const expected = matrixCase.expect[actor];
	const location = headers['location'] ?? '';
	const label = `${matrixCase.key.split(' ')[0]} ${matrixCase.path} as ${actor}${matrixCase.note ? ` (${matrixCase.note})` : ''}`;
	if (!check(expected, status, location))
		return `${label}: expected ${show(expected)}, got ${summarise(status, headers, body)}`;
	// A refusal says nothing about what it refused.
	if ((status === 403 || status === 404 || expected === 'signin') && !matrixCase.ownPage?.includes(actor)) {
		const leaked = world.secrets.filter((s) => s.owner !== actor && body.includes(s.value));
		if (leaked.length > 0) return `${label}: the ${status} answer contains ${leaked.map((s) => s.value).join(', ')}`;
	}
	return null;
}

test('every route and form action in src/routes is in the access matrix', async () => {
	const cases = await getCases(world);
	const { missing, stale } = coverage(cases);
	expect(
		missing,
		`Routes or actions without a row in the access matrix (add them with the expected rule for each role after reading their code):\n${missing.join('\n')}`
	).toEqual([]);
	expect(stale, `Matrix rows for routes or actions that no longer exist:\n${stale.join('\n')}`).toEqual([]);
	const misplaced = cases.filter(
		(c) =>
			!routePattern(c.key).test(c.path.replace(/\?.*$/, '').replace(/^\/(en|sq|sr-Latn|sr-Cyrl)(?=\/|$)/, '') || '/')
	);
	expect(
		misplaced.map((c) => `${c.key}: ${c.path}`),
		'case paths that do not match their route'
	).toEqual([]);
	// Every case states every role, and the discovery reads actions of every shape (a regression
	// check of the parser on a route whose actions are arrow functions).
	for (const c of cases) expect(Object.keys(c.expect).sort()).toEqual([...ACTORS].sort());
	expect(routeKeys()).toEqual(
		expect.arrayContaining(['POST /coordinate?/approve', 'POST /coordinate?/decline', 'POST /signin'])
	);
});

test('pages and files (GET) answer each role exactly as the matrix says', async () => {
	// About 1,500 requests since issue 20's pages joined the matrix: two minutes on a busy machine.
	test.setTimeout(300_000);
	const cases = (await getCases(world)).filter((c) => c.key.startsWith('GET '));
	const jobs = cases.flatMap((c) => ACTORS.map((a) => [c, a] as const));
	const failures = (await pool(jobs, 8, ([c, a]) => run(c, a))).filter((f): f is string => f !== null);
	expect(
		failures,
		`${failures.length} of ${jobs.length} requests differ from the matrix:\n${failures.join('\n')}`
	).toEqual([]);
});

test('form actions (POST) answer each role exactly as the matrix says', async () => {
	test.setTimeout(300_000);
	const cases = (await getCases(world)).filter((c) => !c.key.startsWith('GET '));
	// One role after the other within a case, and the cases of a chain in order: some actions change
	// state (deactivate, then reactivate; archive, then restore), all on records made for this test.
	const units = new Map<string, MatrixCase[]>();
	cases.forEach((c, i) => units.set(c.chain ?? `#${i}`, [...(units.get(c.chain ?? `#${i}`) ?? []), c]));
	const failures = (
		await pool([...units.values()], 6, async (unit) => {
			const found: string[] = [];
			for (const c of unit)
				for (const a of ACTORS) {
					const failure = await run(c, a);
					if (failure) found.push(failure);
				}
			return found;
		})
	).flat();
	expect(
		failures,
		`${failures.length} of ${cases.length * ACTORS.length} requests differ from the matrix:\n${failures.join('\n')}`
	).toEqual([]);
	// The state-changing actions left their records as they were.
	expect((await dbGet<{ active: number }>('SELECT active FROM users WHERE id = ?', world.ids.target))?.active).toBe(1);
	expect(
		(await dbGet<{ archived: number }>('SELECT archived FROM cohorts WHERE id = ?', world.cohorts.archive.id))?.archived
	).toBe(0);
	expect((await dbGet<{ role: string }>('SELECT role FROM users WHERE id = ?', world.ids.learner))?.role).toBe(
		'learner'
	);
	expect(
		(await dbGet<{ revoked_at: number | null }>('SELECT revoked_at FROM certificates WHERE code = ?', world.code))
			?.revoked_at
	).toBeNull();
	expect(
		(
			await dbGet<{ n: number }>(
				'SELECT count(*) AS n FROM cohort_members WHERE cohort_id = ? AND user_id = ?',
				world.cohorts.other.id,
				world.ids.learner2
			)
		)?.n
	).toBe(1);
});

test('IDOR: what one person may not open stays closed when only the id is changed', async () => {
	// The matrix covers each case for every role; these are the stories behind the most important
	// ones, spelled out, so that a change in one of them reads clearly in the report.
	const c = world.course;
	const stories: { who: Actor; path: string; method?: 'POST'; fields?: Fields; expected: number; story: string }[] = [
		{
			who: 'learner2',
			path: attemptPath(c, 0, world.attempts.learnerPassed),
			expected: 404,
			story: "learner2 opens learner1's quiz attempt"
		},
		{
			who: 'learner',
			path: attemptPath(c, 0, world.attempts.learner2),
			expected: 404,
			story: "learner1 opens learner2's quiz attempt"
		},
		{
			who: 'trainer',
			path: `/en/cohorts/${world.cohorts.other.id}`,
			expected: 403,
			story: 'a trainer opens a cohort they do not teach'
		},
		{
			who: 'trainer',
			path: `/en/cohorts/${world.cohorts.other.id}/export/matrix`,
			expected: 403,
			story: 'a trainer downloads the matrix of a cohort they do not teach'
		},
		{
			who: 'trainer2',
			path: `/en/teach/lessons/${c.modules[0].lessonId}`,
			expected: 403,
			story: 'a trainer opens the editor of a course they do not author'
		},
		{
			who: 'trainer2',
			path: `/teach/courses/${c.id}/export`,
			expected: 403,
			story: 'a trainer exports a course they do not author'
		},
		{
			who: 'learner2',
			path: `/en/organisations/${world.orgA.slug}/edit`,
			method: 'POST',
			fields: [['name', 'Taken over']],
			expected: 403,
			story: "a member of org B edits org A's profile"
		},
		{
			who: 'learner',
			path: '/en/coordinate/certificates?/revoke',
			method: 'POST',
			fields: [
				['code', world.code],
				['reason', 'Mine to revoke']
			],
			expected: 403,
			story: 'a learner revokes a certificate (their own)'
		},
		{
			who: 'learner',
			path: `/en/admin/users/${world.ids.learner}?/role`,
			method: 'POST',
			fields: [['role', 'admin']],
			expected: 403,
			story: 'a learner makes themself admin'
		},
		{
			who: 'trainer',
			path: '/en/teach?/assign',
			method: 'POST',
			fields: [
				['course', String(c.id)],
				['trainer', String(world.ids.trainer2)]
			],
			expected: 403,
			story: 'a trainer makes another trainer an author'
		},
		{
			who: 'learner',
			path: `/en/cohorts/${world.cohorts.other.id}/members?/add`,
			method: 'POST',
			fields: [['user', String(world.ids.learner)]],
			expected: 403,
			story: 'a learner adds themself to a cohort'
		}
	];
	const failures: string[] = [];
	for (const s of stories) {
		const result = await run(
			{
				key: `${s.method ?? 'GET'} (story)`,
				path: s.path,
				fields: s.fields,
				expect: { ...all(0), [s.who]: s.expected }
			},
			s.who
		);
		if (result) failures.push(`${s.story}: ${result}`);
	}
	expect(failures, failures.join('\n')).toEqual([]);
	// The data export holds the person's own data and nobody else's.
	const data = await (await clients.learner.get('/account/data')).text();
	expect(data).toContain(accounts.learner!.email);
	for (const other of [accounts.learner2!.email, accounts.trainer2!.email, world.learner2Session])
		expect(data, 'the data export of learner1').not.toContain(other);
	// And nothing changed.
	expect((await dbGet<{ name: string }>('SELECT name FROM organisations WHERE id = ?', world.orgA.id))?.name).toBe(
		'Demo Youth Association'
	);
	expect(
		(await dbGet<{ revoked_at: number | null }>('SELECT revoked_at FROM certificates WHERE code = ?', world.code))
			?.revoked_at
	).toBeNull();
	expect((await dbGet<{ role: string }>('SELECT role FROM users WHERE id = ?', world.ids.learner))?.role).toBe(
		'learner'
	);
	expect(
		(
			await dbGet<{ n: number }>(
				'SELECT count(*) AS n FROM course_authors WHERE course_id = ? AND user_id = ?',
				c.id,
				world.ids.trainer2
			)
		)?.n
	).toBe(0);
});
