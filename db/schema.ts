// The database as Kysely sees it: one interface per table. Timestamps are integer milliseconds
// since the Unix epoch (UTC), everywhere.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'learner' | 'trainer' | 'coordinator' | 'admin';

export interface OrganisationTable {
	id: Generated<number>;
	slug: string;
	name: string;
	municipality: string;
	description: string;
	website: string;
	/** Social-media profile URLs, one per line. */
	social_links: string;
	created_at: number;
	updated_at: number;
}

export interface UserTable {
	id: Generated<number>;
	email: string;
	name: string;
	password_hash: string;
	role: Role;
	organisation_id: number | null;
	active: Generated<number>;
	created_at: number;
	updated_at: number;
}

export interface SessionTable {
	id: string;
	user_id: number;
	secret_hash: Uint8Array;
	created_at: number;
	last_verified_at: number;
	user_agent: string;
	ip: string;
}

export interface SignInFailureTable {
	key: string;
	failures: number;
	first_failed_at: number;
	locked_until: number;
}

export interface Database {
	organisations: OrganisationTable;
	users: UserTable;
	sessions: SessionTable;
	sign_in_failures: SignInFailureTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
