// The worker's texts (protocol §4). The server's `{L}/offline/texts.json` is what the worker shows; these
// English ones are bundled only for the moments before any course is saved (and the texts with it).

export const TEXT_KEYS = [
	'savedCopy',
	'queued',
	'queuedQuiz',
	'savedCourse',
	'saved',
	'saveFailed',
	'removed',
	'remove',
	'savedCourses',
	'nothingSaved',
	'waitingHeading',
	'nothingWaiting',
	'stateWaiting',
	'stateSignIn',
	'signIn',
	'stateOtherUser',
	'stateRefused',
	'dismiss',
	'sendNow',
	'sent',
	'sentSome',
	'sentHeading',
	'stateSent',
	'seeResult',
	'offlinePage',
	'kindLesson',
	'kindQuiz',
	'sizeKB',
	'sizeMB',
	'serverError',
	'saveSignIn'
] as const;

export type TextKey = (typeof TEXT_KEYS)[number];
export type Texts = Record<TextKey, string>;

export const ENGLISH: Texts = {
	savedCopy: 'Saved copy from {date}',
	queued: 'Saved on this device. It will be sent when you are online.',
	queuedQuiz: 'Your answers are saved on this device. They will be sent, and your result shown, when you are online.',
	savedCourse: 'Saved on this device on {date}: {pages} pages, {size}.',
	saved: 'The course is saved on this device.',
	saveFailed: 'The course could not be saved. Check your connection and try again.',
	removed: 'The course was removed from this device.',
	remove: 'Remove from this device',
	savedCourses: 'Courses saved on this device',
	nothingSaved: 'No course is saved on this device.',
	waitingHeading: 'Waiting to be sent',
	nothingWaiting: 'Nothing is waiting to be sent.',
	stateWaiting: 'Waiting for a connection',
	stateSignIn: 'Sign in to send this',
	signIn: 'Sign in',
	stateOtherUser: 'Saved by another account: sign in as that person to send it',
	stateRefused: 'Not accepted: {reason}',
	dismiss: 'Dismiss',
	sendNow: 'Send now',
	sent: 'Everything waiting was sent.',
	sentSome: '{sent} sent, {left} still waiting.',
	sentHeading: 'Sent from this device',
	stateSent: 'Sent',
	seeResult: 'See the result',
	offlinePage: 'You are offline and this page is not saved on this device.',
	kindLesson: 'Lesson completed: {title}',
	kindQuiz: 'Answers to “{title}”',
	sizeKB: '{size} KB',
	sizeMB: '{size} MB',
	serverError: 'The server could not take this step just now. Try again later with “Send now”.',
	saveSignIn: 'Sign in to save this course on this device.'
};

/** The server's texts checked key by key (bounded strings); a missing or odd one falls back to English. */
export function readTexts(json: unknown): Texts {
	const texts: Texts = { ...ENGLISH };
	const given = (json as { texts?: unknown } | null)?.texts;
	if (!given || typeof given !== 'object') return texts;
	for (const key of TEXT_KEYS) {
		const value = (given as Record<string, unknown>)[key];
		if (typeof value === 'string' && value.length > 0 && value.length <= 500) texts[key] = value;
	}
	return texts;
}
