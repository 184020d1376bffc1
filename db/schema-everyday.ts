// The tables of everyday work (issue 20): notice settings, once-only notices, e-mail changes and
// coordinators' messages. Split from schema.ts by domain; the one `Database` type there joins the files.
import type { Generated } from 'kysely';

export interface NoticeSettingTable {
	user_id: number;
	/** A kind from people/notices.ts KINDS. */
	kind: string;
	in_app: Generated<number>;
	by_email: Generated<number>;
}

export interface NoticeSentTable {
	user_id: number;
	/** The occasion, e.g. 'cohort-starting:12'. */
	key: string;
	sent_at: number;
}

export interface EmailChangeTable {
	id: string;
	user_id: number;
	new_email: string;
	secret_hash: Uint8Array;
	expires_at: number;
	used_at: number | null;
	created_at: number;
}

export interface CohortMessageTable {
	id: Generated<number>;
	cohort_id: number;
	sender_id: number | null;
	subject: string;
	body: string;
	created_at: number;
}

export interface CohortMessageRecipientTable {
	message_id: number;
	user_id: number;
}

/** A step a learner's device sent after doing it offline (issue 21), stored once with its answer. */
export interface OfflineOperationTable {
	user_id: number;
	op_id: string;
	kind: 'lesson' | 'quiz';
	course_id: number | null;
	lesson_id: number | null;
	quiz_id: number | null;
	attempt_id: number | null;
	outcome: 'done' | 'refused';
	reason: string | null;
	href: Generated<string>;
	answered_at: number | null;
	received_at: number;
}
