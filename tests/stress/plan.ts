// The curriculum as the stress run's learners see it, and the quiz forms they send.
import { resolve } from 'node:path';
import { ContentErrors, readCourse } from '../../src/lib/server/catalogue/content/read';
import type { QuestionKey, QuestionText } from '../../src/lib/server/catalogue/content/schema';

export type Step =
	| { kind: 'lesson'; course: string; module: string; lesson: string }
	| { kind: 'quiz'; course: string; module: string; keys: QuestionKey[]; texts: QuestionText[] };

export function readPlan(courses: string[]): Step[] {
	const steps: Step[] = [];
	for (const slug of courses) {
		const course = readCourse(resolve('content', slug), new ContentErrors(process.cwd()));
		if (!course) throw new Error(`cannot read content/${slug}`);
		for (const mod of course.modules) {
			for (const lesson of mod.lessons)
				steps.push({ kind: 'lesson', course: slug, module: mod.slug, lesson: lesson.slug });
			const texts = mod.quiz?.texts.en?.questions;
			if (mod.quiz && texts)
				steps.push({ kind: 'quiz', course: slug, module: mod.slug, keys: mod.quiz.questions, texts });
		}
	}
	return steps;
}

const decode = (s: string) =>
	s
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;|&#x27;|&apos;/g, "'")
		.replace(/&nbsp;|&#160;/g, '\u00a0')
		.replace(/&amp;/g, '&')
		.trim();

/** The form a learner sends for the paper on the page: right answers, or (`wrong`) an attempt that fails. */
export function answerQuiz(
	html: string,
	step: Extract<Step, { kind: 'quiz' }>,
	wrong: boolean
): URLSearchParams | null {
	const submission = /name="submission" value="([a-f0-9]{32})"/.exec(html)?.[1];
	const version = /name="version" value="(\d+)"/.exec(html)?.[1];
	if (!submission || !version) return null;
	const form = new URLSearchParams({ submission, version });
	// Ordering items carry opaque ids; their labels say which item each select is for.
	const labels = new Map<string, string>();
	for (const m of html.matchAll(/<label[^>]*\bfor="(q\.[^".]+\.[^"]+)"[^>]*>([\s\S]*?)<\/label>/g))
		labels.set(m[1], decode(m[2]));
	// Options are posted by an opaque id, in an order drawn per attempt: found by their text.
	const choices = [
		...html.matchAll(/<input type="(?:radio|checkbox)" name="(q\.[^"]+)" value="([^"]+)"[^>]*>([\s\S]*?)<\/label>/g)
	].map((m) => ({ name: m[1], value: m[2], text: decode(m[3]) }));
	const option = (name: string, i: number, n: number) =>
		choices.find((c) => c.name === name && c.text === step.texts[i].options[n - 1])?.value ?? String(n);
	step.keys.forEach((key, i) => {
		const name = `q.${key.id}`;
		// A quiz drawn from a pool asks some of its questions: only those have fields on the page.
		if (!html.includes(`name="${name}"`) && !html.includes(`for="${name}.`)) return;
		switch (key.type) {
			case 'single':
				form.append(name, option(name, i, wrong ? (Number(key.correct) % key.optionCount) + 1 : Number(key.correct)));
				break;
			case 'true_false':
				form.append(name, String(wrong ? !key.correct : Boolean(key.correct)));
				break;
			case 'multiple': {
				const right = key.correct as number[];
				const others = Array.from({ length: key.optionCount }, (_, n) => n + 1).filter((n) => !right.includes(n));
				for (const n of wrong ? (others.length ? others : right.slice(0, 1)) : right)
					form.append(name, option(name, i, n));
				break;
			}
			case 'short_text':
				form.append(name, wrong ? 'no idea' : (key.accepted.en?.[0] ?? ''));
				break;
			case 'ordering': {
				const items = step.texts[i].items;
				for (const [field, text] of labels) {
					if (!field.startsWith(`${name}.`)) continue;
					const index = items.indexOf(text);
					form.append(field, String(wrong ? items.length - index : index + 1));
				}
				break;
			}
		}
	});
	return form;
}
