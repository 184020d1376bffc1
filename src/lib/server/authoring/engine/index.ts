// The one versioned-text engine: everything trainers draft and publish in the browser (lessons,
// quizzes, course and module texts) is saved, published, listed, compared, restored and checked for
// translation through it. The kinds' own modules (lessons.ts, quizzes.ts, structure-texts.ts) say
// only what their texts are: their fields, how they render and what makes them valid.
export * from './store';
export * from './texts';
export * from './lifecycle';
export * as translations from './translations';
