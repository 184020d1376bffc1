// The JSON columns of quiz_attempts: the learner's answers and the points per question.
import * as v from 'valibot';

/** One answer as stored: an option number, several, true/false, or typed text / an item order. */
export const answerSchema = v.union([v.number(), v.array(v.number()), v.boolean(), v.string()]);
export const answersSchema = v.record(v.string(), answerSchema);
export const resultsSchema = v.record(v.string(), v.number());
