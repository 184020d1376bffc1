// Demo data for a first look: two organisations and one account per role. Created once, on a
// database with no users; never when DEMO=off.
import type { DB } from '../db/client';
import type { Role } from '../../../../db/schema';
import * as users from '../people/users';
import * as organisations from '../people/organisations';
import { createDemoCalls } from './demo-calls';
import * as progress from '../learning/progress';
import * as authoring from '../authoring/lessons';
import { saveProfile, type ProfileInput } from '../volunteering/profiles';

export const DEMO_COURSE = 'outreach';

export interface DemoAccount {
	role: Role;
	name: string;
	email: string;
	password: string;
	organisation: string | null;
}

const ORG_A = {
	name: 'Demo Youth Association',
	municipality: 'Mitrovica North',
	description: 'A fictional youth organisation used to demonstrate CivicSteps.',
	website: '',
	socialLinks: []
};
const ORG_B = {
	name: "Demo Women's Initiative",
	municipality: 'Zvečan',
	description: 'A fictional women’s association used to demonstrate CivicSteps.',
	website: '',
	socialLinks: []
};

export const VOLUNTEER_EMAIL = 'volunteer@example.org';

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{ role: 'admin', name: 'Ana Admin', email: 'admin@example.org', password: 'civic-admin-demo', organisation: null },
	{
		role: 'trainer',
		name: 'Teodora Trainer',
		email: 'trainer@example.org',
		password: 'civic-trainer-demo',
		organisation: null
	},
	{
		role: 'coordinator',
		name: 'Kujtim Coordinator',
		email: 'coordinator@example.org',
		password: 'civic-coordinator-demo',
		organisation: null
	},
	{
		role: 'learner',
		name: 'Jelena Đorđević',
		email: 'learner1@example.org',
		password: 'civic-learner-demo',
		organisation: ORG_A.name
	},
	{
		role: 'learner',
		name: 'Arbër Gashi',
		email: 'learner2@example.org',
		password: 'civic-learner-demo',
		organisation: ORG_B.name
	},
	// A volunteer (issue 18): an ordinary account with a volunteer profile, in no organisation.
	{
		role: 'learner',
		name: 'Vesna Volonter',
		email: VOLUNTEER_EMAIL,
		password: 'civic-volunteer-demo',
		organisation: null
	}
];

/** The demo volunteer's profile: an adult in Zvečan who speaks Serbian and English. */
const VOLUNTEER_PROFILE: ProfileInput = {
	municipality: 'zvecan',
	languages: ['sr', 'en'],
	skills: ['events', 'social-media', 'photo-video'],
	skillsOther: '',
	availability: ['evenings', 'weekends'],
	ageBand: '18-24',
	phone: '',
	guardianName: '',
	guardianContact: ''
};

/** Creates the demo data when the database has no users yet; returns the accounts it made. */
export async function seedDemo(db: DB): Promise<DemoAccount[]> {
	const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (any) return [];
	const organisationId = async (input: typeof ORG_A) => {
		const made = await organisations.createOrganisation(db, input);
		return made.ok
			? made.organisation.id
			: (await db.selectFrom('organisations').select('id').where('name', '=', input.name).executeTakeFirstOrThrow()).id;
	};
	const orgIds: Record<string, number> = {
		[ORG_A.name]: await organisationId(ORG_A),
		[ORG_B.name]: await organisationId(ORG_B)
	};
	// The demo learners are enrolled in the outreach course so that a newcomer sees it at once.
	const course = await db.selectFrom('courses').select('id').where('slug', '=', DEMO_COURSE).executeTakeFirst();
	// The demo learners are confirmed members of their organisations (made by the platform, as an
	// admin would), so that the demo shows a member's view.
	for (const account of DEMO_ACCOUNTS) {
		const user = await users.createUserWithRole(db, {
			...account,
			organisationId: account.organisation ? orgIds[account.organisation] : null
		});
		// The volunteer is not enrolled, so that the demo course's figures stay those of the two learners.
		if (account.email === VOLUNTEER_EMAIL) await saveProfile(db, user.id, VOLUNTEER_PROFILE);
		else if (course && account.role === 'learner') await progress.enrol(db, user.id, course.id);
		if (account.role === 'trainer') {
			// The demo trainer may edit every imported course.
			for (const c of await db.selectFrom('courses').select('id').execute())
				await authoring.assignAuthor(db, c.id, user.id);
		}
	}
	// An approved open call of the first organisation, so that /calls and a volunteer's dashboard show one.
	await createDemoCalls(db);
	return DEMO_ACCOUNTS;
}
