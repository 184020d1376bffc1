import type { DB } from '$lib/server/db/client';
import type { SessionUser, ValidSession } from '$lib/server/auth/session';
import type { PageView } from '$lib/server/http/shared-pages';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A heading for the error page when the generic one says too little. */
			title?: string;
			id?: string;
		}
		interface Locals {
			db: DB;
			user: SessionUser | null;
			session: ValidSession | null;
			/** A hook set a cookie on this request (then its response must not come from the page cache). */
			cookiesSet?: boolean;
			/** A shared page's data, when the page cache already worked it out for this request. */
			/** The unread notices count, when the page cache already looked it up for this request. */
			unreadNotices?: number;
			sharedPage?: { view: PageView<unknown>; data: unknown; href: string };
		}
	}
}

export {};
