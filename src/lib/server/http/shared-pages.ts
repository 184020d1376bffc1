// The pages whose renderings the page cache keeps (page-cache.ts), by route id, each with its view:
// the function that computes everything the page shows, which its load returns as the page's data.
//
// A shared page shows nothing of its viewer but what its view returns and the role (the
// navigation): it is rendered without the viewer's name, and viewers whose data is equal share one
// rendering. A personal page also shows who the viewer is (the home page greets them by name): it
// is rendered for the real viewer and kept for that viewer alone.
import type { RequestEvent } from '@sveltejs/kit';
import { attemptPage, cataloguePage, coursePage, learningPage, lessonPage, quizPage } from './learner-pages';
import { calendarPage, eventPage } from './portal-pages';
import { homeView } from './home-page';
import { dashboardPage } from './cohort-pages';

/** A page's data from its request; throws (a redirect, a 404) where the page does. */
export type PageView<T> = (event: RequestEvent) => Promise<T>;

export interface CachedPage {
	view: PageView<unknown>;
	scope: 'shared' | 'personal';
}

const shared = (view: PageView<unknown>): CachedPage => ({ view, scope: 'shared' });
const personal = (view: PageView<unknown>): CachedPage => ({ view, scope: 'personal' });

export const cachedPages: Partial<Record<string, CachedPage>> = {
	'/(public)': personal(homeView),
	// The "add an entry" link depends on the viewer's organisation, which a shared key does not hold.
	'/(public)/calendar': personal(calendarPage),
	// Whether the viewer said they will attend.
	'/(public)/calendar/[id]': personal(eventPage),
	'/(learn)/courses': shared(cataloguePage),
	'/(learn)/courses/[course]': shared(coursePage),
	'/(learn)/courses/[course]/[module]/[lesson]': shared(lessonPage),
	// The form carries a submission key made for this learner's next attempt.
	'/(learn)/courses/[course]/[module]/quiz': personal(quizPage),
	'/(learn)/courses/[course]/[module]/quiz/attempts/[attempt]': shared(attemptPage),
	'/(learn)/learning': shared(learningPage),
	'/(coordinate)/cohorts/[id]': shared(dashboardPage)
};
