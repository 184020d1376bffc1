// The pages whose renderings are shared (page-cache.ts), by route id, each with its view: the
// function that computes everything the page shows, which its load returns as the page's data.
import type { RequestEvent } from '@sveltejs/kit';
import { attemptPage, cataloguePage, coursePage, learningPage, lessonPage } from './learner-pages';

/** A shared page's data from its request; throws (a redirect, a 404) where the page does. */
export type PageView<T> = (event: RequestEvent) => Promise<T>;

export const sharedPages: Partial<Record<string, PageView<unknown>>> = {
	'/(learn)/courses': cataloguePage,
	'/(learn)/courses/[course]': coursePage,
	'/(learn)/courses/[course]/[module]/[lesson]': lessonPage,
	'/(learn)/courses/[course]/[module]/quiz/attempts/[attempt]': attemptPage,
	'/(learn)/learning': learningPage
};
